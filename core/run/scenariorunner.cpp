// SPDX-License-Identifier: MIT
// The runner assembled: the run from start to summary, the capture and the
// endpoints it starts with. Its other jobs live beside it in core/run/:
// runnerendpoints.cpp (endpoint processes), runnersettling.cpp (settling,
// sampling, waits), runnersteps.cpp (step execution), runnertrace.cpp
// (the trace batch).
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"
#include "core/run/wirerun.h"

#include "core/callexecutor.h"
#include "core/clock.h"
#include "core/releasegate.h"
#include "core/scenarioparser.h"
#include "core/stepscheduler.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

namespace finscope {

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

void ScenarioRunner::startCapture() {
    if (m_scenario.usesWire()) return startWire();  // the relay's record is the capture
    m_captureMode = m_sandbox.mode;
    std::string error;
    if (!m_capture.open(m_sandbox.loopback, error)) {
        m_captureMode = "none";
        m_sandbox.note += (m_sandbox.note.empty() ? "" : " ") + std::string("Packet capture is not possible: ") +
                          error + ". This run shows system calls and TCP states only, no packets.";
    }
}

SummaryEvent ScenarioRunner::run() {
    std::int64_t start = realtimeNs();
    startCapture();
    utsname u{};
    ::uname(&u);
    RunEvent runEvent{m_scenario.id,   m_scenario.title, m_scenario.path, m_scenario.endpoints,
                      m_captureMode,   m_sandbox.note,   u.release,       FINSCOPE_VERSION};
    if (m_wire) runEvent.wire = m_wire->info();
    push(start, runEvent);
    if (m_captureMode == "none") note("warning", "No packets can be captured in this run: " + m_sandbox.note);
    else if (m_captureMode == "host") note("warning", m_sandbox.note);
    if (!samplerOk()) note("warning", "TCP states cannot be read (sock_diag): " + m_sampler.error());

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
    if (m_capture.isOpen() && m_capture.untimed() > 0)
        note("warning", std::to_string(m_capture.untimed()) +
                            " packets came without a kernel timestamp: they are timed when the capture read them");

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

} // namespace finscope
