// SPDX-License-Identifier: MIT
// The decoder against hand-built frames (every link type, both IP versions,
// every truncation point) and against real loopback captures.
#include "core/packetdecoder.h"

#include <gtest/gtest.h>
#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace finscope;

namespace {

using Bytes = std::vector<std::uint8_t>;

void put16(Bytes& b, std::size_t at, std::uint16_t v)
{
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

struct Tcp {
    std::uint16_t sport = 40000;
    std::uint16_t dport = 5000;
    std::uint32_t seq = 1000;
    std::uint32_t ack = 0;
    std::uint8_t flags = tcpflag::SYN;
    std::uint16_t win = 65495;
    std::size_t optionWords = 0;    // extra 4-byte option words
    Bytes payload;
};

Bytes tcpHeader(const Tcp& t)
{
    Bytes b(20 + 4 * t.optionWords, 0);
    put16(b, 0, t.sport);
    put16(b, 2, t.dport);
    put32(b, 4, t.seq);
    put32(b, 8, t.ack);
    b[12] = static_cast<std::uint8_t>((5 + t.optionWords) << 4);
    b[13] = t.flags;
    put16(b, 14, t.win);
    for (std::size_t i = 20; i < b.size(); ++i)
        b[i] = 1;   // NOP options
    b.insert(b.end(), t.payload.begin(), t.payload.end());
    return b;
}

Bytes ipv4(const Bytes& l4, std::uint8_t proto = 6, std::size_t optionWords = 0, std::uint16_t fragField = 0x4000)
{
    const std::size_t ihl = 20 + 4 * optionWords;
    Bytes b(ihl, 0);
    b[0] = static_cast<std::uint8_t>(0x40 | (ihl / 4));
    put16(b, 2, static_cast<std::uint16_t>(ihl + l4.size()));
    put16(b, 6, fragField);
    b[8] = 64;
    b[9] = proto;
    const std::array<std::uint8_t, 4> lo{127, 0, 0, 1};
    std::copy(lo.begin(), lo.end(), b.begin() + 12);
    const std::array<std::uint8_t, 4> lo2{127, 0, 0, 2};
    std::copy(lo2.begin(), lo2.end(), b.begin() + 16);
    b.insert(b.end(), l4.begin(), l4.end());
    return b;
}

// IPv6 ::1 -> ::1, with optional extension headers (each 8 bytes, type given).
Bytes ipv6(const Bytes& l4, const std::vector<std::uint8_t>& extTypes = {}, std::uint8_t last = 6)
{
    Bytes exts;
    for (std::size_t i = 0; i < extTypes.size(); ++i) {
        const std::uint8_t next = i + 1 < extTypes.size() ? extTypes[i + 1] : last;
        Bytes e(8, 0);
        e[0] = next;
        e[1] = 0;   // (0 + 1) * 8 bytes
        exts.insert(exts.end(), e.begin(), e.end());
    }
    Bytes b(40, 0);
    b[0] = 0x60;
    put16(b, 4, static_cast<std::uint16_t>(exts.size() + l4.size()));
    b[6] = extTypes.empty() ? last : extTypes[0];
    b[7] = 64;
    b[23] = 1;   // src ::1
    b[39] = 1;   // dst ::1
    b.insert(b.end(), exts.begin(), exts.end());
    b.insert(b.end(), l4.begin(), l4.end());
    return b;
}

Bytes ether(const Bytes& l3, std::uint16_t type)
{
    Bytes b(14, 0);
    put16(b, 12, type);
    b.insert(b.end(), l3.begin(), l3.end());
    return b;
}

Bytes sll(const Bytes& l3, std::uint16_t type)
{
    Bytes b(16, 0);
    put16(b, 0, 4);     // sent by us
    put16(b, 2, 772);   // ARPHRD_LOOPBACK
    put16(b, 14, type);
    b.insert(b.end(), l3.begin(), l3.end());
    return b;
}

Bytes sll2(const Bytes& l3, std::uint16_t type)
{
    Bytes b(20, 0);
    put16(b, 0, type);
    put16(b, 8, 772);
    b.insert(b.end(), l3.begin(), l3.end());
    return b;
}

Bytes null(const Bytes& l3, std::uint32_t af)
{
    // Host order on the capturing machine: little-endian here.
    Bytes b{static_cast<std::uint8_t>(af), static_cast<std::uint8_t>(af >> 8), static_cast<std::uint8_t>(af >> 16),
            static_cast<std::uint8_t>(af >> 24)};
    b.insert(b.end(), l3.begin(), l3.end());
    return b;
}

std::optional<TcpSegment> decode(int dlt, const Bytes& b, std::int64_t t = 42)
{
    return decodeTcp(dlt, b.data(), b.size(), t);
}

Tcp dataSegment()
{
    Tcp t;
    t.flags = tcpflag::PSH | tcpflag::ACK;
    t.seq = 0xFFFFFFF0U;
    t.ack = 77;
    t.payload = {'h', 'e', 'l', 'l', 'o'};
    return t;
}

} // namespace

TEST(PacketDecoder, EthernetIPv4)
{
    const auto seg = decode(DLT_EN10MB, ether(ipv4(tcpHeader(dataSegment())), 0x0800), 1234);
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->ipVersion, 4);
    EXPECT_EQ(seg->srcAddr, "127.0.0.1");
    EXPECT_EQ(seg->dstAddr, "127.0.0.2");
    EXPECT_EQ(seg->src(), "127.0.0.1:40000");
    EXPECT_EQ(seg->dst(), "127.0.0.2:5000");
    EXPECT_EQ(seg->seq, 0xFFFFFFF0U);
    EXPECT_EQ(seg->ack, 77U);
    EXPECT_EQ(seg->flags, tcpflag::PSH | tcpflag::ACK);
    EXPECT_EQ(seg->win, 65495);
    EXPECT_EQ(seg->payloadLen, 5U);
    EXPECT_EQ(seg->payload, (Bytes{'h', 'e', 'l', 'l', 'o'}));
    EXPECT_EQ(seg->tNs, 1234);
}

