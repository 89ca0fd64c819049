// SPDX-License-Identifier: MIT
#pragma once

#include "core/names.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// Small text helpers shared by the lexer, the grammar and the validator of
/// the scenario format (docs/scenario-format.md).
namespace finscope::fsc {

/// Header keys; they cannot name an endpoint.
inline const std::vector<std::string> kHeaderKeys = {"title", "group", "summary", "about"};

inline bool isSpace(char c) { return c == ' ' || c == '\t'; }
inline bool isDigit(char c) { return c >= '0' && c <= '9'; }
inline bool isNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
inline bool isNameChar(char c) { return isNameStart(c) || isDigit(c) || c == '-'; }

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (isSpace(s.front()) || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (isSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Columns count characters, not bytes, so that they match what an editor
// shows for UTF-8 text; a tab is one column.
inline int columnOf(std::string_view line, std::size_t offset) {
    int col = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
}

inline std::string joinOr(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

inline std::string joinComma(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

inline std::string didYouMean(std::string_view wrong, const std::vector<std::string>& candidates) {
    const std::string s = names::suggest(wrong, candidates);
    return s.empty() ? "" : " (did you mean " + s + "?)";
}

inline std::string printable(char c) {
    if (c > 32 && c < 127) return std::string(1, c);
    static const char* digits = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("\\x") + digits[u >> 4] + digits[u & 15];
}

} // namespace finscope::fsc
