// SPDX-License-Identifier: MIT
// Kernel truths of the scenario language's newer constructs (issue 7): a
// step queued behind a blocked call, deadlocks, together: blocks (crossing
// FINs), loops, connect(AF_UNSPEC), socket(SOCK_NONBLOCK), and expectations
// on the wire, on states, on durations and on signals. Each test runs the
// real `finscope` on the real kernel; order comes from the trace's own
// timestamps, never from sleeps.
#include "tracerun.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

namespace {

const std::string kConnected = "title: t\nserver: listen()\nclient: connect()\nserver: accept()\n";

TraceRun runText(const std::string& text) { return runScenario(writeTempScenario(text)); }

/// Whether packets were captured; a run that did not even start fails here.
bool captured(const TraceRun& run) {
    EXPECT_NE(run.runInfo(), nullptr) << "the scenario did not run: " << run.stderrText;
    return run.captured();
}

std::vector<ExpectEvent> failed(const TraceRun& run) {
    std::vector<ExpectEvent> out;
    for (const auto& e : run.all<ExpectEvent>())
        if (!e.ok) out.push_back(e);
    return out;
}

std::string describe(const TraceRun& run) {
    std::string out = "exit " + std::to_string(run.exitStatus) + ", stderr: " + run.stderrText;
    for (const auto& e : run.all<ExpectEvent>())
        out += "\n  line " + std::to_string(e.line) + (e.ok ? " ok: " : " FAILED: ") + e.expected + " / got " + e.actual;
    for (const auto& n : run.all<NoteEvent>()) out += "\n  note: " + n.text;
    if (const auto* s = run.summary()) out += "\n  summary error: " + s->error;
    return out;
}

const ExpectEvent* expectAt(const TraceRun& run, int line) {
    for (const auto& e : run.events)
        if (const auto* x = e.as<ExpectEvent>(); x && x->line == line) return x;
    return nullptr;
}

int fins(const TraceRun& run, const std::string& from) {
    int n = 0;
    for (const auto& p : run.all<PacketEvent>())
        n += p.from && *p.from == from && p.flags.find('F') != std::string::npos;
    return n;
}

} // namespace

// docs/scenario-format.md: a blocked endpoint's next step waits until the
// call returns, while the other endpoints go on.
TEST(Language, StepAfterBlockedCallWaitsForItsReturn) {
    TraceRun run = runText(kConnected +
                           "server: read() => 3, blocked, data=\"abc\"\n"  // line 5: blocks
                           "server: write(\"ok\") => 2\n"                 // line 6: queued
                           "client: write(\"abc\") => 3\n"                // line 7: wakes line 5
                           "client: read() => 2, data=\"ok\"\n");
    ASSERT_EQ(run.exitStatus, 0) << describe(run);
    EXPECT_TRUE(failed(run).empty()) << describe(run);
    const auto serverWrite = run.calls("server", "write");
    const auto clientWrite = run.calls("client", "write");
    const auto serverRead = run.calls("server", "read");
    ASSERT_EQ(serverWrite.size(), 1u);
    ASSERT_EQ(clientWrite.size(), 1u);
    ASSERT_EQ(serverRead.size(), 1u);
    // The queued write ran after the read it waited for had returned.
    EXPECT_GT(serverWrite[0].tEnterNs, *serverRead[0].tExitNs);
    EXPECT_GT(serverWrite[0].tEnterNs, clientWrite[0].tEnterNs);
}

TEST(Language, DeadlockMadeByFileOrderIsReported) {
    TraceRun run = runText(kConnected +
                           "server: read()\n"          // line 5: blocks
                           "server: write(\"x\") => 1\n"  // line 6: waits for line 5
                           "client: read()\n");        // line 7: blocks too: nobody is left to write
    EXPECT_EQ(run.exitStatus, 2) << describe(run);
    const SummaryEvent* s = run.summary();
    ASSERT_NE(s, nullptr);
    EXPECT_NE(s->error.find("deadlock"), std::string::npos) << s->error;
    EXPECT_NE(s->error.find("line 6"), std::string::npos) << s->error;
    const ExpectEvent* e = expectAt(run, 6);
    ASSERT_NE(e, nullptr) << describe(run);
    EXPECT_FALSE(e->ok);
    EXPECT_TRUE(run.calls("server", "write").empty());
}