TEST(PacketDecoder, EthernetIPv6)
{
    const auto seg = decode(DLT_EN10MB, ether(ipv6(tcpHeader(dataSegment())), 0x86DD));
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->ipVersion, 6);
    EXPECT_EQ(seg->srcAddr, "::1");
    EXPECT_EQ(seg->src(), "[::1]:40000");
    EXPECT_EQ(seg->dst(), "[::1]:5000");
    EXPECT_EQ(seg->payloadLen, 5U);
}

TEST(PacketDecoder, VlanTaggedEthernet)
{
    Bytes frame = ether(ipv4(tcpHeader(dataSegment())), 0x8100);
    // Tag control + inner ethertype after the TPID.
    const Bytes tag{0x00, 0x05, 0x08, 0x00};
    frame.insert(frame.begin() + 14, tag.begin(), tag.end());
    const auto seg = decode(DLT_EN10MB, frame);
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->payloadLen, 5U);
}

TEST(PacketDecoder, CookedAndRawAndNull)
{
    const Bytes v4 = ipv4(tcpHeader(dataSegment()));
    const Bytes v6 = ipv6(tcpHeader(dataSegment()));
    for (const auto& [dlt, frame, version] : std::vector<std::tuple<int, Bytes, int>>{
             {DLT_LINUX_SLL, sll(v4, 0x0800), 4},
             {DLT_LINUX_SLL, sll(v6, 0x86DD), 6},
             {DLT_LINUX_SLL2, sll2(v4, 0x0800), 4},
             {DLT_LINUX_SLL2, sll2(v6, 0x86DD), 6},
             {DLT_RAW, v4, 4},
             {DLT_RAW, v6, 6},
             {101, v4, 4},   // LINKTYPE_RAW as stored in files
             {DLT_NULL, null(v4, 2), 4},
             {DLT_NULL, null(v6, 10), 6},
             {DLT_NULL, null(v6, 30), 6},
         }) {
        SCOPED_TRACE("dlt " + std::to_string(dlt) + " IPv" + std::to_string(version));
        const auto seg = decode(dlt, frame);
        ASSERT_TRUE(seg);
        EXPECT_EQ(seg->ipVersion, version);
        EXPECT_EQ(seg->dstPort, 5000);
        EXPECT_EQ(seg->payloadLen, 5U);
    }
}

