// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace finscope {

/// simdjson refuses a whole document for an integer beyond 64 bits.
/// nlohmann-json, which read traces before, kept such an integer as a
/// double, so the line was rejected only when the number sat in an integer
/// field ("must be an integer in range") and was read when it sat in an
/// ignored key or a floating field. To keep that, the reader rewrites each
/// such integer as a double (appends ".0") and parses again. Strings are left
/// alone. A number beyond a double (1e400) is not rewritten: nlohmann-json
/// refused the line for it, and so does simdjson.
/// Returns nothing when no number needed a rewrite.
std::optional<std::string> widenWideIntegers(std::string_view json);

} // namespace finscope
