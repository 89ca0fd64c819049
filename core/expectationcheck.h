// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/scenario.h"
#include "core/traceevent.h"

namespace finscope {

/// Compares what a step's call did with what its `=> ...` says. `record` is
/// the step's last real call (listen() ends with listen(2)); `blocked` says
/// whether the runner saw the call block before it returned.
ExpectEvent checkExpectation(const Step& step, const Expectation& expect, const agent::CallRecord& record,
                             bool blocked);

/// What a call did, written in the expectation notation: `-1 EPIPE, SIGPIPE`.
std::string describeOutcome(const agent::CallRecord& record, bool blocked, const Expectation* shape = nullptr);

} // namespace finscope
