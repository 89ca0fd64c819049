// SPDX-License-Identifier: MIT
#include "ui/ladderlayout.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// Real-time spacing: at zoom 1, one millisecond of the run is this many pixels.
constexpr double kPixelsPerMs = 6.0;
// A step is a divider between events, thinner than an event row.
constexpr double kStepRowFactor = 0.8;
// A collapsed gap ("⋯ 3.000 s ⋯") is this tall, in event rows.
constexpr double kBreakFactor = 0.9;
// A queue note (compact spacing) is small text under a badge.
constexpr double kQueueNoteFactor = 0.65;

bool isHelperCall(const finscope::SyscallEvent& s)
{
    // listen() and connect() of a scenario expand to socket()+bind()+...; when
    // those helpers succeed they are bookkeeping, and the compact figure shows
    // the call the scenario wrote. A failing helper (bind EADDRINUSE) is the story: it stays.
    return s.note.starts_with("part of ") && s.phase == "done" && s.ret && *s.ret >= 0 && !s.errnoName
        && !s.errnoStale;
}
} // namespace

LadderLayout::LadderLayout()
{
    rebuildLanes();
}

void LadderLayout::clear()
{
    const Spacing spacing = m_spacing;
    const double zoom = m_zoom;
    const double base = m_baseRowHeight;
    const QStringList preset = m_presetEndpoints;
    *this = LadderLayout();
    m_spacing = spacing;
    m_zoom = zoom;
    m_baseRowHeight = base;
    setPresetEndpoints(preset);
}

void LadderLayout::setPresetEndpoints(const QStringList& endpoints)
{
    m_presetEndpoints = endpoints;
    if (!m_rows.empty())
        return;
    m_endpoints.clear();
    if (endpoints.contains(u"client"_s))
        m_endpoints.append(u"client"_s);
    for (const QString& ep : endpoints)
        if (!m_endpoints.contains(ep))
            m_endpoints.append(ep);
    rebuildLanes();
}

void LadderLayout::ensureEndpoint(const QString& endpoint)
{
    if (endpoint.isEmpty() || m_endpoints.contains(endpoint))
        return;
    m_endpoints.append(endpoint);
    rebuildLanes();
}

void LadderLayout::rebuildLanes()
{
    // Lane indices of existing endpoints never change when one is added:
    // new endpoints only ever go to the right end (replacing the peer lane,
    // which nothing refers to).
    m_lanes.clear();
    const QString first = m_endpoints.value(0, u"client"_s);
    // A capture has no system calls: empty lanes would only suggest there were none.
    if (!m_noSyscalls)
        m_lanes.push_back({LaneKind::Syscalls, first});
    m_lanes.push_back({LaneKind::State, first});
    m_wireLane = static_cast<int>(m_lanes.size());
    m_lanes.push_back({LaneKind::Wire, QString()});
    // One endpoint (connection refused): the far side still answers, from a
    // kernel with no socket for it. Draw it, so packets go out and come back.
    if (m_endpoints.size() == 1)
        m_lanes.push_back({LaneKind::Peer, QString()});
    for (qsizetype i = 1; i < m_endpoints.size(); ++i) {
        m_lanes.push_back({LaneKind::State, m_endpoints[i]});
        if (!m_noSyscalls)
            m_lanes.push_back({LaneKind::Syscalls, m_endpoints[i]});
    }
}

int LadderLayout::syscallLane(const QString& endpoint) const
{
    for (int i = 0; i < laneCount(); ++i)
        if (m_lanes[static_cast<std::size_t>(i)].kind == LaneKind::Syscalls && m_lanes[static_cast<std::size_t>(i)].endpoint == endpoint)
            return i;
    return -1;
}

int LadderLayout::stateLane(const QString& endpoint) const
{
    for (int i = 0; i < laneCount(); ++i)
        if (m_lanes[static_cast<std::size_t>(i)].kind == LaneKind::State && m_lanes[static_cast<std::size_t>(i)].endpoint == endpoint)
            return i;
    return -1;
}

int LadderLayout::peerLane() const
{
    for (int i = 0; i < laneCount(); ++i)
        if (m_lanes[static_cast<std::size_t>(i)].kind == LaneKind::Peer)
            return i;
    return -1;
}

