// SPDX-License-Identifier: MIT
#include "core/statetracker.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace finscope {
namespace {

std::string pairKey(const std::string& a, const std::string& b) { return a < b ? a + "|" + b : b + "|" + a; }

std::string hex(const std::vector<std::uint8_t>& bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) out += digits[b >> 4], out += digits[b & 15];
    return out;
}

PacketEvent packetOf(const TcpSegment& seg, const ConnectionTracker::Relative& rel) {
    PacketEvent p;
    p.src = seg.src();
    p.dst = seg.dst();
    p.flags = tcpdumpFlags(seg.flags);
    p.seq = rel.seq;
    p.ack = rel.ack;
    p.seqAbs = seg.seq;
    p.ackAbs = seg.ack;
    p.len = seg.payloadLen;
    p.win = seg.win;
    p.payloadHex = hex(seg.payload);
    p.conn = rel.conn;
    const TcpOptions& o = seg.options;
    p.mss = o.mss;
    p.wscale = o.windowScale;
    p.sackOk = o.sackPermitted;
    for (std::uint32_t edge : o.sack) p.sack.push_back(edge - rel.receiverIsn);
    p.tsval = o.tsval;
    p.tsecr = o.tsecr;
    if (rel.windowShift) p.winScaled = std::uint32_t{seg.win} << *rel.windowShift;
    p.frame = seg.frame;
    p.linkType = seg.linkType;
    p.frameLen = seg.frameLen;
    return p;
}

} // namespace

std::string StateTracker::connOf(const std::string& a, const std::string& b) const {
    auto it = m_conns.find(pairKey(a, b));
    return it == m_conns.end() ? "" : it->second;
}

void StateTracker::senderCaughtUp(const TcpSegment& seg) {
    // A socket that sends has processed what it received before: from now
    // on a sample of it is the kernel's word, whatever state it shows.
    if (auto it = m_last.find(seg.src() + "|" + seg.dst()); it != m_last.end()) it->second.derivedFrom.clear();
}

std::vector<StateTracker::Timed> StateTracker::onSegment(const TcpSegment& seg) {
    senderCaughtUp(seg);
    auto rel = m_connections.track(seg);
    m_conns[pairKey(seg.src(), seg.dst())] = rel.conn;
    std::vector<Timed> out{{seg.tNs, packetOf(seg, rel)}};
    appendDerived(m_deriver.onSegment(seg), out);
    return out;
}

StateTracker::Timed StateTracker::onWireSent(const TcpSegment& seg) {
    senderCaughtUp(seg);
    auto rel = m_connections.track(seg);
    m_conns[pairKey(seg.src(), seg.dst())] = rel.conn;
    return {seg.tNs, packetOf(seg, rel)};
}

std::vector<StateTracker::Timed> StateTracker::onWireDelivered(const TcpSegment& seg) {
    std::vector<Timed> out;
    appendDerived(m_deriver.onSegment(seg), out);
    return out;
}

std::vector<StateTracker::Timed> StateTracker::releaseDerived() {
    std::vector<Timed> out;
    appendDerived(m_deriver.releaseHeld(), out);
    return out;
}

void StateTracker::appendDerived(const std::vector<TcpStateDeriver::Transition>& transitions, std::vector<Timed>& out) {
    for (const auto& t : transitions) {
        auto& last = m_last[t.local + "|" + t.remote];
        if (last.state == t.state) continue;
        last.derivedFrom = last.state;
        last.state = t.state;
        last.derived = true;
        StateEvent s;
        s.state = t.state;
        s.source = "derived";
        s.local = t.local;
        s.remote = t.remote;
        s.conn = connOf(t.local, t.remote);  // queue sizes are only known from samples
        out.push_back({t.tNs, s});
    }
}

std::vector<StateEvent> StateTracker::onSample(const std::vector<SocketSample>& unordered,
                                               const SocketDirectory& directory,
                                               const std::vector<std::string>& endpointOrder) {
    auto rank = [&](const SocketSample& s) {
        auto owner = directory.find(s.inode, s.local, s.remote);
        auto it = std::find(endpointOrder.begin(), endpointOrder.end(), owner ? owner->endpoint : "~");
        return std::make_tuple(it - endpointOrder.begin(), owner ? owner->socket : "~", s.local, s.remote);
    };
    std::vector<SocketSample> samples = unordered;
    std::sort(samples.begin(), samples.end(),
              [&](const SocketSample& a, const SocketSample& b) { return rank(a) < rank(b); });

    std::vector<StateEvent> out;
    std::set<std::string> present;
    for (const auto& s : samples) {
        std::string key = s.local + "|" + s.remote;
        present.insert(key);
        std::string state = tcpStateName(s.state);
        if (state == "NEW_SYN_RECV") state = "SYN_RECV";  // a request sock: the trace names it as ss does
        // The capture reads a received segment before the receiving kernel's
        // TCP has processed it (taps come first; on a loaded machine the
        // processing can lag by 200 ms), so a sample taken in between still
        // shows the state the derived one left: FIN_WAIT2 derived from the
        // ACK, then FIN_WAIT1 sampled. TCP never moves back to the state it
        // just left, so such a sample is stale and skipped, until the socket
        // sends again (it has then processed its input: senderCaughtUp).
        if (auto found = m_last.find(key);
            found != m_last.end() && found->second.derived && state == found->second.derivedFrom)
            continue;
        m_deriver.seed(s.local, s.remote, state);
        View view{state, s.recvQ, s.sendQ, s.inode == 0 && state != "LISTEN", false, {}};
        auto& last = m_last[key];
        if (!last.derived && last.state == view.state && last.recvQ == view.recvQ && last.sendQ == view.sendQ &&
            last.orphan == view.orphan)
            continue;
        last = view;
        StateEvent e;
        if (auto owner = directory.find(s.inode, s.local, s.remote)) {
            e.endpoint = owner->endpoint;
            e.socket = owner->socket;
        }
        e.state = state;
        e.source = "sampled";
        e.recvQ = s.recvQ;
        e.sendQ = s.sendQ;
        e.local = s.local;
        e.remote = s.remote;
        e.orphan = view.orphan;
        e.timer = timerText(s.timer, s.timerExpiresMs);
        e.conn = connOf(s.local, s.remote);
        out.push_back(e);
    }
    for (auto& [key, last] : m_last) {
        if (present.count(key) || last.state == "CLOSE" || last.state.empty()) continue;
        last.state = "CLOSE";
        auto bar = key.find('|');
        StateEvent e;
        e.state = "CLOSE";
        e.source = "sampled";
        e.local = key.substr(0, bar);
        e.remote = key.substr(bar + 1);
        e.orphan = last.orphan;  // gone from the tables; whether a descriptor still names it is unknown
        e.conn = connOf(e.local, e.remote);
        m_deriver.forget(e.local, e.remote);
        out.push_back(e);
    }
    return out;
}

} // namespace finscope
