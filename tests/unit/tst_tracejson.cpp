// SPDX-License-Identifier: MIT
#include "core/tracejson.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>

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
    run.wire = RunWire{{{"client", "127.1.0.2"}, {"server", "127.1.0.1"}}, 20'000'000, 0.05, 7};
    const TraceEvent runBack = roundTrip(TraceEvent{0, 0, run});
    EXPECT_EQ(runBack.as<RunEvent>()->wire, run.wire);

    PacketEvent plain;
    EXPECT_EQ(toJsonLine(TraceEvent{0, 0, plain}).find("fate"), std::string::npos) << "loopback packets stay as they were";
    PacketEvent p;
    p.frameId = 7;
    p.fate = "dropped";
    p.dropReason = "drop(next, from=server, flags=F)";
    const std::string line = toJsonLine(TraceEvent{0, 0, p});
    EXPECT_NE(line.find(R"("delivered_ns":null)"), std::string::npos) << line;
    const TraceEvent packetBack = roundTrip(TraceEvent{0, 0, p});
    const auto* back = packetBack.as<PacketEvent>();
    EXPECT_EQ(back->frameId, 7);
    EXPECT_EQ(back->fate, "dropped");
    EXPECT_EQ(back->dropReason, p.dropReason);
    EXPECT_FALSE(back->deliveredNs);

    WireEvent w{7, "delivered", "c1", ""};
    const TraceEvent wireBack = roundTrip(TraceEvent{0, 0, w});
    const auto* wb = wireBack.as<WireEvent>();
    EXPECT_EQ(wb->frame, 7);
    EXPECT_EQ(wb->fate, "delivered");
    EXPECT_EQ(wb->conn, "c1");

    PauseEvent none;
    EXPECT_EQ(toJsonLine(TraceEvent{0, 0, none}).find("held"), std::string::npos) << "no held on loopback";
    PauseEvent held{3, 9, std::vector<std::int64_t>{4, 5}};
    EXPECT_NE(toJsonLine(TraceEvent{0, 0, held}).find(R"("held":[4,5])"), std::string::npos);
    const TraceEvent heldBack = roundTrip(TraceEvent{0, 0, held});
    EXPECT_EQ(heldBack.as<PauseEvent>()->held, (std::vector<std::int64_t>{4, 5}));
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

// Wire runs (docs/trace-format.md, "Wire runs"): the new fields are optional,
// and a loopback trace reads and writes exactly as before.

TEST(TraceJson, LoopbackPacketsAndPausesCarryNoWireFields) {
    PacketEvent p;
    p.flags = "F.";
    const std::string line = toJsonLine(TraceEvent{4, 10, p});
    for (const char* key : {"\"frame\"", "\"fate\"", "\"delivered_ns\"", "\"drop_reason\""})
        EXPECT_EQ(line.find(key), std::string::npos) << key << " in " << line;
    const std::string pause = toJsonLine(TraceEvent{5, 11, PauseEvent{2, 9}});
    EXPECT_EQ(pause.find("held"), std::string::npos) << pause;
    const TraceEvent backEvent = roundTrip(TraceEvent{5, 11, PauseEvent{2, 9}});
    const auto* back = backEvent.as<PauseEvent>();
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->held.has_value());
    const TraceEvent packetBack = roundTrip(TraceEvent{4, 10, p});
    EXPECT_FALSE(packetBack.as<PacketEvent>()->frameId.has_value());
}

TEST(TraceJson, LoopbackRunHasNullWire) {
    RunEvent r;
    r.scenario = "graceful-close";
    const std::string line = toJsonLine(TraceEvent{0, 1, r});
    EXPECT_NE(line.find(R"("wire":null)"), std::string::npos) << line;
    const TraceEvent runBack = roundTrip(TraceEvent{0, 1, r});
    EXPECT_FALSE(runBack.as<RunEvent>()->wire.has_value());
    // A trace written before wire runs existed has no "wire" key at all.
    auto old = parseTraceLine(R"({"kind":"run","id":0,"t_ns":1,"scenario":"x","endpoints":["client"]})");
    ASSERT_TRUE(old.ok) << old.error;
    EXPECT_FALSE(old.event.as<RunEvent>()->wire.has_value());
}

