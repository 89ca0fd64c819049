// SPDX-License-Identifier: MIT
#include "ui/ladderitempainter.h"

#include "ui/eventtext.h"
#include "ui/ladderarrowhead.h"
#include "ui/tracemodel.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr double kPad = 6.0;
constexpr double kStripWidth = 7.0;
constexpr double kStripGap = 3.0;
constexpr double kBarWidth = 6.0;
constexpr double kTextGap = 4.0;   // between a call and its result (LadderLabel's padding)

QColor withAlpha(QColor c, int alpha)
{
    c.setAlpha(alpha);
    return c;
}

} // namespace

LadderItemPainter::LadderItemPainter(const LadderLayout& layout, const TraceModel& model,
                                     const LadderPalette& palette, const LadderLabel& label)
    : m_layout(layout), m_model(model), m_palette(palette), m_label(label)
{
}

namespace {
constexpr double kOuter = 3.0;
double innerInset(const LadderLayout& layout, int lane)
{
    // Room on the inner side (towards the wire) for the blocked-call bar, where there is one.
    return layout.bars().contains(lane) ? kBarWidth + kPad + 2 : kOuter;
}
} // namespace

double LadderItemPainter::boxInsets(int lane) const
{
    return kOuter + innerInset(m_layout, lane);
}

QRectF LadderItemPainter::boxIn(const QRectF& cell, int lane) const
{
    const double inner = innerInset(m_layout, lane);
    return m_layout.side(m_layout.lane(lane).endpoint) == 0 ? cell.adjusted(kOuter, 2, -inner, -2)
                                                            : cell.adjusted(inner, 2, -kOuter, -2);
}

double LadderItemPainter::stripsWidth(int lane) const
{
    return m_layout.slotCount(lane) * (kStripWidth + kStripGap);
}

QString LadderItemPainter::expectMark(const finscope::SyscallEvent& s) const
{
    const int ex = m_layout.expectForCall(s.callId);
    if (ex < 0 || s.phase == "blocked" || ex >= m_model.rowCount())
        return {};
    return m_model.event(ex).as<finscope::ExpectEvent>()->ok ? u" ✓"_s : u" ✗"_s;
}

void LadderItemPainter::paint(QPainter& p, int row, const QRectF& cell) const
{
    const auto& e = m_model.event(m_layout.row(row).event);
    if (e.as<finscope::SyscallEvent>())
        paintSyscall(p, row, cell);
    else if (e.as<finscope::PacketEvent>())
        paintPacket(p, row, cell);
    else if (e.as<finscope::StateEvent>())
        m_layout.row(row).queueNote ? paintQueueNote(p, row, cell) : paintState(p, row, cell);
    else if (e.as<finscope::SignalEvent>())
        paintSignal(p, row, cell);
    else if (e.as<finscope::ExitEvent>())
        paintExit(p, row, cell);
}

void LadderItemPainter::paintSyscall(QPainter& p, int row, const QRectF& cell) const
{
    const auto& s = *m_model.event(m_layout.row(row).event).as<finscope::SyscallEvent>();
    const bool failed = LadderLabel::failed(s);
    const QRectF box = boxIn(cell, m_layout.row(row).lane);
    p.setPen(QPen(failed ? m_palette.error() : m_palette.grid(), failed ? 1.6 : 1.0));
    p.setBrush(m_palette.boxFill());
    p.drawRoundedRect(box, 4, 4);

    const QRectF text = box.adjusted(4, 0, -4, 0);
    // A stale errno is a small grey mark, not words that read like a failure; Details tells the story.
    const double staleWidth = s.errnoStale ? QFontMetricsF(m_label.small()).horizontalAdvance(u" ⓔ"_s) : 0.0;
    const auto fit = m_label.fitCall(s, expectMark(s), box.width() - staleWidth);
    const QFont& resultFont = failed ? m_label.bold() : m_label.font();
    const QFontMetricsF fm(m_label.font());
    p.setFont(m_label.font());
    p.setPen(m_palette.text());
    // One line a text line of the call (the first flush left, the others indented), the result
    // behind the last or on a line of its own.
    const double lineHeight = text.height() / fit.lineCount();
    double x = text.left();
    double resultY = text.top();
    for (qsizetype i = 0; i < fit.lines.size(); ++i) {
        x = text.left() + (i > 0 ? m_label.indentWidth() : 0.0);
        resultY = text.top() + static_cast<double>(i) * lineHeight;
        p.drawText(QRectF(x, resultY, text.right() - x, lineHeight), Qt::AlignVCenter | Qt::AlignLeft, fit.lines[i]);
        x += fm.horizontalAdvance(fit.lines[i]) + kTextGap;
    }
    if (fit.resultOwnLine) {
        x = text.left() + m_label.indentWidth();
        resultY += lineHeight;
    }
    p.setFont(resultFont);
    p.setPen(failed ? m_palette.error() : m_palette.text());
    const QRectF resultRect(x, resultY, text.right() - x, lineHeight);
    p.drawText(resultRect, Qt::AlignVCenter | Qt::AlignLeft, fit.result);
    if (s.errnoStale) {
        const double after = x + QFontMetricsF(resultFont).horizontalAdvance(fit.result);
        p.setFont(m_label.small());
        p.setPen(m_palette.mutedText());
        p.drawText(QRectF(after, resultY, text.right() - after + kPad, lineHeight), Qt::AlignVCenter | Qt::AlignLeft,
                   u" ⓔ"_s);
    }
}

