// SPDX-License-Identifier: MIT
// Wire runs on the ladder (issue 10): an arrow from the sender at t_ns to the
// receiver at delivered_ns, a held frame in mid-air, a dropped one ending in a
// cross, the `wire` event that delivers a held frame later, and the wire's own
// steps. The traces are tests/data/wire-*.jsonl (see wire_fixtures.py there),
// written to the contract of docs/trace-format.md, "Wire runs".
#include "ladderfixture.h"

#include "ui/eventdetails.h"
#include "ui/eventtext.h"
#include "ui/ladderflightpainter.h"

#include <QItemSelectionModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace finscope;
using Fate = LadderFlights::Fate;

namespace {

constexpr std::int64_t kMs = 1000000;

std::vector<TraceEvent> wireTrace(const char* name)
{
    return fixture::readTrace(QStringLiteral(FINSCOPE_TEST_CAPTURES "/") + QString::fromLatin1(name));
}

struct Loaded {
    TraceModel model;
    LadderView view;
    QItemSelectionModel selection{&model};
    explicit Loaded(const char* name, LadderLayout::Spacing spacing = LadderLayout::Spacing::Compact)
    {
        view.setModel(&model);
        view.setSelectionModel(&selection);
        view.resize(1100, 700);
        view.setSpacing(spacing);
        model.append(wireTrace(name));
        model.flush();
    }
    const LadderLayout& layout() const { return view.layout(); }
    std::pair<double, double> wire() const
    {
        return view.laneSpans()[static_cast<std::size_t>(layout().wireLane())];
    }
    QLineF arrowOf(std::int64_t frame) const
    {
        const auto* f = layout().flights().ofFrame(frame);
        if (!f)
            qFatal("no flight for frame %lld", static_cast<long long>(frame));
        const auto [left, right] = wire();
        return LadderFlightPainter::arrow(layout(), *f, left, right);
    }
    int eventOfFrame(std::int64_t frame) const { return model.packetOfFrame(frame); }
};

TraceEvent make(std::int64_t id, std::int64_t tNs, EventBody body)
{
    TraceEvent e;
    e.id = id;
    e.tNs = tNs;
    e.body = std::move(body);
    return e;
}

} // namespace

