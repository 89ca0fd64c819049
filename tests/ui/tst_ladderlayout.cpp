// SPDX-License-Identifier: MIT
#include "ladderfixture.h"

#include "ui/eventtext.h"
#include "ui/ladderlayout.h"
#include "ui/ladderpalette.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace finscope;

namespace {

TraceEvent make(std::int64_t id, std::int64_t tNs, EventBody body)
{
    TraceEvent e;
    e.id = id;
    e.tNs = tNs;
    e.body = std::move(body);
    return e;
}

RunEvent runOf(std::vector<std::string> endpoints, std::string capture = "namespace")
{
    RunEvent r;
    r.endpoints = std::move(endpoints);
    r.capture = std::move(capture);
    return r;
}

SyscallEvent call(std::string endpoint, std::string name, std::string phase = "done", std::int64_t callId = 1)
{
    SyscallEvent s;
    s.endpoint = std::move(endpoint);
    s.call = std::move(name);
    s.phase = std::move(phase);
    s.callId = callId;
    if (s.phase != "blocked")
        s.ret = 0;
    return s;
}

double relativeLuminance(QColor c)
{
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(QColor a, QColor b)
{
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace

class TestLadderLayout : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void clientIsLeftWireInTheMiddle()
    {
        LadderLayout layout;
        layout.append(make(0, 0, runOf({"server", "client"})), 0);
        QCOMPARE(layout.laneCount(), 5);
        QCOMPARE(layout.syscallLane(u"client"_s), 0);
        QCOMPARE(layout.stateLane(u"client"_s), 1);
        QCOMPARE(layout.wireLane(), 2);
        QCOMPARE(layout.stateLane(u"server"_s), 3);
        QCOMPARE(layout.syscallLane(u"server"_s), 4);
    }

    void eachEventLandsInItsLaneAndRow()
    {
        LadderLayout layout;
        layout.setSpacing(LadderLayout::Spacing::EventOrder);
        const auto events = fixture::cannedTrace();
        for (std::size_t i = 0; i < events.size(); ++i)
            layout.append(events[i], static_cast<int>(i));
        int lastRow = -1;
        for (std::size_t i = 0; i < events.size(); ++i) {
            const auto& e = events[i];
            const int index = static_cast<int>(i);
            const int row = layout.rowOfEvent(index);
            if (e.as<RunEvent>() || e.as<ExpectEvent>() || e.as<SummaryEvent>()) {
                QCOMPARE(row, -1);
                continue;
            }
            QVERIFY2(row > lastRow, "event order: each event its own row, in trace order");
            lastRow = row;
            const QString ep = EventText::endpoint(e);
            if (e.as<SyscallEvent>() || e.as<SignalEvent>() || e.as<ExitEvent>())
                QCOMPARE(layout.laneOfEvent(index), layout.syscallLane(ep));
            else if (e.as<StateEvent>())
                QCOMPARE(layout.laneOfEvent(index), layout.stateLane(ep));
            else if (e.as<PacketEvent>())
                QCOMPARE(layout.laneOfEvent(index), layout.wireLane());
        }
        QCOMPARE(layout.exitRow(u"server"_s), layout.rowOfEvent(44));
        QCOMPARE(layout.exitRow(u"client"_s), -1);
    }

    void forkedEndpointsGetTheirOwnLanes()
    {
        LadderLayout layout;
        layout.append(make(0, 0, runOf({"client", "server"})), 0);
        layout.append(make(1, 1, call("worker", "close")), 1);
        QCOMPARE(layout.laneCount(), 7);
        QCOMPARE(layout.stateLane(u"worker"_s), 5);
        QCOMPARE(layout.syscallLane(u"worker"_s), 6);
        QCOMPARE(layout.laneOfEvent(1), 6);
        QCOMPARE(layout.side(u"worker"_s), 1);
    }

    void aBlockedCallIsABarFromEntryToReturn()
    {
        LadderLayout layout;
        layout.append(make(0, 0, runOf({"client", "server"})), 0);
        layout.append(make(1, 10, call("server", "recv", "blocked", 7)), 1);
        layout.append(make(2, 20, call("client", "write")), 2);
        QCOMPARE(layout.bars().value(4).size(), std::size_t(1));
        QCOMPARE(layout.bars().value(4)[0].endRow, -1);   // still blocked
        layout.append(make(3, 30, call("server", "recv", "return", 7)), 3);
        const LadderLayout::Bar bar = layout.bars().value(4).at(0);
        QCOMPARE(bar.startRow, layout.rowOfEvent(1));
        QCOMPARE(bar.endRow, layout.rowOfEvent(3));
    }

    void realTimeIsProportionalButNeverOverlaps()
    {
        LadderLayout layout;
        layout.setSpacing(LadderLayout::Spacing::EventOrder);
        layout.append(make(0, 0, runOf({"client", "server"})), 0);
        layout.append(make(1, 0, call("client", "a")), 1);
        layout.append(make(2, 1000, call("client", "b")), 2);           // 1 µs later: no room, stacks
        layout.append(make(3, 5'000'000, call("client", "c")), 3);      // 5 ms later
        layout.append(make(4, 15'000'000, call("client", "d")), 4);     // 10 ms after that
        layout.setSpacing(LadderLayout::Spacing::RealTime);
        const auto top = [&](int e) { return layout.rowTop(layout.rowOfEvent(e)); };
        const double h = layout.rowHeight(0);
        QVERIFY(top(2) >= top(1) + h);
        QVERIFY(top(2) < top(1) + h + 1);
        const double extra34 = top(4) - top(3) - h, extra23 = top(3) - top(2) - h;
        QVERIFY(extra23 > 20);
        QVERIFY(qAbs(extra34 / extra23 - 2.0) < 0.01);
        layout.setZoom(2.0);
        QVERIFY(qAbs((top(4) - top(3) - h) / extra34 - 2.0) < 0.01);
        layout.setSpacing(LadderLayout::Spacing::EventOrder);
        QVERIFY(qFuzzyCompare(top(4) - top(3), layout.rowHeight(3)));
    }

    void findsTheFirstVisibleRow()
    {
        LadderLayout layout;
        layout.setSpacing(LadderLayout::Spacing::EventOrder);
        layout.setBaseRowHeight(20);
        layout.append(make(0, 0, runOf({"client", "server"})), 0);
        for (int i = 1; i <= 100; ++i)
            layout.append(make(i, i, call("client", "x")), i);
        QCOMPARE(layout.firstRowAt(0), 0);
        QCOMPARE(layout.firstRowAt(19.9), 0);
        QCOMPARE(layout.firstRowAt(20), 1);
        QCOMPARE(layout.firstRowAt(1e9), 100);
    }

    void finRstAndErrorColoursReadOnLightAndDark_data()
    {
        QTest::addColumn<QColor>("base");
        QTest::addColumn<QColor>("text");
        QTest::addRow("light") << QColor(Qt::white) << QColor(Qt::black);
        QTest::addRow("dark") << QColor(0x20, 0x22, 0x26) << QColor(0xee, 0xee, 0xee);
    }
    void finRstAndErrorColoursReadOnLightAndDark()
    {
        QFETCH(QColor, base);
        QFETCH(QColor, text);
        QPalette pal;
        pal.setColor(QPalette::Base, base);
        pal.setColor(QPalette::Text, text);
        const LadderPalette colours(pal);
        QCOMPARE(colours.isDark(), base.lightness() < 128);
        for (QColor c : {colours.fin(), colours.rst(), colours.error(), colours.signal()})
            QVERIFY2(contrast(c, base) >= 3.0, qPrintable(c.name() + u" on "_s + base.name()));
        QVERIFY(!fixture::near(colours.fin(), colours.rst(), 120));
        QVERIFY(colours.fin().hue() > 180 && colours.fin().hue() < 250);   // blue
        QVERIFY(colours.rst().hue() < 20 || colours.rst().hue() > 340);    // red
    }

    void finAndRstArrowsArePaintedInTheirColoursOnTheWire()
    {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        view.resize(1400, 800);
        model.append(fixture::cannedTrace());
        model.flush();
        const QImage image = fixture::renderAll(view);
        const LadderPalette& colours = view.ladderPalette();
        int fins = 0, rsts = 0;
        for (int i = 0; i < model.rowCount(); ++i) {
            const auto* p = model.event(i).as<PacketEvent>();
            if (!p)
                continue;
            const QRect wire = fixture::cellRect(view, i, view.layout().wireLane());
            const int fin = fixture::countColour(image, wire, colours.fin());
            const int rst = fixture::countColour(image, wire, colours.rst());
            if (EventText::isFin(*p)) {
                QVERIFY2(fin > 40 && rst == 0, qPrintable(u"FIN row %1: %2 blue, %3 red"_s.arg(i).arg(fin).arg(rst)));
                ++fins;
            } else if (EventText::isRst(*p)) {
                QVERIFY2(rst > 40 && fin == 0, qPrintable(u"RST row %1: %2 red, %3 blue"_s.arg(i).arg(rst).arg(fin)));
                ++rsts;
            } else {
                QCOMPARE(fin + rst, 0);
            }
        }
        QVERIFY(fins >= 1);
        QVERIFY(rsts >= 1);
    }

    void aFailedCallIsRedAndTheKillUnmistakable()
    {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        view.resize(1400, 800);
        model.append(fixture::cannedTrace());
        model.flush();
        const QImage image = fixture::renderAll(view);
        const int serverLane = view.layout().syscallLane(u"server"_s);
        for (int i = 0; i < model.rowCount(); ++i) {
            const QRect cell = fixture::cellRect(view, i, serverLane);
            const int red = fixture::countColour(image, cell, view.ladderPalette().error());
            if (auto* s = model.event(i).as<SyscallEvent>(); s && s->endpoint == "server")
                QCOMPARE(red > 0, s->errnoName.has_value());
            if (auto* x = model.event(i).as<ExitEvent>(); x && x->signal)
                QVERIFY2(red > cell.width() * cell.height() / 3, "a process killed by a signal is a solid red box");
        }
    }

    void followsADarkPalette()
    {
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        view.resize(1400, 800);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
        dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
        dark.setColor(QPalette::Window, QColor(0x2a, 0x2b, 0x2e));
        view.setPalette(dark);
        QVERIFY(view.ladderPalette().isDark());
        model.append(fixture::cannedTrace());
        model.flush();
        const QImage image = fixture::renderAll(view);
        image.save(QDir::temp().filePath(u"finscope-ladder-dark.png"_s));
        // Mostly dark, and the FIN and RST arrows still there in their (lighter) colours.
        QVERIFY(fixture::countColour(image, image.rect(), dark.color(QPalette::Base), 12) > image.width() * image.height() / 3);
        QVERIFY(fixture::countColour(image, image.rect(), view.ladderPalette().fin()) > 40);
        QVERIFY(fixture::countColour(image, image.rect(), view.ladderPalette().rst()) > 40);
    }

    void noCaptureIsABannerNotAnEmptyWire()
    {
        auto events = fixture::cannedTrace();
        std::erase_if(events, [](const TraceEvent& e) { return e.as<PacketEvent>() != nullptr; });
        std::get<RunEvent>(events.front().body).capture = "none";
        TraceModel model;
        LadderView view;
        view.setModel(&model);
        view.resize(1400, 800);
        model.append(std::move(events));
        model.flush();
        QVERIFY(view.layout().noCapture());
        const QImage image = fixture::renderAll(view);
        const auto spans = view.laneSpans();
        const auto& wire = spans[static_cast<std::size_t>(view.layout().wireLane())];
        const QRect wireRect(static_cast<int>(wire.first), 0, static_cast<int>(wire.second - wire.first), image.height());
        QVERIFY(fixture::countColour(image, wireRect, view.ladderPalette().error()) > 200);
    }
};

QTEST_MAIN(TestLadderLayout)
#include "tst_ladderlayout.moc"
