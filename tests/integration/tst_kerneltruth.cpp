// SPDX-License-Identifier: MIT
// Kernel truths of the built-in scenarios: what their `=>` lines cannot
// say. Packet flag sequences, the TCP states each side reaches, signals and
// how they were taken, exits, stale errno, blocked calls. Every test runs the
// real `finscope` program on the real kernel (tracerun.h); nothing sleeps and
// nothing measures time: order comes from the trace's own timestamps.
#include "tracerun.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

namespace {

/// Packet assertions need a capture; without one they must say so and skip.
#define FINSCOPE_REQUIRE_CAPTURE(run)                                                                          \
    do {                                                                                                       \
        const auto* info_ = (run).runInfo();                                                                   \
        ASSERT_NE(info_, nullptr) << "the trace has no run event";                                            \
        if (!(run).captured())                                                                                 \
            GTEST_SKIP() << "no packet capture on this machine (capture \"none\": " << info_->captureNote      \
                         << "). To enable it, allow unprivileged user namespaces (sysctl "                     \
                            "kernel.unprivileged_userns_clone=1, or on Ubuntu "                                \
                            "kernel.apparmor_restrict_unprivileged_userns=0), or run the tests as root or "    \
                            "with CAP_NET_RAW and CAP_NET_ADMIN.";                                              \
    } while (0)

/// Runs a built-in scenario and checks that it completed with every
/// expectation held (exit status 0, summary ok).
TraceRun runOk(const std::string& id) {
    TraceRun run = runScenario(id);
    EXPECT_EQ(run.exitStatus, 0) << id << " stderr: " << run.stderrText;
    const SummaryEvent* s = run.summary();
    EXPECT_NE(s, nullptr) << id << ": no summary event";
    if (s) {
        EXPECT_TRUE(s->ok) << id << ": " << s->failed << " failed, error: " << s->error;
        EXPECT_EQ(s->failed, 0) << id;
        EXPECT_TRUE(s->error.empty()) << id << ": " << s->error;
    }
    for (const auto& e : run.all<ExpectEvent>())
        EXPECT_TRUE(e.ok) << id << " line " << e.line << ": expected " << e.expected << ", got " << e.actual;
    return run;
}

/// A packet with the time it was captured (the trace event's t_ns).
struct Packet : PacketEvent {
    std::int64_t t = 0;
    std::int64_t tNs() const { return t; }
};

std::vector<Packet> packets(const TraceRun& run) {
    std::vector<Packet> out;
    for (const auto& e : run.events)
        if (const auto* p = e.as<PacketEvent>()) {
            Packet q;
            static_cast<PacketEvent&>(q) = *p;
            q.t = e.tNs;
            out.push_back(q);
        }
    return out;
}

bool hasFlag(const PacketEvent& p, char f) { return p.flags.find(f) != std::string::npos; }

std::vector<Packet> packetsFrom(const TraceRun& run, const std::string& endpoint) {
    std::vector<Packet> out;
    for (const auto& p : packets(run))
        if (p.from && *p.from == endpoint) out.push_back(p);
    return out;
}

/// Flags of the packets in order, as "from:flags" ("client:F.").
std::string flagTrail(const TraceRun& run) {
    std::string out;
    for (const auto& p : packets(run)) out += (out.empty() ? "" : " ") + p.from.value_or("?") + ":" + p.flags;
    return out;
}

/// The states one socket of an endpoint went through, in order, without repeats.
std::vector<std::string> statesOf(const TraceRun& run, const std::string& endpoint, const std::string& socket) {
    std::vector<std::string> out;
    for (const auto& s : run.all<StateEvent>())
        if (s.endpoint == endpoint && s.socket == socket && (out.empty() || out.back() != s.state))
            out.push_back(s.state);
    return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
    return out;
}

/// The position of `x` in `v`, or -1.
long indexOf(const std::vector<std::string>& v, const std::string& x) {
    auto it = std::find(v.begin(), v.end(), x);
    return it == v.end() ? -1 : static_cast<long>(it - v.begin());
}

std::vector<SignalEvent> signalsOf(const TraceRun& run, const std::string& endpoint) {
    std::vector<SignalEvent> out;
    for (const auto& s : run.all<SignalEvent>())
        if (s.endpoint == endpoint) out.push_back(s);
    return out;
}

std::optional<ExitEvent> exitOf(const TraceRun& run, const std::string& endpoint) {
    for (const auto& e : run.all<ExitEvent>())
        if (e.endpoint == endpoint) return e;
    return std::nullopt;
}

void expectKilledBy(const TraceRun& run, const std::string& endpoint, const std::string& signal) {
    auto ex = exitOf(run, endpoint);
    ASSERT_TRUE(ex.has_value()) << endpoint << " has no exit event";
    ASSERT_TRUE(ex->signal.has_value()) << endpoint << " exited with status " << ex->status.value_or(-1);
    EXPECT_EQ(*ex->signal, signal);
    EXPECT_FALSE(ex->status.has_value());
}

void expectNotKilled(const TraceRun& run, const std::string& endpoint) {
    auto ex = exitOf(run, endpoint);
    if (ex) { EXPECT_FALSE(ex->signal.has_value()) << endpoint << " was killed by " << ex->signal.value_or(""); }
}

void expectNoSignals(const TraceRun& run, const std::string& endpoint) {
    for (const auto& s : signalsOf(run, endpoint))
        ADD_FAILURE() << endpoint << " got " << s.signal << " (" << s.disposition << ")";
}

/// The SIGPIPE raised by the call `callId` and how it was taken.
void expectSigpipe(const TraceRun& run, const std::string& endpoint, std::int64_t callId,
                   const std::string& disposition, const std::string& action) {
    auto sigs = signalsOf(run, endpoint);
    ASSERT_EQ(sigs.size(), 1u) << endpoint << " should get exactly one signal";
    EXPECT_EQ(sigs[0].signal, "SIGPIPE");
    EXPECT_EQ(sigs[0].disposition, disposition);
    EXPECT_EQ(sigs[0].action, action);
    ASSERT_TRUE(sigs[0].callId.has_value());
    EXPECT_EQ(*sigs[0].callId, callId) << "SIGPIPE must be tied to the call that raised it";
}

void expectResult(const SyscallEvent& c, std::int64_t ret, const std::optional<std::string>& err = std::nullopt) {
    ASSERT_TRUE(c.ret.has_value()) << c.call << " line " << c.line << " never returned";
    EXPECT_EQ(*c.ret, ret) << c.call << "(" << c.args << ") line " << c.line;
    EXPECT_EQ(c.errnoName, err) << c.call << "(" << c.args << ") line " << c.line;
}

// --------------------------------------------------------------- Closing

TEST(GracefulClose, FourSegmentsTwoFinsEachAcknowledged) {
    TraceRun run = runOk("graceful-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    std::vector<std::size_t> fins;
    for (std::size_t i = 0; i < ps.size(); ++i) {
        EXPECT_FALSE(hasFlag(ps[i], 'R')) << "a graceful close sends no reset: " << flagTrail(run);
        if (hasFlag(ps[i], 'F')) fins.push_back(i);
    }
    ASSERT_EQ(fins.size(), 2u) << flagTrail(run);
    const Packet& fin1 = ps[fins[0]];
    const Packet& fin2 = ps[fins[1]];
    EXPECT_EQ(fin1.from, std::optional<std::string>("client")) << "the client closes first";
    EXPECT_EQ(fin2.from, std::optional<std::string>("server"));
    EXPECT_EQ(fin1.flags, "F.");
    EXPECT_EQ(fin2.flags, "F.");
    // Between the FINs: the server's pure ACK of the client's FIN (seq + 1).
    bool acked1 = false;
    for (std::size_t i = fins[0] + 1; i < fins[1]; ++i)
        if (ps[i].flags == "." && ps[i].from == std::optional<std::string>("server") && ps[i].ack == fin1.seq + 1)
            acked1 = true;
    EXPECT_TRUE(acked1) << "the server acknowledges the client's FIN on its own: " << flagTrail(run);
    // After the second FIN: the client's last ACK, and nothing else.
    ASSERT_EQ(fins[1] + 2, ps.size()) << flagTrail(run);
    EXPECT_EQ(ps.back().flags, ".");
    EXPECT_EQ(ps.back().from, std::optional<std::string>("client"));
    EXPECT_EQ(ps.back().ack, fin2.seq + 1);
}

TEST(GracefulClose, ActiveCloserEndsInTimeWait) {
    TraceRun run = runOk("graceful-close");
    const auto client = statesOf(run, "client", "sockfd");
    const auto server = statesOf(run, "server", "connfd");
    EXPECT_TRUE(contains(client, "FIN_WAIT2")) << join(client);
    EXPECT_EQ(client.empty() ? "" : client.back(), "TIME_WAIT") << join(client);
    EXPECT_TRUE(contains(server, "CLOSE_WAIT")) << join(server);
    EXPECT_FALSE(contains(server, "TIME_WAIT")) << "the passive closer never enters TIME_WAIT: " << join(server);
    // FIN_WAIT2 without a descriptor is seen by sock_diag as an orphan.
    bool orphanFinWait2 = false;
    for (const auto& s : run.all<StateEvent>())
        if (s.endpoint == "client" && s.state == "FIN_WAIT2" && s.source == "sampled" && s.orphan) orphanFinWait2 = true;
    EXPECT_TRUE(orphanFinWait2) << "the client's closed socket waits in FIN_WAIT2 without a descriptor";
}

// --------------------------------------------------------------- Reading after close

TEST(PeerClosedRecvZero, RecvZeroLeavesStaleEagain) {
    TraceRun run = runOk("peer-closed-recv-zero");
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 3u);
    expectResult(recvs[0], -1, "EAGAIN");
    EXPECT_FALSE(recvs[0].errnoStale);
    const SyscallEvent& eof = recvs[2];
    expectResult(eof, 0);
    EXPECT_TRUE(eof.errnoStale) << "recv() == 0 does not set errno; the earlier EAGAIN is still there";
    EXPECT_EQ(eof.staleErrno, std::optional<std::string>("EAGAIN"));
}

TEST(PeerClosedRecvZero, FinFromClientBeforeEof) {
    TraceRun run = runOk("peer-closed-recv-zero");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 3u);
    std::optional<std::int64_t> finAt;
    for (const auto& p : packetsFrom(run, "client"))
        if (hasFlag(p, 'F') && !finAt) finAt = p.tNs();
    ASSERT_TRUE(finAt.has_value()) << flagTrail(run);
    EXPECT_LT(*finAt, recvs[2].tEnterNs) << "recv() returns 0 because the FIN arrived before it";
}

