// SPDX-License-Identifier: MIT
#pragma once

#include "core/packetdecoder.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

/// On loopback the peer's reply is processed inside the sending syscall, so
/// a sampler that looks after each step never sees FIN_WAIT1, LAST_ACK,
/// CLOSING or SYN_SENT. This class derives those transitions from the
/// captured segments with the RFC 9293 state machine, starting from sampled
/// truths (seed()).
namespace finscope {

class TcpStateDeriver {
public:
    struct Transition {
        std::string local;
        std::string remote;
        std::string state;              ///< kernel name: SYN_SENT ... CLOSE
        std::int64_t tNs = 0;           ///< the segment that caused it
    };

    /// A sampled truth (kernel state names). A LISTEN socket has remote
    /// "0.0.0.0:0" or "[::]:0".
    void seed(const std::string& local, const std::string& remote, const std::string& state);

    /// Feed segments in capture order; returns the transitions they imply
    /// for the sockets at either end that are known (seeded, or created by a
    /// handshake seen here).
    std::vector<Transition> onSegment(const TcpSegment& segment);

    /// Transitions still held back because the receiver has not sent since
    /// (it may not have processed the segment yet, see Undo). Call when the
    /// network has settled, before seeding from a sample: nothing
    /// contradicted them.
    std::vector<Transition> releaseHeld();

    std::optional<std::string> stateOf(const std::string& local, const std::string& remote) const;
    void forget(const std::string& local, const std::string& remote);

private:
    struct Sock {
        std::string state;
        bool haveIss = false;
        std::uint32_t iss = 0;          ///< our initial sequence number
        bool haveSndNxt = false;
        std::uint32_t sndNxt = 0;       ///< next sequence number we send
        bool finSent = false;
        std::uint32_t finSeq = 0;       ///< sequence number of our FIN
        bool haveRcvNxt = false;
        std::uint32_t rcvNxt = 0;       ///< next sequence number we expect from the peer
    };
    using Key = std::pair<std::string, std::string>;   ///< (local, remote)

    void set(const Key& key, Sock& sock, const std::string& state, std::int64_t tNs,
             std::vector<Transition>& out);
    void onSend(const Key& key, Sock& sock, const TcpSegment& seg, std::vector<Transition>& out);
    void onReceive(const Key& key, Sock& sock, const TcpSegment& seg, std::vector<Transition>& out);

    /// The last receive that changed a socket's state, kept until that
    /// socket sends again: if its next segment does not acknowledge it, the
    /// socket had not processed it yet (both ends sent at once), and the
    /// receive is replayed after the send.
    struct Undo {
        Sock before;
        TcpSegment segment;
        std::vector<Transition> held;   ///< what the receive implied, not emitted yet
    };

    std::map<Key, Sock> socks_;
    std::map<Key, Undo> undo_;
};

} // namespace finscope
