// SPDX-License-Identifier: MIT
#include "core/wire/wiresession.h"

namespace finscope {

std::string WireSession::start(int hostCount, const WireConditions& conditions, std::uint64_t seed)
{
    if (std::string e = topology_.build(hostCount); !e.empty())
        return "cannot build the wire: " + e;
    if (std::string e = relay_.open(topology_); !e.empty())
        return "cannot start the wire's relay: " + e;
    relay_.setSeed(seed);
    relay_.setConditions(conditions);
    return {};
}

std::string WireSession::enterHost(int host) const
{
    if (host < 0 || host >= topology_.hostCount())
        return "no host " + std::to_string(host) + " on the wire";
    return topology_.host(host).netns.enter();
}

std::vector<const WireFrame*> WireSession::takeNewFrames()
{
    // Pointers into the record stay valid only until the relay reads more
    // frames: callers use them at once.
    std::vector<const WireFrame*> out;
    const auto& frames = relay_.frames();
    for (; reported_ < frames.size(); ++reported_)
        out.push_back(&frames[reported_]);
    return out;
}

} // namespace finscope
