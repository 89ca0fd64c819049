// SPDX-License-Identifier: MIT
// The compact ladder (issue 6): a tier per step that fits a laptop screen,
// one badge per state change, sockets by name, arrows from sender to
// receiver, labels that never lose the result, time breaks, cause and effect.
// The traces in data/catalogue are real runs of the catalogue (finscope run --json).
#include "ladderfixture.h"

#include "ui/eventtext.h"
#include "ui/ladderlabel.h"
#include "ui/ladderlinks.h"
#include "ui/mainwindow.h"

#include <QDir>
#include <QFontMetricsF>
#include <QItemSelectionModel>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace finscope;

namespace {

std::vector<TraceEvent> catalogueTrace(const QString& id)
{
    return fixture::readTrace(QStringLiteral(UI_TEST_DATA "/catalogue/") + id + u".jsonl"_s);
}

QStringList catalogueIds()
{
    QStringList ids;
    for (const QString& f : QDir(QStringLiteral(UI_TEST_DATA "/catalogue")).entryList({u"*.jsonl"_s}))
        ids << f.chopped(6);
    return ids;
}

/// The ladder's viewport in the main window at 1366x768, the laptop screen the targets are for.
QSize laptopLadderSize()
{
    static QSize size;
    if (size.isEmpty()) {
        MainWindow window;
        window.resize(1366, 768);
        window.show();
        if (!QTest::qWaitForWindowExposed(&window))
            qFatal("main window not exposed");
        size = window.ladder()->viewport()->size();
    }
    return size;
}

struct Loaded {
    TraceModel model;
    LadderView view;
    QItemSelectionModel selection{&model};
    explicit Loaded(const QString& id, QSize size = laptopLadderSize())
    {
        view.setModel(&model);
        view.setSelectionModel(&selection);
        view.resize(size);   // the scroll area's frame is thin; the viewport is what counts
        model.append(catalogueTrace(id));
        model.flush();
    }
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

class TestCompactLadder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        // The main window saves its layout when it closes: never into the settings of tst_mainwindow or a user.
        QCoreApplication::setOrganizationName(u"finscope-tst-compactladder"_s);
    }

    void compactIsTheDefaultAndATierPerStep()
    {
        Loaded l(u"graceful-close"_s);
        QVERIFY(l.view.layout().compact());
        int steps = 0;
        for (int i = 0; i < l.model.rowCount(); ++i)
            steps += l.model.event(i).as<StepEvent>() ? 1 : 0;
        QCOMPARE(l.view.layout().tierCount(), steps);
        // Rows: repeated samples and listen()'s socket()+bind() fold, so fewer than one an event.
        const int compactRows = l.view.layout().rowCount();
        l.view.setSpacing(LadderLayout::Spacing::EventOrder);
        QVERIFY2(compactRows * 4 < l.view.layout().rowCount() * 3,
                 qPrintable(u"%1 compact rows, %2 in event order"_s.arg(compactRows).arg(l.view.layout().rowCount())));
    }

    void fourScenariosFitALaptopScreen_data()
    {
        QTest::addColumn<QString>("id");
        for (const char* id : {"graceful-close", "write-after-peer-close", "close-with-unread-data", "linger-abortive-close"})
            QTest::addRow("%s", id) << QString::fromLatin1(id);
    }
    void fourScenariosFitALaptopScreen()
    {
        QFETCH(QString, id);
        Loaded l(id);
        const QSize available = laptopLadderSize();
        const QSize figure = l.view.figureSize();
        if (id == u"linger-abortive-close"_s)
            QEXPECT_FAIL("linger-abortive-close", "not yet: ~30 rows of height (three-line setsockopt, stacked handshakes, issue 6, open)", Continue);
        QVERIFY2(figure.height() <= available.height(),
                 qPrintable(u"%1: figure %2 px tall, viewport %3"_s.arg(id).arg(figure.height()).arg(available.height())));
        // The export of graceful-close fits a laptop screen too (issue 6: at most 700 px).
        if (id == u"graceful-close"_s)
            QVERIFY(figure.height() <= 700);
    }

