// SPDX-License-Identifier: MIT
// Wire runs on the real kernel (docs/engine.md, "The wire"; docs/trace-format.md,
// "Wire runs"): each scenario runs with the real `finscope` program, its
// endpoints in their own hosts, and what is asserted is kernel truth read
// from the trace: states sampled with sock_diag while a frame is held, the
// kernel's retransmissions after a drop, and delays measured from the
// relay's own timestamps (a property of the trace, not of this test's clock).
#include "tracerun.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

namespace {

/// A wire run that completed with every expectation held; skipped where
/// the machine refuses the private namespaces a wire needs.
#define FINSCOPE_RUN_WIRE(run, id, ...)                                                                          \
    const TraceRun run = runScenario(id __VA_OPT__(,) __VA_ARGS__);                                                         \
    ASSERT_NE((run).runInfo(), nullptr) << "no run event; stderr: " << (run).stderrText;                        \
    if ((run).runInfo()->capture != "wire")                                                                      \
        GTEST_SKIP() << "no wire on this machine: " << (run).stderrText;                                        \
    ASSERT_EQ((run).exitStatus, 0) << id << " stderr: " << (run).stderrText

/// Every state event of an endpoint, with its source: "FIN_WAIT1/sampled".
std::vector<std::string> statesWithSource(const TraceRun& run, const std::string& endpoint) {
    std::vector<std::string> out;
    for (const auto& s : run.all<StateEvent>())
        if (s.endpoint == endpoint) out.push_back(s.state + "/" + s.source);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& item) {
    return std::find(v.begin(), v.end(), item) != v.end();
}

/// The packets of a wire run with a flag letter, in trace order.
std::vector<PacketEvent> packets(const TraceRun& run, const std::string& from, char flag) {
    std::vector<PacketEvent> out;
    for (const auto& p : run.all<PacketEvent>())
        if (p.from == from && p.flags.find(flag) != std::string::npos) out.push_back(p);
    return out;
}

/// The frame's final fate: its packet event, then any wire event after it.
std::string finalFate(const TraceRun& run, std::int64_t frame) {
    std::string fate;
    for (const auto& e : run.events) {
        if (const auto* p = e.as<PacketEvent>(); p && p->frameId == frame) fate = p->fate;
        if (const auto* w = e.as<WireEvent>(); w && w->frame == frame) fate = w->fate;
    }
    return fate;
}

/// The last state sampled or derived for an endpoint before event index `before`.
std::string stateBefore(const TraceRun& run, const std::string& endpoint, std::size_t before) {
    std::string state;
    for (std::size_t i = 0; i < before && i < run.events.size(); ++i)
        if (const auto* s = run.events[i].as<StateEvent>(); s && s->endpoint == endpoint && s->socket != "listenfd")
            state = s->state;
    return state;
}

/// Index of the last event of call `callId` (its return, for a blocked call); 0 if none.
std::size_t lastEventOfCall(const TraceRun& run, std::int64_t callId) {
    std::size_t index = 0;
    for (std::size_t i = 0; i < run.events.size(); ++i)
        if (const auto* c = run.events[i].as<SyscallEvent>(); c && c->callId == callId) index = i;
    return index;
}

} // namespace

TEST(WireRuns, RunEventNamesTheHostsAndConditions) {
    FINSCOPE_RUN_WIRE(run, "simultaneous-close");
    const auto& wire = run.runInfo()->wire;
    ASSERT_TRUE(wire.has_value());
    EXPECT_EQ(wire->hosts.at("server"), "127.1.0.1");
    EXPECT_EQ(wire->hosts.at("client"), "127.1.0.2");
    EXPECT_EQ(wire->delayNs, 50'000'000);
    // connect() went to the listener's host, from the client's own.
    const auto connects = run.calls("client", "connect");
    ASSERT_FALSE(connects.empty());
    EXPECT_NE(connects[0].args.find("127.1.0.1:5000"), std::string::npos) << connects[0].args;
    for (const auto& p : run.all<PacketEvent>()) {
        EXPECT_TRUE(p.frameId.has_value()) << "every packet of a wire run comes from the relay";
        EXPECT_TRUE(p.src.rfind("127.1.0.", 0) == 0) << p.src;
    }
}

