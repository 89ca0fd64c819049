// SPDX-License-Identifier: MIT
// The user's hand on the wire (issue 10): while a step-mode wire run is paused
// with frames held, Deliver / Drop / Release write `deliver N`, `drop N` and
// `release` to the runner (fake-runner.sh, mode wirestep, logs each command it
// reads and answers as the contract says), and are disabled when nothing is held.
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/runnerprocess.h"
#include "ui/tracemodel.h"
#include "ui/wireactions.h"

#include <QAction>
#include <QFile>
#include <QItemSelectionModel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Session {
    QTemporaryDir dir;
    RunnerProcess runner;
    TraceModel model;
    QItemSelectionModel selection{&model};
    WireActions actions{&runner, &model, &selection};
    QSignalSpy paused{&runner, &RunnerProcess::paused};

    explicit Session(const char* mode = "wirestep")
    {
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        qputenv("FAKE_RUNNER_MODE", mode);
        qputenv("FAKE_RUNNER_LOG", log().toLocal8Bit());
        QObject::connect(&runner, &RunnerProcess::eventsRead, &model, [this](const auto& events) {
            model.append(events);
            model.flush();
        });
    }
    QString log() const { return dir.filePath(u"commands.log"_s); }
    QStringList commands() const
    {
        QFile f(log());
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split(u'\n', Qt::SkipEmptyParts);
    }
    bool waitForPause(int count) { return QTest::qWaitFor([&] { return paused.count() >= count; }, 10000); }
    void select(int row) { selection.setCurrentIndex(model.index(row, 0), QItemSelectionModel::ClearAndSelect); }
};

} // namespace

