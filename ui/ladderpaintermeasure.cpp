// SPDX-License-Identifier: MIT
// LadderPainter's measuring: how wide each lane, label and gutter must be,
// and where the lanes go in a given width. Painting is in ladderpainter.cpp.
#include "ui/ladderpainter.h"

#include "ui/eventtext.h"
#include "ui/ladderspacing.h"
#include "ui/tracemodel.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QRegularExpression>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace LadderSpacing;
using finscope::TraceEvent;

namespace {
/// How spare width is shared once every lane has what its content needs.
double laneWeight(LadderLayout::LaneKind kind)
{
    switch (kind) {
    case LadderLayout::LaneKind::Syscalls: return 3.0;
    case LadderLayout::LaneKind::State: return 1.0;
    case LadderLayout::LaneKind::Wire: return 2.0;
    case LadderLayout::LaneKind::Peer: return 0.5;
    }
    return 1.0;
}

/// The narrowest a lane gets even when empty, in average character widths.
double laneFloorChars(LadderLayout::LaneKind kind)
{
    switch (kind) {
    case LadderLayout::LaneKind::Syscalls: return 16;
    case LadderLayout::LaneKind::State: return 10;
    case LadderLayout::LaneKind::Wire: return 16;
    case LadderLayout::LaneKind::Peer: return 10;
    }
    return 10;
}
} // namespace

void LadderPainter::measure() const
{
    // The layout was rebuilt (spacing switched): measure again from the start.
    if (m_measured > m_layout.rowCount() || m_lanePreferred.size() > static_cast<std::size_t>(m_layout.laneCount())) {
        m_measured = 0;
        m_lanePreferred.clear();
        m_laneMinimum.clear();
    }
    const double em = QFontMetricsF(m_label.font()).averageCharWidth();
    for (int i = static_cast<int>(m_lanePreferred.size()); i < m_layout.laneCount(); ++i) {
        const double floor = laneFloorChars(m_layout.lane(i).kind) * em;
        m_lanePreferred.push_back(floor);
        m_laneMinimum.push_back(floor);
    }
    m_rowOneLine.resize(static_cast<std::size_t>(m_layout.rowCount()), 0.0);
    m_rowTwoLines.resize(static_cast<std::size_t>(m_layout.rowCount()), 0.0);
    const QFontMetricsF bold(m_label.bold());
    const QString reserve = u" ✓"_s;   // the expectation arrives after the call: keep room for its mark
    for (; m_measured < m_layout.rowCount(); ++m_measured) {
        const auto& r = m_layout.row(m_measured);
        m_lastTimeNs = std::max(m_lastTimeNs, m_layout.rowTimeNs(m_measured));
        if (r.lane < 0)
            continue;
        const auto lane = static_cast<std::size_t>(r.lane);
        const TraceEvent& e = m_model.event(r.event);
        double preferred = 0, minimum = 0;
        // Box insets of call lanes are added in laneSpans(): they depend on whether the lane has blocked calls.
        if (auto* s = e.as<finscope::SyscallEvent>()) {
            const double stale = s->errnoStale ? 2 * em : 0.0;
            const CallWidths& w = callWidths(*s, reserve);
            preferred = w.preferred + stale;
            minimum = w.narrowest + stale;
            m_rowOneLine[static_cast<std::size_t>(m_measured)] = w.oneLine + stale;
            m_rowTwoLines[static_cast<std::size_t>(m_measured)] = w.twoLines + stale;
        } else if (auto* sg = e.as<finscope::SignalEvent>()) {
            // The signal's name is the point; what it did may be cut.
            const QString name = u"⚡ "_s + QString::fromStdString(sg->signal);
            preferred = bold.horizontalAdvance(name + QCoreApplication::translate("LadderItemPainter", " → terminate")) + 2 * kPad;
            minimum = bold.horizontalAdvance(name) + 2 * kPad;
        } else if (auto* x = e.as<finscope::ExitEvent>()) {
            // The same words as LadderItemPainter draws, so the measure fits.
            const QString text = x->signal ? QCoreApplication::translate("LadderItemPainter", "✖ killed by %1").arg(QString::fromStdString(*x->signal))
                                           : QCoreApplication::translate("LadderItemPainter", "process exited (%1)").arg(x->status.value_or(0));
            preferred = minimum = bold.horizontalAdvance(text) + 2 * kPad;
        } else if (auto* p = e.as<finscope::PacketEvent>()) {
            preferred = minimum = packetWidth(EventText::packet(*p)) + 2 * kPad + 4;
        } else if (auto* st = e.as<finscope::StateEvent>()) {
            const double strips = m_layout.slotCount(r.lane) * (kStripWidth + kStripGap) + kPad;
            if (r.queueNote) {
                preferred = minimum = strips + smallWidth(LadderLabel::queueText(*st)) + kPad;
            } else {
                // A title goes above its badge when the lane is narrow.
                const double badge = stateWidth(LadderLabel::stateText(*st));
                const double title = r.titled ? smallWidth(LadderLabel::socketTitle(QString::fromStdString(st->socket))) : 0.0;
                preferred = strips + badge + (r.titled ? title + LadderLabel::kPad : 0.0) + kPad;
                minimum = strips + std::max(badge, title) + kPad;
                if (r.titled)
                    m_rowOneLine[static_cast<std::size_t>(m_measured)] = preferred;
            }
        }
        m_lanePreferred[lane] = std::max(m_lanePreferred[lane], preferred);
        m_laneMinimum[lane] = std::max(m_laneMinimum[lane], minimum);
    }
}

