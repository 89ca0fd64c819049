// SPDX-License-Identifier: MIT
#pragma once

#include "core/packetdecoder.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace finscope {

/// Where a frame is on the wire.
enum class WireFate {
    InFlight,    ///< read by the relay, waiting for its delay to pass
    Held,        ///< kept by hold() until released or dropped
    Delivered,   ///< handed to the receiving host's link
    Dropped,     ///< never delivered (loss, a drop rule, or dropped while held)
};

/// One frame as the relay saw it: the wire's capture. Both ends of its
/// flight are stamped, so "sent but not yet received" is a fact of the
/// record, not a guess.
struct WireFrame {
    std::uint64_t id = 0;               ///< 1, 2, ... in order of arrival at the relay
    int from = -1;                      ///< sending host (index in the topology)
    int to = -1;                        ///< receiving host
    std::vector<std::uint8_t> bytes;    ///< the Ethernet frame
    std::int64_t sentNs = 0;            ///< CLOCK_REALTIME: left the sender (kernel stamp at the relay's link)
    std::int64_t deliveredNs = 0;       ///< CLOCK_REALTIME: handed to the receiver; 0 unless Delivered
    WireFate fate = WireFate::InFlight;
    std::string why;                    ///< Dropped/Held: which rule ("loss 10%", "drop(next, ...)", "hold")

    /// The TCP segment in the frame, if it carries one (stamped sentNs).
    std::optional<TcpSegment> tcp() const;
};

/// "in-flight", "held", "delivered", "dropped".
const char* wireFateName(WireFate fate);

} // namespace finscope