int LadderLayout::senderSide(const finscope::PacketEvent& p) const
{
    if (p.from)
        return side(QString::fromStdString(*p.from));
    if (p.to)
        return 1 - side(QString::fromStdString(*p.to));
    return 0;
}

void LadderLayout::append(const finscope::TraceEvent& event, int eventIndex)
{
    using namespace finscope;
    if (m_eventRows.size() <= static_cast<std::size_t>(eventIndex))
        m_eventRows.resize(static_cast<std::size_t>(eventIndex) + 1, -1);
    if (m_rows.empty() && m_startNs == 0)
        m_startNs = event.tNs;

    if (auto* run = event.as<RunEvent>()) {
        if (m_rows.empty())
            m_endpoints.clear();
        m_noSyscalls = run->capture == "imported";
        m_wireRun = run->wire.has_value();
        // The textbook ladder has the client on the left, whatever order the scenario named them in.
        if (std::find(run->endpoints.begin(), run->endpoints.end(), "client") != run->endpoints.end())
            ensureEndpoint(u"client"_s);
        for (const auto& ep : run->endpoints)
            if (!(m_wireRun && ep == "wire"))   // the wire's own steps belong to the wire lane
                ensureEndpoint(QString::fromStdString(ep));
        rebuildLanes();
        m_noCapture = run->capture == "none";
        m_startNs = event.tNs;
    } else if (auto* s = event.as<SyscallEvent>()) {
        addSyscall(*s, eventIndex, event.tNs);
    } else if (auto* p = event.as<PacketEvent>()) {
        const int row = addRow(eventIndex, m_wireLane, event.tNs);
        m_flights.addPacket(*p, eventIndex, row, event.tNs, senderSide(*p) == 0);
    } else if (auto* w = event.as<WireEvent>()) {
        // No row of its own: it changes how its packet's arrow ends, and selecting it selects that packet.
        if (const int row = m_flights.update(*w, eventIndex, event.tNs); row >= 0)
            mapEvent(eventIndex, row);
    } else if (auto* st = event.as<StateEvent>()) {
        addState(*st, eventIndex, event.tNs);
    } else if (auto* sg = event.as<SignalEvent>()) {
        const QString ep = QString::fromStdString(sg->endpoint);
        ensureEndpoint(ep);
        addRow(eventIndex, syscallLane(ep), event.tNs);
    } else if (auto* x = event.as<ExitEvent>()) {
        const QString ep = QString::fromStdString(x->endpoint);
        ensureEndpoint(ep);
        m_exitRows.insert(ep, addRow(eventIndex, syscallLane(ep), event.tNs));
    } else if (auto* step = event.as<StepEvent>(); step && step->endpoint == "wire" && compact()) {
        // A step of the wire (hold(), release(), drop(...)) makes no call: its
        // tier would be empty. Its text goes in the wire lane instead.
        m_newTier = true;
        m_pendingStep = eventIndex;
        addRow(eventIndex, m_wireLane, event.tNs, kStepRowFactor);
    } else if (event.as<StepEvent>()) {
        if (compact()) {
            // A step opens the next tier; it is drawn as the tier's divider, not as a row.
            m_newTier = true;
            m_pendingStep = eventIndex;
        } else {
            addRow(eventIndex, -1, event.tNs, kStepRowFactor);
        }
    } else if (event.as<NoteEvent>()) {
        m_newTier = true;
        addRow(eventIndex, -1, event.tNs);
        m_newTier = true;
    } else if (auto* e = event.as<ExpectEvent>()) {
        if (e->callId)
            m_expects.insert(*e->callId, eventIndex);
    }
}

void LadderLayout::addSyscall(const finscope::SyscallEvent& s, int eventIndex, std::int64_t tNs)
{
    const QString ep = QString::fromStdString(s.endpoint);
    ensureEndpoint(ep);
    const int lane = syscallLane(ep);
    if (compact() && isHelperCall(s)) {
        m_foldedCalls[ep].push_back(eventIndex);
        return;
    }
    // A blocked call returns after what woke it: its return row may not sit
    // above the packets that came while it waited (keepalive's RST, then ETIMEDOUT).
    const int row = addRow(eventIndex, lane, tNs, 1.0, compact() && s.phase == "return");
    for (int folded : m_foldedCalls.take(ep))
        mapEvent(folded, row);
    if (s.phase == "blocked") {
        auto& bars = m_bars[lane];
        m_barByCall.insert(s.callId, {lane, bars.size()});
        bars.push_back({lane, row, -1, eventIndex, -1});
    } else if (s.phase == "return") {
        if (auto it = m_barByCall.find(s.callId); it != m_barByCall.end()) {
            Bar& bar = m_bars[it->first][it->second];
            bar.endRow = row;
            bar.returnEvent = eventIndex;
        }
    }
}

