// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"
#include "core/sockdiagsampler.h"
#include "core/statetracker.h"
#include "core/traceevent.h"
#include "core/wire/wiresession.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace finscope {

/// What a wire run adds to the runner (docs/engine.md, "The wire"): the
/// session (hosts and relay), which endpoint lives in which host, a
/// sock_diag sampler in each host, and the relay's record turned into trace
/// events: a packet when a frame left its sender, the states it implies
/// once delivered, and a `wire` event when a frame's fate changes after its
/// packet was emitted. Single-threaded, driven by the runner's waits.
class WireRun {
public:
    /// Builds one host per endpoint (a fork()ed worker shares its parent's)
    /// and sets the header's conditions. Call before the endpoints fork. "" on success.
    std::string start(const Scenario& scenario);

    /// In a forked endpoint, before its first socket: enter its host, and
    /// let the executor write this host's and the listeners' addresses.
    std::string enterHost(const std::string& endpoint) const;

    RunWire info() const { return m_info; }
    WireRelay& relay() { return m_session.relay(); }

    /// Applies a wire step (hold, release, drop next).
    void apply(const WireAction& action);
    /// The frames held now, in arrival order.
    /// Frame ids held on the wire now, in arrival order (the trace's `held`).
    std::vector<std::int64_t> held() const {
        const auto ids = m_session.relay().heldIds();
        return {ids.begin(), ids.end()};
    }

    /// Reads what the relay has recorded since the last call and returns the
    /// trace events it makes (packets, derived states, wire events).
    std::vector<StateTracker::Timed> collect(StateTracker& states);
    /// Fills a packet's fate fields from the record just before it is
    /// emitted, and remembers what was said, so later changes become `wire` events.
    void beforeEmit(PacketEvent& packet);

    /// No frame waits for its delay, and none arrived since the last call.
    bool quiet();
    /// Frames are held: sockets waiting for an ACK may wait for a held frame.
    bool holding() const { return m_session.relay().heldCount() > 0; }
    /// How much longer settling may wait for answers across this wire.
    std::int64_t extraSettleMs() const;

    /// Every host's sockets (sock_diag in each host's namespace).
    std::vector<SocketSample> sample();
    bool samplersOk() const;

private:
    struct Tracked {
        TcpSegment segment;
        std::string conn;
        bool derived = false;          ///< delivered, and its states derived
        std::string said;              ///< the fate the trace has told (packet or wire event); "" not yet emitted
    };
    int hostOf(const std::string& endpoint) const;
    std::string endpointOfHost(int host) const;
    std::string dropReason(const WireFrame& frame) const;
    FrameMatch matchOf(const WireAction& action) const;

    WireSession m_session;
    RunWire m_info;
    std::map<std::string, int> m_hostOf;             ///< endpoint -> host index
    std::vector<std::string> m_hostNames;            ///< host index -> its first endpoint
    std::map<int, std::string> m_addressByPort;      ///< listening/bound port -> host address
    std::vector<std::unique_ptr<SockDiagSampler>> m_samplers;
    std::map<std::uint64_t, Tracked> m_frames;       ///< TCP frames by relay id
    std::vector<std::int64_t> m_fateNs;              ///< per frame id - 1: when its fate last changed
    std::int64_t m_maxDelayNs = 0;
    std::size_t m_seen = 0;                          ///< frames looked at by quiet()
};

} // namespace finscope