void LadderItemPainter::paintPacket(QPainter& p, int row, const QRectF& cell) const
{
    const auto& pk = *m_model.event(m_layout.row(row).event).as<finscope::PacketEvent>();
    // From the sender to the receiver, always: a packet from the far side of
    // a one-endpoint run (the RST of a refused connect) comes back leftwards.
    const bool rightward = m_layout.senderSide(pk) == 0;
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
    const double yTop = cell.top() + cell.height() * 0.6;
    const double yBottom = cell.bottom() - 5;   // the head stays inside its cell: stacked packets touch
    const QPointF a(rightward ? cell.left() + 2 : cell.right() - 2, yTop);
    const QPointF b(rightward ? cell.right() - 3 : cell.left() + 3, yBottom);
    // A wire run's frame has its own arrow, to where and when it arrived (LadderFlightPainter): only the label here.
    if (!m_layout.flights().ofRow(row)) {
        p.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(a, b);
        p.setBrush(colour);
        LadderArrow::drawHead(p, b, a, 9.0);
    }
    p.setPen(colour);
    p.setFont(EventText::isFin(pk) || EventText::isRst(pk) ? m_label.bold() : m_label.font());
    const QRectF label(cell.left() + kPad, cell.top(), cell.width() - 2 * kPad, cell.height() * 0.62);
    p.drawText(label, Qt::AlignCenter,
               QFontMetricsF(p.font()).elidedText(EventText::packet(pk), Qt::ElideRight, label.width()));
}

void LadderItemPainter::paintState(QPainter& p, int row, const QRectF& cell) const
{
    const auto& r = m_layout.row(row);
    const auto& st = *m_model.event(r.event).as<finscope::StateEvent>();
    const QColor colour = m_palette.stateColor(QString::fromStdString(st.state));
    const QString text = LadderLabel::stateText(st);
    const QFontMetricsF fm(m_label.smallBold());
    const QFontMetricsF small(m_label.small());
    double left = cell.left() + kPad + stripsWidth(r.lane);
    QRectF badgeCell = cell;
    // The socket's name where its track starts (or where it got a new one:
    // the accepted connection); above the badge when the lane is narrow.
    if (r.titled) {
        const QString title = LadderLabel::socketTitle(QString::fromStdString(st.socket));
        p.setFont(m_label.small());
        p.setPen(m_palette.mutedText());
        const double w = small.horizontalAdvance(title);
        if (r.lines > 1) {
            const double h = small.height() + 2;
            p.drawText(QRectF(left, cell.top() + 1, cell.right() - left, h), Qt::AlignVCenter | Qt::AlignLeft, title);
            badgeCell.setTop(cell.top() + h - 2);
        } else {
            p.drawText(QRectF(left, cell.top(), w + 2, cell.height()), Qt::AlignVCenter | Qt::AlignLeft, title);
            left += w + kPad / 2;
        }
    }
    // A derived state is dashed and hatched until a sample confirms it: then it is solid.
    const bool derived = st.source == "derived" && r.confirmedBy < 0;
    const double width = std::min(fm.horizontalAdvance(text) + 2 * kPad, cell.right() - left - 2);
    const QRectF box(left, badgeCell.top() + 3, std::max(10.0, width), badgeCell.height() - 6);
    const bool listener = st.state == "LISTEN";
    p.setPen(QPen(m_palette.text(), st.orphan ? 1.6 : 1, derived ? Qt::DashLine : st.orphan ? Qt::DotLine : Qt::SolidLine));
    p.setBrush(derived || listener ? QBrush(m_palette.background()) : QBrush(colour));
    p.drawRoundedRect(box, listener ? box.height() / 2 : 3, listener ? box.height() / 2 : 3);
    if (derived)
        p.fillRect(box.adjusted(1, 1, -1, -1), QBrush(withAlpha(colour, 200), Qt::BDiagPattern));
    p.setFont(m_label.smallBold());
    p.setPen(derived || listener ? m_palette.text() : colour.lightness() > 120 ? QColor(Qt::black) : QColor(Qt::white));
    p.drawText(box, Qt::AlignCenter, fm.elidedText(text, Qt::ElideRight, box.width() - 4));
}

