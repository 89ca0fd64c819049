// SPDX-License-Identifier: MIT
// The compact in-memory trace gives back every event exactly as it was
// appended (compared through the JSON line, plus the frame JSON leaves out),
// and takes much less memory than the events themselves.
#include "core/compacttrace.h"
#include "core/tracefile.h"
#include "core/tracejson.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

using namespace finscope;

namespace {

TraceEvent packetWithEverything() {
    TraceEvent e;
    e.id = 41;
    e.tNs = 1'700'000'000'123'456'789;
    e.causes = {40, 3, 0};
    e.why = "data arrived for a socket that was closed";
    PacketEvent p;
    p.src = "[::1]:43512";
    p.dst = "[::1]:5000";
    p.from = "client";
    p.to = "server";
    p.flags = "R.";
    p.seq = std::numeric_limits<std::uint32_t>::max();
    p.ack = 6;
    p.seqAbs = 123456789;
    p.ackAbs = 4000000000u;
    p.len = 3;
    p.win = 65535;
    p.payloadHex = "343536";
    p.conn = "c1";
    p.mss = 65495;
    p.wscale = 7;
    p.sackOk = true;
    p.sack = {1, 5, 9, 12};
    p.tsval = 0;
    p.tsecr = 99;
    p.winScaled = 65535u << 7;
    p.frame = {0, 1, 2, 0xff, 0x80, 7};
    p.linkType = 1;
    p.frameLen = 60;
    e.body = p;
    return e;
}

TraceEvent syscallWithEverything() {
    TraceEvent e;
    e.id = 7;
    e.tNs = 5;   // before the first event of the trace: a negative offset
    SyscallEvent s;
    s.callId = -3;
    s.endpoint = "client";
    s.pid = 4242;
    s.call = "write";
    s.args = std::string(5000, 'x');   // too long for the pool: stored in the record
    s.socket = "sockfd";
    s.ret = -1;
    s.errnoName = "EPIPE";
    s.errnoText = "Broken pipe";
    s.man = "write(2)";
    s.errnoStale = true;
    s.staleErrno = "EAGAIN";
    s.tEnterNs = 1'700'000'000'000'000'000;
    s.tExitNs = 1'700'000'000'000'000'900;
    s.line = 12;
    s.phase = "return";
    s.blocked = true;
    s.result = "revents=POLLIN|POLLRDHUP";
    s.note = "";
    e.body = s;
    return e;
}

void expectSame(const TraceEvent& a, const TraceEvent& b) {
    EXPECT_EQ(toJsonLine(a), toJsonLine(b));
    const auto* pa = a.as<PacketEvent>();
    const auto* pb = b.as<PacketEvent>();
    ASSERT_EQ(pa == nullptr, pb == nullptr);
    if (pa) {
        EXPECT_EQ(pa->frame, pb->frame);
        EXPECT_EQ(pa->linkType, pb->linkType);
        EXPECT_EQ(pa->frameLen, pb->frameLen);
    }
}

} // namespace

TEST(CompactTrace, EveryFieldComesBack) {
    CompactTrace trace;
    TraceEvent first;
    first.tNs = 1'700'000'000'000'000'000;
    first.body = RunEvent{"s", "Title — ü", "/p.fsc", {"client", "server", "third"}, "namespace", "", "6.1.0", "0.1"};
    const std::vector<TraceEvent> events{first, packetWithEverything(), syscallWithEverything()};
    for (const auto& e : events) trace.append(e);
    ASSERT_EQ(trace.size(), events.size());
    for (std::size_t i = 0; i < events.size(); ++i) expectSame(trace.at(i), events[i]);
    // Read twice, in any order: decoding has no state.
    expectSame(trace.at(1), events[1]);
    expectSame(trace.at(0), events[0]);
}

TEST(CompactTrace, ARecordedRunComesBackLineForLine) {
    const TraceFile file = readTraceFile(FINSCOPE_TEST_DATA_DIR "/../ui/data/write-after-peer-close.jsonl");
    ASSERT_TRUE(file.ok()) << file.error;
    ASSERT_GT(file.events.size(), 40u);
    CompactTrace trace;
    for (const auto& e : file.events) trace.append(e);
    for (std::size_t i = 0; i < file.events.size(); ++i) expectSame(trace.at(i), file.events[i]);
}

TEST(CompactTrace, RepeatedEventsCostAFewBytesEach) {
    const TraceFile file = readTraceFile(FINSCOPE_TEST_DATA_DIR "/../ui/data/write-after-peer-close.jsonl");
    ASSERT_TRUE(file.ok()) << file.error;
    CompactTrace trace;
    const std::size_t copies = 2000;
    for (std::size_t c = 0; c < copies; ++c)
        for (const auto& e : file.events) trace.append(e);
    const std::size_t n = copies * file.events.size();
    ASSERT_EQ(trace.size(), n);
    // The events themselves are over 500 bytes each before their strings.
    EXPECT_LT(trace.bytesUsed() / n, 120u) << trace.bytesUsed() / n << " bytes an event";
    expectSame(trace.at(n - 1), file.events.back());
}

TEST(CompactTrace, ManyDistinctStringsOverflowThePoolSafely) {
    CompactTrace trace;
    TraceEvent e;
    const int n = 300'000;   // more than the pool takes
    for (int i = 0; i < n; ++i) {
        e.id = i;
        e.body = NoteEvent{"info", "note " + std::to_string(i), i};
        trace.append(e);
    }
    for (int i : {0, 1, 262'143, 262'144, 262'145, n - 1}) {
        const TraceEvent back = trace.at(static_cast<std::size_t>(i));
        ASSERT_NE(back.as<NoteEvent>(), nullptr);
        EXPECT_EQ(back.as<NoteEvent>()->text, "note " + std::to_string(i));
        EXPECT_EQ(back.id, i);
    }
    trace.clear();
    EXPECT_TRUE(trace.empty());
}

// Wire runs add fields to run, packet and pause events and a `wire` event:
// each comes back too (the fixtures hold held, delayed and dropped frames).
TEST(CompactTrace, WireRunsComeBackLineForLine) {
    for (const char* name : {"wire-held.jsonl", "wire-delayed.jsonl", "wire-dropped.jsonl"}) {
        SCOPED_TRACE(name);
        const TraceFile file = readTraceFile(std::string(FINSCOPE_TEST_DATA_DIR "/") + name);
        ASSERT_TRUE(file.ok()) << file.error;
        CompactTrace trace;
        bool sawWireField = false;
        for (const auto& e : file.events) {
            trace.append(e);
            if (const auto* p = e.as<PacketEvent>()) sawWireField = sawWireField || p->frameId.has_value();
            sawWireField = sawWireField || e.as<WireEvent>() != nullptr;
        }
        EXPECT_TRUE(sawWireField) << "the fixture exercises the wire fields";
        for (std::size_t i = 0; i < file.events.size(); ++i) expectSame(trace.at(i), file.events[i]);
    }
}
