// SPDX-License-Identifier: MIT
#include "core/endpointagent.h"

#include "core/callexecutor.h"
#include "core/capabilitydrop.h"
#include "core/scenarioparser.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace finscope {
namespace {

constexpr int kControlFd = 3;

/// An endpoint must not outlive its runner: one blocked in recv() forever
/// would otherwise stay behind when the GUI stops a run.
void dieWithRunner(pid_t runner) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != runner) ::_exit(0);  // the runner died before prctl took effect
}

void detachFromRunner(int controlFd) {
    // Standard output carries the trace: an endpoint must never write there.
    int devnull = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        ::dup2(devnull, 0);
        ::dup2(devnull, 1);
    }
    if (controlFd != kControlFd) ::dup2(controlFd, kControlFd);
    ::syscall(SYS_close_range, kControlFd + 1, ~0U, 0U);
    ::signal(SIGPIPE, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
}

void unblockSigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

void reblockSigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

} // namespace

void EndpointAgent::run(const Scenario& scenario, int controlFd, agent::LiveCall* slots, int slot) {
    const pid_t runner = ::getppid();
    dieWithRunner(runner);
    detachFromRunner(controlFd);
    dropEndpointCapabilities();  // best effort: without capabilities to drop there is nothing to do
    int control = kControlFd;
    int childSlot = -1;
    int passToRunner = -1;

    // fork() as a scenario step: the child is made a child of the runner
    // (CLONE_PARENT), so the runner reaps it and sees how it died, exactly
    // as for the other endpoints. Otherwise it is fork(): a copy of the
    // process sharing every open file description.
    auto forkHook = [&]() -> long {
        if (childSlot < 0 || childSlot >= agent::kMaxEndpoints) {
            errno = EAGAIN;  // the runner refuses such a fork() before it is asked; never write past the slots
            return -1;
        }
        int channel[2];
        if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) != 0) return -1;
        long pid = ::syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
        int saved = errno;
        if (pid == 0) {
            dieWithRunner(runner);  // CLONE_PARENT: the runner is this child's parent too
            ::dup2(channel[1], kControlFd);
            ::close(channel[0]);
            ::close(channel[1]);
            slot = childSlot;
        } else {
            ::close(channel[1]);
            if (pid > 0) passToRunner = channel[0];
            else ::close(channel[0]);
        }
        errno = saved;
        return pid;
    };

    CallExecutor executor(&slots[slot], forkHook);
    std::string message;
    for (;;) {
        if (!agent::receiveMessage(control, message)) ::_exit(0);  // the runner is gone
        agent::StepRequest request;
        if (!agent::decode(message, request) || request.step < 0 ||
            request.step >= static_cast<int>(scenario.steps.size()))
            ::_exit(3);
        const Step& step = scenario.steps[static_cast<std::size_t>(request.step)];
        childSlot = request.forkSlot;
        std::int64_t nextCallId = request.firstCallId;

        agent::StepReply reply;
        reply.step = request.step;
        reply.records = executor.execute(step, nextCallId);
        if (executor.isForkedChild()) {
            executor.clearForkedChild();
            executor.setLive(&slots[slot]);  // descriptor names are inherited, as the descriptors are
            continue;  // the parent reports the fork; the child waits for its own steps
        }
        bool killedBySigpipe = false;
        for (const auto& r : reply.records) {
            if (r.call == "fork" && r.ret && *r.ret > 0) reply.forkPid = static_cast<int>(*r.ret);
            if (r.sigpipe && r.sigpipeDisposition == "default") killedBySigpipe = true;
        }
        if (!killedBySigpipe) {
            unblockSigpipe();  // an ignored or handled SIGPIPE is consumed here
            reblockSigpipe();
        }
        reply.snapshot = executor.snapshot();
        if (!agent::sendMessage(control, agent::encode(reply), passToRunner)) {
            // Never a silent hang: the runner sees this exit status while it waits.
            std::fprintf(stderr, "finscope: endpoint process %d could not send the result of step %d: %s\n",
                         static_cast<int>(::getpid()), request.step, std::strerror(errno));
            ::_exit(agent::kExitReplyFailed);
        }
        if (passToRunner >= 0) ::close(passToRunner);
        passToRunner = -1;
        if (killedBySigpipe) {
            unblockSigpipe();  // the default action: the kernel kills this process now
            ::_exit(125);      // not reached
        }
        if (step.call == "exit") {
            const Value* status = findArg(step, "status");
            ::_exit(status && status->kind == Value::Kind::Integer ? static_cast<int>(status->integer) : 0);
        }
    }
}

} // namespace finscope
