// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenarioparser.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

/// The author's Predict questions in a .fsc file: `ask:`, `ask TOPIC:`,
/// `choices:`, `answer:` and `explain:` lines below a step
/// (docs/scenario-format.md, "Questions"). Each question belongs to the
/// step written last above it.
namespace finscope::fsc {

/// The words that start a question line; they cannot name an endpoint.
inline const std::vector<std::string> kQuestionKeys = {"ask", "choices", "answer", "explain"};

class QuestionReader {
public:
    QuestionReader(Scenario& sc, std::vector<ParseError>& errors) : sc_(sc), errors_(errors) {}

    /// `ask:`, `ask wire:`, `choices:`, `answer:` or `explain:` after any indentation.
    static bool isQuestionLine(std::string_view line);

    /// Reads the question line `lines[i]` (and the block of an `explain: |`,
    /// moving `i` to its last line). `stepLine` is the line of the step
    /// written last (0: none yet); when that step did not make it into the
    /// scenario (it has an error), its questions are skipped quietly.
    void read(const std::vector<std::string_view>& lines, std::size_t& i, int stepLine);

    /// Ends the question being read: reports what it lacks. Called before
    /// each step and at the end of the file.
    void close();

private:
    /// The question being read, and where its parts were written.
    struct Open {
        bool active = false;
        bool skip = false;          ///< its step is broken or missing: ignore its lines
        std::size_t step = 0;       ///< index in sc_.steps
        std::size_t question = 0;   ///< index in that step's questions
        int choicesLine = 0;
        int explainLine = 0;
        int answerLine = 0;
        std::string answer;
        SourcePos answerPos;
    };

    void ask(std::string_view line, int lineNo, std::size_t at, std::size_t colon, int stepLine);
    void choices(std::string_view line, int lineNo, std::size_t at);
    void answer(std::string_view line, int lineNo, std::size_t at);
    void explain(const std::vector<std::string_view>& lines, std::size_t& i, std::size_t at, std::size_t colon);
    /// The open question for a `choices:`/`answer:`/`explain:` line, or nullptr (reported).
    Question* target(const std::string& key, int lineNo, std::size_t at, std::string_view line);
    void error(SourcePos pos, std::string message) { errors_.push_back({pos, std::move(message)}); }

    Scenario& sc_;
    std::vector<ParseError>& errors_;
    Open open_;
    int count_ = 0;
};

} // namespace finscope::fsc
