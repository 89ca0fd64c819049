// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/connectiontable.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// One connection of an imported capture as a ladder: each segment with
/// relative seq/ack, the scaled window, what is unusual about it
/// (retransmission, out of order, a gap before it), and both ends' TCP
/// states inferred from the packets with the RFC 9293 machine
/// (TcpStateDeriver). A capture has no system calls: only packets and states.
namespace finscope {

struct LadderRow {
    PacketRecord packet;
    std::uint32_t relSeq = 0;
    std::uint32_t relAck = 0;                   ///< 0 without ACK
    std::optional<std::uint32_t> winScaled;     ///< window << the sender's shift, when known
    std::string mark;                           ///< "retransmission", "out-of-order", "previous segment not captured", ""
    std::string state[2];                       ///< side a's and side b's state after this segment, "" if unknown
};

struct CaptureLadder {
    const Connection* connection = nullptr;
    std::vector<LadderRow> rows;
    /// Per side: why its lane is incomplete ("not all of its packets were
    /// seen: ..."), or "".
    std::string laneNote[2];
};

/// The ladder of connection `index` (0-based) of `table`. A linear scan: a
/// few milliseconds for a million packets.
CaptureLadder buildLadder(const ConnectionTable& table, std::size_t index);

} // namespace finscope
