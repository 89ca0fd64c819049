// SPDX-License-Identifier: MIT
// The runner's endpoint processes: starting them, their messages and
// replies, their exits, and telling a blocked call from one passing through.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"

#include "core/clock.h"
#include "core/endpointagent.h"
#include "core/expectationcheck.h"
#include "core/names.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace finscope {
namespace {

char processState(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto paren = text.rfind(')');  // the command name may contain spaces and parentheses
    return paren != std::string::npos && paren + 2 < text.size() ? text[paren + 2] : '?';
}

} // namespace

ScenarioRunner::Endpoint* ScenarioRunner::startEndpoint(const std::string& name, int slot) {
    int channel[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, channel) != 0) return nullptr;
    std::fflush(stdout);
    pid_t pid = ::fork();
    if (pid == 0) {
        // Its own process group: Ctrl+C in the terminal stops the runner,
        // which then ends the endpoints itself, rather than killing them behind its back.
        ::setpgid(0, 0);
        ::close(channel[0]);
        enterWireHost(name);  // a wire run: into its own host, before its first socket
        EndpointAgent::run(m_scenario, channel[1], m_slots, slot);
    }
    ::close(channel[1]);
    if (pid < 0) {
        ::close(channel[0]);
        return nullptr;
    }
    auto ep = std::make_unique<Endpoint>();
    ep->name = name;
    ep->pid = pid;
    ep->control = channel[0];
    ep->slot = slot;
    m_endpoints.push_back(std::move(ep));
    return m_endpoints.back().get();
}

ScenarioRunner::Endpoint* ScenarioRunner::endpointNamed(const std::string& name) {
    for (auto& e : m_endpoints)
        if (e->name == name) return e.get();
    return nullptr;
}

bool ScenarioRunner::isReturning(const Endpoint& ep) const {
    if (!ep.alive || !ep.busy || !ep.blocked) return false;
    std::int64_t id = __atomic_load_n(&m_slots[ep.slot].inCall, __ATOMIC_SEQ_CST);
    return id != ep.blockedCallId || processState(ep.pid) != 'S';
}

void ScenarioRunner::checkBlocked(Endpoint& ep) {
    if (!ep.busy || ep.blocked || !ep.alive) return;
    const agent::LiveCall& live = m_slots[ep.slot];
    std::int64_t id = __atomic_load_n(&live.inCall, __ATOMIC_SEQ_CST);
    if (id == 0 || live.sleeping) {
        ep.candidateCall = 0;
        return;
    }
    if (processState(ep.pid) != 'S') {
        ep.confirmations = 0;
        return;
    }
    // Sleeping inside the call, seen three times with the network drained in
    // between: it is waiting for something, not passing through.
    if (ep.candidateCall != id) {
        ep.candidateCall = id;
        ep.confirmations = 0;
    }
    if (++ep.confirmations < 3) {
        std::vector<TcpSegment> segments;
        m_capture.flush(segments);
        onSegments(std::move(segments));
        return;
    }
    ep.blocked = true;
    ep.blockedCallId = id;
    SyscallEvent e;
    e.callId = id;
    e.endpoint = ep.name;
    e.pid = ep.pid;
    e.call = live.call;
    e.args = live.args;
    e.socket = live.socket;
    e.tEnterNs = live.tEnterNs;
    e.line = live.line;
    e.phase = "blocked";
    e.blocked = true;
    e.note = "the process sleeps in the kernel until this call can complete";
    push(e.tEnterNs, e);
}

void ScenarioRunner::onMessage(Endpoint& ep) {
    std::string message;
    int passed = -1;
    if (!agent::receiveMessage(ep.control, message, &passed)) {
        if (errno != 0) return lostAgent(ep, std::string("its message could not be received: ") + std::strerror(errno));
        return onExit(ep);
    }
    agent::StepReply reply;
    if (!agent::decode(message, reply)) {
        if (passed >= 0) ::close(passed);
        return lostAgent(ep, "it sent a message the runner cannot read");
    }
    // Packets the call caused must be in the trace before its return is
    // interpreted, so that derived states see them in order.
    onSegments(m_capture.takeAvailable());
    onReply(ep, reply, passed);
}

SyscallEvent ScenarioRunner::syscallFrom(const Endpoint& ep, const agent::CallRecord& r) const {
    SyscallEvent e;
    e.callId = r.callId;
    e.endpoint = ep.name;
    e.pid = ep.pid;
    e.call = r.call;
    e.args = r.args;
    e.socket = r.socket;
    e.ret = r.ret;
    if (r.ret && *r.ret == -1) {
        e.errnoName = names::errnoName(r.err);
        e.errnoText = names::errnoMeaning(r.err);
    }
    e.man = names::errnoManPage(r.call, r.ret && *r.ret == -1 ? r.err : 0);
    if (r.staleErrno != 0) {
        e.errnoStale = true;
        e.staleErrno = names::errnoName(r.staleErrno);
    }
    e.tEnterNs = r.tEnterNs;
    if (r.ret) e.tExitNs = r.tExitNs;
    e.result = r.result;
    e.note = r.note;
    return e;
}

