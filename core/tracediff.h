// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <optional>
#include <string>
#include <vector>

/// Compares two traces step by step: what one run did differently from
/// another (FIN against RST, EPIPE against success, SIGPIPE or not), with
/// everything that differs between any two runs of the same scenario
/// (times, pids, call ids, ephemeral ports, absolute sequence numbers,
/// windows, timers) left out. Used by `finscope diff` and the GUI's compare.
namespace finscope {

/// One thing a step made happen, reduced to what is reproducible.
struct StepFact {
    enum class Kind { Syscall, Packet, Signal, Exit, State };
    Kind kind = Kind::Syscall;
    std::string lane;   ///< whose: "server", "c1 client > server", "client sockfd"
    std::string text;   ///< "write(5, \"456\", 3) = -1 EPIPE", "F. 1:1(0) ack 1", "FIN_WAIT2"
    /// A packet the same as an earlier one in its direction (flags, seq, ack,
    /// length): a retransmission, or the duplicate ACK that answers one.
    /// Whether it is sent is often a race of timers (a retransmission timer
    /// against the peer's delayed ACK), so it is compared apart.
    bool repeat = false;
    friend bool operator==(const StepFact&, const StepFact&) = default;
};

/// A step of a run and what happened from its start to the next step's.
struct StepOutcome {
    int index = -1;     ///< the step's index in its trace; -1: what happened before the first step
    int line = 0;
    std::string endpoint;
    std::string text;   ///< the call as written
    std::vector<StepFact> facts;
};

/// Splits a trace into its steps. A blocked call's return belongs to the
/// step that made the call, wherever it appears in the trace.
std::vector<StepOutcome> stepOutcomes(const std::vector<TraceEvent>& trace);

/// One difference inside a pair of aligned steps.
struct FactDiff {
    StepFact::Kind kind = StepFact::Kind::Syscall;
    std::string lane;
    std::optional<std::string> a;   ///< empty: A has nothing there
    std::optional<std::string> b;
};

/// Two aligned steps (or a step only one trace has: the other side is empty).
struct StepDiff {
    std::optional<StepOutcome> a;
    std::optional<StepOutcome> b;
    bool textDiffers = false;       ///< the calls as written differ
    std::vector<FactDiff> facts;    ///< empty when both steps did the same
    /// Packets sent again on one side only (StepFact::repeat), where the
    /// steps are otherwise the same: timing, not a difference of behaviour.
    std::vector<FactDiff> timing;
    bool differs() const { return !a || !b || textDiffers || !facts.empty(); }
};

struct TraceDiff {
    std::vector<StepDiff> steps;    ///< every step of both traces, aligned, in order
    /// Differences in how the runs were made (one captured no packets, one
    /// did not complete): they make the comparison partial.
    std::vector<std::string> notes;
    bool differs() const;
};

/// Aligns the steps of `a` and `b` (by endpoint and call, keeping order:
/// a step only one side has is a gap) and compares what each pair did.
TraceDiff diffTraces(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b);
/// The same on outcomes already split, for callers (and tests) that have them.
TraceDiff diffOutcomes(const std::vector<StepOutcome>& a, const std::vector<StepOutcome>& b);

/// "syscall", "packet", "signal", "exit", "state".
const char* factKindName(StepFact::Kind kind);

} // namespace finscope
