// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/scenario.h"

namespace finscope {

/// The body of an endpoint process: waits for step requests on its control
/// socket, makes the step's real system calls, replies with what happened.
/// Runs in a child of the runner and never returns.
class EndpointAgent {
public:
    /// `controlFd` becomes descriptor 3; every other inherited descriptor
    /// but 0-2 is closed, so the scenario's own descriptors start at 4 and
    /// nothing of the runner's leaks into the lesson.
    [[noreturn]] static void run(const Scenario& scenario, int controlFd, agent::LiveCall* slots, int slot);
};

} // namespace finscope
