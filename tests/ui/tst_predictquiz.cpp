// SPDX-License-Identifier: MIT
#include "core/catalogue.h"
#include "core/tracefile.h"
#include "ui/predict/predictquiz.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

finscope::Scenario parse(const char* text)
{
    auto result = finscope::parseScenario(text, "test.fsc");
    if (!result.scenario)
        qFatal("test scenario does not parse: %s", result.errors.empty() ? "?" : result.errors[0].message.c_str());
    return *result.scenario;
}

QStringList keys(const PredictQuestion& q)
{
    QStringList k;
    for (const auto& c : q.choices)
        k.append(c.key);
    return k;
}

int choiceWithKey(const PredictQuestion& q, const QString& key)
{
    for (std::size_t i = 0; i < q.choices.size(); ++i)
        if (q.choices[i].key == key)
            return static_cast<int>(i);
    return -1;
}

const PredictQuestion* question(const PredictQuiz::StepRecord& s, PredictQuestion::Topic topic)
{
    for (const auto& q : s.questions)
        if (q.topic == topic)
            return &q;
    return nullptr;
}

} // namespace

/// Predict, then reveal, without widgets: the questions a step gets, the
/// answers checked against a real kernel trace (write-after-peer-close,
/// recorded by `finscope run --json`), the score, the mistakes and the JSON.
class TestPredictQuiz : public QObject
{
    Q_OBJECT
    finscope::Scenario m_scenario;
    std::vector<finscope::TraceEvent> m_trace;

    /// Feeds the trace up to step `index`'s start, as a step-mode run would before pausing there.
    std::size_t feedUntilStep(PredictQuiz& quiz, std::size_t from, int index)
    {
        std::vector<finscope::TraceEvent> chunk;
        std::size_t i = from;
        for (; i < m_trace.size(); ++i) {
            const auto* s = m_trace[i].as<finscope::StepEvent>();
            if (s && s->index == index)
                break;
            chunk.push_back(m_trace[i]);
        }
        quiz.addEvents(chunk);
        return i;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto entry = finscope::Catalogue::load().find("write-after-peer-close");
        QVERIFY2(entry, "set FINSCOPE_SCENARIO_DIR to resources/scenarios");
        const auto parsed = finscope::loadScenarioFile(entry->path);
        QVERIFY(parsed.scenario);
        m_scenario = *parsed.scenario;
        const auto file = finscope::readTraceFile(UI_TEST_DATA "/write-after-peer-close.jsonl");
        QVERIFY2(file.ok(), file.error.c_str());
        m_trace = file.events;
        // The recorded trace must belong to this scenario as it is now.
        for (const auto& e : m_trace)
            if (const auto* s = e.as<finscope::StepEvent>())
                QCOMPARE(s->line, m_scenario.steps[static_cast<std::size_t>(s->index)].pos.line);
    }

    void questionsComeFromTheStep()
    {
        const auto s = parse("title: t\nserver: listen()\nclient: connect()\nserver: accept()\n"
                             "server: write(\"hello\")\nserver: send(\"ab\", MSG_NOSIGNAL)\nclient: recv()\n"
                             "client: shutdown(SHUT_WR)\nclient: sleep(1)\n");
        QVERIFY(PredictQuestions::forStep(s.steps[0]).empty());   // listen(): nothing to guess
        QVERIFY(PredictQuestions::forStep(s.steps[7]).empty());   // sleep()
        const auto write = PredictQuestions::forStep(s.steps[3]);
        QCOMPARE(write.size(), 4u);
        QCOMPARE(write[0].topic, PredictQuestion::Topic::Return);
        QVERIFY(keys(write[0]).contains(u"ret:5"_s));            // the byte count, from the data written
        QVERIFY(keys(write[0]).contains(u"errno:EPIPE"_s));
        QVERIFY(keys(write[0]).contains(u"other"_s));
        QCOMPARE(write[1].topic, PredictQuestion::Topic::Wire);
        QCOMPARE(keys(write[1]), (QStringList{u"wire:FIN"_s, u"wire:RST"_s, u"wire:none"_s}));
        QCOMPARE(write[2].topic, PredictQuestion::Topic::Signal);
        QCOMPARE(write[3].topic, PredictQuestion::Topic::State);
        QCOMPARE(write[3].socket, u"connfd"_s);
        QVERIFY(keys(PredictQuestions::forStep(s.steps[4])[0]).contains(u"ret:2"_s));
        const auto recv = PredictQuestions::forStep(s.steps[5]);
        QVERIFY(keys(recv[0]).contains(u"ret:0"_s));
        QVERIFY(keys(recv[0]).contains(u"blocks"_s));
        QVERIFY(std::none_of(recv.begin(), recv.end(),   // reading raises no SIGPIPE
                             [](const PredictQuestion& q) { return q.topic == PredictQuestion::Topic::Signal; }));
        const auto shut = PredictQuestions::forStep(s.steps[6]);
        QVERIFY(keys(shut[0]).contains(u"errno:ENOTCONN"_s));
        QCOMPARE(shut.back().socket, u"sockfd"_s);
    }

