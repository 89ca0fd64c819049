// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"
#include "core/traceevent.h"

#include <cstdint>
#include <string>
#include <vector>

namespace finscope {

/// The parts of an expectation that speak of what a step left behind:
/// `wire=[...]` (the segments its endpoint sent and received from the
/// step's first call until the network settled after the call returned),
/// `state=` and `orphan=` (its socket as sock_diag shows it then). The
/// runner defers a step's expectation here when it returns, feeds the
/// packets it emits, and finishes the checks after the next settling.
class PostStepCheck {
public:
    /// A socket as the kernel shows it after settling, with its owner's names.
    struct SocketView {
        std::string endpoint;
        std::string socket;
        std::string state;  ///< kernel name
        bool orphan = false;
    };

    /// `result`: the check of the call's own outcome, already made.
    void defer(const Step& step, ExpectEvent result, std::int64_t startNs);
    /// Packets the runner emits (with their endpoints resolved).
    void observe(const std::vector<TraceEvent>& batch);
    bool empty() const { return m_pending.empty(); }
    /// Completes every deferred check, given the sockets now.
    std::vector<ExpectEvent> finish(const std::vector<SocketView>& sockets);

private:
    struct Pending {
        const Step* step;
        ExpectEvent result;
        std::int64_t startNs;
    };
    struct Seen {
        std::int64_t tNs;
        std::string from;
        std::string to;
        std::string flags;
        std::uint32_t len;
    };
    std::vector<Pending> m_pending;
    std::vector<Seen> m_packets;
};

} // namespace finscope