// --------------------------------------------------------------- Writing after close

TEST(WriteAfterPeerClose, FirstWriteDrawsResetSecondKillsWithSigpipe) {
    TraceRun run = runOk("write-after-peer-close");
    const auto writes = run.calls("server", "write");
    ASSERT_EQ(writes.size(), 2u);
    expectResult(writes[0], 3);
    expectResult(writes[1], -1, "EPIPE");
    expectSigpipe(run, "server", writes[1].callId, "delivered", "terminate");
    expectKilledBy(run, "server", "SIGPIPE");
    expectNotKilled(run, "client");
}

TEST(WriteAfterPeerClose, ClosedClientAnswersDataWithReset) {
    TraceRun run = runOk("write-after-peer-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    auto data = std::find_if(ps.begin(), ps.end(), [](const PacketEvent& p) { return p.len == 3; });
    ASSERT_NE(data, ps.end()) << flagTrail(run);
    EXPECT_EQ(data->from, std::optional<std::string>("server"));
    EXPECT_EQ(data->flags, "P.");
    auto rst = std::find_if(data, ps.end(), [](const PacketEvent& p) { return hasFlag(p, 'R'); });
    ASSERT_NE(rst, ps.end()) << "the client's kernel must answer with RST: " << flagTrail(run);
    EXPECT_EQ(rst->from, std::optional<std::string>("client"));
    EXPECT_EQ(rst->flags, "R");
    EXPECT_EQ(rst->seqAbs, data->ackAbs) << "a reset answering an ACK takes its sequence number from that ACK";
    // The second write fails locally: no more data leaves the server.
    EXPECT_EQ(std::count_if(ps.begin(), ps.end(), [](const PacketEvent& p) { return p.len > 0; }), 1) << flagTrail(run);
}

TEST(MsgNosignal, EpipeWithoutSignalProcessLives) {
    TraceRun run = runOk("msg-nosignal");
    const auto sends = run.calls("server", "send");
    ASSERT_EQ(sends.size(), 3u);
    expectResult(sends[0], 3);
    expectResult(sends[1], -1, "EPIPE");
    expectResult(sends[2], -1, "EPIPE");
    expectNoSignals(run, "server");
    expectNotKilled(run, "server");
    const auto closes = run.calls("server", "close");
    ASSERT_EQ(closes.size(), 1u) << "the server lives on and closes its socket";
    expectResult(closes[0], 0);
}

TEST(MsgNosignal, ResetAfterFirstSend) {
    TraceRun run = runOk("msg-nosignal");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    const auto resets = std::count_if(ps.begin(), ps.end(), [](const Packet& p) { return hasFlag(p, 'R'); });
    EXPECT_EQ(resets, 1) << flagTrail(run);
    for (const auto& p : packetsFrom(run, "client"))
        if (hasFlag(p, 'R')) { EXPECT_EQ(p.flags, "R"); }
}

TEST(SigpipeIgnored, SignalGeneratedButIgnored) {
    TraceRun run = runOk("sigpipe-ignored");
    const auto writes = run.calls("server", "write");
    ASSERT_EQ(writes.size(), 2u);
    expectResult(writes[1], -1, "EPIPE");
    expectSigpipe(run, "server", writes[1].callId, "ignored", "ignore");
    expectNotKilled(run, "server");
    const auto sig = run.calls("server", "sigaction");
    ASSERT_EQ(sig.size(), 1u);
    expectResult(sig[0], 0);
}

TEST(SocketpairAndPipe, EpipeOnFirstWriteAndNoPacketsAtAll) {
    TraceRun run = runOk("socketpair-and-pipe");
    const auto sends = run.calls("local", "send");
    ASSERT_EQ(sends.size(), 1u);
    expectResult(sends[0], -1, "EPIPE");
    const auto writes = run.calls("local", "write");
    ASSERT_EQ(writes.size(), 1u);
    expectResult(writes[0], -1, "EPIPE");
    expectSigpipe(run, "local", writes[0].callId, "ignored", "ignore");
    for (const auto& s : run.all<StateEvent>()) ADD_FAILURE() << "no TCP socket here, yet a state: " << s.state;
    FINSCOPE_REQUIRE_CAPTURE(run);
    EXPECT_TRUE(packets(run).empty()) << "local IPC puts nothing on the wire: " << flagTrail(run);
    ASSERT_NE(run.summary(), nullptr);
    EXPECT_EQ(run.summary()->packets, 0);
}

// --------------------------------------------------------------- Half-close

TEST(ShutdownHalfClose, DataFlowsAfterOurFin) {
    TraceRun run = runOk("shutdown-half-close");
    const auto reads = run.calls("client", "read");
    ASSERT_EQ(reads.size(), 2u);
    expectResult(reads[0], 8);
    EXPECT_EQ(reads[0].result, "\"response\"");
    const auto client = statesOf(run, "client", "sockfd");
    EXPECT_TRUE(contains(client, "FIN_WAIT2")) << join(client);
    const auto server = statesOf(run, "server", "connfd");
    EXPECT_TRUE(contains(server, "CLOSE_WAIT")) << join(server);
    // The half-closer sent the first FIN: it is the one that waits.
    bool timeWait = false;
    for (const auto& s : run.all<StateEvent>())
        if (s.endpoint == "client" && s.state == "TIME_WAIT") timeWait = true;
    EXPECT_TRUE(timeWait) << "the client, which sent the first FIN, ends in TIME_WAIT";
}

TEST(ShutdownHalfClose, ServerDataAfterClientFin) {
    TraceRun run = runOk("shutdown-half-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    auto clientFin = std::find_if(ps.begin(), ps.end(), [](const PacketEvent& p) {
        return hasFlag(p, 'F') && p.from == std::optional<std::string>("client");
    });
    ASSERT_NE(clientFin, ps.end()) << flagTrail(run);
    auto response = std::find_if(clientFin, ps.end(), [](const PacketEvent& p) {
        return p.len == 8 && p.from == std::optional<std::string>("server");
    });
    EXPECT_NE(response, ps.end()) << "the server's data follows the client's FIN: " << flagTrail(run);
    for (const auto& p : ps) EXPECT_FALSE(hasFlag(p, 'R')) << flagTrail(run);
    EXPECT_EQ(std::count_if(ps.begin(), ps.end(), [](const PacketEvent& p) { return hasFlag(p, 'F'); }), 2);
}

