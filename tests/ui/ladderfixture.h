// SPDX-License-Identifier: MIT
#pragma once
// Helpers shared by the ladder tests: canned traces, and looking for colours in a rendering.

#include "ui/ladderview.h"
#include "ui/tracemodel.h"
#include "ui/tracereader.h"

#include <QFile>
#include <QImage>
#include <QPainter>

#include <cmath>

namespace fixture {

inline std::vector<finscope::TraceEvent> readTrace(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    TraceReader reader;
    auto events = reader.feed(file.readAll());
    auto rest = reader.finish();
    events.insert(events.end(), rest.begin(), rest.end());
    return events;
}

inline std::vector<finscope::TraceEvent> cannedTrace()
{
    return readTrace(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
}

/// The whole ladder, header included, as an image as tall as its content.
inline QImage renderAll(const LadderView& view)
{
    const int height = view.headerHeight() + static_cast<int>(view.layout().totalHeight()) + 10;
    const int width = static_cast<int>(std::ceil(view.laneSpans().back().second));
    QImage image(width, height, QImage::Format_RGB32);
    QPainter p(&image);
    view.render(p, image.size(), 0);
    return image;
}

inline bool near(QColor a, QColor b, int tolerance)
{
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) + std::abs(a.blue() - b.blue()) <= tolerance;
}

/// Pixels of (nearly) this colour inside a rectangle of the image.
inline int countColour(const QImage& image, const QRect& rect, QColor colour, int tolerance = 30)
{
    int count = 0;
    const QRect r = rect.intersected(image.rect());
    for (int y = r.top(); y <= r.bottom(); ++y)
        for (int x = r.left(); x <= r.right(); ++x)
            count += near(image.pixelColor(x, y), colour, tolerance) ? 1 : 0;
    return count;
}

/// Where an event's row is in an image made by renderAll(), over one lane.
inline QRect cellRect(const LadderView& view, int eventIndex, int lane)
{
    const auto& layout = view.layout();
    const int row = layout.rowOfEvent(eventIndex);
    if (row < 0)
        return {};   // run, expect, summary: not drawn as a row
    const auto spans = view.laneSpans();
    const auto& span = spans[static_cast<std::size_t>(lane)];
    return QRect(static_cast<int>(span.first), view.headerHeight() + static_cast<int>(layout.rowTop(row)),
                 static_cast<int>(span.second - span.first), static_cast<int>(layout.rowHeight(row)));
}

} // namespace fixture
