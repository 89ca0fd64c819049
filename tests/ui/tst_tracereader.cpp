// SPDX-License-Identifier: MIT
#include "ui/tracereader.h"

#include <QFile>
#include <QTest>

using namespace Qt::StringLiterals;

class TestTraceReader : public QObject
{
    Q_OBJECT
private:
    static QByteArray cannedTrace()
    {
        QFile file(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
        if (!file.open(QIODevice::ReadOnly))
            qFatal("cannot read canned trace");
        return file.readAll();
    }

private Q_SLOTS:
    void wholeTraceInOneChunk()
    {
        TraceReader reader;
        const QByteArray trace = cannedTrace();
        const auto events = reader.feed(trace);
        QCOMPARE(static_cast<qsizetype>(events.size()), trace.count('\n'));
        QCOMPARE(events.front().kind(), std::string("run"));
        QCOMPARE(events.back().kind(), std::string("summary"));
        QVERIFY(reader.errors().isEmpty());
        QVERIFY(reader.finish().empty());
    }

    // readyRead() delivers chunks that end anywhere: in a key, in a string,
    // between '\r' and '\n', inside a UTF-8 sequence.
    void everyChunkSizeGivesTheSameEvents_data()
    {
        QTest::addColumn<int>("chunk");
        for (int size : {1, 2, 3, 7, 64, 333, 4096})
            QTest::addRow("%d bytes", size) << size;
    }
    void everyChunkSizeGivesTheSameEvents()
    {
        QFETCH(int, chunk);
        const QByteArray trace = cannedTrace();
        TraceReader whole;
        const auto expected = whole.feed(trace);
        TraceReader reader;
        std::vector<finscope::TraceEvent> events;
        for (qsizetype off = 0; off < trace.size(); off += chunk) {
            auto part = reader.feed(QByteArrayView(trace).sliced(off, std::min<qsizetype>(chunk, trace.size() - off)));
            events.insert(events.end(), part.begin(), part.end());
        }
        QCOMPARE(events.size(), expected.size());
        for (std::size_t i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].id, expected[i].id);
            QCOMPARE(events[i].kind(), expected[i].kind());
        }
    }

    void utf8SplitInsideACharacter()
    {
        const QByteArray line = R"({"kind":"note","id":1,"t_ns":5,"level":"info","text":"é ⚡ ok","line":0})" "\n";
        const qsizetype split = line.indexOf("\xe2") + 1;   // after the first byte of ⚡
        TraceReader reader;
        QVERIFY(reader.feed(line.left(split)).empty());
        const auto events = reader.feed(line.mid(split));
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(events[0].as<finscope::NoteEvent>()->text), u"é ⚡ ok"_s);
    }

    void lastLineWithoutNewlineIsReadAtFinish()
    {
        TraceReader reader;
        QVERIFY(reader.feed(R"({"kind":"pause","id":3,"t_ns":7,"index":1,"line":12})").empty());
        const auto events = reader.finish();
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(events[0].as<finscope::PauseEvent>()->line, 12);
    }

    void crlfAndBlankLines()
    {
        TraceReader reader;
        const auto events = reader.feed("\r\n\n" R"({"kind":"pause","id":3,"t_ns":7,"index":1,"line":12})" "\r\n");
        QCOMPARE(events.size(), std::size_t(1));
        QVERIFY(reader.errors().isEmpty());
    }

    void badLinesAreReportedWithTheirNumberAndSkipped()
    {
        TraceReader reader;
        const auto events = reader.feed("not json\n" R"({"kind":"nonsense","id":1,"t_ns":2})" "\n"
                                        R"({"kind":"pause","id":3,"t_ns":7,"index":1,"line":12})" "\n");
        QCOMPARE(events.size(), std::size_t(1));
        QCOMPARE(reader.errors().size(), 2);
        QVERIFY(reader.errors()[0].startsWith(u"line 1:"_s));
        QVERIFY(reader.errors()[1].startsWith(u"line 2:"_s));
    }

    void aFloodOfGarbageKeepsOnlyAFewMessages()
    {
        TraceReader reader;
        QByteArray junk;
        for (int i = 0; i < 1000; ++i)
            junk += "garbage\n";
        QVERIFY(reader.feed(junk).empty());
        QVERIFY(reader.errors().size() <= 20);
        QCOMPARE(reader.linesRead(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestTraceReader)
#include "tst_tracereader.moc"
