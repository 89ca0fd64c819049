// SPDX-License-Identifier: MIT
#pragma once

#include "ui/ladderlabel.h"
#include "ui/ladderlayout.h"
#include "ui/ladderpalette.h"

#include <QRectF>

class QPainter;
class TraceModel;

/// Paints one item of the ladder into its cell: a call box, a packet arrow,
/// a state badge, a signal, a process exit. LadderPainter decides where.
class LadderItemPainter
{
public:
    LadderItemPainter(const LadderLayout& layout, const TraceModel& model, const LadderPalette& palette,
                      const LadderLabel& label);

    /// Room a syscall lane's boxes leave around their text: on the inner side
    /// for the blocked-call bar if the lane has one.
    double boxInsets(int lane) const;
    /// The expectation mark of a call: ` ✓`, ` ✗` or empty.
    QString expectMark(const finscope::SyscallEvent& s) const;

    void paint(QPainter& p, int row, const QRectF& cell) const;

private:
    void paintSyscall(QPainter& p, int row, const QRectF& cell) const;
    void paintPacket(QPainter& p, int row, const QRectF& cell) const;
    void paintState(QPainter& p, int row, const QRectF& cell) const;
    void paintQueueNote(QPainter& p, int row, const QRectF& cell) const;
    void paintSignal(QPainter& p, int row, const QRectF& cell) const;
    void paintExit(QPainter& p, int row, const QRectF& cell) const;
    QRectF boxIn(const QRectF& cell, int lane) const;
    double stripsWidth(int lane) const;

    const LadderLayout& m_layout;
    const TraceModel& m_model;
    const LadderPalette& m_palette;
    const LadderLabel& m_label;
};