void ScenarioRunner::onReply(Endpoint& ep, const agent::StepReply& reply, int passedFd) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(reply.step)];
    for (const auto& r : reply.records) {
        SyscallEvent e = syscallFrom(ep, r);
        e.line = step.pos.line;
        bool wasBlocked = ep.blocked && r.callId == ep.blockedCallId;
        if (wasBlocked) {
            e.phase = "return";
            e.blocked = true;
        }
        push(wasBlocked ? r.tExitNs : r.tEnterNs, e);
        for (const auto& d : r.defined) m_directory.learn(ep.name, d);
        for (const auto& name : r.undefined) m_directory.release(ep.name, name, r.tEnterNs);
        ep.lastCallNs = r.tEnterNs;
        if (r.call == "connect") attributeSyn(ep, r);
        if (r.sigpipe && r.sigpipeDisposition == "default") ep.dying = true;
        if (r.call == "exit") ep.dying = true;
        if (m_sandbox.mode != "namespace" && r.err == EADDRINUSE && r.call == "bind")
            note("warning",
                 "bind() failed with EADDRINUSE on the host's loopback: an earlier run (or another program) "
                 "may hold this port, e.g. a TIME_WAIT socket, which lasts 60 s. In a private namespace (the "
                 "normal mode) every run starts clean.",
                 step.pos.line);
        if (r.sigpipe) {
            bool ignored = r.sigpipeDisposition == "ignore";
            SignalEvent s{ep.name, "SIGPIPE", ignored ? "ignored" : "delivered",
                          ignored ? "ignore" : r.sigpipeDisposition == "handler" ? "handler" : "terminate", r.callId};
            push(r.tExitNs + 1, s);
        }
    }
    for (const auto& d : reply.snapshot) m_directory.learn(ep.name, d);
    if (step.expect && !reply.records.empty()) {
        const std::int64_t start = reply.records.front().tEnterNs;
        ExpectEvent ev = checkExpectation(step, *step.expect, reply.records.back(), ep.blocked, start);
        if (step.expect->needsSettle()) m_postChecks.defer(step, std::move(ev), start);
        else recordExpectation(reply.records.back().tExitNs + 2, std::move(ev));
    }
    ep.busy = false;
    ep.blocked = false;
    ep.candidateCall = 0;
    if (reply.forkPid > 0 && passedFd >= 0 && !step.results.empty()) {
        auto child = std::make_unique<Endpoint>();
        child->name = step.results[0];
        child->pid = reply.forkPid;
        child->control = passedFd;
        child->slot = static_cast<int>(m_endpoints.size());
        for (const auto& d : reply.snapshot) m_directory.learn(child->name, d);
        m_endpoints.push_back(std::move(child));
    } else if (passedFd >= 0) {
        ::close(passedFd);
    }
}

void ScenarioRunner::attributeSyn(const Endpoint& ep, const agent::CallRecord& r) {
    // connect()'s arguments end with the target address: "4, 127.0.0.1:6000".
    auto comma = r.args.rfind(", ");
    if (comma == std::string::npos) return;
    std::string target = r.args.substr(comma + 2);
    for (const auto& e : m_batch) {
        const auto* p = std::get_if<PacketEvent>(&e.body);
        if (p && p->dst == target && p->flags == "S" && e.tNs >= r.tEnterNs && e.tNs <= r.tExitNs)
            m_directory.learnFromWire(ep.name, r.socket, p->src, p->dst);
    }
}

void ScenarioRunner::lostAgent(Endpoint& ep, const std::string& why) {
    // The runner cannot know what the endpoint did: end it, and the run.
    failRun("lost contact with the endpoint process '" + ep.name + "': " + why);
    if (ep.alive) ::kill(ep.pid, SIGKILL);
    if (ep.control >= 0) onExit(ep);
}

void ScenarioRunner::onExit(Endpoint& ep) {
    ::close(ep.control);
    ep.control = -1;
    int status = 0;
    ::waitpid(ep.pid, &status, 0);
    ep.alive = false;
    m_directory.releaseAll(ep.name, ep.lastCallNs);  // the kernel closed every descriptor it had
    if (ep.busy && WIFEXITED(status) && WEXITSTATUS(status) == agent::kExitReplyFailed)
        failRun("the endpoint process '" + ep.name + "' could not send the result of its call to the runner");
    ExitEvent e{ep.name, ep.pid, {}, {}};
    if (WIFEXITED(status)) e.status = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) e.signal = names::signalName(WTERMSIG(status));
    onSegments(m_capture.takeAvailable());
    push(realtimeNs(), e);
    if (ep.blocked) {
        note("info", "'" + ep.name + "' ended while blocked in " + m_slots[ep.slot].call + "(): the call never returned");
        if (ep.currentStep >= 0 && m_scenario.steps[static_cast<std::size_t>(ep.currentStep)].expect &&
            !m_summary.stopped) {
            const Step& st = m_scenario.steps[static_cast<std::size_t>(ep.currentStep)];
            recordExpectation(realtimeNs(), ExpectEvent{st.pos.line, ep.name, false, st.expect->text, "never returned", {}});
        }
    }
    ep.busy = false;
    ep.blocked = false;
}

void ScenarioRunner::stopByUser(const std::string& where) {
    m_summary.stopped = true;
    m_summary.error = "stopped by the user";
    m_stopRequested = true;
    note("info", "stopped by the user" + where);
    // SIGKILL, not SIGTERM: a scenario may catch or ignore SIGTERM, and a
    // blocked call must end now. Their exits come back through pump().
    for (auto& ep : m_endpoints) {
        if (!ep->alive) continue;
        push(realtimeNs(), SignalEvent{ep->name, "SIGKILL", "delivered", "terminate", {}});
        ::kill(ep->pid, SIGKILL);
    }
}

} // namespace finscope
