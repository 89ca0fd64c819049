// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenarioparser.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace finscope::fsc {

enum class Tok {
    Name, Integer, String, LParen, RParen, Comma, Equals, Arrow, Pipe, Colon,
    Bracket,  ///< `[...]`: `text` is what is inside, read by its own small grammar (wire=[> F., < .])
    Compare,  ///< `>=`, `>`, `<=`, `<` (in `took >= 1.9s`): `text` is the operator
    Duration, ///< `1.9s`, `200ms`, `50us`, `10ns`: `integer` is nanoseconds
    End
};

struct Token {
    Tok kind = Tok::End;
    std::string text; // a name as written, a string's unescaped bytes, a bracket's content, an operator
    std::int64_t integer = 0;
    std::size_t begin = 0; // byte offsets in the line
    std::size_t end = 0;
    int column = 1;        // of `begin`
};

/// How a token is named in an error message: "'write'", "number 3", "the end of the line".
std::string describe(const Token& t);

/// Splits one line into tokens; a '#' outside a string ends it. Reports the
/// first lexical error and gives up on the line, because what follows a
/// broken string or number cannot be trusted.
class Lexer {
public:
    Lexer(std::string_view line, int lineNo, std::vector<ParseError>& errors)
        : line_(line), lineNo_(lineNo), errors_(errors) {}

    bool run(std::vector<Token>& out);

private:
    // Offsets only grow, so columns are counted incrementally: recounting
    // from the line start for every token would be quadratic on long lines.
    int column(std::size_t offset);
    bool fail(std::size_t at, std::string message);
    bool lexOne(Token& t);
    bool single(Token& t, Tok kind);
    bool name(Token& t);
    bool number(Token& t);
    bool duration(Token& t, std::size_t start, std::uint64_t whole);
    bool bracket(Token& t);
    bool compare(Token& t);
    bool string(Token& t);
    static int hexDigit(char c);
    bool escape(std::string& out);
    std::string_view line_;
    int lineNo_;
    std::vector<ParseError>& errors_;
    std::size_t i_ = 0;
    std::size_t colOffset_ = 0;
    int col_ = 1;
};

} // namespace finscope::fsc