    void answersAreCheckedAgainstTheKernel()
    {
        PredictQuiz quiz;
        quiz.start(m_scenario);
        std::size_t at = 0;
        // Steps 0-2 have nothing or little to predict; answer step 3, close(), and the two writes.
        at = feedUntilStep(quiz, at, 3);
        auto* close = quiz.ask(3);
        QVERIFY(close);
        QCOMPARE(close->text, u"close()"_s);
        QVERIFY(!quiz.allAnswered());
        const auto* wire = question(*close, PredictQuestion::Topic::Wire);
        QVERIFY(wire);
        for (std::size_t q = 0; q < close->questions.size(); ++q) {
            const auto& question = close->questions[q];
            const int pick = question.topic == PredictQuestion::Topic::Wire ? choiceWithKey(question, u"wire:FIN"_s)
                           : question.topic == PredictQuestion::Topic::State ? choiceWithKey(question, u"state:TIME_WAIT"_s)
                                                                              : choiceWithKey(question, u"ret:0"_s);
            QVERIFY(quiz.answer(static_cast<int>(q), pick));
        }
        QVERIFY(quiz.allAnswered());
        at = feedUntilStep(quiz, at, 4);
        quiz.reveal();
        for (const auto& q : close->questions)
            QVERIFY(q.revealed && q.known);
        QVERIFY(question(*close, PredictQuestion::Topic::Return)->correct);   // close() = 0
        QVERIFY(question(*close, PredictQuestion::Topic::Wire)->correct);     // a FIN
        const auto* state = question(*close, PredictQuestion::Topic::State);
        QVERIFY(!state->correct);                                             // FIN_WAIT2, not TIME_WAIT
        QCOMPARE(state->truth, u"FIN_WAIT2"_s);
        QCOMPARE(state->choices[static_cast<std::size_t>(state->right)].key, u"state:FIN_WAIT2"_s);

        auto* first = quiz.ask(4);
        for (std::size_t q = 0; q < first->questions.size(); ++q)
            quiz.answer(static_cast<int>(q), 0);   // 3, FIN, yes, ESTABLISHED
        at = feedUntilStep(quiz, at, 5);
        quiz.reveal();
        QVERIFY(question(*first, PredictQuestion::Topic::Return)->correct);   // all 3 bytes accepted
        QCOMPARE(question(*first, PredictQuestion::Topic::Wire)->truth, u"an RST"_s);   // the client's answer
        QVERIFY(!question(*first, PredictQuestion::Topic::Signal)->correct);  // no SIGPIPE yet
        QCOMPARE(question(*first, PredictQuestion::Topic::State)->truth, u"CLOSE"_s);

        auto* second = quiz.ask(5);
        const auto* ret = question(*second, PredictQuestion::Topic::Return);
        // The scenario's author asks first (03-write-after-peer-close.fsc), then FinScope.
        QCOMPARE(second->questions.size(), 5u);
        QCOMPARE(second->questions[0].topic, PredictQuestion::Topic::Author);
        const int pickFor[] = {choiceWithKey(second->questions[0], u"choice:3"_s),   // "-1 EPIPE, and SIGPIPE ..."
                               choiceWithKey(*ret, u"errno:EPIPE"_s),
                               choiceWithKey(second->questions[2], u"wire:none"_s),
                               choiceWithKey(second->questions[3], u"signal:yes"_s),
                               choiceWithKey(second->questions[4], u"state:CLOSE"_s)};
        for (int q = 0; q < 5; ++q)
            QVERIFY(quiz.answer(q, pickFor[q]));
        quiz.addEvents({m_trace.begin() + static_cast<std::ptrdiff_t>(at), m_trace.end()});
        quiz.reveal();
        for (const auto& q : second->questions)
            QVERIFY2(q.correct, qPrintable(q.prompt + u" → "_s + q.truth));
        QVERIFY(ret->truth.startsWith(u"-1 EPIPE"_s));
        // The mistake links to the step's own call: write("456")'s syscall event.
        QVERIFY(second->eventRow >= 0);
        const auto* call = m_trace[static_cast<std::size_t>(second->eventRow)].as<finscope::SyscallEvent>();
        QVERIFY(call && call->call == "write" && call->errnoName == "EPIPE");

        QCOMPARE(quiz.scoredCount(), 3 + 4 + 5);
        QCOMPARE(quiz.correctCount(), 2 + 1 + 5);   // close(): = 0 and the FIN; write("123"): = 3; all of write("456")
        const auto mistakes = quiz.mistakes();
        QCOMPARE(static_cast<int>(mistakes.size()), quiz.scoredCount() - quiz.correctCount());
        for (const auto& m : mistakes)
            QCOMPARE(m.row, quiz.steps()[static_cast<std::size_t>(m.step)].eventRow);

        const QJsonObject json = QJsonDocument::fromJson(quiz.toJson()).object();
        QCOMPARE(json[u"format"_s].toString(), u"finscope-predict"_s);
        QCOMPARE(json[u"scenario"_s].toString(), u"write-after-peer-close"_s);
        QCOMPARE(json[u"score"_s][u"correct"_s].toInt(), quiz.correctCount());
        QCOMPARE(json[u"score"_s][u"scored"_s].toInt(), quiz.scoredCount());
        const QJsonArray steps = json[u"steps"_s].toArray();
        QCOMPARE(steps.size(), 3);
        const QJsonArray lastQuestions = steps[2].toObject()[u"questions"_s].toArray();
        const QJsonObject author = lastQuestions[0].toObject();
        QCOMPARE(author[u"topic"_s].toString(), u"author"_s);
        QVERIFY(author[u"authored"_s].toBool());
        QCOMPARE(author[u"number"_s].toInt(), 1);
        QCOMPARE(author[u"chosen_key"_s].toString(), u"choice:3"_s);
        QCOMPARE(author[u"right"_s].toInt(), 2);
        QVERIFY(author[u"explanation"_s].toString().contains(u"CLOSE_WAIT"_s));
        const QJsonObject last = lastQuestions[1].toObject();
        QCOMPARE(last[u"topic"_s].toString(), u"return"_s);
        QVERIFY(!last[u"authored"_s].toBool());
        QVERIFY(!last.contains(u"explanation"_s));
        QCOMPARE(last[u"chosen_key"_s].toString(), u"errno:EPIPE"_s);
        QVERIFY(last[u"correct"_s].toBool());
        const QJsonObject signal = lastQuestions[3].toObject();
        QCOMPARE(signal[u"topic"_s].toString(), u"signal"_s);   // FinScope's question, the author's words
        QVERIFY(signal[u"authored"_s].toBool());
        QCOMPARE(signal[u"number"_s].toInt(), 2);
    }

