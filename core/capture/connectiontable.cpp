// SPDX-License-Identifier: MIT
#include "core/capture/connectiontable.h"

#include "core/inetaddress.h"
#include "core/tcpoptions.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace finscope {
namespace {

bool seqGt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }

CaptureEndpoint endpointOf(int ipVersion, const std::uint8_t* addr, std::uint16_t port) {
    CaptureEndpoint e;
    e.ipVersion = static_cast<std::uint8_t>(ipVersion);
    std::memcpy(e.addr.data(), addr, ipVersion == 6 ? 16 : 4);
    e.port = port;
    return e;
}

bool lessThan(const CaptureEndpoint& x, const CaptureEndpoint& y) {
    const int c = std::memcmp(x.addr.data(), y.addr.data(), x.addr.size());
    return c < 0 || (c == 0 && x.port < y.port);
}

bool isReset(Ending e) { return e <= Ending::ResetDuringData; }

} // namespace

std::string CaptureEndpoint::text() const {
    return hostPort(inetText(ipVersion == 6 ? AF_INET6 : AF_INET, addr.data()), port);
}

bool isOver(const Connection& c) {
    return c.side[0].rstNs >= 0 || c.side[1].rstNs >= 0 || (c.side[0].finNs >= 0 && c.side[1].finNs >= 0);
}

std::size_t ConnectionTable::KeyHash::operator()(const Key& k) const noexcept {
    // Word-wise multiply-xorshift over both addresses and ports: a byte
    // loop costs more than the rest of a packet's bookkeeping.
    std::uint64_t w[4];
    std::memcpy(w, k.lo.addr.data(), 16);
    std::memcpy(w + 2, k.hi.addr.data(), 16);
    std::uint64_t h = (std::uint64_t{k.lo.port} << 16 | k.hi.port) * 0x9E3779B97F4A7C15ULL;
    for (std::uint64_t x : w) {
        h ^= x + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9ULL;
    }
    return static_cast<std::size_t>(h ^ (h >> 31));
}

Connection& ConnectionTable::connectionFor(const TcpFrameView& s, std::int64_t tNs, const CaptureEndpoint& src,
                                           const CaptureEndpoint& dst) {
    const bool syn = (s.flags & tcpflag::SYN) != 0;
    const bool ack = (s.flags & tcpflag::ACK) != 0;
    const Key key = lessThan(src, dst) ? Key{src, dst} : Key{dst, src};
    auto it = m_index.find(key);
    // A fresh active open on a 4-tuple whose connection is over is a new
    // connection (port reuse).
    if (it != m_index.end() && !(syn && !ack && isOver(m_connections[it->second])))
        return m_connections[it->second];
    Connection c;
    c.id = static_cast<std::uint32_t>(m_connections.size() + 1);
    // The opener is side a: the SYN's sender, or the SYN-ACK's receiver.
    const bool fromServer = syn && ack;
    c.a = fromServer ? dst : src;
    c.b = fromServer ? src : dst;
    c.firstNs = tNs;
    c.startedMid = !(syn && !ack);
    m_connections.push_back(c);
    const auto index = static_cast<std::uint32_t>(m_connections.size() - 1);
    m_index.insert_or_assign(key, index);
    return m_connections.back();
}