double LadderPainter::cachedWidth(const QFont& font, QChar tag, const QString& text) const
{
    // States, queue notes and titles repeat all through a trace: shape each text once.
    QString key = tag + text;
    if (auto it = m_textWidths.constFind(key); it != m_textWidths.cend())
        return *it;
    if (m_textWidths.size() > 20000)
        m_textWidths.clear();
    const double w = QFontMetricsF(font).horizontalAdvance(text);
    m_textWidths.insert(std::move(key), w);
    return w;
}

double LadderPainter::smallWidth(const QString& text) const
{
    return cachedWidth(m_label.small(), u's', text);
}

double LadderPainter::stateWidth(const QString& state) const
{
    // LadderLabel::badgeWidth(), measured once a state.
    return cachedWidth(m_label.smallBold(), u'b', state) + 2 * LadderLabel::kPad;
}

double LadderPainter::packetWidth(const QString& label) const
{
    // Every packet's label differs only in its numbers (seq, ack, len), and
    // digits of a UI font are equally wide: measure the shape with zeros once.
    QString shape = label;
    for (QChar& c : shape)
        if (c.isDigit())
            c = u'0';
    return cachedWidth(m_label.bold(), u'p', shape);
}

const LadderPainter::CallWidths& LadderPainter::callWidths(const finscope::SyscallEvent& s, const QString& mark) const
{
    // Measuring text shapes it, the dearest thing the layout does; a trace repeats
    // its calls (a stream of write(5, "456", 3) → 3), so each label is measured once.
    QString key = QString::fromStdString(s.call) + u'\x1f' + QString::fromStdString(s.args) + u'\x1f'
        + LadderLabel::resultText(s, mark) + (s.phase == "return" ? u"\x1fr"_s : QString());
    if (auto it = m_callWidths.constFind(key); it != m_callWidths.cend())
        return *it;
    if (m_callWidths.size() > 20000)
        m_callWidths.clear();   // all different (a run of unique data): keep the memory bounded
    return *m_callWidths.insert(std::move(key), {m_label.preferredCallWidth(s, mark), m_label.oneLineCallWidth(s, mark),
                                                 m_label.minimumCallWidth(s, mark, 2), m_label.minimumCallWidth(s, mark)});
}

double LadderPainter::laneMinimum(int lane) const
{
    // Calls and socket titles can wrap; everything else needs its preferred width.
    const auto i = static_cast<std::size_t>(lane);
    const auto kind = m_layout.lane(lane).kind;
    const bool wraps = kind == LadderLayout::LaneKind::Syscalls || kind == LadderLayout::LaneKind::State;
    return (wraps ? m_laneMinimum[i] : m_lanePreferred[i]) + laneInsets(lane);
}

