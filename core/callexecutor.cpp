// SPDX-License-Identifier: MIT
// The executor's frame: it blocks SIGPIPE for the calls, and dispatches a
// step to the function that makes its calls (core/calls/*calls.cpp).
#include "core/callexecutor.h"

#include "core/loopbackguard.h"
#include "core/releasegate.h"
#include "core/steploop.h"

#include <csignal>

namespace finscope {

CallExecutor::CallExecutor(agent::LiveCall* live, ForkHook forkHook)
    : m_recorder(live), m_forkHook(std::move(forkHook)) {
    // SIGPIPE stays blocked while calls run, so that a call that raises it
    // can be recorded (sigpending) before its disposition acts; the agent
    // unblocks it right after, and the default action then kills for real.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

std::vector<agent::CallRecord> CallExecutor::execute(const Step& step, std::int64_t& nextCallId) {
    m_recorder.beginStep(nextCallId, step.pos.line);
    std::vector<agent::CallRecord> out;
    using Handler = void (CallExecutor::*)(const Step&, std::vector<agent::CallRecord>&);
    static const std::map<std::string, Handler> handlers = {
        {"socket", &CallExecutor::doSocket},         {"listen", &CallExecutor::doListen},
        {"bind", &CallExecutor::doBind},             {"connect", &CallExecutor::doConnect},
        {"accept", &CallExecutor::doAccept},         {"close", &CallExecutor::doClose},
        {"shutdown", &CallExecutor::doShutdown},     {"write", &CallExecutor::doWrite},
        {"send", &CallExecutor::doWrite},            {"read", &CallExecutor::doRead},
        {"recv", &CallExecutor::doRead},             {"setsockopt", &CallExecutor::doSetsockopt},
        {"getsockopt", &CallExecutor::doGetsockopt}, {"fcntl", &CallExecutor::doFcntl},
        {"poll", &CallExecutor::doPoll},             {"epoll_wait", &CallExecutor::doEpoll},
        {"signal", &CallExecutor::doSignal},         {"sleep", &CallExecutor::doSleep},
        {"usleep", &CallExecutor::doSleep},
        {"socketpair", &CallExecutor::doPair},       {"pipe", &CallExecutor::doPair},
        {"fork", &CallExecutor::doFork},             {"exit", &CallExecutor::doExit},
    };
    auto it = handlers.find(step.call);
    if (it == handlers.end()) return out;
    if (!refusedAddress(step).empty()) return out;  // defence in depth: the runner refuses such a step first
    if (step.together) ReleaseGate::shared().pass();  // prepared: wait for the others of the block
    if (step.repeat)
        return StepLoop::run(step, [&] {
            std::vector<agent::CallRecord> pass;
            (this->*(it->second))(step, pass);
            return pass;
        });
    (this->*(it->second))(step, out);
    return out;
}

} // namespace finscope