    void everyCatalogueScenarioFitsTheWidth_data()
    {
        QTest::addColumn<QString>("id");
        for (const QString& id : catalogueIds())
            QTest::addRow("%s", qPrintable(id)) << id;
    }
    void everyCatalogueScenarioFitsTheWidth()
    {
        QFETCH(QString, id);
        const QSize available = laptopLadderSize();
        Loaded l(id);
        // Not yet (issue 6, open): four endpoints make nine lanes; with every call wrapped to three
        // lines, the state badges and the wire alone still ask for more than 812 px.
        QEXPECT_FAIL("fork-shared-socket", "four endpoints: nine lanes do not fit 1366x768 yet", Continue);
        QVERIFY2(l.view.figureSize().width() <= available.width(),
                 qPrintable(u"%1: %2 px wide, viewport %3"_s.arg(id).arg(l.view.figureSize().width()).arg(available.width())));
    }

    void oneBadgePerStateChange()
    {
        for (const QString& id : catalogueIds()) {
            Loaded l(id);
            const auto& layout = l.view.layout();
            QHash<int, std::string> last;
            for (int row = 0; row < layout.rowCount(); ++row) {
                const auto& r = layout.row(row);
                const auto* st = l.model.event(r.event).as<StateEvent>();
                if (!st || r.queueNote)
                    continue;
                // A badge repeats its track's state only when the socket got a new name (accept).
                QVERIFY2(r.titled || last.value(r.track) != st->state,
                         qPrintable(u"%1: %2 drawn twice in a row"_s.arg(id, QString::fromStdString(st->state))));
                last[r.track] = st->state;
            }
        }
        // write-after-peer-close: the client's ESTABLISHED is derived, then confirmed by a sample: one solid badge.
        Loaded l(u"write-after-peer-close"_s);
        int established = 0, confirmed = 0;
        for (int row = 0; row < l.view.layout().rowCount(); ++row) {
            const auto& r = l.view.layout().row(row);
            const auto* st = l.model.event(r.event).as<StateEvent>();
            if (st && st->endpoint == "client" && st->state == "ESTABLISHED" && !r.queueNote) {
                ++established;
                confirmed += r.confirmedBy >= 0 ? 1 : 0;
            }
        }
        QCOMPARE(established, 1);
        QCOMPARE(confirmed, 1);
    }

    // A state and the return of a blocked call happened after the packets
    // already drawn in their step: their row may end level with the last
    // packet row, never above it (keepalive-dead-peer: the probes, the RST,
    // then read() -> ETIMEDOUT and CLOSED on one level). Also after a
    // relayout, which a label that wraps causes.
    void statesAndReturnsAreNeverAboveThePacketsBeforeThem()
    {
        for (const QString& id : catalogueIds()) {
            const auto events = catalogueTrace(id);
            LadderLayout layout;
            for (std::size_t i = 0; i < events.size(); ++i)
                layout.append(events[i], static_cast<int>(i));
            QVERIFY(layout.compact());
            const auto check = [&](const char* when) {
                int tier = -1;
                double packetBottom = -1;
                for (int row = 0; row < layout.rowCount(); ++row) {
                    const auto& r = layout.row(row);
                    if (r.tier != tier) {
                        tier = r.tier;
                        packetBottom = -1;
                    }
                    const auto& e = events[static_cast<std::size_t>(r.event)];
                    if (e.as<PacketEvent>()) {
                        packetBottom = std::max(packetBottom, r.y + r.height);
                        continue;
                    }
                    const auto* call = e.as<SyscallEvent>();
                    if (!e.as<StateEvent>() && !(call && call->phase == "return"))
                        continue;
                    QVERIFY2(r.y + r.height >= packetBottom - 0.01,
                             qPrintable(u"%1 (%2): event %3 ends at %4, above the packet row ending at %5"_s.arg(
                                 id, QString::fromLatin1(when)).arg(r.event).arg(r.y + r.height).arg(packetBottom)));
                }
            };
            check("laid out");
            for (int row = 0; row < layout.rowCount(); ++row)
                layout.setRowLinesQuiet(row, 2);
            layout.relayout(0);
            check("relaid out");
        }
        // The figure this is about: the RST, the return and CLOSED share a level.
        const auto events = catalogueTrace(u"keepalive-dead-peer"_s);
        LadderLayout layout;
        for (std::size_t i = 0; i < events.size(); ++i)
            layout.append(events[i], static_cast<int>(i));
        double rstY = -1, returnY = -2, closedY = -3;
        for (int row = 0; row < layout.rowCount(); ++row) {
            const auto& r = layout.row(row);
            const auto& e = events[static_cast<std::size_t>(r.event)];
            if (const auto* p = e.as<PacketEvent>(); p && p->flags.find('R') != std::string::npos)
                rstY = r.y;
            if (const auto* c = e.as<SyscallEvent>(); c && c->call == "read" && c->phase == "return")
                returnY = r.y;
            if (const auto* st = e.as<StateEvent>(); st && st->endpoint == "client" && st->state == "CLOSE")
                closedY = r.y;
        }
        QCOMPARE(returnY, rstY);
        QCOMPARE(closedY, rstY);
    }

