// SPDX-License-Identifier: MIT
// The engine at its edges: reads larger than one agent message, many
// endpoints, orphan flags on derived states, a dropped SYN, and states that
// change while an endpoint sleeps. Every test runs the real `finscope`
// program on the real kernel; nothing sleeps and nothing measures wall-clock
// time: durations come from the trace's own timestamps.
#include "tracerun.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

namespace {

#define FINSCOPE_REQUIRE_CAPTURE(run)                                                                          \
    do {                                                                                                       \
        ASSERT_NE((run).runInfo(), nullptr) << "the trace has no run event";                                   \
        if (!(run).captured())                                                                                 \
            GTEST_SKIP() << "no packet capture on this machine: allow unprivileged user namespaces "          \
                            "(sysctl kernel.unprivileged_userns_clone=1) or run as root / with CAP_NET_RAW";   \
    } while (0)

TraceRun runText(const std::string& text) {
    const std::string path = writeTempScenario(text);
    TraceRun run = runScenario(path);
    std::remove(path.c_str());
    return run;
}

void expectCompleted(const TraceRun& run) {
    EXPECT_EQ(run.exitStatus, 0) << run.stderrText;
    const SummaryEvent* s = run.summary();
    ASSERT_NE(s, nullptr) << "no summary: " << run.stderrText;
    EXPECT_TRUE(s->ok) << s->failed << " failed, error: " << s->error;
    EXPECT_TRUE(s->error.empty()) << s->error;
    for (const auto& e : run.all<ExpectEvent>())
        EXPECT_TRUE(e.ok) << "line " << e.line << ": expected " << e.expected << ", got " << e.actual;
}

std::string bigRead(std::int64_t bytes) {
    const std::string n = std::to_string(bytes);
    return "title: a read of " + n + " bytes\n"
           "server: listen()\n"
           "client: connect()                  => 0\n"
           "server: accept()\n"
           "client: write(" + n + ")           => " + n + "\n"
           "server: recv(" + n + ", MSG_WAITALL) => " + n + "\n"
           "server: close()                    => 0\n";
}

void checkBigRead(std::int64_t bytes) {
    TraceRun run = runText(bigRead(bytes));
    expectCompleted(run);
    auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 1u);
    ASSERT_TRUE(recvs[0].ret.has_value());
    EXPECT_EQ(*recvs[0].ret, bytes) << "recv(MSG_WAITALL) returns everything asked for (recv(2))";
    // The trace keeps a bounded preview of the bytes, never all of them.
    EXPECT_FALSE(recvs[0].result.empty());
    EXPECT_LT(recvs[0].result.size(), 200u) << "the preview of " << bytes << " bytes is not bounded";
    EXPECT_EQ(recvs[0].result.rfind("\"abcdefghij", 0), 0u) << recvs[0].result;
}

} // namespace

// One agent reply used to be one SOCK_SEQPACKET message: above ~52 KiB of
// data, sendmsg() failed with EMSGSIZE and the run hung for 30 s.
TEST(EngineLimits, ReadOf64KiB) { checkBigRead(64 * 1024); }

TEST(EngineLimits, ReadOf1MiB) { checkBigRead(1024 * 1024); }

// fork() 32 times: 34 endpoint processes, each with its own live-call slot.
TEST(EngineLimits, ThirtyTwoForks) {
    std::string text = "title: 32 forks\nserver: listen()\nclient: connect() => 0\nserver: accept()\n";
    for (int i = 1; i <= 32; ++i) text += "server: w" + std::to_string(i) + " = fork()\n";
    // Every child holds the connection: the last one's write reaches the client.
    text += "w32: write(connfd, \"x\") => 1\nclient: recv() => 1, data=\"x\"\n";
    text += "w17: write(connfd, \"y\") => 1\nclient: recv() => 1, data=\"y\"\n";
    TraceRun run = runText(text);
    expectCompleted(run);
    auto forks = run.calls("server", "fork");
    ASSERT_EQ(forks.size(), 32u);
    std::set<std::int64_t> pids;
    for (const auto& f : forks) {
        ASSERT_TRUE(f.ret.has_value());
        EXPECT_GT(*f.ret, 0) << "fork() returns the child's pid in the parent";
        pids.insert(*f.ret);
    }
    EXPECT_EQ(pids.size(), 32u) << "every child is a distinct process";
    for (const auto& x : run.all<ExitEvent>())
        EXPECT_FALSE(x.signal.has_value()) << x.endpoint << " died of " << *x.signal;
}

// Beyond the limit, fork() is refused before it is made, and the run says why.
TEST(EngineLimits, TooManyEndpointsIsAClearError) {
    std::string text = "title: too many forks\nserver: listen()\n";
    for (int i = 1; i <= 130; ++i) text += "server: w" + std::to_string(i) + " = fork()\n";
    TraceRun run = runText(text);
    EXPECT_EQ(run.exitStatus, 2) << "a run that could not be done";
    const SummaryEvent* s = run.summary();
    ASSERT_NE(s, nullptr);
    EXPECT_NE(s->error.find("at most 128"), std::string::npos) << s->error;
    EXPECT_NE(run.stderrText.find("at most 128"), std::string::npos) << run.stderrText;
    // server and its 127 children make 128 endpoint processes; the 128th fork() is refused unmade.
    EXPECT_EQ(run.calls("server", "fork").size(), 127u);
}

