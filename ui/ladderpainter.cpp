// SPDX-License-Identifier: MIT
#include "ui/ladderpainter.h"

#include "ui/eventtext.h"
#include "ui/tracemodel.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::StringLiterals;
using finscope::TraceEvent;

namespace {
constexpr double kPad = 6.0;
constexpr double kStripWidth = 7.0;
constexpr double kBarWidth = 6.0;

double laneWeight(LadderLayout::LaneKind kind)
{
    switch (kind) {
    case LadderLayout::LaneKind::Syscalls: return 3.5;
    case LadderLayout::LaneKind::State: return 1.8;
    case LadderLayout::LaneKind::Wire: return 2.0;
    }
    return 1.0;
}

/// The narrowest a lane may get before text becomes unreadable, in average
/// character widths; below that the ladder scrolls sideways instead.
double laneMinimumChars(LadderLayout::LaneKind kind)
{
    switch (kind) {
    case LadderLayout::LaneKind::Syscalls: return 32;
    case LadderLayout::LaneKind::State: return 18;
    case LadderLayout::LaneKind::Wire: return 22;
    }
    return 10;
}

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

/// A syscall-lane box: room on the inner side (towards the wire) for the blocked-call bar.
QRectF boxIn(const QRectF& cell, bool leftOfWire)
{
    const double inner = kBarWidth + kPad + 2;
    const double outer = 4;
    return leftOfWire ? cell.adjusted(outer, 3, -inner, -3) : cell.adjusted(inner, 3, -outer, -3);
}

void drawArrowHead(QPainter& p, QPointF tip, QPointF from, double size)
{
    const QPointF d = tip - from;
    const double len = std::hypot(d.x(), d.y());
    if (len <= 0)
        return;
    const QPointF u = d / len;
    const QPointF n(-u.y(), u.x());
    QPolygonF head;
    head << tip << tip - u * size + n * size * 0.45 << tip - u * size - n * size * 0.45;
    p.drawPolygon(head);
}
} // namespace

struct LadderPainter::Ctx {
    QPainter& p;
    double width;
    int firstRow;
    int lastRow;   // inclusive
    double y0, y1;
    std::vector<std::pair<double, double>> spans;

    QRectF cell(const LadderLayout& l, int row, int lane) const
    {
        const auto& s = spans[static_cast<std::size_t>(lane)];
        return QRectF(s.first, l.rowTop(row), s.second - s.first, l.rowHeight(row));
    }
    QRectF laneRect(int lane) const
    {
        const auto& s = spans[static_cast<std::size_t>(lane)];
        return QRectF(s.first, y0, s.second - s.first, y1 - y0);
    }
};

LadderPainter::LadderPainter(const LadderLayout& layout, const TraceModel& model, const LadderPalette& palette,
                             const QFont& font)
    : m_layout(layout), m_model(model), m_palette(palette), m_font(font), m_small(font), m_bold(font)
{
    m_small.setPointSizeF(font.pointSizeF() * 0.85);
    m_bold.setBold(true);
}

double LadderPainter::gutterWidth() const
{
    return QFontMetricsF(m_small).horizontalAdvance(u"+0000.000 ms"_s) + 2 * kPad;
}

double LadderPainter::minimumWidth() const
{
    const double em = QFontMetricsF(m_font).averageCharWidth();
    double total = 0;
    for (int i = 0; i < m_layout.laneCount(); ++i)
        total += laneMinimumChars(m_layout.lane(i).kind) * em;
    return gutterWidth() + total;
}

std::vector<std::pair<double, double>> LadderPainter::laneSpans(double width) const
{
    double weights = 0;
    for (int i = 0; i < m_layout.laneCount(); ++i)
        weights += laneWeight(m_layout.lane(i).kind);
    const double usable = std::max(0.0, width - gutterWidth());
    std::vector<std::pair<double, double>> spans;
    double x = gutterWidth();
    for (int i = 0; i < m_layout.laneCount(); ++i) {
        const double w = usable * laneWeight(m_layout.lane(i).kind) / weights;
        spans.emplace_back(x, x + w);
        x += w;
    }
    return spans;
}