    void authorQuestionsJoinTheGeneratedOnes()
    {
        const auto s = parse("title: t\nserver: listen()\nclient: connect()\nserver: accept()\n"
                             "client: close()\n"
                             "  ask wire: What does the client's kernel send?\n"
                             "  explain: close() with nothing unread sends a FIN.\n"
                             "client: sleep(1)\n"
                             "  ask: Does sleep() touch the socket?\n"
                             "  choices: \"yes\", \"no\"\n"
                             "  answer: \"no\"\n");
        const auto close = PredictQuestions::forStep(s.steps[3]);
        QCOMPARE(close.size(), 3u);   // return, wire, state: the author's words replace FinScope's for the wire
        const auto* wire = &close[1];
        QCOMPARE(wire->topic, PredictQuestion::Topic::Wire);
        QVERIFY(wire->authored);
        QCOMPARE(wire->prompt, u"What does the client's kernel send?"_s);
        QCOMPARE(wire->explain, u"close() with nothing unread sends a FIN."_s);
        QCOMPARE(keys(*wire), (QStringList{u"wire:FIN"_s, u"wire:RST"_s, u"wire:none"_s}));   // FinScope's choices
        QVERIFY(!close[0].authored);
        // A step FinScope asks nothing about gets the author's question alone.
        const auto sleep = PredictQuestions::forStep(s.steps[4]);
        QCOMPARE(sleep.size(), 1u);
        QCOMPARE(sleep[0].topic, PredictQuestion::Topic::Author);
        QCOMPARE(keys(sleep[0]), (QStringList{u"choice:1"_s, u"choice:2"_s}));
        QCOMPARE(sleep[0].answer, 1);
        QCOMPARE(PredictQuestions::topicName(sleep[0].topic), u"author"_s);

        // Judged by the author's answer once the step has run: a wrong pick is a mistake that links to the step.
        PredictQuiz quiz;
        quiz.start(s);
        auto* step = quiz.ask(4);
        QVERIFY(step);
        QVERIFY(quiz.answer(0, 0));   // "yes": wrong
        quiz.reveal();
        const auto& q = step->questions[0];
        QVERIFY(q.revealed && q.known && !q.correct);
        QCOMPARE(q.right, 1);
        QCOMPARE(q.truth, u"no"_s);
        QCOMPARE(quiz.scoredCount(), 1);
        QCOMPARE(quiz.mistakes().size(), 1u);
    }

