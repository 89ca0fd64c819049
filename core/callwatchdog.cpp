// SPDX-License-Identifier: MIT
#include "core/callwatchdog.h"

#include <algorithm>

namespace finscope {

bool CallWatchdog::overdue(const agent::LiveCall& live, std::int64_t nowNs) const {
    std::int64_t inCall = __atomic_load_n(&live.inCall, __ATOMIC_SEQ_CST);
    std::int64_t allowedMs = kGraceMs;
    std::int64_t since = m_startNs;
    if (inCall != 0) {
        // A step can make several calls (epoll_wait makes three): each call
        // gets its own time, counted from when it was entered.
        since = std::max(since, static_cast<std::int64_t>(live.tEnterNs));
        if (live.sleeping) allowedMs += std::max(static_cast<std::int64_t>(live.waitMs), std::int64_t{0});
    } else {
        // Between calls, or back from the last one and reporting it: the
        // grace counts from that return. Counted from the step's start, a
        // poll() that waited its 35 s would be hung the moment it returned.
        since = std::max(since, static_cast<std::int64_t>(__atomic_load_n(&live.tExitNs, __ATOMIC_SEQ_CST)));
    }
    return nowNs - since > allowedMs * 1'000'000;
}

std::string CallWatchdog::describe(const std::string& endpoint) {
    return "'" + endpoint + "' neither returned from its call nor was blocked in it, " +
           std::to_string(kGraceMs / 1000) + " s after the time the call itself may take";
}

} // namespace finscope
