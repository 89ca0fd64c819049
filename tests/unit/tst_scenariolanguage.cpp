// SPDX-License-Identifier: MIT
// The scenario language's newer constructs (docs/scenario-format.md):
// together: blocks, loops, connect(AF_UNSPEC), socket(SOCK_NONBLOCK), the
// wire=/state=/orphan=/took/no-signal expectations, limits and the BOM.
// What each parses into, and each mistake's message at its line:column.
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

const std::string kConnected = "title: T\nserver: listen()\nclient: connect()\nserver: accept()\n";

const Step& last(const Scenario& s) { return s.steps.back(); }

} // namespace

TEST(ScenarioLanguage, TogetherBlock) {
    const Scenario s = parseOk(kConnected + "together:\n  client: shutdown(SHUT_WR)\n\n  # both\n  server: close()\nclient: read()\n");
    ASSERT_EQ(s.steps.size(), 6u);
    EXPECT_EQ(s.steps[3].together, 1);
    EXPECT_EQ(s.steps[4].together, 1);
    EXPECT_EQ(s.steps[5].together, 0);
    EXPECT_EQ(s.steps[4].pos, (SourcePos{9, 3}));
}

TEST(ScenarioLanguage, TogetherBlockErrors) {
    EXPECT_EQ(oneError(kConnected + "together:\n  client: close()\n"),
              "5:1: a together: block needs indented steps of at least two endpoints below it");
    EXPECT_EQ(oneError(kConnected + "together:\n  client: shutdown(SHUT_WR)\n  client: close()\n  server: close()\n"),
              "7:3: 'client' already has a step in this together: block (line 6); an endpoint makes one call at a time");
    EXPECT_EQ(oneError(kConnected + "together: client: close()\nserver: close()\n"),
              "5:10: write the steps of a together: block on the indented lines below it");
    EXPECT_EQ(oneError(kConnected + "together:\n  client: close()\n  oops\n  server: close()\n"),
              "7:3: expected a step 'endpoint: call(...)' in the together: block");
}

TEST(ScenarioLanguage, Loops) {
    const Scenario a = parseOk(kConnected + "client: send(1000, MSG_DONTWAIT) until EAGAIN => -1 EAGAIN\n");
    ASSERT_TRUE(last(a).repeat);
    EXPECT_EQ(last(a).repeat->kind, Repeat::Kind::UntilErrno);
    EXPECT_EQ(last(a).repeat->errnoName, "EAGAIN");
    EXPECT_EQ(last(a).repeat->text, "until EAGAIN");
    EXPECT_EQ(last(a).text, "send(1000, MSG_DONTWAIT) until EAGAIN");
    const Scenario b = parseOk(kConnected + "server: read() until 0\n");
    EXPECT_EQ(last(b).repeat->kind, Repeat::Kind::UntilReturn);
    EXPECT_EQ(last(b).repeat->ret, 0);
    const Scenario c = parseOk(kConnected + "client: write(\"x\") 3 times => 1\n");
    EXPECT_EQ(last(c).repeat->kind, Repeat::Kind::Times);
    EXPECT_EQ(last(c).repeat->count, 3);
}

TEST(ScenarioLanguage, LoopErrors) {
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") 3 tims\n"),
              "5:22: expected 'times' after the number, as in 'write(\"x\") 3 times'");
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") until EAGIN\n"),
              "5:26: unknown errno name 'EAGIN' (did you mean EAGAIN?) (write 'until 0' for a return value, "
              "'until EAGAIN' for an error)");
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") 0 times\n"), "5:20: a step repeats from 1 to 100000 times");
    EXPECT_EQ(oneError(kConnected + "server: c2 = accept() 2 times\n"),
              "5:23: accept() defines a name, so it cannot repeat: write one line per call");
    EXPECT_EQ(oneError(kConnected + "client: exit() until 0\n"), "5:16: exit() cannot repeat: write one line per call");
    EXPECT_EQ(oneError(kConnected + "client: read() until \"x\"\n"),
              "5:22: expected a return value or an errno name after 'until', as in 'until 0' or 'until EAGAIN', but "
              "found a string");
}

TEST(ScenarioLanguage, ConnectAfUnspecAndSockNonblock) {
    const Scenario s = parseOk(kConnected + "client: connect(sockfd, AF_UNSPEC)\nclient: connect(AF_UNSPEC)\n"
                                            "client: s2 = socket(SOCK_NONBLOCK)\nclient: s3 = socket(AF_INET6, SOCK_NONBLOCK|SOCK_CLOEXEC)\n");
    EXPECT_EQ(s.steps[3].fd, "sockfd");
    EXPECT_TRUE(s.steps[3].results.empty());
    EXPECT_EQ(s.steps[4].fd, "sockfd");  // the current socket, no new one
    ASSERT_NE(findArg(s.steps[5], "flags"), nullptr);
    EXPECT_EQ(findArg(s.steps[5], "flags")->names, std::vector<std::string>{"SOCK_NONBLOCK"});
    EXPECT_EQ(findArg(s.steps[6], "family")->names[0], "AF_INET6");
    EXPECT_EQ(findArg(s.steps[6], "flags")->names.size(), 2u);
    EXPECT_EQ(oneError(kConnected + "client: connect(sockfd, AF_INET)\n"),
              "5:25: AF_INET is not valid for connect() (use AF_UNSPEC)");
    EXPECT_EQ(oneError(kConnected + "client: s2 = socket(SOCK_NONBLOK)\n"),
              "5:21: unknown socket type flag 'SOCK_NONBLOK' (did you mean SOCK_NONBLOCK?)");
}

