// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/scenario.h"
#include "core/traceevent.h"

#include <string>
#include <vector>

namespace finscope {

/// Compares what a step's call did with what its `=> ...` says. `record` is
/// the step's last real call (listen() ends with listen(2)); `blocked` says
/// whether the runner saw the call block before it returned; `startNs` is
/// when the step's first call entered the kernel (for `took`; 0: the
/// record's own entry). Signals are strict: a SIGPIPE the expectation does
/// not name fails it. wire=, state= and orphan= are not looked at here: see
/// PostStepCheck.
ExpectEvent checkExpectation(const Step& step, const Expectation& expect, const agent::CallRecord& record,
                             bool blocked, std::int64_t startNs = 0);

/// What a call did, written in the expectation notation: `-1 EPIPE, SIGPIPE`.
std::string describeOutcome(const agent::CallRecord& record, bool blocked, const Expectation* shape = nullptr,
                            std::int64_t startNs = 0);

/// `1.9s`, `250ms`, `80us`: a duration as an expectation writes it.
std::string formatDuration(std::int64_t ns);

/// Whether the segments seen match `wire=[...]` (direction, flags, and the
/// length where written), and the seen ones written in the same notation.
bool wireMatches(const std::vector<WirePattern>& expected, const std::vector<WirePattern>& seen);
std::string describeWire(const std::vector<WirePattern>& seen);

} // namespace finscope