void LadderPainter::paintHeader(QPainter& p, double width, double height) const
{
    p.fillRect(QRectF(0, 0, width, height), m_palette.laneBackground());
    const auto spans = laneSpans(width);
    for (int i = 0; i < m_layout.laneCount(); ++i) {
        const auto& lane = m_layout.lane(i);
        const auto& span = spans[static_cast<std::size_t>(i)];
        const QRectF r(span.first + kPad, 0, span.second - span.first - 2 * kPad, height);
        // Two lines: who (bold), then what the lane shows.
        QString who = lane.endpoint;
        QString what;
        switch (lane.kind) {
        case LadderLayout::LaneKind::Syscalls: what = u"syscalls"_s; break;
        case LadderLayout::LaneKind::State: what = u"TCP state"_s; break;
        case LadderLayout::LaneKind::Wire:
            who = u"the wire"_s;
            what = m_layout.noCapture() ? u"NO CAPTURE"_s : u"packets"_s;
            break;
        }
        const bool alarm = lane.kind == LadderLayout::LaneKind::Wire && m_layout.noCapture();
        const QRectF top(r.left(), 3, r.width(), height / 2 - 1);
        const QRectF bottom(r.left(), height / 2, r.width(), height / 2 - 3);
        p.setFont(m_bold);
        p.setPen(m_palette.text());
        p.drawText(top, Qt::AlignHCenter | Qt::AlignBottom, QFontMetricsF(m_bold).elidedText(who, Qt::ElideRight, r.width()));
        QFont whatFont = alarm ? m_bold : m_small;
        p.setFont(whatFont);
        p.setPen(alarm ? m_palette.error() : m_palette.mutedText());
        p.drawText(bottom, Qt::AlignHCenter | Qt::AlignTop, QFontMetricsF(whatFont).elidedText(what, Qt::ElideRight, r.width()));
    }
    p.setFont(m_small);
    p.setPen(m_palette.mutedText());
    p.drawText(QRectF(kPad, 0, gutterWidth() - kPad, height), Qt::AlignVCenter | Qt::AlignLeft, u"time"_s);
    p.setPen(m_palette.grid());
    p.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5));
}

void LadderPainter::paintContent(QPainter& p, double width, double y0, double y1) const
{
    Ctx c{p, width, 0, -1, y0, y1, laneSpans(width)};
    c.firstRow = m_layout.firstRowAt(y0);
    c.lastRow = std::min(m_layout.rowCount() - 1, m_layout.firstRowAt(y1));
    p.fillRect(QRectF(0, y0, width, y1 - y0), m_palette.background());
    paintLanes(c);
    if (m_layout.noCapture())
        paintNoCapture(c);
    paintDeadLanes(c);
    paintBands(c);
    paintBars(c);
    for (int row = c.firstRow; row <= c.lastRow; ++row)
        paintRow(c, row);
}

void LadderPainter::paintLanes(const Ctx& c) const
{
    for (int i = 0; i < m_layout.laneCount(); ++i) {
        const QRectF r = c.laneRect(i);
        if (m_layout.lane(i).kind == LadderLayout::LaneKind::State)
            c.p.fillRect(r, m_palette.laneBackground());
    }
    // The wire's edges are the endpoints' time lines of the textbook ladder: draw them firmer.
    const QRectF wire = c.laneRect(m_layout.wireLane());
    c.p.setPen(QPen(m_palette.mutedText(), 1.5));
    c.p.drawLine(QPointF(wire.left(), c.y0), QPointF(wire.left(), c.y1));
    c.p.drawLine(QPointF(wire.right(), c.y0), QPointF(wire.right(), c.y1));
    c.p.setPen(QPen(m_palette.grid(), 1));
    for (const auto& span : c.spans)
        c.p.drawLine(QPointF(span.first, c.y0), QPointF(span.first, c.y1));
}

