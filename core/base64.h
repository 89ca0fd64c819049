// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

/// RFC 4648 base64, for carrying arbitrary bytes inside JSON text (a byte
/// read from a socket need not be valid UTF-8; a JSON number array would
/// cost four times the bytes).
namespace finscope::base64 {

std::string encode(std::string_view bytes);
/// The bytes, or nothing when `text` is not canonical padded base64.
std::optional<std::string> decode(std::string_view text);

} // namespace finscope::base64
