// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <string>
#include <vector>

namespace finscope::testing {

/// A finished `finscope run --json` of a scenario: the trace, the exit
/// status, and what it wrote on stderr.
struct TraceRun {
    std::vector<TraceEvent> events;
    int exitStatus = -1;
    std::string stderrText;

    template <class T> std::vector<T> all() const {
        std::vector<T> out;
        for (const auto& e : events)
            if (const T* t = e.as<T>()) out.push_back(*t);
        return out;
    }
    /// Syscall events of an endpoint for a call name, phase "return" and "done" only.
    std::vector<SyscallEvent> calls(const std::string& endpoint, const std::string& call) const;
    /// Packet flag strings in order ("S", "S.", ".", "F.", ...).
    std::vector<std::string> flags() const;
    /// Every state an endpoint's sockets went through, in order.
    std::vector<std::string> states(const std::string& endpoint) const;
    const SummaryEvent* summary() const;
    const RunEvent* runInfo() const;
    bool captured() const;  ///< packets were captured (capture mode is not "none")
};

/// Runs the built-in scenario `idOrPath` (or a .fsc file) with the finscope
/// program under test. A non-empty `stdinText` runs it with --step and feeds
/// that text (e.g. "next\nnext\nrun\n") as the step commands.
TraceRun runScenario(const std::string& idOrPath, const std::string& stdinText = "");

/// One event as a stable line for golden files: no times, pids or call
/// ids, ephemeral ports replaced by `*`; what remains must not vary between
/// runs of the same scenario.
std::string normalize(const TraceEvent& event);

/// Writes `text` to a temporary .fsc file and returns its path.
std::string writeTempScenario(const std::string& text);

} // namespace finscope::testing
