// SPDX-License-Identifier: MIT
#include "core/scenario/lexer.h"

#include "core/scenario/parsetext.h"

#include <limits>

namespace finscope::fsc {

std::string describe(const Token& t) {
    switch (t.kind) {
    case Tok::Name: return "'" + t.text + "'";
    case Tok::Integer: return "number " + std::to_string(t.integer);
    case Tok::Bracket: return "'['";
    case Tok::Compare: return "'" + t.text + "'";
    case Tok::Duration: return "a duration";
    case Tok::String: return "a string";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::Comma: return "','";
    case Tok::Equals: return "'='";
    case Tok::Arrow: return "'=>'";
    case Tok::Pipe: return "'|'";
    case Tok::Colon: return "':'";
    case Tok::End: return "the end of the line";
    }
    return "?";
}

bool Lexer::run(std::vector<Token>& out) {
    std::size_t lastEnd = i_;
    while (true) {
        while (i_ < line_.size() && (isSpace(line_[i_]) || line_[i_] == '\r')) ++i_;
        if (i_ >= line_.size() || line_[i_] == '#') break;
        Token t;
        t.begin = i_;
        t.column = column(i_);
        if (!lexOne(t)) return false;
        t.end = i_;
        lastEnd = i_;
        out.push_back(std::move(t));
    }
    // The end sits right after the last token: where a missing ')' belongs.
    Token end;
    end.begin = end.end = lastEnd;
    end.column = column(lastEnd);
    out.push_back(end);
    return true;
}

int Lexer::column(std::size_t offset) {
    if (offset < colOffset_) return columnOf(line_, offset);
    for (; colOffset_ < offset && colOffset_ < line_.size(); ++colOffset_)
        if ((static_cast<unsigned char>(line_[colOffset_]) & 0xC0) != 0x80) ++col_;
    return col_;
}

bool Lexer::fail(std::size_t at, std::string message) {
    errors_.push_back({{lineNo_, columnOf(line_, at)}, std::move(message)});
    return false;
}

bool Lexer::lexOne(Token& t) {
    const char c = line_[i_];
    switch (c) {
    case '(': return single(t, Tok::LParen);
    case ')': return single(t, Tok::RParen);
    case ',': return single(t, Tok::Comma);
    case '|': return single(t, Tok::Pipe);
    case ':': return single(t, Tok::Colon);
    case '=':
        if (i_ + 1 < line_.size() && line_[i_ + 1] == '>') {
            t.kind = Tok::Arrow;
            i_ += 2;
            return true;
        }
        return single(t, Tok::Equals);
    case '"': return string(t);
    case '[': return bracket(t);
    case '<':
    case '>': return compare(t);
    case '~':
        if (line_.substr(i_ + 1, 10) == "O_NONBLOCK")
            return fail(i_, "'~O_NONBLOCK' is written BLOCKING");
        return fail(i_, "unexpected character '~'");
    default: break;
    }
    if (c == '-' || isDigit(c)) return number(t);
    if (isNameStart(c)) return name(t);
    return fail(i_, "unexpected character '" + printable(c) + "'");
}

bool Lexer::single(Token& t, Tok kind) {
    t.kind = kind;
    ++i_;
    return true;
}

bool Lexer::name(Token& t) {
    const std::size_t start = i_;
    while (i_ < line_.size() && isNameChar(line_[i_])) ++i_;
    t.kind = Tok::Name;
    t.text = std::string(line_.substr(start, i_ - start));
    return true;
}

bool Lexer::number(Token& t) {
    const std::size_t start = i_;
    const bool negative = line_[i_] == '-';
    if (negative) ++i_;
    if (i_ >= line_.size() || !isDigit(line_[i_])) return fail(start, "expected a number after '-'");
    std::uint64_t value = 0;
    const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    bool overflow = false;
    for (; i_ < line_.size() && isDigit(line_[i_]); ++i_) {
        const auto digit = static_cast<std::uint64_t>(line_[i_] - '0');
        if (value > (limit - digit) / 10) overflow = true;
        else value = value * 10 + digit;
    }
    if (i_ < line_.size() && isNameChar(line_[i_])) {
        std::size_t e = i_;
        while (e < line_.size() && isNameChar(line_[e])) ++e;
        if (!negative && !overflow) return duration(t, start, value);
        return fail(start, "bad number '" + std::string(line_.substr(start, e - start)) + "'");
    }
    if (i_ + 1 < line_.size() && line_[i_] == '.' && isDigit(line_[i_ + 1]) && !negative && !overflow)
        return duration(t, start, value);
    if (overflow) return fail(start, "number out of range");
    t.kind = Tok::Integer;
    t.integer = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
    return true;
}

// `1.9s`, `200ms`: a number with a unit, used by `took >= 1.9s`. Written
// with a unit so that nobody has to guess whether 2 means seconds or ms.
bool Lexer::duration(Token& t, std::size_t start, std::uint64_t whole) {
    std::uint64_t fraction = 0;
    std::uint64_t scale = 1;
    if (line_[i_] == '.') {
        for (++i_; i_ < line_.size() && isDigit(line_[i_]); ++i_) {
            if (scale >= 1'000'000'000) continue;  // finer than a nanosecond is noise
            fraction = fraction * 10 + static_cast<std::uint64_t>(line_[i_] - '0');
            scale *= 10;
        }
    }
    std::size_t e = i_;
    while (e < line_.size() && isNameChar(line_[e])) ++e;
    const std::string_view unit = line_.substr(i_, e - i_);
    const std::string written(line_.substr(start, e - start));
    std::uint64_t perUnit = 0;
    if (unit == "s") perUnit = 1'000'000'000;
    else if (unit == "ms") perUnit = 1'000'000;
    else if (unit == "us") perUnit = 1'000;
    else if (unit == "ns") perUnit = 1;
    else if (unit.empty()) return fail(start, "'" + written + "' needs a unit: s, ms, us or ns, as in 1.9s");
    else return fail(start, "bad number '" + written + "'");
    // At most a day: far beyond any scenario, and no overflow below it.
    if (whole > 86400ULL * 1'000'000'000ULL / perUnit) return fail(start, "duration out of range");
    t.kind = Tok::Duration;
    t.integer = static_cast<std::int64_t>(whole * perUnit + fraction * perUnit / scale);
    t.text = written;
    i_ = e;
    return true;
}

/// `[...]` up to the matching `]`, kept as text: the wire list has its own
/// grammar (flags such as `F.` are no names of this one).
bool Lexer::bracket(Token& t) {
    const std::size_t open = i_;
    const std::size_t close = line_.find(']', open);
    if (close == std::string_view::npos) return fail(open, "missing ']' to close '['");
    t.kind = Tok::Bracket;
    t.text = std::string(line_.substr(open + 1, close - open - 1));
    i_ = close + 1;
    return true;
}

bool Lexer::compare(Token& t) {
    t.kind = Tok::Compare;
    t.text = std::string(1, line_[i_++]);
    if (i_ < line_.size() && line_[i_] == '=') t.text += line_[i_++];
    return true;
}

bool Lexer::string(Token& t) {
    const std::size_t open = i_++;
    t.kind = Tok::String;
    while (i_ < line_.size() && line_[i_] != '"') {
        if (line_[i_] != '\\') {
            t.text += line_[i_++];
            continue;
        }
        if (!escape(t.text)) return false;
    }
    if (i_ >= line_.size()) return fail(open, "unterminated string (missing closing '\"')");
    ++i_;
    return true;
}

int Lexer::hexDigit(char c) {
    if (isDigit(c)) return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool Lexer::escape(std::string& out) {
    const std::size_t at = i_++;
    if (i_ >= line_.size()) return fail(at, "unterminated string (missing closing '\"')");
    const char e = line_[i_++];
    switch (e) {
    case 'n': out += '\n'; return true;
    case 'r': out += '\r'; return true;
    case 't': out += '\t'; return true;
    case '\\': out += '\\'; return true;
    case '"': out += '"'; return true;
    case '0': out += '\0'; return true;
    case 'x': {
        const int hi = i_ < line_.size() ? hexDigit(line_[i_]) : -1;
        const int lo = i_ + 1 < line_.size() ? hexDigit(line_[i_ + 1]) : -1;
        if (hi < 0 || lo < 0) return fail(at, "'\\x' needs two hex digits, as in \\x0a");
        out += static_cast<char>(hi * 16 + lo);
        i_ += 2;
        return true;
    }
    default:
        return fail(at, "unknown escape '\\" + printable(e) + "' (use \\n \\r \\t \\\\ \\\" \\0 or \\xHH)");
    }
}

} // namespace finscope::fsc