TEST(WireRuns, HeldFinGivesSampledFinWait1WhileThePeerIsStillEstablished) {
    FINSCOPE_RUN_WIRE(run, "fin-in-flight");
    // The client's first FIN is emitted as held, and delivered later (a wire event).
    const auto fins = packets(run, "client", 'F');
    ASSERT_FALSE(fins.empty());
    EXPECT_EQ(fins[0].fate, "held");
    EXPECT_FALSE(fins[0].deliveredNs.has_value());
    EXPECT_EQ(finalFate(run, *fins[0].frameId), "delivered");
    // Sampled, not derived: the kernel itself said FIN_WAIT1, and at that
    // moment the server's socket was still ESTABLISHED.
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const auto* s = run.events[i].as<StateEvent>();
        if (!s || s->endpoint != "client" || s->state != "FIN_WAIT1" || s->source != "sampled") continue;
        EXPECT_EQ(stateBefore(run, "server", i), "ESTABLISHED");
        break;
    }
    EXPECT_TRUE(has(statesWithSource(run, "client"), "FIN_WAIT1/sampled"));
    EXPECT_TRUE(has(statesWithSource(run, "server"), "LAST_ACK/sampled"));
    EXPECT_TRUE(has(statesWithSource(run, "server"), "CLOSE_WAIT/sampled"));
    EXPECT_TRUE(has(statesWithSource(run, "client"), "TIME_WAIT/sampled"));
}

TEST(WireRuns, SimultaneousCloseGivesClosingOnBothSidesInTwentyOfTwenty) {
    // Step mode: at the pause before `wire: release()` (step 6), `release`
    // delivers both held FINs and keeps holding, so the ACKs they cause stay
    // on the wire and CLOSING lasts until the step runs: the sample sees it
    // however loaded the machine is. Then the wire's release() ends it.
    constexpr int kRuns = 20;
    const std::string commands = "next\nnext\nnext\nnext\nnext\nnext\nrelease\nrun\n";
    int both = 0;
    for (int i = 0; i < kRuns; ++i) {
        FINSCOPE_RUN_WIRE(run, "simultaneous-close", commands);
        const auto client = statesWithSource(run, "client");
        const auto server = statesWithSource(run, "server");
        const bool closing = has(client, "CLOSING/sampled") && has(server, "CLOSING/sampled");
        both += closing;
        EXPECT_TRUE(closing) << "run " << i;
        EXPECT_TRUE(has(client, "FIN_WAIT1/sampled") && has(server, "FIN_WAIT1/sampled")) << "run " << i;
        EXPECT_TRUE(has(client, "TIME_WAIT/sampled") && has(server, "TIME_WAIT/sampled")) << "run " << i;
        for (const auto& p : run.all<PacketEvent>())
            EXPECT_EQ(finalFate(run, *p.frameId), "delivered") << "run " << i << ": nothing is lost";
    }
    std::cout << "simultaneous close: CLOSING sampled on both sides in " << both << " of " << kRuns << " runs\n";
    EXPECT_EQ(both, kRuns);
}

TEST(WireRuns, LostLastAckMakesLastAckRetransmitItsFinAndTimeWaitAnswersIt) {
    FINSCOPE_RUN_WIRE(run, "lost-last-ack");
    std::vector<PacketEvent> dropped;
    for (const auto& p : run.all<PacketEvent>())
        if (finalFate(run, *p.frameId) == "dropped") dropped.push_back(p);
    ASSERT_EQ(dropped.size(), 1u) << "exactly the named segment is dropped";
    EXPECT_EQ(dropped[0].from, "client");
    EXPECT_EQ(dropped[0].flags, ".");
    EXPECT_EQ(dropped[0].dropReason, "drop(next, from=client, flags=A)");

    const auto fins = packets(run, "server", 'F');
    ASSERT_EQ(fins.size(), 2u) << "the server's FIN and its retransmission";
    EXPECT_EQ(fins[1].seqAbs, fins[0].seqAbs) << "the same FIN is sent again";
    EXPECT_EQ(dropped[0].ack, fins[0].seq + 1) << "the dropped segment is the ACK of the FIN";
    EXPECT_EQ(finalFate(run, *fins[1].frameId), "delivered");
    // When the FIN came again, the client's connection was in TIME_WAIT (as
    // the kernel reported it), and the server's still in LAST_ACK.
    std::size_t again = 0;
    for (std::size_t i = 0; i < run.events.size(); ++i)
        if (const auto* p = run.events[i].as<PacketEvent>(); p && p->frameId == fins[1].frameId) again = i;
    ASSERT_GT(again, 0u);
    EXPECT_EQ(stateBefore(run, "client", again), "TIME_WAIT");
    EXPECT_EQ(stateBefore(run, "server", again), "LAST_ACK");
    EXPECT_TRUE(has(statesWithSource(run, "client"), "TIME_WAIT/sampled"));
    EXPECT_TRUE(has(statesWithSource(run, "server"), "LAST_ACK/sampled"));
    // TIME_WAIT answers it: a fresh ACK of the same FIN, delivered this time.
    bool reAcked = false;
    for (std::size_t i = again + 1; i < run.events.size(); ++i)
        if (const auto* p = run.events[i].as<PacketEvent>();
            p && p->from == "client" && p->flags == "." && p->ack == fins[0].seq + 1)
            reAcked = finalFate(run, *p->frameId) == "delivered";
    EXPECT_TRUE(reAcked) << "the client's TIME_WAIT did not acknowledge the retransmitted FIN";
    EXPECT_EQ(stateBefore(run, "server", run.events.size()), "CLOSE");
}

