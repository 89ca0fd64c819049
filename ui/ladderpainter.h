// SPDX-License-Identifier: MIT
#pragma once

#include "ui/ladderlayout.h"
#include "ui/ladderpalette.h"

#include <QFont>
#include <QRectF>

#include <vector>

class QPainter;
class TraceModel;

/// Paints the ladder: lane backgrounds, state bands, syscall boxes, packet
/// arrows, signals. Only rows inside the exposed rectangle are looked at,
/// so the cost of a paint does not grow with the trace.
class LadderPainter
{
public:
    LadderPainter(const LadderLayout& layout, const TraceModel& model, const LadderPalette& palette,
                  const QFont& font);

    /// Width of the time column on the left.
    double gutterWidth() const;
    /// Left and right x of every lane for a content of this width.
    std::vector<std::pair<double, double>> laneSpans(double width) const;
    /// Narrowest content that still reads.
    double minimumWidth() const;

    void setSelectedEvent(int eventIndex) { m_selected = eventIndex; }
    /// Paints content rows between y0 and y1 (content coordinates; the painter
    /// is already translated) for a content `width` wide.
    void paintContent(QPainter& p, double width, double y0, double y1) const;
    /// Paints the lane titles in a band `height` tall at the top.
    void paintHeader(QPainter& p, double width, double height) const;

private:
    struct Ctx;
    void paintLanes(const Ctx& c) const;
    void paintBands(const Ctx& c) const;
    void paintBars(const Ctx& c) const;
    void paintRow(const Ctx& c, int row) const;
    void paintSyscall(const Ctx& c, int row, const QRectF& cell) const;
    void paintPacket(const Ctx& c, int row, const QRectF& cell) const;
    void paintState(const Ctx& c, int row, const QRectF& cell) const;
    void paintSignal(const Ctx& c, int row, const QRectF& cell) const;
    void paintExit(const Ctx& c, int row, const QRectF& cell) const;
    void paintStep(const Ctx& c, int row, const QRectF& rowRect) const;
    void paintNote(const Ctx& c, int row, const QRectF& rowRect) const;
    void paintNoCapture(const Ctx& c) const;
    void paintTime(const Ctx& c, int row) const;
    void paintDeadLanes(const Ctx& c) const;

    const LadderLayout& m_layout;
    const TraceModel& m_model;
    const LadderPalette& m_palette;
    QFont m_font;
    QFont m_small;
    QFont m_bold;
    int m_selected = -1;
};
