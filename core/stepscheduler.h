// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <functional>
#include <string>
#include <vector>

namespace finscope {

/// Decides which step runs next. Steps run in file order, with two
/// exceptions the format promises (docs/scenario-format.md, "Order"):
///
/// * a step of an endpoint that is blocked in a call waits, queued on that
///   endpoint, until the call returns; later steps of other endpoints go on;
/// * the steps of one `together:` block form one unit, released at once
///   when all their endpoints are free.
///
/// A unit runs as soon as none of its endpoints is blocked and no earlier
/// unit of those endpoints still waits; among such units, the earliest in
/// the file runs first. When nothing can run and nothing is left that could
/// wake the blocked calls, the file's order has made a deadlock: it is
/// reported, not waited out. Processes are the runner's business: the
/// scheduler only asks through Hooks, so it is tested without any.
class StepScheduler {
public:
    struct Hooks {
        /// The endpoint is blocked in a call (a step of it must wait).
        std::function<bool(const std::string& endpoint)> isBlocked;
        /// Run one step (the runner waits for its outcome and settles).
        std::function<void(int index)> runStep;
        /// Run the steps of a together: block at one instant.
        std::function<void(const std::vector<int>& indices)> runTogether;
        /// Nothing can run: wait for the network and the blocked calls to
        /// settle; true if an endpoint's call returned meanwhile.
        std::function<bool()> waitForReturn;
        /// A step never ran because of a deadlock (`why` says which call holds it).
        std::function<void(int index, const std::string& why)> deadlocked;
        /// The run was stopped (step mode, SIGINT, a hung endpoint).
        std::function<bool()> stopped;
    };

    StepScheduler(const Scenario& scenario, Hooks hooks);

    /// Runs every step, or until stopped or deadlocked.
    void run();

    /// The units of a scenario: each a list of step indices (one, or the
    /// steps of a together: block), in file order.
    static std::vector<std::vector<int>> units(const Scenario& scenario);

private:
    bool runnable(const std::vector<int>& unit, const std::vector<std::string>& waiting) const;
    void reportDeadlock(const std::vector<std::vector<int>>& pending);

    const Scenario& m_scenario;
    Hooks m_hooks;
};

} // namespace finscope
