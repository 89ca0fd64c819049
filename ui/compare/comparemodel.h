// SPDX-License-Identifier: MIT
#pragma once

#include "core/tracediff.h"

#include <QAbstractTableModel>

#include <vector>

/// Two runs' steps side by side, aligned by core/tracediff: one row a
/// pair of steps (or a step only one run has), differing rows marked, and
/// for each row the trace rows of its steps so the ladders can follow.
class CompareModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StepAColumn, StepBColumn, DifferencesColumn, ColumnCount };
    enum Role { DiffersRole = Qt::UserRole + 1 };

    explicit CompareModel(QObject* parent = nullptr);

    /// Aligns and compares two whole traces.
    void setTraces(const std::vector<finscope::TraceEvent>& a, const std::vector<finscope::TraceEvent>& b);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const finscope::TraceDiff& diff() const { return m_diff; }
    /// Rows whose steps did something different (or only one run has).
    int differingRows() const;
    /// The trace row of row `row`'s step in run A (side 0) or B (side 1): its
    /// `step` event; -1 when that run has no such step.
    int traceRow(int row, int side) const;
    /// The aligned row holding trace row `traceRow` of run `side`, or -1.
    int rowForTraceRow(int side, int traceRow) const;
    /// What differs in row `row`, one line a difference: "packet c1: F. … | R …".
    QString differences(int row) const;

private:
    finscope::TraceDiff m_diff;
    std::vector<std::pair<int, int>> m_traceRows;   // per aligned row: A's and B's step event rows
};
