// SPDX-License-Identifier: MIT
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/predict/predictpanel.h"
#include "ui/tracemodel.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

/// Predict, then reveal, on the real kernel through the real runner in step
/// mode: the window asks before each step, runs it when answered, and the
/// reveal says what the kernel did (write-after-peer-close: FIN, RST, then
/// EPIPE and SIGPIPE).
class TestPredictRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void predictWriteAfterPeerClose()
    {
        const QString runner = QStringLiteral(FINSCOPE_RUNNER_PATH);
        if (!QFileInfo(runner).isExecutable())
            QSKIP(qPrintable(u"the runner %1 is not built; build the `finscope` target"_s.arg(runner)));
        qputenv("FINSCOPE_RUNNER", runner.toLocal8Bit());
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);

        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectScenario(u"write-after-peer-close"_s));
        PredictPanel* panel = window.predictPanel();
        QSignalSpy done(panel, &PredictPanel::finished);
        window.predict();
        QVERIFY(panel->isActive());
        bool sawExplanation = false;
        // Answer the first choice of every question; synchronise on the runner's pauses and end.
        for (int guard = 0; guard < 200 && done.isEmpty(); ++guard) {
            QTRY_VERIFY_WITH_TIMEOUT(window.runner()->state() == RunnerProcess::State::Paused ||
                                         !window.runner()->isActive(),
                                     60000);
            const PredictQuiz::StepRecord* step = panel->quiz().current();
            if (step && step->revealed && step->text == u"write(\"456\")"_s) {
                // The reveal shows the author's explanation.
                const auto labels = panel->findChildren<QLabel*>();
                sawExplanation = std::any_of(labels.begin(), labels.end(), [](const QLabel* l) {
                    return l->text().contains(u"CLOSE_WAIT when the reset"_s);
                });
            }
            if (step && !step->revealed)
                for (std::size_t q = 0; q < step->questions.size(); ++q)
                    panel->choose(static_cast<int>(q), 0);
            panel->proceed();
            if (!window.runner()->isActive() && (!step || step->revealed))
                QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 5000);
        }
        QCOMPARE(done.count(), 1);
        QVERIFY(sawExplanation);
        const PredictQuiz& quiz = panel->quiz();
        const TraceModel& model = *window.traceModel();
        QVERIFY(model.run());
        const bool captured = model.run()->capture != "none";

        QMap<QString, const PredictQuiz::StepRecord*> byText;
        for (const auto& s : quiz.steps())
            byText.insert(s.text, &s);
        QVERIFY(byText.contains(u"close()"_s));
        QVERIFY(byText.contains(u"write(\"456\")"_s));
        const auto truth = [&](const QString& step, PredictQuestion::Topic topic) {
            for (const auto& q : byText.value(step)->questions)
                if (q.topic == topic)
                    return q.truth;
            return QString();
        };
        QVERIFY(truth(u"close()"_s, PredictQuestion::Topic::Return) == u"0"_s);
        QVERIFY(truth(u"write(\"123\")"_s, PredictQuestion::Topic::Return) == u"3"_s);
        QVERIFY2(truth(u"write(\"456\")"_s, PredictQuestion::Topic::Return).startsWith(u"-1 EPIPE"_s),
                 qPrintable(truth(u"write(\"456\")"_s, PredictQuestion::Topic::Return)));
        QVERIFY(truth(u"write(\"456\")"_s, PredictQuestion::Topic::Signal).startsWith(u"yes"_s));
        QCOMPARE(truth(u"write(\"123\")"_s, PredictQuestion::Topic::Signal), u"no"_s);
        if (captured) {
            QCOMPARE(truth(u"close()"_s, PredictQuestion::Topic::Wire), u"a FIN"_s);
            QVERIFY(truth(u"write(\"123\")"_s, PredictQuestion::Topic::Wire).startsWith(u"an RST"_s));
        }
        // The author's own question (03-write-after-peer-close.fsc) is asked first and judged by the author's
        // answer; the first choice ("it succeeds too") is wrong.
        const auto& author = byText.value(u"write(\"456\")"_s)->questions.front();
        QCOMPARE(author.topic, PredictQuestion::Topic::Author);
        QVERIFY(author.revealed && author.known && !author.correct);
        QCOMPARE(author.right, 2);
        QVERIFY(author.truth.contains(u"EPIPE"_s));
        QVERIFY(!author.explain.isEmpty());
        // First choices: close() = 0 is right, write("123") SIGPIPE "yes" is wrong.
        QVERIFY(quiz.correctCount() > 0);
        QVERIFY(quiz.correctCount() < quiz.scoredCount());

        // A mistake links to its step's call in the ladder.
        auto* list = panel->findChild<QListWidget*>();
        QVERIFY(list);
        QCOMPARE(list->count(), static_cast<int>(quiz.mistakes().size()));
        const int row = list->item(0)->data(Qt::UserRole).toInt();
        QVERIFY(row >= 0);
        Q_EMIT list->itemClicked(list->item(0));
        QCOMPARE(window.ladder()->currentEvent(), row);
        QVERIFY(model.event(row).as<finscope::SyscallEvent>());

        QTemporaryDir dir;
        const QString path = dir.filePath(u"answers.json"_s);
        QVERIFY(panel->saveAnswers(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json[u"format"_s].toString(), u"finscope-predict"_s);
        QCOMPARE(json[u"steps"_s].toArray().size(), static_cast<qsizetype>(quiz.steps().size()));
        QCOMPARE(json[u"score"_s][u"correct"_s].toInt(), quiz.correctCount());
    }
};

QTEST_MAIN(TestPredictRun)
#include "tst_predictrun.moc"
