// SPDX-License-Identifier: MIT
#include "core/packetdecoder.h"

#include "core/inetaddress.h"

#include <arpa/inet.h>
#include <pcap/dlt.h>

#include <algorithm>
#include <array>

namespace finscope {

namespace {

// Every read goes through these: the input is untrusted (files, fuzzers), so
// each access checks its bounds against the captured length first.
std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }
std::uint32_t be32(const std::uint8_t* p)
{
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}
std::uint32_t le32(const std::uint8_t* p)
{
    return (std::uint32_t{p[3]} << 24) | (std::uint32_t{p[2]} << 16) | (std::uint32_t{p[1]} << 8) | std::uint32_t{p[0]};
}

constexpr std::uint16_t kEtherIPv4 = 0x0800;
constexpr std::uint16_t kEtherIPv6 = 0x86DD;
constexpr std::uint16_t kEtherVlan = 0x8100;
constexpr std::uint16_t kEtherQinQ = 0x88A8;
constexpr std::uint8_t kProtoTcp = 6;
constexpr std::size_t kMaxPayloadKept = 64;

// LINKTYPE_RAW as written in pcap files; libpcap maps it to DLT_RAW when it
// reads a file, but a caller may hand us the file's link type directly.
constexpr int kLinktypeRaw = 101;
constexpr int kDltIpv4 = 228;
constexpr int kDltIpv6 = 229;

// The TCP header and payload, once the IP layer has said where they are.
// `ipPayloadLen` comes from the IP header (what was sent), `avail` from the
// capture (what we may read).
std::optional<TcpFrameView> decodeTcpHeader(const std::uint8_t* p, std::size_t avail, std::size_t ipPayloadLen,
                                            TcpFrameView v)
{
    if (avail < 20 || ipPayloadLen < 20)
        return std::nullopt;
    const std::size_t dataOffset = static_cast<std::size_t>(p[12] >> 4) * 4;
    if (dataOffset < 20 || dataOffset > ipPayloadLen || dataOffset > avail)
        return std::nullopt;
    v.srcPort = be16(p);
    v.dstPort = be16(p + 2);
    v.seq = be32(p + 4);
    v.ack = be32(p + 8);
    v.flags = p[13];
    v.win = be16(p + 14);
    v.payloadLen = static_cast<std::uint32_t>(ipPayloadLen - dataOffset);
    v.options = p + 20;
    v.optionsLen = dataOffset - 20;
    v.payload = p + dataOffset;
    v.payloadCaptured = std::min(avail - dataOffset, std::size_t{v.payloadLen});
    return v;
}

std::optional<TcpFrameView> decodeIPv4(const std::uint8_t* p, std::size_t avail)
{
    if (avail < 20 || (p[0] >> 4) != 4)
        return std::nullopt;
    const std::size_t ihl = static_cast<std::size_t>(p[0] & 0x0F) * 4;
    if (ihl < 20 || ihl > avail)
        return std::nullopt;
    // Only the first fragment carries the TCP header; later ones would be
    // read as garbage ports and flags.
    if ((be16(p + 6) & 0x1FFF) != 0 || p[9] != kProtoTcp)
        return std::nullopt;
    std::size_t totalLen = be16(p + 2);
    // A zero total length is what GSO/BIG TCP super-packets carry on
    // loopback; the captured length is then the best we know.
    if (totalLen == 0)
        totalLen = avail;
    if (totalLen < ihl)
        return std::nullopt;
    TcpFrameView v;
    v.ipVersion = 4;
    v.srcAddr = p + 12;
    v.dstAddr = p + 16;
    return decodeTcpHeader(p + ihl, avail - ihl, totalLen - ihl, v);
}

std::optional<TcpFrameView> decodeIPv6(const std::uint8_t* p, std::size_t avail)
{
    if (avail < 40 || (p[0] >> 4) != 6)
        return std::nullopt;
    std::size_t payloadLen = be16(p + 4);
    if (payloadLen == 0)    // jumbogram / BIG TCP: length lives elsewhere
        payloadLen = avail - 40;
    std::uint8_t next = p[6];
    std::size_t off = 40;
    std::size_t remaining = payloadLen;   // bytes after the fixed header, per the header
    // Extension headers the kernel may put before TCP. At most a handful
    // are legal; the bound keeps a malicious chain from looping long.
    for (int hops = 0; hops < 16; ++hops) {
        if (next == kProtoTcp) {
            TcpFrameView v;
            v.ipVersion = 6;
            v.srcAddr = p + 8;
            v.dstAddr = p + 24;
            return decodeTcpHeader(p + off, avail - off, remaining, v);
        }
        std::size_t extLen = 0;
        switch (next) {
        case 0:     // hop-by-hop options
        case 43:    // routing
        case 60:    // destination options
            if (avail - off < 8)
                return std::nullopt;
            extLen = (static_cast<std::size_t>(p[off + 1]) + 1) * 8;
            break;
        case 51:    // authentication header: length in 4-octet units, minus 2
            if (avail - off < 8)
                return std::nullopt;
            extLen = (static_cast<std::size_t>(p[off + 1]) + 2) * 4;
            break;
        default:    // fragment (44), no next header (59), ESP, anything else
            return std::nullopt;
        }
        if (extLen > avail - off || extLen > remaining)
            return std::nullopt;
        next = p[off];
        off += extLen;
        remaining -= extLen;
    }
    return std::nullopt;
}

std::optional<TcpFrameView> decodeByEthertype(std::uint16_t type, const std::uint8_t* p, std::size_t avail)
{
    if (type == kEtherIPv4)
        return decodeIPv4(p, avail);
    if (type == kEtherIPv6)
        return decodeIPv6(p, avail);
    return std::nullopt;
}

std::optional<TcpFrameView> decodeByVersion(const std::uint8_t* p, std::size_t avail)
{
    if (avail < 1)
        return std::nullopt;
    switch (p[0] >> 4) {
    case 4: return decodeIPv4(p, avail);
    case 6: return decodeIPv6(p, avail);
    default: return std::nullopt;
    }
}

} // namespace