// Crossing FINs are a race on loopback: what is always true is asserted,
// and how often both sides reached CLOSING is printed.
TEST(Language, SimultaneousShutdownOfBothSides) {
    const std::string text = kConnected +
                             "together:\n"
                             "  client: shutdown(SHUT_WR) => 0, no SIGPIPE\n"
                             "  server: shutdown(SHUT_WR) => 0\n"
                             "client: read() => 0\n"
                             "server: read() => 0\n";
    int closingBoth = 0;
    const int runs = 10;
    for (int i = 0; i < runs; ++i) {
        TraceRun run = runText(text);
        ASSERT_EQ(run.exitStatus, 0) << describe(run);
        bool timingNote = false;
        for (const auto& n : run.all<NoteEvent>()) timingNote |= n.text.rfind("timing-dependent:", 0) == 0;
        EXPECT_TRUE(timingNote) << describe(run);
        const auto c = run.calls("client", "shutdown");
        const auto s = run.calls("server", "shutdown");
        ASSERT_EQ(c.size(), 1u);
        ASSERT_EQ(s.size(), 1u);
        if (!captured(run)) continue;
        // Whoever went first, each side sends exactly one FIN (RFC 793).
        EXPECT_EQ(fins(run, "client"), 1) << describe(run);
        EXPECT_EQ(fins(run, "server"), 1) << describe(run);
        const auto cs = run.states("client");
        const auto ss = run.states("server");
        const bool cClosing = std::find(cs.begin(), cs.end(), "CLOSING") != cs.end();
        const bool sClosing = std::find(ss.begin(), ss.end(), "CLOSING") != ss.end();
        // Either the FINs crossed (both sides CLOSING, then TIME_WAIT) or
        // one side closed first (it alone reaches TIME_WAIT, the other
        // goes CLOSE_WAIT and LAST_ACK).
        const bool cTw = std::find(cs.begin(), cs.end(), "TIME_WAIT") != cs.end();
        const bool sTw = std::find(ss.begin(), ss.end(), "TIME_WAIT") != ss.end();
        EXPECT_TRUE(cTw || sTw);
        if (cClosing && sClosing) {
            ++closingBoth;
            EXPECT_TRUE(cTw && sTw);
        }
    }
    std::cout << "[ MEASURED ] crossing FINs (CLOSING on both sides): " << closingBoth << " of " << runs << " runs\n";
}

TEST(Language, ConnectAfUnspecResetsAndKeepsTheDescriptor) {
    TraceRun run = runText(kConnected +
                           "client: connect(sockfd, AF_UNSPEC) => 0, state=CLOSE\n"  // line 5
                           "server: read() => -1 ECONNRESET\n"
                           "client: connect(sockfd) => 0\n"                            // line 7: usable again
                           "server: c2 = accept()\n");
    ASSERT_EQ(run.exitStatus, 0) << describe(run);
    EXPECT_TRUE(failed(run).empty()) << describe(run);
    ASSERT_EQ(run.calls("client", "connect").size(), 3u);
    if (!captured(run)) GTEST_SKIP() << "no capture: packets not checked";
    int rsts = 0;
    for (const auto& p : run.all<PacketEvent>()) rsts += p.from && *p.from == "client" && p.flags.find('R') != std::string::npos;
    EXPECT_EQ(rsts, 1) << describe(run);
}

TEST(Language, LoopsUntilEagainUntilEofAndNTimes) {
    TraceRun run = runText(kConnected +
                           "client: write(\"x\") 3 times => 1\n"                            // line 5
                           "client: send(65536, MSG_DONTWAIT) until EAGAIN => -1 EAGAIN\n"  // line 6
                           "client: close()\n"
                           "server: read(1000000) until 0 => 0\n");                        // line 8
    ASSERT_EQ(run.exitStatus, 0) << describe(run);
    EXPECT_TRUE(failed(run).empty()) << describe(run);
    std::vector<SyscallEvent> sends, writes, reads;
    for (const auto& c : run.all<SyscallEvent>()) {
        if (c.line == 6 && c.call == "send") sends.push_back(c);
        if (c.line == 5 && c.call == "write") writes.push_back(c);
        if (c.line == 8 && c.call == "read" && c.phase != "blocked") reads.push_back(c);
    }
    ASSERT_GE(sends.size(), 2u);
    EXPECT_GT(*sends.front().ret, 0);  // the buffer took data before it was full
    EXPECT_EQ(*sends.back().ret, -1);
    EXPECT_EQ(writes.size(), 3u);
    ASSERT_GE(reads.size(), 2u);
    EXPECT_GT(*reads.front().ret, 0);
    EXPECT_EQ(*reads.back().ret, 0);
}