void LadderLayout::addState(const finscope::StateEvent& s, int eventIndex, std::int64_t tNs)
{
    const QString ep = QString::fromStdString(s.endpoint);
    ensureEndpoint(ep);
    const int lane = stateLane(ep);
    // One socket = one track; a listening socket and the connection accepted
    // from it share local addresses, so the remote address is part of the key.
    const QString key = ep + u'|' + QString::fromStdString(s.local) + u'|' + QString::fromStdString(s.remote)
        + u'|' + (s.local.empty() ? QString::fromStdString(s.socket) : QString());
    auto it = m_socketByKey.find(key);
    bool fresh = false;
    if (it == m_socketByKey.end()) {
        const int slot = m_slotCounts.value(lane, 0);
        m_slotCounts.insert(lane, slot + 1);
        it = m_socketByKey.insert(key, static_cast<int>(m_sockets.size()));
        m_sockets.push_back({});
        m_sockets.back().lane = lane;
        m_sockets.back().slot = slot;
        fresh = true;
    }
    const int trackIndex = *it;
    SocketTrack* track = &m_sockets[static_cast<std::size_t>(trackIndex)];
    const QString name = QString::fromStdString(s.socket);
    const bool renamed = !fresh && name != track->name;
    if (compact() && !fresh && !renamed && foldState(*track, s, eventIndex))
        return;
    const bool queuesOnly = compact() && !fresh && !renamed && s.state == track->state;
    // A queue note is a line of small text: it takes less height than a badge.
    // A state comes after the packets already laid out (a derived one is their
    // effect, a sampled one was seen later): in the compact figure it may not
    // sit above the last packet's arrow.
    const int row = addRow(eventIndex, lane, tNs, queuesOnly ? kQueueNoteFactor : 1.0, compact());
    track = &m_sockets[static_cast<std::size_t>(trackIndex)];
    Row& r = m_rows[static_cast<std::size_t>(row)];
    r.track = trackIndex;
    r.titled = fresh || renamed;
    r.queueNote = queuesOnly;
    track->name = name;
    track->listener = track->listener || s.state == "LISTEN";
    track->recvQ = s.recvQ;
    track->sendQ = s.sendQ;
    if (queuesOnly)
        return;
    track->state = s.state;
    track->derived = s.source == "derived";
    track->badgeRow = row;
    auto& bands = track->bands;
    if (!bands.empty() && bands.back().endRow < 0)
        bands.back().endRow = row;
    // CLOSE: the socket is gone; its band ends here (it still gets its label row).
    // An accept-queue socket has no descriptor yet: that is not an orphan.
    bands.push_back({eventIndex, row, s.state == "CLOSE" ? row : -1, s.orphan && !s.socket.starts_with("(")});
}

bool LadderLayout::foldState(SocketTrack& track, const finscope::StateEvent& s, int eventIndex)
{
    // The compact figure shows each state once: a sample that repeats the
    // state adds nothing, and one that confirms a derived state turns its
    // badge solid. Only a change of the queues is worth a small note.
    if (s.state != track.state || track.badgeRow < 0)
        return false;
    Row& badge = m_rows[static_cast<std::size_t>(track.badgeRow)];
    if (track.derived && s.source == "sampled" && badge.confirmedBy < 0) {
        badge.confirmedBy = eventIndex;
        track.derived = false;
        track.recvQ = s.recvQ;
        track.sendQ = s.sendQ;
    }
    if (s.orphan && !s.socket.starts_with("(") && !track.bands.empty())
        track.bands.back().orphan = true;
    if (s.recvQ != track.recvQ || s.sendQ != track.sendQ)
        return false;
    mapEvent(eventIndex, track.badgeRow);
    return true;
}

