// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

/// Catalogue scenarios that make a natural comparison (close against
/// linger 0, MSG_NOSIGNAL against the default), read from `pairs.txt` beside
/// the scenarios: `ID ID  # what differs`, one pair a line.
namespace finscope {

struct ScenarioPair {
    std::string a;
    std::string b;
    std::string what;   ///< the comment: what the comparison shows; may be empty
    int line = 0;
};

struct ScenarioPairsResult {
    std::vector<ScenarioPair> pairs;
    std::vector<std::string> errors;   ///< "pairs.txt:3: expected two scenario ids"
};

ScenarioPairsResult parseScenarioPairs(const std::string& text, const std::string& name);
/// Reads `<dir>/pairs.txt`; no file is no pairs.
ScenarioPairsResult loadScenarioPairs(const std::string& dir);

} // namespace finscope
