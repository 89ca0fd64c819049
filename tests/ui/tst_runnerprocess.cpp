// SPDX-License-Identifier: MIT
#include "ui/runnerprocess.h"

#include <QElapsedTimer>

#include <algorithm>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/// Drives RunnerProcess against fake-runner.sh, which crashes, hangs or
/// steps on request. The GUI must survive all of it and say what happened.
class TestRunnerProcess : public QObject
{
    Q_OBJECT
private:
    struct Recorder {
        std::vector<finscope::TraceEvent> events;
        QStringList problems;
        int exitCode = -100;
        QString stderrText;
        bool finished = false;
    };

    static void attach(RunnerProcess& runner, Recorder& rec)
    {
        QObject::connect(&runner, &RunnerProcess::eventsRead, &runner, [&rec](const auto& events) {
            rec.events.insert(rec.events.end(), events.begin(), events.end());
        });
        QObject::connect(&runner, &RunnerProcess::problem, &runner, [&rec](const QString& m) { rec.problems << m; });
        QObject::connect(&runner, &RunnerProcess::finished, &runner, [&rec](int code, const QString& err) {
            rec.exitCode = code;
            rec.stderrText = err;
            rec.finished = true;
        });
    }

    static void useFake(const char* mode)
    {
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        qputenv("FAKE_RUNNER_MODE", mode);
        qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    }

private Q_SLOTS:
    void locatesTheRunnerFromTheEnvironment()
    {
        qputenv("FINSCOPE_RUNNER", "/some/where/finscope");
        QCOMPARE(RunnerProcess::locateRunner(), u"/some/where/finscope"_s);
    }

    void streamsACompleteTrace()
    {
        useFake("trace");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        QVERIFY(runner.start(u"write-after-peer-close"_s, false));
        QCOMPARE(runner.state(), RunnerProcess::State::Running);
        QTRY_VERIFY(rec.finished);
        QCOMPARE(rec.exitCode, 0);
        QCOMPARE(rec.events.size(), std::size_t(47));
        QCOMPARE(rec.events.back().kind(), std::string("summary"));
        QVERIFY(rec.problems.isEmpty());
        QCOMPARE(runner.state(), RunnerProcess::State::Idle);
    }

    void aCrashIsReportedAndWhatCameBeforeIsKept()
    {
        useFake("crash");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(rec.finished);
        QCOMPARE(rec.exitCode, -1);
        QVERIFY(!rec.events.empty());
        QCOMPARE(rec.events.front().kind(), std::string("run"));
        QVERIFY(rec.stderrText.contains(u"about to crash"_s));
        QVERIFY2(rec.problems.join(u'\n').contains(u"crashed"_s), qPrintable(rec.problems.join(u'\n')));
    }

    void aHangIsDetectedAndTheRunnerStopped()
    {
        useFake("hang");
        RunnerProcess runner;
        runner.setHangTimeout(300);
        runner.setStopGrace(200);
        Recorder rec;
        attach(runner, rec);
        QElapsedTimer clock;
        clock.start();
        runner.start(u"x"_s, false);
        QTRY_VERIFY_WITH_TIMEOUT(rec.finished, 10000);
        QVERIFY(clock.elapsed() < 5000);
        QVERIFY2(rec.problems.join(u'\n').contains(u"stopped answering"_s), qPrintable(rec.problems.join(u'\n')));
        QCOMPARE(runner.state(), RunnerProcess::State::Idle);
    }

    void stopEndsARunThatWouldNeverEnd()
    {
        useFake("hang");
        RunnerProcess runner;
        runner.setStopGrace(200);
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(!rec.events.empty());
        runner.stop();
        QCOMPARE(runner.state(), RunnerProcess::State::Stopping);
        QTRY_VERIFY_WITH_TIMEOUT(rec.finished, 5000);
        // A stop the user asked for is not a crash to complain about.
        QVERIFY2(rec.problems.isEmpty(), qPrintable(rec.problems.join(u'\n')));
    }

    void scenarioErrorsComeBackOnStderrWithExit2()
    {
        useFake("error");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        runner.start(u"fake.fsc"_s, false);
        QTRY_VERIFY(rec.finished);
        QCOMPARE(rec.exitCode, 2);
        QVERIFY(rec.stderrText.contains(u"fake.fsc:3:8: unknown call"_s));
    }

