// SPDX-License-Identifier: MIT
// Kernel-truth tests that take long by nature (CTest label `slow`, run in CI
// too): the call itself waits, so the test cannot be shorter.
#include "tracerun.h"

#include <gtest/gtest.h>

#include <cstdio>

using namespace finscope;
using finscope::testing::runScenario;
using finscope::testing::TraceRun;
using finscope::testing::writeTempScenario;

// sleep(45) and poll() with a 35 s timeout are what the steps asked for, not
// a hang: the watchdog follows the call's own time (the docs allow 120 s).
TEST(SlowCalls, LongSleepAndPollAreNotHung) {
    const std::string path = writeTempScenario("title: long waits\n"
                                               "server: listen()\n"
                                               "client: connect()                 => 0\n"
                                               "server: accept()\n"
                                               "client: poll(POLLIN, 35000)       => 0\n"
                                               "server: sleep(45)                 => 0\n"
                                               "server: write(\"late\")            => 4\n"
                                               "client: recv()                    => 4, data=\"late\"\n");
    TraceRun run = runScenario(path);
    std::remove(path.c_str());
    EXPECT_EQ(run.exitStatus, 0) << run.stderrText;
    const SummaryEvent* s = run.summary();
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->error.empty()) << s->error;
    EXPECT_TRUE(s->ok);
    auto sleeps = run.calls("server", "nanosleep");
    ASSERT_EQ(sleeps.size(), 1u);
    ASSERT_TRUE(sleeps[0].tExitNs.has_value());
    EXPECT_GE(*sleeps[0].tExitNs - sleeps[0].tEnterNs, 45'000'000'000LL) << "nanosleep(2) sleeps at least as asked";
    auto polls = run.calls("client", "poll");
    ASSERT_EQ(polls.size(), 1u);
    ASSERT_TRUE(polls[0].ret.has_value());
    EXPECT_EQ(*polls[0].ret, 0) << "poll(2) returns 0 when the timeout expires with nothing ready";
}
