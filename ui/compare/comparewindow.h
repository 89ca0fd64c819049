// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QWidget>

#include <array>
#include <vector>

class CompareModel;
class LadderView;
class QItemSelectionModel;
class QLabel;
class QTableView;
class RunnerProcess;
class TraceModel;

/// Compare two runs: two ladders side by side (scenarios run now, each in
/// its own sandbox, or saved traces), the aligned steps below with what
/// differs highlighted. Choosing a step shows it in both ladders; the
/// ladders scroll together.
class CompareWindow : public QWidget
{
    Q_OBJECT
public:
    explicit CompareWindow(QWidget* parent = nullptr);
    ~CompareWindow() override;

    /// Starts both sides: each a scenario (id or .fsc path) to run, or a saved
    /// JSON-lines trace (.jsonl/.json). `ready()` follows once both are in.
    void compare(const QString& a, const QString& b);
    /// True for a file that holds a trace rather than a scenario.
    static bool isTraceFile(const QString& path);

    CompareModel* compareModel() const { return m_compare; }
    LadderView* ladder(int side) const { return m_sides[static_cast<std::size_t>(side)].ladder; }
    TraceModel* traceModel(int side) const { return m_sides[static_cast<std::size_t>(side)].model; }
    QTableView* stepTable() const { return m_table; }
    /// Shows aligned row `row` in both ladders.
    void selectRow(int row);
    bool isReady() const;

Q_SIGNALS:
    /// Both runs are complete (or failed) and compared.
    void ready();

private:
    struct Side {
        QString source;
        TraceModel* model = nullptr;
        QItemSelectionModel* selection = nullptr;
        LadderView* ladder = nullptr;
        QLabel* title = nullptr;
        RunnerProcess* runner = nullptr;
        std::vector<finscope::TraceEvent> events;
        bool done = false;
        QString error;
    };
    QWidget* createSide(int side);
    void load(int side, const QString& what);
    void append(int side, const std::vector<finscope::TraceEvent>& events);
    void sideDone(int side);
    void onLadderCurrent(int side, int traceRow);
    void syncScroll(int from);

    std::array<Side, 2> m_sides;
    CompareModel* m_compare;
    QTableView* m_table = nullptr;
    QLabel* m_summary = nullptr;
    bool m_syncing = false;
};
