// SPDX-License-Identifier: MIT
#include "ui/ladderlegend.h"

#include "ui/ladderpalette.h"

#include <QEvent>

using namespace Qt::StringLiterals;

LadderLegend::LadderLegend(QWidget* parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setContentsMargins(6, 2, 6, 2);
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    setFont(small);
    updateText();
}

void LadderLegend::changeEvent(QEvent* event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        updateText();
}

void LadderLegend::updateText()
{
    const LadderPalette colours(palette());
    const auto coloured = [](const QColor& c, const QString& text) {
        return u"<b style='color:%1'>%2</b>"_s.arg(c.name(), text);
    };
    setText(tr("Legend: %1 · %2 · %3 · %4 · solid state = sampled from the kernel, <i>hatched/dashed</i> = derived "
               "from packets (too brief to sample) · dotted outline = orphan (no descriptor left) · vertical bar = a "
               "blocked call · ✓/✗ expectation met/missed · click an event for details")
                .arg(coloured(colours.fin(), tr("FIN")), coloured(colours.rst(), tr("RST")),
                     coloured(colours.syn(), tr("SYN")), coloured(colours.error(), tr("-1 errno: failed call"))));
}
