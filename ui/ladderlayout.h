// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"
#include "ui/ladderflights.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <vector>

/// Where each trace event goes on the ladder: its lane (column) and row
/// (vertical position). Pure geometry, no painting, so tests can ask "which
/// lane and row did the FIN land in?". Built incrementally as events
/// arrive: appending one event costs O(1), whatever the trace length.
///
/// Lanes, left to right: first endpoint's syscalls | its TCP state | the
/// wire | second endpoint's state | its syscalls | further endpoints'
/// state and syscalls (forked endpoints get their own lanes). With a single
/// endpoint a narrow "peer" lane stands for the far side that has no socket.
///
/// Rows are grouped in tiers (horizontal bands). In the compact spacing a
/// tier is a scenario step: its call, the packets it caused (stacked in wire
/// order) and the state changes share the tier, each lane stacking its own
/// items. In the detailed spacings (event order, real time) every row is a
/// tier of its own.
///
/// A wire run's packets also have a flight (LadderFlights): the row is where
/// the frame left its sender; the arrow ends where and when it was delivered.
class LadderLayout
{
public:
    enum class LaneKind { Syscalls, State, Wire, Peer };
    enum class Spacing { Compact, EventOrder, RealTime };

    struct Lane {
        LaneKind kind;
        QString endpoint;   ///< empty for the wire and the peer
    };
    struct Row {
        int event = -1;     ///< index in the trace (TraceModel row)
        int lane = -1;      ///< -1: spans every lane (steps, notes)
        double y = 0;       ///< top, in pixels at the current zoom
        double height = 0;
        double factor = 1;  ///< height relative to an event row (steps are thinner)
        int lines = 1;      ///< text lines the item needs (a long call wraps to 2 or 3)
        int tier = -1;
        double offset = 0;  ///< units from the tier's top, in its lane's stack
        int track = -1;     ///< state rows: the socket track
        bool titled = false;    ///< state rows: the first of its track or a new name: show the socket's name
        int confirmedBy = -1;   ///< derived state rows: the sample that confirmed it (drawn solid)
        bool queueNote = false; ///< state rows: only the queues changed (a small annotation)
        bool afterPackets = false; ///< compact: starts level with its tier's last packet row, not above it
    };
    /// A horizontal band of rows: one step (compact) or one row (detailed).
    struct Tier {
        int firstRow = 0;
        int lastRow = 0;
        double y = 0;
        double height = 0;
        double units = 0;           ///< height in event rows at zoom 1
        int stepEvent = -1;         ///< the step that opened it, or -1
        bool breakBefore = false;   ///< real time: a long gap before it was collapsed
        std::int64_t gapNs = 0;     ///< time since the previous tier's last row
    };
    /// A stretch of one socket's state, from the row it was reported to the next report.
    struct Band {
        int event = -1;
        int startRow = 0;
        int endRow = -1;    ///< -1: still in this state at the end of the trace
        bool orphan = false;    ///< no descriptor referred to the socket any more
    };
    /// One socket's state history: lane, sub-column inside the lane, bands in order.
    struct SocketTrack {
        int lane = -1;
        int slot = 0;
        std::vector<Band> bands;
        QString name;           ///< current descriptor name
        bool listener = false;  ///< it was in LISTEN
        // For folding repeated samples (compact spacing).
        std::string state;
        bool derived = false;
        std::uint32_t recvQ = 0, sendQ = 0;
        int badgeRow = -1;
    };
    /// A call that blocked: from its entry row to its return row.
    struct Bar {
        int lane = -1;
        int startRow = 0;
        int endRow = -1;    ///< -1: never returned (yet)
        int enterEvent = -1;
        int returnEvent = -1;
    };

    LadderLayout();

    /// Forgets every event; keeps spacing, zoom, row height and preset endpoints.
    void clear();
    /// Endpoints known before a run (from the scenario file), so the empty
    /// ladder already shows the right lanes. Survives clear().
    void setPresetEndpoints(const QStringList& endpoints);
    /// Adds the next event of the trace (eventIndex = its position in the trace).
    void append(const finscope::TraceEvent& event, int eventIndex);

    /// Switching between compact and a detailed spacing changes which rows
    /// exist: it clears the layout and returns true, and the caller appends
    /// the events again. Event order <-> real time only moves rows.
    bool setSpacing(Spacing spacing);
    Spacing spacing() const { return m_spacing; }
    bool compact() const { return m_spacing == Spacing::Compact; }
    /// Scales row heights (event order, compact) or time (real time). 1.0 = default.
    void setZoom(double zoom);
    double zoom() const { return m_zoom; }
    /// Height of one event row at zoom 1, normally the font's line spacing plus padding.
    void setBaseRowHeight(double height);
    double baseRowHeight() const { return m_baseRowHeight; }
    /// Real time: a gap that would be taller than this (pixels) is drawn as a break.
    static constexpr double kMaxGapPixels = 150.0;
    /// Height of a row of `lines` text lines relative to a one-line row (two: 1.6).
    static constexpr double lineFactor(int lines) { return 1.0 + 0.6 * (lines - 1); }
    /// Text lines a row needs (1 to 3); re-places rows when it changes.
    void setRowLines(int row, int lines);
    void setRowLinesQuiet(int row, int lines) { m_rows[static_cast<std::size_t>(row)].lines = lines; }
    /// Re-places rows from `fromRow` on (its whole tier) after setRowLinesQuiet().
    void relayout(int fromRow = 0);

