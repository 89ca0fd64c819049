// SPDX-License-Identifier: MIT
#pragma once

#include <QPainter>
#include <QPointF>
#include <QPolygonF>

#include <cmath>

namespace LadderArrow {

/// A filled arrow head at `tip`, pointing away from `from`: the one shape
/// every packet arrow of the ladder ends in (loopback and wire alike).
inline void drawHead(QPainter& p, QPointF tip, QPointF from, double size)
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

} // namespace LadderArrow
