// SPDX-License-Identifier: MIT
#include "core/stepscheduler.h"

#include <algorithm>

namespace finscope {

StepScheduler::StepScheduler(const Scenario& scenario, Hooks hooks) : m_scenario(scenario), m_hooks(std::move(hooks)) {}

std::vector<std::vector<int>> StepScheduler::units(const Scenario& scenario) {
    std::vector<std::vector<int>> out;
    for (int i = 0; i < static_cast<int>(scenario.steps.size()); ++i) {
        const int group = scenario.steps[static_cast<std::size_t>(i)].together;
        const bool sameBlock =
            group != 0 && !out.empty() && scenario.steps[static_cast<std::size_t>(out.back().front())].together == group;
        if (sameBlock) out.back().push_back(i);
        else out.push_back({i});
    }
    return out;
}

bool StepScheduler::runnable(const std::vector<int>& unit, const std::vector<std::string>& waiting) const {
    for (int i : unit) {
        const Step& s = m_scenario.steps[static_cast<std::size_t>(i)];
        if (std::find(waiting.begin(), waiting.end(), s.endpoint) != waiting.end()) return false;
        // kill() is sent by the runner: it reaches a blocked process too.
        if (s.call != "kill" && m_hooks.isBlocked(s.endpoint)) return false;
    }
    return true;
}

void StepScheduler::run() {
    auto pending = units(m_scenario);
    while (!pending.empty() && !m_hooks.stopped()) {
        // Endpoints with an earlier unit still waiting: file order per endpoint.
        std::vector<std::string> waiting;
        auto next = pending.end();
        for (auto it = pending.begin(); it != pending.end(); ++it) {
            if (runnable(*it, waiting)) {
                next = it;
                break;
            }
            for (int i : *it) waiting.push_back(m_scenario.steps[static_cast<std::size_t>(i)].endpoint);
        }
        if (next == pending.end()) {
            if (m_hooks.waitForReturn()) continue;
            reportDeadlock(pending);
            return;
        }
        const std::vector<int> unit = *next;
        pending.erase(next);
        if (unit.size() == 1) m_hooks.runStep(unit.front());
        else m_hooks.runTogether(unit);
    }
}

void StepScheduler::reportDeadlock(const std::vector<std::vector<int>>& pending) {
    for (const auto& unit : pending) {
        for (int i : unit) {
            const Step& s = m_scenario.steps[static_cast<std::size_t>(i)];
            std::string why;
            if (m_hooks.isBlocked(s.endpoint))
                why = "'" + s.endpoint + "' is still blocked in its call, and no step left in the file can make it "
                      "return: the order of the file makes a deadlock (move the step that wakes it before line " +
                      std::to_string(s.pos.line) + ")";
            else
                why = "it waits behind an earlier step that cannot run (a deadlock)";
            m_hooks.deadlocked(i, why);
        }
    }
}

} // namespace finscope
