// SPDX-License-Identifier: MIT
// The author's Predict questions in a .fsc file (docs/scenario-format.md,
// "Questions"): what is read, and every mistake reported at line:column.
#include "core/scenarioparser.h"
#include "core/scenariotranslation.h"

#include "parsehelpers.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace finscope;
using finscope::testing::oneError;
using finscope::testing::parseErrors;
using finscope::testing::parseOk;

namespace {

const std::string kConnected = "title: T\nserver: listen()\nclient: connect()\nserver: accept()\nclient: close()\n";

const Step& stepOnLine(const Scenario& s, int line) {
    for (const auto& st : s.steps)
        if (st.pos.line == line) return st;
    static const Step none;
    ADD_FAILURE() << "no step on line " << line;
    return none;
}

} // namespace

TEST(ScenarioQuestions, OwnChoicesAnswerAndExplanation) {
    const Scenario s = parseOk(kConnected +
                               "server: write(\"123\")      => 3\n"                            // 6
                               "server: write(\"456\")      => -1 EPIPE, SIGPIPE\n"            // 7
                               "  ask: What does the second write() return?\n"                 // 8
                               "  choices: \"3, like the first\", \"-1 EPIPE\", \"0\"\n"       // 9
                               "  answer: \"-1 EPIPE\"\n"                                      // 10
                               "  explain: The RST told the kernel the peer is gone. # kept\n" // 11
                               "server: close()\n");
    ASSERT_EQ(stepOnLine(s, 6).questions.size(), 0u);
    const auto& qs = stepOnLine(s, 7).questions;
    ASSERT_EQ(qs.size(), 1u);
    EXPECT_EQ(qs[0].topic, "");
    EXPECT_EQ(qs[0].prompt, "What does the second write() return?");
    EXPECT_EQ(qs[0].choices, (std::vector<std::string>{"3, like the first", "-1 EPIPE", "0"}));
    EXPECT_EQ(qs[0].answer, 1);
    EXPECT_EQ(qs[0].explain, "The RST told the kernel the peer is gone. # kept");
    EXPECT_EQ(qs[0].number, 1);
    EXPECT_EQ(qs[0].pos, (SourcePos{8, 3}));
}

TEST(ScenarioQuestions, TopicQuestionsQuotedPromptAndBlock) {
    const Scenario s = parseOk("title: T\n"
                               "server: listen()\n"
                               "client: connect()\n"
                               "server: accept()\n"
                               "client: close()          => 0\n"                  // 5
                               "ask wire: \"What does the client's kernel send?\"\n"
                               "ask state:   Where is the client now?\n"
                               "  explain: |\n"
                               "    close() sent a FIN; the peer's ACK\n"
                               "    moves the client on.\n"
                               "\n"
                               "    It waits there for the peer's FIN.\n"
                               "\n"
                               "server: read()           => 0\n"                  // 14
                               "  ask: Does read() block?\n"
                               "  answer: \"no\"\n"
                               "  choices: \"yes\", \"no\"\n");
    const auto& close = stepOnLine(s, 5).questions;
    ASSERT_EQ(close.size(), 2u);
    EXPECT_EQ(close[0].topic, "wire");
    EXPECT_EQ(close[0].prompt, "What does the client's kernel send?");
    EXPECT_EQ(close[0].explain, "");
    EXPECT_EQ(close[1].topic, "state");
    EXPECT_EQ(close[1].prompt, "Where is the client now?");
    EXPECT_EQ(close[1].explain, "close() sent a FIN; the peer's ACK\nmoves the client on.\n\nIt waits there for the "
                                "peer's FIN.");
    const auto& read = stepOnLine(s, 14).questions;
    ASSERT_EQ(read.size(), 1u);
    EXPECT_EQ(read[0].answer, 1);   // answer: may come before choices:
    EXPECT_EQ(read[0].number, 3);
}

TEST(ScenarioQuestions, InsideTogetherBlockBelongsToTheStepAbove) {
    const Scenario t = parseOk("title: T\nserver: listen()\nclient: connect()\nserver: accept()\n"
                               "together:\n"
                               "  client: shutdown(SHUT_WR)   => 0\n"      // 6
                               "    ask wire: Which segment leaves first?\n"
                               "  server: shutdown(SHUT_WR)   => 0\n");    // 8
    ASSERT_EQ(stepOnLine(t, 6).questions.size(), 1u);
    EXPECT_EQ(stepOnLine(t, 8).questions.size(), 0u);
}

TEST(ScenarioQuestions, AnswerMustBeAChoice) {
    EXPECT_EQ(oneError(kConnected + "server: read()\n"
                                    "  ask: What does read() return?\n"
                                    "  choices: \"0\", \"-1 EPIPE\"\n"
                                    "  answer: \"-1 EPIP\"\n"),
              "9:11: the answer \"-1 EPIP\" is not one of the choices (did you mean \"-1 EPIPE\"?)");
    EXPECT_EQ(oneError(kConnected + "server: read()\n"
                                    "  ask: What does read() return?\n"
                                    "  choices: \"0\", \"data\"\n"
                                    "  answer: \"it blocks\"\n"),
              "9:11: the answer \"it blocks\" is not one of the choices (\"0\", \"data\")");
}

