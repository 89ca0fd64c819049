// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/causeattributor.h"
#include "core/packetcapture.h"
#include "core/poststepcheck.h"
#include "core/sandbox.h"
#include "core/scenario.h"
#include "core/socketdirectory.h"
#include "core/sockdiagsampler.h"
#include "core/statetracker.h"
#include "core/traceevent.h"
#include "core/waitsampler.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace finscope {

class WireRun;

struct RunOptions {
    /// Step mode: before each step, emit a `pause` event and ask
    /// `nextCommand` for "next", "run" or "stop". It waits at most
    /// `timeoutMs` and returns nullopt when no command came in that time:
    /// meanwhile the runner keeps sampling the sockets (they live on while
    /// the user reads).
    bool stepMode = false;
    std::function<std::optional<std::string>(int timeoutMs)> nextCommand;
    /// Polled in every wait of the runner: true once the user asked the run
    /// to stop (SIGINT, SIGTERM). The runner then kills the endpoints, which
    /// interrupts a blocked call, and ends with a summary marked stopped.
    std::function<bool()> stopRequested;
};

/// Runs a scenario: one process per endpoint, packets captured on the
/// loopback, states sampled with sock_diag, and after every step it waits
/// until the network has settled. Emits the trace through `emit`, in time
/// order, a batch per step. Call after enterSandbox(), single-threaded.
class ScenarioRunner {
public:
    using Emit = std::function<void(const TraceEvent&)>;

    ScenarioRunner(const Scenario& scenario, const SandboxResult& sandbox, RunOptions options, Emit emit);
    ~ScenarioRunner();
    ScenarioRunner(const ScenarioRunner&) = delete;
    ScenarioRunner& operator=(const ScenarioRunner&) = delete;

    /// Returns the summary (also emitted as the last event).
    SummaryEvent run();

private:
    struct Endpoint;

    void startCapture();
    void shiftPorts();
    Endpoint* startEndpoint(const std::string& name, int slot);
    void runStep(int index);
    void runKill(int index, Endpoint& ep);
    /// Step mode: asks before step `index`; false when the run stops there.
    bool pauseBefore(int index);
    // Scheduling (core/stepscheduler.h): a together: block, a wait for a
    // blocked call, a step a deadlock kept from running.
    void runTogether(const std::vector<int>& indices);
    bool waitForReturn();
    void notRun(int index, const std::string& why, bool deadlock = true);
    Endpoint* endpointNamed(const std::string& name);
    /// Finishes the wire=/state=/orphan= checks of returned steps (after settling).
    void finishPostChecks();
    void waitForOutcome(Endpoint& ep);
    void waitForExit(Endpoint& ep);
    void waitUntilIdle(Endpoint& ep);
    void settle();
    /// The user asked to stop: note it, mark the summary, kill the endpoints.
    void stopByUser(const std::string& where);
    /// After a stop: wait until every killed endpoint is reaped, so its exit is in the trace.
    void reapAfterStop();
    /// Step mode: waits for the next command, sampling states meanwhile.
    std::string awaitCommand();
    /// Samples states while waiting, when the kernel's timers say a change may be due.
    void sampleIfDue();
    // core/run/runnerusertimeout.cpp: a blocked call the kernel will end.
    /// The largest TCP_USER_TIMEOUT (ms) the scenario sets, 0 if none.
    std::int64_t longestUserTimeoutMs() const;
    /// Nothing can run: wait (within the user timeout) for the kernel to end
    /// a blocked call by giving up on unacknowledged data; true if one returned.
    bool awaitUserTimeout(const std::function<int()>& blocked);
    // core/run/runnerkeepalive.cpp: an idle connection the kernel will end.
    /// idle + count x interval (ms) of the scenario's keepalive, 0 if SO_KEEPALIVE is never set.
    std::int64_t longestKeepaliveMs() const;
    /// Nothing can run: wait (within that bound, if short) for keepalive to
    /// end a blocked call on an idle connection; true if one returned.
    bool awaitKeepalive(const std::function<int()>& blocked);
    /// Runs the relay, replies and samples for up to `forMs` while a blocked
    /// call is expected to be ended by the kernel; true if one returned.
    bool awaitKernelEnd(const std::function<int()>& blocked, std::int64_t forMs);
    void pump(int timeoutMs);
    void onMessage(Endpoint& ep);
    void onReply(Endpoint& ep, const agent::StepReply& reply, int passedFd);
    void onExit(Endpoint& ep);
    /// The runner–agent channel broke: an error of the run, never a hang.
    void lostAgent(Endpoint& ep, const std::string& why);
    void failRun(const std::string& why);
    void attributeSyn(const Endpoint& ep, const agent::CallRecord& r);
    void onSegments(std::vector<TcpSegment>&& segments);
    void checkBlocked(Endpoint& ep);
    /// A blocked call that has been woken and is on its way back.
    bool isReturning(const Endpoint& ep) const;
    void sampleStates(std::vector<SocketSample>& samples);
    void emitStateChanges(const std::vector<SocketSample>& samples);
    void push(std::int64_t tNs, EventBody body);
    void note(const std::string& level, const std::string& text, int line = 0);
    /// Every expectation checked goes through here, so the summary counts it.
    void recordExpectation(std::int64_t tNs, ExpectEvent ev);
    void flushBatch();
    void finishExpectations();
    SyscallEvent syscallFrom(const Endpoint& ep, const agent::CallRecord& r) const;
    bool isOurs(const SocketSample& s) const;
    // A wire run (core/run/runnerwire.cpp): hosts, relay, wire steps and commands.
    void startWire();
    void enterWireHost(const std::string& endpoint) const;
    void pumpWire(int timeoutMs);
    void syncWire();
    bool wireQuiet();
    bool wireHolding() const;
    std::int64_t wireSettleExtraMs() const;
    /// On a wire a segment can be lost: settling waits for the kernel's
    /// retransmission timer too (a SYN's is 1 s), within a bound.
    std::int64_t wireAwaitDeadline(const std::vector<SocketSample>& samples, std::int64_t deadlineMs) const;
    void beforeEmitWire(TraceEvent& e);
    void runWireStep(int index);
    /// Step mode: `deliver N`, `drop N`, `release`; false for other commands.
    bool wireCommand(const std::string& command, int index);
    /// sock_diag of the run: the sandbox's namespace, or every host of the wire.
    std::vector<SocketSample> sampleKernel();
    bool samplerOk() const;

    const Scenario& m_scenario;
    SandboxResult m_sandbox;
    RunOptions m_options;
    Emit m_emit;
    PacketCapture m_capture;
    std::string m_captureMode;
    SockDiagSampler m_sampler;
    WaitSampler m_waitSampler;
    std::set<std::string> m_awaitedBefore;  ///< sockets already awaiting an ACK when the last step settled
    std::string m_settledKey;               ///< the sample the last settle ended with
    std::uint64_t m_settledDelivered = 0;   ///< segments the capture had delivered then
    StateTracker m_states;
    SocketDirectory m_directory;
    agent::LiveCall* m_slots = nullptr;
    int m_mapErrno = 0;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    std::vector<TraceEvent> m_batch;
    CauseAttributor m_causes;           ///< causes and why of every event, keyed until flushed
    std::int64_t m_nextId = 0;
    std::int64_t m_nextCallId = 1;
    SummaryEvent m_summary;
    PostStepCheck m_postChecks;
    int m_packets = 0;
    bool m_stopRequested = false;
    std::unique_ptr<WireRun> m_wire;    ///< set on a wire run only
};

} // namespace finscope
