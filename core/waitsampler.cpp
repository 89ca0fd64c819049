// SPDX-License-Identifier: MIT
#include "core/waitsampler.h"

#include <algorithm>

namespace finscope {

void WaitSampler::sampled(std::int64_t nowMs, const std::vector<SocketSample>& samples) {
    std::int64_t next = nowMs + kPeriodMs;
    for (const auto& s : samples) {
        if (s.timer == 0) continue;
        // idiag_expires is what is left of the timer, in ms; one more ms
        // puts the sample after the kernel's expiry rather than just before.
        std::int64_t at = nowMs + std::max<std::int64_t>(static_cast<std::int64_t>(s.timerExpiresMs) + 1, kRetryMs);
        next = std::min(next, at);
    }
    m_nextMs = next;
}

} // namespace finscope
