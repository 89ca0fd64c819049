// SPDX-License-Identifier: MIT
#include "core/calls/syscallrecorder.h"

#include "core/clock.h"

#include <cerrno>
#include <csignal>
#include <cstdio>

namespace finscope {
namespace {

std::string dispositionOf(int sig) {
    struct sigaction sa{};
    ::sigaction(sig, nullptr, &sa);
    if (sa.sa_handler == SIG_IGN) return "ignore";
    if (sa.sa_handler == SIG_DFL) return "default";
    return "handler";
}

} // namespace

void SyscallRecorder::beginStep(std::int64_t& nextCallId, int line) {
    m_nextCallId = &nextCallId;
    m_line = line;
}

agent::CallRecord SyscallRecorder::run(const Call& call, const std::function<long()>& syscall) {
    agent::CallRecord r;
    r.callId = takeCallId();
    r.call = call.name;
    r.args = call.args;
    r.socket = call.socket;
    std::snprintf(m_live->call, sizeof m_live->call, "%s", call.name.c_str());
    std::snprintf(m_live->args, sizeof m_live->args, "%s", call.args.c_str());
    std::snprintf(m_live->socket, sizeof m_live->socket, "%s", call.socket.c_str());
    m_live->sleeping = call.sleeping;
    m_live->waitMs = call.waitMs;
    m_live->line = m_line;
    r.tEnterNs = realtimeNs();
    m_live->tEnterNs = r.tEnterNs;
    __atomic_store_n(&m_live->inCall, r.callId, __ATOMIC_SEQ_CST);

    // The call sees the errno the program's last call left, as in C: a call
    // that succeeds may still change it, and the trace shows that as stale.
    errno = m_errno;
    long ret = syscall();
    int after = errno;

    r.tExitNs = realtimeNs();
    __atomic_store_n(&m_live->tExitNs, r.tExitNs, __ATOMIC_SEQ_CST);
    __atomic_store_n(&m_live->inCall, 0, __ATOMIC_SEQ_CST);
    r.ret = ret;
    if (ret == -1) r.err = after;
    else if (after != 0) r.staleErrno = after;
    m_errno = after;

    // SIGPIPE is blocked while calls run (see CallExecutor's constructor),
    // so a call that raised it leaves it pending here.
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
        r.sigpipe = true;
        r.sigpipeDisposition = dispositionOf(SIGPIPE);
    }
    return r;
}

} // namespace finscope
