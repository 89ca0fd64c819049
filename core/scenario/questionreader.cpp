// SPDX-License-Identifier: MIT
#include "core/scenario/questionreader.h"

#include "core/names.h"
#include "core/scenario/lexer.h"
#include "core/scenario/parsetext.h"
#include "core/scenario/questiontopics.h"
#include "core/scenario/textblock.h"

#include <algorithm>
#include <utility>

namespace finscope::fsc {
namespace {

constexpr std::size_t kMaxChoices = 8;

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

/// The word at `at` (name characters) and the offset after it.
std::string_view wordAt(std::string_view line, std::size_t at, std::size_t& end) {
    end = at;
    while (end < line.size() && isNameChar(line[end])) ++end;
    return line.substr(at, end - at);
}

std::size_t skipSpaces(std::string_view line, std::size_t i) {
    while (i < line.size() && isSpace(line[i])) ++i;
    return i;
}

/// Splits a question line into its key ("ask"), topic ("wire" or "") and
/// the offset of its ':'; false when the line is not a question line.
bool splitKey(std::string_view line, std::size_t& at, std::string& key, std::string& topic, std::size_t& colon) {
    at = skipSpaces(line, 0);
    std::size_t end = 0;
    key = std::string(wordAt(line, at, end));
    if (std::find(kQuestionKeys.begin(), kQuestionKeys.end(), key) == kQuestionKeys.end()) return false;
    std::size_t i = skipSpaces(line, end);
    topic.clear();
    if (key == "ask" && i < line.size() && isNameStart(line[i]) && i > end) {
        topic = std::string(wordAt(line, i, end));
        i = skipSpaces(line, end);
    }
    if (i >= line.size() || line[i] != ':') return false;
    colon = i;
    return true;
}

} // namespace

bool QuestionReader::isQuestionLine(std::string_view line) {
    std::size_t at = 0, colon = 0;
    std::string key, topic;
    return splitKey(line, at, key, topic, colon);
}

void QuestionReader::read(const std::vector<std::string_view>& lines, std::size_t& i, int stepLine) {
    const std::string_view line = lines[i];
    const int lineNo = static_cast<int>(i + 1);
    std::size_t at = 0, colon = 0;
    std::string key, topic;
    if (!splitKey(line, at, key, topic, colon)) return;
    if (key == "ask") return ask(line, lineNo, at, colon, stepLine);
    if (key == "choices") return choices(line, lineNo, at);
    if (key == "answer") return answer(line, lineNo, at);
    explain(lines, i, at, colon);
}

/// The text after `key:` on a question line: verbatim to the end of the line
/// (a `#` is text, as in a header), or one quoted string. Reports a broken
/// string and returns false.
static bool lineText(std::string_view line, int lineNo, std::size_t colon, std::vector<ParseError>& errors,
                     std::string& out) {
    const std::string_view value = trim(line.substr(colon + 1));
    if (value.empty() || value.front() != '"') {
        out = std::string(value);
        return true;
    }
    std::vector<Token> tokens;
    if (!Lexer(line, lineNo, errors).run(tokens)) return false;
    const auto str = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind == Tok::String; });
    if (str == tokens.end()) return false;
    if (std::next(str)->kind != Tok::End) {
        errors.push_back({{lineNo, std::next(str)->column},
                          "expected the end of the line after the closing quote, found " + describe(*std::next(str))});
        return false;
    }
    out = str->text;
    return true;
}

