// SPDX-License-Identifier: MIT
#include "ui/ladderwhy.h"

#include "ui/ladderpalette.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace {
constexpr int kMargin = 8;   // text inside the frame, left and right
constexpr int kInner = 4;    // text inside the frame, above and below
} // namespace

LadderWhy::LadderWhy(const QFont& font, const QString& why)
    : m_font(font), m_text(why.isEmpty() ? QString() : QCoreApplication::translate("LadderWhy", "why: %1").arg(why))
{
    m_font.setItalic(true);
}

int LadderWhy::height(int width) const
{
    if (m_text.isEmpty())
        return 0;
    const QRect area(0, 0, std::max(1, width - 2 * kMargin), 100000);
    return QFontMetrics(m_font).boundingRect(area, Qt::TextWordWrap, m_text).height() + 2 * kInner;
}

void LadderWhy::paint(QPainter& p, const QRect& box, const LadderPalette& palette) const
{
    if (m_text.isEmpty())
        return;
    p.save();
    QColor fill = palette.background();
    fill.setAlpha(235);
    p.fillRect(box, fill);
    p.setPen(QPen(palette.highlight(), 1.5));
    p.setBrush(Qt::NoBrush);
    p.drawRect(box);
    p.setFont(m_font);
    p.setPen(palette.text());
    p.drawText(box.adjusted(kMargin, kInner, -kMargin, -kInner), Qt::TextWordWrap | Qt::AlignVCenter, m_text);
    p.restore();
}