TEST(TraceJson, RunWireRoundTrips) {
    RunEvent r;
    r.wire = RunWire{{{"client", "127.1.0.1"}, {"server", "127.1.0.2"}}, 20000000, 0.05, 1};
    const TraceEvent backEvent = roundTrip(TraceEvent{0, 1, r});
    const auto* back = backEvent.as<RunEvent>();
    ASSERT_TRUE(back && back->wire);
    EXPECT_EQ(back->wire->hosts.at("client"), "127.1.0.1");
    EXPECT_EQ(back->wire->hosts.at("server"), "127.1.0.2");
    EXPECT_EQ(back->wire->delayNs, 20000000);
    EXPECT_DOUBLE_EQ(back->wire->loss, 0.05);
    EXPECT_EQ(back->wire->seed, 1u);
}

TEST(TraceJson, ContractRunLineIsRead) {
    auto r = parseTraceLine(R"({"kind":"run","id":0,"t_ns":1,"scenario":"x","endpoints":["client","server"],)"
                            R"("wire":{"hosts":{"client":"127.1.0.1","server":"127.1.0.2"},"delay_ns":20000000,"loss":0.0,"seed":1}})");
    ASSERT_TRUE(r.ok) << r.error;
    const auto& w = r.event.as<RunEvent>()->wire;
    ASSERT_TRUE(w);
    EXPECT_EQ(w->hosts.size(), 2u);
    EXPECT_EQ(w->delayNs, 20000000);
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","wire":5})").error, "\"wire\" must be an object or null");
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","wire":{"loss":"much"}})").error, "\"loss\" must be a number");
}

TEST(TraceJson, WirePacketFieldsRoundTrip) {
    PacketEvent held;
    held.flags = "F.";
    held.frameId = 7;
    held.fate = "held";
    TraceEvent e{12, 5000, held};
    const std::string line = toJsonLine(e);
    EXPECT_NE(line.find(R"("delivered_ns":null)"), std::string::npos) << line;
    EXPECT_EQ(line.find("drop_reason"), std::string::npos) << line;
    const TraceEvent backEvent = roundTrip(e);
    const auto* back = backEvent.as<PacketEvent>();
    ASSERT_TRUE(back);
    EXPECT_EQ(back->frameId, 7);
    EXPECT_EQ(back->fate, "held");
    EXPECT_FALSE(back->deliveredNs.has_value());

    PacketEvent dropped = held;
    dropped.fate = "dropped";
    dropped.dropReason = "drop(next, from=server, flags=F)";
    const TraceEvent dEvent = roundTrip(TraceEvent{13, 5001, dropped});
    const auto* d = dEvent.as<PacketEvent>();
    ASSERT_TRUE(d);
    EXPECT_EQ(d->dropReason, "drop(next, from=server, flags=F)");

    PacketEvent delivered = held;
    delivered.fate = "delivered";
    delivered.deliveredNs = 25000000;
    const TraceEvent deliveredBack = roundTrip(TraceEvent{14, 5002, delivered});
    EXPECT_EQ(deliveredBack.as<PacketEvent>()->deliveredNs, 25000000);
}

TEST(TraceJson, WireEventAndHeldFramesRoundTrip) {
    auto w = parseTraceLine(R"({"kind":"wire","id":30,"t_ns":900,"frame":7,"fate":"dropped","conn":"c1",)"
                            R"("drop_reason":"dropped by the user"})");
    ASSERT_TRUE(w.ok) << w.error;
    const auto* we = w.event.as<WireEvent>();
    ASSERT_TRUE(we);
    EXPECT_EQ(we->frame, 7);
    EXPECT_EQ(we->fate, "dropped");
    EXPECT_EQ(we->conn, "c1");
    EXPECT_EQ(we->dropReason, "dropped by the user");
    const TraceEvent againEvent = roundTrip(w.event);
    const auto* again = againEvent.as<WireEvent>();
    ASSERT_TRUE(again);
    EXPECT_EQ(again->dropReason, "dropped by the user");

    PauseEvent pause{3, 12, std::vector<std::int64_t>{7, 9}};
    const TraceEvent backEvent = roundTrip(TraceEvent{31, 901, pause});
    const auto* back = backEvent.as<PauseEvent>();
    ASSERT_TRUE(back && back->held);
    EXPECT_EQ(*back->held, (std::vector<std::int64_t>{7, 9}));
    // Nothing held is an empty array, not an absent key: a wire run, with nothing in the air.
    const TraceEvent noneEvent = roundTrip(TraceEvent{32, 902, PauseEvent{3, 12, std::vector<std::int64_t>{}}});
    const auto* none = noneEvent.as<PauseEvent>();
    ASSERT_TRUE(none && none->held);
    EXPECT_TRUE(none->held->empty());
}