void LadderPainter::paintNoCapture(const Ctx& c) const
{
    const QRectF wire = c.laneRect(m_layout.wireLane());
    c.p.fillRect(wire, QBrush(withAlpha(m_palette.mutedText(), 70), Qt::BDiagPattern));
    // The banner repeats down the lane so it is seen wherever one has scrolled to.
    constexpr double kEvery = 360.0;
    c.p.setFont(m_bold);
    c.p.setPen(m_palette.error());
    const QString text = u"no capture: packets not recorded"_s;
    for (double y = std::floor(c.y0 / kEvery) * kEvery + kEvery / 2; y < c.y1 + kEvery; y += kEvery) {
        c.p.save();
        c.p.translate(wire.center().x(), y);
        c.p.rotate(-90);
        const QRectF box(-kEvery / 2 + 10, -QFontMetricsF(m_bold).height() / 2 - 4, kEvery - 20,
                         QFontMetricsF(m_bold).height() + 8);
        c.p.fillRect(box, m_palette.background());
        c.p.drawText(box, Qt::AlignCenter, text);
        c.p.restore();
    }
}

void LadderPainter::paintDeadLanes(const Ctx& c) const
{
    for (const QString& ep : m_layout.endpoints()) {
        const int exitRow = m_layout.exitRow(ep);
        if (exitRow < 0 || exitRow > c.lastRow)
            continue;
        const int lane = m_layout.syscallLane(ep);
        QRectF r = c.laneRect(lane);
        r.setTop(std::max(c.y0, m_layout.rowTop(exitRow) + m_layout.rowHeight(exitRow)));
        c.p.fillRect(r, QBrush(withAlpha(m_palette.mutedText(), 90), Qt::FDiagPattern));
    }
}

void LadderPainter::paintBands(const Ctx& c) const
{
    if (c.lastRow < c.firstRow)
        return;
    for (const auto& track : m_layout.sockets()) {
        const auto& span = c.spans[static_cast<std::size_t>(track.lane)];
        const double x = span.first + kPad + track.slot * (kStripWidth + 3);
        for (auto i = LadderLayout::firstBandFrom(track.bands, c.firstRow); i < track.bands.size(); ++i) {
            const auto& band = track.bands[i];
            if (band.startRow > c.lastRow)
                break;
            const auto* st = m_model.event(band.event).as<finscope::StateEvent>();
            const double top = m_layout.rowTop(band.startRow) + m_layout.rowHeight(band.startRow) / 2;
            const double bottom = band.endRow < 0 ? c.y1
                : m_layout.rowTop(band.endRow) + m_layout.rowHeight(band.endRow) / 2;
            const QColor colour = m_palette.stateColor(QString::fromStdString(st->state));
            const QRectF strip(x, top, kStripWidth, bottom - top);
            // Derived states were never seen by a sampler: hatched, so nobody mistakes them for a measurement.
            if (st->source == "derived")
                c.p.fillRect(strip, QBrush(colour, Qt::BDiagPattern));
            else
                c.p.fillRect(strip, colour);
        }
    }
}

void LadderPainter::paintBars(const Ctx& c) const
{
    for (auto it = m_layout.bars().begin(); it != m_layout.bars().end(); ++it) {
        const auto& bars = it.value();
        for (auto i = LadderLayout::firstBarFrom(bars, c.firstRow); i < bars.size(); ++i) {
            const auto& bar = bars[i];
            if (bar.startRow > c.lastRow)
                break;
            const auto& span = c.spans[static_cast<std::size_t>(bar.lane)];
            const bool left = m_layout.side(m_layout.lane(bar.lane).endpoint) == 0;
            const double x = left ? span.second - kPad - kBarWidth : span.first + kPad;
            const double top = m_layout.rowTop(bar.startRow) + m_layout.rowHeight(bar.startRow) / 2;
            // A call that never returned ends with its process (killed in the call), if it ended.
            const int exitRow = m_layout.exitRow(m_layout.lane(bar.lane).endpoint);
            const int endRow = bar.endRow >= 0 ? bar.endRow : exitRow;
            const double bottom = endRow < 0 ? c.y1 : m_layout.rowTop(endRow) + m_layout.rowHeight(endRow) / 2;
            c.p.fillRect(QRectF(x, top, kBarWidth, bottom - top), withAlpha(m_palette.highlight(), 150));
        }
    }
}