double LadderPainter::laneInsets(int lane) const
{
    return m_layout.lane(lane).kind == LadderLayout::LaneKind::Syscalls ? m_items.boxInsets(lane) : 0.0;
}

double LadderPainter::gutterWidth() const
{
    measure();
    const QString widest = gutterTime(m_lastTimeNs).replace(QRegularExpression(u"\\d"_s), u"0"_s);
    const QFontMetricsF fm(m_label.small());
    return std::max(fm.horizontalAdvance(widest), fm.horizontalAdvance(u"+00.000"_s)) + kPad + 2;
}

QString LadderPainter::gutterTime(std::int64_t tNs) const
{
    // The header says "ms": the column keeps to the digits, and never clips them.
    QString text = EventText::relativeTime(tNs, m_layout.startNs());
    text.chop(3);
    return text;
}

double LadderPainter::minimumWidth() const
{
    measure();
    double total = gutterWidth();
    for (int i = 0; i < m_layout.laneCount(); ++i)
        total += laneMinimum(i);
    return total;
}

double LadderPainter::preferredWidth() const
{
    measure();
    double total = gutterWidth();
    for (int i = 0; i < m_layout.laneCount(); ++i)
        total += m_lanePreferred[static_cast<std::size_t>(i)] + laneInsets(i);
    return total;
}

std::vector<std::pair<double, double>> LadderPainter::laneSpans(double width) const
{
    measure();
    const int n = m_layout.laneCount();
    std::vector<double> widths(m_lanePreferred.begin(), m_lanePreferred.begin() + n);
    for (int i = 0; i < n; ++i)
        widths[static_cast<std::size_t>(i)] += laneInsets(i);
    const double gutter = gutterWidth();
    const double preferred = preferredWidth();
    if (width >= preferred) {
        // Room to spare: share it by weight, so calls get most of it.
        double weights = 0;
        for (int i = 0; i < n; ++i)
            weights += laneWeight(m_layout.lane(i).kind);
        for (int i = 0; i < n; ++i)
            widths[static_cast<std::size_t>(i)] += (width - preferred) * laneWeight(m_layout.lane(i).kind) / weights;
    } else {
        // Too narrow: the call lanes give up width (their calls wrap), in proportion to what they can give.
        double slack = 0;
        for (int i = 0; i < n; ++i)
            slack += widths[static_cast<std::size_t>(i)] - laneMinimum(i);
        const double deficit = std::min(slack, preferred - width);
        for (int i = 0; i < n && slack > 0; ++i) {
            const auto k = static_cast<std::size_t>(i);
            widths[k] -= (widths[k] - laneMinimum(i)) / slack * deficit;
        }
    }
    std::vector<std::pair<double, double>> spans;
    double x = gutter;
    for (double w : widths) {
        spans.emplace_back(x, x + w);
        x += w;
    }
    return spans;
}

bool LadderPainter::updateLines(LadderLayout& layout, double width, int fromRow) const
{
    const auto spans = laneSpans(width);
    if (spans != m_linesSpans)
        fromRow = 0;
    m_linesSpans = spans;
    int firstChanged = -1;
    for (int row = std::max(0, fromRow); row < layout.rowCount(); ++row) {
        const auto& r = layout.row(row);
        const double need = m_rowOneLine[static_cast<std::size_t>(row)];
        if (r.lane < 0 || need <= 0)
            continue;
        const auto& span = spans[static_cast<std::size_t>(r.lane)];
        const double room = span.second - span.first + 0.5 - laneInsets(r.lane);
        const double twoLines = m_rowTwoLines[static_cast<std::size_t>(row)];
        const int lines = need <= room ? 1 : twoLines <= 0 || twoLines <= room ? 2 : LadderLabel::kMaxLines;
        if (lines != r.lines) {
            layout.setRowLinesQuiet(row, lines);
            if (firstChanged < 0)
                firstChanged = row;
        }
    }
    if (firstChanged >= 0)
        layout.relayout(firstChanged);
    return firstChanged >= 0;
}