TEST(WireRuns, DropNextDropsExactlyTheNamedSegmentAndTheKernelRetransmitsIt) {
    const std::string path = writeTempScenario("title: drop the server's FIN\n"
                                               "server: listen()\n"
                                               "client: connect() => 0\n"
                                               "server: accept()\n"
                                               "wire: drop(next, from=server, flags=F)\n"
                                               "server: close() => 0\n"
                                               "client: read() => 0\n"
                                               "client: close() => 0\n");
    FINSCOPE_RUN_WIRE(run, path);
    std::vector<PacketEvent> dropped;
    for (const auto& p : run.all<PacketEvent>())
        if (finalFate(run, *p.frameId) == "dropped") dropped.push_back(p);
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].from, "server");
    EXPECT_EQ(dropped[0].flags, "F.");
    EXPECT_EQ(dropped[0].dropReason, "drop(next, from=server, flags=F)");
    const auto fins = packets(run, "server", 'F');
    ASSERT_EQ(fins.size(), 2u);
    EXPECT_EQ(fins[0].frameId, dropped[0].frameId) << "the first FIN is the one dropped";
    EXPECT_EQ(fins[1].seqAbs, fins[0].seqAbs);
    EXPECT_EQ(finalFate(run, *fins[1].frameId), "delivered");
    // The client's read() returned 0 only after the retransmission arrived.
    const auto reads = run.calls("client", "read");
    ASSERT_EQ(reads.size(), 1u);
    ASSERT_TRUE(fins[1].deliveredNs && reads[0].tExitNs);
    EXPECT_GE(*reads[0].tExitNs, *fins[1].deliveredNs);
}

