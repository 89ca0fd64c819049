// SPDX-License-Identifier: MIT
#include "core/scenariotranslation.h"

#include "core/scenario.h"
#include "core/scenario/lexer.h"

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

/// `choices 2: "...", "..."`: the quoted strings after the colon; false with
/// the reason in `why`.
bool quotedList(const std::string& line, std::vector<std::string>& out, std::string& why) {
    std::vector<ParseError> errors;
    std::vector<fsc::Token> tokens;
    if (!fsc::Lexer(line, 1, errors).run(tokens)) {
        why = errors.empty() ? "cannot read the choices" : errors.front().message;
        return false;
    }
    std::size_t t = 0;
    while (t < tokens.size() && tokens[t].kind != fsc::Tok::Colon) ++t;
    for (++t; t < tokens.size(); t += 2) {
        if (tokens[t].kind != fsc::Tok::String) {
            why = "expected a choice in quotes, found " + fsc::describe(tokens[t]);
            return false;
        }
        out.push_back(tokens[t].text);
        if (t + 1 >= tokens.size() || tokens[t + 1].kind == fsc::Tok::End) return true;
        if (tokens[t + 1].kind != fsc::Tok::Comma) {
            why = "expected ',' between choices, found " + fsc::describe(tokens[t + 1]);
            return false;
        }
    }
    return true;
}

/// "ask 3" → ("ask", 3); ("", 0) for any other key.
std::pair<std::string, int> numberedKey(const std::string& key) {
    const auto space = key.find(' ');
    if (space == std::string::npos) return {"", 0};
    const std::string word = key.substr(0, space);
    const std::string number = trim(key.substr(space + 1));
    if (word != "ask" && word != "choices" && word != "explain") return {"", 0};
    if (number.empty() || number.size() > 4 || number.find_first_not_of("0123456789") != std::string::npos)
        return {"", 0};
    const int n = std::stoi(number);
    return {n > 0 ? word : "", n};
}

/// A text written in quotes loses them, as in the .fsc file.
std::string unquote(const std::string& s) {
    return s.size() >= 2 && s.front() == '"' && s.back() == '"' ? s.substr(1, s.size() - 2) : s;
}

/// An indented block after line `i`, moving `i` to its last line.
std::string readBlock(const std::vector<std::string>& lines, std::size_t& i) {
    std::vector<std::string> block;
    while (i + 1 < lines.size() && (blank(lines[i + 1]) || lines[i + 1][0] == ' ' || lines[i + 1][0] == '\t'))
        block.push_back(lines[++i]);
    return joinBlock(block);
}

} // namespace

void applyQuestionTexts(Scenario& scenario, const ScenarioText& text) {
    for (Step& step : scenario.steps)
        for (Question& q : step.questions) {
            const auto it = text.questions.find(q.number);
            if (it == text.questions.end()) continue;
            if (!it->second.prompt.empty()) q.prompt = it->second.prompt;
            if (!it->second.explain.empty()) q.explain = it->second.explain;
            if (it->second.choices.size() == q.choices.size() && !q.choices.empty()) q.choices = it->second.choices;
        }
}

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
        if (const auto [word, n] = numberedKey(key); !word.empty()) {
            QuestionText& q = t.questions[n];
            std::string why;
            if (word == "ask") q.prompt = unquote(value);
            else if (word == "explain") q.explain = value == "|" ? readBlock(lines, i) : unquote(value);
            else if (!quotedList(line, q.choices, why)) return fail(why);
            continue;
        }
        if (key == "title") t.title = value;
        else if (key == "group") t.group = value;
        else if (key == "summary") t.summary = value;
        else if (key == "about" && value == "|") {
            t.about = readBlock(lines, i);
        } else if (key == "about") t.about = value;
        else return fail("expected title:, group:, summary:, about: |, or ask N:, choices N:, explain N: for the "
                         "N-th question");
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