    void chineseQuestionsComeFromTheTranslationFile()
    {
        const auto catalogue = finscope::Catalogue::load();
        const auto zh = catalogue.translation("write-after-peer-close", "zh_CN");
        QVERIFY(zh);
        finscope::Scenario scenario = m_scenario;
        finscope::applyQuestionTexts(scenario, *zh);
        const auto questions = PredictQuestions::forStep(scenario.steps[5]);
        QCOMPARE(questions[0].topic, PredictQuestion::Topic::Author);
        QVERIFY(questions[0].prompt.contains(u"第二次"_s));
        QVERIFY(questions[0].choices[2].label.contains(u"EPIPE"_s));
        QCOMPARE(questions[0].answer, 2);   // the answer is the .fsc file's, by position
        QVERIFY(questions[0].explain.contains(u"CLOSE_WAIT"_s));
        QCOMPARE(questions[0].choices[2].key, u"choice:3"_s);   // keys do not change with the language
    }

    void unansweredStepStopsNothingButScoresWrong()
    {
        PredictQuiz quiz;
        quiz.start(m_scenario);
        const std::size_t at = feedUntilStep(quiz, 0, 3);
        quiz.ask(3);
        QVERIFY(!quiz.answer(0, 99));   // no such choice
        quiz.addEvents({m_trace.begin() + static_cast<std::ptrdiff_t>(at), m_trace.end()});
        quiz.reveal();
        QCOMPARE(quiz.correctCount(), 0);
        QCOMPARE(static_cast<int>(quiz.mistakes().size()), quiz.scoredCount());
        QVERIFY(!quiz.answer(0, 0));    // revealed: answers are final
        QVERIFY(!quiz.ask(99));
    }
};

QTEST_GUILESS_MAIN(TestPredictQuiz)
#include "tst_predictquiz.moc"
