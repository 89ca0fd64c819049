// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

/// Compact records of an imported capture. A capture can hold millions of
/// packets, so a packet is 32 bytes and a connection keeps running facts
/// (what was sent when) instead of lists: the connection list needs no
/// second pass.
namespace finscope {

/// One address and port, as the bytes on the wire.
struct CaptureEndpoint {
    std::array<std::uint8_t, 16> addr{};    ///< IPv4 in the first 4 bytes
    std::uint16_t port = 0;
    std::uint8_t ipVersion = 4;

    std::string text() const;               ///< "127.0.0.1:5000", "[::1]:5000"
    bool operator==(const CaptureEndpoint&) const = default;
};

/// One TCP segment of the capture. `dir` 0: sent by the connection's side
/// a, 1: by side b.
struct PacketRecord {
    std::int64_t tNs = 0;
    std::uint32_t seq = 0;                  ///< absolute
    std::uint32_t ack = 0;                  ///< absolute
    std::uint32_t len = 0;                  ///< payload bytes
    std::uint32_t conn = 0;                 ///< index into the connection list
    std::uint16_t win = 0;
    std::uint8_t flags = 0;
    std::uint8_t dir = 0;
};
static_assert(sizeof(PacketRecord) == 32);

/// How a connection ended, from the packets; ordered most unusual first.
enum class Ending : std::uint8_t {
    Refused,            ///< RST answered the SYN
    ResetAfterClose,    ///< data arrived after this side had closed: RST
    ResetUnread,        ///< RST instead of FIN with received data that was likely unread
    ResetAfterFin,      ///< RST after a FIN (either side's)
    ResetDuringData,    ///< RST with no FIN before it (abortive close)
    SynUnanswered,      ///< a SYN and nothing back
    HalfClosed,         ///< one side closed, the other still open at the end
    StillOpen,          ///< no FIN or RST in the capture
    OrderlyClose,       ///< FIN both ways
};

/// What one direction of a connection did, updated packet by packet.
struct ConnectionSide {
    bool synSent = false;                   ///< SYN without ACK (active open)
    bool synAckSent = false;
    bool seqKnown = false;
    std::uint32_t isn = 0;                  ///< first sequence number seen (the ISN when the SYN was seen)
    std::uint32_t next = 0;                 ///< highest sequence number sent, + 1
    std::uint64_t bytes = 0;                ///< payload bytes: the sequence space spanned (retransmissions once)
    std::uint32_t packets = 0;
    std::uint32_t retransmissions = 0;
    std::int64_t lastDataNs = -1;           ///< last segment carrying new data
    std::int64_t finNs = -1;                ///< first FIN
    std::uint32_t finEnd = 0;               ///< sequence number after the FIN
    std::int64_t rstNs = -1;                ///< first RST
    std::optional<std::uint16_t> mss;
    std::optional<std::uint8_t> windowScale;
};

struct Connection {
    std::uint32_t id = 0;                   ///< 1-based, in order of first packet
    CaptureEndpoint a;                      ///< the side that sent the SYN; else the first sender
    CaptureEndpoint b;
    ConnectionSide side[2];                 ///< [0] = a, [1] = b
    std::int64_t firstNs = 0;
    std::int64_t lastNs = 0;
    std::uint32_t packets = 0;
    bool startedMid = false;                ///< the capture missed the connection's SYN
    bool simultaneousClose = false;         ///< each side sent its FIN before it had the other's
    /// Set at the first RST: its circumstances, for the ending.
    Ending ending = Ending::StillOpen;
    std::uint8_t endedBy = 0;               ///< side that sent the RST or the first FIN
    std::int64_t endNs = -1;                ///< the RST, or the first FIN

    bool handshakeSeen() const { return side[0].synSent; }
};

} // namespace finscope
