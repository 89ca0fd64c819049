// SPDX-License-Identifier: MIT
#pragma once

#include "core/packetdecoder.h"
#include "core/socketdirectory.h"
#include "core/sockdiagsampler.h"
#include "core/tcpstatederiver.h"
#include "core/traceevent.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace finscope {

/// Turns captured segments and sock_diag samples into trace events: the
/// packet itself, the TCP states it implies (derived), and what the kernel
/// reports afterwards (sampled), emitting a state only when it changed.
/// On loopback the peer answers inside the sending syscall, so FIN_WAIT1,
/// LAST_ACK or CLOSING exist for microseconds: only the packets show them.
class StateTracker {
public:
    struct Timed {
        std::int64_t tNs = 0;
        EventBody body;  ///< a PacketEvent or a StateEvent
    };

    /// The packet event for a segment, then the derived transitions it causes.
    std::vector<Timed> onSegment(const TcpSegment& segment);

    /// Wire runs: a segment's two ends happen at different times. The packet
    /// event when it left the sender (connections and relative numbers are
    /// tracked in send order)...
    Timed onWireSent(const TcpSegment& segment);
    /// ...and the transitions it implies once it was delivered (`segment.tNs`
    /// = delivery time, in delivery order). A dropped segment implies none.
    std::vector<Timed> onWireDelivered(const TcpSegment& segment);

    /// Derived transitions held back until the receiver's next segment (see
    /// TcpStateDeriver::releaseHeld): call when the network has settled,
    /// before onSample().
    std::vector<Timed> releaseDerived();

    /// Sampled state events for what changed since the previous sample,
    /// ordered by endpoint (in `endpointOrder`) and socket so that a scenario
    /// gives the same trace every time; sockets gone from the tables become CLOSE.
    std::vector<StateEvent> onSample(const std::vector<SocketSample>& samples, const SocketDirectory& directory,
                                     const std::vector<std::string>& endpointOrder);

private:
    struct View {
        std::string state;
        std::uint32_t recvQ = 0, sendQ = 0;
        bool orphan = false;
        bool derived = false;  ///< last emitted from packets: the next sample confirms it with queues and timer
        /// derived: the state its packet moved the socket out of, which a
        /// sample may still show until the socket sends again ("" then)
        std::string derivedFrom;
    };
    std::string connOf(const std::string& a, const std::string& b) const;
    /// The sending socket has processed its input: its samples are believed again.
    void senderCaughtUp(const TcpSegment& seg);
    void appendDerived(const std::vector<TcpStateDeriver::Transition>& transitions, std::vector<Timed>& out);

    ConnectionTracker m_connections;
    TcpStateDeriver m_deriver;
    std::map<std::string, View> m_last;          ///< by "local|remote"
    std::map<std::string, std::string> m_conns;  ///< unordered address pair → "c1"
};

} // namespace finscope