TEST(PacketDecoder, UnknownLinkTypeOrProtocol)
{
    const Bytes v4 = ipv4(tcpHeader(dataSegment()));
    EXPECT_FALSE(decode(DLT_IEEE802_11, ether(v4, 0x0800)));
    EXPECT_FALSE(decode(DLT_EN10MB, ether(v4, 0x0806)));                        // ARP ethertype
    EXPECT_FALSE(decode(DLT_EN10MB, ether(ipv4(Bytes(8, 0), 17), 0x0800)));    // UDP
    EXPECT_FALSE(decode(DLT_EN10MB, ether(ipv6(Bytes(8, 0), {}, 17), 0x86DD)));
    EXPECT_FALSE(decode(DLT_NULL, null(v4, 7)));
    EXPECT_FALSE(decode(DLT_RAW, ether(v4, 0x0800)));                           // not an IP version nibble
    EXPECT_FALSE(decodeTcp(DLT_RAW, nullptr, 0, 0));
}

TEST(PacketDecoder, IPv4OptionsAndTcpOptions)
{
    Tcp t = dataSegment();
    t.optionWords = 3;
    const auto seg = decode(DLT_RAW, ipv4(tcpHeader(t), 6, 2));
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->payloadLen, 5U);
    EXPECT_EQ(seg->payload.front(), 'h');
}

TEST(PacketDecoder, IPv4Fragments)
{
    const Bytes l4 = tcpHeader(dataSegment());
    // First fragment (MF set, offset 0) still carries the TCP header.
    EXPECT_TRUE(decode(DLT_RAW, ipv4(l4, 6, 0, 0x2000)));
    // A later fragment must not be read as a TCP header.
    EXPECT_FALSE(decode(DLT_RAW, ipv4(l4, 6, 0, 0x0010)));
    EXPECT_FALSE(decode(DLT_RAW, ipv4(l4, 6, 0, 0x2010)));
}

TEST(PacketDecoder, IPv4BadHeaderLengths)
{
    Bytes b = ipv4(tcpHeader(dataSegment()));
    Bytes small = b;
    small[0] = 0x44;    // IHL 16 bytes
    EXPECT_FALSE(decode(DLT_RAW, small));
    Bytes huge = b;
    huge[0] = 0x4F;     // IHL 60 bytes: more than the whole 45-byte datagram
    EXPECT_FALSE(decode(DLT_RAW, huge));
    Bytes shortTotal = b;
    put16(shortTotal, 2, 30);   // total length leaves only 10 bytes for TCP
    EXPECT_FALSE(decode(DLT_RAW, shortTotal));
    Bytes badOffset = b;
    badOffset[20 + 12] = 0x40;  // TCP data offset 16 bytes
    EXPECT_FALSE(decode(DLT_RAW, badOffset));
}

TEST(PacketDecoder, IPv4PayloadLengthFromHeaderNotCapture)
{
    // Captured with a short snap length: the header says 5 payload bytes,
    // only 2 were captured.
    Bytes b = ipv4(tcpHeader(dataSegment()));
    b.resize(b.size() - 3);
    const auto seg = decode(DLT_RAW, b);
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->payloadLen, 5U);
    EXPECT_EQ(seg->payload, (Bytes{'h', 'e'}));
    // Ethernet padding after the IP datagram is not payload.
    Bytes padded = ipv4(tcpHeader(dataSegment()));
    padded.resize(padded.size() + 6, 0);
    const auto seg2 = decode(DLT_RAW, padded);
    ASSERT_TRUE(seg2);
    EXPECT_EQ(seg2->payloadLen, 5U);
    EXPECT_EQ(seg2->payload.size(), 5U);
}

TEST(PacketDecoder, PayloadKeptUpTo64Bytes)
{
    Tcp t = dataSegment();
    t.payload.assign(1000, 'x');
    const auto seg = decode(DLT_RAW, ipv4(tcpHeader(t)));
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->payloadLen, 1000U);
    EXPECT_EQ(seg->payload.size(), 64U);
}