    int laneCount() const { return static_cast<int>(m_lanes.size()); }
    const Lane& lane(int index) const { return m_lanes[static_cast<std::size_t>(index)]; }
    int syscallLane(const QString& endpoint) const;
    int stateLane(const QString& endpoint) const;
    int wireLane() const { return m_wireLane; }
    /// The peer lane (one endpoint only), or -1.
    int peerLane() const;
    /// Endpoints in lane order.
    const QStringList& endpoints() const { return m_endpoints; }
    /// 0 for the first endpoint (left of the wire), 1 for the others (right).
    int side(const QString& endpoint) const { return m_endpoints.indexOf(endpoint) == 0 ? 0 : 1; }
    /// The side a packet leaves from: its sender's, or the far side of its receiver.
    int senderSide(const finscope::PacketEvent& packet) const;
    /// How many sockets share the state lane of this endpoint.
    int slotCount(int lane) const { return m_slotCounts.value(lane, 1); }

    int rowCount() const { return static_cast<int>(m_rows.size()); }
    const Row& row(int index) const { return m_rows[static_cast<std::size_t>(index)]; }
    int tierCount() const { return static_cast<int>(m_tiers.size()); }
    const Tier& tier(int index) const { return m_tiers[static_cast<std::size_t>(index)]; }
    /// The row of a trace event, or -1 if it is not drawn (run, summary, pause,
    /// expect). In the compact spacing a folded event (a repeated state sample,
    /// a helper call of listen()) answers the row it was folded into.
    int rowOfEvent(int eventIndex) const;
    /// The lane an event is drawn in, or -1 (wire-spanning or no row).
    int laneOfEvent(int eventIndex) const;
    /// The first row of the first tier whose bottom is below y (scaled pixels), for painting from there.
    int firstRowAt(double y) const;
    /// The last row of the tier at y (or of the last tier above it): paint up to there.
    int lastRowAt(double y) const;
    double rowTop(int row) const { return m_rows[static_cast<std::size_t>(row)].y; }
    double rowHeight(int row) const { return m_rows[static_cast<std::size_t>(row)].height; }
    double totalHeight() const;
    /// Time of each row's event (ns), for the time column.
    std::int64_t rowTimeNs(int row) const { return m_rowTimes[static_cast<std::size_t>(row)]; }
    std::int64_t startNs() const { return m_startNs; }

    const std::vector<SocketTrack>& sockets() const { return m_sockets; }
    /// Blocked calls per syscall lane; within a lane they follow each other (an
    /// endpoint waits for its blocked call before its next step).
    const QHash<int, std::vector<Bar>>& bars() const { return m_bars; }
    /// Row at which an endpoint's process ended, or -1.
    int exitRow(const QString& endpoint) const { return m_exitRows.value(endpoint, -1); }
    /// The expect event that checked this call, or -1.
    int expectForCall(std::int64_t callId) const { return m_expects.value(callId, -1); }
    /// The run had no packet capture: the wire lane is a gap, not an empty wire.
    bool noCapture() const { return m_noCapture; }
    /// A capture imported from a file: it has no system calls, so the ladder has no lanes for them.
    bool noSyscalls() const { return m_noSyscalls; }
    /// A wire run (run.wire set): packets take time to cross, and may be held or dropped.
    bool wireRun() const { return m_wireRun; }
    /// The frames of a wire run (empty on loopback).
    const LadderFlights& flights() const { return m_flights; }

    /// Index of the first band / bar that may overlap rows >= firstRow
    /// (their end rows are ascending, so a binary search finds it).
    static std::size_t firstBandFrom(const std::vector<Band>& bands, int firstRow);
    static std::size_t firstBarFrom(const std::vector<Bar>& bars, int firstRow);

private:
    void ensureEndpoint(const QString& endpoint);
    void rebuildLanes();
    /// `afterPackets`: the row starts no higher than the last packet row of its
    /// tier (compact figure), because it happened after those packets.
    int addRow(int eventIndex, int lane, std::int64_t tNs, double heightFactor = 1.0, bool afterPackets = false);
    void stackRow(std::size_t index);
    void placeTier(std::size_t index);
    void placeAllTiers();
    void placeTiersFrom(std::size_t first);
    void addSyscall(const finscope::SyscallEvent& s, int eventIndex, std::int64_t tNs);
    void addState(const finscope::StateEvent& s, int eventIndex, std::int64_t tNs);
    bool foldState(SocketTrack& track, const finscope::StateEvent& s, int eventIndex);
    void mapEvent(int eventIndex, int row);

    std::vector<Lane> m_lanes;
    QStringList m_endpoints;
    QStringList m_presetEndpoints;
    int m_wireLane = 0;
    QHash<int, int> m_slotCounts;

    std::vector<Row> m_rows;
    std::vector<Tier> m_tiers;
    QHash<int, double> m_stack;     // lane -> units used in the last tier
    bool m_newTier = true;          // the next row opens a tier (compact: a step began)
    int m_pendingStep = -1;
    std::vector<std::int64_t> m_rowTimes;
    std::vector<int> m_eventRows;   // trace index -> row, -1
    QHash<QString, std::vector<int>> m_foldedCalls;   // endpoint -> helper calls waiting for the main call
    std::vector<SocketTrack> m_sockets;
    QHash<QString, int> m_socketByKey;
    QHash<int, std::vector<Bar>> m_bars;
    QHash<std::int64_t, std::pair<int, std::size_t>> m_barByCall;   // call id -> lane, index
    QHash<QString, int> m_exitRows;
    QHash<std::int64_t, int> m_expects;

    Spacing m_spacing = Spacing::Compact;
    double m_zoom = 1.0;
    double m_baseRowHeight = 24.0;
    std::int64_t m_startNs = 0;
    bool m_noCapture = false;
    bool m_noSyscalls = false;   ///< an imported capture: no process made calls we saw
    bool m_wireRun = false;
    LadderFlights m_flights;
};