TEST(ShutdownThenWrite, LocalEpipeAndSigpipe) {
    TraceRun run = runOk("shutdown-then-write");
    const auto writes = run.calls("client", "write");
    ASSERT_EQ(writes.size(), 1u);
    expectResult(writes[0], -1, "EPIPE");
    expectSigpipe(run, "client", writes[0].callId, "delivered", "terminate");
    expectKilledBy(run, "client", "SIGPIPE");
}

TEST(ShutdownThenWrite, NothingSentAfterFin) {
    TraceRun run = runOk("shutdown-then-write");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    for (const auto& p : ps) {
        EXPECT_EQ(p.len, 0u) << "no data leaves the client: " << flagTrail(run);
        if (p.from == std::optional<std::string>("client")) { EXPECT_FALSE(hasFlag(p, 'R')) << flagTrail(run); }
    }
    EXPECT_EQ(std::count_if(ps.begin(), ps.end(), [](const PacketEvent& p) { return p.flags == "F."; }), 1);
}

// --------------------------------------------------------------- Abortive close

TEST(LingerAbortiveClose, PeerSeesResetThenShutdown) {
    TraceRun run = runOk("linger-abortive-close");
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 2u);
    expectResult(recvs[0], -1, "ECONNRESET");
    expectResult(recvs[1], 0);
    const auto writes = run.calls("server", "write");
    ASSERT_EQ(writes.size(), 2u);
    expectResult(writes[0], -1, "ECONNRESET");
    expectResult(writes[1], -1, "EPIPE");
    // Only the second write raises SIGPIPE: ECONNRESET is not a broken pipe.
    expectSigpipe(run, "server", writes[1].callId, "delivered", "terminate");
    expectKilledBy(run, "server", "SIGPIPE");
    for (const auto& s : run.all<StateEvent>())
        EXPECT_NE(s.state, "TIME_WAIT") << "an abortive close leaves no TIME_WAIT (" << s.endpoint << ")";
}

