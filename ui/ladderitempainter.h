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

    /// Room the boxes of a syscall lane leave on their inner side for the blocked-call bar.
    static double boxInsets();
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
    QRectF boxIn(const QRectF& cell, const QString& endpoint) const;
    double stripsWidth(int lane) const;

    const LadderLayout& m_layout;
    const TraceModel& m_model;
    const LadderPalette& m_palette;
    const LadderLabel& m_label;
};
