// SPDX-License-Identifier: MIT
// The `wire:` header and steps of the scenario format (docs/scenario-format.md, "The wire").
#include "core/scenarioparser.h"

#include "parsehelpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::oneError;
using finscope::testing::parseErrors;
using finscope::testing::parseOk;

namespace {

const std::string kHead = "title: T\n";
const std::string kSteps = "server: listen()\nclient: connect()\nserver: accept()\n";

} // namespace

TEST(WireParser, LoopbackIsTheDefault) {
    const Scenario s = parseOk(kHead + kSteps);
    EXPECT_FALSE(s.usesWire());
    EXPECT_TRUE(s.wire.empty());
}

TEST(WireParser, HeaderReadsEveryCondition) {
    const Scenario s = parseOk(kHead +
                               "wire: delay=20ms, loss=2.5%, seed=7, reorder=10%, gap=5ms, rate=10mbit  # a note\n" +
                               kSteps);
    ASSERT_EQ(s.wire.size(), 1u);
    const WireHeader& h = s.wire[0];
    EXPECT_EQ(h.delayNs, 20'000'000);
    EXPECT_DOUBLE_EQ(*h.loss, 0.025);
    EXPECT_EQ(h.seed, 7u);
    EXPECT_DOUBLE_EQ(*h.reorder, 0.10);
    EXPECT_EQ(h.reorderGapNs, 5'000'000);
    EXPECT_EQ(h.rateBitsPerSecond, 10'000'000u);
    EXPECT_TRUE(h.from.empty());
    EXPECT_EQ(h.text, "delay=20ms, loss=2.5%, seed=7, reorder=10%, gap=5ms, rate=10mbit");
    EXPECT_EQ(h.pos.line, 2);
    EXPECT_TRUE(s.usesWire());
}

