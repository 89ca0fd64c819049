// SPDX-License-Identifier: MIT
// A call blocked on an idle connection that no step can wake: with
// SO_KEEPALIVE on, the kernel probes the peer after TCP_KEEPIDLE seconds of
// silence, every TCP_KEEPINTVL seconds, and after TCP_KEEPCNT unanswered
// probes ends the connection with ETIMEDOUT (tcp(7)). The runner waits for
// that rather than reporting a deadlock, when the scenario's own timings
// make it short; with the defaults (7200 s, 75 s, 9) it is not waited for.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"

#include "core/clock.h"
#include "core/scenarioparser.h"

#include <algorithm>
#include <netinet/tcp.h>

namespace finscope {
namespace {

/// tcp(7): net.ipv4.tcp_keepalive_time, _intvl and _probes by default.
constexpr std::int64_t kDefaultIdleS = 7200;
constexpr std::int64_t kDefaultIntervalS = 75;
constexpr std::int64_t kDefaultCount = 9;
/// The longest keepalive bound waited for (as long as the longest sleep()).
constexpr std::int64_t kLongestWaitMs = 120'000;

} // namespace

std::int64_t ScenarioRunner::longestKeepaliveMs() const {
    bool on = false;
    std::int64_t idle = 0, interval = 0, count = 0;   // the largest each, 0 if never set
    for (const Step& s : m_scenario.steps) {
        if (s.call != "setsockopt") continue;
        const Value* option = findArg(s, "option");
        const Value* value = findArg(s, "value");
        if (!option || option->names.empty() || !value || value->kind != Value::Kind::Integer) continue;
        const std::string& name = option->names[0];
        if (name == "SO_KEEPALIVE") on = on || value->integer != 0;
        else if (name == "TCP_KEEPIDLE") idle = std::max(idle, value->integer);
        else if (name == "TCP_KEEPINTVL") interval = std::max(interval, value->integer);
        else if (name == "TCP_KEEPCNT") count = std::max(count, value->integer);
    }
    if (!on) return 0;
    if (idle == 0) idle = kDefaultIdleS;
    if (interval == 0) interval = kDefaultIntervalS;
    if (count == 0) count = kDefaultCount;
    return (idle + interval * count) * 1000;
}

bool ScenarioRunner::awaitKeepalive(const std::function<int()>& blocked) {
    // The keepalive timer fires late by at most a timer tick, and the relay
    // and the agent need scheduling: one more second covers both.
    constexpr std::int64_t kSlackMs = 1000;
    const std::int64_t boundMs = longestKeepaliveMs();
    if (boundMs <= 0 || boundMs > kLongestWaitMs) return false;
    std::vector<SocketSample> samples;
    sampleStates(samples);
    // idiag_timer 2: the keepalive timer is pending on a connected socket.
    const bool probing = std::any_of(samples.begin(), samples.end(), [](const SocketSample& s) {
        return s.timer == 2 && s.state == TCP_ESTABLISHED;
    });
    if (!probing) return false;
    return awaitKernelEnd(blocked, boundMs + kSlackMs);
}

} // namespace finscope