void ConnectionTable::add(const TcpFrameView& s, std::int64_t tNs) {
    const CaptureEndpoint src = endpointOf(s.ipVersion, s.srcAddr, s.srcPort);
    const CaptureEndpoint dst = endpointOf(s.ipVersion, s.dstAddr, s.dstPort);
    Connection& c = connectionFor(s, tNs, src, dst);
    const auto dir = static_cast<std::uint8_t>(src == c.a ? 0 : 1);
    ConnectionSide& me = c.side[dir];
    const bool syn = (s.flags & tcpflag::SYN) != 0;
    const bool fin = (s.flags & tcpflag::FIN) != 0;
    const bool rst = (s.flags & tcpflag::RST) != 0;

    ++c.packets;
    ++me.packets;
    c.lastNs = tNs;
    if (syn && !rst) {
        ((s.flags & tcpflag::ACK) ? me.synAckSent : me.synSent) = true;
        me.isn = s.seq;
        me.next = s.seq + 1;
        me.seqKnown = true;
        const TcpOptions o = parseTcpOptions(s.options, s.optionsLen);
        me.mss = o.mss;
        me.windowScale = o.windowScale;
    } else if (!me.seqKnown && !rst) {
        me.isn = s.seq;
        me.next = s.seq;
        me.seqKnown = true;
    }
    const std::uint32_t end = s.seq + s.payloadLen + (fin ? 1U : 0U);
    if (s.payloadLen > 0 && me.seqKnown) {
        if (seqGt(end, me.next)) me.lastDataNs = tNs;
        else ++me.retransmissions;
    }
    if (me.seqKnown && !rst && seqGt(end, me.next)) me.next = end;
    if (fin && me.finNs < 0) {
        me.finNs = tNs;
        me.finEnd = end;
        // A FIN that does not acknowledge the peer's FIN was sent before
        // this side had it: both closed at once (both pass through CLOSING).
        const ConnectionSide& peer = c.side[1 - dir];
        if (peer.finNs >= 0 && (!(s.flags & tcpflag::ACK) || seqGt(peer.finEnd, s.ack))) c.simultaneousClose = true;
        if (c.endNs < 0) {
            c.endNs = tNs;
            c.endedBy = dir;
        }
    }
    // Bytes sent = the sequence space the data spans: a retransmission is
    // not counted twice, a segment the capture missed is still counted.
    if (me.seqKnown)
        me.bytes = me.next - me.isn - ((me.synSent || me.synAckSent) ? 1U : 0U) - (me.finNs >= 0 ? 1U : 0U);
    if (rst && c.side[0].rstNs < 0 && c.side[1].rstNs < 0) onReset(c, dir, tNs);
    if (rst && me.rstNs < 0) me.rstNs = tNs;

    PacketRecord r;
    r.tNs = tNs;
    r.seq = s.seq;
    r.ack = s.ack;
    r.len = s.payloadLen;
    r.conn = c.id - 1;
    r.win = s.win;
    r.flags = s.flags;
    r.dir = dir;
    m_packets.push_back(r);
}

void ConnectionTable::onReset(Connection& c, std::uint8_t dir, std::int64_t tNs) {
    // Linux sends RST for few reasons, each visible in what came before:
    // no listener for a SYN, data for a socket that was closed, close()
    // with unread data or SO_LINGER {1, 0}.
    const ConnectionSide& me = c.side[dir];
    const ConnectionSide& peer = c.side[1 - dir];
    if (peer.synSent && !me.synAckSent && !me.synSent && peer.bytes == 0) c.ending = Ending::Refused;
    else if (me.finNs >= 0 && peer.lastDataNs > me.finNs) c.ending = Ending::ResetAfterClose;
    else if (me.finNs < 0 && peer.bytes > 0 && peer.lastDataNs > me.lastDataNs) c.ending = Ending::ResetUnread;
    else if (me.finNs >= 0 || peer.finNs >= 0) c.ending = Ending::ResetAfterFin;
    else c.ending = Ending::ResetDuringData;
    c.endedBy = dir;
    c.endNs = tNs;
}

void ConnectionTable::finish() {
    for (Connection& c : m_connections) {
        if (isReset(c.ending) && (c.side[0].rstNs >= 0 || c.side[1].rstNs >= 0)) continue;
        const bool fin0 = c.side[0].finNs >= 0, fin1 = c.side[1].finNs >= 0;
        if (fin0 && fin1) c.ending = Ending::OrderlyClose;
        else if (fin0 || fin1) c.ending = Ending::HalfClosed;
        else if (c.side[0].synSent && c.side[1].packets == 0) c.ending = Ending::SynUnanswered;
        else c.ending = Ending::StillOpen;
    }
}

std::size_t ConnectionTable::memoryBytes() const {
    return m_connections.capacity() * sizeof(Connection) + m_packets.capacity() * sizeof(PacketRecord) +
           m_index.size() * (sizeof(Key) + sizeof(std::uint32_t) + 2 * sizeof(void*)) +
           m_index.bucket_count() * sizeof(void*);
}

} // namespace finscope
