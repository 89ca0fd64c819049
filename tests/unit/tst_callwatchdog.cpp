// SPDX-License-Identifier: MIT
// When a step's call counts as hung: the limit follows the call's own time
// (a sleep, a poll timeout), then a grace; between calls, the grace counts
// from the last return, never from the step's start.
#include "core/callwatchdog.h"

#include <gtest/gtest.h>

using namespace finscope;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kStart = 1'000 * kSecond;
constexpr std::int64_t kGrace = CallWatchdog::kGraceMs * 1'000'000;

agent::LiveCall idle() {
    agent::LiveCall live{};
    return live;
}

agent::LiveCall inPoll(std::int64_t enterNs, std::int64_t waitMs) {
    agent::LiveCall live{};
    live.inCall = 7;
    live.tEnterNs = enterNs;
    live.sleeping = 1;
    live.waitMs = waitMs;
    return live;
}

} // namespace

TEST(CallWatchdog, AStepThatNeverEntersACallHasTheGraceFromItsStart) {
    const CallWatchdog watchdog(kStart);
    EXPECT_FALSE(watchdog.overdue(idle(), kStart + kGrace));
    EXPECT_TRUE(watchdog.overdue(idle(), kStart + kGrace + 1));
}

TEST(CallWatchdog, ASleepingCallHasItsOwnTimeThenTheGrace) {
    const CallWatchdog watchdog(kStart);
    const auto live = inPoll(kStart + kSecond, 35'000);
    EXPECT_FALSE(watchdog.overdue(live, kStart + kSecond + 35 * kSecond + kGrace));
    EXPECT_TRUE(watchdog.overdue(live, kStart + kSecond + 35 * kSecond + kGrace + 1));
}

TEST(CallWatchdog, ABlockingCallThatIsNotSleepingHasOnlyTheGrace) {
    const CallWatchdog watchdog(kStart);
    auto live = inPoll(kStart, 35'000);
    live.sleeping = 0;
    EXPECT_TRUE(watchdog.overdue(live, kStart + kGrace + 1));
}

TEST(CallWatchdog, BackFromALongPollTheGraceCountsFromTheReturn) {
    // poll() waited its 35 s and returned; the agent is reporting it. The
    // step began 35 s ago, more than the grace: that is not a hang.
    const CallWatchdog watchdog(kStart);
    auto live = inPoll(kStart, 35'000);
    live.inCall = 0;
    live.tExitNs = kStart + 35 * kSecond;
    EXPECT_FALSE(watchdog.overdue(live, kStart + 35 * kSecond + kSecond));
    EXPECT_FALSE(watchdog.overdue(live, live.tExitNs + kGrace));
    EXPECT_TRUE(watchdog.overdue(live, live.tExitNs + kGrace + 1));
}

TEST(CallWatchdog, AReturnFromAnEarlierStepDoesNotExtendThisOne) {
    const CallWatchdog watchdog(kStart);
    auto live = idle();
    live.tExitNs = kStart - 10 * kSecond;
    EXPECT_TRUE(watchdog.overdue(live, kStart + kGrace + 1));
}