TEST(LingerAbortiveClose, ResetInsteadOfFin) {
    TraceRun run = runOk("linger-abortive-close");
    FINSCOPE_REQUIRE_CAPTURE(run);
    int resets = 0;
    for (const auto& p : packetsFrom(run, "client")) {
        EXPECT_FALSE(hasFlag(p, 'F')) << "the closer sends no FIN: " << flagTrail(run);
        if (hasFlag(p, 'R')) {
            ++resets;
            EXPECT_TRUE(p.flags == "R." || p.flags == "R") << p.flags;
        }
    }
    EXPECT_EQ(resets, 2) << "one reset per aborted connection: " << flagTrail(run);
    for (const auto& p : packetsFrom(run, "server")) EXPECT_FALSE(hasFlag(p, 'R')) << flagTrail(run);
}

TEST(CloseWithUnreadData, ResetFromTheCloserAndEconnresetThenZero) {
    TraceRun run = runOk("close-with-unread-data");
    const auto recvs = run.calls("client", "recv");
    ASSERT_EQ(recvs.size(), 2u);
    expectResult(recvs[0], -1, "ECONNRESET");
    expectResult(recvs[1], 0);
    EXPECT_TRUE(recvs[1].errnoStale);
    EXPECT_EQ(recvs[1].staleErrno, std::optional<std::string>("ECONNRESET"));
    for (const auto& s : run.all<StateEvent>()) {
        EXPECT_NE(s.state, "TIME_WAIT") << s.endpoint;
        EXPECT_NE(s.state, "FIN_WAIT1") << s.endpoint;
    }
}

