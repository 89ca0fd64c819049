// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario/lexer.h"
#include "core/scenario/rawstep.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace finscope::fsc {

/// Recursive descent over one step line's tokens.
class StepParser {
public:
    StepParser(std::string_view line, int lineNo, std::vector<Token> tokens, std::vector<ParseError>& errors)
        : line_(line), lineNo_(lineNo), t_(std::move(tokens)), errors_(errors) {}

    /// Fills `out` as far as the line goes; false on a syntax error (then
    /// `out.step.call` is still set when the call name was read).
    bool parse(RawStep& out);

private:
    const Token& cur() const { return t_[std::min(k_, t_.size() - 1)]; }
    const Token& peek(std::size_t n) const { return t_[std::min(k_ + n, t_.size() - 1)]; }
    SourcePos pos(const Token& t) const { return {lineNo_, t.column}; }

    bool fail(const Token& at, std::string message);
    bool results(RawStep& out);
    bool call(RawStep& out);
    bool closeParen(RawStep& out);
    bool argument(RawArg& a);
    bool value(RawArg& a);
    bool names(RawArg& a);
    bool repeat(RawStep& out);
    bool expectation(RawStep& out);
    bool wire(ExpectItem& item);
    bool state(ExpectItem& item);
    bool word(ExpectItem& item, const std::string& after);
    bool extra(ExpectItem& item);
    std::string_view line_;
    int lineNo_;
    std::vector<Token> t_;
    std::vector<ParseError>& errors_;
    std::size_t k_ = 0;
};

} // namespace finscope::fsc
