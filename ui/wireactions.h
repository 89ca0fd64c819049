// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

#include <cstdint>

class QAction;
class QItemSelectionModel;
class RunnerProcess;
class TraceModel;

/// Step mode on a wire run: the user's hand on the wire. While the run is
/// paused with frames held, Deliver (D) sends the selected held frame to its
/// receiver (or the oldest one when no held frame is selected), Drop (X)
/// loses it, Release (Shift+D) delivers them all, by writing `deliver N`,
/// `drop N` or `release` to the runner. Disabled when nothing is held.
class WireActions : public QObject
{
    Q_OBJECT
public:
    WireActions(RunnerProcess* runner, TraceModel* model, QItemSelectionModel* selection, QObject* parent = nullptr);

    QAction* deliverAction() const { return m_deliver; }
    QAction* dropAction() const { return m_drop; }
    QAction* releaseAction() const { return m_release; }
    QList<QAction*> actions() const { return {m_deliver, m_drop, m_release}; }

    /// The frame Deliver and Drop act on: the selected event's, if it is held
    /// (its packet or its `wire` event is selected), else the oldest held; -1 if none.
    std::int64_t targetFrame() const;
    /// For the pause banner: which frames are held and the keys that move them; empty when none.
    QString pausedHint() const;
    /// The trace shown is a wire run.
    bool wireRun() const { return m_wireRun; }
    /// Enables the actions from the runner's state and what is held; their texts name the target frame.
    void update();

Q_SIGNALS:
    /// The trace is (or is no longer) a wire run: show or hide the wire's toolbar.
    void wireRunChanged(bool wireRun);

private:
    std::int64_t frameOfRow(int row) const;

    RunnerProcess* m_runner;
    TraceModel* m_model;
    QItemSelectionModel* m_selection;
    QAction* m_deliver;
    QAction* m_drop;
    QAction* m_release;
    bool m_wireRun = false;
};
