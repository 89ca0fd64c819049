// SPDX-License-Identifier: MIT
#include "core/scenariotranslation.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace finscope {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

/// The lines of an about block, the first line's indentation removed from
/// all, lines joined by '\n' and paragraphs by one blank line.
std::string joinBlock(const std::vector<std::string>& lines) {
    std::size_t indent = std::string::npos;
    for (const auto& l : lines)
        if (!blank(l)) indent = std::min(indent, l.find_first_not_of(" \t"));
    std::string out;
    bool pendingBreak = false;
    for (const auto& l : lines) {
        if (blank(l)) {
            pendingBreak = !out.empty();
            continue;
        }
        if (!out.empty()) out += pendingBreak ? "\n\n" : "\n";
        pendingBreak = false;
        std::string text = l.substr(std::min(indent, l.size()));
        while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.pop_back();
        out += text;
    }
    return out;
}

} // namespace

ScenarioTextResult parseScenarioText(const std::string& text, const std::string& name) {
    ScenarioTextResult result;
    ScenarioText t;
    std::istringstream in(text);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (blank(line) || trim(line).front() == '#') continue;
        const auto colon = line.find(':');
        const std::string key = colon == std::string::npos ? std::string() : trim(line.substr(0, colon));
        const std::string value = colon == std::string::npos ? std::string() : trim(line.substr(colon + 1));
        auto fail = [&](const std::string& why) {
            result.error = name + ":" + std::to_string(i + 1) + ": " + why;
            return result;
        };
        if (key == "title") t.title = value;
        else if (key == "group") t.group = value;
        else if (key == "summary") t.summary = value;
        else if (key == "about" && value == "|") {
            std::vector<std::string> block;
            while (i + 1 < lines.size() && (blank(lines[i + 1]) || lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t'))
                block.push_back(lines[++i]);
            t.about = joinBlock(block);
        } else if (key == "about") t.about = value;
        else return fail("expected title:, group:, summary: or about: |");
    }
    result.text = t;
    return result;
}

std::optional<ScenarioText> loadScenarioText(const std::string& catalogueDir, const std::string& id,
                                             const std::string& language) {
    if (language.empty() || catalogueDir.empty()) return std::nullopt;
    const auto path = std::filesystem::path(catalogueDir) / language / (id + ".txt");
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return parseScenarioText(text.str(), path.string()).text;
}

} // namespace finscope
