// SPDX-License-Identifier: MIT
// File ▸ Export Packets: the run's packets as the runner wrote them in
// pcapng (full frames, a comment each), copied without ever damaging a
// file already there; disabled, with the reason, when there are none.
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/tracemodel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

const QString kCapture = QStringLiteral(FINSCOPE_TEST_CAPTURES "/lo_linger0_editcap.pcapng");

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QString problemText(const MainWindow& window)
{
    QStringList texts;
    for (int i = 0; i < window.problems()->count(); ++i)
        texts << window.problems()->item(i)->text();
    return texts.join(u'\n');
}

/// tshark's one line per packet with its comment; empty when tshark is not installed.
QStringList tsharkComments(const QString& path, QString* error)
{
    const QString tshark = QStandardPaths::findExecutable(u"tshark"_s);
    if (tshark.isEmpty())
        return {};
    QProcess p;
    p.start(tshark, {u"-r"_s, path, u"-T"_s, u"fields"_s, u"-e"_s, u"frame.number"_s, u"-e"_s, u"frame.comment"_s});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        *error = QString::fromLocal8Bit(p.readAllStandardError());
    return QString::fromUtf8(p.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts);
}

void runFake(MainWindow& window, const QByteArray& pcapng)
{
    qputenv("FAKE_RUNNER_MODE", "trace");
    qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    qputenv("FAKE_RUNNER_PCAPNG", pcapng);
    QVERIFY(window.selectScenario(u"write-after-peer-close"_s));
    QSignalSpy finished(&window, &MainWindow::runFinished);
    window.run();
    QTRY_COMPARE(finished.count(), 1);
}

} // namespace

class TestExportPackets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);
    }

    void disabledBeforeARunWithTheReason()
    {
        MainWindow window;
        QAction* action = window.exportPacketsAction();
        QVERIFY(action);
        QVERIFY(!action->isEnabled());
        QVERIFY(action->toolTip().contains(u"Run a scenario first"_s));
        QVERIFY(!window.exportPackets(QDir::temp().filePath(u"never.pcapng"_s)));
    }

    void theRunnersFileIsCopiedWhole()
    {
        MainWindow window;
        runFake(window, kCapture.toLocal8Bit());
        QVERIFY2(window.exportPacketsAction()->isEnabled(), qPrintable(window.exportPacketsAction()->toolTip()));
        QVERIFY(window.runner()->packetFile().endsWith(u".pcapng"_s));
        QTemporaryDir dir;
        const QString target = dir.filePath(u"run.pcapng"_s);
        QVERIFY2(window.exportPackets(target), qPrintable(problemText(window)));
        QCOMPARE(readAll(target), readAll(kCapture));
    }

    void aFailedExportLeavesTheOldFileAndSaysWhy()
    {
        MainWindow window;
        runFake(window, kCapture.toLocal8Bit());
        QTemporaryDir dir;
        QVERIFY2(!window.exportPackets(dir.filePath(u"no/such/folder/run.pcapng"_s)), "exported into a missing folder");
        QVERIFY(problemText(window).contains(u"Cannot export the packets to"_s));
        // The runner's file vanished (a cleaner emptied /tmp): the user's file stays as it was.
        const QString existing = dir.filePath(u"mine.pcapng"_s);
        QFile mine(existing);
        QVERIFY(mine.open(QIODevice::WriteOnly));
        mine.write("the user's own file");
        mine.close();
        QVERIFY(QFile::remove(window.runner()->packetFile()));
        QVERIFY(!window.exportPackets(existing));
        QCOMPARE(readAll(existing), QByteArray("the user's own file"));
    }

    void aRunWithoutPacketsDoesNotExportTheLastOnes()
    {
        MainWindow window;
        runFake(window, kCapture.toLocal8Bit());
        QVERIFY(window.exportPacketsAction()->isEnabled());
        runFake(window, QByteArray());   // this run's runner writes no packet file
        QVERIFY(!window.exportPacketsAction()->isEnabled());
        QVERIFY(window.exportPacketsAction()->toolTip().contains(u"no packet file"_s));
    }

    void aLoadedTraceHasNoFramesToExport()
    {
        MainWindow window;
        runFake(window, kCapture.toLocal8Bit());
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl")));
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY(!window.exportPacketsAction()->isEnabled());
        QVERIFY(window.exportPacketsAction()->toolTip().contains(u"JSON"_s));
    }

    /// The real runner on the real kernel: every packet of the trace is in
    /// the export, tshark reads it, and the RST says why it was sent.
    void aRealRunExportsEveryPacketWithItsCause()
    {
        const QString runner = QStringLiteral(FINSCOPE_RUNNER_PATH);
        if (!QFileInfo(runner).isExecutable())
            QSKIP("the runner is not built; build the `finscope` target");
        qputenv("FINSCOPE_RUNNER", runner.toLocal8Bit());
        MainWindow window;
        QVERIFY(window.selectScenario(u"write-after-peer-close"_s));
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 60000);
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        const TraceModel& model = *window.traceModel();
        QVERIFY2(model.run(), qPrintable(problemText(window)));
        if (model.run()->capture == "none")
            QSKIP("the runner could not capture packets here");
        int packets = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            packets += model.event(row).as<finscope::PacketEvent>() ? 1 : 0;
        QVERIFY(packets > 0);
        QTemporaryDir dir;
        const QString target = dir.filePath(u"write-after-peer-close.pcapng"_s);
        QVERIFY2(window.exportPackets(target), qPrintable(problemText(window)));
        QString error;
        const QStringList lines = tsharkComments(target, &error);
        if (lines.isEmpty() && error.isEmpty())
            QSKIP("tshark is not installed (scripts/install-deps.sh installs it)");
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(lines.size(), packets);
        // The RST's comment carries the kernel's reason, as the trace does.
        QVERIFY2(lines.join(u'\n').contains(u"RST: "_s), qPrintable(lines.join(u'\n')));
    }
};

QTEST_MAIN(TestExportPackets)
#include "tst_exportpackets.moc"