namespace {

std::vector<std::string> linesOf(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

} // namespace

// Recorded loopback runs: read and written again, every field keeps its value,
// and nothing of a wire run appears but the run's `"wire": null`.
TEST(TraceJson, LoopbackTracesAreUnchangedByTheWireFields) {
    const std::filesystem::path dir = std::filesystem::path(FINSCOPE_TEST_DATA_DIR) / ".." / "ui" / "data" / "catalogue";
    int files = 0, lines = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".jsonl") continue;
        // The catalogue's wire runs (keepalive-dead-peer) carry the wire
        // fields by right: they must read and write back, nothing more.
        const auto fileLines = linesOf(entry.path());
        const bool wireRun =
            !fileLines.empty() && !nlohmann::json::parse(fileLines.front()).value("wire", nlohmann::json()).is_null();
        files += wireRun ? 0 : 1;
        for (const std::string& line : fileLines) {
            lines += wireRun ? 0 : 1;
            auto parsed = parseTraceLine(line);
            ASSERT_TRUE(parsed.ok) << entry.path() << ": " << parsed.error;
            const auto original = nlohmann::json::parse(line);
            auto written = nlohmann::json::parse(toJsonLine(parsed.event));
            for (const auto& [key, value] : original.items())
                EXPECT_EQ(written.value(key, nlohmann::json()), value) << entry.path() << " key " << key << ": " << line;
            if (wireRun) continue;
            for (const char* key : {"frame", "fate", "delivered_ns", "drop_reason", "held"})
                EXPECT_FALSE(written.contains(key)) << key << " written for " << line;
            if (parsed.event.kind() == "run") {
                EXPECT_TRUE(written.contains("wire") && written["wire"].is_null()) << written.dump();
            } else {
                EXPECT_FALSE(written.contains("wire"));
            }
        }
    }
    EXPECT_GE(files, 5);
    EXPECT_GE(lines, 100);
}

// The GUI's wire fixtures follow the contract field by field: they read and write back identically.
TEST(TraceJson, WireFixturesRoundTripExactly) {
    for (const char* name : {"wire-held.jsonl", "wire-delayed.jsonl", "wire-dropped.jsonl"}) {
        const auto lines = linesOf(std::filesystem::path(FINSCOPE_TEST_DATA_DIR) / name);
        ASSERT_FALSE(lines.empty()) << name;
        int wireKinds = 0;
        for (const std::string& line : lines) {
            auto parsed = parseTraceLine(line);
            ASSERT_TRUE(parsed.ok) << name << ": " << parsed.error;
            EXPECT_EQ(nlohmann::json::parse(toJsonLine(parsed.event)), nlohmann::json::parse(line)) << name;
            wireKinds += parsed.event.as<WireEvent>() != nullptr
                      || (parsed.event.as<PacketEvent>() && parsed.event.as<PacketEvent>()->frameId) ? 1 : 0;
        }
        EXPECT_GT(wireKinds, 0) << name;
    }
}

// The reader is simdjson since 2026-11 (it was a nlohmann-json DOM a line): the
// cases where two JSON parsers are known to differ, each read as before.

TEST(TraceJsonReader, InvalidUtf8IsRejectedWithAReason) {
    const std::string line = std::string(R"({"kind":"note","text":"a)") + "\xff\xfe" + R"("})";
    const auto r = parseTraceLine(line);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.error, "not a JSON object: not valid UTF-8");
    // Overlong "/" and a UTF-16 surrogate written in UTF-8 are not UTF-8 either.
    EXPECT_FALSE(parseTraceLine(std::string(R"({"kind":"note","text":")") + "\xc0\xaf" + R"("})").ok);
    EXPECT_FALSE(parseTraceLine(std::string(R"({"kind":"note","text":")") + "\xed\xa0\x80" + R"("})").ok);
    // Escaped: a lone surrogate is refused, a pair is one character.
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","text":"\ud800"})").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","text":"\udc00"})").error, "not a JSON object");
    const auto pair = parseTraceLine(R"({"kind":"note","text":"\ud83d\ude00 \u00e9"})");
    ASSERT_TRUE(pair.ok) << pair.error;
    EXPECT_EQ(pair.event.as<NoteEvent>()->text, "\xf0\x9f\x98\x80 \xc3\xa9");
}

