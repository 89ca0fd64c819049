// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

/// Colours of the ladder, derived from the widget's palette so that light
/// and dark desktop themes both read well. FIN, RST and errors have fixed
/// hues (blue, red, red) whose lightness follows the background.
class LadderPalette
{
public:
    explicit LadderPalette(const QPalette& palette = QPalette());

    bool isDark() const { return m_dark; }
    QColor background() const { return m_background; }
    QColor laneBackground() const { return m_laneBackground; }
    QColor text() const { return m_text; }
    QColor mutedText() const { return m_muted; }
    QColor grid() const { return m_grid; }
    QColor highlight() const { return m_highlight; }

    QColor fin() const { return m_fin; }
    QColor rst() const { return m_rst; }
    QColor syn() const { return m_syn; }
    QColor plainPacket() const { return m_text; }
    QColor error() const { return m_error; }
    QColor signal() const { return m_signal; }
    /// Fill for a syscall box / state band.
    QColor boxFill() const { return m_boxFill; }
    QColor stateColor(const QString& state) const;

private:
    QColor tuned(int hue, int saturation) const;

    bool m_dark = false;
    QColor m_background, m_laneBackground, m_text, m_muted, m_grid, m_highlight;
    QColor m_fin, m_rst, m_syn, m_error, m_signal, m_boxFill;
};