void LadderItemPainter::paintQueueNote(QPainter& p, int row, const QRectF& cell) const
{
    const auto& r = m_layout.row(row);
    const auto& st = *m_model.event(r.event).as<finscope::StateEvent>();
    const double left = cell.left() + kPad + stripsWidth(r.lane);
    const QRectF rect(left, cell.top(), cell.right() - left - 2, cell.height());
    p.setFont(m_label.small());
    p.setPen(m_palette.mutedText());
    p.drawText(rect, Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetricsF(m_label.small()).elidedText(LadderLabel::queueText(st), Qt::ElideRight, rect.width()));
}

void LadderItemPainter::paintSignal(QPainter& p, int row, const QRectF& cell) const
{
    const auto& sg = *m_model.event(m_layout.row(row).event).as<finscope::SignalEvent>();
    const QRectF box = boxIn(cell, m_layout.row(row).lane);
    p.setPen(QPen(m_palette.signal(), 2));
    p.setBrush(withAlpha(m_palette.signal(), 45));
    p.drawRoundedRect(box, 4, 4);
    p.setFont(m_label.bold());
    p.setPen(m_palette.signal());
    QString text = u"⚡ "_s + QString::fromStdString(sg.signal);
    if (sg.disposition == "ignored")
        text += QCoreApplication::translate("LadderItemPainter", " ignored");
    else if (sg.action == "terminate")
        text += QCoreApplication::translate("LadderItemPainter", " → terminate");
    else if (sg.action == "handler")
        text += QCoreApplication::translate("LadderItemPainter", " → handler");
    else if (!sg.action.empty())
        text += u" → "_s + QString::fromStdString(sg.action);
    p.drawText(box, Qt::AlignCenter, QFontMetricsF(m_label.bold()).elidedText(text, Qt::ElideRight, box.width() - 8));
}

void LadderItemPainter::paintExit(QPainter& p, int row, const QRectF& cell) const
{
    const auto& x = *m_model.event(m_layout.row(row).event).as<finscope::ExitEvent>();
    const QRectF box = boxIn(cell, m_layout.row(row).lane);
    const bool killed = x.signal.has_value();
    p.setPen(QPen(killed ? m_palette.error() : m_palette.text(), killed ? 2.5 : 1));
    p.setBrush(killed ? QBrush(m_palette.error()) : QBrush(m_palette.boxFill()));
    p.drawRoundedRect(box, 4, 4);
    p.setFont(m_label.bold());
    p.setPen(killed ? m_palette.background() : m_palette.text());
    const QString text = killed ? QCoreApplication::translate("LadderItemPainter", "✖ killed by %1").arg(QString::fromStdString(*x.signal))
                                : QCoreApplication::translate("LadderItemPainter", "process exited (%1)").arg(x.status.value_or(0));
    p.drawText(box, Qt::AlignCenter, QFontMetricsF(m_label.bold()).elidedText(text, Qt::ElideRight, box.width() - 4));
}
