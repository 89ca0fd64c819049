// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"

#include <cstdint>
#include <string>

namespace finscope {

/// Decides when a step's call is hung: it neither returned nor was seen
/// blocked. A call that waits by its own arguments (sleep(45), poll with a
/// 35 s timeout) gets that time first: the limit follows what the step
/// asked for, then a grace period for the call's way back.
class CallWatchdog {
public:
    static constexpr std::int64_t kGraceMs = 30'000;

    /// Starts watching a step sent at `startNs` (CLOCK_REALTIME).
    explicit CallWatchdog(std::int64_t startNs) : m_startNs(startNs) {}

    /// True when the endpoint publishing `live` is overdue at `nowNs`.
    bool overdue(const agent::LiveCall& live, std::int64_t nowNs) const;

    /// One sentence for the trace: what was waited for, and how long.
    static std::string describe(const std::string& endpoint);

private:
    std::int64_t m_startNs;
};

} // namespace finscope