TEST(WireParser, UnitsAndDirections) {
    const Scenario s = parseOk(kHead + "wire: delay=1.5ms\nwire: delay=250us, from=server\nwire: loss=100%, to=client\n"
                                       "wire: rate=512kbit, from=client, to=server\n" + kSteps);
    ASSERT_EQ(s.wire.size(), 4u);
    EXPECT_EQ(s.wire[0].delayNs, 1'500'000);
    EXPECT_EQ(s.wire[1].delayNs, 250'000);
    EXPECT_EQ(s.wire[1].from, "server");
    EXPECT_FALSE(s.wire[1].loss) << "only the keys written are set";
    EXPECT_EQ(s.wire[2].to, "client");
    EXPECT_DOUBLE_EQ(*s.wire[2].loss, 1.0);
    EXPECT_EQ(s.wire[3].rateBitsPerSecond, 512'000u);
}

TEST(WireParser, Steps) {
    const Scenario s = parseOk(kHead + kSteps +
                               "wire: hold()\nwire: hold(from=client, flags=F)\nwire: release()\n"
                               "wire: drop(next, from=server, to=client, flags=FA)\n");
    std::vector<const Step*> wire;
    for (const auto& st : s.steps)
        if (st.wire) wire.push_back(&st);
    ASSERT_EQ(wire.size(), 4u);
    EXPECT_EQ(wire[0]->endpoint, "wire");
    EXPECT_EQ(wire[0]->wire->kind, WireAction::Kind::Hold);
    EXPECT_TRUE(wire[0]->wire->from.empty());
    EXPECT_EQ(wire[1]->wire->from, "client");
    EXPECT_EQ(wire[1]->wire->flags, "F");
    EXPECT_EQ(wire[1]->text, "hold(from=client, flags=F)");
    EXPECT_EQ(wire[2]->wire->kind, WireAction::Kind::Release);
    EXPECT_EQ(wire[3]->wire->kind, WireAction::Kind::DropNext);
    EXPECT_EQ(wire[3]->wire->to, "client");
    EXPECT_EQ(wire[3]->wire->flags, "FA");
    EXPECT_EQ(wire[3]->pos.line, 8);
    EXPECT_EQ(wire[3]->text, "drop(next, from=server, to=client, flags=FA)");
    // `wire` is no endpoint: it has no process and no lane of system calls.
    EXPECT_EQ(s.endpoints, (std::vector<std::string>{"server", "client"}));
    EXPECT_TRUE(s.usesWire());
}

TEST(WireParser, AStepAloneMakesAWireRun) {
    const Scenario s = parseOk(kHead + "wire: hold(flags=S)\n" + kSteps);
    EXPECT_TRUE(s.wire.empty());
    EXPECT_TRUE(s.usesWire());
}

TEST(WireParser, HeaderErrorsPointAtTheirColumn) {
    EXPECT_EQ(oneError(kHead + "wire: delay=20\n" + kSteps),
              "2:15: 'delay=' needs a unit: ns, us, ms or s (e.g. 20ms)");
    EXPECT_EQ(oneError(kHead + "wire: delay=20ms, lose=5%\n" + kSteps),
              "2:19: unknown wire condition 'lose' (did you mean loss?); known: delay, loss, seed, reorder, gap, rate, "
              "from, to");
    EXPECT_EQ(oneError(kHead + "wire: loss=5\n" + kSteps), "2:13: 'loss=' is a percentage, such as 5%");
    EXPECT_EQ(oneError(kHead + "wire: loss=150%\n" + kSteps), "2:12: 'loss=' is at most 100%");
    EXPECT_EQ(oneError(kHead + "wire: rate=10mb\n" + kSteps),
              "2:14: 'rate=' needs a unit: bit, kbit, mbit or gbit (e.g. 10mbit)");
    EXPECT_EQ(oneError(kHead + "wire: seed=-1\n" + kSteps), "2:12: 'seed=' is a whole number, such as seed=1");
    EXPECT_EQ(oneError(kHead + "wire: delay\n" + kSteps),
              "2:7: expected 'key=value' (delay, loss, seed, reorder, gap, rate, from, to), found 'delay'");
    EXPECT_EQ(oneError(kHead + "wire: reorder=5%\n" + kSteps),
              "2:7: 'reorder=' needs 'gap=': how much longer a frame picked waits, e.g. gap=5ms");
    EXPECT_EQ(oneError(kHead + "wire:\n" + kSteps),
              "2:6: empty 'wire:' header: write conditions such as 'wire: delay=20ms'");
    EXPECT_EQ(oneError(kHead + "wire: delay=5ms, from=sever\n" + kSteps),
              "2:23: 'sever' is not an endpoint of this scenario (did you mean server?)");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: delay=5ms\n"),
              "5:1: the 'wire:' header must come before the first step (a step of the wire is written with "
              "parentheses, as in 'wire: hold()')");
}

TEST(WireParser, StepErrorsPointAtTheirColumn) {
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hodl()\n"),
              "5:7: unknown wire step 'hodl' (did you mean hold?): the wire's steps are hold(), release() and "
              "drop(next, ...)");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: drop(from=server)\n"),
              "5:23: drop() needs 'next': drop(next, from=server, flags=F) drops the next such frame once");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(flags=FX)\n"),
              "5:19: 'X' is not a TCP flag letter: S F P R U E W, and A for ACK");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(from=client, from=server)\n"), "5:25: 'from=' is given twice");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: release(from=client)\n"),
              "5:15: release() takes no arguments: it delivers every held frame");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(next)\n"), "5:12: 'next' belongs to drop(next, ...)");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(to=nobody)\n"),
              "5:15: 'nobody' is not an endpoint of this scenario");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(from=client, to=client)\n"),
              "5:28: from= and to= name the same endpoint: no frame goes from a host to itself over the wire");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold() x\n"), "5:14: nothing may follow a wire step, found 'x'");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: hold(\n"), "5:12: missing ')'");
}

TEST(WireParser, WireIsAReservedName) {
    EXPECT_EQ(oneError(kHead + kSteps + "server: wire = fork()\n"),
              "5:9: 'wire' is a reserved word and cannot name an endpoint");
    EXPECT_EQ(oneError(kHead + kSteps + "wire: connect()\n"),
              "5:7: unknown wire step 'connect': the wire's steps are hold(), release() and drop(next, ...)");
    EXPECT_EQ(oneError(kHead + kSteps + "together:\n  client: close()\n  wire: release()\n  server: close()\n"),
              "7:3: a step of the wire cannot be in a together: block; write it before the block (frames held then "
              "cross together on release)");
}

TEST(WireParser, AWireNeedsTwoHostsAndIpv4) {
    EXPECT_EQ(oneError(kHead + "wire: delay=1ms\nserver: listen()\nserver: worker = fork()\n"),
              "2:1: a wire joins at least two endpoints (each its own host); this scenario has 1");
    const auto v6 = parseScenario(kHead + "wire: delay=1ms\nserver: listen()\n"
                                          "client: connect(\"[::1]:5000\")\nserver: accept()\n", "t.fsc");
    ASSERT_FALSE(v6.errors.empty());
    EXPECT_EQ(formatError("t.fsc", v6.errors[0]),
              "t.fsc:4:17: a wire carries IPv4 only (its hosts are 127.1.0.N): use a port or 127.0.0.1");
}