void LadderPainter::paintRow(const Ctx& c, int row) const
{
    const auto& r = m_layout.row(row);
    const QRectF rowRect(0, r.y, c.width, r.height);
    if (r.event == m_selected)
        c.p.fillRect(rowRect, withAlpha(m_palette.highlight(), 70));
    paintTime(c, row);
    const TraceEvent& e = m_model.event(r.event);
    if (e.as<finscope::StepEvent>())
        return paintStep(c, row, rowRect);
    if (e.as<finscope::NoteEvent>())
        return paintNote(c, row, rowRect);
    if (r.lane < 0)
        return;
    const QRectF cell = c.cell(m_layout, row, r.lane);
    if (e.as<finscope::SyscallEvent>())
        paintSyscall(c, row, cell);
    else if (e.as<finscope::PacketEvent>())
        paintPacket(c, row, cell);
    else if (e.as<finscope::StateEvent>())
        paintState(c, row, cell);
    else if (e.as<finscope::SignalEvent>())
        paintSignal(c, row, cell);
    else if (e.as<finscope::ExitEvent>())
        paintExit(c, row, cell);
}

void LadderPainter::paintTime(const Ctx& c, int row) const
{
    c.p.setFont(m_small);
    c.p.setPen(m_palette.mutedText());
    const QRectF r(kPad, m_layout.rowTop(row), gutterWidth() - 2 * kPad, m_layout.rowHeight(row));
    c.p.drawText(r, Qt::AlignVCenter | Qt::AlignRight,
                 EventText::relativeTime(m_layout.rowTimeNs(row), m_layout.startNs()));
}

void LadderPainter::paintSyscall(const Ctx& c, int row, const QRectF& cell) const
{
    const auto& s = *m_model.event(m_layout.row(row).event).as<finscope::SyscallEvent>();
    const bool failed = s.errnoName.has_value() || (s.ret && *s.ret < 0);
    QRectF box = boxIn(cell, m_layout.side(QString::fromStdString(s.endpoint)) == 0);
    c.p.setPen(QPen(failed ? m_palette.error() : m_palette.grid(), failed ? 1.6 : 1.0));
    c.p.setBrush(m_palette.boxFill());
    c.p.drawRoundedRect(box, 4, 4);

    QString callText = EventText::call(s);
    if (s.phase == "return")
        callText = u"↳ "_s + callText;
    QString resultText = s.phase == "blocked" ? u"blocks…"_s : u"→ "_s + EventText::result(s);
    QString mark;
    if (int ex = m_layout.expectForCall(s.callId); ex >= 0 && s.phase != "blocked")
        mark = m_model.event(ex).as<finscope::ExpectEvent>()->ok ? u" ✓"_s : u" ✗"_s;

    const QRectF textRect = box.adjusted(kPad, 0, -kPad, 0);
    const QFontMetricsF fm(m_font);
    const QFont& resultFont = failed ? m_bold : m_font;
    const double resultWidth = QFontMetricsF(resultFont).horizontalAdvance(resultText + mark) + kPad;
    const QFontMetricsF small(m_small);
    // A stale errno is greyed and says so; the long wording when there is room.
    QString staleText;
    if (s.errnoStale && s.staleErrno) {
        const QString name = QString::fromStdString(*s.staleErrno);
        staleText = u" errno=%1: stale, not set by this call"_s.arg(name);
        if (fm.horizontalAdvance(callText) + resultWidth + small.horizontalAdvance(staleText) > textRect.width())
            staleText = u" errno=%1 stale"_s.arg(name);
    }
    const double staleWidth = std::min(small.horizontalAdvance(staleText), textRect.width() / 4);
    const double callWidth = std::max(20.0, textRect.width() - resultWidth - staleWidth);
    c.p.setFont(m_font);
    c.p.setPen(m_palette.text());
    const QString elided = fm.elidedText(callText, Qt::ElideMiddle, callWidth);
    c.p.drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft, elided);
    double x = textRect.left() + fm.horizontalAdvance(elided) + kPad;
    c.p.setFont(resultFont);
    c.p.setPen(failed ? m_palette.error() : m_palette.text());
    c.p.drawText(QRectF(x, textRect.top(), resultWidth + kPad, textRect.height()), Qt::AlignVCenter | Qt::AlignLeft,
                 resultText + mark);
    if (!staleText.isEmpty()) {
        x += resultWidth - kPad;
        c.p.setFont(m_small);
        c.p.setPen(m_palette.mutedText());
        c.p.drawText(QRectF(x, textRect.top(), textRect.right() - x, textRect.height()), Qt::AlignVCenter | Qt::AlignLeft,
                     small.elidedText(staleText, Qt::ElideRight, textRect.right() - x));
    }
}