TEST(CloseWithUnreadData, RstNotFin) {
    TraceRun run = runOk("close-with-unread-data");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto ps = packets(run);
    for (const auto& p : ps) EXPECT_FALSE(hasFlag(p, 'F')) << "no FIN at all: " << flagTrail(run);
    ASSERT_FALSE(ps.empty());
    EXPECT_EQ(ps.back().flags, "R.") << flagTrail(run);
    EXPECT_EQ(ps.back().from, std::optional<std::string>("server"));
    // The unread bytes had been acknowledged: the reset acknowledges them too.
    auto data = std::find_if(ps.begin(), ps.end(), [](const PacketEvent& p) { return p.len == 14; });
    ASSERT_NE(data, ps.end());
    EXPECT_EQ(ps.back().ack, data->seq + 14);
}

TEST(RstWithQueuedData, QueuedBytesFirstThenEconnresetThenZero) {
    TraceRun run = runOk("rst-with-queued-data");
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 3u);
    expectResult(recvs[0], 6);
    EXPECT_EQ(recvs[0].result, "\"queued\"");
    expectResult(recvs[1], -1, "ECONNRESET");
    expectResult(recvs[2], 0);
}

TEST(RstWithQueuedData, ResetArrivedBeforeTheReads) {
    TraceRun run = runOk("rst-with-queued-data");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 3u);
    std::optional<Packet> rst;
    for (const auto& p : packets(run)) {
        EXPECT_FALSE(hasFlag(p, 'F')) << flagTrail(run);
        if (hasFlag(p, 'R')) rst = p;
    }
    ASSERT_TRUE(rst.has_value()) << flagTrail(run);
    EXPECT_EQ(rst->from, std::optional<std::string>("client"));
    EXPECT_EQ(rst->flags, "R.");
    EXPECT_EQ(rst->seq, 7u) << "the reset follows the 6 data bytes";
    EXPECT_LT(rst->tNs(), recvs[0].tEnterNs) << "the data is read although the reset came first";
}

// --------------------------------------------------------------- Readiness

TEST(PollAfterFinAndRst, PendingErrorReadBySoError) {
    TraceRun run = runOk("poll-after-fin-and-rst");
    const auto get = run.calls("server", "getsockopt");
    ASSERT_EQ(get.size(), 1u);
    expectResult(get[0], 0);
    EXPECT_NE(get[0].result.find("value=EPIPE"), std::string::npos) << get[0].result;
    const auto reads = run.calls("server", "read");
    ASSERT_EQ(reads.size(), 2u);
    expectResult(reads[1], 0);  // end of file wins over the pending EPIPE
    const auto polls = run.calls("server", "poll");
    int withErr = 0;
    for (const auto& p : polls)
        if (p.result.find("POLLERR") != std::string::npos) ++withErr;
    EXPECT_EQ(withErr, 3) << "POLLERR only while an error is pending";
}

TEST(PollAfterFinAndRst, ResetsOnBothConnections) {
    TraceRun run = runOk("poll-after-fin-and-rst");
    FINSCOPE_REQUIRE_CAPTURE(run);
    std::vector<std::string> resets;
    for (const auto& p : packetsFrom(run, "client"))
        if (hasFlag(p, 'R')) resets.push_back(p.flags);
    ASSERT_EQ(resets.size(), 2u) << flagTrail(run);
    EXPECT_EQ(resets[0], "R") << "the orphaned client answers data with a bare RST";
    EXPECT_EQ(resets[1], "R.") << "SO_LINGER 0 on an ESTABLISHED socket sends RST|ACK";
}

TEST(NonblockingRecv, EagainWhileHealthyZeroAfterFin) {
    TraceRun run = runOk("nonblocking-recv-eagain-vs-eof");
    const auto fcntls = run.calls("server", "fcntl");
    ASSERT_EQ(fcntls.size(), 2u) << "fcntl(F_GETFL) then fcntl(F_SETFL)";
    EXPECT_NE(fcntls[1].args.find("O_NONBLOCK"), std::string::npos);
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 4u);
    expectResult(recvs[0], -1, "EAGAIN");
    expectResult(recvs[2], -1, "EAGAIN");
    expectResult(recvs[3], 0);
    EXPECT_TRUE(recvs[3].errnoStale);
    EXPECT_EQ(recvs[3].staleErrno, std::optional<std::string>("EAGAIN"));
    for (const auto& c : run.all<SyscallEvent>())
        if (c.endpoint == "server" && c.call == "recv") { EXPECT_FALSE(c.blocked) << "a non-blocking recv never blocks"; }
}

TEST(NonblockingRecv, FinIsWhatEndsIt) {
    TraceRun run = runOk("nonblocking-recv-eagain-vs-eof");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto recvs = run.calls("server", "recv");
    ASSERT_EQ(recvs.size(), 4u);
    int finsBefore = 0;
    for (const auto& p : packetsFrom(run, "client")) {
        EXPECT_FALSE(hasFlag(p, 'R'));
        if (hasFlag(p, 'F') && p.tNs() < recvs[3].tEnterNs) ++finsBefore;
    }
    EXPECT_EQ(finsBefore, 1) << flagTrail(run);
}

