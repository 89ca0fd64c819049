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
    /// `descriptors`: the names state(x)= may use on this step.
    void check(RawStep& raw, const std::vector<std::string>& descriptors);

private:
    void error(SourcePos p, std::string message) { errors_.push_back({p, std::move(message)}); }
    void checkErrno(RawExpect& x);
    void checkExtra(const Step& s, ExpectItem& item, Expectation& e);
    void checkSignal(const ExpectItem& item, Expectation& e);
    static std::string unknownExtra(const std::string& word);
    void checkRevents(const Step& s, const ExpectItem& item, Expectation& e);
    void checkOptValue(const Step& s, const ExpectItem& item, Expectation& e);
    void checkNoSignal(const ExpectItem& item, Expectation& e);
    void checkWire(const ExpectItem& item, Expectation& e);
    void checkState(const Step& s, const ExpectItem& item, Expectation& e);
    void checkOrphan(const Step& s, const ExpectItem& item, Expectation& e);
    bool stateSocket(const Step& s, const ExpectItem& item, Expectation& e);

    std::vector<ParseError>& errors_;
    const std::vector<std::string>* descriptors_ = nullptr;
};

} // namespace finscope::fsc