std::string TcpSegment::src() const { return hostPort(srcAddr, srcPort); }

std::string TcpSegment::dst() const { return hostPort(dstAddr, dstPort); }

std::optional<TcpFrameView> locateTcp(int dlt, const std::uint8_t* data, std::size_t caplen)
{
    if (data == nullptr)
        return std::nullopt;
    switch (dlt) {
    case DLT_EN10MB: {
        if (caplen < 14)
            return std::nullopt;
        std::size_t off = 12;
        std::uint16_t type = be16(data + off);
        // 802.1Q / 802.1ad tags: not on lo, but on a pcap a user imports.
        for (int tags = 0; (type == kEtherVlan || type == kEtherQinQ) && tags < 2; ++tags) {
            off += 4;
            if (caplen < off + 2)
                return std::nullopt;
            type = be16(data + off);
        }
        off += 2;
        return decodeByEthertype(type, data + off, caplen - off);
    }
    case DLT_LINUX_SLL:     // 16-byte cooked header, protocol last
        if (caplen < 16)
            return std::nullopt;
        return decodeByEthertype(be16(data + 14), data + 16, caplen - 16);
    case DLT_LINUX_SLL2:    // 20-byte cooked header, protocol first
        if (caplen < 20)
            return std::nullopt;
        return decodeByEthertype(be16(data), data + 20, caplen - 20);
    case DLT_NULL:
    case DLT_LOOP: {
        // A 4-byte address family: host order of the capturing machine for
        // DLT_NULL (so either order), network order for DLT_LOOP. The IP
        // version nibble then decides, as BSDs use several AF_INET6 values.
        if (caplen < 4)
            return std::nullopt;
        const std::uint32_t af = dlt == DLT_LOOP ? be32(data) : std::min(le32(data), be32(data));
        if (af != 2 && af != 10 && af != 24 && af != 28 && af != 30)
            return std::nullopt;
        return decodeByVersion(data + 4, caplen - 4);
    }
    case DLT_RAW:
    case kLinktypeRaw:
        return decodeByVersion(data, caplen);
    case kDltIpv4:
        return decodeIPv4(data, caplen);
    case kDltIpv6:
        return decodeIPv6(data, caplen);
    default:
        return std::nullopt;
    }
}

