// SPDX-License-Identifier: MIT
#include "core/tracejson.h"

#include <gtest/gtest.h>

using namespace finscope;

namespace {

TraceEvent roundTrip(const TraceEvent& e) {
    auto parsed = parseTraceLine(toJsonLine(e));
    EXPECT_TRUE(parsed.ok) << parsed.error;
    return parsed.event;
}

} // namespace

TEST(TraceJson, SyscallRoundTripKeepsEveryField) {
    SyscallEvent c;
    c.callId = 7;
    c.endpoint = "server";
    c.pid = 42;
    c.call = "write";
    c.args = R"(5, "456", 3)";
    c.socket = "connfd";
    c.ret = -1;
    c.errnoName = "EPIPE";
    c.errnoText = "Broken pipe";
    c.man = "write(2)";
    c.tEnterNs = 100;
    c.tExitNs = 110;
    c.line = 9;
    TraceEvent e{3, 100, c};
    auto back = roundTrip(e);
    EXPECT_EQ(back.kind(), "syscall");
    EXPECT_EQ(back.id, 3);
    EXPECT_EQ(back.tNs, 100);
    const auto* s = back.as<SyscallEvent>();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->args, c.args);
    EXPECT_EQ(s->ret, -1);
    EXPECT_EQ(s->errnoName, "EPIPE");
    EXPECT_EQ(s->man, "write(2)");
    EXPECT_EQ(s->tExitNs, 110);
    EXPECT_FALSE(s->errnoStale);
}

TEST(TraceJson, NullsStayNull) {
    SyscallEvent c;
    c.phase = "blocked";
    auto line = toJsonLine(TraceEvent{0, 1, c});
    EXPECT_NE(line.find(R"("ret":null)"), std::string::npos);
    EXPECT_NE(line.find(R"("errno":null)"), std::string::npos);
    EXPECT_NE(line.find(R"("t_exit_ns":null)"), std::string::npos);
    TraceEvent back = roundTrip(TraceEvent{0, 1, c});
    const auto* s = back.as<SyscallEvent>();
    ASSERT_TRUE(s);
    EXPECT_FALSE(s->ret.has_value());
    EXPECT_FALSE(s->errnoName.has_value());
}

TEST(TraceJson, EveryKindHasItsName) {
    std::vector<EventBody> bodies = {RunEvent{},    StepEvent{},   SyscallEvent{}, PacketEvent{},
                                     StateEvent{},  SignalEvent{}, ExitEvent{},    ExpectEvent{},
                                     NoteEvent{},   SummaryEvent{}, PauseEvent{}, WireEvent{}};
    std::vector<std::string> kinds;
    for (const auto& b : bodies) kinds.push_back(roundTrip(TraceEvent{0, 0, b}).kind());
    EXPECT_EQ(kinds, (std::vector<std::string>{"run", "step", "syscall", "packet", "state", "signal", "exit",
                                               "expect", "note", "summary", "pause", "wire"}));
}