void LadderLayout::mapEvent(int eventIndex, int row)
{
    if (eventIndex >= 0 && static_cast<std::size_t>(eventIndex) < m_eventRows.size())
        m_eventRows[static_cast<std::size_t>(eventIndex)] = row;
}

int LadderLayout::addRow(int eventIndex, int lane, std::int64_t tNs, double heightFactor, bool afterPackets)
{
    // Helper calls whose main call never came (a run cut short) get their own rows.
    if (compact() && m_newTier && !m_foldedCalls.isEmpty()) {
        auto pending = std::exchange(m_foldedCalls, {});
        for (auto it = pending.begin(); it != pending.end(); ++it)
            for (int folded : it.value())
                mapEvent(folded, -1);
    }
    Row r;
    r.event = eventIndex;
    r.lane = lane;
    r.factor = heightFactor;
    r.afterPackets = afterPackets;
    const int index = static_cast<int>(m_rows.size());
    // A step with a flood of events (a long stream) continues in a new tier:
    // painting starts at a tier's first row, so tiers must stay small.
    constexpr int kMaxTierRows = 64;
    if (!compact() || m_newTier || m_tiers.empty() || index - m_tiers.back().firstRow >= kMaxTierRows) {
        Tier t;
        t.firstRow = index;
        t.lastRow = index;
        t.stepEvent = compact() ? m_pendingStep : -1;
        m_tiers.push_back(t);
        m_stack.clear();
        m_newTier = false;
        m_pendingStep = -1;
    }
    r.tier = static_cast<int>(m_tiers.size()) - 1;
    m_rows.push_back(r);
    m_rowTimes.push_back(tNs);
    m_tiers.back().lastRow = index;
    stackRow(static_cast<std::size_t>(index));
    if (m_tiers.back().firstRow == index) {
        placeTier(m_tiers.size() - 1);
    } else {
        // Only the new row moves: the tier's top stays, its height may grow.
        Tier& t = m_tiers.back();
        const double scale = m_baseRowHeight * (m_spacing == Spacing::RealTime ? 1.0 : m_zoom);
        t.height = t.units * scale;
        Row& row = m_rows.back();
        row.y = t.y + row.offset * scale;
        row.height = row.factor * lineFactor(row.lines) * scale;
    }
    mapEvent(eventIndex, index);
    return index;
}

void LadderLayout::stackRow(std::size_t index)
{
    Row& r = m_rows[index];
    const double units = r.factor * lineFactor(r.lines);
    Tier& t = m_tiers[static_cast<std::size_t>(r.tier)];
    if (r.lane < 0) {
        // Wire-spanning rows (notes, steps) sit below everything else of their tier.
        double used = 0;
        for (double v : std::as_const(m_stack))
            used = std::max(used, v);
        r.offset = used;
        for (auto it = m_stack.begin(); it != m_stack.end(); ++it)
            it.value() = used + units;
        m_stack.insert(-1, used + units);
    } else {
        r.offset = m_stack.value(r.lane, 0.0);
        if (r.afterPackets && m_stack.contains(m_wireLane))
            r.offset = std::max(r.offset, m_stack.value(m_wireLane) - units);
        m_stack.insert(r.lane, r.offset + units);
    }
    t.units = std::max(t.units, r.offset + units);
}

void LadderLayout::placeTier(std::size_t index)
{
    Tier& t = m_tiers[index];
    const bool realTime = m_spacing == Spacing::RealTime;
    const double scale = m_baseRowHeight * (realTime ? 1.0 : m_zoom);
    const double after = index == 0 ? 0.0 : m_tiers[index - 1].y + m_tiers[index - 1].height;
    t.height = t.units * scale;
    t.breakBefore = false;
    t.gapNs = index == 0 ? 0 : m_rowTimes[static_cast<std::size_t>(t.firstRow)]
            - m_rowTimes[static_cast<std::size_t>(m_tiers[index - 1].lastRow)];
    t.y = after;
    if (realTime && index > 0) {
        // Real time: each row gets its own height (labels never overlap) plus
        // space proportional to the time since the previous row, so a 40 ms
        // wait for a delayed ACK stands out against microsecond-apart events.
        // A gap taller than a screenful is collapsed into a marked break.
        const double gap = std::max(0.0, static_cast<double>(t.gapNs) / 1e6) * kPixelsPerMs * m_zoom;
        t.breakBefore = gap > kMaxGapPixels;
        t.y += t.breakBefore ? kBreakFactor * m_baseRowHeight : gap;
    }
    for (int i = t.firstRow; i <= t.lastRow; ++i) {
        Row& r = m_rows[static_cast<std::size_t>(i)];
        r.y = t.y + r.offset * scale;
        r.height = r.factor * lineFactor(r.lines) * scale;
    }
}