class TestWireLadder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fixturesLoadAsWireRuns_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("frames");
        QTest::newRow("held") << u"wire-held.jsonl"_s << 4;
        QTest::newRow("delayed") << u"wire-delayed.jsonl"_s << 9;
        QTest::newRow("dropped") << u"wire-dropped.jsonl"_s << 9;
    }
    void fixturesLoadAsWireRuns()
    {
        QFETCH(QString, name);
        QFETCH(int, frames);
        QFile file(QStringLiteral(FINSCOPE_TEST_CAPTURES "/") + name);
        QVERIFY(file.open(QIODevice::ReadOnly));
        TraceReader reader;
        auto events = reader.feed(file.readAll());
        QVERIFY2(reader.errors().isEmpty(), qPrintable(reader.errors().join(u'\n')));
        QCOMPARE(static_cast<qsizetype>(events.size()), reader.linesRead());
        Loaded l(name.toLatin1().constData());
        QVERIFY(l.model.run() && l.model.run()->wire);
        QCOMPARE(l.model.run()->wire->delayNs, 20 * kMs);
        QCOMPARE(l.model.run()->wire->hosts.at("client"), std::string("127.1.0.1"));
        QVERIFY(l.layout().wireRun());
        QCOMPARE(static_cast<int>(l.layout().flights().flights().size()), frames);
        // The wire's steps are not an endpoint: no lanes for "wire".
        QCOMPARE(l.layout().endpoints(), (QStringList{u"client"_s, u"server"_s}));
        // It paints, in every spacing, without tripping over its long arrows.
        for (auto s : {LadderLayout::Spacing::Compact, LadderLayout::Spacing::EventOrder, LadderLayout::Spacing::RealTime}) {
            l.view.setSpacing(s);
            QVERIFY(!fixture::renderAll(l.view).isNull());
        }
    }

    void loopbackPacketsHaveNoFlights()
    {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        model.append(fixture::cannedTrace());
        model.flush();
        QVERIFY(!view.layout().wireRun());
        QVERIFY(view.layout().flights().empty());
    }

    // A delayed frame's arrow runs from the sender's edge of the wire where it
    // left to the receiver's edge where it arrived: in real-time spacing, 20 ms
    // further down (6 px a millisecond at zoom 1) whatever lies between.
    void delayedArrowSlopesWithTheDelayInRealTime()
    {
        Loaded l("wire-delayed.jsonl", LadderLayout::Spacing::RealTime);
        const auto [left, right] = l.wire();
        const QLineF syn = l.arrowOf(1);   // client -> server, sent 3.25 ms, delivered 23.25 ms
        QCOMPARE(l.layout().flights().ofFrame(1)->fate, Fate::Delivered);
        QCOMPARE(syn.x1(), left + 2);
        QCOMPARE(syn.x2(), right - 3);
        QVERIFY2(syn.y2() - syn.y1() >= 20 * 6.0 * 0.95, qPrintable(u"slope only %1 px"_s.arg(syn.y2() - syn.y1())));
        // It arrives before the answer leaves: the SYN-ACK (sent 23.3 ms) starts below the SYN's head.
        const QLineF synAck = l.arrowOf(2);
        QVERIFY(synAck.x1() > synAck.x2());   // server -> client: leftwards
        const double synAckTop = l.layout().rowTop(l.layout().flights().ofFrame(2)->row);
        QVERIFY(syn.y2() <= synAckTop + 0.01);
        QVERIFY2(synAckTop - syn.y2() < 2, qPrintable(u"%1 px"_s.arg(synAckTop - syn.y2())));   // 50 µs later: just above it
        // The head lies where the time axis says 23.25 ms is.
        QCOMPARE(syn.y2(), LadderFlights::yAtTime(l.layout(), l.layout().startNs() + 23250000));
    }

    // The compact figure has no time scale, but arrows still end where the
    // frame arrived among the wire's items: never above the packet that answered it.
    void delayedArrowsInTheCompactFigureEndBeforeTheAnswer()
    {
        Loaded l("wire-delayed.jsonl");
        for (std::int64_t frame = 1; frame < 9; ++frame) {
            const QLineF a = l.arrowOf(frame), next = l.arrowOf(frame + 1);
            QVERIFY2(a.y2() > a.y1(), qPrintable(u"frame %1"_s.arg(frame)));
            const auto* fa = l.layout().flights().ofFrame(frame);
            const auto* fn = l.layout().flights().ofFrame(frame + 1);
            if (fn->sentNs >= fa->endNs)
                QVERIFY2(a.y2() <= next.y1() + 0.5, qPrintable(u"frame %1 ends below frame %2's start"_s.arg(frame).arg(frame + 1)));
        }
    }

    void heldFrameIsDrawnMidAir()
    {
        for (auto spacing : {LadderLayout::Spacing::Compact, LadderLayout::Spacing::RealTime}) {
            Loaded l("wire-held.jsonl", spacing);
            const auto* fin = l.layout().flights().ofFrame(4);
            QVERIFY(fin);
            QCOMPARE(fin->fate, Fate::Held);
            QCOMPARE(fin->endNs, std::int64_t(-1));
            const auto [left, right] = l.wire();
            const QLineF a = l.arrowOf(4);
            QCOMPARE(a.x1(), left + 2);                 // from the client's side...
            QCOMPARE(a.x2(), (left + right) / 2);       // ...to the middle of the wire, and no further
            QVERIFY(a.y2() > a.y1());
            // On screen: the FIN's colour in the wire's left half at its row, none in the right quarter.
            const QImage image = fixture::renderAll(l.view);
            const QRect cell = fixture::cellRect(l.view, fin->packetEvent, l.layout().wireLane());
            const int h = l.view.headerHeight();
            const QRect leftHalf(static_cast<int>(left), static_cast<int>(a.y1()) + h, static_cast<int>((right - left) / 2),
                                 static_cast<int>(a.y2() - a.y1()) + 4);
            // Right of the "held" label beside the tip, below the packet's own label.
            const int edge = static_cast<int>((right - left) * 0.12);
            const QRect receiverEdge(static_cast<int>(right) - edge, cell.top() + cell.height() * 2 / 3, edge - 2,
                                     static_cast<int>(a.y2() - a.y1()) + 4);
            const QColor finColour = l.view.ladderPalette().fin();
            QVERIFY(fixture::countColour(image, leftHalf, finColour) > 20);
            QCOMPARE(fixture::countColour(image, receiverEdge, finColour), 0);
            // The words say so: "held" in the details and the tooltip text.
            QVERIFY(EventText::summary(l.model.event(fin->packetEvent)).contains(u"frame 4, held"_s));
            const QString html = EventDetails::html(l.model, fin->packetEvent);
            QVERIFY2(html.contains(u"not yet: the frame is still on the wire"_s), qPrintable(html));
            QCOMPARE(l.model.heldFrames(), (std::vector<std::int64_t>{4}));
        }
    }

    // The runner delivers the held frame (the user pressed D): a `wire` event
    // joins the packet by frame id, and the arrow's head moves to the receiver's edge at that time.
    void deliveryMovesTheHeldArrowToTheReceiver()
    {
        Loaded l("wire-held.jsonl", LadderLayout::Spacing::RealTime);
        const std::int64_t t0 = l.layout().startNs();
        const QLineF before = l.arrowOf(4);
        const auto [left, right] = l.wire();
        const std::int64_t deliveredNs = t0 + 90 * kMs;
        PacketEvent ack;
        ack.src = "127.1.0.2:5000";
        ack.dst = "127.1.0.1:41000";
        ack.from = "server";
        ack.to = "client";
        ack.flags = ".";
        ack.conn = "c1";
        ack.frameId = 5;
        ack.fate = "in-flight";
        StateEvent closeWait;
        closeWait.endpoint = "server";
        closeWait.socket = "connfd";
        closeWait.state = "CLOSE_WAIT";
        closeWait.local = "127.1.0.2:5000";
        closeWait.remote = "127.1.0.1:41000";
        closeWait.conn = "c1";
        const int first = l.model.rowCount();
        l.model.append({make(first, deliveredNs, WireEvent{4, "delivered", "c1", ""}),
                        make(first + 1, deliveredNs + 50000, ack),
                        make(first + 2, deliveredNs + kMs, closeWait),
                        make(first + 3, deliveredNs + 2 * kMs, PauseEvent{6, 15, std::vector<std::int64_t>{}})});
        l.model.flush();
        const auto* fin = l.layout().flights().ofFrame(4);
        QCOMPARE(fin->fate, Fate::Delivered);
        QCOMPARE(fin->endNs, deliveredNs);
        QCOMPARE(fin->wireEvent, first);
        const QLineF after = l.arrowOf(4);
        QCOMPARE(after.p1(), before.p1());                 // it still left where it left
        QCOMPARE(after.x2(), right - 3);                   // now it reaches the server's side
        QCOMPARE(after.y2(), LadderFlights::yAtTime(l.layout(), deliveredNs));   // at delivered_ns
        QVERIFY(after.y2() > before.y2());
        QVERIFY(after.y2() <= l.arrowOf(5).y1());          // before the ACK it caused leaves
        // Selecting the wire event selects its packet; the details give both times and the fate.
        QCOMPARE(l.layout().rowOfEvent(first), l.layout().rowOfEvent(fin->packetEvent));
        const QString html = EventDetails::html(l.model, fin->packetEvent);
        QVERIFY2(html.contains(u"delivered"_s) && html.contains(u"ms on the wire"_s), qPrintable(html));
        QVERIFY(html.contains(u"sent"_s));
        QVERIFY(l.model.heldFrames().empty());
        // The new ACK is still in flight: dashed, to the middle.
        QCOMPARE(l.arrowOf(5).x2(), (left + right) / 2);
    }

    void droppedFrameEndsInACrossWithItsReason()
    {
        Loaded l("wire-dropped.jsonl");
        const auto* ack = l.layout().flights().ofFrame(7);
        QVERIFY(ack);
        QCOMPARE(ack->fate, Fate::Dropped);
        const auto [left, right] = l.wire();
        const QLineF a = l.arrowOf(7);
        QCOMPARE(a.x1(), left + 2);
        QCOMPARE(a.x2(), (left + right) / 2);
        // The cross is drawn in the error colour where the frame died.
        const QImage image = fixture::renderAll(l.view);
        const QPoint tip(static_cast<int>(a.x2()), static_cast<int>(a.y2()) + l.view.headerHeight());
        QVERIFY(fixture::countColour(image, QRect(tip - QPoint(8, 8), QSize(17, 17)), l.view.ladderPalette().error()) > 10);
        const QString tip2 = EventText::summary(l.model.event(ack->packetEvent));
        QVERIFY2(tip2.contains(u"dropped (drop(next, from=client, flags=.))"_s), qPrintable(tip2));
        const QString html = EventDetails::html(l.model, ack->packetEvent);
        QVERIFY2(html.contains(u"drop(next, from=client, flags=.)"_s), qPrintable(html));
        // The retransmitted FIN and TIME_WAIT's second ACK were delivered.
        QCOMPARE(l.layout().flights().ofFrame(8)->fate, Fate::Delivered);
        QCOMPARE(l.layout().flights().ofFrame(9)->fate, Fate::Delivered);
    }

    void aHeldFrameDroppedByTheUserEndsInACross()
    {
        Loaded l("wire-held.jsonl");
        const int first = l.model.rowCount();
        l.model.append({make(first, l.layout().startNs() + 80 * kMs, WireEvent{4, "dropped", "c1", "dropped by the user"})});
        l.model.flush();
        QCOMPARE(l.layout().flights().ofFrame(4)->fate, Fate::Dropped);
        const auto [left, right] = l.wire();
        QCOMPARE(l.arrowOf(4).x2(), (left + right) / 2);
        const QString html = EventDetails::html(l.model, l.model.packetOfFrame(4));
        QVERIFY2(html.contains(u"dropped by the user"_s), qPrintable(html));
        QVERIFY(EventText::summary(l.model.event(first)).contains(u"frame 4, dropped (dropped by the user)"_s));
    }

    // Painting only the rows in view (scrolled down a long run) draws the
    // same arrows as the whole figure: those begun above the view included,
    // those settled above it left out.
    void aScrolledViewShowsTheSameArrows()
    {
        Loaded l("wire-dropped.jsonl", LadderLayout::Spacing::RealTime);
        const QImage whole = fixture::renderAll(l.view);
        const int header = l.view.headerHeight();
        const auto [left, right] = l.wire();
        const QRect lane(static_cast<int>(left), 0, static_cast<int>(right - left), 0);
        for (std::int64_t frame : {4, 6, 7, 8}) {
            // From the middle of the frame's flight: its start is above the view.
            const QLineF a = l.arrowOf(frame);
            const int contentY = static_cast<int>((a.y1() + a.y2()) / 2);
            const QSize size(whole.width(), header + 200);
            QImage part(size, QImage::Format_RGB32);
            {
                QPainter p(&part);
                l.view.render(p, size, contentY);
            }
            const QImage expected = whole.copy(lane.left(), header + contentY, lane.width(), 200);
            const QImage got = part.copy(lane.left(), header, lane.width(), 200);
            QVERIFY2(got == expected, qPrintable(u"frame %1 at y %2"_s.arg(frame).arg(contentY)));
        }
    }

    // `wire: hold()` makes no call: in the compact figure it is an item of the
    // wire lane opening its own tier (a step band); in event order a step row.
    void wireStepsAreStepBands()
    {
        Loaded l("wire-held.jsonl");
        int hold = -1;
        for (int i = 0; i < l.model.rowCount(); ++i)
            if (auto* s = l.model.event(i).as<StepEvent>(); s && s->endpoint == "wire")
                hold = i;
        QVERIFY(hold >= 0);
        const int row = l.layout().rowOfEvent(hold);
        QVERIFY(row >= 0);
        QCOMPARE(l.layout().row(row).lane, l.layout().wireLane());
        QCOMPARE(l.layout().tier(l.layout().row(row).tier).stepEvent, hold);
        QCOMPARE(l.layout().tier(l.layout().row(row).tier).firstRow, row);
        l.view.setSpacing(LadderLayout::Spacing::EventOrder);
        const int detailed = l.layout().rowOfEvent(hold);
        QVERIFY(detailed >= 0);
        QCOMPARE(l.layout().row(detailed).lane, -1);
    }
};

QTEST_MAIN(TestWireLadder)
#include "tst_wireladder.moc"
