// SPDX-License-Identifier: MIT
#include "ui/ladderpainter.h"

#include "ui/ladderlinks.h"
#include "ui/ladderspacing.h"
#include "ui/tracemodel.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>

#include <optional>

#include <cmath>

using namespace Qt::StringLiterals;
using finscope::TraceEvent;

using namespace LadderSpacing;

namespace {
constexpr double kBarWidth = 6.0;

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
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
                             const QFont& font, const LadderLinks* links)
    : m_layout(layout), m_model(model), m_palette(palette), m_links(links), m_label(font),
      m_items(layout, model, palette, m_label), m_flights(layout, model, palette, m_label)
{
}

void LadderPainter::setSelectedEvent(int eventIndex)
{
    if (eventIndex == m_selected)
        return;
    m_selected = eventIndex;
    m_chain = m_links && eventIndex >= 0 ? m_links->chain(eventIndex) : QSet<int>();
    m_chainLinks = m_links ? m_links->links(m_chain) : std::vector<std::pair<int, int>>{};
}

void LadderPainter::paintHeader(QPainter& p, double width, double height) const
{
    p.fillRect(QRectF(0, 0, width, height), m_palette.laneBackground());
    const auto spans = laneSpans(width);
    for (int i = 0; i < m_layout.laneCount(); ++i) {
        const auto& lane = m_layout.lane(i);
        const auto& span = spans[static_cast<std::size_t>(i)];
        const QRectF r(span.first + 2, 0, span.second - span.first - 4, height);
        // Two lines: who (bold), then what the lane shows.
        QString who = lane.endpoint;
        QString what;
        switch (lane.kind) {
        case LadderLayout::LaneKind::Syscalls: what = QCoreApplication::translate("LadderPainter", "syscalls"); break;
        case LadderLayout::LaneKind::State: what = QCoreApplication::translate("LadderPainter", "TCP state"); break;
        case LadderLayout::LaneKind::Wire:
            who = QCoreApplication::translate("LadderPainter", "the wire");
            what = m_layout.noCapture() ? QCoreApplication::translate("LadderPainter", "NO CAPTURE") : QCoreApplication::translate("LadderPainter", "packets");
            break;
        case LadderLayout::LaneKind::Peer:
            who = QCoreApplication::translate("LadderPainter", "peer");
            what = QCoreApplication::translate("LadderPainter", "no socket");
            break;
        }
        const bool alarm = lane.kind == LadderLayout::LaneKind::Wire && m_layout.noCapture();
        const QRectF top(r.left(), 3, r.width(), height / 2 - 1);
        const QRectF bottom(r.left(), height / 2, r.width(), height / 2 - 3);
        p.setFont(m_label.bold());
        p.setPen(m_palette.text());
        p.drawText(top, Qt::AlignHCenter | Qt::AlignBottom, QFontMetricsF(m_label.bold()).elidedText(who, Qt::ElideRight, r.width()));
        const QFont& whatFont = alarm ? m_label.bold() : m_label.small();
        p.setFont(whatFont);
        p.setPen(alarm ? m_palette.error() : m_palette.mutedText());
        p.drawText(bottom, Qt::AlignHCenter | Qt::AlignTop, QFontMetricsF(whatFont).elidedText(what, Qt::ElideRight, r.width()));
    }
    p.setFont(m_label.small());
    p.setPen(m_palette.mutedText());
    p.drawText(QRectF(kPad, 0, gutterWidth() - 2 * kPad, height), Qt::AlignVCenter | Qt::AlignRight,
               QCoreApplication::translate("LadderPainter", "time\nms"));
    p.setPen(m_palette.grid());
    p.drawLine(QPointF(0, height - 0.5), QPointF(width, height - 0.5));
}

void LadderPainter::paintContent(QPainter& p, double width, double y0, double y1) const
{
    Ctx c{p, width, 0, -1, y0, y1, laneSpans(width)};
    c.firstRow = m_layout.firstRowAt(y0);
    c.lastRow = std::min(m_layout.rowCount() - 1, m_layout.lastRowAt(y1));
    p.fillRect(QRectF(0, y0, width, y1 - y0), m_palette.background());
    paintLanes(c);
    if (m_layout.noCapture())
        paintNoCapture(c);
    paintDeadLanes(c);
    paintBreaks(c);
    paintBands(c);
    paintBars(c);
    paintGutter(c);
    // Under the items, not over them: a link crossing a label made the very
    // text it explains unreadable (EPIPE, R 2:2(0)); the chain's items carry
    // their own highlight, so the curves only need to show the way between.
    paintLinks(c);
    // A wire run's arrows cross rows (a frame takes time to arrive): drawn before the rows' labels.
    if (!m_layout.flights().empty())
        m_flights.paint(p, c.spans, y0, y1);
    for (int row = c.firstRow; row <= c.lastRow; ++row)
        paintRow(c, row);
}