    void socketsHaveNamedTracksAndTheListenerIsOne()
    {
        Loaded l(u"write-after-peer-close"_s);
        const auto& layout = l.view.layout();
        QStringList titles;
        for (int row = 0; row < layout.rowCount(); ++row)
            if (layout.row(row).titled)
                titles << LadderLabel::socketTitle(QString::fromStdString(l.model.event(layout.row(row).event).as<StateEvent>()->socket));
        QVERIFY2(titles.contains(u"listenfd"_s) && titles.contains(u"connfd"_s) && titles.contains(u"sockfd"_s),
                 qPrintable(titles.join(u", "_s)));
        int listeners = 0;
        for (const auto& track : layout.sockets())
            listeners += track.listener ? 1 : 0;
        QCOMPARE(listeners, 1);
        // server-killed: the listener's CLOSED is on its own track, not after the connection's TIME_WAIT.
        Loaded killed(u"server-killed"_s);
        for (const auto& track : killed.view.layout().sockets()) {
            const auto* first = killed.model.event(track.bands.front().event).as<StateEvent>();
            for (const auto& band : track.bands) {
                const auto* st = killed.model.event(band.event).as<StateEvent>();
                QCOMPARE(st->state == "LISTEN" || (track.listener && st->state == "CLOSE"), first->state == "LISTEN");
            }
        }
    }

    void withOneEndpointTheRstComesBack()
    {
        Loaded l(u"connection-refused"_s);
        const auto& layout = l.view.layout();
        QVERIFY(layout.peerLane() > layout.wireLane());
        const QImage image = fixture::renderAll(l.view);
        int checked = 0;
        for (int i = 0; i < l.model.rowCount(); ++i) {
            const auto* p = l.model.event(i).as<PacketEvent>();
            if (!p)
                continue;
            const bool rst = EventText::isRst(*p);
            QCOMPARE(layout.senderSide(*p), rst ? 1 : 0);
            // The arrow head is where the packet arrives: its colour is densest at that end of the wire.
            const QRect cell = fixture::cellRect(l.view, i, layout.wireLane());
            const QRect leftEnd(cell.left(), cell.top(), cell.width() / 4, cell.height());
            const QRect rightEnd(cell.right() - cell.width() / 4, cell.top(), cell.width() / 4, cell.height());
            const QColor colour = rst ? l.view.ladderPalette().rst() : l.view.ladderPalette().syn();
            const int left = fixture::countColour(image, leftEnd, colour), right = fixture::countColour(image, rightEnd, colour);
            QVERIFY2(rst ? left > right : right > left, qPrintable(u"packet %1: %2 left, %3 right"_s.arg(i).arg(left).arg(right)));
            ++checked;
        }
        QCOMPARE(checked, 2);
    }

