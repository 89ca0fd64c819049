// SPDX-License-Identifier: MIT
// The main window opens a user's capture: File ▸ Open Capture, a dropped
// .pcap, or `finscope-gui --capture FILE`, each in a window of its own.
#include "ui/capture/captureview.h"
#include "ui/capture/connectionlistmodel.h"
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/tracemodel.h"

#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace Qt::StringLiterals;

class TestOpenCapture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capturesAreKnownByTheirSuffix()
    {
        QVERIFY(MainWindow::isCaptureFile(u"/tmp/x.pcap"_s));
        QVERIFY(MainWindow::isCaptureFile(u"x.PCAPNG"_s));
        QVERIFY(MainWindow::isCaptureFile(u"x.cap"_s));
        QVERIFY(!MainWindow::isCaptureFile(u"x.fsc"_s));
        QVERIFY(!MainWindow::isCaptureFile(u"x.jsonl"_s));
    }

    void openCaptureShowsTheConnectionsAndALadder()
    {
        MainWindow window;
        CaptureView* view = window.openCapture(QStringLiteral(FINSCOPE_TEST_CAPTURES "/lo_write_after_close.pcap"));
        QVERIFY(view);
        QVERIFY(view->isWindow());
        QSignalSpy loaded(view, &CaptureView::loaded);
        QVERIFY(loaded.wait(30000));
        QCOMPARE(view->connections()->rowCount(), 1);
        // The first connection is chosen, so its packets are on the ladder.
        QTRY_VERIFY(view->ladderModel()->rowCount() > 0);
        // A capture has no system calls: its ladder is the two sides' states and the wire, nothing empty.
        const auto* ladder = view->findChild<LadderView*>();
        QVERIFY(ladder);
        QCOMPARE(ladder->layout().laneCount(), 3);
        for (int i = 0; i < ladder->layout().laneCount(); ++i)
            QVERIFY(ladder->layout().lane(i).kind != LadderLayout::LaneKind::Syscalls);
        QCOMPARE(ladder->layout().lane(ladder->layout().wireLane()).kind, LadderLayout::LaneKind::Wire);
        // Without steps to band by, a state sits on the row after the packet that made it, not stacked at the top.
        QCOMPARE(ladder->layout().spacing(), LadderLayout::Spacing::EventOrder);
        view->close();
    }

    void droppingACaptureOpensItAsOne()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QMimeData data;
        data.setUrls({QUrl::fromLocalFile(QStringLiteral(FINSCOPE_TEST_CAPTURES "/lo_refused.pcap"))});
        // As a window system delivers it: enter, then drop, on the window itself.
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        CaptureView* view = window.findChild<CaptureView*>();
        QVERIFY2(view, "a dropped .pcap opens a capture window, not a scenario");
        QSignalSpy loaded(view, &CaptureView::loaded);
        QVERIFY(view->connections()->rowCount() > 0 || loaded.wait(30000));
        QCOMPARE(view->connections()->rowCount(), 1);
    }

    void theCommandLineOpensACaptureAndSavesItsWindow()
    {
        QTemporaryDir dir;
        const QString png = dir.filePath(u"capture.png"_s);
        QProcess gui;
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH),
                  {u"--capture"_s, QStringLiteral(FINSCOPE_TEST_CAPTURES "/lo_write_after_close.pcap"), u"--screenshot"_s, png});
        QVERIFY(gui.waitForFinished(60000));
        QCOMPARE(gui.exitCode(), 0);
        QVERIFY(QImage(png).width() > 0);

        gui.start(QStringLiteral(FINSCOPE_GUI_PATH), {u"--capture"_s, dir.filePath(u"missing.pcap"_s)});
        QVERIFY(gui.waitForFinished(60000));
        QCOMPARE(gui.exitCode(), 2);
        QVERIFY(QString::fromLocal8Bit(gui.readAllStandardError()).contains(u"no such file"_s));
    }
};

QTEST_MAIN(TestOpenCapture)
#include "tst_opencapture.moc"