// A socket whose descriptor was closed is an orphan from that close: the
// derived FIN_WAIT1, FIN_WAIT2 and TIME_WAIT after close() say so, and no
// state before the close does.
TEST(EngineLimits, OrphanFromTheClose) {
    TraceRun run = runScenario("01-graceful-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    auto closes = run.calls("client", "close");
    ASSERT_FALSE(closes.empty());
    const std::int64_t closedAt = closes.front().tEnterNs;
    int derivedAfter = 0;
    for (const auto& e : run.events) {
        const auto* st = e.as<StateEvent>();
        if (!st || st->endpoint != "client" || st->socket != "sockfd") continue;
        if (e.tNs < closedAt) {
            EXPECT_FALSE(st->orphan) << st->state << " before close() still has its descriptor";
        } else {
            EXPECT_TRUE(st->orphan) << st->state << " (" << st->source << ") after close() has no descriptor";
            if (st->source == "derived") ++derivedAfter;
        }
    }
    EXPECT_GE(derivedAfter, 2) << "FIN_WAIT1 and FIN_WAIT2 are derived from the packets on loopback";
}

// A listener whose accept queue is full drops a SYN (no SYN-ACK): the kernel
// creates no socket for it, and the trace must show none.
TEST(EngineLimits, NoSynRecvForADroppedSyn) {
    TraceRun run = runText("title: full accept queue\n"
                           "server: listen(backlog=0)\n"
                           "client: connect()             => 0\n"
                           "client: c2 = socket()\n"
                           "client: fcntl(c2, O_NONBLOCK) => 0\n"
                           "client: connect(c2)           => -1 EINPROGRESS\n"
                           "client: close(c2)             => 0\n");
    expectCompleted(run);
    FINSCOPE_REQUIRE_CAPTURE(run);
    std::set<std::string> answered, dropped;
    for (const auto& e : run.events) {
        const auto* p = e.as<PacketEvent>();
        if (!p) continue;
        if (p->flags == "S.") answered.insert(p->dst);
        if (p->flags == "S") dropped.insert(p->src);
    }
    for (const auto& a : answered) dropped.erase(a);
    ASSERT_EQ(dropped.size(), 1u) << "the second SYN must find the queue full (backlog 0 holds one connection)";
    const std::string lost = *dropped.begin();
    for (const auto& st : run.all<StateEvent>()) {
        if (st.remote == lost) {
            ADD_FAILURE() << "a state for the dropped SYN's connection: " << st.local << " " << st.state << " ("
                          << st.source << ")";
        }
    }
}

// TCP_LINGER2 = 2 s: the orphaned FIN_WAIT2 is dropped by the kernel 2 s
// after it was entered, while the server sleeps. The trace shows it gone
// before the 3 s sleep ends (it used to wait for the sleep to end): an
// order of events, not a time bound, so a loaded machine cannot fail it.
TEST(EngineLimits, FinWait2GoneWhenItsTimerFires) {
    TraceRun run = runText("title: FIN_WAIT2 timer\n"
                           "server: listen()\n"
                           "client: connect()                  => 0\n"
                           "server: accept()\n"
                           "client: setsockopt(TCP_LINGER2, 2) => 0\n"
                           "client: close()                    => 0\n"
                           "server: sleep(3)                   => 0\n"
                           "server: close()                    => 0\n");
    expectCompleted(run);
    FINSCOPE_REQUIRE_CAPTURE(run);
    std::optional<std::int64_t> finWait2, gone;
    for (const auto& e : run.events) {
        const auto* st = e.as<StateEvent>();
        if (!st || st->endpoint != "client" || st->socket != "sockfd") continue;
        if (st->state == "FIN_WAIT2" && !finWait2) finWait2 = e.tNs;
        if (st->state == "CLOSE" && finWait2 && !gone) gone = e.tNs;
    }
    ASSERT_TRUE(finWait2.has_value()) << "no FIN_WAIT2 for the client";
    ASSERT_TRUE(gone.has_value()) << "the client's FIN_WAIT2 never ended";
    const double seconds = static_cast<double>(*gone - *finWait2) / 1e9;
    EXPECT_GE(seconds, 2.0) << "the kernel keeps FIN_WAIT2 for TCP_LINGER2 seconds";
    auto sleeps = run.calls("server", "nanosleep");
    ASSERT_EQ(sleeps.size(), 1u);
    ASSERT_TRUE(sleeps[0].tExitNs.has_value());
    EXPECT_LT(*gone, *sleeps[0].tExitNs) << "shown gone " << seconds
                                         << " s after FIN_WAIT2: not sampled while the server slept";
}

// An earlier step's retransmission timer is not the next step's business:
// usleep(300000) after a non-blocking connect() whose SYN goes unanswered
// lasts 0.3 s in the trace, not until the SYN is retransmitted at 1 s.
TEST(EngineLimits, SettlingDoesNotStretchTheScenariosTiming) {
    TraceRun run = runText("title: connect then wait\n"
                           "server: listen(backlog=0)\n"
                           "client: connect()             => 0\n"
                           "client: c2 = socket()\n"
                           "client: fcntl(c2, O_NONBLOCK) => 0\n"
                           "client: connect(c2)           => -1 EINPROGRESS\n"
                           "client: usleep(300000)        => 0\n"
                           "client: close(c2)             => 0\n");
    expectCompleted(run);
    FINSCOPE_REQUIRE_CAPTURE(run);
    auto sleeps = run.calls("client", "nanosleep");
    auto closes = run.calls("client", "close");
    ASSERT_EQ(sleeps.size(), 1u);
    ASSERT_EQ(closes.size(), 1u);
    ASSERT_TRUE(sleeps[0].tExitNs.has_value());
    // Settling after usleep() used to wait for the SYN's retransmit timer up
    // to its 600 ms bound; what the step itself caused settles in
    // milliseconds. Half the old wait is a generous bound between the two.
    const double gap = static_cast<double>(closes[0].tEnterNs - *sleeps[0].tExitNs) / 1e9;
    EXPECT_LT(gap, 0.3) << "close() came " << gap << " s after usleep() returned: settling waited for an earlier "
                           "step's timer";
}
