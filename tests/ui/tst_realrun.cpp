// SPDX-License-Identifier: MIT
#include "ladderfixture.h"

#include "ui/eventtext.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

/// A real run of the built-in "write-after-peer-close" through the real
/// runner, drawn as the user sees it: not blank, FIN arrows blue and RST
/// arrows red where those packets are.
class TestRealRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writeAfterPeerCloseIsDrawnWithFinAndRst()
    {
        const QString runner = QStringLiteral(FINSCOPE_RUNNER_PATH);
        if (!QFileInfo(runner).isExecutable())
            QSKIP(qPrintable(u"the runner %1 is not built; build the `finscope` target"_s.arg(runner)));
        qputenv("FINSCOPE_RUNNER", runner.toLocal8Bit());
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);

        MainWindow window;
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.selectScenario(u"write-after-peer-close"_s));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        const TraceModel& model = *window.traceModel();
        QVERIFY2(model.run(), "the runner produced no `run` event; see the Problems panel");
        if (model.run()->capture == "none")
            QSKIP(qPrintable(u"the runner could not capture packets here: %1"_s.arg(
                QString::fromStdString(model.run()->captureNote))));
        QStringList problems;
        for (int i = 0; i < window.problems()->count(); ++i)
            problems << window.problems()->item(i)->text();
        QVERIFY2(finished.at(0).at(0).toInt() == 0, qPrintable(problems.join(u'\n')));

        const LadderView& view = *window.ladder();
        qInfo() << "viewport" << view.viewport()->size() << "lanes" << view.layout().laneCount()
                << "last lane ends at" << view.laneSpans().back().second;
        const QImage image = fixture::renderAll(view);
        image.save(QDir::temp().filePath(u"finscope-realrun.png"_s));
        // Not blank: plenty of pixels differ from the background.
        const QColor background = view.ladderPalette().background();
        const int backgroundPixels = fixture::countColour(image, image.rect(), background, 10);
        QVERIFY(backgroundPixels < image.width() * image.height() * 95 / 100);

        int fins = 0, rsts = 0;
        for (int i = 0; i < model.rowCount(); ++i) {
            const auto* p = model.event(i).as<finscope::PacketEvent>();
            if (!p)
                continue;
            const QRect wire = fixture::cellRect(view, i, view.layout().wireLane());
            if (EventText::isFin(*p)) {
                QVERIFY(fixture::countColour(image, wire, view.ladderPalette().fin()) > 40);
                ++fins;
            }
            if (EventText::isRst(*p)) {
                QVERIFY(fixture::countColour(image, wire, view.ladderPalette().rst()) > 40);
                ++rsts;
            }
        }
        QVERIFY2(fins >= 1, "the client's close() must send a FIN");
        QVERIFY2(rsts >= 1, "the first write to the closed peer must draw an RST");
    }
};

QTEST_MAIN(TestRealRun)
#include "tst_realrun.moc"
