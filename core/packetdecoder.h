// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/// Decoding captured frames into TCP segments, tcpdump-style flag letters,
/// and per-connection relative sequence numbers. No Qt, no libpcap calls:
/// the capture hands us (linktype, bytes), so this is testable with
/// hand-built frames and fuzzable.
namespace finscope {

/// One TCP segment as seen on the wire (either direction).
struct TcpSegment {
    int ipVersion = 4;                  ///< 4 or 6
    std::string srcAddr;                ///< "127.0.0.1", "::1"
    std::string dstAddr;
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    std::uint8_t flags = 0;             ///< raw TCP flag bits (FIN=0x01 ... CWR=0x80)
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint16_t win = 0;              ///< window field as sent (unscaled)
    std::uint32_t payloadLen = 0;       ///< TCP payload bytes (from the IP length, not the capture length)
    std::vector<std::uint8_t> payload;  ///< first <= 64 captured payload bytes
    std::int64_t tNs = 0;               ///< capture timestamp, CLOCK_REALTIME ns

    std::string src() const;            ///< "127.0.0.1:5000", "[::1]:5000"
    std::string dst() const;
};

/// TCP flag bits as in the TCP header (byte 13).
namespace tcpflag {
inline constexpr std::uint8_t FIN = 0x01;
inline constexpr std::uint8_t SYN = 0x02;
inline constexpr std::uint8_t RST = 0x04;
inline constexpr std::uint8_t PSH = 0x08;
inline constexpr std::uint8_t ACK = 0x10;
inline constexpr std::uint8_t URG = 0x20;
inline constexpr std::uint8_t ECE = 0x40;
inline constexpr std::uint8_t CWR = 0x80;
} // namespace tcpflag

/// Decodes one captured frame of link type `dlt` (DLT_EN10MB, DLT_LINUX_SLL,
/// DLT_LINUX_SLL2, DLT_RAW, DLT_NULL; IPv4 or IPv6). Returns nullopt for
/// anything that is not a complete-enough TCP segment: other protocols,
/// non-first IPv4 fragments, IPv6 fragments, truncated headers. Never reads
/// beyond data[caplen).
std::optional<TcpSegment> decodeTcp(int dlt, const std::uint8_t* data, std::size_t caplen, std::int64_t tNs);

/// Flag letters exactly as tcpdump prints them: "S", "S.", ".", "P.", "F.",
/// "FP.", "R", "R.", in tcpdump's order S F P R U E W, then '.' for ACK;
/// "none" when no flag is set.
std::string tcpdumpFlags(std::uint8_t flags);

/// Gives each connection a stable label ("c1", "c2", ... in order of first
/// sight; both directions share it) and turns absolute seq/ack into numbers
/// relative to each side's initial sequence number, as tcpdump does.
class ConnectionTracker {
public:
    struct Relative {
        std::string conn;
        std::uint32_t seq = 0;          ///< seq - ISN of the sender
        std::uint32_t ack = 0;          ///< ack - ISN of the receiver; 0 without ACK or unknown ISN
    };

    /// Feed segments in capture order.
    Relative track(const TcpSegment& segment);
    void reset();

private:
    struct Side {
        bool haveIsn = false;
        std::uint32_t isn = 0;
    };
    struct Conn {
        std::string label;
        Side sideA;                     ///< sender is the lexicographically smaller endpoint
        Side sideB;                     ///< sender is the other one
        bool ended = false;             ///< a FIN or RST has been seen
    };
    std::map<std::pair<std::string, std::string>, Conn> conns_;
    int nextLabel_ = 1;
};

} // namespace finscope
