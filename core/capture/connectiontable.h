// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/connection.h"
#include "core/packetdecoder.h"

#include <cstddef>
#include <unordered_map>
#include <vector>

/// Sorts a capture's TCP segments into connections as they are read, keeps
/// one compact record per segment, and settles each connection's ending
/// (the RST's circumstances are judged at the moment it is seen).
namespace finscope {

class ConnectionTable {
public:
    /// Feed segments in capture order.
    void add(const TcpFrameView& segment, std::int64_t tNs);
    /// Room for about `packets` records, so that a big capture is read
    /// without reallocating (pages not yet written are not resident).
    void reserve(std::size_t packets) { m_packets.reserve(packets); }
    /// Call once after the last segment: endings without an RST.
    void finish();

    const std::vector<Connection>& connections() const { return m_connections; }
    const std::vector<PacketRecord>& packets() const { return m_packets; }
    /// Bytes held, for the benchmark's bytes-per-packet figure.
    std::size_t memoryBytes() const;

private:
    struct Key {
        CaptureEndpoint lo, hi;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept;
    };

    Connection& connectionFor(const TcpFrameView& s, std::int64_t tNs, const CaptureEndpoint& src,
                              const CaptureEndpoint& dst);
    static void onReset(Connection& c, std::uint8_t dir, std::int64_t tNs);

    std::vector<Connection> m_connections;
    std::vector<PacketRecord> m_packets;
    std::unordered_map<Key, std::uint32_t, KeyHash> m_index;  ///< the 4-tuple's latest connection
};

/// True once a connection is over (RST, or FIN both ways): a new SYN on its
/// 4-tuple starts a new connection.
bool isOver(const Connection& c);

} // namespace finscope
