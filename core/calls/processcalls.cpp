// SPDX-License-Identifier: MIT
// The calls about the process itself: signal dispositions, fork and exit.
#include "core/callexecutor.h"

#include "core/calls/stepargs.h"
#include "core/clock.h"

#include <csignal>

namespace finscope {
namespace {

// The disposition `handler`: one that catches the signal and only counts it
// (no SA_RESTART), so that the signal interrupts a blocked call with EINTR.
volatile sig_atomic_t g_handledSignals = 0;
extern "C" void recordSignal(int) { g_handledSignals = g_handledSignals + 1; }

} // namespace

void CallExecutor::doSignal(const Step& step, std::vector<agent::CallRecord>& out) {
    int sig = names::signalValue(nameArg(step, "sig", "SIGPIPE")).value_or(SIGPIPE);
    std::string action = nameArg(step, "action", "SIG_IGN");
    struct sigaction sa{};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = action == "SIG_IGN" ? SIG_IGN : action == "SIG_DFL" ? SIG_DFL : recordSignal;
    Call c{"sigaction", names::signalName(sig) + ", {sa_handler=" + action + "}, NULL", "", false};
    out.push_back(m_recorder.run(c, [&] { return ::sigaction(sig, &sa, nullptr); }));
}

void CallExecutor::doFork(const Step&, std::vector<agent::CallRecord>& out) {
    Call c{"fork", "", "", false};
    auto r = m_recorder.run(c, [&] { return m_forkHook(); });
    if (*r.ret == 0) {
        m_forkedChild = true;  // the child reports nothing for this step: its parent does
        return;
    }
    r.note = "the child is a new endpoint sharing every descriptor";
    out.push_back(r);
}

void CallExecutor::doExit(const Step& step, std::vector<agent::CallRecord>& out) {
    // _exit never returns: the record is sent by the agent before it calls it.
    agent::CallRecord r;
    r.callId = m_recorder.takeCallId();
    r.call = "exit";
    r.args = std::to_string(intArg(step, "status", 0));
    r.tEnterNs = realtimeNs();
    r.note = "the process ends; the kernel closes every descriptor it had";
    out.push_back(r);
}

} // namespace finscope
