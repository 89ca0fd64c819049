// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <optional>
#include <string>
#include <vector>

/// A step line as the grammar read it, with every position the validator
/// needs for its messages; the validator turns it into a Step.
namespace finscope::fsc {

struct RawArg {
    Value value;
    SourcePos valuePos;               // of the value, after any `key=`
    std::vector<SourcePos> namePos;   // of each name in `A|B`
    bool fromToken = true;
};

struct ExpectItem {
    enum class Kind { Signal, NoSignal, Blocked, Revents, OptValue, Data, Wire, State, Orphan, Took } kind = Kind::Blocked;
    std::string name;   // the signal; the state; yes/no of orphan=
    std::string socket; // state(x)=: the socket named
    RawArg arg;         // revents=, value=, data=
    std::vector<WirePattern> wire;
    std::vector<SourcePos> wirePos; // of each pattern's flags
    DurationBound took;
    SourcePos pos;
    SourcePos valuePos; // of the name after `no`, `state=`, `orphan=`
    SourcePos socketPos; // of x in state(x)=
};

struct RawExpect {
    Expectation e;
    std::int64_t ret = 0;
    SourcePos retPos;
    std::optional<std::string> errnoName;
    SourcePos errnoPos;
    std::vector<ExpectItem> items;
};

struct RawStep {
    Step step;
    std::vector<RawArg> args;
    std::vector<SourcePos> resultPos;
    SourcePos closePos;
    std::optional<RawExpect> expect;
    SourcePos repeatPos;       // of `until` / of N in `N times`
    SourcePos repeatValuePos;  // of the value after `until`
};

} // namespace finscope::fsc
