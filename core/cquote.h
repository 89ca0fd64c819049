// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace finscope {

/// Bytes as a C string literal (`"ab\n\x00"`), the way a student writes them
/// in a scenario; cut after `limit` bytes with "..." appended.
std::string cQuote(std::string_view bytes, std::size_t limit = std::string_view::npos);

} // namespace finscope
