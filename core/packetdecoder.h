// SPDX-License-Identifier: MIT
#pragma once

#include "core/tcpoptions.h"

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
    TcpOptions options;                 ///< MSS, window scale, SACK, timestamps
    std::int64_t tNs = 0;               ///< capture timestamp, CLOCK_REALTIME ns
    /// The whole captured frame, link header included, for the pcapng
    /// export; filled by the capture (decodeTcp leaves it empty).
    std::vector<std::uint8_t> frame;
    int linkType = 0;                   ///< DLT of `frame`
    std::uint32_t frameLen = 0;         ///< the frame's length on the wire (>= frame.size())

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

/// Where the TCP segment lies inside a captured frame, nothing copied: the
/// fast path of the capture importer. Pointers point into the frame.
struct TcpFrameView {
    int ipVersion = 4;
    const std::uint8_t* srcAddr = nullptr;  ///< 4 or 16 bytes, network order
    const std::uint8_t* dstAddr = nullptr;
    std::uint16_t srcPort = 0;
    std::uint16_t dstPort = 0;
    std::uint8_t flags = 0;
    std::uint32_t seq = 0;
    std::uint32_t ack = 0;
    std::uint16_t win = 0;
    std::uint32_t payloadLen = 0;           ///< from the IP length
    const std::uint8_t* options = nullptr;
    std::size_t optionsLen = 0;
    const std::uint8_t* payload = nullptr;
    std::size_t payloadCaptured = 0;        ///< payload bytes present in the capture
};

/// Same rules as decodeTcp(), without building strings.
std::optional<TcpFrameView> locateTcp(int dlt, const std::uint8_t* data, std::size_t caplen);

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
        /// The sender's window scale shift, once both SYNs were seen (0 when
        /// they did not both announce one: RFC 7323); never on a SYN.
        std::optional<std::uint8_t> windowShift;
        std::uint32_t receiverIsn = 0;  ///< to make SACK blocks relative, as `ack`
    };

    /// Feed segments in capture order.
    Relative track(const TcpSegment& segment);
    void reset();

private:
    struct Side {
        bool haveIsn = false;
        std::uint32_t isn = 0;
        bool sawSyn = false;
        std::optional<std::uint8_t> windowScale;    ///< announced in its SYN
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
