// SPDX-License-Identifier: MIT
// The runner's step execution: one step, a together: block released at
// once, a kill() sent by the runner, a pause in step mode, a step that
// could not run, and the checks that wait for the network to settle.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"
#include "core/run/wirerun.h"

#include "core/clock.h"
#include "core/expectationcheck.h"
#include "core/loopbackguard.h"
#include "core/names.h"
#include "core/releasegate.h"
#include "core/scenarioparser.h"
#include "core/steploop.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <map>
#include <set>

namespace finscope {
namespace {

/// How the process would take `sig`: "ignore", "handler", "blocked" or "default".
std::string dispositionInProc(int pid, int sig) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    auto has = [&](const std::string& value) {
        unsigned long long mask = std::stoull(value, nullptr, 16);
        return (mask >> (sig - 1)) & 1ULL;
    };
    std::string result = "default";
    while (std::getline(in, line)) {
        if (line.rfind("SigIgn:", 0) == 0 && has(line.substr(7))) result = "ignore";
        if (line.rfind("SigCgt:", 0) == 0 && has(line.substr(7))) result = "handler";
    }
    return result;
}

} // namespace

void ScenarioRunner::runStep(int index) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    if (step.wire) return runWireStep(index);
    if (!pauseBefore(index)) return;
    Endpoint* ep = nullptr;
    for (auto& e : m_endpoints)
        if (e->name == step.endpoint) ep = e.get();
    auto skip = [&](const std::string& why) {
        note("error", why, step.pos.line);
        if (step.expect) {
            recordExpectation(realtimeNs(),
                              ExpectEvent{step.pos.line, step.endpoint, false, step.expect->text, "not run: " + why, {}});
        }
        flushBatch();
    };
    if (!ep) return skip("endpoint '" + step.endpoint + "' does not exist (did its fork() fail?)");
    if (auto refused = refusedAddress(step); !refused.empty()) {
        failRun("line " + std::to_string(step.pos.line) + ": " + refused);
        return flushBatch();
    }
    if (step.call == "fork" && m_endpoints.size() >= static_cast<std::size_t>(agent::kMaxEndpoints)) {
        failRun("line " + std::to_string(step.pos.line) + ": fork() would make endpoint process number " +
                std::to_string(m_endpoints.size() + 1) + "; a run can have at most " +
                std::to_string(agent::kMaxEndpoints));
        return flushBatch();
    }
    if (step.call != "kill") waitUntilIdle(*ep);
    if (!ep->alive) return skip("'" + step.endpoint + "' has already exited; line " + std::to_string(step.pos.line) +
                                " was not run");
    if (ep->busy && step.call != "kill") return skip("'" + step.endpoint + "' is still blocked in its call from an earlier line, so line " +
                              std::to_string(step.pos.line) + " could not run");
    push(realtimeNs(), StepEvent{index, step.pos.line, step.endpoint, step.text});
    if (step.call == "kill") {
        runKill(index, *ep);
    } else {
        agent::StepRequest request{index, -1, m_nextCallId};
        m_nextCallId += StepLoop::callIdRange(step);
        if (step.call == "fork") request.forkSlot = static_cast<int>(m_endpoints.size());
        ep->busy = agent::sendMessage(ep->control, agent::encode(request));
        ep->currentStep = index;
        if (!ep->busy) lostAgent(*ep, std::string("the step could not be sent to it: ") + std::strerror(errno));
        waitForOutcome(*ep);
        if (ep->dying) waitForExit(*ep);
    }
    settle();
    flushBatch();
}

bool ScenarioRunner::pauseBefore(int index) {
    if (!m_options.stepMode) return true;
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    PauseEvent pause{index, step.pos.line};
    if (m_wire) pause.held = m_wire->held();
    push(realtimeNs(), pause);
    flushBatch();
    std::string command = awaitCommand();
    while (wireCommand(command, index)) command = awaitCommand();
    if (command == "run") m_options.stepMode = false;
    else if (command != "next") {
        // The endpoints' ends follow; run() flushes once they are reaped, in time order.
        if (!m_summary.stopped) stopByUser(" before line " + std::to_string(step.pos.line));
        return false;
    }
    return true;
}