// --------------------------------------------------------------- Processes

TEST(ServerKilled, SigintKillsAndBlockedRecvReturnsZero) {
    TraceRun run = runOk("server-killed");
    const auto kills = run.calls("server", "kill");
    ASSERT_EQ(kills.size(), 1u);
    expectResult(kills[0], 0);
    auto sigs = signalsOf(run, "server");
    ASSERT_EQ(sigs.size(), 1u);
    EXPECT_EQ(sigs[0].signal, "SIGINT");
    EXPECT_EQ(sigs[0].disposition, "delivered");
    EXPECT_EQ(sigs[0].action, "terminate");
    expectKilledBy(run, "server", "SIGINT");
    // The client's recv(): shown blocked at entry, then its return.
    std::optional<SyscallEvent> blocked;
    std::optional<SyscallEvent> returned;
    for (const auto& c : run.all<SyscallEvent>()) {
        if (c.endpoint != "client" || c.call != "recv") continue;
        if (c.phase == "blocked") blocked = c;
        if (c.phase == "return") returned = c;
    }
    // The server was killed inside its own blocked recv(): it never returns.
    int serverBlocked = 0;
    for (const auto& c : run.all<SyscallEvent>()) {
        if (c.endpoint != "server" || c.call != "recv") continue;
        EXPECT_EQ(c.phase, "blocked") << "the killed server's recv() never returns";
        ++serverBlocked;
    }
    EXPECT_EQ(serverBlocked, 1);
    ASSERT_TRUE(blocked.has_value()) << "the client's recv() must be reported blocked";
    ASSERT_TRUE(returned.has_value()) << "and its return reported later";
    EXPECT_FALSE(blocked->ret.has_value());
    EXPECT_TRUE(blocked->blocked);
    EXPECT_TRUE(returned->blocked);
    EXPECT_EQ(returned->callId, blocked->callId);
    expectResult(*returned, 0);
    EXPECT_GT(returned->tExitNs.value_or(0), kills[0].tEnterNs) << "the recv returns because of the kill";
    // The dead server's connection lives on without a descriptor.
    bool orphan = false;
    for (const auto& s : run.all<StateEvent>())
        if (s.endpoint == "server" && s.state == "FIN_WAIT2" && s.source == "sampled" && s.orphan) orphan = true;
    EXPECT_TRUE(orphan) << "the killed server's socket waits in FIN_WAIT2, orphaned";
    EXPECT_TRUE(contains(statesOf(run, "server", "connfd"), "TIME_WAIT"));
}

TEST(ServerKilled, KernelSendsFinAfterTheKill) {
    TraceRun run = runOk("server-killed");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto kills = run.calls("server", "kill");
    ASSERT_EQ(kills.size(), 1u);
    std::vector<Packet> fins;
    for (const auto& p : packets(run)) {
        EXPECT_FALSE(hasFlag(p, 'R')) << "a killed process closes gracefully: " << flagTrail(run);
        if (hasFlag(p, 'F')) fins.push_back(p);
    }
    ASSERT_EQ(fins.size(), 2u) << flagTrail(run);
    EXPECT_EQ(fins[0].from, std::optional<std::string>("server"));
    EXPECT_GT(fins[0].tNs(), kills[0].tEnterNs) << "the FIN is sent by the dying process's kernel";
}

TEST(ForkSharedSocket, ForkedEndpointsAndSharedShutdown) {
    TraceRun run = runOk("fork-shared-socket");
    const auto forks = run.calls("server", "fork");
    ASSERT_EQ(forks.size(), 2u);
    for (const auto& f : forks) {
        ASSERT_TRUE(f.ret.has_value());
        EXPECT_GT(*f.ret, 0) << "the parent reports the child's pid";
    }
    const auto sends = run.calls("helper", "send");
    ASSERT_EQ(sends.size(), 1u);
    expectResult(sends[0], -1, "EPIPE");
    expectNoSignals(run, "helper");
    const auto recvs = run.calls("helper", "recv");
    ASSERT_EQ(recvs.size(), 1u);
    expectResult(recvs[0], 2);
}

TEST(ForkSharedSocket, CloseSendsNothingUntilTheLastReference) {
    TraceRun run = runOk("fork-shared-socket");
    FINSCOPE_REQUIRE_CAPTURE(run);
    const auto serverClose = run.calls("server", "close");
    const auto workerClose = run.calls("worker", "close");
    const auto shutdowns = run.calls("server", "shutdown");
    const auto helperSend = run.calls("helper", "send");
    ASSERT_EQ(serverClose.size(), 1u);
    ASSERT_EQ(workerClose.size(), 1u);
    ASSERT_EQ(shutdowns.size(), 1u);
    ASSERT_EQ(helperSend.size(), 1u);
    std::vector<Packet> fins;
    for (const auto& p : packets(run)) {
        EXPECT_FALSE(hasFlag(p, 'R')) << flagTrail(run);
        if (p.tNs() > serverClose[0].tEnterNs && p.tNs() < workerClose[0].tEnterNs) {
            EXPECT_TRUE(p.len > 0 || p.flags == ".") << "the parent's close() sent " << p.flags;
        }
        // The first FIN of each connection is the server side's.
        if (hasFlag(p, 'F') && p.from != std::optional<std::string>("client")) fins.push_back(p);
    }
    ASSERT_EQ(fins.size(), 2u) << flagTrail(run);
    EXPECT_GT(fins[0].tNs(), workerClose[0].tEnterNs) << "FIN only with the last close()";
    EXPECT_GT(fins[1].tNs(), shutdowns[0].tEnterNs);
    EXPECT_LT(fins[1].tNs(), helperSend[0].tEnterNs) << "shutdown() sends FIN at once, other holders or not";
}