TEST(ScenarioQuestions, MissingParts) {
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask: Which?\n  answer: \"a\"\n"),
              "7:3: the question has no choices: add a line 'choices: \"...\", \"...\"' below it (or ask one of "
              "FinScope's own: 'ask return:', 'ask wire:', 'ask signal:', 'ask state:')");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask: Which?\n  choices: \"a\", \"b\"\nserver: close()\n"),
              "7:3: the question has no answer: add a line 'answer: \"...\"' with the right choice");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask:\n"), "7:7: empty question: write it after 'ask:'");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  choices: \"a\", \"b\"\n"),
              "7:3: 'choices:' belongs to a question: write 'ask: ...' above it");
    EXPECT_EQ(oneError("title: T\nask: Before any step?\nclient: connect()\n"),
              "2:1: a question comes after the step it asks about: write 'ask:' below a step");
}

TEST(ScenarioQuestions, ChoicesSyntax) {
    const std::string head = kConnected + "server: read()\n  ask: Q?\n";
    EXPECT_EQ(oneError(head + "  choices: \"a\" \"b\"\n  answer: \"a\"\n"),
              "8:16: expected ',' between choices, found a string");
    EXPECT_EQ(oneError(head + "  choices: a, \"b\"\n  answer: \"b\"\n"),
              "8:12: expected a choice in quotes, such as \"-1 EPIPE\", found 'a'");
    EXPECT_EQ(oneError(head + "  choices: \"a\", \"a\"\n  answer: \"a\"\n"), "8:17: choice \"a\" is written twice");
    EXPECT_EQ(oneError(head + "  choices: \"a\"\n  answer: \"a\"\n"),
              "8:3: a question has 2 to 8 choices; this one has 1");
    EXPECT_EQ(oneError(head + "  choices: \"a\", \"b\n  answer: \"a\"\n"), "8:17: unterminated string (missing closing '\"')");
    EXPECT_EQ(oneError(head + "  choices: \"a\", \"b\"\n  choices: \"c\", \"d\"\n  answer: \"a\"\n"),
              "9:3: duplicate 'choices:' (first on line 8)");
    EXPECT_EQ(oneError(head + "  choices: \"a\", \"b\"\n  answer: \"a\", \"b\"\n"),
              "9:14: one answer only: expected the end of the line, found ','");
}

TEST(ScenarioQuestions, TopicChecks) {
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask wirre: Q?\n"),
              "7:7: unknown question kind 'wirre' (did you mean wire?); write 'ask:' with your own choices, or one of "
              "'ask return:', 'ask wire:', 'ask signal:', 'ask state:'");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask signal: Q?\n"),
              "7:7: 'ask signal:' does not fit read(): Predict asks read() about return or state; write 'ask:' with "
              "your own choices");
    EXPECT_EQ(oneError(kConnected + "server: sleep(1)\n  ask return: Q?\n"),
              "7:7: 'ask return:' does not fit sleep(): Predict asks nothing of its own about sleep(); write 'ask:' "
              "with your own choices");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask return: Q?\n  choices: \"a\", \"b\"\n"),
              "8:3: 'ask return:' offers FinScope's own choices, judged by what the kernel does; write 'ask:' to "
              "give your own");
    EXPECT_EQ(oneError(kConnected + "server: read()\n  ask return: Q?\n  ask return: again?\n"),
              "8:7: the step already has an 'ask return:' question (line 7)");
}

TEST(ScenarioQuestions, ABrokenStepReportsOnlyItsOwnError) {
    EXPECT_EQ(oneError(kConnected + "server: wirte(\"x\")\n  ask wire: Q?\n  choices: \"a\", \"b\"\n"),
              "6:9: unknown call 'wirte' (did you mean write?)");
}

TEST(ScenarioQuestions, KeywordsCannotNameAnEndpoint) {
    EXPECT_EQ(oneError(kConnected + "server: ask = fork()\n"),
              "6:9: 'ask' is a header or question key and cannot name an endpoint");
}

TEST(ScenarioQuestions, TranslationReplacesPromptChoicesAndExplanation) {
    Scenario s = parseOk(kConnected + "server: read()\n  ask: Q?\n  choices: \"a\", \"b\"\n  answer: \"b\"\n"
                                      "  explain: E.\n"
                                      "server: close()\n  ask wire: W?\n");
    const auto text = parseScenarioText("title: 标题\n"
                                        "ask 1: 问题？\n"
                                        "choices 1: \"甲\", \"乙\"\n"
                                        "explain 1: |\n"
                                        "  解释。\n"
                                        "ask 2: \"线上？\"\n",
                                        "t.txt");
    ASSERT_EQ(text.error, "");
    ASSERT_TRUE(text.text);
    applyQuestionTexts(s, *text.text);
    const auto& q1 = stepOnLine(s, 6).questions.at(0);
    EXPECT_EQ(q1.prompt, "问题？");
    EXPECT_EQ(q1.choices, (std::vector<std::string>{"甲", "乙"}));
    EXPECT_EQ(q1.answer, 1);
    EXPECT_EQ(q1.explain, "解释。");
    const auto& q2 = stepOnLine(s, 11).questions.at(0);
    EXPECT_EQ(q2.prompt, "线上？");

    // A translation that lost a choice keeps the file's choices, so the answer still points at the right one.
    const auto short_ = parseScenarioText("choices 1: \"甲\"\n", "t.txt");
    applyQuestionTexts(s, *short_.text);
    EXPECT_EQ(stepOnLine(s, 6).questions.at(0).choices, (std::vector<std::string>{"甲", "乙"}));

    EXPECT_EQ(parseScenarioText("choices 1: \"甲\" \"乙\"\n", "t.txt").error,
              "t.txt:1: expected ',' between choices, found a string");
    EXPECT_EQ(parseScenarioText("ask x: y\n", "t.txt").error.substr(0, 15), "t.txt:1: expect");
}
