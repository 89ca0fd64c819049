// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QRect>
#include <QString>

class QPainter;
class LadderPalette;

/// The `why` of the selected event ("why: data arrived for a socket that
/// was closed"), framed: along the bottom of the ladder on screen, below the
/// figure in an export. One drawing for both, so a handout says what the
/// window said.
class LadderWhy
{
public:
    LadderWhy(const QFont& font, const QString& why);

    bool isEmpty() const { return m_text.isEmpty(); }
    /// Height of the framed sentence wrapped to `width` (0 when there is no sentence).
    int height(int width) const;
    /// Draws the frame and the sentence in `box` (as tall as height(box.width())).
    void paint(QPainter& p, const QRect& box, const LadderPalette& palette) const;

private:
    QFont m_font;
    QString m_text;
};