TEST(PacketDecoder, IPv6ExtensionHeaders)
{
    const Bytes l4 = tcpHeader(dataSegment());
    const auto seg = decode(DLT_RAW, ipv6(l4, {0, 60, 43}));
    ASSERT_TRUE(seg);
    EXPECT_EQ(seg->payloadLen, 5U);
    EXPECT_EQ(seg->dstPort, 5000);
    EXPECT_FALSE(decode(DLT_RAW, ipv6(l4, {44})));        // fragment
    EXPECT_FALSE(decode(DLT_RAW, ipv6(l4, {0, 44})));     // fragment after hop-by-hop
    EXPECT_FALSE(decode(DLT_RAW, ipv6(l4, {59})));        // no next header
    // An extension header claiming more than was captured.
    Bytes b = ipv6(l4, {60});
    b[41] = 200;
    EXPECT_FALSE(decode(DLT_RAW, b));
}

TEST(PacketDecoder, EveryTruncationIsRejectedOrSafe)
{
    // Every prefix of every frame: never crashes (ASan/valgrind would see an
    // out-of-bounds read), and a prefix that cuts into the TCP header is
    // rejected. Copies make each prefix its own allocation so an overread is
    // a real heap overflow for the sanitizers.
    Tcp t = dataSegment();
    t.optionWords = 2;
    const std::vector<std::pair<int, Bytes>> frames{
        {DLT_EN10MB, ether(ipv4(tcpHeader(t), 6, 1), 0x0800)},
        {DLT_EN10MB, ether(ipv6(tcpHeader(t), {0, 60}), 0x86DD)},
        {DLT_LINUX_SLL, sll(ipv4(tcpHeader(t)), 0x0800)},
        {DLT_LINUX_SLL2, sll2(ipv6(tcpHeader(t)), 0x86DD)},
        {DLT_NULL, null(ipv4(tcpHeader(t)), 2)},
        {DLT_RAW, ipv6(tcpHeader(t), {43})},
    };
    for (const auto& [dlt, frame] : frames) {
        const std::size_t headerEnd = frame.size() - t.payload.size();
        for (std::size_t n = 0; n <= frame.size(); ++n) {
            const Bytes prefix(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(n));
            const auto seg = decodeTcp(dlt, prefix.data(), prefix.size(), 0);
            if (n < headerEnd)
                EXPECT_FALSE(seg) << "dlt " << dlt << " prefix " << n;
            else
                EXPECT_TRUE(seg) << "dlt " << dlt << " prefix " << n;
        }
    }
}

TEST(PacketDecoder, RandomMutationsStayInBounds)
{
    // A small deterministic fuzz: valid frames with random bytes flipped and
    // random lengths. Under ASan any overread fails the test; the decoded
    // payload must never claim bytes beyond the input.
    std::mt19937 rng(20261121);
    Tcp t = dataSegment();
    t.optionWords = 1;
    const std::vector<std::pair<int, Bytes>> seeds{
        {DLT_EN10MB, ether(ipv4(tcpHeader(t), 6, 1), 0x0800)},
        {DLT_EN10MB, ether(ipv6(tcpHeader(t), {0, 43, 60}), 0x86DD)},
        {DLT_LINUX_SLL, sll(ipv6(tcpHeader(t)), 0x86DD)},
        {DLT_LINUX_SLL2, sll2(ipv4(tcpHeader(t)), 0x0800)},
        {DLT_NULL, null(ipv6(tcpHeader(t)), 10)},
        {DLT_RAW, ipv4(tcpHeader(t))},
    };
    for (int i = 0; i < 30000; ++i) {
        const auto& [dlt, base] = seeds[static_cast<std::size_t>(i) % seeds.size()];
        Bytes b = base;
        const int flips = static_cast<int>(rng() % 6);
        for (int f = 0; f < flips; ++f)
            b[rng() % b.size()] = static_cast<std::uint8_t>(rng());
        b.resize(rng() % (b.size() + 8));
        const auto seg = decodeTcp(dlt, b.data(), b.size(), 0);
        if (seg) {
            ASSERT_LE(seg->payload.size(), 64U);
            ASSERT_LE(seg->payload.size(), seg->payloadLen);
            ASSERT_LE(seg->payload.size(), b.size());
        }
    }
}

