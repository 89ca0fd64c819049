// SPDX-License-Identifier: MIT
#include "core/scenariopairs.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace finscope {

ScenarioPairsResult parseScenarioPairs(const std::string& text, const std::string& name) {
    ScenarioPairsResult result;
    std::istringstream in(text);
    int lineNo = 0;
    for (std::string line; std::getline(in, line);) {
        ++lineNo;
        std::string what;
        if (const auto hash = line.find('#'); hash != std::string::npos) {
            what = line.substr(hash + 1);
            line.resize(hash);
            const auto b = what.find_first_not_of(" \t");
            what = b == std::string::npos ? std::string() : what.substr(b, what.find_last_not_of(" \t\r") - b + 1);
        }
        std::istringstream words(line);
        std::vector<std::string> ids;
        for (std::string w; words >> w;) ids.push_back(w);
        if (ids.empty()) continue;
        if (ids.size() != 2 || ids[0] == ids[1]) {
            result.errors.push_back(name + ":" + std::to_string(lineNo) + ": expected two different scenario ids");
            continue;
        }
        result.pairs.push_back({ids[0], ids[1], what, lineNo});
    }
    return result;
}

ScenarioPairsResult loadScenarioPairs(const std::string& dir) {
    const auto path = std::filesystem::path(dir) / "pairs.txt";
    std::ifstream in(path);
    if (!in) return {};
    std::ostringstream text;
    text << in.rdbuf();
    return parseScenarioPairs(text.str(), path.string());
}

} // namespace finscope
