// SPDX-License-Identifier: MIT
#include "ui/catalogueview.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/scenariotextview.h"
#include "ui/tracemodel.h"

#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The window as a user meets it, with fake-runner.sh as the runner.
class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    }

    void startsWithTheFirstScenarioSelectedAndExplained()
    {
        MainWindow window;
        QVERIFY(window.catalogue()->entryCount() > 0);
        QVERIFY(!window.currentScenarioPath().isEmpty());
        QVERIFY(!window.explanation()->toPlainText().trimmed().isEmpty());
        QVERIFY(window.scenarioText()->toPlainText().contains(u"title:"_s));
        QCOMPARE(window.problems()->count(), 0);
    }

    void theFilterHidesWhatDoesNotMatch()
    {
        MainWindow window;
        QVERIFY(window.selectScenario(u"write-after-peer-close"_s));
        window.catalogue()->filterEdit()->setText(u"no such scenario at all"_s);
        window.catalogue()->filterEdit()->clear();
        QVERIFY(window.currentScenarioPath().contains(u"write-after-peer-close"_s));
    }

    void aRunFillsTheLadderAndTheExpectations()
    {
        qputenv("FAKE_RUNNER_MODE", "trace");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(window.traceModel()->rowCount(), 47);
        QVERIFY(window.ladder()->layout().rowCount() > 20);   // compact: repeated samples and helper calls fold
        QCOMPARE(window.explanation()->expectationCount(), 4);
        // What is saved reads back as the same trace.
        QTemporaryDir dir;
        const QString saved = dir.filePath(u"saved.jsonl"_s);
        QVERIFY(window.saveTrace(saved));
        MainWindow other;
        QVERIFY(other.loadTrace(saved));
        QCOMPARE(other.traceModel()->rowCount(), 47);
        QCOMPARE(other.traceModel()->event(46).kind(), std::string("summary"));
        QTRY_VERIFY(window.explanation()->toPlainText().contains(u"Every expectation held"_s));
    }

    void selectingAnEventHighlightsItsScenarioLine()
    {
        qputenv("FAKE_RUNNER_MODE", "trace");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        const TraceModel* model = window.traceModel();
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->event(row).as<finscope::PacketEvent>()) {
                window.ladder()->setFocus();
                QItemSelectionModel* sel = window.findChild<QItemSelectionModel*>();
                QVERIFY(sel);
                sel->setCurrentIndex(model->index(row, 0), QItemSelectionModel::ClearAndSelect);
                QCOMPARE(window.scenarioText()->selectedLine(), model->lineOf(row));
                QVERIFY(model->lineOf(row) > 0);
                return;
            }
        }
        QFAIL("no packet in the trace");
    }

    void stepModePausesAndHighlightsTheNextStep()
    {
        qputenv("FAKE_RUNNER_MODE", "step");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy paused(window.runner(), &RunnerProcess::paused);
        window.step();
        QTRY_COMPARE(paused.count(), 1);
        QCOMPARE(window.scenarioText()->stepLine(), 10);
        window.step();
        QTRY_COMPARE(paused.count(), 2);
        QCOMPARE(window.scenarioText()->stepLine(), 11);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.stop();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(window.runner()->state(), RunnerProcess::State::Idle);
    }

    void runnerDiagnosticsBecomeClickableProblems()
    {
        qputenv("FAKE_RUNNER_MODE", "error");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(window.problems()->count(), 2);
        QVERIFY(window.problems()->item(0)->text().contains(u"line 3:8"_s));
        QSignalSpy jumped(window.problems(), &ProblemsPanel::locationActivated);
        Q_EMIT window.problems()->itemClicked(window.problems()->item(0));
        QCOMPARE(jumped.count(), 1);
        QCOMPARE(window.scenarioText()->textCursor().blockNumber() + 1, 3);
    }

    void aCrashingRunnerIsAProblemNotACrash()
    {
        qputenv("FAKE_RUNNER_MODE", "crash");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        QVERIFY(window.problems()->count() >= 1);
        bool mentionsCrash = false;
        for (int i = 0; i < window.problems()->count(); ++i)
            mentionsCrash = mentionsCrash || window.problems()->item(i)->text().contains(u"crash"_s);
        QVERIFY(mentionsCrash);
    }

    void detailsNameTheErrnoItsMeaningAndTheManPage()
    {
        qputenv("FAKE_RUNNER_MODE", "trace");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        const TraceModel& model = *window.traceModel();
        bool sawSyscall = false, sawPacket = false, sawState = false;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString html = EventDetails::html(model, row);
            if (auto* s = model.event(row).as<finscope::SyscallEvent>(); s && s->errnoName) {
                QVERIFY(html.contains(u"EPIPE"_s));
                QVERIFY(html.contains(u"Broken pipe"_s));
                QVERIFY(html.contains(u"man write(2)"_s));
                QVERIFY(html.contains(u"43"_s));   // the scenario line
                sawSyscall = true;
            } else if (auto* p = model.event(row).as<finscope::PacketEvent>(); p && p->len > 0) {
                QVERIFY(html.contains(QString::number(p->seqAbs)));
                QVERIFY(html.contains(u"payload"_s));
                QVERIFY(html.contains(u"31 32 33"_s));   // "123" in hex
                sawPacket = true;
            } else if (model.event(row).as<finscope::StateEvent>()) {
                QVERIFY(html.contains(u"Recv-Q"_s) && html.contains(u"Send-Q"_s));
                QVERIFY(html.contains(u"sampled"_s) || html.contains(u"derived"_s));
                sawState = true;
            }
        }
        QVERIFY(sawSyscall && sawPacket && sawState);
    }

    // A long stream must not freeze the window: 50,000 events through the
    // real pipe, the model, the ladder and the panels in a few seconds.
    void aLongStreamDoesNotFreezeTheWindow()
    {
        const auto lines = [] {
            QFile file(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
            if (!file.open(QIODevice::ReadOnly))
                qFatal("cannot read canned trace");
            return file.readAll().split('\n');
        }();
        QTemporaryDir dir;
        QFile big(dir.filePath(u"big.jsonl"_s));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(lines.first() + '\n');
        int written = 1;
        while (written < 50000)
            for (qsizetype i = 1; i + 2 < lines.size() && written < 50000; ++i, ++written)
                big.write(lines[i] + '\n');
        big.write(lines[lines.size() - 2] + '\n');
        big.close();
        qputenv("FAKE_RUNNER_MODE", "trace");
        qputenv("FAKE_RUNNER_TRACE", big.fileName().toLocal8Bit());
        MainWindow window;
        window.show();
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QElapsedTimer clock;
        clock.start();
        window.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 30000);
        QTRY_COMPARE(window.traceModel()->rowCount(), 50001);
        qInfo() << "50k events streamed and drawn in" << clock.elapsed() << "ms";
        QVERIFY(clock.elapsed() < 20000);
        qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    }

    void aUserFileWithErrorsShowsThemWithLineAndColumn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("title: Mine\n\nserver: listen()\nclient: connect()\nclient: wrte(\"x\")\n");
        file.close();
        MainWindow window;
        QVERIFY(window.openFile(path));
        QCOMPARE(window.currentScenarioPath(), path);
        QVERIFY(window.problems()->count() >= 1);
        QVERIFY2(window.problems()->item(0)->text().contains(u"line 5:"_s), qPrintable(window.problems()->item(0)->text()));
        // A file with errors runs nothing.
        window.run();
        QCOMPARE(window.runner()->state(), RunnerProcess::State::Idle);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
