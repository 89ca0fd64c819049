// SPDX-License-Identifier: MIT
// The runner's settling and sampling: every wait goes through pump(); after
// a step, settle() waits until the network is quiet; states are sampled and
// emitted, also while an endpoint sleeps or the user reads in step mode.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"

#include "core/callwatchdog.h"
#include "core/clock.h"

#include <algorithm>
#include <netinet/tcp.h>
#include <poll.h>
#include <sstream>

namespace finscope {
namespace {

/// Longest wait for an outstanding ACK or retransmission while settling:
/// above Linux's 200 ms minimum RTO and its delayed-ACK maximum.
constexpr std::int64_t kAwaitAckMs = 600;

/// Step mode: how often the sockets are sampled while waiting for a command.
constexpr int kPauseSampleMs = 200;
/// ... and how often the wire's relay runs meanwhile.
constexpr int kWirePauseMs = 5;

/// A socket waiting for an ACK, with what it waits for.
std::string awaitKey(const SocketSample& s) {
    return s.local + "|" + s.remote + "|" + std::to_string(s.state) + "|" + std::to_string(s.sendQ);
}

} // namespace

/// Nothing can run: let the network settle and see whether a blocked call
/// returned meanwhile (a delayed ACK or a retransmission may wake it).
bool ScenarioRunner::awaitKernelEnd(const std::function<int()>& blocked, std::int64_t forMs) {
    // The relay, the agents' replies and the samples go on while waiting:
    // the call's return, and what led to it, are recorded as they happen.
    const int before = blocked();
    const std::int64_t deadline = monotonicMs() + forMs;
    while (blocked() >= before && monotonicMs() < deadline && !m_stopRequested) {
        pump(5);
        for (auto& ep : m_endpoints) checkBlocked(*ep);
        sampleIfDue();
    }
    return blocked() < before;
}

bool ScenarioRunner::waitForReturn() {
    const std::function<int()> blocked = [this] {
        int n = 0;
        for (const auto& ep : m_endpoints) n += ep->alive && ep->busy && ep->blocked && !isReturning(*ep);
        return n;
    };
    const int before = blocked();
    settle();
    flushBatch();
    finishPostChecks();
    if (blocked() < before) return true;
    if (!awaitUserTimeout(blocked) && !awaitKeepalive(blocked)) return false;
    settle();
    flushBatch();
    finishPostChecks();
    return true;
}

void ScenarioRunner::waitForExit(Endpoint& ep) {
    // The kernel's default action is certain, but the runner must see the
    // death (and the FINs or RSTs its closing sends) within this step.
    std::int64_t deadline = monotonicMs() + 10000;
    while (ep.alive && monotonicMs() < deadline) {
        pump(static_cast<int>(std::min<std::int64_t>(50, m_waitSampler.waitMs(monotonicMs()))));
        sampleIfDue();
    }
}

void ScenarioRunner::waitForOutcome(Endpoint& ep) {
    const CallWatchdog watchdog(realtimeNs());
    while (ep.alive && ep.busy && !ep.blocked) {
        pump(1);
        checkBlocked(ep);
        sampleIfDue();
        if (ep.alive && ep.busy && !ep.blocked && watchdog.overdue(m_slots[ep.slot], realtimeNs())) {
            note("error", CallWatchdog::describe(ep.name));
            m_summary.error = "endpoint '" + ep.name + "' hung";
            m_stopRequested = true;
            return;
        }
    }
}

void ScenarioRunner::waitUntilIdle(Endpoint& ep) {
    // A sleep() or a poll() with a timeout ends by itself, and a blocked call
    // that was just woken is on its way back; a call still asleep would wait
    // for a step that can never run before this one.
    std::int64_t deadline = monotonicMs() + 60000;
    while (ep.alive && ep.busy && (!ep.blocked || isReturning(ep)) && monotonicMs() < deadline) {
        pump(5);
        checkBlocked(ep);
        sampleIfDue();
    }
}

void ScenarioRunner::pump(int timeoutMs) {
    // Every wait comes through here, so a stop is seen within one poll.
    if (!m_summary.stopped && m_options.stopRequested && m_options.stopRequested()) stopByUser("");
    if (m_wire) return pumpWire(timeoutMs);
    std::vector<pollfd> fds;
    std::vector<Endpoint*> owners;
    if (m_capture.isOpen()) {
        fds.push_back({m_capture.selectableFd(), POLLIN, 0});
        owners.push_back(nullptr);
    }
    for (auto& ep : m_endpoints) {
        if (!ep->alive) continue;
        fds.push_back({ep->control, POLLIN, 0});
        owners.push_back(ep.get());
    }
    if (::poll(fds.data(), fds.size(), timeoutMs) <= 0) return;
    for (std::size_t i = 0; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        if (!owners[i]) onSegments(m_capture.takeAvailable());
        else onMessage(*owners[i]);
    }
}

void ScenarioRunner::onSegments(std::vector<TcpSegment>&& segments) {
    for (const auto& seg : segments)
        for (auto& timed : m_states.onSegment(seg)) push(timed.tNs, std::move(timed.body));
}

bool ScenarioRunner::isOurs(const SocketSample& s) const {
    if (m_sandbox.mode == "namespace") return true;
    return m_directory.find(s.inode, s.local, s.remote).has_value();
}

void ScenarioRunner::sampleStates(std::vector<SocketSample>& samples) {
    samples.clear();
    if (!samplerOk()) return;
    for (auto& s : sampleKernel())
        if (isOurs(s)) samples.push_back(std::move(s));
}

void ScenarioRunner::sampleIfDue() {
    if (!m_waitSampler.due(monotonicMs())) return;
    // Everything captured so far goes first, so that derived states never
    // come after a sample that already shows what follows them.
    std::vector<TcpSegment> segments;
    m_capture.flush(segments);
    onSegments(std::move(segments));
    std::vector<SocketSample> samples;
    sampleStates(samples);
    emitStateChanges(samples);
}

void ScenarioRunner::settle() {
    std::vector<SocketSample> samples;
    std::string previous;
    const std::string settledBefore = m_settledKey;
    std::int64_t awaitDeadline = monotonicMs() + kAwaitAckMs + wireSettleExtraMs();
    for (int round = 0; round < 400; ++round) {
        std::vector<TcpSegment> segments;
        bool markerSeen = m_capture.flush(segments);
        bool quiet = segments.empty() && wireQuiet();
        onSegments(std::move(segments));
        pump(0);
        for (auto& ep : m_endpoints) checkBlocked(*ep);
        sampleStates(samples);
        // On a wire, FIN_WAIT1, LAST_ACK or CLOSING last a delay or a hold:
        // every sample that shows a change goes into the trace.
        if (m_wire) emitStateChanges(samples);
        std::ostringstream key;
        for (const auto& s : samples)
            key << s.local << '|' << s.remote << '|' << s.state << '|' << s.recvQ << '|' << s.sendQ << ';';
        if (!markerSeen) note("warning", "the capture did not see its settle marker; packets may be missing");
        // Unacknowledged data or FIN with a retransmit timer running means a
        // packet is still to come: the peer's delayed ACK (Linux delays the
        // ACK of a FIN, tcp_fin() enters pingpong mode) or a retransmission.
        // Waiting for it keeps runs reproducible; the bound keeps a peer that
        // never answers from stalling the run.
        // Only what this step caused: a socket that was already waiting, with
        // the same unacknowledged bytes, when the previous step settled (a
        // SYN an earlier non-blocking connect() retransmits) is an earlier
        // step's timer, and waiting for it would stretch the scenario's own timing.
        // On a wire, a held frame is not in flight: its sender waits for the
        // user, not for the network (and the wire says what is in flight).
        bool awaiting = !wireHolding() && std::any_of(samples.begin(), samples.end(), [&](const SocketSample& s) {
            return s.sendQ > 0 && s.timer == 1 && s.state != TCP_LISTEN && !m_awaitedBefore.count(awaitKey(s));
        });
        awaiting = awaiting || !wireQuiet();
        bool waking = std::any_of(m_endpoints.begin(), m_endpoints.end(),
                                  [&](const auto& ep) { return isReturning(*ep); });
        if (awaiting) awaitDeadline = wireAwaitDeadline(samples, awaitDeadline);
        if ((awaiting || waking) && monotonicMs() < awaitDeadline) {
            pump(5);
            continue;
        }
        m_settledKey = key.str();
        // The sample the last settle ended with counts as the first of the
        // two that must agree when no packet came in since: a step that
        // sent nothing and changed nothing settles in one round.
        const bool unchanged = m_capture.delivered() == m_settledDelivered && m_settledKey == settledBefore;
        if (quiet && ((round > 0 && key.str() == previous) || unchanged)) break;
        previous = key.str();
    }
    m_settledDelivered = m_capture.delivered();
    m_awaitedBefore.clear();
    // While the wire holds frames, a sender waits for the hold, not for a
    // timer: when a later step releases them, what they set going (the held
    // FIN's ACK, delayed or not) is that step's to wait for, every run alike.
    if (!wireHolding())
        for (const auto& s : samples)
            if (s.sendQ > 0 && s.timer == 1) m_awaitedBefore.insert(awaitKey(s));
    emitStateChanges(samples);
}

void ScenarioRunner::emitStateChanges(const std::vector<SocketSample>& samples) {
    for (auto& timed : m_states.releaseDerived()) push(timed.tNs, std::move(timed.body));
    m_waitSampler.sampled(monotonicMs(), samples);
    std::int64_t t = realtimeNs();
    for (auto& e : m_states.onSample(samples, m_directory, m_scenario.endpoints)) push(t, std::move(e));
}

void ScenarioRunner::reapAfterStop() {
    std::int64_t deadline = monotonicMs() + 5000;
    auto anyAlive = [&] { return std::any_of(m_endpoints.begin(), m_endpoints.end(), [](const auto& ep) { return ep->alive; }); };
    while (anyAlive() && monotonicMs() < deadline) pump(20);
    onSegments(m_capture.takeAvailable());
}

std::string ScenarioRunner::awaitCommand() {
    if (!m_options.nextCommand) return "stop";
    for (;;) {
        if (m_options.stopRequested && m_options.stopRequested()) return "stop";
        // On a wire the relay must run while the user reads: frames are due.
        if (auto command = m_options.nextCommand(m_wire ? kWirePauseMs : kPauseSampleMs)) return *command;
        // While the user reads, the sockets live on: a TIME_WAIT runs out, a
        // retransmission fires, a blocked call returns. Show what changed.
        pump(0);
        std::vector<SocketSample> samples;
        sampleStates(samples);
        emitStateChanges(samples);
        if (!m_batch.empty()) flushBatch();
    }
}

} // namespace finscope
