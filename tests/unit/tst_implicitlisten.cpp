// SPDX-License-Identifier: MIT
// `server: accept()` with no listen() anywhere gets an implicit listen() at
// the start of the run: the textbook ladder starts at connect().
#include "core/scenarioparser.h"

#include <gtest/gtest.h>

using namespace finscope;

namespace {

ParseResult parse(const std::string& steps) { return parseScenario("title: t\n" + steps, "t.fsc"); }

} // namespace

TEST(ImplicitListen, AcceptAloneGetsAListenerBeforeEverything) {
    auto r = parse("client: connect()\nserver: accept()\nclient: close()\n");
    ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].message);
    const auto& steps = r.scenario->steps;
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[0].endpoint, "server");
    EXPECT_EQ(steps[0].call, "listen");
    EXPECT_TRUE(steps[0].implicit);
    EXPECT_EQ(steps[0].results, std::vector<std::string>{"listenfd"});
    EXPECT_EQ(steps[0].pos.line, 3) << "points at the accept() that needs it";
    EXPECT_EQ(steps[2].call, "accept");
    EXPECT_EQ(steps[2].fd, "listenfd");
    EXPECT_FALSE(steps[1].implicit);
    EXPECT_EQ(r.scenario->endpoints, (std::vector<std::string>{"client", "server"}));
}

TEST(ImplicitListen, ListensWhereTheClientConnects) {
    auto r = parse("client: connect(6000)\nserver: accept()\n");
    ASSERT_TRUE(r.ok());
    const Value* port = findArg(r.scenario->steps[0], "port");
    ASSERT_TRUE(port);
    EXPECT_EQ(port->integer, 6000);
}

TEST(ImplicitListen, AnAuthorWhoCallsListenIsToldItIsMissingHere) {
    auto r = parse("client: connect()\nserver: accept()\nserver: listen()\n");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.errors[0].pos.line, 3);
    EXPECT_NE(r.errors[0].message.find("needs a listening socket"), std::string::npos);
}

TEST(ImplicitListen, ExplicitListenerIsUsedAsBefore) {
    auto r = parse("server: listen()\nclient: connect()\nserver: accept()\n");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.scenario->steps.size(), 3u);
    for (const auto& s : r.scenario->steps) EXPECT_FALSE(s.implicit);
}
