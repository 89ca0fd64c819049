// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"
#include "core/scenario.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace finscope {

/// Makes the real system calls of one scenario step inside an endpoint
/// process, and records each one: arguments, return value, errno, clock
/// around the call. Lives only in endpoint processes (see EndpointAgent).
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
    std::vector<agent::Definition> snapshot() const;

    /// True in a forked child right after the fork step returned in it.
    bool isForkedChild() const { return m_forkedChild; }
    void clearForkedChild() { m_forkedChild = false; }
    /// A forked child publishes its calls in its own shared-memory slot.
    void setLive(agent::LiveCall* live) { m_live = live; }

private:
    struct Call;  // one syscall in flight: see callexecutor.cpp
    agent::CallRecord run(Call& call, const std::function<long()>& syscall);
    void define(agent::CallRecord& record, const std::string& name, int fd, bool listening = false);
    static agent::Definition describe(const std::string& name, int fd, bool listening);
    int fdOf(const Step& step) const;

    void doSocket(const Step&, std::vector<agent::CallRecord>&);
    void doListen(const Step&, std::vector<agent::CallRecord>&);
    void doBind(const Step&, std::vector<agent::CallRecord>&);
    void doConnect(const Step&, std::vector<agent::CallRecord>&);
    void doDisconnect(const Step&, int fd, std::vector<agent::CallRecord>&);
    void doAccept(const Step&, std::vector<agent::CallRecord>&);
    void doClose(const Step&, std::vector<agent::CallRecord>&);
    void doShutdown(const Step&, std::vector<agent::CallRecord>&);
    void doWrite(const Step&, std::vector<agent::CallRecord>&);
    void doRead(const Step&, std::vector<agent::CallRecord>&);
    void doSetsockopt(const Step&, std::vector<agent::CallRecord>&);
    void doGetsockopt(const Step&, std::vector<agent::CallRecord>&);
    void doFcntl(const Step&, std::vector<agent::CallRecord>&);
    void doPoll(const Step&, std::vector<agent::CallRecord>&);
    void doEpoll(const Step&, std::vector<agent::CallRecord>&);
    void doSignal(const Step&, std::vector<agent::CallRecord>&);
    void doSleep(const Step&, std::vector<agent::CallRecord>&);
    void doPair(const Step&, std::vector<agent::CallRecord>&);
    void doFork(const Step&, std::vector<agent::CallRecord>&);
    void doExit(const Step&, std::vector<agent::CallRecord>&);

    agent::LiveCall* m_live;
    ForkHook m_forkHook;
    std::map<std::string, int> m_fds;   ///< scenario name → descriptor
    std::map<std::string, bool> m_listening;
    int m_errno = 0;                    ///< the program's errno, carried across steps as a C program's is
    std::int64_t* m_nextCallId = nullptr;
    int m_line = 0;
    bool m_forkedChild = false;
};

/// "127.0.0.1:5000", "[::1]:5000"; "" when the descriptor is not an inet socket.
std::string localAddress(int fd);
std::string remoteAddress(int fd);

} // namespace finscope
