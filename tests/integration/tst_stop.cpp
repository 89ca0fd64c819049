// SPDX-License-Identifier: MIT
// Stopping a run and pausing it, on the real kernel: SIGINT to `finscope run
// --json` in the middle of a step ends it at once with a summary that says
// stopped; in step mode the sockets are still sampled while the runner waits.
// The tests talk to a live runner through pipes and synchronise on the
// events it prints (a blocked call, a pause), never on sleeps; the only clock
// is a generous guard against a hung runner.
#include "tracerun.h"

#include "core/tracejson.h"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace finscope;
using finscope::testing::writeTempScenario;

namespace {

/// `finscope run --json [--step] FILE` with its standard input and output on pipes.
class LiveRun {
public:
    LiveRun(const std::string& path, bool step) {
        int in[2], out[2];
        if (::pipe(in) != 0 || ::pipe(out) != 0) return;
        m_pid = ::fork();
        if (m_pid == 0) {
            ::dup2(in[0], STDIN_FILENO);
            ::dup2(out[1], STDOUT_FILENO);
            ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
            if (step) ::execl(FINSCOPE_CLI, FINSCOPE_CLI, "run", "--json", "--step", path.c_str(), nullptr);
            else ::execl(FINSCOPE_CLI, FINSCOPE_CLI, "run", "--json", path.c_str(), nullptr);
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        m_in = in[1];
        m_out = out[0];
    }
    ~LiveRun() {
        if (m_in >= 0) ::close(m_in);
        if (m_out >= 0) ::close(m_out);
        if (m_pid > 0 && !m_reaped) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
    }
    LiveRun(const LiveRun&) = delete;
    LiveRun& operator=(const LiveRun&) = delete;

    bool started() const { return m_pid > 0 && m_out >= 0; }
    void send(const std::string& line) { (void)!::write(m_in, (line + "\n").data(), line.size() + 1); }
    void signal(int sig) { ::kill(m_pid, sig); }

    /// Reads events until one matches (true) or the trace ends (false).
    bool readUntil(const std::function<bool(const TraceEvent&)>& match) {
        while (const TraceEvent* e = next())
            if (match(*e)) return true;
        return false;
    }
    /// Reads to the end of the trace and returns the exit status.
    int finish() {
        while (next()) {
        }
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_reaped = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    const std::vector<TraceEvent>& events() const { return m_events; }

private:
    const TraceEvent* next() {
        // A guard against a hung runner, not a measurement: nothing here waits this long.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        for (;;) {
            if (auto newline = m_buffer.find('\n'); newline != std::string::npos) {
                auto parsed = parseTraceLine(m_buffer.substr(0, newline));
                m_buffer.erase(0, newline + 1);
                if (!parsed.ok) continue;
                m_events.push_back(parsed.event);
                return &m_events.back();
            }
            if (std::chrono::steady_clock::now() > deadline) return nullptr;
            pollfd p{m_out, POLLIN, 0};
            if (::poll(&p, 1, 1000) <= 0) continue;
            char chunk[4096];
            ssize_t n = ::read(m_out, chunk, sizeof chunk);
            if (n <= 0) return nullptr;
            m_buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    pid_t m_pid = -1;
    int m_in = -1, m_out = -1;
    bool m_reaped = false;
    std::string m_buffer;
    std::vector<TraceEvent> m_events;
};

const SummaryEvent* summaryOf(const std::vector<TraceEvent>& events) {
    return events.empty() ? nullptr : events.back().as<SummaryEvent>();
}

TEST(Stop, SigintDuringABlockedCallEndsTheRunAsStopped) {
    // The server blocks in recv(); the client then sleeps for a long time:
    // only a stop can end this run early.
    const std::string path = writeTempScenario("# SPDX-License-Identifier: MIT\n"
                                               "title: blocked\n"
                                               "server: listen()\n"
                                               "client: connect()   => 0\n"
                                               "server: accept()\n"
                                               "server: recv()\n"
                                               "client: sleep(100)\n"
                                               "client: close()\n");
    LiveRun run(path, false);
    ASSERT_TRUE(run.started());
    ASSERT_TRUE(run.readUntil([](const TraceEvent& e) {
        const auto* c = e.as<SyscallEvent>();
        return c && c->call == "recv" && c->phase == "blocked";
    })) << "recv() was never reported blocked";
    run.signal(SIGINT);
    int status = run.finish();
    std::remove(path.c_str());

    EXPECT_EQ(status, 2) << "a stopped run is not a success";
    const SummaryEvent* summary = summaryOf(run.events());
    ASSERT_NE(summary, nullptr) << "a stopped run still ends with its summary";
    EXPECT_TRUE(summary->stopped);
    EXPECT_FALSE(summary->ok);
    EXPECT_EQ(summary->error, "stopped by the user");
    bool noted = false, closeRan = false;
    std::vector<std::string> killed;
    for (const auto& e : run.events()) {
        if (const auto* n = e.as<NoteEvent>(); n && n->text.rfind("stopped by the user", 0) == 0) noted = true;
        if (const auto* x = e.as<ExitEvent>(); x && x->signal == "SIGKILL") killed.push_back(x->endpoint);
        if (const auto* c = e.as<SyscallEvent>(); c && c->call == "close") closeRan = true;
    }
    EXPECT_TRUE(noted);
    // Both endpoints were ended by the runner: the blocked server and the sleeping client.
    EXPECT_EQ(killed.size(), 2u);
    EXPECT_FALSE(closeRan) << "no step runs after a stop";
}

TEST(Stop, PausedStepModeKeepsSamplingStates) {
    // TCP_LINGER2 = 1 s: the client's orphaned FIN_WAIT2 socket leaves the
    // kernel's tables about a second after close(), while the run is paused.
    const std::string path = writeTempScenario("# SPDX-License-Identifier: MIT\n"
                                               "title: paused\n"
                                               "server: listen()\n"
                                               "client: connect()   => 0\n"
                                               "server: accept()\n"
                                               "client: setsockopt(TCP_LINGER2, 1)  => 0\n"
                                               "client: close()     => 0\n"
                                               "server: close()     => 0\n");
    LiveRun run(path, true);
    ASSERT_TRUE(run.started());
    auto pauseAt = [](int index) {
        return [index](const TraceEvent& e) { return e.as<PauseEvent>() && e.as<PauseEvent>()->index == index; };
    };
    for (int i = 0; i < 5; ++i) {
        ASSERT_TRUE(run.readUntil(pauseAt(i))) << "no pause before step " << i;
        run.send("next");
    }
    ASSERT_TRUE(run.readUntil(pauseAt(5)));
    // No command now: the socket's end must still appear.
    bool gone = run.readUntil([](const TraceEvent& e) {
        const auto* s = e.as<StateEvent>();
        return s && s->endpoint == "client" && s->state == "CLOSE" && s->source == "sampled";
    });
    run.send("stop");
    int status = run.finish();
    std::remove(path.c_str());
    EXPECT_TRUE(gone) << "the orphaned FIN_WAIT2 socket's end was not sampled while paused";
    EXPECT_EQ(status, 2);
    const SummaryEvent* summary = summaryOf(run.events());
    ASSERT_NE(summary, nullptr);
    EXPECT_TRUE(summary->stopped);
    for (const auto& e : run.events())
        if (const auto* c = e.as<SyscallEvent>()) {
            EXPECT_FALSE(c->endpoint == "server" && c->call == "close") << "no step runs after a stop";
        }
}

} // namespace
