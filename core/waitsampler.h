// SPDX-License-Identifier: MIT
#pragma once

#include "core/sockdiagsampler.h"

#include <cstdint>
#include <vector>

namespace finscope {

/// When to sample TCP states while the runner waits (an endpoint sleeps,
/// polls with a timeout, or a call is on its way back). The kernel changes
/// states by itself then: a FIN_WAIT2 or TIME_WAIT timer expires, a
/// retransmission gives up. Samples are taken just after the earliest timer
/// sock_diag reported would expire, and at least every kPeriodMs, so such a
/// change is shown when it happened, not when the wait ends.
class WaitSampler {
public:
    static constexpr std::int64_t kPeriodMs = 100;
    /// A timer reported as due but not yet run (the kernel's timer wheel
    /// fires late by up to its granularity): look again this soon.
    static constexpr std::int64_t kRetryMs = 2;

    /// A sample was taken at `nowMs` (monotonic) and showed `samples`.
    void sampled(std::int64_t nowMs, const std::vector<SocketSample>& samples);
    /// True when the next sample is due at `nowMs`.
    bool due(std::int64_t nowMs) const { return nowMs >= m_nextMs; }
    /// Milliseconds until the next sample (0 when due), for poll timeouts.
    std::int64_t waitMs(std::int64_t nowMs) const { return m_nextMs > nowMs ? m_nextMs - nowMs : 0; }

private:
    std::int64_t m_nextMs = 0;
};

} // namespace finscope
