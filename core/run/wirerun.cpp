// SPDX-License-Identifier: MIT
#include "core/run/wirerun.h"

#include "core/callexecutor.h"
#include "core/clock.h"
#include "core/scenarioparser.h"
#include "core/wire/netnsscope.h"

#include <pcap/dlt.h>

#include <algorithm>
#include <set>

namespace finscope {
namespace {

std::uint8_t flagBits(const std::string& letters) {
    std::uint8_t bits = 0;
    for (char c : letters) {
        switch (c) {
        case 'S': bits |= tcpflag::SYN; break;
        case 'F': bits |= tcpflag::FIN; break;
        case 'P': bits |= tcpflag::PSH; break;
        case 'R': bits |= tcpflag::RST; break;
        case 'U': bits |= tcpflag::URG; break;
        case 'E': bits |= tcpflag::ECE; break;
        case 'W': bits |= tcpflag::CWR; break;
        case 'A': bits |= tcpflag::ACK; break;
        default: break;
        }
    }
    return bits;
}

/// The port a listen() or bind() step names (5000 when it names none).
int portOf(const Step& step) {
    const Value* v = findArg(step, "port");
    if (!v) return 5000;
    if (v->kind == Value::Kind::Integer) return static_cast<int>(v->integer);
    const auto colon = v->text.rfind(':');
    return colon == std::string::npos ? 5000 : std::atoi(v->text.c_str() + colon + 1);
}

} // namespace

std::string WireRun::start(const Scenario& scenario) {
    std::map<std::string, std::string> parent;  // forked endpoint -> the endpoint that forked it
    for (const auto& s : scenario.steps)
        if (s.call == "fork" && !s.results.empty()) parent[s.results[0]] = s.endpoint;
    for (const auto& name : scenario.endpoints) {
        if (parent.count(name)) continue;
        m_hostOf[name] = static_cast<int>(m_hostNames.size());
        m_hostNames.push_back(name);
    }
    for (const auto& name : scenario.endpoints) {
        std::string root = name;
        for (int depth = 0; parent.count(root) && depth < 64; ++depth) root = parent[root];
        m_hostOf[name] = m_hostOf.count(root) ? m_hostOf[root] : 0;
    }
    // Conditions per direction: every header line, in file order, sets the
    // keys it names for the directions it names.
    const int hosts = static_cast<int>(m_hostNames.size());
    std::vector<WireConditions> direction(static_cast<std::size_t>(hosts * hosts));
    std::uint64_t seed = 1;
    for (const auto& h : scenario.wire) {
        if (h.seed) seed = *h.seed;
        for (int from = 0; from < hosts; ++from) {
            for (int to = 0; to < hosts; ++to) {
                if (from == to || (!h.from.empty() && hostOf(h.from) != from) || (!h.to.empty() && hostOf(h.to) != to))
                    continue;
                WireConditions& c = direction[static_cast<std::size_t>(from * hosts + to)];
                if (h.delayNs) c.delayNs = *h.delayNs;
                if (h.loss) c.lossRate = *h.loss;
                if (h.reorder) c.reorderRate = *h.reorder;
                if (h.reorderGapNs) c.reorderGapNs = *h.reorderGapNs;
                if (h.rateBitsPerSecond) c.rateBitsPerSecond = *h.rateBitsPerSecond;
            }
        }
        if (h.from.empty() && h.to.empty()) {
            if (h.delayNs) m_info.delayNs = *h.delayNs;
            if (h.loss) m_info.loss = *h.loss;
        }
    }
    if (std::string e = m_session.start(hosts, {}, seed); !e.empty()) return e;
    m_info.seed = seed;
    for (int from = 0; from < hosts; ++from)
        for (int to = 0; to < hosts; ++to)
            if (from != to) {
                const WireConditions& c = direction[static_cast<std::size_t>(from * hosts + to)];
                m_session.relay().setConditions(from, to, c);
                m_maxDelayNs = std::max(m_maxDelayNs, c.delayNs + c.reorderGapNs);
            }
    for (const auto& [name, host] : m_hostOf) m_info.hosts[name] = m_session.addressOf(host);
    for (const auto& s : scenario.steps)
        if ((s.call == "listen" || s.call == "bind") && m_hostOf.count(s.endpoint))
            m_addressByPort.emplace(portOf(s), m_session.addressOf(m_hostOf[s.endpoint]));
    m_session.relay().setObserver([this](const WireFrame& f) {
        if (m_fateNs.size() < f.id) m_fateNs.resize(f.id, 0);
        m_fateNs[f.id - 1] = realtimeNs();
    });
    for (int h = 0; h < hosts; ++h) {
        NetnsScope inHost(m_session.topology().host(h).netns);
        if (!inHost.error().empty()) return "cannot enter host " + std::to_string(h) + ": " + inHost.error();
        m_samplers.push_back(std::make_unique<SockDiagSampler>());
    }
    return {};
}

int WireRun::hostOf(const std::string& endpoint) const {
    auto it = m_hostOf.find(endpoint);
    return it == m_hostOf.end() ? -1 : it->second;
}

std::string WireRun::endpointOfHost(int host) const {
    return host >= 0 && host < static_cast<int>(m_hostNames.size()) ? m_hostNames[static_cast<std::size_t>(host)]
                                                                      : std::to_string(host);
}

std::string WireRun::enterHost(const std::string& endpoint) const {
    const int host = hostOf(endpoint);
    if (std::string e = m_session.enterHost(host); !e.empty()) return e;
    const std::string own = m_session.addressOf(host);
    // A port nobody binds (a connect() meant to be refused) goes to the next host.
    const std::string other = m_session.addressOf((host + 1) % std::max<int>(1, static_cast<int>(m_hostNames.size())));
    CallExecutor::setWireAddresses(own, m_addressByPort, other);
    return {};
}

FrameMatch WireRun::matchOf(const WireAction& action) const {
    FrameMatch m;
    m.from = action.from.empty() ? -1 : hostOf(action.from);
    m.to = action.to.empty() ? -1 : hostOf(action.to);
    m.flags = flagBits(action.flags);
    return m;
}

void WireRun::apply(const WireAction& action) {
    WireRelay& relay = m_session.relay();
    switch (action.kind) {
    case WireAction::Kind::Hold: relay.hold(matchOf(action)); break;
    case WireAction::Kind::Release:
        relay.stopHolding();
        relay.releaseHeld();
        break;
    case WireAction::Kind::DropNext: relay.dropNext(matchOf(action)); break;
    }
}

std::string WireRun::dropReason(const WireFrame& frame) const {
    if (frame.why == "dropped while held") return "dropped by the user";
    // The relay names hosts by index; the trace names them as the scenario does.
    std::string why = frame.why;
    for (const char* key : {"from=", "to="}) {
        const auto at = why.find(key);
        if (at == std::string::npos) continue;
        const std::size_t start = at + std::char_traits<char>::length(key);
        std::size_t end = start;
        while (end < why.size() && std::isdigit(static_cast<unsigned char>(why[end]))) ++end;
        if (end > start) why.replace(start, end - start, endpointOfHost(std::stoi(why.substr(start, end - start))));
    }
    return why;
}

std::vector<StateTracker::Timed> WireRun::collect(StateTracker& states) {
    std::vector<StateTracker::Timed> out;
    for (const WireFrame* f : m_session.takeNewFrames()) {
        auto segment = f->tcp();
        if (!segment) continue;  // only TCP is drawn; nothing else crosses a scenario's wire
        segment->frame = f->bytes;
        segment->linkType = DLT_EN10MB;
        segment->frameLen = static_cast<std::uint32_t>(f->bytes.size());
        auto packet = states.onWireSent(*segment);
        auto& p = std::get<PacketEvent>(packet.body);
        p.frameId = static_cast<std::int64_t>(f->id);
        m_frames[f->id] = Tracked{*segment, p.conn, false, ""};
        out.push_back(std::move(packet));
    }
    // Deliveries in the order they happened: that is the order the receivers saw.
    std::vector<std::pair<std::int64_t, std::uint64_t>> delivered;
    for (auto& [id, t] : m_frames) {
        const WireFrame& f = m_session.relay().frames()[id - 1];
        if (f.fate == WireFate::Delivered && !t.derived) delivered.emplace_back(f.deliveredNs, id);
        const bool final = f.fate == WireFate::Delivered || f.fate == WireFate::Dropped;
        if (final && !t.said.empty() && t.said != wireFateName(f.fate)) {
            WireEvent w{static_cast<std::int64_t>(id), wireFateName(f.fate), t.conn, f.fate == WireFate::Dropped ? dropReason(f) : ""};
            const std::int64_t changed = id <= m_fateNs.size() ? m_fateNs[id - 1] : realtimeNs();
            const std::int64_t when = f.fate == WireFate::Delivered ? f.deliveredNs : changed;
            t.said = w.fate;
            out.push_back({when, w});
        }
    }
    std::sort(delivered.begin(), delivered.end());
    for (auto [when, id] : delivered) {
        Tracked& t = m_frames[id];
        t.derived = true;
        TcpSegment arrived = t.segment;
        arrived.tNs = when;
        // What the segment did to its sender happened when it left, what it
        // did to its receiver when it arrived. A transition of the sender
        // dated otherwise is an earlier receipt of its own that the deriver
        // held back until this send confirmed it: it keeps its own time.
        const std::string sender = t.segment.src();
        for (auto& timed : states.onWireDelivered(arrived)) {
            if (const auto* s = std::get_if<StateEvent>(&timed.body); s && s->local == sender && timed.tNs == when)
                timed.tNs = t.segment.tNs;
            out.push_back(std::move(timed));
        }
    }
    // Frames whose story is told to the end need no more looking at.
    std::erase_if(m_frames, [&](const auto& item) {
        const WireFrame& f = m_session.relay().frames()[item.first - 1];
        const bool final = f.fate == WireFate::Delivered || f.fate == WireFate::Dropped;
        return final && item.second.said == wireFateName(f.fate) && (item.second.derived || f.fate == WireFate::Dropped);
    });
    return out;
}

void WireRun::beforeEmit(PacketEvent& packet) {
    if (!packet.frameId) return;
    const WireFrame& f = m_session.relay().frames()[static_cast<std::size_t>(*packet.frameId - 1)];
    packet.fate = wireFateName(f.fate);
    packet.deliveredNs = f.fate == WireFate::Delivered ? std::optional<std::int64_t>(f.deliveredNs) : std::nullopt;
    packet.dropReason = f.fate == WireFate::Dropped ? dropReason(f) : "";
    if (auto it = m_frames.find(f.id); it != m_frames.end()) it->second.said = packet.fate;
}

bool WireRun::quiet() {
    const std::size_t now = m_session.relay().frames().size();
    const bool none = now == m_seen;
    m_seen = now;
    return none && m_session.quiet();
}

std::int64_t WireRun::extraSettleMs() const { return 4 * m_maxDelayNs / 1'000'000; }

std::vector<SocketSample> WireRun::sample() {
    std::vector<SocketSample> out;
    for (auto& s : m_samplers) {
        auto part = s->sample();
        out.insert(out.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    return out;
}

bool WireRun::samplersOk() const {
    return !m_samplers.empty() &&
           std::all_of(m_samplers.begin(), m_samplers.end(), [](const auto& s) { return s->ok(); });
}

} // namespace finscope