class TestWireActions : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void disabledWhenNothingIsHeld()
    {
        Session s("step");   // a loopback step-mode run: its pauses hold nothing
        QVERIFY(!s.actions.deliverAction()->isEnabled());
        s.runner.start(u"x"_s, true);
        QVERIFY(s.waitForPause(1));
        QCOMPARE(s.runner.state(), RunnerProcess::State::Paused);
        QVERIFY(s.runner.heldFrames().empty());
        QVERIFY(!s.actions.deliverAction()->isEnabled());
        QVERIFY(!s.actions.dropAction()->isEnabled());
        QVERIFY(!s.actions.releaseAction()->isEnabled());
        QVERIFY(s.actions.pausedHint().isEmpty());
        s.runner.stop();
        QTRY_COMPARE(s.runner.state(), RunnerProcess::State::Idle);
    }

    void deliverSendsTheOldestHeldFrame()
    {
        Session s;
        s.runner.start(u"x"_s, true);
        QVERIFY(s.waitForPause(1));
        QCOMPARE(s.runner.heldFrames(), (std::vector<std::int64_t>{4, 5}));
        QVERIFY(s.actions.deliverAction()->isEnabled());
        QCOMPARE(s.actions.targetFrame(), std::int64_t(4));
        QVERIFY(s.actions.deliverAction()->text().contains(u"4"_s));
        QVERIFY(s.actions.pausedHint().contains(u"4, 5"_s));
        s.actions.deliverAction()->trigger();
        // Until the fresh pause comes back, nothing more can be sent.
        QVERIFY(!s.actions.deliverAction()->isEnabled());
        QVERIFY(s.waitForPause(2));
        QCOMPARE(s.commands(), QStringList{u"deliver 4"_s});
        QCOMPARE(s.runner.heldFrames(), std::vector<std::int64_t>{5});
        // The runner's answer is in the trace: the wire event for frame 4.
        const int w = s.model.fateChangeOfFrame(4);
        QVERIFY(w >= 0);
        QCOMPARE(s.model.event(w).as<finscope::WireEvent>()->fate, std::string("delivered"));
        s.runner.stop();
        QTRY_COMPARE(s.runner.state(), RunnerProcess::State::Idle);
    }

    void dropActsOnTheSelectedHeldFrame()
    {
        Session s;
        s.runner.start(u"x"_s, true);
        QVERIFY(s.waitForPause(1));
        // The user clicked the second held frame's packet: that one, not the oldest.
        s.select(s.model.packetOfFrame(5));
        QCOMPARE(s.actions.targetFrame(), std::int64_t(5));
        QVERIFY(s.actions.dropAction()->text().contains(u"5"_s));
        s.actions.dropAction()->trigger();
        QVERIFY(s.waitForPause(2));
        QCOMPARE(s.commands(), QStringList{u"drop 5"_s});
        const auto* change = s.model.event(s.model.fateChangeOfFrame(5)).as<finscope::WireEvent>();
        QCOMPARE(change->fate, std::string("dropped"));
        QCOMPARE(change->dropReason, std::string("dropped by the user"));
        // A selected frame that is no longer held falls back to the oldest held one.
        QCOMPARE(s.actions.targetFrame(), std::int64_t(4));
        s.actions.deliverAction()->trigger();
        QVERIFY(s.waitForPause(3));
        QCOMPARE(s.commands(), (QStringList{u"drop 5"_s, u"deliver 4"_s}));
        // Nothing held any more: the actions go grey.
        QVERIFY(s.runner.heldFrames().empty());
        QVERIFY(!s.actions.deliverAction()->isEnabled());
        QVERIFY(!s.actions.dropAction()->isEnabled());
        s.runner.stop();
        QTRY_COMPARE(s.runner.state(), RunnerProcess::State::Idle);
    }

    void releaseDeliversEveryHeldFrame()
    {
        Session s;
        s.runner.start(u"x"_s, true);
        QVERIFY(s.waitForPause(1));
        QVERIFY(s.actions.releaseAction()->isEnabled());
        s.actions.releaseAction()->trigger();
        QVERIFY(s.waitForPause(2));
        QCOMPARE(s.commands(), QStringList{u"release"_s});
        QVERIFY(s.runner.heldFrames().empty());
        QVERIFY(s.model.fateChangeOfFrame(4) >= 0 && s.model.fateChangeOfFrame(5) >= 0);
        // And the run goes on as usual.
        s.runner.next();
        QTRY_COMPARE(s.runner.state(), RunnerProcess::State::Idle);
        QCOMPARE(s.commands(), (QStringList{u"release"_s, u"next"_s}));
    }

    // In the window: the actions are in the Run menu with their keys and
    // tooltips, and pressing D in a paused wire run delivers.
    void theWindowOffersThemWithKeys()
    {
        QTemporaryDir dir;
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        qputenv("FAKE_RUNNER_MODE", "wirestep");
        qputenv("FAKE_RUNNER_LOG", dir.filePath(u"commands.log"_s).toLocal8Bit());
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WireActions* wire = window.wireActions();
        QVERIFY(wire);
        QCOMPARE(wire->deliverAction()->shortcut(), QKeySequence(Qt::Key_D));
        QCOMPARE(wire->dropAction()->shortcut(), QKeySequence(Qt::Key_X));
        for (QAction* a : wire->actions())
            QVERIFY(!a->toolTip().isEmpty());
        bool inRunMenu = false;
        for (QAction* menu : window.menuBar()->actions())
            if (menu->menu() && menu->menu()->actions().contains(wire->deliverAction()))
                inRunMenu = true;
        QVERIFY(inRunMenu);
        QVERIFY(window.selectScenario(u"graceful-close"_s));
        QSignalSpy paused(window.runner(), &RunnerProcess::paused);
        window.step();
        QTRY_COMPARE(paused.count(), 1);
        QTRY_VERIFY(wire->deliverAction()->isEnabled());
        window.ladder()->setFocus();
        QTest::keyClick(window.ladder(), Qt::Key_D);
        QTRY_COMPARE(paused.count(), 2);
        QFile log(dir.filePath(u"commands.log"_s));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(log.readAll()).trimmed(), u"deliver 4"_s);
        window.stop();
        QTRY_COMPARE(window.runner()->state(), RunnerProcess::State::Idle);
    }
};

QTEST_MAIN(TestWireActions)
#include "tst_wireactions.moc"
