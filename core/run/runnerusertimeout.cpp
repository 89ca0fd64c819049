// SPDX-License-Identifier: MIT
// A call blocked behind unacknowledged data that no step can wake: with
// TCP_USER_TIMEOUT set, the kernel itself ends it (ETIMEDOUT) once the data
// has waited that long (tcp(7)), so the runner waits for the kernel rather
// than reporting a deadlock. Without the option the kernel's own bound is
// tcp_retries2 (about 15 minutes): that is not waited for.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"

#include "core/clock.h"
#include "core/scenarioparser.h"

#include <algorithm>
#include <netinet/tcp.h>

namespace finscope {

std::int64_t ScenarioRunner::longestUserTimeoutMs() const {
    std::int64_t longest = 0;
    for (const Step& s : m_scenario.steps) {
        if (s.call != "setsockopt") continue;
        const Value* option = findArg(s, "option");
        const Value* value = findArg(s, "value");
        if (!option || option->names.empty() || option->names[0] != "TCP_USER_TIMEOUT") continue;
        if (value && value->kind == Value::Kind::Integer) longest = std::max(longest, value->integer);
    }
    return longest;
}

bool ScenarioRunner::awaitUserTimeout(const std::function<int()>& blocked) {
    // The kernel checks the user timeout when its retransmission timer
    // fires, and clamps that timer to the time left (since Linux 4.19):
    // one more second covers the scheduling of the relay and the agent.
    constexpr std::int64_t kSlackMs = 1000;
    const std::int64_t timeoutMs = longestUserTimeoutMs();
    if (timeoutMs <= 0) return false;
    std::vector<SocketSample> samples;
    sampleStates(samples);
    const bool retransmitting = std::any_of(samples.begin(), samples.end(), [](const SocketSample& s) {
        return s.sendQ > 0 && s.timer == 1 && s.state != TCP_LISTEN;
    });
    if (!retransmitting) return false;
    return awaitKernelEnd(blocked, timeoutMs + kSlackMs);
}

} // namespace finscope
