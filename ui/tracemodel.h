// SPDX-License-Identifier: MIT
#pragma once

#include "core/compacttrace.h"
#include "core/traceevent.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

#include <optional>
#include <unordered_map>
#include <vector>

/// Every event of one run, in trace order: one row an event. Live events
/// are stored at once but announced to views in batches (beginInsertRows
/// from a zero-timer), so a burst of thousands of lines costs one insert.
/// A big backlog (a trace file being read) is announced a slice at a time,
/// one slice a turn of the event loop, each sized so that the views' work
/// on it takes about kSliceBudgetMs: the window keeps painting and taking
/// input between slices.
/// Events are kept compactly (finscope::CompactTrace, ~60 bytes an event
/// instead of ~600) and decoded when asked for; the last few thousand asked
/// for stay decoded.
class TraceModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, EndpointColumn, KindColumn, EventColumn, LineColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, LineRole, EventIndexRole };

    explicit TraceModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Queues events; views hear of them on the next turn of the event loop (or at flush()).
    void append(const std::vector<finscope::TraceEvent>& events);
    /// Announces every queued event now.
    void flush();
    void clear();
    /// Events stored but not yet announced.
    int pendingRows() const { return static_cast<int>(m_events.size()) - m_announced; }
    /// Forgets the stored events not yet announced (a cancelled load shows what it has shown).
    void dropPending();
    static constexpr int kSliceBudgetMs = 12;

    /// An announced event (row < rowCount()). The reference stays valid
    /// while fewer than kDecodedEvents other events are asked for: use it
    /// at once, copy it to keep it.
    const finscope::TraceEvent& event(int row) const;
    static constexpr int kDecodedEvents = 8192;
    /// Heap bytes the events take (records and strings, not the views' own data).
    std::size_t eventBytes() const { return m_events.bytesUsed() + m_lines.capacity() * sizeof(int); }
    /// The scenario line an event belongs to: its own, or the step it happened in.
    int lineOf(int row) const { return m_lines[static_cast<std::size_t>(row)]; }
    /// Time of the first event (the `run`), the zero of relative times.
    std::int64_t startNs() const { return m_startNs; }
    const finscope::RunEvent* run() const { return m_run ? m_run->as<finscope::RunEvent>() : nullptr; }
    const finscope::SummaryEvent* summary() const;

    // Wire runs (docs/trace-format.md, "Wire runs"). A `wire` event joins its packet by frame id.
    /// The row of the packet that carried `frame`, or -1.
    int packetOfFrame(std::int64_t frame) const { return m_packetOfFrame.value(frame, -1); }
    /// The row of the latest `wire` event about `frame` (its fate changed after the packet), or -1.
    int fateChangeOfFrame(std::int64_t frame) const { return m_fateOfFrame.value(frame, -1); }
    /// Frames held on the wire at the latest pause, oldest first (none on loopback).
    std::vector<std::int64_t> heldFrames() const;

Q_SIGNALS:
    /// Every stored event is announced (after a slice or a flush that announced the last ones).
    void caughtUp();

private:
    /// Announces the next slice of queued events; schedules the next turn if more remain.
    void announceSlice();
    void announceUpTo(int total);
    QVariant displayData(const finscope::TraceEvent& e, int column) const;

    /// Keeps a decoded event in the ring of recently used ones.
    const finscope::TraceEvent& remember(int row, finscope::TraceEvent event) const;

    finscope::CompactTrace m_events;   // announced rows first, queued ones after
    std::vector<int> m_lines;
    int m_announced = 0;
    // Decoded events, a ring: slot m_nextSlot is reused next.
    mutable std::vector<finscope::TraceEvent> m_decoded;
    mutable std::vector<int> m_decodedRow;
    mutable std::unordered_map<int, int> m_slotOfRow;
    mutable int m_nextSlot = 0;
    // Kept whole: callers hold pointers to them for a whole run.
    std::optional<finscope::TraceEvent> m_run;
    std::optional<finscope::TraceEvent> m_summary;
    int m_summaryRow = -1;
    int m_currentStepLine = 0;
    int m_lastPause = -1;
    QHash<std::int64_t, int> m_packetOfFrame;
    QHash<std::int64_t, int> m_fateOfFrame;
    std::int64_t m_startNs = 0;
    QTimer m_flushTimer;
    int m_sliceRows = 4096;   // rows the next slice announces, adapted to the views' cost
};
