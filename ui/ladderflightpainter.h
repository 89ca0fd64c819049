// SPDX-License-Identifier: MIT
#pragma once

#include "ui/ladderflights.h"
#include "ui/ladderlabel.h"
#include "ui/ladderpalette.h"

#include <QLineF>

#include <utility>
#include <vector>

class LadderLayout;
class QPainter;
class TraceModel;

/// Paints the arrows of a wire run's packets across the wire lane: from the
/// sender's edge where the frame left to the receiver's edge where it was
/// delivered (sloping with the delay), or stopping in the middle of the wire:
/// dashed and labelled "held" (or "in flight") while the frame is in the air,
/// ending in a cross when it was dropped. An arrow may cross many rows, so
/// these are painted in a pass of their own, before the rows' labels.
class LadderFlightPainter
{
public:
    LadderFlightPainter(const LadderLayout& layout, const TraceModel& model, const LadderPalette& palette,
                        const LadderLabel& label);

    /// The arrow of a flight for a wire lane spanning [left, right] (layout pixels).
    static QLineF arrow(const LadderLayout& layout, const LadderFlights::Flight& flight, double left, double right);

    /// Paints every flight whose arrow meets the rows between y0 and y1.
    void paint(QPainter& p, const std::vector<std::pair<double, double>>& spans, double y0, double y1) const;

private:
    void paintFlight(QPainter& p, const LadderFlights::Flight& flight, const QLineF& line) const;

    const LadderLayout& m_layout;
    const TraceModel& m_model;
    const LadderPalette& m_palette;
    const LadderLabel& m_label;
};
