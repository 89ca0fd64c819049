// SPDX-License-Identifier: MIT
#include "ui/ladderflights.h"

#include "ui/ladderlayout.h"

#include <algorithm>

LadderFlights::Fate LadderFlights::fateOf(const std::string& name)
{
    if (name == "delivered")
        return Fate::Delivered;
    if (name == "held")
        return Fate::Held;
    if (name == "dropped")
        return Fate::Dropped;
    return Fate::InFlight;
}

bool LadderFlights::addPacket(const finscope::PacketEvent& packet, int eventIndex, int row, std::int64_t tNs,
                              bool rightward)
{
    if (!packet.frameId)
        return false;
    Flight f;
    f.frame = *packet.frameId;
    f.row = row;
    f.packetEvent = eventIndex;
    f.sentNs = tNs;
    f.fate = fateOf(packet.fate);
    f.rightward = rightward;
    if (f.fate == Fate::Delivered)
        f.endNs = packet.deliveredNs.value_or(tNs);
    else if (f.fate == Fate::Dropped)
        f.endNs = tNs;   // dropped as it reached the relay: a loss, a drop() rule
    const int index = static_cast<int>(m_flights.size());
    m_flights.push_back(f);
    m_byFrame.insert(f.frame, index);
    m_byRow.insert(row, index);
    return true;
}

int LadderFlights::update(const finscope::WireEvent& wire, int eventIndex, std::int64_t tNs)
{
    const auto it = m_byFrame.constFind(wire.frame);
    if (it == m_byFrame.cend())
        return -1;
    Flight& f = m_flights[static_cast<std::size_t>(*it)];
    f.fate = fateOf(wire.fate);
    f.wireEvent = eventIndex;
    f.endNs = f.fate == Fate::Delivered || f.fate == Fate::Dropped ? tNs : -1;
    return f.row;
}

const LadderFlights::Flight* LadderFlights::ofRow(int row) const
{
    const auto it = m_byRow.constFind(row);
    return it == m_byRow.cend() ? nullptr : &m_flights[static_cast<std::size_t>(*it)];
}

const LadderFlights::Flight* LadderFlights::ofFrame(std::int64_t frame) const
{
    const auto it = m_byFrame.constFind(frame);
    return it == m_byFrame.cend() ? nullptr : &m_flights[static_cast<std::size_t>(*it)];
}

namespace {
/// A stretch of the time axis: an item of the wire (or a whole tier) from its time on.
struct Mark {
    std::int64_t tNs;
    double top;
    double bottom;
};

double between(std::int64_t tNs, const Mark& before, std::int64_t nextNs, double nextTop)
{
    // Proportional to time between the end of one item and the start of the next: in
    // real-time spacing that gap is itself proportional to time, so the arrow's slope is the delay.
    if (nextNs <= before.tNs || nextTop <= before.bottom)
        return before.bottom;
    const double f = std::clamp(static_cast<double>(tNs - before.tNs) / static_cast<double>(nextNs - before.tNs), 0.0, 1.0);
    return before.bottom + f * (nextTop - before.bottom);
}
} // namespace

double LadderFlights::yAtTime(const LadderLayout& layout, std::int64_t tNs)
{
    const int tiers = layout.tierCount();
    if (tiers == 0)
        return 0.0;
    // Tiers follow the trace, which is in time order: the last one begun by tNs holds it.
    int lo = 0, hi = tiers;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (layout.rowTimeNs(layout.tier(mid).firstRow) <= tNs)
            lo = mid + 1;
        else
            hi = mid;
    }
    const int k = lo - 1;
    if (k < 0)
        return layout.tier(0).y;
    const auto& tier = layout.tier(k);
    // The tier's time line. Compact: its wire items, stacked in the order they
    // were sent (the other lanes stack on their own, not in time with the
    // wire); a tier without wire items is one block. Detailed: its one row.
    std::vector<Mark> marks;
    if (layout.compact()) {
        for (int r = tier.firstRow; r <= tier.lastRow; ++r)
            if (layout.row(r).lane == layout.wireLane())
                marks.push_back({layout.rowTimeNs(r), layout.rowTop(r), layout.rowTop(r) + layout.rowHeight(r)});
    }
    if (marks.empty())
        marks.push_back({layout.rowTimeNs(tier.firstRow), tier.y, tier.y + tier.height});
    for (std::size_t i = 0; i < marks.size(); ++i) {
        if (tNs > marks[i].tNs)
            continue;
        return i == 0 ? marks[i].top : between(tNs, marks[i - 1], marks[i].tNs, marks[i].top);
    }
    // After the tier's last item: into the gap before the next tier (or the end of the figure).
    const Mark& last = marks.back();
    if (k + 1 >= tiers)
        return last.bottom;
    const auto& next = layout.tier(k + 1);
    return between(tNs, last, layout.rowTimeNs(next.firstRow), next.y);
}