TEST(TraceJson, WireRunFieldsRoundTripAndLoopbackSaysNull) {
    RunEvent loopback;
    EXPECT_NE(toJsonLine(TraceEvent{0, 0, loopback}).find(R"("wire":null)"), std::string::npos);
    const TraceEvent loopbackBack = roundTrip(TraceEvent{0, 0, loopback});
    EXPECT_FALSE(loopbackBack.as<RunEvent>()->wire);
    RunEvent run;
    run.wire = WireInfo{{{"client", "127.1.0.2"}, {"server", "127.1.0.1"}}, 20'000'000, 0.05, 7};
    const TraceEvent runBack = roundTrip(TraceEvent{0, 0, run});
    EXPECT_EQ(runBack.as<RunEvent>()->wire, run.wire);

    PacketEvent plain;
    EXPECT_EQ(toJsonLine(TraceEvent{0, 0, plain}).find("fate"), std::string::npos) << "loopback packets stay as they were";
    PacketEvent p;
    p.wireFrame = 7;
    p.fate = "dropped";
    p.dropReason = "drop(next, from=server, flags=F)";
    const std::string line = toJsonLine(TraceEvent{0, 0, p});
    EXPECT_NE(line.find(R"("delivered_ns":null)"), std::string::npos) << line;
    const TraceEvent packetBack = roundTrip(TraceEvent{0, 0, p});
    const auto* back = packetBack.as<PacketEvent>();
    EXPECT_EQ(back->wireFrame, 7u);
    EXPECT_EQ(back->fate, "dropped");
    EXPECT_EQ(back->dropReason, p.dropReason);
    EXPECT_FALSE(back->deliveredNs);

    WireEvent w{7, "delivered", "c1", ""};
    const TraceEvent wireBack = roundTrip(TraceEvent{0, 0, w});
    const auto* wb = wireBack.as<WireEvent>();
    EXPECT_EQ(wb->frame, 7u);
    EXPECT_EQ(wb->fate, "delivered");
    EXPECT_EQ(wb->conn, "c1");

    PauseEvent none;
    EXPECT_EQ(toJsonLine(TraceEvent{0, 0, none}).find("held"), std::string::npos) << "no held on loopback";
    PauseEvent held{3, 9, true, {4, 5}};
    EXPECT_NE(toJsonLine(TraceEvent{0, 0, held}).find(R"("held":[4,5])"), std::string::npos);
    const TraceEvent heldBack = roundTrip(TraceEvent{0, 0, held});
    EXPECT_EQ(heldBack.as<PauseEvent>()->held, (std::vector<std::uint64_t>{4, 5}));
}

TEST(TraceJson, InvalidUtf8FromASocketIsReplacedNotThrown) {
    SyscallEvent c;
    c.result = std::string("\xff\xfe", 2);
    auto line = toJsonLine(TraceEvent{0, 0, c});
    EXPECT_TRUE(parseTraceLine(line).ok);
}

TEST(TraceJson, BadLinesSayWhy) {
    EXPECT_EQ(parseTraceLine("not json").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine("[1,2]").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"({"t_ns":1})").error, R"(no "kind")");
    EXPECT_EQ(parseTraceLine(R"({"kind":"banana"})").error, R"(unknown kind "banana")");
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":1.7e112})").error, R"("t_ns" must be an integer in range)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"packet","seq":-1})").error, R"("seq" must be an integer in range)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"syscall","call":5})").error, R"("call" must be a string)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"state","orphan":"yes"})").error, R"("orphan" must be true or false)");
}

TEST(TraceJson, UnknownKeysAreIgnored) {
    auto r = parseTraceLine(R"({"kind":"note","t_ns":5,"text":"hi","future_field":[1,2,3]})");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.event.as<NoteEvent>()->text, "hi");
}

TEST(TraceJson, CausesAndWhyRoundTripAndAreOmittedWhenEmpty) {
    PacketEvent p;
    p.flags = "R";
    TraceEvent e{9, 200, p};
    EXPECT_EQ(toJsonLine(e).find("causes"), std::string::npos);
    EXPECT_EQ(toJsonLine(e).find("\"why\""), std::string::npos);
    e.causes = {4, 7};
    e.why = "RST: data arrived for a socket that was closed";
    auto back = roundTrip(e);
    EXPECT_EQ(back.causes, (std::vector<std::int64_t>{4, 7}));
    EXPECT_EQ(back.why, e.why);
}

TEST(TraceJson, CausesOfTheWrongTypeAreRejected) {
    auto r = parseTraceLine(R"({"kind":"note","t_ns":1,"id":0,"causes":["x"]})");
    EXPECT_FALSE(r.ok);
    EXPECT_NE(r.error.find("causes"), std::string::npos);
}

TEST(TraceJson, SummaryStoppedRoundTrips) {
    SummaryEvent s;
    s.ok = false;
    s.stopped = true;
    auto back = roundTrip(TraceEvent{1, 2, s});
    ASSERT_TRUE(back.as<SummaryEvent>());
    EXPECT_TRUE(back.as<SummaryEvent>()->stopped);
}
