// SPDX-License-Identifier: MIT
#include "ui/ladderflightpainter.h"

#include "ui/eventtext.h"
#include "ui/ladderarrowhead.h"
#include "ui/ladderlayout.h"
#include "ui/tracemodel.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

using Fate = LadderFlights::Fate;

namespace {
constexpr double kCross = 6.0;   // half the size of a dropped frame's cross
} // namespace

LadderFlightPainter::LadderFlightPainter(const LadderLayout& layout, const TraceModel& model,
                                         const LadderPalette& palette, const LadderLabel& label)
    : m_layout(layout), m_model(model), m_palette(palette), m_label(label)
{
}

QLineF LadderFlightPainter::arrow(const LadderLayout& layout, const LadderFlights::Flight& f, double left, double right)
{
    // Where a loopback arrow starts and ends in its row (LadderItemPainter):
    // the label sits above, and an arrow is never shorter than that.
    const double top = layout.rowTop(f.row);
    const double height = layout.rowHeight(f.row);
    const double startY = top + height * 0.6;
    const double shortest = top + height - 5;
    const double from = f.rightward ? left + 2 : right - 2;
    const double to = f.rightward ? right - 3 : left + 3;
    const double middle = (left + right) / 2;
    switch (f.fate) {
    case Fate::Delivered:
        return QLineF(from, startY, to, std::max(shortest, LadderFlights::yAtTime(layout, f.endNs)));
    case Fate::Dropped:
        return QLineF(from, startY, middle, std::max(shortest, LadderFlights::yAtTime(layout, f.endNs)));
    case Fate::Held:
    case Fate::InFlight:
        break;
    }
    // Still in the air: it has travelled until now, the last event of the trace.
    const std::int64_t now = layout.rowTimeNs(layout.rowCount() - 1);
    return QLineF(from, startY, middle, std::max(shortest, LadderFlights::yAtTime(layout, now)));
}

void LadderFlightPainter::paint(QPainter& p, const std::vector<std::pair<double, double>>& spans, double y0,
                                double y1) const
{
    const auto& span = spans[static_cast<std::size_t>(m_layout.wireLane())];
    // A frame that arrived (or died) before the tier above the first visible
    // one began ends above the view: skip it without placing its arrow, so
    // a paint far down a long wire run does not place every arrow before it.
    std::int64_t settledBefore = std::numeric_limits<std::int64_t>::min();
    if (const int first = m_layout.firstRowAt(y0); first > 0 && first < m_layout.rowCount()) {
        const int tier = m_layout.row(first).tier;
        if (tier > 0)
            settledBefore = m_layout.rowTimeNs(m_layout.tier(tier - 1).firstRow);
    }
    for (const auto& f : m_layout.flights().flights()) {
        if (f.packetEvent >= m_model.rowCount())
            break;   // not announced to views yet
        if (f.endNs >= 0 && f.endNs < settledBefore)
            continue;
        const QLineF line = arrow(m_layout, f, span.first, span.second);
        // Packets leave in row order, so their starts descend: none after this one is visible.
        if (line.y1() > y1)
            break;
        if (line.y2() < y0)
            continue;
        paintFlight(p, f, line);
    }
}

void LadderFlightPainter::paintFlight(QPainter& p, const LadderFlights::Flight& f, const QLineF& line) const
{
    const auto& pk = *m_model.event(f.packetEvent).as<finscope::PacketEvent>();
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
    const bool inAir = f.fate == Fate::Held || f.fate == Fate::InFlight;
    p.setPen(QPen(colour, width, inAir ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
    p.drawLine(line);
    p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
    p.setBrush(colour);
    const QPointF tip = line.p2();
    if (f.fate == Fate::Delivered) {
        LadderArrow::drawHead(p, tip, line.p1(), 9.0);
        return;
    }
    QString text;
    if (f.fate == Fate::Dropped) {
        p.setPen(QPen(m_palette.error(), 2.4, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(tip + QPointF(-kCross, -kCross), tip + QPointF(kCross, kCross));
        p.drawLine(tip + QPointF(-kCross, kCross), tip + QPointF(kCross, -kCross));
        text = QCoreApplication::translate("LadderFlights", "dropped");
    } else {
        // An open head: the frame points where it is going, but is not there.
        p.setBrush(Qt::NoBrush);
        LadderArrow::drawHead(p, tip, line.p1(), 9.0);
        text = f.fate == Fate::Held ? QCoreApplication::translate("LadderFlights", "held")
                                    : QCoreApplication::translate("LadderFlights", "in flight");
    }
    // Beside the tip, on the receiver's side: the half of the wire the frame has not crossed.
    const QFontMetricsF fm(m_label.smallBold());
    const double w = fm.horizontalAdvance(text) + 6;
    const double gap = kCross + 3;
    const QRectF box(f.rightward ? tip.x() + gap : tip.x() - gap - w, tip.y() - fm.height() / 2 - 1, w, fm.height() + 2);
    p.setPen(Qt::NoPen);
    p.setBrush(m_palette.background());
    p.drawRoundedRect(box, 3, 3);
    p.setFont(m_label.smallBold());
    p.setPen(f.fate == Fate::Dropped ? m_palette.error() : colour);
    p.drawText(box, Qt::AlignCenter, text);
}
