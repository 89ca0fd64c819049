// SPDX-License-Identifier: MIT
#include "core/capture/captureladder.h"

#include "core/inetaddress.h"
#include "core/tcpstatederiver.h"

#include <arpa/inet.h>

#include <algorithm>

namespace finscope {
namespace {

bool seqLt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
bool seqGt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }

/// Per direction: the highest sequence number sent, and the holes below it
/// (sequence ranges skipped by a later segment, not yet filled).
struct Flow {
    bool started = false;
    std::uint32_t next = 0;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> holes;
    bool gap = false;

    std::string classify(std::uint32_t seq, std::uint32_t end) {
        if (!started) {
            started = true;
            next = end;
            return "";
        }
        if (end == seq) return "";      // a pure ACK occupies no sequence space
        std::string mark;
        if (seqGt(seq, next)) {
            holes.emplace_back(next, seq);
            gap = true;
            mark = "previous segment not captured (" + std::to_string(seq - next) + " bytes missing)";
        } else if (seqLt(seq, next)) {
            // Filling a hole: it was sent earlier than something already
            // seen, or it is a retransmission of what was lost.
            const auto hole = std::find_if(holes.begin(), holes.end(), [&](const auto& h) {
                return seqLt(seq, h.second) && seqGt(end, h.first);
            });
            if (hole != holes.end()) {
                mark = "out-of-order";
                if (!seqGt(hole->second, end) && !seqLt(hole->first, seq)) holes.erase(hole);
                else if (!seqGt(seq, hole->first)) hole->first = end;
                else hole->second = seq;
            } else {
                mark = "retransmission";
            }
        }
        if (seqGt(end, next)) next = end;
        return mark;
    }
};

TcpSegment segmentOf(const PacketRecord& r, const std::string& src, const std::string& dst,
                     const CaptureEndpoint& from, const CaptureEndpoint& to) {
    TcpSegment s;
    s.ipVersion = from.ipVersion;
    s.srcAddr = src;
    s.dstAddr = dst;
    s.srcPort = from.port;
    s.dstPort = to.port;
    s.flags = r.flags;
    s.seq = r.seq;
    s.ack = r.ack;
    s.win = r.win;
    s.payloadLen = r.len;
    s.tNs = r.tNs;
    return s;
}

std::string addrText(const CaptureEndpoint& e) {
    return inetText(e.ipVersion == 6 ? AF_INET6 : AF_INET, e.addr.data());
}

} // namespace

CaptureLadder buildLadder(const ConnectionTable& table, std::size_t index) {
    CaptureLadder ladder;
    if (index >= table.connections().size()) return ladder;
    const Connection& c = table.connections()[index];
    ladder.connection = &c;
    const std::string addr[2] = {addrText(c.a), addrText(c.b)};
    const std::string text[2] = {c.a.text(), c.b.text()};
    const CaptureEndpoint* ep[2] = {&c.a, &c.b};

    TcpStateDeriver deriver;
    if (!c.startedMid && c.side[1].synAckSent) {
        // The SYN-ACK proves a listener; without it (refused, unanswered)
        // nothing exists at that end.
        deriver.seed(text[1], c.b.ipVersion == 6 ? "[::]:0" : "0.0.0.0:0", "LISTEN");
    } else if (c.startedMid) {
        // Mid-connection: assume both were established when the capture began.
        deriver.seed(text[0], text[1], "ESTABLISHED");
        deriver.seed(text[1], text[0], "ESTABLISHED");
    }
    std::optional<std::uint8_t> shift[2];
    if (c.side[0].synSent && c.side[1].synAckSent) {
        const bool both = c.side[0].windowScale && c.side[1].windowScale;
        shift[0] = both ? *c.side[0].windowScale : std::uint8_t{0};
        shift[1] = both ? *c.side[1].windowScale : std::uint8_t{0};
    }
    Flow flow[2];
    const auto conn = static_cast<std::uint32_t>(index);
    for (const PacketRecord& r : table.packets()) {
        if (r.conn != conn) continue;
        const int d = r.dir;
        LadderRow row;
        row.packet = r;
        const ConnectionSide& me = c.side[d];
        const ConnectionSide& peer = c.side[1 - d];
        row.relSeq = me.seqKnown ? r.seq - me.isn : r.seq;
        row.relAck = (r.flags & tcpflag::ACK) && peer.seqKnown ? r.ack - peer.isn : 0;
        const bool syn = (r.flags & tcpflag::SYN) != 0;
        if (shift[d] && !syn) row.winScaled = std::uint32_t{r.win} << *shift[d];
        if (!(r.flags & tcpflag::RST)) {
            const std::uint32_t end =
                r.seq + r.len + (syn ? 1U : 0U) + ((r.flags & tcpflag::FIN) ? 1U : 0U);
            row.mark = flow[d].classify(r.seq, end);
        }
        deriver.onSegment(segmentOf(r, addr[d], addr[1 - d], *ep[d], *ep[1 - d]));
        for (int s = 0; s < 2; ++s) row.state[s] = deriver.stateOf(text[s], text[1 - s]).value_or("");
        ladder.rows.push_back(std::move(row));
    }
    for (int s = 0; s < 2; ++s) {
        if (c.startedMid)
            ladder.laneNote[s] = "the capture started mid-connection: states before its first packet are unknown, "
                                 "ESTABLISHED is assumed";
        else if (flow[s].gap)
            ladder.laneNote[s] = "not all of its packets were seen (gaps in its sequence numbers): its states may lag";
    }
    return ladder;
}

} // namespace finscope
