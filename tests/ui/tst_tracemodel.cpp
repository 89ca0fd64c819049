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
