// SPDX-License-Identifier: MIT
#pragma once

#include "core/wire/wireconditions.h"
#include "core/wire/wirerelay.h"
#include "core/wire/wiretopology.h"

#include <cstdint>
#include <string>
#include <vector>

namespace finscope {

/// The runner's one entry point to a wire: builds the hosts and the relay,
/// lets forked endpoints enter their host, and pumps the relay from the
/// runner's own (single-threaded) loop. Everything is torn down with it.
class WireSession {
public:
    /// Call in the runner's sandbox, before forking endpoints. "" on success.
    std::string start(int hostCount, const WireConditions& conditions = {}, std::uint64_t seed = 1);

    /// In a forked endpoint, before its first socket: moves it into host i
    /// for good. "" on success.
    std::string enterHost(int host) const;
    /// The host's address on the wire, "127.1.0.(i+1)".
    const std::string& addressOf(int host) const { return topology_.host(host).address; }

    /// Handles what is ready without waiting (for the runner's settle loop);
    /// waits up to waitNs for the next frame or due delivery otherwise.
    void pump(std::int64_t waitNs = 0) { relay_.pollOnce(waitNs); }
    /// True when no frame waits for its delay (held frames are not waiting:
    /// they stay until the scenario releases them).
    bool quiet() const { return relay_.inFlightCount() == 0; }

    /// Frames recorded since the last call (new arrivals; their fate may
    /// still change), for the trace and the state tracker.
    std::vector<const WireFrame*> takeNewFrames();

    WireRelay& relay() { return relay_; }
    const WireRelay& relay() const { return relay_; }
    const WireTopology& topology() const { return topology_; }

private:
    WireTopology topology_;
    WireRelay relay_;
    std::size_t reported_ = 0;
};

} // namespace finscope