TEST(PacketDecoder, TcpdumpFlags)
{
    using namespace tcpflag;
    EXPECT_EQ(tcpdumpFlags(SYN), "S");
    EXPECT_EQ(tcpdumpFlags(SYN | ACK), "S.");
    EXPECT_EQ(tcpdumpFlags(ACK), ".");
    EXPECT_EQ(tcpdumpFlags(PSH | ACK), "P.");
    EXPECT_EQ(tcpdumpFlags(FIN | ACK), "F.");
    EXPECT_EQ(tcpdumpFlags(FIN | PSH | ACK), "FP.");
    EXPECT_EQ(tcpdumpFlags(RST), "R");
    EXPECT_EQ(tcpdumpFlags(RST | ACK), "R.");
    EXPECT_EQ(tcpdumpFlags(0), "none");
    // tcpdump's table order F S R P . U E W (print-tcp.c tcp_flag_values).
    EXPECT_EQ(tcpdumpFlags(SYN | ECE | CWR), "SEW");
    EXPECT_EQ(tcpdumpFlags(SYN | ACK | ECE), "S.E");
    EXPECT_EQ(tcpdumpFlags(PSH | ACK | URG), "P.U");
    EXPECT_EQ(tcpdumpFlags(FIN | SYN), "FS");
    EXPECT_EQ(tcpdumpFlags(0xFF), "FSRP.UEW");
}

namespace {

TcpSegment seg(const std::string& src, std::uint16_t sport, const std::string& dst, std::uint16_t dport,
               std::uint8_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t len = 0)
{
    TcpSegment s;
    s.srcAddr = src;
    s.dstAddr = dst;
    s.srcPort = sport;
    s.dstPort = dport;
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.payloadLen = len;
    return s;
}

} // namespace

TEST(ConnectionTracker, WholeExchangeIsRelative)
{
    using namespace tcpflag;
    ConnectionTracker tr;
    const std::uint32_t ci = 0xFFFFFFFEU;   // wraps during the exchange
    const std::uint32_t si = 3166971254U;
    const auto C = [&](std::uint8_t f, std::uint32_t s, std::uint32_t a, std::uint32_t l = 0) {
        return tr.track(seg("127.0.0.1", 38102, "127.0.0.1", 5001, f, s, a, l));
    };
    const auto S = [&](std::uint8_t f, std::uint32_t s, std::uint32_t a, std::uint32_t l = 0) {
        return tr.track(seg("127.0.0.1", 5001, "127.0.0.1", 38102, f, s, a, l));
    };
    auto r = C(SYN, ci, 0);
    EXPECT_EQ(r.conn, "c1");
    EXPECT_EQ(r.seq, 0U);
    EXPECT_EQ(r.ack, 0U);
    r = S(SYN | ACK, si, ci + 1);
    EXPECT_EQ(r.conn, "c1");
    EXPECT_EQ(r.seq, 0U);
    EXPECT_EQ(r.ack, 1U);
    r = C(ACK, ci + 1, si + 1);
    EXPECT_EQ(r.seq, 1U);
    EXPECT_EQ(r.ack, 1U);
    r = C(PSH | ACK, ci + 1, si + 1, 2);
    EXPECT_EQ(r.seq, 1U);
    r = S(ACK, si + 1, ci + 3);
    EXPECT_EQ(r.seq, 1U);
    EXPECT_EQ(r.ack, 3U);
    r = C(FIN | ACK, ci + 3, si + 1);
    EXPECT_EQ(r.seq, 3U);
    EXPECT_EQ(r.ack, 1U);
    r = S(ACK, si + 1, ci + 4);
    EXPECT_EQ(r.ack, 4U);
    r = S(FIN | ACK, si + 1, ci + 4);
    EXPECT_EQ(r.seq, 1U);
    r = C(ACK, ci + 4, si + 2);
    EXPECT_EQ(r.seq, 4U);
    EXPECT_EQ(r.ack, 2U);
    EXPECT_EQ(r.conn, "c1");
}

