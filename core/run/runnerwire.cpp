// SPDX-License-Identifier: MIT
// The runner on a wire (docs/engine.md, "The wire"): starting the hosts,
// pumping the relay in every wait, the wire's steps, turning the relay's
// record into the trace, and the step-mode commands deliver / drop / release.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"
#include "core/run/wirerun.h"

#include "core/clock.h"

#include <netinet/tcp.h>
#include <poll.h>

#include <charconv>

namespace finscope {

void ScenarioRunner::startWire() {
    m_captureMode = "wire";
    if (m_sandbox.mode != "namespace") {
        m_summary.error = "this scenario asks for a wire, which needs the private network namespace the runner "
                          "could not get here: " + m_sandbox.note;
        return;
    }
    m_wire = std::make_unique<WireRun>();
    if (std::string e = m_wire->start(m_scenario); !e.empty()) {
        m_summary.error = "cannot start the wire: " + e;
        m_wire.reset();
    }
}

void ScenarioRunner::enterWireHost(const std::string& endpoint) const {
    if (!m_wire) return;
    if (std::string e = m_wire->enterHost(endpoint); !e.empty()) {
        std::fprintf(stderr, "finscope: endpoint '%s' cannot enter its host on the wire: %s\n", endpoint.c_str(),
                     e.c_str());
        ::_exit(agent::kExitReplyFailed);
    }
}

std::vector<SocketSample> ScenarioRunner::sampleKernel() {
    return m_wire ? m_wire->sample() : m_sampler.sample();
}

bool ScenarioRunner::samplerOk() const { return m_wire ? m_wire->samplersOk() : m_sampler.ok(); }

void ScenarioRunner::pumpWire(int timeoutMs) {
    // The relay waits for frames, due deliveries and the endpoints' messages
    // in one ppoll(): a delay is a deadline of that wait, never a sleep.
    std::vector<int> fds;
    std::vector<Endpoint*> owners;
    for (auto& ep : m_endpoints) {
        if (!ep->alive) continue;
        fds.push_back(ep->control);
        owners.push_back(ep.get());
    }
    const bool woken = m_wire->relay().pollOnce(std::int64_t{timeoutMs} * 1'000'000, fds);
    syncWire();
    if (!woken) return;
    std::vector<pollfd> ready;
    for (int fd : fds) ready.push_back({fd, POLLIN, 0});
    if (::poll(ready.data(), ready.size(), 0) <= 0) return;
    for (std::size_t i = 0; i < ready.size(); ++i)
        if (ready[i].revents) onMessage(*owners[i]);
}

void ScenarioRunner::syncWire() {
    if (!m_wire) return;
    for (auto& timed : m_wire->collect(m_states)) push(timed.tNs, std::move(timed.body));
}

bool ScenarioRunner::wireQuiet() {
    if (!m_wire) return true;
    syncWire();
    return m_wire->quiet();
}

bool ScenarioRunner::wireHolding() const { return m_wire && m_wire->holding(); }

std::int64_t ScenarioRunner::wireSettleExtraMs() const { return m_wire ? m_wire->extraSettleMs() : 0; }

std::int64_t ScenarioRunner::wireAwaitDeadline(const std::vector<SocketSample>& samples, std::int64_t deadlineMs) const {
    // A retransmission answered across the wire comes back one round trip
    // after the timer fires. A timer further than 3 s away (backed off
    // after several losses) is not waited for: the peer is taken as gone,
    // and a scenario about that waits in its own steps.
    constexpr std::uint32_t kLongestTimerMs = 3000;
    if (!m_wire || m_wire->holding()) return deadlineMs;
    const std::int64_t now = monotonicMs();
    std::int64_t until = deadlineMs;
    for (const auto& s : samples)
        if (s.sendQ > 0 && s.timer == 1 && s.state != TCP_LISTEN && s.timerExpiresMs <= kLongestTimerMs)
            until = std::max(until, now + std::int64_t{s.timerExpiresMs} + wireSettleExtraMs() / 2 + 50);
    return until;
}

void ScenarioRunner::beforeEmitWire(TraceEvent& e) {
    if (!m_wire) return;
    if (auto* p = std::get_if<PacketEvent>(&e.body)) m_wire->beforeEmit(*p);
}

void ScenarioRunner::runWireStep(int index) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    if (!pauseBefore(index)) return;
    push(realtimeNs(), StepEvent{index, step.pos.line, step.endpoint, step.text});
    if (!m_wire) {
        note("error", "the wire is not running; line " + std::to_string(step.pos.line) + " was not run", step.pos.line);
        return flushBatch();
    }
    m_wire->apply(*step.wire);
    settle();
    flushBatch();
}

bool ScenarioRunner::wireCommand(const std::string& command, int index) {
    const std::string verb = command.substr(0, command.find(' '));
    if (verb != "deliver" && verb != "drop" && verb != "release") return false;
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    auto repause = [&] {
        PauseEvent p{index, step.pos.line};
        if (m_wire) p.held = m_wire->held();
        push(realtimeNs(), p);
        flushBatch();
    };
    if (!m_wire) {
        note("warning", "'" + command + "' works only on a wire run; this run is on loopback");
        repause();
        return true;
    }
    bool done = true;
    if (verb == "release") {
        m_wire->relay().releaseHeld();
    } else {
        std::uint64_t id = 0;
        const std::string number = command.size() > verb.size() ? command.substr(verb.size() + 1) : "";
        const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), id);
        const bool parsed = ec == std::errc() && end == number.data() + number.size() && !number.empty();
        done = parsed && (verb == "deliver" ? m_wire->relay().release(id) : m_wire->relay().dropHeld(id));
        if (!done)
            note("warning", parsed ? "frame " + number + " is not held on the wire"
                                   : "'" + verb + "' needs the id of a held frame, as in '" + verb + " 3'");
    }
    if (done) settle();
    flushBatch();
    repause();
    return true;
}

} // namespace finscope
