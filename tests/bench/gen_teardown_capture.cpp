// SPDX-License-Identifier: MIT
// Writes a big teardown capture for bench_import.sh: CONNECTIONS connections
// of 9 packets each over Ethernet/IPv4 (default 111,112: 1,000,008 packets,
// about 81 MB), 1,000 of them open at a time and their packets interleaved
// as on a busy server. Endings rotate: orderly close, data after close
// answered by RST, close with unread data (RST), still open.
//
// usage: gen_teardown_capture FILE.pcap [CONNECTIONS]
#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;

struct Seg {
    bool fromClient;
    std::uint8_t flags;
    std::uint32_t seq;   // relative
    std::uint32_t ack;   // relative
    std::uint16_t len;
};

constexpr std::uint8_t F = 0x01, S = 0x02, R = 0x04, P = 0x08, A = 0x10;

// Nine segments per connection, by kind of ending.
const std::array<std::array<Seg, 9>, 4> kKinds{{
    {{{true, S, 0, 0, 0}, {false, S | A, 0, 1, 0}, {true, A, 1, 1, 0}, {true, P | A, 1, 1, 100},
      {false, A, 1, 101, 0}, {true, F | A, 101, 1, 0}, {false, A, 1, 102, 0}, {false, F | A, 1, 102, 0},
      {true, A, 102, 2, 0}}},
    {{{true, S, 0, 0, 0}, {false, S | A, 0, 1, 0}, {true, A, 1, 1, 0}, {false, P | A, 1, 1, 100},
      {true, A, 1, 101, 0}, {true, F | A, 1, 101, 0}, {false, A, 101, 2, 0}, {false, P | A, 101, 2, 100},
      {true, R, 2, 0, 0}}},
    {{{true, S, 0, 0, 0}, {false, S | A, 0, 1, 0}, {true, A, 1, 1, 0}, {true, P | A, 1, 1, 100},
      {false, A, 1, 101, 0}, {true, P | A, 101, 1, 100}, {false, A, 1, 201, 0}, {true, P | A, 201, 1, 100},
      {false, R | A, 1, 301, 0}}},
    {{{true, S, 0, 0, 0}, {false, S | A, 0, 1, 0}, {true, A, 1, 1, 0}, {true, P | A, 1, 1, 100},
      {false, A, 1, 101, 0}, {false, P | A, 1, 101, 100}, {true, A, 101, 101, 0}, {true, P | A, 101, 101, 100},
      {false, A, 101, 201, 0}}},
}};

void put16(std::uint8_t* p, std::uint32_t v) { p[0] = static_cast<std::uint8_t>(v >> 8); p[1] = static_cast<std::uint8_t>(v); }
void put32(std::uint8_t* p, std::uint32_t v) { put16(p, v >> 16); put16(p + 2, v & 0xFFFF); }

Bytes frame(std::uint32_t conn, const Seg& s) {
    Bytes f(54 + s.len, 0);
    f[12] = 0x08;
    std::uint8_t* ip = f.data() + 14;
    ip[0] = 0x45;
    put16(ip + 2, 40U + s.len);
    ip[8] = 64;
    ip[9] = 6;
    // Clients 10.x.y.z, one address per connection; the server 10.255.255.254:443.
    const std::uint32_t client = 0x0A000000 | (conn + 1), server = 0x0AFFFFFE;
    put32(ip + 12, s.fromClient ? client : server);
    put32(ip + 16, s.fromClient ? server : client);
    std::uint8_t* tcp = ip + 20;
    const std::uint16_t clientPort = static_cast<std::uint16_t>(32768 + conn % 28000);
    put16(tcp, s.fromClient ? clientPort : 443);
    put16(tcp + 2, s.fromClient ? 443 : clientPort);
    const std::uint32_t isnClient = conn * 2654435761U, isnServer = conn * 40503U + 7;
    put32(tcp + 4, (s.fromClient ? isnClient : isnServer) + s.seq);
    put32(tcp + 8, (s.flags & A) ? (s.fromClient ? isnServer : isnClient) + s.ack : 0);
    tcp[12] = 0x50;
    tcp[13] = s.flags;
    put16(tcp + 14, 512);
    for (std::size_t i = 54; i < f.size(); ++i) f[i] = 'x';
    return f;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.pcap [CONNECTIONS]\n", argv[0]);
        return 2;
    }
    const std::uint32_t connections = argc > 2 ? static_cast<std::uint32_t>(std::strtoul(argv[2], nullptr, 10)) : 111112;
    pcap_t* dead = pcap_open_dead_with_tstamp_precision(DLT_EN10MB, 262144, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t* out = pcap_dump_open(dead, argv[1]);
    if (!out) {
        std::fprintf(stderr, "%s\n", pcap_geterr(dead));
        return 1;
    }
    constexpr std::uint32_t kOpen = 1000;
    std::int64_t t = 1'700'000'000'000'000'000;
    std::uint64_t packets = 0;
    for (std::uint32_t base = 0; base < connections; base += kOpen) {
        const std::uint32_t end = std::min(connections, base + kOpen);
        for (std::size_t step = 0; step < 9; ++step) {
            for (std::uint32_t c = base; c < end; ++c) {
                const Bytes f = frame(c, kKinds[c % kKinds.size()][step]);
                pcap_pkthdr h{};
                t += 1000;
                h.ts.tv_sec = t / 1'000'000'000;
                h.ts.tv_usec = static_cast<suseconds_t>(t % 1'000'000'000);  // nanoseconds in a nano file
                h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
                pcap_dump(reinterpret_cast<u_char*>(out), &h, f.data());
                ++packets;
            }
        }
    }
    pcap_dump_close(out);
    pcap_close(dead);
    std::printf("%llu packets, %u connections\n", static_cast<unsigned long long>(packets), connections);
    return 0;
}