TEST(ConnectionTracker, LabelsInOrderOfFirstSight)
{
    using namespace tcpflag;
    ConnectionTracker tr;
    EXPECT_EQ(tr.track(seg("127.0.0.1", 1000, "127.0.0.1", 5000, SYN, 1, 0)).conn, "c1");
    EXPECT_EQ(tr.track(seg("::1", 1000, "::1", 5000, SYN, 1, 0)).conn, "c2");   // other family
    EXPECT_EQ(tr.track(seg("127.0.0.1", 5000, "127.0.0.1", 1000, SYN | ACK, 9, 2)).conn, "c1");
    EXPECT_EQ(tr.track(seg("127.0.0.1", 1001, "127.0.0.1", 5000, SYN, 1, 0)).conn, "c3");
    EXPECT_EQ(tr.track(seg("::1", 5000, "::1", 1000, RST | ACK, 0, 2)).conn, "c2");
    // The same 4-tuple reused after RST: a new connection with new ISNs.
    const auto r = tr.track(seg("::1", 1000, "::1", 5000, SYN, 500, 0));
    EXPECT_EQ(r.conn, "c4");
    EXPECT_EQ(r.seq, 0U);
    // Not a SYN: still the same connection even after FIN.
    tr.track(seg("127.0.0.1", 1000, "127.0.0.1", 5000, FIN | ACK, 2, 10));
    EXPECT_EQ(tr.track(seg("127.0.0.1", 5000, "127.0.0.1", 1000, ACK, 10, 3)).conn, "c1");
    tr.reset();
    EXPECT_EQ(tr.track(seg("127.0.0.1", 1001, "127.0.0.1", 5000, ACK, 1, 0)).conn, "c1");
}

TEST(ConnectionTracker, MidStreamStartUsesFirstSeqAndUnknownAckIsZero)
{
    using namespace tcpflag;
    ConnectionTracker tr;
    auto r = tr.track(seg("127.0.0.1", 1000, "127.0.0.1", 5000, PSH | ACK, 5000, 9000, 10));
    EXPECT_EQ(r.seq, 0U);
    EXPECT_EQ(r.ack, 0U);   // the other side's ISN is not known yet
    r = tr.track(seg("127.0.0.1", 5000, "127.0.0.1", 1000, ACK, 9000, 5010));
    EXPECT_EQ(r.seq, 0U);
    EXPECT_EQ(r.ack, 10U);
    r = tr.track(seg("127.0.0.1", 1000, "127.0.0.1", 5000, ACK, 5010, 9000));
    EXPECT_EQ(r.seq, 10U);
    EXPECT_EQ(r.ack, 0U);
    // RST without ACK: ack is 0 whatever the field says.
    r = tr.track(seg("127.0.0.1", 5000, "127.0.0.1", 1000, RST, 9000, 1234));
    EXPECT_EQ(r.ack, 0U);
}

namespace {

struct Captured {
    TcpSegment seg;
    std::string flags;
    ConnectionTracker::Relative rel;
};

std::vector<Captured> readCapture(const std::string& name, int* dltOut = nullptr)
{
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    const std::string path = std::string(FINSCOPE_TEST_DATA_DIR) + "/" + name;
    pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err.data());
    EXPECT_NE(p, nullptr) << err.data();
    std::vector<Captured> out;
    if (p == nullptr)
        return out;
    if (dltOut != nullptr)
        *dltOut = pcap_datalink(p);
    ConnectionTracker tr;
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    while (pcap_next_ex(p, &hdr, &data) == 1) {
        const std::int64_t t = std::int64_t{hdr->ts.tv_sec} * 1000000000 + hdr->ts.tv_usec;
        auto s = decodeTcp(pcap_datalink(p), data, hdr->caplen, t);
        if (!s)
            continue;   // the UDP markers and ICMP answers in the capture
        Captured c{*s, tcpdumpFlags(s->flags), tr.track(*s)};
        out.push_back(std::move(c));
    }
    pcap_close(p);
    return out;
}

} // namespace