TEST(TraceJsonReader, IntegersBeyond64BitsAreOutOfRangeNotACrash) {
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":12345678901234567890})").error,
              R"("t_ns" must be an integer in range)");   // 20 digits, above INT64_MAX: a uint64
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":18446744073709551616})").error,
              R"("t_ns" must be an integer in range)");   // 2^64
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":-9223372036854775809})").error,
              R"("t_ns" must be an integer in range)");   // below INT64_MIN
    EXPECT_EQ(parseTraceLine(R"({"kind":"packet","seq":123456789012345678901234567890})").error,
              R"("seq" must be an integer in range)");
    // Where a number may be anything (an ignored key), the line is read.
    const auto ignored = parseTraceLine(R"({"kind":"note","text":"7","big":123456789012345678901234})");
    ASSERT_TRUE(ignored.ok) << ignored.error;
    EXPECT_EQ(ignored.event.as<NoteEvent>()->text, "7");
    // A string of digits is a string, and the largest uint64 still fits a uint64 next to a wide number.
    const auto run = parseTraceLine(R"({"kind":"run","title":"99999999999999999999999","x":99999999999999999999,)"
                                    R"("wire":{"seed":18446744073709551615,"loss":100000000000000000000}})");
    ASSERT_TRUE(run.ok) << run.error;
    EXPECT_EQ(run.event.as<RunEvent>()->title, "99999999999999999999999");
    EXPECT_EQ(run.event.as<RunEvent>()->wire->seed, 18446744073709551615u);
    EXPECT_DOUBLE_EQ(run.event.as<RunEvent>()->wire->loss, 1e20);
    // Wide digits with a fraction or an exponent are a double already.
    EXPECT_DOUBLE_EQ(parseTraceLine(R"({"kind":"run","wire":{"loss":100000000000000000000.5}})").event.as<RunEvent>()->wire->loss, 1e20);
    EXPECT_DOUBLE_EQ(parseTraceLine(R"({"kind":"run","wire":{"loss":-100000000000000000000e-20}})").event.as<RunEvent>()->wire->loss, -1.0);
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":100000000000000000000e0})").error, R"("t_ns" must be an integer in range)");
    // Beyond a double, even in an ignored key: not JSON a program can read back (nlohmann-json refused it too).
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","wire":{"loss":1e400}})").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","x":-1e999})").error, "not a JSON object");
    EXPECT_TRUE(parseTraceLine(R"({"kind":"note","x":1e-999})").ok) << "underflow is 0";
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":-0})").event.tNs, 0);
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":-0.0})").error, R"("t_ns" must be an integer in range)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","t_ns":01})").error, "not a JSON object");
}

TEST(TraceJsonReader, NullMeansAbsentAtEveryLevel) {
    const auto none = parseTraceLine(R"({"kind":"run","wire":null,"t_ns":null,"id":null,"causes":null})");
    ASSERT_TRUE(none.ok) << none.error;
    EXPECT_FALSE(none.event.as<RunEvent>()->wire);
    const auto inner = parseTraceLine(R"({"kind":"run","wire":{"hosts":null,"delay_ns":null,"loss":null,"seed":null}})");
    ASSERT_TRUE(inner.ok) << inner.error;
    ASSERT_TRUE(inner.event.as<RunEvent>()->wire);
    EXPECT_EQ(*inner.event.as<RunEvent>()->wire, RunWire{});
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","wire":{"hosts":{"client":null}}})").error, R"("hosts" must be a string)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"run","wire":{"hosts":[]}})").error, R"("hosts" must be an object)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"pause","held":[1,null]})").error, R"("held" must be an integer in range)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"packet","sack":[1,2.5]})").error, R"("sack" must be an integer in range)");
    EXPECT_EQ(parseTraceLine(R"({"kind":"packet","sack":{}})").error, R"("sack" must be an array)");
    const auto sack = parseTraceLine(R"({"kind":"packet","sack":[1,4294967295],"wscale":7})");
    ASSERT_TRUE(sack.ok) << sack.error;
    EXPECT_EQ(sack.event.as<PacketEvent>()->sack, (std::vector<std::uint32_t>{1, 4294967295u}));
    EXPECT_EQ(parseTraceLine(R"({"kind":"packet","wscale":256})").error, R"("wscale" must be an integer in range)");
}

// JSON leaves duplicate keys open; FinScope never writes them. The last one
// wins, and an earlier one is not even type-checked (as nlohmann-json had it).
TEST(TraceJsonReader, ADuplicateKeyMeansItsLastValue) {
    const auto r = parseTraceLine(R"({"kind":"banana","text":"first","line":"x","kind":"note","text":"second","line":3})");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.event.as<NoteEvent>()->text, "second");
    EXPECT_EQ(r.event.as<NoteEvent>()->line, 3);
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","line":3,"line":"x"})").error, R"("line" must be an integer in range)");
    EXPECT_TRUE(parseTraceLine(R"({"kind":"note","text":"a","text":null})").event.as<NoteEvent>()->text.empty());
    const auto hosts = parseTraceLine(R"({"kind":"run","wire":{"hosts":{"client":5,"server":"b","client":"a"}}})");
    ASSERT_TRUE(hosts.ok) << hosts.error;
    EXPECT_EQ(hosts.event.as<RunEvent>()->wire->hosts, (std::map<std::string, std::string>{{"client", "a"}, {"server", "b"}}));
}

