// SPDX-License-Identifier: MIT
// Cause and effect on the real kernel: the `causes` and `why` the engine
// records must tie each FIN, RST, errno and end of file to the call, packet
// or kernel rule that produced it (docs/trace-format.md, "Causes"). Each test
// runs a catalogue scenario with the real `finscope` program and follows the
// chain by event ids; what is asserted are kernel facts (a FIN is sent by
// close(), ECONNREFUSED is the RST answering the SYN), not the wording.
#include "tracerun.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <regex>
#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

namespace {

#define FINSCOPE_REQUIRE_CAPTURE(run)                                                                          \
    do {                                                                                                       \
        ASSERT_NE((run).runInfo(), nullptr) << "the trace has no run event";                                  \
        if (!(run).captured())                                                                                 \
            GTEST_SKIP() << "no packet capture on this machine (" << (run).runInfo()->captureNote              \
                         << "); allow unprivileged user namespaces or run as root to test causes of packets"; \
    } while (0)

/// A run that completed with every expectation held.
TraceRun runOk(const std::string& id) {
    TraceRun run = runScenario(id);
    EXPECT_EQ(run.exitStatus, 0) << id << " stderr: " << run.stderrText;
    return run;
}

const TraceEvent* byId(const TraceRun& run, std::int64_t id) {
    for (const auto& e : run.events)
        if (e.id == id) return &e;
    return nullptr;
}

/// The first event that matches.
const TraceEvent* find(const TraceRun& run, const std::function<bool(const TraceEvent&)>& match) {
    for (const auto& e : run.events)
        if (match(e)) return &e;
    return nullptr;
}

/// A call that returned `ret` (and set `err`, if given); scenario lines are
/// not used, so that the catalogue's texts may change.
std::function<bool(const TraceEvent&)> call(const std::string& endpoint, const std::string& name,
                                            std::int64_t ret = 0, const std::string& err = "") {
    return [=](const TraceEvent& e) {
        const auto* c = e.as<SyscallEvent>();
        return c && c->endpoint == endpoint && c->call == name && c->phase != "blocked" && c->ret == ret &&
               c->errnoName.value_or("") == err;
    };
}

std::function<bool(const TraceEvent&)> packet(const std::string& from, char flag) {
    return [=](const TraceEvent& e) {
        const auto* p = e.as<PacketEvent>();
        return p && p->from.value_or("") == from && p->flags.find(flag) != std::string::npos;
    };
}

bool causedBy(const TraceEvent& effect, const TraceEvent* cause) {
    return cause && std::find(effect.causes.begin(), effect.causes.end(), cause->id) != effect.causes.end();
}

/// `cause` is reachable from `effect` through causes.
bool leadsTo(const TraceRun& run, const TraceEvent& effect, const TraceEvent* cause, int depth = 6) {
    if (!cause || depth == 0) return false;
    for (auto id : effect.causes) {
        if (id == cause->id) return true;
        if (const TraceEvent* e = byId(run, id); e && leadsTo(run, *e, cause, depth - 1)) return true;
    }
    return false;
}

TEST(Causes, EveryCauseNamesAnEventOfTheTrace) {
    for (const std::string id : {"write-after-peer-close", "close-with-unread-data", "server-killed"}) {
        TraceRun run = runOk(id);
        for (const auto& e : run.events)
            for (auto c : e.causes) {
                EXPECT_NE(byId(run, c), nullptr) << id << ": event " << e.id << " names missing cause " << c;
                EXPECT_NE(c, e.id) << id << ": event " << e.id << " causes itself";
            }
    }
}

TEST(Causes, WriteAfterPeerClose) {
    TraceRun run = runOk("write-after-peer-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* close = find(run, call("client", "close"));
    const TraceEvent* firstWrite = find(run, call("server", "write", 3));
    const TraceEvent* epipe = find(run, call("server", "write", -1, "EPIPE"));
    const TraceEvent* fin = find(run, packet("client", 'F'));
    const TraceEvent* rst = find(run, packet("client", 'R'));
    const TraceEvent* sigpipe = find(run, [](const TraceEvent& e) { return e.as<SignalEvent>() != nullptr; });
    ASSERT_TRUE(close && firstWrite && epipe && fin && rst && sigpipe);

    // The client's FIN left while close() was in the kernel: close() sent it.
    EXPECT_TRUE(causedBy(*fin, close)) << fin->why;
    EXPECT_NE(fin->why.find("close()"), std::string::npos) << fin->why;
    // The RST answers the data of the first write, for a socket close() had closed.
    EXPECT_TRUE(causedBy(*rst, close)) << rst->why;
    EXPECT_TRUE(leadsTo(run, *rst, firstWrite)) << rst->why;
    EXPECT_NE(rst->why.find("closed"), std::string::npos) << rst->why;
    // EPIPE comes from that RST (it arrived in CLOSE_WAIT), SIGPIPE from the failed write.
    EXPECT_TRUE(causedBy(*epipe, rst)) << epipe->why;
    EXPECT_TRUE(leadsTo(run, *epipe, firstWrite));
    EXPECT_TRUE(causedBy(*sigpipe, epipe)) << sigpipe->why;
    const TraceEvent* killed = find(run, [](const TraceEvent& e) { return e.as<ExitEvent>() != nullptr; });
    ASSERT_NE(killed, nullptr);
    EXPECT_TRUE(causedBy(*killed, sigpipe));
}

TEST(Causes, CloseWithUnreadData) {
    TraceRun run = runOk("close-with-unread-data");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* close = find(run, call("server", "close"));
    const TraceEvent* rst = find(run, packet("server", 'R'));
    const TraceEvent* reset = find(run, call("client", "recv", -1, "ECONNRESET"));
    const TraceEvent* eof = find(run, call("client", "recv"));
    ASSERT_TRUE(close && rst && reset && eof);
    EXPECT_EQ(find(run, packet("server", 'F')), nullptr) << "close() with unread data must not send FIN";

    EXPECT_TRUE(causedBy(*rst, close)) << rst->why;
    // The rule, with what the run measured: the 14 bytes of "unread request".
    EXPECT_NE(rst->why.find("14 unread bytes"), std::string::npos) << rst->why;
    EXPECT_TRUE(causedBy(*reset, rst)) << reset->why;
    // No FIN was ever sent: recv() = 0 comes from the reset too.
    EXPECT_TRUE(causedBy(*eof, rst)) << eof->why;
}

TEST(Causes, LingerAbortiveClose) {
    TraceRun run = runOk("linger-abortive-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* linger = find(run, call("client", "setsockopt"));
    const TraceEvent* close = find(run, call("client", "close"));
    const TraceEvent* rst = find(run, packet("client", 'R'));
    const TraceEvent* reset = find(run, call("server", "recv", -1, "ECONNRESET"));
    const TraceEvent* eof = find(run, call("server", "recv"));
    const TraceEvent* epipe = find(run, call("server", "send", -1, "EPIPE"));
    ASSERT_TRUE(linger && close && rst && reset && eof && epipe);

    EXPECT_TRUE(causedBy(*rst, close)) << rst->why;
    EXPECT_TRUE(causedBy(*rst, linger)) << rst->why;
    EXPECT_NE(rst->why.find("SO_LINGER"), std::string::npos) << rst->why;
    EXPECT_TRUE(causedBy(*reset, rst));
    EXPECT_TRUE(causedBy(*eof, rst));
    EXPECT_TRUE(causedBy(*epipe, rst));
}

TEST(Causes, ConnectionRefused) {
    TraceRun run = runOk("connection-refused");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* connect = find(run, call("client", "connect", -1, "ECONNREFUSED"));
    const TraceEvent* syn = find(run, packet("client", 'S'));
    const TraceEvent* rst = find(run, [](const TraceEvent& e) {
        const auto* p = e.as<PacketEvent>();
        return p && p->flags.find('R') != std::string::npos;
    });
    ASSERT_TRUE(connect && syn && rst);
    EXPECT_TRUE(causedBy(*syn, connect)) << syn->why;
    EXPECT_TRUE(causedBy(*rst, syn)) << rst->why;
    EXPECT_NE(rst->why.find("nothing listens"), std::string::npos) << rst->why;
    EXPECT_TRUE(causedBy(*connect, rst)) << connect->why;
}

TEST(Causes, KilledServerFinAndEndOfFile) {
    TraceRun run = runOk("server-killed");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* kill = find(run, call("server", "kill"));
    const TraceEvent* signal = find(run, [](const TraceEvent& e) { return e.as<SignalEvent>() != nullptr; });
    const TraceEvent* fin = find(run, packet("server", 'F'));
    const TraceEvent* eof = find(run, call("client", "recv"));
    ASSERT_TRUE(kill && signal && fin && eof);
    EXPECT_TRUE(causedBy(*signal, kill));
    // The signal is generated inside kill(), before the death it causes.
    EXPECT_LT(signal->tNs, fin->tNs);
    EXPECT_TRUE(causedBy(*fin, signal)) << fin->why;
    EXPECT_TRUE(causedBy(*eof, fin)) << eof->why;
}

TEST(Causes, AcceptOfAResetConnectionNamesItsPeerAndItsReset) {
    // The client resets the connection while it still waits in the accept
    // queue: Linux accepts it all the same (accept(2) gives the address it
    // came from), and the first recv() reports the reset.
    const std::string path = writeTempScenario("# SPDX-License-Identifier: MIT\n"
                                               "title: accept after reset\n"
                                               "server: listen()\n"
                                               "client: connect()   => 0\n"
                                               "client: setsockopt(SO_LINGER, on=1, linger=0)  => 0\n"
                                               "client: close()     => 0\n"
                                               "server: accept()\n"
                                               "server: recv()      => -1 ECONNRESET\n");
    TraceRun run = runOk(path);
    std::remove(path.c_str());
    FINSCOPE_REQUIRE_CAPTURE(run);
    const TraceEvent* accept = find(run, [](const TraceEvent& e) {
        const auto* c = e.as<SyscallEvent>();
        return c && c->call == "accept" && c->ret && *c->ret >= 0;
    });
    const TraceEvent* rst = find(run, packet("client", 'R'));
    const TraceEvent* reset = find(run, call("server", "recv", -1, "ECONNRESET"));
    ASSERT_TRUE(accept && rst && reset);
    EXPECT_TRUE(std::regex_search(accept->as<SyscallEvent>()->result, std::regex(R"(from 127\.0\.0\.1:[0-9]+$)")))
        << accept->as<SyscallEvent>()->result;
    EXPECT_TRUE(causedBy(*reset, rst)) << reset->why;
}

} // namespace
