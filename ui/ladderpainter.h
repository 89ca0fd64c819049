// SPDX-License-Identifier: MIT
#pragma once

#include "ui/ladderflightpainter.h"
#include "ui/ladderitempainter.h"
#include "ui/ladderlabel.h"
#include "ui/ladderlayout.h"
#include "ui/ladderpalette.h"

#include <QFont>
#include <QHash>
#include <QRectF>
#include <QSet>

#include <vector>

class QPainter;
class TraceModel;
class LadderLinks;

/// Paints the ladder: lane backgrounds, socket tracks, blocked-call bars,
/// the time column, step dividers, time breaks and cause-and-effect links;
/// the items themselves are LadderItemPainter's. Only rows inside the
/// exposed rectangle are looked at, so the cost of a paint does not grow
/// with the trace. Lanes are as wide as their content asks (measured once
/// per event, as events arrive).
class LadderPainter
{
public:
    LadderPainter(const LadderLayout& layout, const TraceModel& model, const LadderPalette& palette,
                  const QFont& font, const LadderLinks* links = nullptr);

    /// Width of the time column on the left.
    double gutterWidth() const;
    /// Left and right x of every lane for a content of this width.
    std::vector<std::pair<double, double>> laneSpans(double width) const;
    /// Narrowest content that still reads (calls on two lines).
    double minimumWidth() const;
    /// Width at which every call fits on one line.
    double preferredWidth() const;
    /// Tells the layout which calls need two lines at this content width,
    /// looking at rows from `fromRow` on when the lane widths did not change
    /// since the last call (all rows otherwise); true if any row changed.
    bool updateLines(LadderLayout& layout, double width, int fromRow = 0) const;
    const LadderLabel& label() const { return m_label; }

    void setSelectedEvent(int eventIndex);
    /// Paints content rows between y0 and y1 (content coordinates; the painter
    /// is already translated) for a content `width` wide.
    void paintContent(QPainter& p, double width, double y0, double y1) const;
    /// Paints the lane titles in a band `height` tall at the top.
    void paintHeader(QPainter& p, double width, double height) const;

private:
    struct Ctx;
    void measure() const;
    struct CallWidths {
        double preferred = 0;   ///< one line, data shrunk
        double oneLine = 0;     ///< one line, arguments that decide nothing dropped
        double twoLines = 0, narrowest = 0;
    };
    const CallWidths& callWidths(const finscope::SyscallEvent& s, const QString& mark) const;
    double cachedWidth(const QFont& font, QChar tag, const QString& text) const;
    double smallWidth(const QString& text) const;
    double stateWidth(const QString& state) const;
    double packetWidth(const QString& label) const;
    double laneMinimum(int lane) const;
    double laneInsets(int lane) const;
    QString gutterTime(std::int64_t tNs) const;
    void paintLanes(const Ctx& c) const;
    void paintBands(const Ctx& c) const;
    void paintBars(const Ctx& c) const;
    void paintRow(const Ctx& c, int row) const;
    void paintStep(const Ctx& c, int row, const QRectF& rowRect) const;
    void paintNote(const Ctx& c, int row, const QRectF& rowRect) const;
    void paintNoCapture(const Ctx& c) const;
    void paintGutter(const Ctx& c) const;
    void paintBreaks(const Ctx& c) const;
    void paintDeadLanes(const Ctx& c) const;
    void paintLinks(const Ctx& c) const;

    const LadderLayout& m_layout;
    const TraceModel& m_model;
    const LadderPalette& m_palette;
    const LadderLinks* m_links;
    LadderLabel m_label;
    LadderItemPainter m_items;
    LadderFlightPainter m_flights;
    int m_selected = -1;
    QSet<int> m_chain;
    std::vector<std::pair<int, int>> m_chainLinks;

    // Content measured so far (rows [0, m_measured)), per lane and per row.
    mutable int m_measured = 0;
    mutable std::vector<double> m_lanePreferred, m_laneMinimum;
    mutable std::vector<double> m_rowOneLine;   // syscall rows: width of `call(…) → result` on one line
    mutable QHash<QString, CallWidths> m_callWidths;   // call, args, result -> its widths
    mutable QHash<QString, double> m_textWidths;       // font tag + text -> its width
    mutable std::vector<double> m_rowTwoLines;  // syscall rows: narrowest width on two lines (0: two always do)
    mutable std::int64_t m_lastTimeNs = 0;
    mutable std::vector<std::pair<double, double>> m_linesSpans;   // lane spans of the last updateLines()
};