void LadderLayout::placeAllTiers()
{
    placeTiersFrom(0);
}

void LadderLayout::placeTiersFrom(std::size_t first)
{
    for (std::size_t i = first; i < m_tiers.size(); ++i)
        placeTier(i);
}

void LadderLayout::relayout(int fromRow)
{
    // Rows before fromRow keep their lines: restack from the tier that holds
    // it, so new rows of a live run cost what they add, not the whole trace.
    if (m_rows.empty())
        return;
    const auto firstRow = static_cast<std::size_t>(std::clamp(fromRow, 0, rowCount() - 1));
    const int firstTier = std::max(0, m_rows[firstRow].tier);
    for (std::size_t t = static_cast<std::size_t>(firstTier); t < m_tiers.size(); ++t)
        m_tiers[t].units = 0;
    int tier = -1;
    for (auto i = static_cast<std::size_t>(m_tiers[static_cast<std::size_t>(firstTier)].firstRow); i < m_rows.size(); ++i) {
        if (m_rows[i].tier != tier) {
            tier = m_rows[i].tier;
            m_stack.clear();
        }
        stackRow(i);
    }
    // The last tier may still grow: its stack must be the real one.
    placeTiersFrom(static_cast<std::size_t>(firstTier));
}

void LadderLayout::setRowLines(int row, int lines)
{
    if (m_rows[static_cast<std::size_t>(row)].lines == lines)
        return;
    m_rows[static_cast<std::size_t>(row)].lines = lines;
    relayout(row);
}

bool LadderLayout::setSpacing(Spacing spacing)
{
    const bool refeed = (spacing == Spacing::Compact) != compact();
    m_spacing = spacing;
    if (refeed) {
        clear();
        return true;
    }
    placeAllTiers();
    return false;
}

void LadderLayout::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, 0.05, 200.0);
    placeAllTiers();
}

void LadderLayout::setBaseRowHeight(double height)
{
    m_baseRowHeight = height;
    placeAllTiers();
}

int LadderLayout::rowOfEvent(int eventIndex) const
{
    if (eventIndex < 0 || static_cast<std::size_t>(eventIndex) >= m_eventRows.size())
        return -1;
    return m_eventRows[static_cast<std::size_t>(eventIndex)];
}

int LadderLayout::laneOfEvent(int eventIndex) const
{
    const int r = rowOfEvent(eventIndex);
    return r < 0 ? -1 : row(r).lane;
}

int LadderLayout::firstRowAt(double y) const
{
    auto it = std::partition_point(m_tiers.begin(), m_tiers.end(),
                                   [y](const Tier& t) { return t.y + t.height <= y; });
    return it == m_tiers.end() ? rowCount() : it->firstRow;
}

int LadderLayout::lastRowAt(double y) const
{
    auto it = std::partition_point(m_tiers.begin(), m_tiers.end(), [y](const Tier& t) { return t.y <= y; });
    return it == m_tiers.begin() ? -1 : std::prev(it)->lastRow;
}

double LadderLayout::totalHeight() const
{
    return m_tiers.empty() ? 0.0 : m_tiers.back().y + m_tiers.back().height;
}

std::size_t LadderLayout::firstBandFrom(const std::vector<Band>& bands, int firstRow)
{
    // Bands of one socket follow each other, so their end rows ascend (an
    // open band, -1, is always last).
    auto it = std::partition_point(bands.begin(), bands.end(),
                                   [firstRow](const Band& b) { return b.endRow >= 0 && b.endRow < firstRow; });
    return static_cast<std::size_t>(it - bands.begin());
}

std::size_t LadderLayout::firstBarFrom(const std::vector<Bar>& bars, int firstRow)
{
    auto it = std::partition_point(bars.begin(), bars.end(),
                                   [firstRow](const Bar& b) { return b.endRow >= 0 && b.endRow < firstRow; });
    return static_cast<std::size_t>(it - bars.begin());
}