TEST(TraceJsonReader, EscapedNulStaysInTheString) {
    const auto r = parseTraceLine(R"({"kind":"note","text":"a\u0000b","k\u0000":1,"\u006bind":"note"})");
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.event.as<NoteEvent>()->text, std::string("a\0b", 3));
    EXPECT_NE(toJsonLine(r.event).find(R"("text":"a\u0000b")"), std::string::npos) << toJsonLine(r.event);
    EXPECT_EQ(roundTrip(r.event).as<NoteEvent>()->text, std::string("a\0b", 3));
}

TEST(TraceJsonReader, OneObjectALineAndNothingAfterIt) {
    EXPECT_EQ(parseTraceLine(R"({"kind":"note"} x)").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"({"kind":"note"}{"kind":"note"})").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"({"kind":"note",})").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine("{\"kind\":\"note\",\"text\":\"a\tb\"}").error, "not a JSON object");  // raw tab in a string
    EXPECT_EQ(parseTraceLine("").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine("  ").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine("null").error, "not a JSON object");
    EXPECT_EQ(parseTraceLine(R"("kind")").error, "not a JSON object");
    EXPECT_TRUE(parseTraceLine(" {\"kind\":\"note\"} \r").ok) << "a CRLF file's line ends in whitespace";
    EXPECT_EQ(parseTraceLine("{}").error, R"(no "kind")");
    EXPECT_EQ(parseTraceLine(R"({"kind":""})").error, R"(no "kind")");
    EXPECT_EQ(parseTraceLine(R"({"kind":5})").error, R"("kind" must be a string)");
}

TEST(TraceJsonReader, DeepNestingInAnIgnoredKeyIsRead) {
    const int depth = 5000;   // beyond simdjson's default limit of 1024
    const std::string line = R"({"kind":"note","text":"deep","x":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
    const auto r = parseTraceLine(line);
    ASSERT_TRUE(r.ok) << r.error;
    EXPECT_EQ(r.event.as<NoteEvent>()->text, "deep");
    EXPECT_EQ(parseTraceLine(std::string(depth, '[') + std::string(depth - 1, ']')).error, "not a JSON object");
}

TEST(TraceJsonReader, ALongLineAfterShortOnesAndShortOnesAfterIt) {
    const std::string text(300'000, 'x');   // beyond the reused buffer: read with a parser of its own
    const auto longLine = parseTraceLine(R"({"kind":"note","text":")" + text + R"("})");
    ASSERT_TRUE(longLine.ok) << longLine.error;
    EXPECT_EQ(longLine.event.as<NoteEvent>()->text, text);
    const std::string grown(5000, 'y');     // grows the reused one
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","text":")" + grown + R"("})").event.as<NoteEvent>()->text, grown);
    EXPECT_EQ(parseTraceLine(R"({"kind":"note","text":"short"})").event.as<NoteEvent>()->text, "short");
}

// Every trace the tests hold: read, written and read again, the event is the same.
TEST(TraceJsonReader, EveryFixtureTraceRoundTrips) {
    const std::filesystem::path tests = std::filesystem::path(FINSCOPE_TEST_DATA_DIR) / "..";
    int files = 0, lines = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(tests)) {
        if (entry.path().extension() != ".jsonl") continue;
        ++files;
        for (const std::string& line : linesOf(entry.path())) {
            ++lines;
            const auto first = parseTraceLine(line);
            ASSERT_TRUE(first.ok) << entry.path() << ": " << first.error << "\n" << line;
            const std::string written = toJsonLine(first.event);
            const auto second = parseTraceLine(written);
            ASSERT_TRUE(second.ok) << entry.path() << ": " << second.error;
            EXPECT_EQ(toJsonLine(second.event), written) << entry.path();
            EXPECT_EQ(second.event.id, first.event.id);
            EXPECT_EQ(second.event.tNs, first.event.tNs);
            EXPECT_EQ(second.event.causes, first.event.causes);
            EXPECT_EQ(second.event.kind(), first.event.kind());
        }
    }
    EXPECT_GE(files, 20);
    EXPECT_GE(lines, 1000);
}