void LadderPainter::paintLanes(const Ctx& c) const
{
    for (int i = 0; i < m_layout.laneCount(); ++i) {
        const QRectF r = c.laneRect(i);
        if (m_layout.lane(i).kind == LadderLayout::LaneKind::State)
            c.p.fillRect(r, m_palette.laneBackground());
        if (m_layout.lane(i).kind == LadderLayout::LaneKind::Peer)
            c.p.fillRect(r, QBrush(withAlpha(m_palette.mutedText(), 40), Qt::Dense6Pattern));
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
    const QFontMetricsF fm(m_label.bold());
    c.p.setFont(m_label.bold());
    c.p.setPen(m_palette.error());
    const QString text = QCoreApplication::translate("LadderPainter", "no capture: packets not recorded");
    for (double y = std::floor(c.y0 / kEvery) * kEvery + kEvery / 2; y < c.y1 + kEvery; y += kEvery) {
        c.p.save();
        c.p.translate(wire.center().x(), y);
        c.p.rotate(-90);
        const QRectF box(-kEvery / 2 + 10, -fm.height() / 2 - 4, kEvery - 20, fm.height() + 8);
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
        const double x = span.first + kPad + track.slot * (kStripWidth + kStripGap);
        for (auto i = LadderLayout::firstBandFrom(track.bands, c.firstRow); i < track.bands.size(); ++i) {
            const auto& band = track.bands[i];
            if (band.startRow > c.lastRow)
                break;
            const auto* st = m_model.event(band.event).as<finscope::StateEvent>();
            const auto& start = m_layout.row(band.startRow);
            const double top = start.y + start.height / 2;
            const double bottom = band.endRow < 0 ? c.y1
                : m_layout.rowTop(band.endRow) + m_layout.rowHeight(band.endRow) / 2;
            const QColor colour = m_palette.stateColor(QString::fromStdString(st->state));
            const QRectF strip(x, top, kStripWidth, bottom - top);
            const bool derived = st->source == "derived" && start.confirmedBy < 0;
            if (st->state == "LISTEN") {
                // A listener is hollow: it never carries a connection, it hands them out.
                c.p.setPen(QPen(colour, 2));
                c.p.setBrush(Qt::NoBrush);
                c.p.drawRect(strip.adjusted(1, 0, -1, 0));
            } else if (band.orphan) {
                // No descriptor left: the track goes on, dotted.
                c.p.fillRect(strip, QBrush(colour, Qt::Dense4Pattern));
            } else if (derived) {
                // Derived states were never seen by a sampler: hatched, so nobody mistakes them for a measurement.
                c.p.fillRect(strip, QBrush(colour, Qt::BDiagPattern));
            } else {
                c.p.fillRect(strip, colour);
            }
            // A tick from the track to its badge, so several sockets in one lane are told apart.
            c.p.setPen(QPen(colour, 1.5));
            c.p.drawLine(QPointF(x + kStripWidth, top), QPointF(span.first + kPad + m_layout.slotCount(track.lane) * (kStripWidth + kStripGap), top));
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
    const TraceEvent& e = m_model.event(r.event);
    const bool selected = m_selected >= 0 && m_layout.rowOfEvent(m_selected) == row;
    const bool inChain = !selected && m_chain.contains(r.event);
    if (selected || inChain) {
        // Compact tiers hold several events side by side: light up the item, not the whole tier.
        const QRectF area = r.lane >= 0 && m_layout.compact() ? c.cell(m_layout, row, r.lane)
                          : r.lane >= 0 && inChain ? c.cell(m_layout, row, r.lane) : rowRect;
        c.p.fillRect(area, withAlpha(m_palette.highlight(), selected ? 70 : 40));
        if (inChain) {
            c.p.setPen(QPen(m_palette.highlight(), 1.5, Qt::DashLine));
            c.p.setBrush(Qt::NoBrush);
            c.p.drawRect(area.adjusted(1, 1, -1, -1));
        }
    }
    if (e.as<finscope::StepEvent>())
        return paintStep(c, row, rowRect);
    if (e.as<finscope::NoteEvent>())
        return paintNote(c, row, rowRect);
    if (r.lane >= 0)
        m_items.paint(c.p, row, c.cell(m_layout, row, r.lane));
}

void LadderPainter::paintGutter(const Ctx& c) const
{
    // One time per tier (its first event), and in the compact figure the
    // step's divider and its scenario line.
    const QFontMetricsF fm(m_label.small());
    const double gutter = gutterWidth();
    c.p.setFont(m_label.small());
    for (int row = c.firstRow; row <= c.lastRow; ++row) {
        const auto& r = m_layout.row(row);
        const auto& tier = m_layout.tier(r.tier);
        if (tier.firstRow != row)
            continue;
        c.p.setPen(m_palette.mutedText());
        const QRectF first(2, tier.y, gutter - kPad, std::min(tier.height, m_layout.baseRowHeight()));
        c.p.drawText(first, Qt::AlignVCenter | Qt::AlignRight, gutterTime(m_layout.rowTimeNs(row)));
        if (tier.stepEvent < 0)
            continue;
        const auto* step = m_model.event(tier.stepEvent).as<finscope::StepEvent>();
        c.p.setPen(QPen(m_palette.grid(), 1, Qt::DotLine));
        c.p.drawLine(QPointF(0, tier.y + 0.5), QPointF(c.width, tier.y + 0.5));
        if (tier.height >= first.height() + fm.height()) {
            c.p.setPen(m_palette.mutedText());
            c.p.drawText(QRectF(kPad, first.bottom() - 4, gutter - 2 * kPad, fm.height()), Qt::AlignTop | Qt::AlignRight,
                         fm.elidedText(QCoreApplication::translate("LadderPainter", "line %1").arg(step->line), Qt::ElideRight, gutter - 2 * kPad));
        }
    }
}

void LadderPainter::paintBreaks(const Ctx& c) const
{
    if (m_layout.spacing() != LadderLayout::Spacing::RealTime || c.lastRow < c.firstRow)
        return;
    const int firstTier = m_layout.row(c.firstRow).tier;
    const int lastTier = std::min(m_layout.tierCount() - 1, m_layout.row(c.lastRow).tier + 1);
    c.p.setFont(m_label.small());
    const QFontMetricsF fm(m_label.small());
    for (int i = std::max(1, firstTier); i <= lastTier; ++i) {
        const auto& t = m_layout.tier(i);
        const auto& prev = m_layout.tier(i - 1);
        const double top = prev.y + prev.height;
        if (!t.breakBefore) {
            // The time scale: a tick every round interval inside a proportional gap.
            const double pxPerNs = (t.y - top) / std::max<double>(1.0, static_cast<double>(t.gapNs));
            if (t.y - top < 12)
                continue;
            double stepNs = 1e5;
            while (stepNs * pxPerNs < 12)
                stepNs *= 10;
            const std::int64_t t0 = m_layout.rowTimeNs(prev.lastRow);
            const auto stepI = static_cast<std::int64_t>(stepNs);
            c.p.setPen(QPen(m_palette.mutedText(), 1));
            for (std::int64_t tick = (t0 / stepI + 1) * stepI; tick < t0 + t.gapNs; tick += stepI) {
                const double y = top + static_cast<double>(tick - t0) * pxPerNs;
                c.p.drawLine(QPointF(gutterWidth() - 6, y), QPointF(gutterWidth(), y));
            }
            continue;
        }
        const QRectF band(gutterWidth(), top, c.width - gutterWidth(), t.y - top);
        c.p.fillRect(band, QBrush(withAlpha(m_palette.mutedText(), 50), Qt::Dense7Pattern));
        c.p.setPen(QPen(m_palette.mutedText(), 1, Qt::DashLine));
        c.p.drawLine(band.topLeft(), band.topRight());
        c.p.drawLine(band.bottomLeft(), band.bottomRight());
        const QString text = u"⋯ %1 s ⋯"_s.arg(static_cast<double>(t.gapNs) / 1e9, 0, 'f', 3);
        const double w = fm.horizontalAdvance(text) + 16;
        const QRectF label(band.center().x() - w / 2, band.top(), w, band.height());
        c.p.fillRect(label, m_palette.background());
        c.p.setPen(m_palette.text());
        c.p.drawText(label, Qt::AlignCenter, text);
    }
}

void LadderPainter::paintLinks(const Ctx& c) const
{
    // Cause -> effect of the selected event's chain, as curved arrows between the items.
    const auto centre = [&](int event) -> std::optional<QPointF> {
        const int row = m_layout.rowOfEvent(event);
        if (row < 0)
            return std::nullopt;
        const auto& r = m_layout.row(row);
        const QRectF cell = r.lane >= 0 ? c.cell(m_layout, row, r.lane) : QRectF(0, r.y, c.width, r.height);
        return cell.center();
    };
    c.p.setBrush(Qt::NoBrush);
    for (const auto& [cause, effect] : m_chainLinks) {
        const auto a = centre(cause), b = centre(effect);
        if (!a || !b || (a->y() > c.y1 && b->y() > c.y1) || (a->y() < c.y0 && b->y() < c.y0))
            continue;
        QPainterPath path(*a);
        const double bend = std::max(20.0, std::abs(b->y() - a->y()) / 2);
        path.cubicTo(*a + QPointF(0, bend), *b - QPointF(0, bend), *b);
        c.p.setPen(QPen(withAlpha(m_palette.highlight(), 200), 2, Qt::SolidLine, Qt::RoundCap));
        c.p.drawPath(path);
        c.p.setBrush(m_palette.highlight());
        c.p.drawEllipse(*b, 3.5, 3.5);
        c.p.setBrush(Qt::NoBrush);
    }
}

void LadderPainter::paintStep(const Ctx& c, int row, const QRectF& rowRect) const
{
    const auto& st = *m_model.event(m_layout.row(row).event).as<finscope::StepEvent>();
    const double y = rowRect.center().y();
    // A step of the wire (hold(), release()) is labelled in the wire lane; in
    // the compact figure it is an item there and its tier's divider is drawn already.
    const bool wireStep = st.endpoint == "wire";
    const bool divider = m_layout.row(row).lane < 0;
    c.p.setPen(QPen(m_palette.grid(), 1, Qt::DotLine));
    if (divider && !wireStep)
        c.p.drawLine(QPointF(gutterWidth(), y), QPointF(c.width, y));
    const int lane = wireStep ? m_layout.wireLane() : m_layout.syscallLane(QString::fromStdString(st.endpoint));
    if (lane < 0)
        return;
    const QRectF cell = c.cell(m_layout, row, lane).adjusted(kPad, 0, -kPad, 0);
    const QString what = QString::fromStdString(st.text);
    const QString text = !wireStep ? u"step %1 · line %2 · %3"_s.arg(st.index + 1).arg(st.line).arg(what)
                       : divider   ? u"step %1 · wire: %2"_s.arg(st.index + 1).arg(what)
                                   : u"wire: %1"_s.arg(what);
    c.p.setFont(m_label.small());
    QFontMetricsF fm(m_label.small());
    const QString elided = fm.elidedText(text, Qt::ElideRight, cell.width());
    const bool left = m_layout.side(QString::fromStdString(st.endpoint)) == 0;
    const double w = fm.horizontalAdvance(elided) + 8;
    const QRectF label(wireStep ? cell.center().x() - w / 2 : left ? cell.left() : cell.right() - w, cell.top(), w,
                       cell.height());
    if (wireStep) {
        // No fill: a frame in the air crosses the wire's steps, and its arrow must stay whole.
        if (divider) {
            c.p.drawLine(QPointF(gutterWidth(), y), QPointF(label.left(), y));
            c.p.drawLine(QPointF(label.right(), y), QPointF(c.width, y));
        }
    } else {
        c.p.fillRect(label, m_palette.background());
    }
    c.p.setPen(m_palette.mutedText());
    c.p.drawText(label, Qt::AlignCenter, elided);
}

void LadderPainter::paintNote(const Ctx& c, int row, const QRectF& rowRect) const
{
    const auto& n = *m_model.event(m_layout.row(row).event).as<finscope::NoteEvent>();
    const QRectF r = rowRect.adjusted(gutterWidth() + kPad, 0, -kPad, 0);
    c.p.setFont(m_label.small());
    c.p.setPen(n.level == "info" ? m_palette.mutedText() : m_palette.error());
    c.p.drawText(r, Qt::AlignCenter,
                 QFontMetricsF(m_label.small()).elidedText(u"note: "_s + QString::fromStdString(n.text), Qt::ElideRight, r.width()));
}
