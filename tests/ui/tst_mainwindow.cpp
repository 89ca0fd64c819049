// SPDX-License-Identifier: MIT
#include "ui/catalogueview.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/scenariotextview.h"
#include "ui/tracemodel.h"

#include <QDockWidget>
#include <QSet>
#include <QTimer>
#include <QSvgRenderer>
#include <QTextBlock>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList problemTexts(const MainWindow& window)
{
    QStringList texts;
    for (int i = 0; i < window.problems()->count(); ++i)
        texts << window.problems()->item(i)->text();
    return texts;
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
}

} // namespace

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
        QSignalSpy loaded(&other, &MainWindow::traceLoaded);
        QVERIFY(other.loadTrace(saved));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(0).toBool(), true);
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
        // Not frozen = the event loop turns while the stream comes in: a zero-timer
        // (what input and repaints wait behind) sees the trace partly shown, again and again.
        // How fast it goes is tests/bench/bench_ladder's business, not a test's.
        QSet<int> partlyShown;
        QTimer probe;
        probe.setInterval(0);
        connect(&probe, &QTimer::timeout, this, [&] {
            const int rows = window.traceModel()->rowCount();
            if (rows > 0 && rows < 50001)
                partlyShown.insert(rows);
        });
        probe.start();
        window.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 120000);
        QTRY_COMPARE(window.traceModel()->rowCount(), 50001);
        probe.stop();
        QVERIFY2(partlyShown.size() >= 3, qPrintable(u"the window turned its event loop at %1 stages of the stream"_s
                                                         .arg(partlyShown.size())));
        qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    }

    void aStoppedRunIsSaidCalmly()
    {
        ExplanationPanel panel;
        panel.setScenario(u"Title"_s, QString(), QString());
        finscope::SummaryEvent summary;
        summary.ok = false;
        summary.error = "stopped by the user";
        summary.stopped = true;
        panel.setSummary(summary);
        QTRY_VERIFY(panel.toPlainText().contains(u"Stopped before the end"_s));
        QVERIFY(!panel.toPlainText().contains(u"did not complete"_s));
        // A run that really broke still says so.
        summary.stopped = false;
        summary.error = "the runner ended abnormally";
        panel.setSummary(summary);
        QTRY_VERIFY(panel.toPlainText().contains(u"did not complete: the runner ended abnormally"_s));
    }

    /// While a trace file is read the panel collects its expectations without
    /// drawing them; released, it draws all at once, the missed ones first.
    void aHeldExplanationDrawsOnceWhenReleased()
    {
        ExplanationPanel panel;
        panel.setScenario(u"Title"_s, QString(), QString());
        panel.setHeld(true);
        for (int i = 0; i < 1000; ++i) {
            finscope::ExpectEvent expect;
            expect.line = 10 + i % 3;
            expect.endpoint = "client";
            expect.expected = "ret == 0";
            expect.ok = i != 777;
            expect.actual = expect.ok ? "ret == 0" : "ret == -1";
            panel.addExpectation(expect);
        }
        QTest::qWait(250);   // longer than the panel's render interval: nothing may be drawn while held
        QVERIFY(!panel.toPlainText().contains(u"Expectations in this run"_s));
        panel.setHeld(false);
        const QString text = panel.toPlainText();
        QVERIFY2(text.contains(u"MISSED"_s) && text.contains(u"got ret == -1"_s), qPrintable(text));
        QVERIFY2(text.contains(u"and 950 more"_s), qPrintable(text.right(200)));
    }

    void theProblemsDockShowsOnlyWithAProblem()
    {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dock = window.findChild<QDockWidget*>(u"problems"_s);
        QVERIFY(dock);
        QCOMPARE(window.problems()->count(), 0);
        QVERIFY(!dock->isVisible());   // nothing to say: the ladder gets the height
        QVERIFY(!window.openFile(u"/nonexistent/finscope/none.fsc"_s));
        QVERIFY(dock->isVisible());
        window.problems()->clear();
        QVERIFY(!dock->isVisible());
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
    void stopIsReportedAsStoppedNotAsACrash_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::newRow("runner honours SIGINT") << QByteArray("stoppable");
        QTest::newRow("runner must be killed") << QByteArray("deaf");
    }

    void stopIsReportedAsStoppedNotAsACrash()
    {
        QFETCH(QByteArray, mode);
        qputenv("FAKE_RUNNER_MODE", mode);
        MainWindow window;
        window.runner()->setStopGrace(300);
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_VERIFY(window.traceModel()->rowCount() >= 1);
        window.stop();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 10000);
        const QString problems = problemTexts(window).join(u'\n');
        QVERIFY2(problems.contains(u"Stopped by the user"_s), qPrintable(problems));
        QVERIFY2(!problems.contains(u"abnormally"_s) && !problems.contains(u"crash"_s), qPrintable(problems));
        QVERIFY2(!problems.contains(u"without a summary"_s), qPrintable(problems));
        QCOMPARE(window.lastOutcome(), MainWindow::Outcome::Stopped);
    }

    void aRunThatEndsWithoutASummaryIsReported()
    {
        qputenv("FAKE_RUNNER_MODE", "nosummary");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        const QString problems = problemTexts(window).join(u'\n');
        QVERIFY2(problems.contains(u"ended without a summary"_s), qPrintable(problems));
        QCOMPARE(window.lastOutcome(), MainWindow::Outcome::Failed);
    }

    void theTextReloadsWhenTheFileChangesOnDisk()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, "title: Before\n\nserver: listen()\n");
        MainWindow window;
        QVERIFY(window.openFile(path));
        QVERIFY(window.scenarioText()->toPlainText().contains(u"Before"_s));
        // Saved the way editors save: a new file renamed over the old one.
        writeFile(dir.filePath(u"mine.fsc.new"_s), "title: After\n\nserver: listen()\nclient: connect()\n");
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::rename(dir.filePath(u"mine.fsc.new"_s), path));
        QTRY_VERIFY(window.scenarioText()->toPlainText().contains(u"After"_s));
        // And once more: the watch survived the rename.
        writeFile(path, "title: Again\n\nserver: listen()\n");
        QTRY_VERIFY(window.scenarioText()->toPlainText().contains(u"Again"_s));
    }

    void theTextIsReadAgainBeforeEachRun()
    {
        qputenv("FAKE_RUNNER_MODE", "trace");
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, "title: First\n\nserver: listen()\nclient: connect()\n");
        MainWindow window;
        QVERIFY(window.openFile(path));
        writeFile(path, "title: Second\n\nserver: listen()\nclient: connect()\n");
        // No turn of the event loop: the file watcher has not spoken yet.
        window.run();
        QVERIFY(window.scenarioText()->toPlainText().contains(u"Second"_s));
        QVERIFY(window.runner()->isActive());
        QSignalSpy finished(&window, &MainWindow::runFinished);
        QTRY_COMPARE(finished.count(), 1);
        // A file that no longer parses is not run, and its error is shown.
        writeFile(path, "title: Third\n\nserver: listen()\nclient: wrte(\"x\")\n");
        window.run();
        QVERIFY(!window.runner()->isActive());
        QVERIFY(window.scenarioText()->toPlainText().contains(u"Third"_s));
        QVERIFY(problemTexts(window).join(u'\n').contains(u"line 4:"_s));
    }

    void errorsAreUnderlinedAtTheirLineAndColumn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, "title: Mine\n\nserver: listen()\nclient: connect()\nclient: wrte(\"x\")\n");
        MainWindow window;
        QVERIFY(window.openFile(path));
        const ScenarioTextView& text = *window.scenarioText();
        QVERIFY(!text.diagnostics().isEmpty());
        const ScenarioTextView::Diagnostic d = text.diagnostics().first();
        QCOMPARE(d.line, 5);
        QVERIFY(d.column >= 1);
        bool underlined = false;
        for (const auto& sel : text.extraSelections()) {
            if (sel.format.underlineStyle() != QTextCharFormat::WaveUnderline)
                continue;
            underlined = true;
            QCOMPARE(sel.cursor.block().blockNumber() + 1, d.line);
            QCOMPARE(sel.cursor.selectionStart() - sel.cursor.block().position() + 1, d.column);
            QVERIFY(!sel.cursor.selectedText().isEmpty());
        }
        QVERIFY(underlined);
        QVERIFY(text.diagnosticTextAt(5).contains(d.message));
        QVERIFY(text.diagnosticTextAt(5).startsWith(u"5:%1:"_s.arg(d.column)));
        QVERIFY(text.diagnosticTextAt(4).isEmpty());
        // Fixed on disk: the marks go away.
        writeFile(path, "title: Mine\n\nserver: listen()\nclient: connect()\nclient: write(\"x\")\n");
        QTRY_VERIFY(window.scenarioText()->diagnostics().isEmpty());
    }

    void runnerDiagnosticsAreUnderlinedToo()
    {
        qputenv("FAKE_RUNNER_MODE", "error");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(window.scenarioText()->diagnostics().size(), 2);
        QVERIFY(window.scenarioText()->diagnosticTextAt(3).contains(u"unknown call 'wrte'"_s));
    }

    void exportWritesTheFigureAndReportsFailures()
    {
        qputenv("FAKE_RUNNER_MODE", "trace");
        MainWindow window;
        window.selectScenario(u"write-after-peer-close"_s);
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_COMPARE(finished.count(), 1);
        QTemporaryDir dir;
        const QString svg = dir.filePath(u"figure.svg"_s);
        QVERIFY(window.exportFigure(svg));
        QVERIFY(QSvgRenderer(svg).isValid());
        const int before = window.problems()->count();
        QVERIFY(!window.exportFigure(dir.filePath(u"no/such/dir/figure.svg"_s)));
        QCOMPARE(window.problems()->count(), before + 1);
        QVERIFY(window.problems()->item(before)->text().contains(u"Cannot write"_s));
        QVERIFY(!window.exportFigure(dir.filePath(u"figure.gif"_s)));
        QVERIFY(!QFile::exists(dir.filePath(u"figure.gif"_s)));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