void LadderPainter::paintPacket(const Ctx& c, int row, const QRectF& cell) const
{
    const auto& pk = *m_model.event(m_layout.row(row).event).as<finscope::PacketEvent>();
    const bool rightward = !pk.from || m_layout.side(QString::fromStdString(*pk.from)) == 0;
    QColor colour = m_palette.plainPacket();
    double width = 1.3;
    if (EventText::isRst(pk)) {
        colour = m_palette.rst();
        width = 2.6;
    } else if (EventText::isFin(pk)) {
        colour = m_palette.fin();
        width = 2.6;
    } else if (EventText::isSyn(pk)) {
        colour = m_palette.syn();
        width = 1.8;
    }
    const double yTop = cell.top() + cell.height() * 0.55;
    const double yBottom = cell.bottom() - 3;
    const QPointF a(rightward ? cell.left() + 2 : cell.right() - 2, yTop);
    const QPointF b(rightward ? cell.right() - 3 : cell.left() + 3, yBottom);
    c.p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
    c.p.drawLine(a, b);
    c.p.setBrush(colour);
    drawArrowHead(c.p, b, a, 9.0);
    c.p.setFont(EventText::isFin(pk) || EventText::isRst(pk) ? m_bold : m_font);
    const QRectF label(cell.left() + kPad, cell.top(), cell.width() - 2 * kPad, cell.height() * 0.62);
    c.p.drawText(label, Qt::AlignCenter,
                 QFontMetricsF(c.p.font()).elidedText(EventText::packet(pk), Qt::ElideRight, label.width()));
}

void LadderPainter::paintState(const Ctx& c, int row, const QRectF& cell) const
{
    const auto& st = *m_model.event(m_layout.row(row).event).as<finscope::StateEvent>();
    const QColor colour = m_palette.stateColor(QString::fromStdString(st.state));
    // The ladder names the state only; "(orphan)" is in the details and the tooltip,
    // the dotted outline says it here.
    QString text = st.state == "CLOSE" ? u"CLOSED"_s : QString::fromStdString(st.state);
    QString queues;
    if (st.recvQ > 0)
        queues += u"Recv-Q %1 "_s.arg(st.recvQ);
    if (st.sendQ > 0)
        queues += u"Send-Q %1"_s.arg(st.sendQ);
    QFont font = m_small;
    font.setBold(true);
    font.setItalic(st.source == "derived");
    QFontMetricsF fm(font);
    const double strips = m_layout.slotCount(m_layout.row(row).lane) * (kStripWidth + 3);
    const double textWidth = std::min(fm.horizontalAdvance(text) + 2 * kPad, cell.width() - strips - 2 * kPad);
    const QRectF box(cell.left() + kPad + strips, cell.top() + 3, std::max(10.0, textWidth), cell.height() - 6);
    const bool derived = st.source == "derived";
    c.p.setPen(QPen(m_palette.text(), st.orphan ? 1.6 : 1, derived ? Qt::DashLine : st.orphan ? Qt::DotLine : Qt::SolidLine));
    c.p.setBrush(derived ? QBrush(m_palette.background()) : QBrush(colour));
    c.p.drawRoundedRect(box, 3, 3);
    if (derived)
        c.p.fillRect(box.adjusted(1, 1, -1, -1), QBrush(withAlpha(colour, 200), Qt::BDiagPattern));
    c.p.setFont(font);
    c.p.setPen(derived ? m_palette.text() : colour.lightness() > 120 ? QColor(Qt::black) : QColor(Qt::white));
    c.p.drawText(box, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, box.width() - 4));
    // Queues beside the name, in the room left; the details panel always has them.
    const double room = cell.right() - box.right() - kPad;
    if (!queues.isEmpty() && room > 20) {
        c.p.setFont(m_small);
        c.p.setPen(m_palette.text());
        queues = queues.trimmed();
        if (QFontMetricsF(m_small).horizontalAdvance(queues) > room)
            queues.replace(u"Recv-Q"_s, u"RQ"_s).replace(u"Send-Q"_s, u"SQ"_s);
        c.p.drawText(QRectF(box.right() + 3, cell.top(), room, cell.height()), Qt::AlignVCenter | Qt::AlignLeft,
                     QFontMetricsF(m_small).elidedText(queues, Qt::ElideRight, room));
    }
}