    void unreadableLinesAreProblemsNotCrashes()
    {
        useFake("garbage");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(rec.finished);
        QCOMPARE(rec.events.size(), std::size_t(2));
        QCOMPARE(rec.problems.size(), 1);
        QVERIFY(rec.problems[0].contains(u"line 2"_s));
    }

    void aMissingRunnerIsSaidInWords()
    {
        qputenv("FINSCOPE_RUNNER", "/nonexistent/finscope");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(rec.finished);
        QVERIFY(rec.problems.join(u'\n').contains(u"Could not start the runner"_s));
        QCOMPARE(runner.state(), RunnerProcess::State::Idle);
    }

    void stepsOneAtATimeThenRunsTheRest()
    {
        useFake("step");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        QSignalSpy paused(&runner, &RunnerProcess::paused);
        runner.start(u"x"_s, true);
        QTRY_COMPARE(paused.count(), 1);
        QCOMPARE(runner.state(), RunnerProcess::State::Paused);
        QCOMPARE(paused.at(0).at(1).toInt(), 10);
        runner.next();
        QTRY_COMPARE(paused.count(), 2);
        QCOMPARE(paused.at(1).at(1).toInt(), 11);
        const auto steps = std::count_if(rec.events.begin(), rec.events.end(),
                                         [](const auto& e) { return e.kind() == "step"; });
        QCOMPARE(steps, 1);
        runner.runRest();
        QTRY_VERIFY(rec.finished);
        QCOMPARE(paused.count(), 2);
        QCOMPARE(rec.events.back().kind(), std::string("summary"));
    }

    void stopWhilePausedSaysStopAndGetsTheSummary()
    {
        useFake("step");
        RunnerProcess runner;
        Recorder rec;
        attach(runner, rec);
        QSignalSpy paused(&runner, &RunnerProcess::paused);
        runner.start(u"x"_s, true);
        QTRY_COMPARE(paused.count(), 1);
        runner.stop();
        QTRY_VERIFY(rec.finished);
        QCOMPARE(rec.exitCode, 2);
        QCOMPARE(rec.events.back().kind(), std::string("summary"));
        QVERIFY(rec.events.back().as<finscope::SummaryEvent>()->stopped);
        QVERIFY(runner.stopRequested());
    }

    // Stop in the middle of a step whose call blocks: the runner hears
    // SIGINT at once (no `stop` on stdin is read there), ends the run and
    // says so in its summary. Nothing about it is a problem.
    void stopInterruptsABlockedStepWithSigint()
    {
        useFake("stoppable");
        RunnerProcess runner;
        runner.setStopGrace(60000);   // SIGINT alone must do it: no kill within the test's time
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(std::any_of(rec.events.begin(), rec.events.end(), [](const auto& e) { return e.kind() == "syscall"; }));
        runner.stop();
        QCOMPARE(runner.state(), RunnerProcess::State::Stopping);
        QTRY_VERIFY_WITH_TIMEOUT(rec.finished, 10000);
        QCOMPARE(rec.exitCode, 2);
        const auto* summary = rec.events.back().as<finscope::SummaryEvent>();
        QVERIFY(summary);
        QVERIFY(summary->stopped);
        QVERIFY2(rec.problems.isEmpty(), qPrintable(rec.problems.join(u'\n')));
        QVERIFY(runner.stopRequested());
        QVERIFY(!runner.hung());
    }

    // A runner that ignores SIGINT (hung, or older than the stop request)
    // is killed once the grace time is over.
    void aRunnerThatIgnoresStopIsKilled()
    {
        useFake("deaf");
        RunnerProcess runner;
        runner.setStopGrace(200);
        Recorder rec;
        attach(runner, rec);
        runner.start(u"x"_s, false);
        QTRY_VERIFY(!rec.events.empty());
        runner.stop();
        QTRY_VERIFY_WITH_TIMEOUT(rec.finished, 10000);
        QCOMPARE(rec.exitCode, -1);   // killed
        QVERIFY(runner.stopRequested());
        QVERIFY2(rec.problems.isEmpty(), qPrintable(rec.problems.join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestRunnerProcess)
#include "tst_runnerprocess.moc"
