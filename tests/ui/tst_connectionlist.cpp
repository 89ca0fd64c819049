// SPDX-License-Identifier: MIT
// An imported capture in the GUI's models: loaded on a worker thread (the
// event loop keeps running), listed with unusual endings first, sortable,
// and one connection's ladder as trace events the ladder view can take.
#include "core/capture/captureladder.h"
#include "core/capture/importjson.h"
#include "ui/capture/captureloader.h"
#include "ui/capture/captureview.h"
#include "ui/capture/connectionlistmodel.h"
#include "ui/tracemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QLabel>
#include <QWidget>

using namespace finscope;

namespace {

std::shared_ptr<const CaptureImport> load(const QString& file) {
    CaptureLoader loader;
    QSignalSpy done(&loader, &CaptureLoader::finished);
    if (!loader.start(QStringLiteral(FINSCOPE_TEST_CAPTURES "/") + file)) return {};
    if (!done.wait(10000)) return {};
    return done.at(0).at(0).value<std::shared_ptr<const CaptureImport>>();
}

} // namespace

class TestConnectionList : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<std::shared_ptr<const CaptureImport>>(); }

    void loadsOnAWorkerAndLists() {
        const auto capture = load(QStringLiteral("lo_write_after_close.pcap"));
        QVERIFY(capture);
        QVERIFY(capture->complete);
        ConnectionListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapture(capture);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, ConnectionListModel::EndpointB).data().toString(), QStringLiteral("127.0.0.1:5006"));
        QVERIFY(model.index(0, ConnectionListModel::Ending).data().toString().startsWith(QStringLiteral("reset by server")));
        QVERIFY(model.index(0, ConnectionListModel::Ending).data(Qt::ToolTipRole).toString().contains(
            QStringLiteral("write-after-peer-close")));
        QVERIFY(model.index(0, 0).data(ConnectionListModel::UnusualRole).toBool());
        QCOMPARE(model.index(0, ConnectionListModel::BytesAToB).data().toULongLong(), 1ULL);
    }

    void damagedFileStillLoads() {
        const auto capture = load(QStringLiteral("no-such-file.pcap"));
        QVERIFY(capture);
        QVERIFY(!capture->opened);
        QVERIFY(capture->error.find("No such file") != std::string::npos);
        ConnectionListModel model;
        model.setCapture(capture);
        QCOMPARE(model.rowCount(), 0);
    }

    void sortsByNumbers() {
        const auto capture = load(QStringLiteral("any_unread_rst.pcap"));
        QVERIFY(capture);
        ConnectionListModel model;
        model.setCapture(capture);
        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(ConnectionListModel::SortRole);
        proxy.sort(ConnectionListModel::Duration);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(proxy.rowCount(), 1);
        QVERIFY(proxy.index(0, ConnectionListModel::Duration).data(ConnectionListModel::SortRole).toDouble() > 0);
    }

    void ladderAsTraceEvents() {
        const auto capture = load(QStringLiteral("lo_refused.pcap"));
        QVERIFY(capture);
        const auto events = ladderEvents(buildLadder(capture->table, 0));
        int packets = 0;
        bool inferred = false;
        for (const auto& e : events) {
            packets += e.as<PacketEvent>() ? 1 : 0;
            if (const auto* s = e.as<StateEvent>()) inferred = inferred || s->source == "inferred";
        }
        QCOMPARE(packets, 2);
        QVERIFY(inferred);
        QVERIFY(events.front().as<NoteEvent>());
    }

    void viewOpensListsAndShowsTheLadder() {
        CaptureView view;
        view.resize(1200, 760);
        view.show();
        QSignalSpy loaded(&view, &CaptureView::loaded);
        view.open(QStringLiteral(FINSCOPE_TEST_CAPTURES "/lo_write_after_close.pcap"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(view.connections()->rowCount(), 1);
        const auto* summary = view.findChild<QLabel*>();
        QVERIFY(summary);
        QCOMPARE(summary->text(), QStringLiteral("lo_write_after_close.pcap: 1 TCP connection in 11 frames (EN10MB (Ethernet))"));
        // The first (most unusual) connection is shown at once: its run, note, 7 packets, states.
        int packets = 0;
        for (int r = 0; r < view.ladderModel()->rowCount(); ++r)
            packets += view.ladderModel()->event(r).as<PacketEvent>() ? 1 : 0;
        QCOMPARE(packets, 7);
        if (const QByteArray dir = qgetenv("FINSCOPE_SCREENSHOT_DIR"); !dir.isEmpty())
            view.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/capture-view.png"));
    }
};

QTEST_MAIN(TestConnectionList)
#include "tst_connectionlist.moc"
