// SPDX-License-Identifier: MIT
#include "core/scenariorunner.h"

#include "core/callexecutor.h"
#include "core/callwatchdog.h"
#include "core/clock.h"
#include "core/endpointagent.h"
#include "core/expectationcheck.h"
#include "core/loopbackguard.h"
#include "core/names.h"
#include "core/releasegate.h"
#include "core/scenarioparser.h"
#include "core/steploop.h"
#include "core/stepscheduler.h"

#include <algorithm>
#include <tuple>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sstream>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

namespace finscope {
namespace {

/// Longest wait for an outstanding ACK or retransmission while settling:
/// above Linux's 200 ms minimum RTO and its delayed-ACK maximum.
constexpr std::int64_t kAwaitAckMs = 600;

/// Step mode: how often the sockets are sampled while waiting for a command.
constexpr int kPauseSampleMs = 200;

/// A socket waiting for an ACK, with what it waits for.
std::string awaitKey(const SocketSample& s) {
    return s.local + "|" + s.remote + "|" + std::to_string(s.state) + "|" + std::to_string(s.sendQ);
}

char processState(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto paren = text.rfind(')');  // the command name may contain spaces and parentheses
    return paren != std::string::npos && paren + 2 < text.size() ? text[paren + 2] : '?';
}

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

struct ScenarioRunner::Endpoint {
    std::string name;
    int pid = -1;
    int control = -1;
    int slot = 0;
    bool alive = true;
    bool busy = false;                 ///< a step request is outstanding
    int currentStep = -1;
    bool blocked = false;              ///< the outstanding call was reported blocked
    std::int64_t blockedCallId = 0;
    std::int64_t candidateCall = 0;    ///< a call seen sleeping, not yet confirmed blocked
    bool dying = false;                ///< its last call kills it (fatal SIGPIPE, exit())
    int confirmations = 0;
    std::int64_t lastCallNs = 0;       ///< entry of its latest call (or of the kill() sent to it)
};

ScenarioRunner::ScenarioRunner(const Scenario& scenario, const SandboxResult& sandbox, RunOptions options, Emit emit)
    : m_scenario(scenario), m_sandbox(sandbox), m_options(std::move(options)), m_emit(std::move(emit)) {
    // Endpoints publish the call they are in here (see agent::LiveCall).
    void* page = ::mmap(nullptr, sizeof(agent::LiveCall) * agent::kMaxEndpoints, PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    m_slots = page == MAP_FAILED ? nullptr : static_cast<agent::LiveCall*>(page);
    m_mapErrno = page == MAP_FAILED ? errno : 0;
}

ScenarioRunner::~ScenarioRunner() {
    for (auto& ep : m_endpoints) {
        if (ep->alive) {
            ::kill(ep->pid, SIGKILL);
            ::waitpid(ep->pid, nullptr, 0);
        }
        if (ep->control >= 0) ::close(ep->control);
    }
    if (m_slots) ::munmap(m_slots, sizeof(agent::LiveCall) * agent::kMaxEndpoints);
}

void ScenarioRunner::push(std::int64_t tNs, EventBody body) {
    TraceEvent e;
    e.id = m_causes.newKey();  // the final id comes at the flush, once the batch is in time order
    e.tNs = tNs;
    e.body = std::move(body);
    m_batch.push_back(std::move(e));
}

void ScenarioRunner::recordExpectation(std::int64_t tNs, ExpectEvent ev) {
    ++m_summary.expectations;
    if (!ev.ok) ++m_summary.failed;
    push(tNs, std::move(ev));
}

void ScenarioRunner::note(const std::string& level, const std::string& text, int line) {
    NoteEvent n;
    n.level = level;
    n.text = text;
    n.line = line;
    push(realtimeNs(), n);
}

void ScenarioRunner::startCapture() {
    m_captureMode = m_sandbox.mode;
    std::string error;
    if (!m_capture.open(m_sandbox.loopback, error)) {
        m_captureMode = "none";
        m_sandbox.note += (m_sandbox.note.empty() ? "" : " ") + std::string("Packet capture is not possible: ") +
                          error + ". This run shows system calls and TCP states only, no packets.";
    }
}

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

SummaryEvent ScenarioRunner::run() {
    std::int64_t start = realtimeNs();
    startCapture();
    utsname u{};
    ::uname(&u);
    RunEvent runEvent{m_scenario.id,   m_scenario.title, m_scenario.path, m_scenario.endpoints,
                      m_captureMode,   m_sandbox.note,   u.release,       FINSCOPE_VERSION};
    push(start, runEvent);
    if (m_captureMode == "none") note("warning", "No packets can be captured in this run: " + m_sandbox.note);
    else if (m_captureMode == "host") note("warning", m_sandbox.note);
    if (!m_sampler.ok()) note("warning", "TCP states cannot be read (sock_diag): " + m_sampler.error());

    if (m_sandbox.mode != "namespace") shiftPorts();
    std::set<std::string> forked;
    for (const auto& s : m_scenario.steps)
        if (s.call == "fork" && !s.results.empty()) forked.insert(s.results[0]);
    ReleaseGate::shared();  // mapped before the endpoints fork, so that they share it
    int slot = 0;
    for (const auto& name : m_scenario.endpoints) {
        if (forked.count(name) || !m_summary.error.empty()) continue;
        if (slot >= agent::kMaxEndpoints)
            m_summary.error = "too many endpoints: a run can have at most " + std::to_string(agent::kMaxEndpoints) +
                              " endpoint processes";
        else if (!m_slots)
            m_summary.error = "could not map the memory the endpoints share with the runner: " + std::string(std::strerror(m_mapErrno));
        else if (!startEndpoint(name, slot++))
            m_summary.error = "could not start the endpoint process '" + name + "': " + std::strerror(errno);
    }
    if (!m_summary.error.empty()) note("error", m_summary.error);
    if (m_summary.error.empty()) {
        settle();
        flushBatch();
        StepScheduler::Hooks hooks;
        hooks.isBlocked = [this](const std::string& name) {
            Endpoint* ep = endpointNamed(name);
            return ep && ep->alive && ep->busy && ep->blocked && !isReturning(*ep);
        };
        hooks.runStep = [this](int i) { runStep(i); finishPostChecks(); };
        hooks.runTogether = [this](const std::vector<int>& indices) { runTogether(indices); finishPostChecks(); };
        hooks.waitForReturn = [this] { return waitForReturn(); };
        hooks.deadlocked = [this](int i, const std::string& why) { notRun(i, why); };
        hooks.stopped = [this] { return m_stopRequested; };
        StepScheduler(m_scenario, hooks).run();
    }
    if (m_summary.stopped) reapAfterStop();
    finishExpectations();
    if (m_capture.isOpen() && m_capture.drops() > 0)
        note("warning", std::to_string(m_capture.drops()) + " packets were dropped by the capture");

    m_summary.capture = m_captureMode;
    m_summary.packets = m_packets;
    m_summary.durationNs = realtimeNs() - start;
    m_summary.ok = m_summary.failed == 0 && m_summary.error.empty();
    m_summary.events = static_cast<int>(m_nextId + m_batch.size()) + 1;
    push(realtimeNs(), m_summary);
    flushBatch();
    return m_summary;
}

namespace {

/// The ports a scenario names (5000 when it names none).
std::set<int> scenarioPorts(const Scenario& scenario) {
    std::set<int> ports{5000};
    for (const auto& step : scenario.steps) {
        const Value* v = findArg(step, "port");
        if (v && v->kind == Value::Kind::Integer) ports.insert(static_cast<int>(v->integer));
        if (v && v->kind == Value::Kind::String) {
            auto colon = v->text.rfind(':');
            if (colon != std::string::npos) ports.insert(std::atoi(v->text.c_str() + colon + 1));
        }
    }
    return ports;
}

bool portFree(int port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

} // namespace

void ScenarioRunner::shiftPorts() {
    // Without SO_REUSEADDR, bind() refuses a port held by a TIME_WAIT socket:
    // the same test the scenario's own bind() would fail.
    auto ports = scenarioPorts(m_scenario);
    for (int shift = 10000 + (::getpid() % 50) * 100; shift < 50000; shift += 997) {
        bool allFree = std::all_of(ports.begin(), ports.end(), [&](int p) { return p + shift < 65536 && portFree(p + shift); });
        if (!allFree) continue;
        CallExecutor::setPortShift(shift);
        note("info", "On the host's loopback every port of the scenario is shifted by +" + std::to_string(shift) +
                         " (5000 becomes " + std::to_string(5000 + shift) +
                         "), so that sockets left by earlier runs, such as TIME_WAIT, cannot get in the way.");
        return;
    }
}

void ScenarioRunner::runStep(int index) {
    const Step& step = m_scenario.steps[static_cast<std::size_t>(index)];
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
    push(realtimeNs(), PauseEvent{index, step.pos.line});
    flushBatch();
    std::string command = awaitCommand();
    if (command == "run") m_options.stepMode = false;
    else if (command != "next") {
        // The endpoints' ends follow; run() flushes once they are reaped, in time order.
        if (!m_summary.stopped) stopByUser(" before line " + std::to_string(step.pos.line));
        return false;
    }
    return true;
}

ScenarioRunner::Endpoint* ScenarioRunner::endpointNamed(const std::string& name) {
    for (auto& e : m_endpoints)
        if (e->name == name) return e.get();
    return nullptr;
}

/// The steps of a together: block: each endpoint gets its step and waits at
/// the release gate once prepared; one wake-up then starts them all.
void ScenarioRunner::runTogether(const std::vector<int>& indices) {
    if (!pauseBefore(indices.front())) return;
    // Which connection each socket belongs to, before the calls change it.
    std::map<std::pair<std::string, std::string>, std::string> connOf;
    if (m_sampler.ok())
        for (const auto& s : m_sampler.sample())
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

/// Nothing can run: let the network settle and see whether a blocked call
/// returned meanwhile (a delayed ACK or a retransmission may wake it).
bool ScenarioRunner::waitForReturn() {
    auto blocked = [this] {
        int n = 0;
        for (const auto& ep : m_endpoints) n += ep->alive && ep->busy && ep->blocked && !isReturning(*ep);
        return n;
    };
    const int before = blocked();
    settle();
    flushBatch();
    finishPostChecks();
    return blocked() < before;
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
    if (m_sampler.ok())
        for (const auto& s : m_sampler.sample())
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

void ScenarioRunner::waitForExit(Endpoint& ep) {
    // The kernel's default action is certain, but the runner must see the
    // death (and the FINs or RSTs its closing sends) within this step.
    std::int64_t deadline = monotonicMs() + 10000;
    while (ep.alive && monotonicMs() < deadline) {
        pump(static_cast<int>(std::min<std::int64_t>(50, m_waitSampler.waitMs(monotonicMs()))));
        sampleIfDue();
    }
}

void ScenarioRunner::waitForOutcome(Endpoint& ep) {
    const CallWatchdog watchdog(realtimeNs());
    while (ep.alive && ep.busy && !ep.blocked) {
        pump(1);
        checkBlocked(ep);
        sampleIfDue();
        if (ep.alive && ep.busy && !ep.blocked && watchdog.overdue(m_slots[ep.slot], realtimeNs())) {
            note("error", CallWatchdog::describe(ep.name));
            m_summary.error = "endpoint '" + ep.name + "' hung";
            m_stopRequested = true;
            return;
        }
    }
}

void ScenarioRunner::waitUntilIdle(Endpoint& ep) {
    // A sleep() or a poll() with a timeout ends by itself, and a blocked call
    // that was just woken is on its way back; a call still asleep would wait
    // for a step that can never run before this one.
    std::int64_t deadline = monotonicMs() + 60000;
    while (ep.alive && ep.busy && (!ep.blocked || isReturning(ep)) && monotonicMs() < deadline) {
        pump(5);
        checkBlocked(ep);
        sampleIfDue();
    }
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

void ScenarioRunner::pump(int timeoutMs) {
    // Every wait comes through here, so a stop is seen within one poll.
    if (!m_summary.stopped && m_options.stopRequested && m_options.stopRequested()) stopByUser("");
    std::vector<pollfd> fds;
    std::vector<Endpoint*> owners;
    if (m_capture.isOpen()) {
        fds.push_back({m_capture.selectableFd(), POLLIN, 0});
        owners.push_back(nullptr);
    }
    for (auto& ep : m_endpoints) {
        if (!ep->alive) continue;
        fds.push_back({ep->control, POLLIN, 0});
        owners.push_back(ep.get());
    }
    if (::poll(fds.data(), fds.size(), timeoutMs) <= 0) return;
    for (std::size_t i = 0; i < fds.size(); ++i) {
        if (!fds[i].revents) continue;
        if (!owners[i]) onSegments(m_capture.takeAvailable());
        else onMessage(*owners[i]);
    }
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

void ScenarioRunner::failRun(const std::string& why) {
    note("error", why);
    if (m_summary.error.empty()) m_summary.error = why;
    m_stopRequested = true;
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

void ScenarioRunner::onSegments(std::vector<TcpSegment>&& segments) {
    for (const auto& seg : segments)
        for (auto& timed : m_states.onSegment(seg)) push(timed.tNs, std::move(timed.body));
}

bool ScenarioRunner::isOurs(const SocketSample& s) const {
    if (m_sandbox.mode == "namespace") return true;
    return m_directory.find(s.inode, s.local, s.remote).has_value();
}

void ScenarioRunner::sampleStates(std::vector<SocketSample>& samples) {
    samples.clear();
    if (!m_sampler.ok()) return;
    for (auto& s : m_sampler.sample())
        if (isOurs(s)) samples.push_back(std::move(s));
}

void ScenarioRunner::sampleIfDue() {
    if (!m_waitSampler.due(monotonicMs())) return;
    // Everything captured so far goes first, so that derived states never
    // come after a sample that already shows what follows them.
    std::vector<TcpSegment> segments;
    m_capture.flush(segments);
    onSegments(std::move(segments));
    std::vector<SocketSample> samples;
    sampleStates(samples);
    emitStateChanges(samples);
}

void ScenarioRunner::settle() {
    std::vector<SocketSample> samples;
    std::string previous;
    const std::int64_t awaitDeadline = monotonicMs() + kAwaitAckMs;
    for (int round = 0; round < 400; ++round) {
        std::vector<TcpSegment> segments;
        bool markerSeen = m_capture.flush(segments);
        bool quiet = segments.empty();
        onSegments(std::move(segments));
        pump(0);
        for (auto& ep : m_endpoints) checkBlocked(*ep);
        sampleStates(samples);
        std::ostringstream key;
        for (const auto& s : samples)
            key << s.local << '|' << s.remote << '|' << s.state << '|' << s.recvQ << '|' << s.sendQ << ';';
        if (!markerSeen) note("warning", "the capture did not see its settle marker; packets may be missing");
        // Unacknowledged data or FIN with a retransmit timer running means a
        // packet is still to come: the peer's delayed ACK (Linux delays the
        // ACK of a FIN, tcp_fin() enters pingpong mode) or a retransmission.
        // Waiting for it keeps runs reproducible; the bound keeps a peer that
        // never answers from stalling the run.
        // Only what this step caused: a socket that was already waiting, with
        // the same unacknowledged bytes, when the previous step settled (a
        // SYN an earlier non-blocking connect() retransmits) is an earlier
        // step's timer, and waiting for it would stretch the scenario's own timing.
        bool awaiting = std::any_of(samples.begin(), samples.end(), [&](const SocketSample& s) {
            return s.sendQ > 0 && s.timer == 1 && s.state != TCP_LISTEN && !m_awaitedBefore.count(awaitKey(s));
        });
        bool waking = std::any_of(m_endpoints.begin(), m_endpoints.end(),
                                  [&](const auto& ep) { return isReturning(*ep); });
        if ((awaiting || waking) && monotonicMs() < awaitDeadline) {
            pump(5);
            continue;
        }
        if (round > 0 && quiet && key.str() == previous) break;
        previous = key.str();
    }
    m_awaitedBefore.clear();
    for (const auto& s : samples)
        if (s.sendQ > 0 && s.timer == 1) m_awaitedBefore.insert(awaitKey(s));
    emitStateChanges(samples);
}

void ScenarioRunner::emitStateChanges(const std::vector<SocketSample>& samples) {
    for (auto& timed : m_states.releaseDerived()) push(timed.tNs, std::move(timed.body));
    m_waitSampler.sampled(monotonicMs(), samples);
    std::int64_t t = realtimeNs();
    for (auto& e : m_states.onSample(samples, m_directory, m_scenario.endpoints)) push(t, std::move(e));
}

void ScenarioRunner::finishExpectations() {
    for (auto& ep : m_endpoints) {
        if (!ep->alive || !ep->blocked) continue;
        const Step& st = m_scenario.steps[static_cast<std::size_t>(ep->currentStep)];
        note("info", "'" + ep->name + "' was still blocked in " + std::string(m_slots[ep->slot].call) +
                         "() when the scenario ended", st.pos.line);
        if (st.expect) {
            recordExpectation(realtimeNs(), ExpectEvent{st.pos.line, ep->name, false, st.expect->text,
                                                        "still blocked when the scenario ended", {}});
        }
    }
}

void ScenarioRunner::flushBatch() {
    for (auto& e : m_batch) {
        if (auto* p = std::get_if<PacketEvent>(&e.body)) {
            p->from = m_directory.endpointAt(p->src);
            p->to = m_directory.endpointAt(p->dst);
        } else if (auto* s = std::get_if<StateEvent>(&e.body); s && s->endpoint.empty()) {
            if (auto owner = m_directory.find(0, s->local, s->remote)) {
                s->endpoint = owner->endpoint;
                s->socket = owner->socket;
            }
            if (s->source == "derived") s->orphan = m_directory.isOrphanAt(0, s->local, s->remote, e.tNs);
        }
    }
    if (m_sandbox.mode != "namespace") {
        // On the host's loopback, other programs' traffic is not ours to show.
        std::erase_if(m_batch, [](const TraceEvent& e) {
            const auto* p = std::get_if<PacketEvent>(&e.body);
            const auto* s = std::get_if<StateEvent>(&e.body);
            return (p && !p->from && !p->to) || (s && s->endpoint.empty());
        });
    }
    m_causes.attribute(m_batch);
    m_postChecks.observe(m_batch);
    std::stable_sort(m_batch.begin(), m_batch.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.tNs < b.tNs; });
    for (auto& e : m_batch) m_causes.bind(e, m_nextId++);
    for (auto& e : m_batch) {
        m_causes.resolve(e);
        if (std::holds_alternative<PacketEvent>(e.body)) ++m_packets;
        if (auto* s = std::get_if<SummaryEvent>(&e.body)) s->packets = m_packets;
        m_emit(e);
    }
    m_batch.clear();
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

void ScenarioRunner::reapAfterStop() {
    std::int64_t deadline = monotonicMs() + 5000;
    auto anyAlive = [&] { return std::any_of(m_endpoints.begin(), m_endpoints.end(), [](const auto& ep) { return ep->alive; }); };
    while (anyAlive() && monotonicMs() < deadline) pump(20);
    onSegments(m_capture.takeAvailable());
}

std::string ScenarioRunner::awaitCommand() {
    if (!m_options.nextCommand) return "stop";
    for (;;) {
        if (m_options.stopRequested && m_options.stopRequested()) return "stop";
        if (auto command = m_options.nextCommand(kPauseSampleMs)) return *command;
        // While the user reads, the sockets live on: a TIME_WAIT runs out, a
        // retransmission fires, a blocked call returns. Show what changed.
        pump(0);
        std::vector<SocketSample> samples;
        sampleStates(samples);
        emitStateChanges(samples);
        if (!m_batch.empty()) flushBatch();
    }
}

} // namespace finscope