    void labelsNeverLoseTheResultOrTheDecidingArguments()
    {
        QCOMPARE(LadderLabel::shrinkData(u"4, \""_s + QString(4096, u'a') + u"\", 4096"_s), u"4, \"aaaa…\"(4096), 4096"_s);
        QCOMPARE(LadderLabel::keepDeciding(u"4, buf, 4096, MSG_DONTWAIT"_s), u"4, …, MSG_DONTWAIT"_s);
        QCOMPARE(LadderLabel::keepDeciding(u"4, 127.0.0.1:5001"_s), u"4, 127.0.0.1:5001"_s);
        QCOMPARE(LadderLabel::keepDeciding(u"4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8"_s),
                 u"4, SOL_SOCKET, SO_LINGER, {l_onoff=1, l_linger=0}, 8"_s);
        for (const QString& id : catalogueIds()) {
            Loaded l(id);
            const auto spans = l.view.laneSpans();
            const LadderLabel label(l.view.font());
            const QFontMetricsF fm(label.font()), bold(label.bold());
            for (int i = 0; i < l.model.rowCount(); ++i) {
                const auto* s = l.model.event(i).as<SyscallEvent>();
                const int row = l.view.layout().rowOfEvent(i);
                if (!s || row < 0 || l.view.layout().row(row).event != i)
                    continue;
                const auto& span = spans[static_cast<std::size_t>(l.view.layout().row(row).lane)];
                // The box is the lane less its insets (3 px outside, room for a blocked-call bar inside).
                const int lane = l.view.layout().row(row).lane;
                const double box = span.second - span.first - (l.view.layout().bars().contains(lane) ? 17 : 6);
                const double room = box - 8;
                const auto fit = label.fitCall(*s, u" ✓"_s, box);
                const QString where = id + u": "_s + EventText::summary(l.model.event(i));
                QVERIFY2(fit.result.contains(QString::number(s->ret.value_or(0))) || s->phase == "blocked", qPrintable(where));
                if (s->errnoName)
                    QVERIFY2(fit.result.contains(QString::fromStdString(*s->errnoName)), qPrintable(where));
                // Every line fits, the result's too; the row is as tall as its lines.
                const QFontMetricsF& rm = LadderLabel::failed(*s) ? bold : fm;
                double last = 0;
                for (qsizetype k = 0; k < fit.lines.size(); ++k) {
                    last = (k > 0 ? label.indentWidth() : 0.0) + fm.horizontalAdvance(fit.lines[k]);
                    QVERIFY2(last <= room + 1, qPrintable(where + u" line does not fit: "_s + fit.lines[k]));
                }
                const double resultLine = fit.resultOwnLine ? label.indentWidth() + rm.horizontalAdvance(fit.result)
                                                            : last + 4 + rm.horizontalAdvance(fit.result);
                QVERIFY2(resultLine <= room + 1, qPrintable(where + u" result does not fit"_s));
                QVERIFY2(fit.lineCount() <= l.view.layout().row(row).lines,
                         qPrintable(where + u" needs %1 lines, has %2"_s.arg(fit.lineCount()).arg(l.view.layout().row(row).lines)));
                // Nothing is elided in the middle at the laptop width: the label is the call with data
                // shrunk and arguments that decide nothing dropped at most, whole otherwise.
                const QString shown = fit.lines.join(QString()).remove(u' ');
                const QString args = QString::fromStdString(s->args);
                QStringList whole;
                for (const QString& a : {args, LadderLabel::shrinkData(args), LadderLabel::keepDeciding(LadderLabel::shrinkData(args))})
                    whole << QString((s->phase == "return" ? u"↳ "_s : QString()) + QString::fromStdString(s->call) + u'(' + a + u')').remove(u' ');
                QVERIFY2(whole.contains(shown), qPrintable(where + u" elided: "_s + shown));
                for (const QString& arg : QString::fromStdString(s->args).split(u", "_s))
                    if (arg.contains(u':') && !arg.contains(u'"') && !arg.contains(u'{'))
                        QVERIFY2(shown.contains(QString(arg).remove(u' ')), qPrintable(where + u" lost "_s + arg));
            }
        }
    }

