// SPDX-License-Identifier: MIT
#include "ui/ladderpalette.h"

#include <QHash>

using namespace Qt::StringLiterals;

LadderPalette::LadderPalette(const QPalette& palette)
{
    m_background = palette.color(QPalette::Base);
    m_dark = m_background.lightness() < 128;
    m_laneBackground = palette.color(QPalette::AlternateBase);
    if (m_laneBackground == m_background)
        m_laneBackground = m_dark ? m_background.lighter(125) : m_background.darker(104);
    m_text = palette.color(QPalette::Text);
    // Halfway between text and background: readable on both themes, whatever
    // the theme's placeholder colour happens to be.
    m_muted = QColor::fromRgbF((m_text.redF() + m_background.redF()) / 2, (m_text.greenF() + m_background.greenF()) / 2,
                               (m_text.blueF() + m_background.blueF()) / 2);
    m_grid = m_dark ? m_background.lighter(180) : m_background.darker(120);
    m_highlight = palette.color(QPalette::Highlight);
    m_fin = tuned(215, 230);    // blue
    m_rst = tuned(0, 220);      // red
    m_syn = tuned(130, 170);    // green
    m_error = tuned(355, 220);
    m_signal = tuned(285, 170); // purple: a signal is neither a packet nor an errno
    m_boxFill = m_dark ? m_background.lighter(160) : m_background.darker(108);
}

QColor LadderPalette::tuned(int hue, int saturation) const
{
    // Dark backgrounds need light strokes and the reverse; keep the hue so
    // "FIN is blue, RST is red" holds in both themes.
    return QColor::fromHsl(hue, saturation, m_dark ? 170 : 95);
}

QColor LadderPalette::stateColor(const QString& state) const
{
    static const QHash<QString, int> hues = {
        {u"LISTEN"_s, 200},     {u"SYN_SENT"_s, 130},  {u"SYN_RECV"_s, 130},
        {u"ESTABLISHED"_s, 140}, {u"FIN_WAIT1"_s, 215}, {u"FIN_WAIT2"_s, 230},
        {u"CLOSE_WAIT"_s, 35},   {u"LAST_ACK"_s, 20},    {u"CLOSING"_s, 270},
        {u"TIME_WAIT"_s, 50},    {u"CLOSE"_s, 0},        {u"CLOSED"_s, 0},
    };
    const int hue = hues.value(state, -1);
    if (hue < 0 || state == u"CLOSE"_s || state == u"CLOSED"_s)
        return m_muted;
    return QColor::fromHsl(hue, 150, m_dark ? 120 : 160);
}
