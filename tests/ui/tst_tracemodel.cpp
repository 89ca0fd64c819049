// SPDX-License-Identifier: MIT
#include "ui/tracemodel.h"
#include "ui/tracereader.h"

#include "core/tracejson.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTraceModel : public QObject
{
    Q_OBJECT
private:
    static std::vector<finscope::TraceEvent> cannedEvents()
    {
        QFile file(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read canned trace");
        TraceReader reader;
        return reader.feed(file.readAll());
    }

private Q_SLOTS:
    /// Events are kept compactly and decoded when asked for: each comes back
    /// whole, whether it is still decoded or has to be decoded again.
    void everyEventComesBackAsAppended()
    {
        const auto events = cannedEvents();
        TraceModel model;
        model.append(events);
        model.flush();
        QCOMPARE(model.rowCount(), static_cast<int>(events.size()));
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(finscope::toJsonLine(model.event(row)), finscope::toJsonLine(events[static_cast<std::size_t>(row)]));
        // Push them all out of the decoded ring, then ask again.
        std::vector<finscope::TraceEvent> more;
        for (int i = 0; i < TraceModel::kDecodedEvents; ++i)
            more.push_back(events[static_cast<std::size_t>(i) % events.size()]);
        model.append(more);
        model.flush();
        for (int row = 0; row < static_cast<int>(events.size()); ++row)
            QCOMPARE(finscope::toJsonLine(model.event(row)), finscope::toJsonLine(events[static_cast<std::size_t>(row)]));
        QVERIFY(model.run());
        QCOMPARE(model.run()->scenario, std::string("write-after-peer-close"));
    }

    void passesTheModelTesterWhileAppendingAndClearing()
    {
        TraceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto events = cannedEvents();
        const auto total = static_cast<int>(events.size());
        // Three live chunks, then a clear and the whole trace again.
        model.append({events.begin(), events.begin() + 5});
        model.flush();
        model.append({events.begin() + 5, events.begin() + 20});
        QTRY_COMPARE(model.rowCount(), 20);
        model.append({events.begin() + 20, events.end()});
        model.flush();
        QCOMPARE(model.rowCount(), total);
        for (int row = 0; row < model.rowCount(); ++row)
            for (int col = 0; col < model.columnCount(); ++col)
                QVERIFY(model.data(model.index(row, col)).isValid() || col == TraceModel::LineColumn
                        || col == TraceModel::EndpointColumn);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        model.append(std::move(events));
        model.flush();
        QCOMPARE(model.rowCount(), total);
    }

    // Thousands of lines in one burst must cost one insert, not thousands.
    void burstsAreAnnouncedInOneInsert()
    {
        TraceModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        const auto events = cannedEvents();
        for (const auto& e : events)
            model.append({e});
        QCOMPARE(model.rowCount(), 0);       // stored, not yet announced
        QTRY_COMPARE(inserted.count(), 1);   // one zero-timer flush
        QCOMPARE(model.rowCount(), static_cast<int>(events.size()));
        QCOMPARE(inserted.at(0).at(1).toInt(), 0);
        QCOMPARE(inserted.at(0).at(2).toInt(), static_cast<int>(events.size()) - 1);
    }

    /// A backlog far bigger than one slice (a trace file being read) is
    /// announced in several inserts, in order and whole, with the event loop
    /// turning between them; caughtUp() says when the last row is shown.
    void aBigBacklogIsAnnouncedASliceATurn()
    {
        const auto events = cannedEvents();
        std::vector<finscope::TraceEvent> many;
        while (many.size() < 100'000)
            many.insert(many.end(), events.begin(), events.end());
        const auto total = static_cast<int>(many.size());
        TraceModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy caughtUp(&model, &TraceModel::caughtUp);
        model.append(many);
        QCOMPARE(model.pendingRows(), total);
        int rowsWhenTheLoopTurned = -1;
        // Posted from the first insert: handled on a later turn of the loop, which must come before the last slice.
        connect(&model, &QAbstractItemModel::rowsInserted, &model, [&] {
            if (inserted.count() == 1)
                QMetaObject::invokeMethod(&model, [&] { rowsWhenTheLoopTurned = model.rowCount(); }, Qt::QueuedConnection);
        });
        QTRY_COMPARE(caughtUp.count(), 1);
        QCOMPARE(model.rowCount(), total);
        QCOMPARE(model.pendingRows(), 0);
        QVERIFY2(rowsWhenTheLoopTurned > 0 && rowsWhenTheLoopTurned < total,
                 qPrintable(u"rows shown when the loop turned: %1"_s.arg(rowsWhenTheLoopTurned)));
        QVERIFY(inserted.count() >= 4);   // a slice is 32768 rows at most
        int next = 0;
        for (const auto& args : inserted) {
            QCOMPARE(args.at(1).toInt(), next);
            next = args.at(2).toInt() + 1;
        }
        QCOMPARE(next, total);
        QCOMPARE(finscope::toJsonLine(model.event(total - 1)), finscope::toJsonLine(many.back()));
    }

    /// A cancelled load keeps what it has shown and drops the rest, so the
    /// model and its views agree; appending afterwards goes on from there.
    void droppingPendingRowsKeepsTheShownOnes()
    {
        const auto events = cannedEvents();
        std::vector<finscope::TraceEvent> many;
        while (many.size() < 100'000)
            many.insert(many.end(), events.begin(), events.end());
        TraceModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy caughtUp(&model, &TraceModel::caughtUp);
        model.append(many);
        QTRY_VERIFY(model.rowCount() > 0);
        const int shown = model.rowCount();
        QVERIFY(shown < static_cast<int>(many.size()));
        model.dropPending();
        QCOMPARE(model.pendingRows(), 0);
        QCOMPARE(model.rowCount(), shown);
        QCOMPARE(finscope::toJsonLine(model.event(shown - 1)),
                 finscope::toJsonLine(many[static_cast<std::size_t>(shown - 1)]));
        model.append(events);
        model.flush();
        QCOMPARE(model.rowCount(), shown + static_cast<int>(events.size()));
        QCOMPARE(finscope::toJsonLine(model.event(shown)), finscope::toJsonLine(events.front()));
        // Rows without a line of their own take the last step's: the last step shown, not a dropped one.
        int stepLine = 0;
        for (int row = shown - 1; row >= 0 && stepLine == 0; --row)
            if (const auto* step = many[static_cast<std::size_t>(row)].as<finscope::StepEvent>())
                stepLine = step->line;
        QVERIFY(stepLine > 0);
        QCOMPARE(model.lineOf(shown), stepLine);
        QVERIFY(model.summary());   // the last row shown is the canned run's summary
    }

    void packetsBelongToTheLineOfTheirStep()
    {
        TraceModel model;
        model.append(cannedEvents());
        model.flush();
        int lastStepLine = 0;
        bool sawPacket = false;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (auto* step = model.event(row).as<finscope::StepEvent>())
                lastStepLine = step->line;
            if (model.event(row).as<finscope::PacketEvent>()) {
                QCOMPARE(model.lineOf(row), lastStepLine);
                sawPacket = true;
            }
        }
        QVERIFY(sawPacket);
        QVERIFY(model.run());
        QCOMPARE(model.run()->scenario, std::string("write-after-peer-close"));
        QVERIFY(model.summary());
    }

    void displaysFailuresAsTheCallReturnedThem()
    {
        TraceModel model;
        model.append(cannedEvents());
        model.flush();
        bool found = false;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QString text = model.data(model.index(row, TraceModel::EventColumn)).toString();
            if (text.startsWith(u"write(5, \"456\", 3)"_s)) {
                QVERIFY2(text.endsWith(u"-1 EPIPE"_s), qPrintable(text));
                found = true;
            }
        }
        QVERIFY(found);
    }
};

QTEST_MAIN(TestTraceModel)
#include "tst_tracemodel.moc"