// --------------------------------------------------------------- Connecting and ports

TEST(ConnectionRefused, SynAnsweredByRst) {
    TraceRun run = runOk("connection-refused");
    const auto connects = run.calls("client", "connect");
    ASSERT_EQ(connects.size(), 1u);
    expectResult(connects[0], -1, "ECONNREFUSED");
    FINSCOPE_REQUIRE_CAPTURE(run);
    EXPECT_EQ(run.flags(), (std::vector<std::string>{"S", "R."})) << flagTrail(run);
    const auto ps = packets(run);
    ASSERT_EQ(ps.size(), 2u);
    EXPECT_EQ(ps[1].ackAbs, ps[0].seqAbs + 1) << "the reset acknowledges the SYN";
    EXPECT_EQ(ps[1].src, ps[0].dst);
}

TEST(TimeWaitRebind, ReuseaddrNeededOnOldAndNewSocket) {
    TraceRun run = runOk("time-wait-rebind");
    const auto binds = run.calls("server", "bind");
    // listen(5000)'s bind, then s1 twice, l2, then s2 twice.
    ASSERT_EQ(binds.size(), 6u);
    expectResult(binds[0], 0);
    expectResult(binds[1], -1, "EADDRINUSE");
    expectResult(binds[2], -1, "EADDRINUSE");
    expectResult(binds[3], 0);
    expectResult(binds[4], -1, "EADDRINUSE");
    expectResult(binds[5], 0);
    int serverTimeWaits = 0;
    for (const auto& s : run.all<StateEvent>()) {
        if (s.state != "TIME_WAIT") continue;
        EXPECT_EQ(s.endpoint, "server") << "only the active closer holds TIME_WAIT";
        ++serverTimeWaits;
    }
    EXPECT_GE(serverTimeWaits, 2) << "both server connections end in TIME_WAIT";
}

TEST(TimeWaitRebind, ServerSendsTheFirstFin) {
    TraceRun run = runOk("time-wait-rebind");
    FINSCOPE_REQUIRE_CAPTURE(run);
    std::vector<std::string> finSenders;
    for (const auto& p : packets(run))
        if (hasFlag(p, 'F')) finSenders.push_back(p.from.value_or("?"));
    EXPECT_EQ(finSenders, (std::vector<std::string>{"server", "client", "server", "client"})) << flagTrail(run);
}

// --------------------------------------------------------------- Leaks

TEST(CloseWaitLeak, StaysInCloseWait) {
    TraceRun run = runOk("close-wait-leak");
    const auto server = statesOf(run, "server", "connfd");
    ASSERT_FALSE(server.empty());
    EXPECT_EQ(server.back(), "CLOSE_WAIT") << join(server);
    EXPECT_FALSE(contains(server, "LAST_ACK")) << join(server);
    const auto client = statesOf(run, "client", "sockfd");
    ASSERT_FALSE(client.empty());
    EXPECT_EQ(client.back(), "FIN_WAIT2") << join(client);
    EXPECT_GT(indexOf(client, "FIN_WAIT2"), indexOf(client, "ESTABLISHED"));
}

TEST(CloseWaitLeak, OnlyTheClientSendsFin) {
    TraceRun run = runOk("close-wait-leak");
    FINSCOPE_REQUIRE_CAPTURE(run);
    int fins = 0;
    for (const auto& p : packets(run)) {
        EXPECT_FALSE(hasFlag(p, 'R'));
        if (hasFlag(p, 'F')) {
            ++fins;
            EXPECT_EQ(p.from, std::optional<std::string>("client"));
        }
    }
    EXPECT_EQ(fins, 1) << flagTrail(run);
}

// --------------------------------------------------------------- user-written scenarios

TEST(UserScenario, MalformedFileExitsTwoWithPosition) {
    const std::string path = writeTempScenario(
        "# SPDX-License-Identifier: MIT\n"
        "title: broken\n"
        "server: listen()\n"
        "client: connect()\n"
        "server: accept()\n"
        "client: close()\n"
        "server: send(\"x\", MSG_NOSIGNALL)\n");
    TraceRun run = runScenario(path);
    std::remove(path.c_str());
    EXPECT_EQ(run.exitStatus, 2);
    EXPECT_TRUE(run.events.empty()) << "a file with a mistake runs nothing";
    const std::string expected = path + ":7:19: unknown flag 'MSG_NOSIGNALL'";
    EXPECT_EQ(run.stderrText.rfind(expected, 0), 0u) << run.stderrText;
    EXPECT_TRUE(std::regex_search(run.stderrText, std::regex("^[^:\\n]+\\.fsc:[0-9]+:[0-9]+: [^\\n]+\\n")))
        << run.stderrText;
}