// A real capture (tcpdump -i lo, Linux 6.18, see tests/data/lo_capture.py):
// client sends "hi", closes; server reads EOF, closes.
TEST(PacketDecoderCapture, ClientClosesFirstIPv4)
{
    int dlt = -1;
    const auto c = readCapture("lo_client_first.pcap", &dlt);
    EXPECT_EQ(dlt, DLT_EN10MB);     // Linux loopback captures carry Ethernet headers
    ASSERT_EQ(c.size(), 9U);
    const std::vector<std::tuple<std::string, std::uint32_t, std::uint32_t, std::uint32_t>> want{
        {"S", 0, 0, 0}, {"S.", 0, 1, 0}, {".", 1, 1, 0}, {"P.", 1, 1, 2}, {".", 1, 3, 0},
        {"F.", 3, 1, 0}, {".", 1, 4, 0}, {"F.", 1, 4, 0}, {".", 4, 2, 0},
    };
    for (std::size_t i = 0; i < want.size(); ++i) {
        SCOPED_TRACE("segment " + std::to_string(i));
        EXPECT_EQ(c[i].flags, std::get<0>(want[i]));
        EXPECT_EQ(c[i].rel.seq, std::get<1>(want[i]));
        EXPECT_EQ(c[i].rel.ack, std::get<2>(want[i]));
        EXPECT_EQ(c[i].seg.payloadLen, std::get<3>(want[i]));
        EXPECT_EQ(c[i].rel.conn, "c1");
    }
    EXPECT_EQ(c[0].seg.dst(), "127.0.0.1:5001");
    EXPECT_EQ(c[3].seg.payload, (Bytes{'h', 'i'}));
    EXPECT_GT(c[0].seg.tNs, 1'600'000'000'000'000'000LL);
    EXPECT_LE(c[0].seg.tNs, c[8].seg.tNs);
}

TEST(PacketDecoderCapture, ClientClosesFirstIPv6)
{
    const auto c = readCapture("lo_v6_client_first.pcap");
    ASSERT_EQ(c.size(), 9U);
    EXPECT_EQ(c[0].seg.ipVersion, 6);
    EXPECT_EQ(c[0].seg.dst(), "[::1]:5011");
    EXPECT_EQ(c[3].flags, "P.");
    EXPECT_EQ(c[3].seg.payloadLen, 5U);
    EXPECT_EQ(c[5].flags, "F.");
    EXPECT_EQ(c[5].rel.seq, 6U);
    EXPECT_EQ(c[8].rel.ack, 2U);
}

TEST(PacketDecoderCapture, RefusedConnectionIsSynThenRstAck)
{
    const auto c = readCapture("lo_refused.pcap");
    ASSERT_EQ(c.size(), 2U);
    EXPECT_EQ(c[0].flags, "S");
    EXPECT_EQ(c[1].flags, "R.");
    EXPECT_EQ(c[1].seg.seq, 0U);                // the kernel answers from no socket: seq 0
    EXPECT_EQ(c[1].seg.ack, c[0].seg.seq + 1);
    EXPECT_EQ(c[1].seg.win, 0);
}

TEST(PacketDecoderCapture, WrittenWithPcapDumpReadsBack)
{
    // A file written through libpcap (pcap_open_dead + pcap_dump) with a
    // cooked SLL2 link type decodes the same as the frames we built.
    const std::string path = ::testing::TempDir() + "finscope_sll2.pcap";
    pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_LINUX_SLL2, 262144, PCAP_TSTAMP_PRECISION_NANO);
    ASSERT_NE(dead, nullptr);
    pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
    ASSERT_NE(d, nullptr) << pcap_geterr(dead);
    const Bytes frame = sll2(ipv6(tcpHeader(dataSegment()), {0}), 0x86DD);
    pcap_pkthdr h{};
    h.ts.tv_sec = 1700000000;
    h.ts.tv_usec = 123456789;   // nanoseconds with the NANO precision
    h.caplen = static_cast<bpf_u_int32>(frame.size());
    h.len = h.caplen;
    pcap_dump(reinterpret_cast<u_char*>(d), &h, frame.data());
    pcap_dump_close(d);
    pcap_close(dead);

    std::array<char, PCAP_ERRBUF_SIZE> err{};
    pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err.data());
    ASSERT_NE(p, nullptr) << err.data();
    EXPECT_EQ(pcap_datalink(p), DLT_LINUX_SLL2);
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    ASSERT_EQ(pcap_next_ex(p, &hdr, &data), 1);
    const auto s = decodeTcp(pcap_datalink(p), data, hdr->caplen,
                             std::int64_t{hdr->ts.tv_sec} * 1000000000 + hdr->ts.tv_usec);
    pcap_close(p);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->tNs, 1700000000123456789LL);
    EXPECT_EQ(s->src(), "[::1]:40000");
    EXPECT_EQ(tcpdumpFlags(s->flags), "P.");
}