TEST(WireRuns, DelayMeasuredFromTheTraceIsWithinTenPercentOfTheAskedDelay) {
    // Long enough that a loaded machine's scheduling latency (the relay is
    // woken late by a few ms when the cores are busy) stays well inside 10%.
    constexpr std::int64_t kDelayNs = 250'000'000;
    const std::string path = writeTempScenario("title: ping-pong over 250 ms\n"
                                               "wire: delay=250ms\n"
                                               "server: listen()\n"
                                               "client: connect() => 0\n"
                                               "server: accept()\n"
                                               "client: write(\"ping\") => 4\n"
                                               "server: read() => 4\n"
                                               "server: write(\"pong\") => 4\n"
                                               "client: read() => 4\n"
                                               "client: write(\"ping\") => 4\n"
                                               "server: read() => 4\n"
                                               "server: write(\"pong\") => 4\n"
                                               "client: read() => 4\n");
    FINSCOPE_RUN_WIRE(run, path);
    EXPECT_EQ(run.runInfo()->wire->delayNs, kDelayNs);
    std::vector<std::int64_t> delays;
    std::map<std::int64_t, std::int64_t> sent;
    for (const auto& e : run.events) {
        if (const auto* p = e.as<PacketEvent>()) {
            sent[*p->frameId] = e.tNs;
            if (p->deliveredNs) delays.push_back(*p->deliveredNs - e.tNs);
        }
        if (const auto* w = e.as<WireEvent>(); w && w->fate == "delivered") delays.push_back(e.tNs - sent[w->frame]);
    }
    ASSERT_GE(delays.size(), 8u);
    std::sort(delays.begin(), delays.end());
    const std::int64_t median = delays[delays.size() / 2];
    auto ms = [](std::int64_t ns) { return static_cast<double>(ns) / 1e6; };
    std::cout << "asked 250 ms; over " << delays.size() << " frames: min " << ms(delays.front()) << " ms, median "
              << ms(median) << " ms, max " << ms(delays.back()) << " ms\n";
    EXPECT_GE(delays.front(), kDelayNs - 100'000) << "a frame arrived early";
    EXPECT_LE(median, kDelayNs + kDelayNs / 10);
}

TEST(WireRuns, StepModeDeliversAndDropsHeldFramesByTheirIds) {
    // Pauses before lines 33..38 of fin-in-flight: at the pause before
    // `wire: release()` the client's FIN is held; `deliver` sends it on.
    FINSCOPE_RUN_WIRE(run, "fin-in-flight", "next\nnext\nnext\nnext\nnext\ndrop 99\ndeliver 4\nrun\n");
    std::vector<const PauseEvent*> pauses;
    for (const auto& e : run.events)
        if (const auto* p = e.as<PauseEvent>()) pauses.push_back(p);
    ASSERT_GE(pauses.size(), 7u);
    for (const auto* p : pauses) EXPECT_TRUE(p->held.has_value()) << "a wire run's pause lists what is held";
    const auto fins = packets(run, "client", 'F');
    ASSERT_FALSE(fins.empty());
    const std::int64_t fin = *fins[0].frameId;
    EXPECT_EQ(fin, 4) << "after the handshake's three frames";
    // The kernel may have retransmitted the FIN meanwhile (its timer runs
    // while the frame is held): the retransmission is held too.
    auto holds = [](const PauseEvent* p, std::int64_t id) {
        return std::find(p->held->begin(), p->held->end(), id) != p->held->end();
    };
    ASSERT_FALSE(pauses[5]->held->empty());
    EXPECT_EQ(pauses[5]->held->front(), fin) << "the FIN is held before release";
    EXPECT_TRUE(holds(pauses[6], fin)) << "drop 99 changed nothing";
    EXPECT_FALSE(holds(pauses[7], fin)) << "deliver 4 delivered it";
    EXPECT_EQ(pauses[7]->index, pauses[5]->index) << "the same step waits";
    bool warned = false;
    for (const auto& n : run.all<NoteEvent>()) warned |= n.text == "frame 99 is not held on the wire";
    EXPECT_TRUE(warned);
    // The wire event comes before the pause that follows the command, and
    // the server's CLOSE_WAIT with it.
    std::size_t delivered = 0, closeWait = 0, pause = 0;
    for (std::size_t i = 0; i < run.events.size(); ++i) {
        const auto& e = run.events[i];
        if (const auto* w = e.as<WireEvent>(); w && w->frame == fin && !delivered) delivered = i;
        if (const auto* s = e.as<StateEvent>(); s && s->endpoint == "server" && s->state == "CLOSE_WAIT" && !closeWait)
            closeWait = i;
        if (e.as<PauseEvent>() == pauses[7]) pause = i;
    }
    ASSERT_GT(delivered, 0u);
    EXPECT_EQ(run.events[delivered].as<WireEvent>()->fate, "delivered");
    EXPECT_LT(delivered, pause);
    EXPECT_LT(closeWait, pause);
    EXPECT_GT(closeWait, 0u);
}

// Each socket's states, in trace (time) order, only move forward through a
// simultaneous close: ESTABLISHED, FIN_WAIT1, CLOSING, TIME_WAIT. A derived
// state may not be dated before the sampled state it follows (a TIME_WAIT
// the deriver held back until the socket's next send was once dated at that
// send, before the CLOSING the kernel still reported).
TEST(WireRuns, SimultaneousCloseStatesNeverGoBackInTime) {
    FINSCOPE_RUN_WIRE(run, "simultaneous-close");
    const std::map<std::string, int> rank{{"ESTABLISHED", 0}, {"FIN_WAIT1", 1}, {"CLOSING", 2}, {"TIME_WAIT", 3}};
    std::map<std::string, std::pair<int, std::string>> reached;   // endpoint -> (rank, as "STATE/source")
    for (const auto& s : run.all<StateEvent>()) {
        const auto r = rank.find(s.state);
        if (r == rank.end() || (s.socket != "sockfd" && s.socket != "connfd")) continue;
        auto& last = reached[s.endpoint];
        EXPECT_GE(r->second, last.first) << s.endpoint << ": " << s.state << "/" << s.source << " after " << last.second;
        if (r->second >= last.first) last = {r->second, s.state + "/" + s.source};
    }
    EXPECT_EQ(reached["client"].first, 3);
    EXPECT_EQ(reached["server"].first, 3);
}

TEST(WireRuns, VanishedPeerEndsTheBlockedReadWithEtimedoutAfterTheUserTimeout) {
    // tcp(7) TCP_USER_TIMEOUT: data unacknowledged for longer than the
    // timeout makes the kernel close the connection and report ETIMEDOUT;
    // the timeout is a lower bound, so only that is asserted of the time.
    FINSCOPE_RUN_WIRE(run, "vanished-peer");
    const auto sets = run.calls("client", "setsockopt");
    ASSERT_EQ(sets.size(), 1u);
    EXPECT_EQ(sets[0].ret.value_or(-2), 0) << "this kernel knows TCP_USER_TIMEOUT";

    // The 14 bytes went out and came again, the same sequence number each
    // time, and none of them ever reached the server.
    std::vector<PacketEvent> data;
    std::vector<std::int64_t> sentNs;
    for (const auto& e : run.events)
        if (const auto* p = e.as<PacketEvent>(); p && p->from == "client" && p->len > 0) {
            data.push_back(*p);
            sentNs.push_back(e.tNs);
        }
    ASSERT_GE(data.size(), 2u) << "the unacknowledged data and at least one retransmission";
    for (const auto& p : data) {
        EXPECT_EQ(p.seqAbs, data[0].seqAbs) << "a retransmission of the same bytes";
        EXPECT_EQ(p.len, 14u);
        EXPECT_NE(finalFate(run, *p.frameId), "delivered") << "the wire let a frame through";
    }
    for (const auto& p : run.all<PacketEvent>())
        EXPECT_EQ(p.flags.find('R'), std::string::npos) << "the kernel gives up silently: no RST from " << p.from.value_or("?");

    // The blocked read() is ended by the kernel with ETIMEDOUT, no earlier
    // than the user timeout after the data was first sent.
    std::optional<SyscallEvent> read;
    for (const auto& c : run.calls("client", "read"))
        if (c.ret) read = c;
    ASSERT_TRUE(read.has_value()) << "read() never returned";
    EXPECT_EQ(*read->ret, -1);
    EXPECT_EQ(read->errnoName.value_or(""), "ETIMEDOUT");
    EXPECT_TRUE(read->blocked);
    ASSERT_TRUE(read->tExitNs);
    EXPECT_GE(*read->tExitNs - sentNs[0], 1'000'000'000) << "returned before the user timeout";
    for (std::size_t i = 0; i < data.size(); ++i) EXPECT_LT(sentNs[i], *read->tExitNs) << "sent after the abort";

    // The connection is gone: the kernel reported CLOSE, and a later send()
    // finds the sending side shut.
    const std::size_t readIndex = lastEventOfCall(run, read->callId);
    const auto sends = run.calls("client", "send");
    ASSERT_EQ(sends.size(), 1u);
    const std::size_t sendIndex = lastEventOfCall(run, sends[0].callId);
    EXPECT_EQ(stateBefore(run, "client", sendIndex), "CLOSE");
    // The kernel closes the socket and then wakes the reader: a sample taken
    // in between is older than read()'s return, so it is looked for from the
    // data's first sending on, and must be no earlier than the user timeout.
    bool sampledClose = false;
    for (std::size_t i = 0; i < run.events.size(); ++i)
        if (const auto* s = run.events[i].as<StateEvent>();
            s && s->endpoint == "client" && s->state == "CLOSE" && s->source == "sampled") {
            sampledClose = true;
            EXPECT_GE(run.events[i].tNs - sentNs[0], 1'000'000'000) << "closed before the user timeout";
        }
    EXPECT_TRUE(sampledClose) << "CLOSE was not sampled from the kernel";
    EXPECT_GT(readIndex, 0u);
    EXPECT_EQ(sends[0].ret.value_or(0), -1);
    EXPECT_EQ(sends[0].errnoName.value_or(""), "EPIPE");
}

TEST(WireRuns, KeepaliveEndsTheBlockedReadOnAnIdleConnectionWithEtimedout) {
    // tcp(7): with SO_KEEPALIVE, after TCP_KEEPIDLE seconds without a
    // segment from the peer the kernel sends a probe, then one every
    // TCP_KEEPINTVL seconds, and after TCP_KEEPCNT unanswered probes drops
    // the connection (ETIMEDOUT). The scenario sets 1 s, 1 s and 2.
    constexpr std::int64_t kIdleNs = 1'000'000'000, kIntervalNs = 1'000'000'000;
    constexpr std::size_t kCount = 2;
    FINSCOPE_RUN_WIRE(run, "keepalive-dead-peer");
    const auto sets = run.calls("client", "setsockopt");
    ASSERT_EQ(sets.size(), 4u);
    for (const auto& s : sets) EXPECT_EQ(s.ret.value_or(-2), 0) << "this kernel knows the keepalive options";

    std::optional<SyscallEvent> read;
    for (const auto& c : run.calls("client", "read"))
        if (c.ret) read = c;
    ASSERT_TRUE(read.has_value()) << "read() never returned";
    ASSERT_TRUE(read->tExitNs);

    // Before read(): the handshake. The client's next sequence number, and
    // the last segment it received (when the relay saw it: no later than
    // its arrival, from which the kernel counts the idle time).
    std::optional<std::uint32_t> clientNext;
    std::optional<std::int64_t> lastFromServerNs;
    std::vector<std::pair<PacketEvent, std::int64_t>> after;   // the client's segments once read() began
    for (const auto& e : run.events) {
        const auto* p = e.as<PacketEvent>();
        if (!p) continue;
        if (p->from == "server") {
            EXPECT_EQ(p->flags.find('R'), std::string::npos) << "the silent server sent an RST";
            if (e.tNs < read->tEnterNs) lastFromServerNs = e.tNs;
            else ADD_FAILURE() << "the server sent " << p->flags << " while the wire was held";
        } else if (p->from == "client") {
            if (e.tNs < read->tEnterNs) {
                const bool synOrFin = p->flags.find_first_of("SF") != std::string::npos;
                clientNext = p->seqAbs + p->len + (synOrFin ? 1u : 0u);
            } else {
                after.emplace_back(*p, e.tNs);
            }
        }
    }
    ASSERT_TRUE(clientNext && lastFromServerNs) << "no handshake before read()";

    // Exactly TCP_KEEPCNT probes: bare ACKs, no data, one below the next
    // sequence number (RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT-1), none of them
    // answered (the wire holds them). The first comes no sooner than the
    // idle time after the last segment received.
    std::vector<std::pair<PacketEvent, std::int64_t>> probes;
    for (const auto& [p, t] : after)
        if (p.flags == ".") probes.emplace_back(p, t);
    ASSERT_EQ(probes.size(), kCount) << "TCP_KEEPCNT probes";
    for (const auto& [p, t] : probes) {
        EXPECT_EQ(p.len, 0u) << "a probe carries no data";
        EXPECT_EQ(p.seqAbs, static_cast<std::uint32_t>(*clientNext - 1u)) << "a probe repeats the last acknowledged byte";
        EXPECT_NE(finalFate(run, *p.frameId), "delivered") << "the wire let a probe through";
        EXPECT_LT(t, *read->tExitNs) << "probe sent after the abort";
    }
    EXPECT_GE(probes[0].second - *lastFromServerNs, kIdleNs) << "probed before TCP_KEEPIDLE";

    // Giving up, Linux resets the connection (tcp_keepalive_timer() calls
    // tcp_send_active_reset(); tcp(7) does not say so): one RST, after the
    // probes, held like them. Nothing else leaves the client.
    ASSERT_EQ(after.size(), kCount + 1) << "the probes and the RST";
    const auto& [rst, rstNs] = after.back();
    EXPECT_NE(rst.flags.find('R'), std::string::npos) << rst.flags;
    EXPECT_EQ(rst.seqAbs, *clientNext) << "the RST carries the next sequence number";
    EXPECT_EQ(rst.len, 0u);
    EXPECT_GT(rstNs, probes.back().second);
    EXPECT_NE(finalFate(run, *rst.frameId), "delivered");

    // The blocked read() is ended by the kernel with ETIMEDOUT, no earlier
    // than idle + count x interval after the last segment received.
    EXPECT_EQ(read->ret.value_or(0), -1);
    EXPECT_EQ(read->errnoName.value_or(""), "ETIMEDOUT");
    EXPECT_TRUE(read->blocked);
    EXPECT_GE(*read->tExitNs - *lastFromServerNs, kIdleNs + static_cast<std::int64_t>(kCount) * kIntervalNs)
        << "returned before idle + count x interval";

    // The connection is gone: CLOSE before the next call, whose send() finds it shut.
    const auto sends = run.calls("client", "send");
    ASSERT_EQ(sends.size(), 1u);
    EXPECT_EQ(stateBefore(run, "client", lastEventOfCall(run, sends[0].callId)), "CLOSE");
    EXPECT_EQ(sends[0].ret.value_or(0), -1);
    EXPECT_EQ(sends[0].errnoName.value_or(""), "EPIPE");
}