TEST(Language, SocketSockNonblock) {
    TraceRun run = runText(kConnected +
                           "client: s = socket(SOCK_NONBLOCK)\n"
                           "client: connect(s, 5000)\n"
                           "server: c2 = accept()\n"
                           "client: read(s) => -1 EAGAIN\n");
    ASSERT_EQ(run.exitStatus, 0) << describe(run);
    bool flagged = false;
    for (const auto& c : run.calls("client", "socket")) flagged |= c.args.find("SOCK_NONBLOCK") != std::string::npos;
    EXPECT_TRUE(flagged);
}

TEST(Language, WireStateOrphanAndDurationExpectations) {
    TraceRun run = runText(kConnected +
                           "client: close() => 0, wire=[> F., < .], state=FIN_WAIT2, orphan=yes\n"  // line 5
                           "server: poll(POLLIN, 200) => 1, revents=POLLIN, took < 100ms\n"            // line 6
                           "server: recv(flags=MSG_DONTWAIT) => 0, took < 1s\n"
                           "server: close() => 0, wire=[> F., < .], state=CLOSE\n");                 // line 8
    if (!captured(run)) GTEST_SKIP() << "no capture: wire= cannot be checked";
    ASSERT_EQ(run.exitStatus, 0) << describe(run);
    EXPECT_TRUE(failed(run).empty()) << describe(run);
    // The client's socket is TIME_WAIT after the server's FIN.
    const auto cs = run.states("client");
    EXPECT_NE(std::find(cs.begin(), cs.end(), "TIME_WAIT"), cs.end());
}

// Each of these expectations is false on every kernel: the run must say so.
TEST(Language, WrongExpectationsFail) {
    TraceRun run = runText(kConnected +
                           "client: close() => 0, wire=[> R]\n"           // line 5: a FIN, not a RST
                           "server: poll(POLLIN, 200) => 1, took >= 1s\n"  // line 6: the FIN is there: at once
                           "server: sleep(0) => 0\n"
                           "server: usleep(200000) => 0, took < 150ms\n"); // line 8: at least 200 ms
    EXPECT_EQ(run.exitStatus, 1) << describe(run);
    for (int line : {6, 8}) {
        const ExpectEvent* e = expectAt(run, line);
        ASSERT_NE(e, nullptr) << line;
        EXPECT_FALSE(e->ok) << line << ": " << e->actual;
    }
    if (captured(run)) {
        const ExpectEvent* e = expectAt(run, 5);
        ASSERT_NE(e, nullptr);
        EXPECT_FALSE(e->ok) << e->actual;
        EXPECT_NE(e->actual.find("wire=[> F."), std::string::npos) << e->actual;
    }
}

// `=> -1 EPIPE` is strict: a SIGPIPE it does not name fails it, whatever
// the disposition (here ignored, so the process lives on).
TEST(Language, SignalsAreStrict) {
    TraceRun run = runText(kConnected +
                           "server: signal(SIGPIPE, SIG_IGN)\n"
                           "client: setsockopt(SO_LINGER, on=1, linger=0)\n"
                           "client: close()\n"                                   // RST
                           "server: read() => -1 ECONNRESET\n"                  // the reset is consumed
                           "server: write(\"a\") => -1 EPIPE\n"                  // line 9: SIGPIPE not named
                           "server: write(\"b\") => -1 EPIPE, SIGPIPE\n"         // line 10
                           "server: send(\"c\", MSG_NOSIGNAL) => -1 EPIPE, no SIGPIPE\n");  // line 11
    EXPECT_EQ(run.exitStatus, 1) << describe(run);
    const ExpectEvent* strict = expectAt(run, 9);
    ASSERT_NE(strict, nullptr) << describe(run);
    EXPECT_FALSE(strict->ok) << strict->actual;
    EXPECT_EQ(strict->actual, "-1 EPIPE, SIGPIPE");
    const ExpectEvent* named = expectAt(run, 10);
    const ExpectEvent* none = expectAt(run, 11);
    ASSERT_NE(named, nullptr);
    ASSERT_NE(none, nullptr);
    EXPECT_TRUE(named->ok) << named->actual;
    EXPECT_TRUE(none->ok) << none->actual;
}
