// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/packetcapture.h"
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
#include <set>
#include <string>
#include <vector>

namespace finscope {

struct RunOptions {
    /// Step mode: before each step, emit a `pause` event and ask
    /// `nextCommand` for "next", "run" or "stop".
    bool stepMode = false;
    std::function<std::string()> nextCommand;
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
    void waitForOutcome(Endpoint& ep);
    void waitForExit(Endpoint& ep);
    void waitUntilIdle(Endpoint& ep);
    void settle();
    /// Samples states while waiting, when the kernel's timers say a change may be due.
    void sampleIfDue();
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

    const Scenario& m_scenario;
    SandboxResult m_sandbox;
    RunOptions m_options;
    Emit m_emit;
    PacketCapture m_capture;
    std::string m_captureMode;
    SockDiagSampler m_sampler;
    WaitSampler m_waitSampler;
    std::set<std::string> m_awaitedBefore;  ///< sockets already awaiting an ACK when the last step settled
    StateTracker m_states;
    SocketDirectory m_directory;
    agent::LiveCall* m_slots = nullptr;
    int m_mapErrno = 0;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    std::vector<TraceEvent> m_batch;
    std::int64_t m_nextId = 0;
    std::int64_t m_nextCallId = 1;
    SummaryEvent m_summary;
    int m_packets = 0;
    bool m_stopRequested = false;
};

} // namespace finscope
