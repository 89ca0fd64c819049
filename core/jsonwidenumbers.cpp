// SPDX-License-Identifier: MIT
#include "core/jsonwidenumbers.h"

#include <cstdint>
#include <limits>

namespace finscope {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNumberChar(char c) { return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'; }

/// A JSON integer ("-"? digits, no leading zero) that a 64-bit integer
/// cannot hold: above 2^64-1, or below -2^63.
bool isWideInteger(std::string_view token) {
    const bool negative = !token.empty() && token.front() == '-';
    const std::string_view digits = negative ? token.substr(1) : token;
    if (digits.empty() || (digits.size() > 1 && digits.front() == '0')) return false;
    for (char c : digits)
        if (!isDigit(c)) return false;   // "1e5", "0.5": a double already
    std::uint64_t value = 0;
    for (char c : digits) {
        const auto d = std::uint64_t(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return true;
        value = value * 10 + d;
    }
    return negative && value > std::uint64_t(std::numeric_limits<std::int64_t>::max()) + 1;
}

} // namespace

std::optional<std::string> widenWideIntegers(std::string_view json) {
    std::string out;
    bool changed = false;
    std::size_t copied = 0;
    for (std::size_t i = 0; i < json.size();) {
        if (json[i] == '"') {   // skip a string, escapes included
            for (++i; i < json.size() && json[i] != '"'; ++i)
                if (json[i] == '\\') ++i;
            ++i;
            continue;
        }
        if (!isDigit(json[i]) && json[i] != '-') { ++i; continue; }
        std::size_t end = i;
        while (end < json.size() && isNumberChar(json[end])) ++end;
        const std::string_view token = json.substr(i, end - i);
        if (isWideInteger(token)) {
            out.append(json.substr(copied, i - copied)).append(token).append(".0");
            copied = end;
            changed = true;
        }
        i = end;
    }
    if (!changed) return std::nullopt;
    out.append(json.substr(copied));
    return out;
}

} // namespace finscope
