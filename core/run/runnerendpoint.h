// SPDX-License-Identifier: MIT
#pragma once

#include "core/run/scenariorunner.h"

#include <cstdint>
#include <string>

namespace finscope {

/// One endpoint process as the runner sees it (private to core/run/).
struct ScenarioRunner::Endpoint {
    std::string name;
    int pid = -1;
    int control = -1;
    int slot = 0;
    bool alive = true;
    bool busy = false;                 ///< a step request is outstanding
    int currentStep = -1;
    bool blocked = false;              ///< the outstanding call was reported blocked
    std::int64_t blockedCallId = 0;
    std::int64_t candidateCall = 0;    ///< a call seen sleeping, not yet confirmed blocked
    bool dying = false;                ///< its last call kills it (fatal SIGPIPE, exit())
    int confirmations = 0;
    std::int64_t lastCallNs = 0;       ///< entry of its latest call (or of the kill() sent to it)
};

} // namespace finscope
