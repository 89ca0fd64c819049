// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario/rawstep.h"
#include "core/scenarioparser.h"

#include <string>
#include <vector>

namespace finscope::fsc {

/// Checks what comes after `=>` on a step line, and stores it in the step's
/// Expectation: the errno name, signals, blocked, revents=, value=, data=.
class ExpectValidator {
public:
    explicit ExpectValidator(std::vector<ParseError>& errors) : errors_(errors) {}

    /// Fills raw.step.expect from raw.expect, reporting each mistake.
    void check(RawStep& raw);

private:
    void error(SourcePos p, std::string message) { errors_.push_back({p, std::move(message)}); }
    void checkErrno(RawExpect& x);
    void checkExtra(const Step& s, ExpectItem& item, Expectation& e);
    void checkSignal(const ExpectItem& item, Expectation& e);
    static std::string unknownExtra(const std::string& word);
    void checkRevents(const Step& s, const ExpectItem& item, Expectation& e);
    void checkOptValue(const Step& s, const ExpectItem& item, Expectation& e);

    std::vector<ParseError>& errors_;
};

} // namespace finscope::fsc