/// The steps of a together: block: each endpoint gets its step and waits at
/// the release gate once prepared; one wake-up then starts them all.
void ScenarioRunner::runTogether(const std::vector<int>& indices) {
    if (!pauseBefore(indices.front())) return;
    // Which connection each socket belongs to, before the calls change it.
    std::map<std::pair<std::string, std::string>, std::string> connOf;
    if (samplerOk())
        for (const auto& s : sampleKernel())
            if (auto owner = m_directory.find(s.inode, s.local, s.remote))
                connOf[{owner->endpoint, owner->socket}] = std::min(s.local, s.remote) + "|" + std::max(s.local, s.remote);
    std::vector<std::pair<int, Endpoint*>> members;
    for (int index : indices) {
        const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
        Endpoint* ep = endpointNamed(step.endpoint);
        if (ep && step.call != "kill") waitUntilIdle(*ep);
        if (!ep || !ep->alive || (ep->busy && step.call != "kill")) {
            notRun(index,
                   ep && ep->alive ? "'" + step.endpoint + "' is still in its call from an earlier line"
                                   : "'" + step.endpoint + "' has already exited",
                   false);  // one member missing is no deadlock: the others still run
            continue;
        }
        members.push_back({index, ep});
    }
    unsigned agents = 0;
    for (auto [index, ep] : members) agents += m_scenario.steps[static_cast<std::size_t>(index)].call != "kill";
    ReleaseGate& gate = ReleaseGate::shared();
    const std::uint32_t generation = gate.generation();
    gate.expect(agents);
    for (auto [index, ep] : members) {
        const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
        push(realtimeNs(), StepEvent{index, step.pos.line, step.endpoint, step.text});
        if (step.call == "kill") continue;
        agent::StepRequest request{index, -1, m_nextCallId};
        m_nextCallId += StepLoop::callIdRange(step);
        ep->busy = agent::sendMessage(ep->control, agent::encode(request));
        ep->currentStep = index;
    }
    const bool allArrived = agents == 0 || gate.awaitRelease(generation, 5000);
    for (auto [index, ep] : members)
        if (m_scenario.steps[static_cast<std::size_t>(index)].call == "kill") runKill(index, *ep);
    for (auto [index, ep] : members) {
        if (m_scenario.steps[static_cast<std::size_t>(index)].call == "kill") continue;
        waitForOutcome(*ep);
        if (ep->dying) waitForExit(*ep);
    }
    if (!allArrived)
        note("error", "not every endpoint of the together: block was ready within 5 s; the block was released anyway",
             m_scenario.steps[static_cast<std::size_t>(indices.front())].pos.line);
    // How close the calls started, and whether they race on one connection.
    std::map<int, std::int64_t> entry;
    for (const auto& e : m_batch)
        if (const auto* c = std::get_if<SyscallEvent>(&e.body); c && c->tEnterNs > 0)
            if (!entry.count(c->line) || c->tEnterNs < entry[c->line]) entry[c->line] = c->tEnterNs;
    std::string lines;
    std::set<std::string> conns;
    bool race = false;
    for (auto [index, ep] : members) {
        const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
        lines += (lines.empty() ? "" : ", ") + std::to_string(step.pos.line);
        auto it = connOf.find({step.endpoint, step.fd});
        // A socket the kernel does not list cannot be told apart: a race.
        if (it == connOf.end() || !conns.insert(it->second).second) race = true;
    }
    std::string spread;
    if (entry.size() >= 2) {
        std::int64_t lo = entry.begin()->second, hi = lo;
        for (const auto& [line, t] : entry) lo = std::min(lo, t), hi = std::max(hi, t);
        spread = ", and entered the kernel " + std::to_string((hi - lo) / 1000) + " us apart";
    }
    if (race)
        note("info", "timing-dependent: lines " + lines + " were released together" + spread +
                         ". They act on one connection, so which call the kernel handles first is a race: "
                         "this outcome may differ from run to run.",
             m_scenario.steps[static_cast<std::size_t>(indices.front())].pos.line);
    else
        note("info", "lines " + lines + " were released together" + spread +
                         "; they act on different connections, so their order does not change the outcome.",
             m_scenario.steps[static_cast<std::size_t>(indices.front())].pos.line);
    settle();
    flushBatch();
}

