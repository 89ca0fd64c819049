// SPDX-License-Identifier: MIT
#include "ui/ladderlayout.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {
// Real-time spacing: at zoom 1, one millisecond of the run is this many pixels.
constexpr double kPixelsPerMs = 6.0;
// A step is a divider between events, thinner than an event row.
constexpr double kStepRowFactor = 0.8;
}

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
    // new endpoints only ever go to the right end.
    m_lanes.clear();
    const QString first = m_endpoints.value(0, u"client"_s);
    m_lanes.push_back({LaneKind::Syscalls, first});
    m_lanes.push_back({LaneKind::State, first});
    m_wireLane = 2;
    m_lanes.push_back({LaneKind::Wire, QString()});
    for (qsizetype i = 1; i < m_endpoints.size(); ++i) {
        m_lanes.push_back({LaneKind::State, m_endpoints[i]});
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
        // The textbook ladder has the client on the left, whatever order the scenario named them in.
        if (std::find(run->endpoints.begin(), run->endpoints.end(), "client") != run->endpoints.end())
            ensureEndpoint(u"client"_s);
        for (const auto& ep : run->endpoints)
            ensureEndpoint(QString::fromStdString(ep));
        m_noCapture = run->capture == "none";
        m_startNs = event.tNs;
    } else if (auto* s = event.as<SyscallEvent>()) {
        addSyscall(*s, eventIndex, event.tNs);
    } else if (event.as<PacketEvent>()) {
        addRow(eventIndex, m_wireLane, event.tNs);
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
    } else if (event.as<StepEvent>()) {
        addRow(eventIndex, -1, event.tNs, kStepRowFactor);
    } else if (event.as<NoteEvent>()) {
        addRow(eventIndex, -1, event.tNs);
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
    const int row = addRow(eventIndex, lane, tNs);
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
    const int row = addRow(eventIndex, lane, tNs);
    // One socket = one track; a listening socket and the connection accepted
    // from it share local addresses, so the remote address is part of the key.
    const QString key = ep + u'|' + QString::fromStdString(s.local) + u'|' + QString::fromStdString(s.remote)
        + u'|' + (s.local.empty() ? QString::fromStdString(s.socket) : QString());
    auto it = m_socketByKey.find(key);
    if (it == m_socketByKey.end()) {
        const int slot = m_slotCounts.value(lane, 0);
        m_slotCounts.insert(lane, slot + 1);
        it = m_socketByKey.insert(key, static_cast<int>(m_sockets.size()));
        m_sockets.push_back({lane, slot, {}});
    }
    auto& bands = m_sockets[static_cast<std::size_t>(*it)].bands;
    if (!bands.empty() && bands.back().endRow < 0)
        bands.back().endRow = row;
    // CLOSE: the socket is gone; its band ends here (it still gets its label row).
    bands.push_back({eventIndex, row, s.state == "CLOSE" ? row : -1});
}

int LadderLayout::addRow(int eventIndex, int lane, std::int64_t tNs, double heightFactor)
{
    Row r;
    r.event = eventIndex;
    r.lane = lane;
    r.factor = heightFactor;
    m_rows.push_back(r);
    m_rowTimes.push_back(tNs);
    placeRow(m_rows.size() - 1);
    const int index = static_cast<int>(m_rows.size()) - 1;
    m_eventRows[static_cast<std::size_t>(eventIndex)] = index;
    return index;
}

void LadderLayout::placeRow(std::size_t index)
{
    Row& r = m_rows[index];
    r.height = m_baseRowHeight * r.factor * (m_spacing == Spacing::EventOrder ? m_zoom : 1.0);
    const double after = index == 0 ? 0.0 : m_rows[index - 1].y + m_rows[index - 1].height;
    if (m_spacing == Spacing::EventOrder) {
        r.y = after;
        return;
    }
    // Real time: each row gets its own height (labels never overlap) plus
    // space proportional to the time since the previous row, so a 40 ms wait
    // for a delayed ACK stands out against microsecond-apart events.
    const double gapMs = index == 0 ? 0.0 : static_cast<double>(m_rowTimes[index] - m_rowTimes[index - 1]) / 1e6;
    r.y = after + std::max(0.0, gapMs) * kPixelsPerMs * m_zoom;
}

void LadderLayout::placeAllRows()
{
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        placeRow(i);
}

void LadderLayout::setSpacing(Spacing spacing)
{
    m_spacing = spacing;
    placeAllRows();
}

void LadderLayout::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, 0.05, 200.0);
    placeAllRows();
}

void LadderLayout::setBaseRowHeight(double height)
{
    m_baseRowHeight = height;
    placeAllRows();
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
    auto it = std::partition_point(m_rows.begin(), m_rows.end(),
                                   [y](const Row& r) { return r.y + r.height <= y; });
    return static_cast<int>(it - m_rows.begin());
}

double LadderLayout::totalHeight() const
{
    return m_rows.empty() ? 0.0 : m_rows.back().y + m_rows.back().height;
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
