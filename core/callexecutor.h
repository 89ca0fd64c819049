// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/calls/descriptortable.h"
#include "core/calls/syscallrecorder.h"
#include "core/scenario.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace finscope {

/// Makes the real system calls of one scenario step inside an endpoint
/// process, and records each one: arguments, return value, errno, clock
/// around the call. Lives only in endpoint processes (see EndpointAgent).
/// The calls are grouped by kind in core/calls/*calls.cpp; recording one
/// call is SyscallRecorder's job, naming descriptors DescriptorTable's.
class CallExecutor {
public:
    /// fork() is the agent's business (it must set up a control channel for
    /// the child); the executor only asks for it. Returns the child's pid in
    /// the parent, 0 in the child, -1 with errno on failure.
    using ForkHook = std::function<long()>;

    CallExecutor(agent::LiveCall* live, ForkHook forkHook);

    /// Runs one step. Call ids are taken from `nextCallId`, which advances.
    std::vector<agent::CallRecord> execute(const Step& step, std::int64_t& nextCallId);

    /// Added to every port a scenario names. On the host's loopback, ports
    /// are shared with earlier runs (a TIME_WAIT lasts 60 s) and other
    /// programs; in a private namespace the shift is 0.
    static void setPortShift(int shift);
    /// Wire runs: `127.0.0.1` as the scenario writes it means this host's
    /// wire address when bound, and the address of the host listening on
    /// the port when connected to (`otherHost` for a port nobody binds).
    static void setWireAddresses(std::string ownHost, std::map<int, std::string> hostByPort, std::string otherHost);

    /// Every open descriptor, with what the kernel says about it now.
    std::vector<agent::Definition> snapshot() const { return m_descriptors.snapshot(); }

    /// True in a forked child right after the fork step returned in it.
    bool isForkedChild() const { return m_forkedChild; }
    void clearForkedChild() { m_forkedChild = false; }
    /// A forked child publishes its calls in its own shared-memory slot.
    void setLive(agent::LiveCall* live) { m_recorder.setLive(live); }

private:
    using Call = SyscallRecorder::Call;
    int fdOf(const Step& step) const { return m_descriptors.fdOf(step.fd); }

    // One function a call (or a family of calls, as write and send); each
    // makes its calls through m_recorder and appends their records.
    // core/calls/connectioncalls.cpp
    void doSocket(const Step&, std::vector<agent::CallRecord>&);
    int implicitSocket(int family, const std::string& name, const char* partOf, bool listening,
                       std::vector<agent::CallRecord>& out);
    void doListen(const Step&, std::vector<agent::CallRecord>&);
    void doBind(const Step&, std::vector<agent::CallRecord>&);
    void doConnect(const Step&, std::vector<agent::CallRecord>&);
    void doDisconnect(const Step&, int fd, std::vector<agent::CallRecord>&);
    void doAccept(const Step&, std::vector<agent::CallRecord>&);
    void doPair(const Step&, std::vector<agent::CallRecord>&);
    void doClose(const Step&, std::vector<agent::CallRecord>&);
    void doShutdown(const Step&, std::vector<agent::CallRecord>&);
    // core/calls/datacalls.cpp
    void doWrite(const Step&, std::vector<agent::CallRecord>&);
    void doRead(const Step&, std::vector<agent::CallRecord>&);
    // core/calls/optioncalls.cpp
    void doSetsockopt(const Step&, std::vector<agent::CallRecord>&);
    void doGetsockopt(const Step&, std::vector<agent::CallRecord>&);
    void doFcntl(const Step&, std::vector<agent::CallRecord>&);
    // core/calls/waitcalls.cpp
    void doPoll(const Step&, std::vector<agent::CallRecord>&);
    void doEpoll(const Step&, std::vector<agent::CallRecord>&);
    void doSleep(const Step&, std::vector<agent::CallRecord>&);
    // core/calls/processcalls.cpp
    void doSignal(const Step&, std::vector<agent::CallRecord>&);
    void doFork(const Step&, std::vector<agent::CallRecord>&);
    void doExit(const Step&, std::vector<agent::CallRecord>&);

    SyscallRecorder m_recorder;
    DescriptorTable m_descriptors;
    ForkHook m_forkHook;
    bool m_forkedChild = false;
};

} // namespace finscope