void LadderPainter::paintSignal(const Ctx& c, int row, const QRectF& cell) const
{
    const auto& sg = *m_model.event(m_layout.row(row).event).as<finscope::SignalEvent>();
    const QRectF box = boxIn(cell, m_layout.side(QString::fromStdString(sg.endpoint)) == 0);
    c.p.setPen(QPen(m_palette.signal(), 2));
    c.p.setBrush(withAlpha(m_palette.signal(), 45));
    c.p.drawRoundedRect(box, 4, 4);
    c.p.setFont(m_bold);
    c.p.setPen(m_palette.signal());
    QString text = u"⚡ "_s + QString::fromStdString(sg.signal);
    if (sg.disposition == "ignored")
        text += u" ignored"_s;
    else if (!sg.action.empty())
        text += u" → "_s + QString::fromStdString(sg.action);
    c.p.drawText(box, Qt::AlignCenter, QFontMetricsF(m_bold).elidedText(text, Qt::ElideRight, box.width() - 8));
}

void LadderPainter::paintExit(const Ctx& c, int row, const QRectF& cell) const
{
    const auto& x = *m_model.event(m_layout.row(row).event).as<finscope::ExitEvent>();
    const QRectF box = boxIn(cell, m_layout.side(QString::fromStdString(x.endpoint)) == 0);
    const bool killed = x.signal.has_value();
    c.p.setPen(QPen(killed ? m_palette.error() : m_palette.text(), killed ? 2.5 : 1));
    c.p.setBrush(killed ? QBrush(m_palette.error()) : QBrush(m_palette.boxFill()));
    c.p.drawRoundedRect(box, 4, 4);
    c.p.setFont(m_bold);
    c.p.setPen(killed ? m_palette.background() : m_palette.text());
    const QString text = killed ? u"✖ killed by %1"_s.arg(QString::fromStdString(*x.signal))
                                : u"process exited (%1)"_s.arg(x.status.value_or(0));
    c.p.drawText(box, Qt::AlignCenter, text);
}

void LadderPainter::paintStep(const Ctx& c, int row, const QRectF& rowRect) const
{
    const auto& st = *m_model.event(m_layout.row(row).event).as<finscope::StepEvent>();
    const double y = rowRect.center().y();
    c.p.setPen(QPen(m_palette.grid(), 1, Qt::DotLine));
    c.p.drawLine(QPointF(gutterWidth(), y), QPointF(c.width, y));
    const int lane = m_layout.syscallLane(QString::fromStdString(st.endpoint));
    if (lane < 0)
        return;
    const QRectF cell = c.cell(m_layout, row, lane).adjusted(kPad, 0, -kPad, 0);
    const QString text = u"step %1 · line %2 · %3"_s.arg(st.index + 1).arg(st.line).arg(QString::fromStdString(st.text));
    c.p.setFont(m_small);
    QFontMetricsF fm(m_small);
    const QString elided = fm.elidedText(text, Qt::ElideRight, cell.width());
    const bool left = m_layout.side(QString::fromStdString(st.endpoint)) == 0;
    const double w = fm.horizontalAdvance(elided) + 8;
    const QRectF label(left ? cell.left() : cell.right() - w, cell.top(), w, cell.height());
    c.p.fillRect(label, m_palette.background());
    c.p.setPen(m_palette.mutedText());
    c.p.drawText(label, Qt::AlignCenter, elided);
}

void LadderPainter::paintNote(const Ctx& c, int row, const QRectF& rowRect) const
{
    const auto& n = *m_model.event(m_layout.row(row).event).as<finscope::NoteEvent>();
    const QRectF r = rowRect.adjusted(gutterWidth() + kPad, 0, -kPad, 0);
    c.p.setFont(m_small);
    c.p.setPen(n.level == "info" ? m_palette.mutedText() : m_palette.error());
    c.p.drawText(r, Qt::AlignCenter,
                 QFontMetricsF(m_small).elidedText(u"note: "_s + QString::fromStdString(n.text), Qt::ElideRight, r.width()));
}