void QuestionReader::ask(std::string_view line, int lineNo, std::size_t at, std::size_t colon, int stepLine) {
    close();
    open_ = Open{};
    open_.active = true;
    const SourcePos pos{lineNo, columnOf(line, at)};
    if (stepLine == 0) {
        error(pos, "a question comes after the step it asks about: write 'ask:' below a step");
        open_.skip = true;
        return;
    }
    // The step above has an error of its own: that one is enough.
    if (sc_.steps.empty() || sc_.steps.back().pos.line != stepLine || sc_.steps.back().implicit) {
        open_.skip = true;
        return;
    }
    Step& step = sc_.steps.back();
    Question q;
    q.pos = pos;
    std::size_t topicAt = skipSpaces(line, at + 3);
    if (topicAt < colon) {
        std::size_t end = 0;
        q.topic = std::string(wordAt(line, topicAt, end));
        const SourcePos topicPos{lineNo, columnOf(line, topicAt)};
        const auto& all = allQuestionTopics();
        if (std::find(all.begin(), all.end(), q.topic) == all.end()) {
            error(topicPos, "unknown question kind '" + q.topic + "'" + didYouMean(q.topic, all) +
                                "; write 'ask:' with your own choices, or one of 'ask return:', 'ask wire:', "
                                "'ask signal:', 'ask state:'");
            open_.skip = true;
            return;
        }
        const auto fits = questionTopics(step.call);
        if (std::find(fits.begin(), fits.end(), q.topic) == fits.end()) {
            error(topicPos, "'ask " + q.topic + ":' does not fit " + step.call + "(): " +
                                (fits.empty() ? "Predict asks nothing of its own about " + step.call + "()"
                                              : "Predict asks " + step.call + "() about " + joinOr(fits)) +
                                "; write 'ask:' with your own choices");
            open_.skip = true;
            return;
        }
        for (const Question& other : step.questions)
            if (other.topic == q.topic) {
                error(topicPos, "the step already has an 'ask " + q.topic + ":' question (line " +
                                    std::to_string(other.pos.line) + ")");
                open_.skip = true;
                return;
            }
    }
    if (!lineText(line, lineNo, colon, errors_, q.prompt)) {
        open_.skip = true;
        return;
    }
    if (q.prompt.empty()) {
        error({lineNo, columnOf(line, colon + 1)}, "empty question: write it after 'ask:'");
        open_.skip = true;
        return;
    }
    q.number = ++count_;
    step.questions.push_back(std::move(q));
    open_.step = sc_.steps.size() - 1;
    open_.question = step.questions.size() - 1;
}

Question* QuestionReader::target(const std::string& key, int lineNo, std::size_t at, std::string_view line) {
    if (!open_.active) {
        error({lineNo, columnOf(line, at)}, "'" + key + ":' belongs to a question: write 'ask: ...' above it");
        return nullptr;
    }
    if (open_.skip) return nullptr;
    return &sc_.steps[open_.step].questions[open_.question];
}

void QuestionReader::choices(std::string_view line, int lineNo, std::size_t at) {
    Question* q = target("choices", lineNo, at, line);
    if (!q) return;
    const SourcePos pos{lineNo, columnOf(line, at)};
    if (!q->topic.empty()) {
        error(pos, "'ask " + q->topic + ":' offers FinScope's own choices, judged by what the kernel does; "
                   "write 'ask:' to give your own");
        return;
    }
    if (open_.choicesLine != 0) {
        error(pos, "duplicate 'choices:' (first on line " + std::to_string(open_.choicesLine) + ")");
        return;
    }
    open_.choicesLine = lineNo;
    std::vector<Token> tokens;
    if (!Lexer(line, lineNo, errors_).run(tokens)) return;
    // tokens: choices ':' STRING { ',' STRING } END
    std::vector<std::string> list;
    std::size_t t = 2;
    while (true) {
        const Token& tok = tokens[std::min(t, tokens.size() - 1)];
        if (tok.kind != Tok::String) {
            error({lineNo, tok.column}, "expected a choice in quotes, such as \"-1 EPIPE\", found " + describe(tok));
            return;
        }
        if (tok.text.empty()) {
            error({lineNo, tok.column}, "empty choice");
            return;
        }
        if (std::find(list.begin(), list.end(), tok.text) != list.end()) {
            error({lineNo, tok.column}, "choice " + quoted(tok.text) + " is written twice");
            return;
        }
        list.push_back(tok.text);
        const Token& next = tokens[std::min(t + 1, tokens.size() - 1)];
        if (next.kind == Tok::End) break;
        if (next.kind != Tok::Comma) {
            error({lineNo, next.column}, "expected ',' between choices, found " + describe(next));
            return;
        }
        t += 2;
    }
    if (list.size() < 2 || list.size() > kMaxChoices) {
        error(pos, "a question has 2 to " + std::to_string(kMaxChoices) + " choices; this one has " +
                       std::to_string(list.size()));
        return;
    }
    q->choices = std::move(list);
}

