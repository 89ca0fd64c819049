// SPDX-License-Identifier: MIT
// The order the scheduler runs steps in, with fake endpoints: which steps
// block, which step wakes which (docs/scenario-format.md, "Order").
#include "core/scenarioparser.h"
#include "core/stepscheduler.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

using namespace finscope;

namespace {

/// Runs the scheduler over `text`. Steps on the lines in `blocks` block
/// their endpoint; a step on a line in `wakes` (line → blocked line)
/// makes that call return.
struct Fake {
    std::set<int> blocks;
    std::map<int, int> wakes;
    std::vector<int> order;            // lines, in the order they ran
    std::vector<int> deadlocked;       // lines
    std::map<std::string, int> blockedAt;  // endpoint → line of its blocked call

    void run(const std::string& text) {
        const ParseResult r = parseScenario(text, "t.fsc");
        ASSERT_TRUE(r.ok()) << (r.errors.empty() ? "" : r.errors[0].message);
        const Scenario& sc = *r.scenario;
        auto step = [&](int i) {
            const Step& s = sc.steps[static_cast<std::size_t>(i)];
            order.push_back(s.pos.line);
            if (blocks.count(s.pos.line)) blockedAt[s.endpoint] = s.pos.line;
            if (auto w = wakes.find(s.pos.line); w != wakes.end())
                for (auto it = blockedAt.begin(); it != blockedAt.end();)
                    it = it->second == w->second ? blockedAt.erase(it) : std::next(it);
        };
        StepScheduler::Hooks h;
        h.isBlocked = [&](const std::string& ep) { return blockedAt.count(ep) != 0; };
        h.runStep = step;
        h.runTogether = [&](const std::vector<int>& indices) {
            for (int i : indices) step(i);
        };
        h.waitForReturn = [] { return false; };
        h.deadlocked = [&](int i, const std::string&) { deadlocked.push_back(sc.steps[static_cast<std::size_t>(i)].pos.line); };
        h.stopped = [] { return false; };
        StepScheduler(sc, h).run();
    }
};

const std::string kHead = "title: t\nserver: listen()\nclient: connect()\nserver: accept()\n";  // lines 2-4

} // namespace

TEST(StepScheduler, FileOrderWhenNothingBlocks) {
    Fake f;
    f.run(kHead + "client: write(\"x\")\nserver: read()\n");
    EXPECT_EQ(f.order, (std::vector<int>{2, 3, 4, 5, 6}));
    EXPECT_TRUE(f.deadlocked.empty());
}

TEST(StepScheduler, QueuedStepRunsRightAfterTheWakingStep) {
    Fake f;
    f.blocks = {5};
    f.wakes = {{7, 5}};
    f.run(kHead + "server: read()\nserver: write(\"ok\")\nclient: write(\"abc\")\nclient: read()\n");
    // Line 6 waits for line 5, which line 7 wakes; then 6 runs before 8.
    EXPECT_EQ(f.order, (std::vector<int>{2, 3, 4, 5, 7, 6, 8}));
}

TEST(StepScheduler, DeadlockIsReportedForEveryStepLeft) {
    Fake f;
    f.blocks = {5, 7};
    f.run(kHead + "server: read()\nserver: write(\"x\")\nclient: read()\nclient: close()\n");
    EXPECT_EQ(f.order, (std::vector<int>{2, 3, 4, 5, 7}));
    EXPECT_EQ(f.deadlocked, (std::vector<int>{6, 8}));
}

TEST(StepScheduler, KillReachesABlockedEndpoint) {
    Fake f;
    f.blocks = {5};
    f.run(kHead + "server: read()\nserver: kill(SIGTERM)\n");
    EXPECT_EQ(f.order, (std::vector<int>{2, 3, 4, 5, 6}));
}

TEST(StepScheduler, TogetherBlockWaitsForAllItsEndpoints) {
    Fake f;
    f.blocks = {5};
    f.wakes = {{6, 5}};
    f.run(kHead + "server: read()\nclient: write(\"x\")\ntogether:\n  client: close()\n  server: close()\n");
    EXPECT_EQ(f.order, (std::vector<int>{2, 3, 4, 5, 6, 8, 9}));
    Fake g;
    g.blocks = {5};
    g.wakes = {{10, 5}};
    g.run(kHead + "server: read()\ntogether:\n  client: shutdown(SHUT_WR)\n  server: close()\nother: sleep(0)\nclient: write(\"x\")\n");
    // The block waits for the server; later steps of other endpoints go
    // on, but the client's own later step keeps its order behind the block.
    EXPECT_EQ(g.order, (std::vector<int>{2, 3, 4, 5, 9}));
    EXPECT_EQ(g.deadlocked, (std::vector<int>{7, 8, 10}));
}