TEST(ScenarioLanguage, WireStateOrphanTookNoSignal) {
    const Scenario s = parseOk(kConnected + "client: close() => 0, wire=[> F, < .], state=FIN_WAIT2, orphan=yes\n"
                                            "server: read() => 0, no SIGPIPE, took >= 1.5ms, state(listenfd)=LISTEN\n"
                                            "server: shutdown(SHUT_WR) => 0, wire=[> .F(0)], state=CLOSED\n"
                                            "server: write(\"x\") => 1, wire=[]\n");
    const Expectation& a = *s.steps[3].expect;
    ASSERT_TRUE(a.wire);
    ASSERT_EQ(a.wire->size(), 2u);
    EXPECT_EQ((*a.wire)[0], (WirePattern{true, "F", std::nullopt}));
    EXPECT_EQ((*a.wire)[1], (WirePattern{false, ".", std::nullopt}));
    EXPECT_EQ(a.state, "FIN_WAIT2");
    EXPECT_EQ(a.orphan, true);
    EXPECT_EQ(a.stateSocket, "sockfd");
    EXPECT_TRUE(a.needsSettle());
    const Expectation& b = *s.steps[4].expect;
    EXPECT_EQ(b.noSignals, std::vector<std::string>{"SIGPIPE"});
    ASSERT_TRUE(b.took);
    EXPECT_EQ(b.took->op, ">=");
    EXPECT_EQ(b.took->ns, 1'500'000);
    EXPECT_EQ(b.stateSocket, "listenfd");
    const Expectation& c = *s.steps[5].expect;
    EXPECT_EQ((*c.wire)[0], (WirePattern{true, "F.", 0}));  // written .F, kept in tcpdump's order
    EXPECT_EQ(c.state, "CLOSE");
    EXPECT_TRUE(s.steps[6].expect->wire->empty());
    EXPECT_FALSE(parseOk(kConnected + "client: close() => 0, took < 2s\n").steps[3].expect->needsSettle());
}

TEST(ScenarioLanguage, ExpectationErrors) {
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, wire=[> F, < Q]\n"),
              "5:36: unknown TCP flag 'Q' in 'Q' (flags: F S R P . U E W, as tcpdump writes them; '.' is ACK)");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, wire=[F.]\n"),
              "5:29: expected '>' (sent) or '<' (received) to start a segment, as in '> F.'");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, wire=[> F.\n"), "5:28: missing ']' to close '['");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, wire=[> P.(x)]\n"),
              "5:33: a length is written in parentheses after the flags, as in '> P.(3)'");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, state=FIN_WAIT3\n"),
              "5:29: unknown TCP state 'FIN_WAIT3' (did you mean FIN_WAIT1?)");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, state(bogus)=CLOSE\n"),
              "5:29: 'bogus' is not a descriptor of endpoint 'client'");
    EXPECT_EQ(oneError(kConnected + "client: sleep(1) => 0, orphan=yes\n"),
              "5:24: sleep() acts on no socket: name one, as in state(connfd)=ESTABLISHED");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, orphan=maybe\n"), "5:30: orphan= is yes or no");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, took 2s\n"),
              "5:28: expected >=, >, <= or < after 'took', as in 'took >= 1.9s'");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, took >= 2\n"),
              "5:31: expected a duration with its unit after '>=', as in 1.9s or 200ms");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, took >= 2.5\n"),
              "5:31: '2.5' needs a unit: s, ms, us or ns, as in 1.9s");
    EXPECT_EQ(oneError(kConnected + "client: close() => 0, took >= 2h\n"), "5:31: bad number '2h'");
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") => -1 EPIPE, SIGPIPE, no SIGPIPE\n"),
              "5:42: 'SIGPIPE' and 'no SIGPIPE' cannot both hold");
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") => -1 EPIPE, no SIGPIPPE\n"),
              "5:36: unknown signal 'SIGPIPPE' (did you mean SIGPIPE?)");
    EXPECT_EQ(oneError(kConnected + "client: write(\"x\") => 1, wir=[]\n"),
              "5:26: unknown expectation 'wir=' (did you mean wire?)");
}

TEST(ScenarioLanguage, LimitsAndByteOrderMark) {
    const Scenario s = parseOk("\xEF\xBB\xBFtitle: BOM\nclient: connect()\n");
    EXPECT_EQ(s.title, "BOM");
    EXPECT_EQ(s.source.rfind("title", 0), 0u);

    std::string many = "title: many\nclient: connect()\n";
    for (std::size_t i = 0; i < kMaxSteps; ++i) many += "client: sleep(0)\n";
    const ParseResult r = parseScenario(many, "t.fsc");
    ASSERT_EQ(r.errors.size(), 1u);
    EXPECT_EQ(r.errors[0].pos, (SourcePos{static_cast<int>(kMaxSteps) + 2, 1}));
    EXPECT_EQ(r.errors[0].message, "too many steps: a scenario has at most 10000 steps (use '5 times' or 'until ...' "
                                   "to repeat a call)");

    const ParseResult big = parseScenario(std::string(kMaxScenarioBytes + 1, '#'), "t.fsc");
    ASSERT_EQ(big.errors.size(), 1u);
    EXPECT_EQ(big.errors[0].pos, (SourcePos{0, 0}));
    EXPECT_NE(big.errors[0].message.find("at most 1048576 bytes"), std::string::npos) << big.errors[0].message;
}