    void aLongGapIsABreakNotBlankScreens()
    {
        LadderLayout layout;
        layout.setSpacing(LadderLayout::Spacing::RealTime);
        SyscallEvent a;
        a.endpoint = "client";
        a.call = "sleep";
        a.ret = 0;
        layout.append(make(0, 0, RunEvent{}), 0);
        layout.append(make(1, 1'000'000, a), 1);
        layout.append(make(2, 3'001'000'000, a), 2);   // 3 s later
        QCOMPARE(layout.tierCount(), 2);
        QVERIFY(layout.tier(1).breakBefore);
        QCOMPARE(layout.tier(1).gapNs, 3'000'000'000);
        QVERIFY(layout.totalHeight() < 4 * layout.baseRowHeight());
        // A short gap is drawn to scale.
        layout.append(make(3, 3'011'000'000, a), 3);   // 10 ms later
        QVERIFY(!layout.tier(2).breakBefore);
        QVERIFY(layout.tier(2).y - layout.tier(1).y - layout.tier(1).height > 30);
    }

    void selectingAnEventLightsUpItsChain()
    {
        // write-after-peer-close with the causes the engine records: EPIPE <- RST <- first write.
        auto events = catalogueTrace(u"write-after-peer-close"_s);
        auto find = [&](auto pred) {
            for (std::size_t i = 0; i < events.size(); ++i)
                if (pred(events[i]))
                    return static_cast<int>(i);
            return -1;
        };
        const int firstWrite = find([](const TraceEvent& e) { auto* s = e.as<SyscallEvent>(); return s && s->call == "write" && !s->errnoName; });
        const int rst = find([](const TraceEvent& e) { auto* p = e.as<PacketEvent>(); return p && EventText::isRst(*p); });
        const int epipe = find([](const TraceEvent& e) { auto* s = e.as<SyscallEvent>(); return s && s->errnoName == "EPIPE"; });
        const int unrelated = find([](const TraceEvent& e) { auto* s = e.as<SyscallEvent>(); return s && s->call == "listen"; });
        QVERIFY(firstWrite >= 0 && rst > firstWrite && epipe > rst && unrelated >= 0);
        events[static_cast<std::size_t>(rst)].causes = {events[static_cast<std::size_t>(firstWrite)].id};
        events[static_cast<std::size_t>(rst)].why = "data arrived for a socket that was closed";
        events[static_cast<std::size_t>(epipe)].causes = {events[static_cast<std::size_t>(rst)].id};
        LadderLinks links;
        for (std::size_t i = 0; i < events.size(); ++i)
            links.append(events[i], static_cast<int>(i));
        const QSet<int> chain = links.chain(epipe);
        QCOMPARE(chain, (QSet<int>{firstWrite, rst, epipe}));
        QCOMPARE(links.chain(firstWrite), chain);   // forwards too
        QVERIFY(links.chain(unrelated).isEmpty());
        QCOMPARE(links.links(chain).size(), std::size_t(2));

        TraceModel model;
        LadderView view;
        QItemSelectionModel selection(&model);
        view.setModel(&model);
        view.setSelectionModel(&selection);
        view.resize(1000, 700);
        model.append(std::move(events));
        model.flush();
        selection.setCurrentIndex(model.index(epipe, 0), QItemSelectionModel::ClearAndSelect);
        // EPIPE has no sentence of its own: the RST that set it explains it.
        QCOMPARE(view.currentWhy(), u"data arrived for a socket that was closed"_s);
        const QImage image = fixture::renderAll(view);
        const QRect rstCell = fixture::cellRect(view, rst, view.layout().wireLane());
        QVERIFY(fixture::countColour(image, rstCell, view.ladderPalette().highlight(), 40) > 20);
    }

    /// Ids are normally the line numbers, and the links use that; a trace whose
    /// ids are not (edited by hand, two traces pasted together, an id repeated)
    /// still links each cause to the latest event that carried its id.
    void linksFollowIdsThatAreNotLineNumbers()
    {
        auto event = [](std::int64_t id, std::vector<std::int64_t> causes) {
            TraceEvent e;
            e.id = id;
            e.causes = std::move(causes);
            return e;
        };
        LadderLinks links;
        const std::vector<TraceEvent> events{event(0, {}), event(1, {0}), event(2, {1}),
                                             event(0, {}),       // a second trace pasted after the first
                                             event(1, {0}), event(7, {1}), event(3, {2})};
        for (std::size_t i = 0; i < events.size(); ++i)
            links.append(events[i], static_cast<int>(i));
        QCOMPARE(links.causesOf(1), QList<int>{0});
        QCOMPARE(links.causesOf(2), QList<int>{1});
        QCOMPARE(links.causesOf(4), QList<int>{3});   // id 0 is now row 3
        QCOMPARE(links.causesOf(5), QList<int>{4});
        QCOMPARE(links.causesOf(6), QList<int>{2});   // id 2 was only ever row 2
        QCOMPARE(links.chain(5), (QSet<int>{3, 4, 5}));
    }

    void upAndDownWalkTheEvents()
    {
        Loaded l(u"graceful-close"_s, QSize(1000, 700));
        l.view.setFocus();
        const int first = l.view.layout().row(0).event;
        QTest::keyClick(&l.view, Qt::Key_Down);
        QCOMPARE(l.selection.currentIndex().row(), first);
        QTest::keyClick(&l.view, Qt::Key_Down);
        QCOMPARE(l.selection.currentIndex().row(), l.view.layout().row(1).event);
        QTest::keyClick(&l.view, Qt::Key_Up);
        QCOMPARE(l.selection.currentIndex().row(), first);
    }

    void detailedModesStayAvailable()
    {
        Loaded l(u"graceful-close"_s, QSize(1000, 700));
        const int compactRows = l.view.layout().rowCount();
        l.view.setSpacing(LadderLayout::Spacing::EventOrder);
        QVERIFY(!l.view.layout().compact());
        QVERIFY(l.view.layout().rowCount() > compactRows);
        l.view.setSpacing(LadderLayout::Spacing::Compact);
        QCOMPARE(l.view.layout().rowCount(), compactRows);
    }
};

QTEST_MAIN(TestCompactLadder)
#include "tst_compactladder.moc"