TEST(UserScenario, MissingTitleReportedAtLineOne) {
    const std::string path = writeTempScenario("client: connect()\n");
    TraceRun run = runScenario(path);
    std::remove(path.c_str());
    EXPECT_EQ(run.exitStatus, 2);
    EXPECT_NE(run.stderrText.find(path + ":1:1: missing 'title:' header"), std::string::npos) << run.stderrText;
}

TEST(UserScenario, ExpectationThatDoesNotHoldExitsOne) {
    const std::string path = writeTempScenario(
        "# SPDX-License-Identifier: MIT\n"
        "title: wrong expectation\n"
        "client: connect()   => 0\n");  // nobody listens: -1 ECONNREFUSED
    TraceRun run = runScenario(path);
    std::remove(path.c_str());
    EXPECT_EQ(run.exitStatus, 1) << run.stderrText;
    const auto expects = run.all<ExpectEvent>();
    ASSERT_EQ(expects.size(), 1u);
    EXPECT_FALSE(expects[0].ok);
    EXPECT_EQ(expects[0].line, 3);
    EXPECT_EQ(expects[0].endpoint, "client");
    EXPECT_EQ(expects[0].expected, "0");
    EXPECT_EQ(expects[0].actual, "-1 ECONNREFUSED");
    ASSERT_NE(run.summary(), nullptr);
    EXPECT_FALSE(run.summary()->ok);
    EXPECT_EQ(run.summary()->expectations, 1);
    EXPECT_EQ(run.summary()->failed, 1);
    EXPECT_TRUE(run.summary()->error.empty()) << "the run itself completed";
}

const char* kThreeSteps =
    "# SPDX-License-Identifier: MIT\n"
    "title: three steps\n"
    "server: listen()\n"
    "client: connect()   => 0\n"
    "server: accept()\n";

TEST(UserScenario, StepModePausesBeforeEachStepAndStopEndsEarly) {
    const std::string path = writeTempScenario(kThreeSteps);
    TraceRun run = runScenario(path, "next\nnext\nstop\n");
    std::remove(path.c_str());
    // A stop is not a success: exit status 2 and a summary that says stopped.
    EXPECT_EQ(run.exitStatus, 2) << run.stderrText;
    ASSERT_NE(run.summary(), nullptr);
    EXPECT_TRUE(run.summary()->stopped);
    EXPECT_FALSE(run.summary()->ok);
    EXPECT_EQ(run.summary()->error, "stopped by the user");
    const auto pauses = run.all<PauseEvent>();
    ASSERT_EQ(pauses.size(), 3u);
    for (int i = 0; i < 3; ++i) {
        EXPECT_EQ(pauses[static_cast<std::size_t>(i)].index, i);
        EXPECT_EQ(pauses[static_cast<std::size_t>(i)].line, i + 3);
    }
    const auto steps = run.all<StepEvent>();
    ASSERT_EQ(steps.size(), 2u) << "the third step never runs";
    EXPECT_EQ(steps[1].line, 4);
    EXPECT_TRUE(run.calls("server", "accept").empty());
    ASSERT_FALSE(run.events.empty());
    EXPECT_NE(run.events.back().as<SummaryEvent>(), nullptr) << "the summary still closes the trace";
    // A pause comes after the settle of the step before it.
    std::size_t lastPause = 0;
    std::size_t connectExpect = 0;
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        if (run.events[i].as<PauseEvent>()) lastPause = i;
        if (run.events[i].as<ExpectEvent>()) connectExpect = i;
    }
    EXPECT_GT(lastPause, connectExpect);
}

TEST(UserScenario, StepModeRunFinishesWithoutFurtherPauses) {
    const std::string path = writeTempScenario(kThreeSteps);
    TraceRun run = runScenario(path, "next\nrun\n");
    std::remove(path.c_str());
    EXPECT_EQ(run.exitStatus, 0) << run.stderrText;
    EXPECT_EQ(run.all<PauseEvent>().size(), 2u);
    EXPECT_EQ(run.all<StepEvent>().size(), 3u);
    EXPECT_EQ(run.calls("server", "accept").size(), 1u);
    ASSERT_NE(run.summary(), nullptr);
    EXPECT_TRUE(run.summary()->ok);
}

TEST(UserScenario, EndOfInputInStepModeStops) {
    const std::string path = writeTempScenario(kThreeSteps);
    TraceRun run = runScenario(path, "next\n");
    std::remove(path.c_str());
    EXPECT_EQ(run.all<PauseEvent>().size(), 2u);
    EXPECT_EQ(run.all<StepEvent>().size(), 1u);
    ASSERT_NE(run.summary(), nullptr);
    EXPECT_TRUE(run.summary()->stopped);
    EXPECT_FALSE(run.summary()->ok);
    EXPECT_EQ(run.exitStatus, 2);
}

} // namespace
