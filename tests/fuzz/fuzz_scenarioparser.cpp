// SPDX-License-Identifier: MIT
// Fuzz target: the scenario parser must answer every input with a scenario
// or with errors at real positions, never crash, hang or throw.
#include "core/scenarioparser.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void check(bool condition) {
    if (!condition) std::abort();
}

int lineCount(std::string_view text) {
    int n = 1;
    for (char c : text) n += c == '\n' ? 1 : 0;
    return n;
}

void checkScenario(const finscope::Scenario& s) {
    check(!s.title.empty());
    check(!s.steps.empty());
    for (const auto& step : s.steps) {
        bool known = false;
        for (const auto& e : s.endpoints) known = known || e == step.endpoint;
        known = known || (step.wire && step.endpoint == "wire");  // the wire's steps: no process, no endpoint
        check(known);
        check(step.pos.line >= 1 && step.callPos.column > step.pos.column);
        (void)finscope::findArg(step, "data");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const finscope::ParseResult r = finscope::parseScenario(text, "fuzz/01-input.fsc");
    check(r.ok() == r.errors.empty());
    check(r.scenario.has_value() == r.errors.empty());
    const int lines = lineCount(text);
    for (const auto& e : r.errors) {
        check(e.pos.line >= 1 && e.pos.line <= lines);
        check(e.pos.column >= 1);
        check(!e.message.empty());
        check(!finscope::formatError("f.fsc", e).empty());
    }
    if (r.scenario) checkScenario(*r.scenario);
    return 0;
}