void QuestionReader::answer(std::string_view line, int lineNo, std::size_t at) {
    Question* q = target("answer", lineNo, at, line);
    if (!q) return;
    const SourcePos pos{lineNo, columnOf(line, at)};
    if (!q->topic.empty()) {
        error(pos, "'ask " + q->topic + ":' is answered by the kernel when the step runs; write 'ask:' to give "
                   "your own answer");
        return;
    }
    if (open_.answerLine != 0) {
        error(pos, "duplicate 'answer:' (first on line " + std::to_string(open_.answerLine) + ")");
        return;
    }
    open_.answerLine = lineNo;
    std::vector<Token> tokens;
    if (!Lexer(line, lineNo, errors_).run(tokens)) return;
    const Token& tok = tokens[std::min<std::size_t>(2, tokens.size() - 1)];
    if (tok.kind != Tok::String) {
        error({lineNo, tok.column}, "expected the right choice in quotes, as written in 'choices:', found " +
                                        describe(tok));
        return;
    }
    const Token& next = tokens[std::min<std::size_t>(3, tokens.size() - 1)];
    if (next.kind != Tok::End) {
        error({lineNo, next.column}, "one answer only: expected the end of the line, found " + describe(next));
        return;
    }
    open_.answer = tok.text;
    open_.answerPos = {lineNo, tok.column};
}

void QuestionReader::explain(const std::vector<std::string_view>& lines, std::size_t& i, std::size_t at,
                             std::size_t colon) {
    const std::string_view line = lines[i];
    const int lineNo = static_cast<int>(i + 1);
    const bool block = trim(line.substr(colon + 1)) == "|";
    std::string text;
    if (block)
        text = indentedBlock(lines, i);
    Question* q = target("explain", lineNo, at, line);
    if (!q) return;
    if (open_.explainLine != 0) {
        error({lineNo, columnOf(line, at)}, "duplicate 'explain:' (first on line " + std::to_string(open_.explainLine) +
                                                ")");
        return;
    }
    open_.explainLine = lineNo;
    if (!block && !lineText(line, lineNo, colon, errors_, text)) return;
    if (text.empty()) {
        error({lineNo, columnOf(line, colon + 1)}, "empty 'explain:': write the explanation after it, or an "
                                                   "indented block after 'explain: |'");
        return;
    }
    q->explain = std::move(text);
}

void QuestionReader::close() {
    const Open open = std::exchange(open_, Open{});
    if (!open.active || open.skip) return;
    Question& q = sc_.steps[open.step].questions[open.question];
    if (!q.topic.empty()) return;
    if (open.choicesLine == 0) {
        error(q.pos, "the question has no choices: add a line 'choices: \"...\", \"...\"' below it (or ask one of "
                     "FinScope's own: 'ask return:', 'ask wire:', 'ask signal:', 'ask state:')");
        return;
    }
    if (q.choices.empty()) return;   // the choices line had its own error
    if (open.answerLine == 0) {
        error(q.pos, "the question has no answer: add a line 'answer: \"...\"' with the right choice");
        return;
    }
    if (open.answerPos.line == 0) return;   // the answer line had its own error
    const auto it = std::find(q.choices.begin(), q.choices.end(), open.answer);
    if (it == q.choices.end()) {
        const std::string near = names::suggest(open.answer, q.choices);
        error(open.answerPos, "the answer " + quoted(open.answer) + " is not one of the choices" +
                                  (near.empty() ? " (" + joinComma([&] {
                                                      std::vector<std::string> all;
                                                      for (const auto& c : q.choices) all.push_back(quoted(c));
                                                      return all;
                                                  }()) + ")"
                                                : " (did you mean " + quoted(near) + "?)"));
        return;
    }
    q.answer = static_cast<int>(it - q.choices.begin());
}

} // namespace finscope::fsc