std::optional<TcpSegment> decodeTcp(int dlt, const std::uint8_t* data, std::size_t caplen, std::int64_t tNs)
{
    const auto v = locateTcp(dlt, data, caplen);
    if (!v)
        return std::nullopt;
    TcpSegment seg;
    seg.ipVersion = v->ipVersion;
    const int family = v->ipVersion == 6 ? AF_INET6 : AF_INET;
    seg.srcAddr = inetText(family, v->srcAddr);
    seg.dstAddr = inetText(family, v->dstAddr);
    seg.srcPort = v->srcPort;
    seg.dstPort = v->dstPort;
    seg.flags = v->flags;
    seg.seq = v->seq;
    seg.ack = v->ack;
    seg.win = v->win;
    seg.payloadLen = v->payloadLen;
    seg.options = parseTcpOptions(v->options, v->optionsLen);
    seg.payload.assign(v->payload, v->payload + std::min(v->payloadCaptured, kMaxPayloadKept));
    seg.tNs = tNs;
    return seg;
}

std::string tcpdumpFlags(std::uint8_t flags)
{
    // tcpdump's print-tcp.c walks this table in order (tcp_flag_values),
    // which is why SYN-ACK reads "S." and FIN-PSH-ACK reads "FP.".
    static constexpr std::array<std::pair<std::uint8_t, char>, 8> table{{
        {tcpflag::FIN, 'F'}, {tcpflag::SYN, 'S'}, {tcpflag::RST, 'R'}, {tcpflag::PSH, 'P'},
        {tcpflag::ACK, '.'}, {tcpflag::URG, 'U'}, {tcpflag::ECE, 'E'}, {tcpflag::CWR, 'W'},
    }};
    std::string out;
    for (const auto& [bit, letter] : table)
        if ((flags & bit) != 0)
            out += letter;
    return out.empty() ? "none" : out;
}

ConnectionTracker::Relative ConnectionTracker::track(const TcpSegment& segment)
{
    const std::string src = segment.src();
    const std::string dst = segment.dst();
    const bool srcIsA = src <= dst;
    const auto key = srcIsA ? std::make_pair(src, dst) : std::make_pair(dst, src);
    const bool syn = (segment.flags & tcpflag::SYN) != 0;
    const bool ack = (segment.flags & tcpflag::ACK) != 0;

    auto it = conns_.find(key);
    // A fresh active open on a 4-tuple whose previous connection ended is a
    // new connection (port reuse), so it gets its own label and ISNs.
    if (it == conns_.end() || (it->second.ended && syn && !ack)) {
        Conn conn;
        conn.label = "c" + std::to_string(nextLabel_++);
        it = conns_.insert_or_assign(key, std::move(conn)).first;
    }
    Conn& conn = it->second;
    Side& mine = srcIsA ? conn.sideA : conn.sideB;
    Side& theirs = srcIsA ? conn.sideB : conn.sideA;

    if (syn || !mine.haveIsn) {
        mine.isn = segment.seq;
        mine.haveIsn = true;
    }
    if (syn) {
        mine.sawSyn = true;
        mine.windowScale = segment.options.windowScale;
    }
    if ((segment.flags & (tcpflag::FIN | tcpflag::RST)) != 0)
        conn.ended = true;

    Relative rel;
    rel.conn = conn.label;
    rel.seq = segment.seq - mine.isn;
    rel.ack = (ack && theirs.haveIsn) ? segment.ack - theirs.isn : 0;
    rel.receiverIsn = theirs.isn;
    if (!syn && mine.sawSyn && theirs.sawSyn && mine.windowScale && theirs.windowScale)
        rel.windowShift = mine.windowScale;
    else if (!syn && mine.sawSyn && theirs.sawSyn)
        rel.windowShift = std::uint8_t{0};  // both SYNs seen, scaling not agreed: the field is the window
    return rel;
}

void ConnectionTracker::reset()
{
    conns_.clear();
    nextLabel_ = 1;
}

} // namespace finscope
