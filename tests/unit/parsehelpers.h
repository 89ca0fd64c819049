// SPDX-License-Identifier: MIT
#pragma once

// What every parser test needs: parse a text that must be valid, or read
// its errors as "line:col: message" (the form the tests compare against).

#include "core/scenarioparser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace finscope::testing {

/// Parses a text that must be valid; a failure lists every error.
inline Scenario parseOk(const std::string& text, const std::string& path = "t.fsc") {
    const ParseResult r = parseScenario(text, path);
    std::string all;
    for (const auto& e : r.errors) all += formatError(path, e) + "\n";
    EXPECT_TRUE(r.ok()) << all;
    return r.scenario.value_or(Scenario{});
}

/// Every error of a text, as "line:col: message".
inline std::vector<std::string> parseErrors(const std::string& text, const std::string& path = "t.fsc") {
    std::vector<std::string> out;
    for (const auto& e : parseScenario(text, path).errors)
        out.push_back(std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + ": " + e.message);
    return out;
}

/// The only error of a text, as "line:col: message"; a test failure when there are more or none.
inline std::string oneError(const std::string& text, const std::string& path = "t.fsc") {
    const auto all = parseErrors(text, path);
    std::string joined;
    for (const auto& e : all) joined += e + "\n";
    EXPECT_EQ(all.size(), 1u) << joined;
    return all.empty() ? "" : all[0];
}

} // namespace finscope::testing