void ScenarioRunner::notRun(int index, const std::string& why, bool deadlock) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    std::string text = "line " + std::to_string(step.pos.line) + " (" + step.endpoint + ": " + step.text +
                       ") did not run: " + why;
    if (Endpoint* ep = endpointNamed(step.endpoint); ep && ep->alive && ep->blocked && ep->currentStep >= 0)
        text += "; it waits for " + std::string(m_slots[ep->slot].call) + "() of line " +
                std::to_string(m_scenario.steps[static_cast<std::size_t>(ep->currentStep)].pos.line);
    note("error", text, step.pos.line);
    if (step.expect)
        recordExpectation(realtimeNs(), ExpectEvent{step.pos.line, step.endpoint, false, step.expect->text,
                                                    "not run: " + why, {}});
    if (deadlock && m_summary.error.empty()) m_summary.error = "deadlock: " + text;
    flushBatch();
}

void ScenarioRunner::finishPostChecks() {
    if (m_postChecks.empty()) return;
    std::vector<PostStepCheck::SocketView> views;
    if (samplerOk())
        for (const auto& s : sampleKernel())
            if (auto owner = m_directory.find(s.inode, s.local, s.remote))
                views.push_back({owner->endpoint, owner->socket, tcpStateName(s.state), s.inode == 0});
    for (auto& ev : m_postChecks.finish(views)) recordExpectation(realtimeNs(), std::move(ev));
    flushBatch();
}

void ScenarioRunner::runKill(int index, Endpoint& ep) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
    const Value* sigArg = findArg(step, "sig");
    std::string sigName = sigArg && !sigArg->names.empty() ? sigArg->names[0] : "SIGTERM";
    int sig = names::signalValue(sigName).value_or(SIGTERM);
    std::string disposition = dispositionInProc(ep.pid, sig);
    if (sig == SIGKILL) disposition = "default";
    SyscallEvent call;
    call.callId = m_nextCallId++;
    call.endpoint = ep.name;
    call.pid = ep.pid;
    call.call = "kill";
    call.args = std::to_string(ep.pid) + ", " + sigName;
    call.line = step.pos.line;
    call.note = "sent to this process by the runner, as Ctrl+C (SIGINT) or `kill` in a terminal would";
    call.tEnterNs = realtimeNs();
    ep.lastCallNs = call.tEnterNs;
    int ret = ::kill(ep.pid, sig);
    int err = errno;
    call.tExitNs = realtimeNs();
    call.ret = ret;
    if (ret == -1) {
        call.errnoName = names::errnoName(err);
        call.errnoText = names::errnoMeaning(err);
    }
    call.man = "kill(2), signal(7)";
    push(call.tEnterNs, call);
    SignalEvent s{ep.name, sigName, disposition == "ignore" ? "ignored" : "delivered",
                  disposition == "ignore" ? "ignore" : disposition == "handler" ? "handler" : "terminate",
                  call.callId};
    // Time the signal by when it was sent, inside kill(): the target may die
    // and its kernel send FIN before kill() returns to the runner.
    push(call.tEnterNs + 1, s);
    if (step.expect) {
        agent::CallRecord r;
        r.callId = call.callId;
        r.ret = ret;
        r.err = ret == -1 ? err : 0;
        r.tEnterNs = call.tEnterNs;
        r.tExitNs = *call.tExitNs;
        ExpectEvent ev = checkExpectation(step, *step.expect, r, false);
        if (step.expect->needsSettle()) m_postChecks.defer(step, std::move(ev), call.tEnterNs);
        else recordExpectation(*call.tExitNs, std::move(ev));
    }
    // A terminating signal ends the process: wait for it, so that the packets
    // its kernel sends on its behalf belong to this step.
    if (ret == 0 && s.action == "terminate") waitForExit(ep);
}

} // namespace finscope
