// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QHash>

#include <cstdint>
#include <vector>

class LadderLayout;

/// The frames of a wire run on their way across the wire: where each
/// packet's arrow starts (its sender, at t_ns) and how it ends (at the
/// receiver at delivered_ns, still in the air, or dropped on the way). A
/// later `wire` event changes a frame's fate (a held frame delivered or
/// dropped), so the arrow drawn for the packet changes with it. Loopback
/// packets have no frame id and no flight: they keep their short arrow.
class LadderFlights
{
public:
    enum class Fate { InFlight, Held, Delivered, Dropped };
    struct Flight {
        std::int64_t frame = 0;
        int row = -1;               ///< the packet's row in the layout
        int packetEvent = -1;       ///< trace index of the packet
        int wireEvent = -1;         ///< trace index of the `wire` event that settled it, or -1
        std::int64_t sentNs = 0;
        std::int64_t endNs = -1;    ///< delivered or dropped at; -1 while it is in the air
        Fate fate = Fate::InFlight;
        bool rightward = true;      ///< sent from the left side of the wire
    };

    /// The fate named in the trace ("delivered", "held", "in-flight", "dropped").
    static Fate fateOf(const std::string& name);

    /// Records a packet of a wire run; false (nothing recorded) for a loopback packet.
    bool addPacket(const finscope::PacketEvent& packet, int eventIndex, int row, std::int64_t tNs, bool rightward);
    /// Applies a `wire` event to its frame; returns the frame's packet row, or -1 if the frame is unknown.
    int update(const finscope::WireEvent& wire, int eventIndex, std::int64_t tNs);

    bool empty() const { return m_flights.empty(); }
    /// In the order the packets were sent (their rows ascend).
    const std::vector<Flight>& flights() const { return m_flights; }
    const Flight* ofRow(int row) const;
    const Flight* ofFrame(std::int64_t frame) const;

    /// The y (layout pixels) at which time `tNs` passes on the wire: the
    /// wire lane's rows are in time order in every spacing, so the point
    /// lies between the last wire item before it and the first one after
    /// (proportionally to time, so that in real-time spacing an arrow
    /// slopes with the real delay).
    static double yAtTime(const LadderLayout& layout, std::int64_t tNs);

private:
    std::vector<Flight> m_flights;
    QHash<std::int64_t, int> m_byFrame;   // frame id -> index in m_flights
    QHash<int, int> m_byRow;              // packet row -> index in m_flights
};
