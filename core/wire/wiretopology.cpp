// SPDX-License-Identifier: MIT
#include "core/wire/wiretopology.h"

#include "core/wire/linktuning.h"
#include "core/wire/netnsscope.h"

#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>

namespace finscope {

namespace {

/// if_nametoindex in the thread's current namespace, with a reason.
int linkIndex(const std::string& name, std::string& error)
{
    const unsigned index = ::if_nametoindex(name.c_str());
    if (index == 0)
        error = "no link " + name + " in the namespace";
    return static_cast<int>(index);
}

/// Before any link exists in it, so that the links inherit it: only the
/// scenario's own IPv4 segments shall be on the wire (the middle has no
/// addresses at all and must say nothing).
std::string silence(const NetNamespace& ns)
{
    NetnsScope inside(ns);
    if (!inside.error().empty())
        return "cannot enter a wire namespace: " + inside.error();
    return linktuning::disableIpv6();
}

/// Brings lo up with 127.0.0.1/32 instead of the 127.0.0.1/8 the kernel
/// gives it: that /8 adds `local 127.0.0.0/8 dev lo` to the local table,
/// and the peers' 127.1.0.N would be local too. The main and local tables
/// share one trie only until a policy rule exists; then the local table is
/// searched first and a connect() to a peer ends on the host's own lo
/// (measured: ECONNREFUSED). With /32, only 127.0.0.1 is local.
std::string loopbackOnlyItself(RtNetlink& rt, int lo)
{
    const std::uint32_t loopbackBe = htonl(INADDR_LOOPBACK);
    if (std::string e = rt.setUp(lo); !e.empty())
        return e;
    if (std::string e = rt.deleteAddress4(lo, loopbackBe, 8); !e.empty())
        return e;
    return rt.addAddress4(lo, loopbackBe, 32, RT_SCOPE_HOST);
}

} // namespace

std::string WireTopology::addressOf(int host) { return "127.1.0." + std::to_string(host + 1); }

// Locally administered (0x02), "fs" for FinScope, then which end and host.
MacAddress WireTopology::macOf(int host) { return {0x02, 0x66, 0x73, 0x00, 0x00, static_cast<std::uint8_t>(host + 1)}; }

MacAddress WireTopology::portMacOf(int host)
{
    return {0x02, 0x66, 0x73, 0x01, 0x00, static_cast<std::uint8_t>(host + 1)};
}

std::string WireTopology::build(int hostCount)
{
    if (hostCount < 1 || hostCount > kMaxHosts)
        return "a wire joins 1 to " + std::to_string(kMaxHosts) + " hosts, not " + std::to_string(hostCount);
    std::string error;
    middle_ = NetNamespace::create(error);
    if (!middle_.valid())
        return error;
    if (std::string e = configureMiddle(); !e.empty())
        return e;
    for (int i = 0; i < hostCount; ++i) {
        WireHost h;
        h.netns = NetNamespace::create(error);
        if (!h.netns.valid())
            return error;
        if (std::string e = silence(h.netns); !e.empty())
            return e;
        h.address = addressOf(i);
        ::inet_pton(AF_INET, h.address.c_str(), &h.addressBe);
        h.mac = macOf(i);
        h.port = "port" + std::to_string(i);
        hosts_.push_back(std::move(h));
    }
    // Created from the runner's namespace; each end is born in its own.
    RtNetlink rt;
    if (!rt.error().empty())
        return rt.error();
    for (int i = 0; i < hostCount; ++i) {
        const WireHost& h = host(i);
        if (std::string e = rt.createVeth({kHostLink, h.mac, h.netns.fd()}, {h.port, portMacOf(i), middle_.fd()});
            !e.empty())
            return e;
    }
    for (int i = 0; i < hostCount; ++i)
        if (std::string e = configureHost(i); !e.empty())
            return e;
    NetnsScope inMiddle(middle_);
    if (!inMiddle.error().empty())
        return "cannot enter the wire's middle namespace: " + inMiddle.error();
    RtNetlink mrt;
    for (WireHost& h : hosts_) {
        h.portIfindex = linkIndex(h.port, error);
        if (h.portIfindex == 0)
            return error;
        if (std::string e = mrt.setUp(h.portIfindex); !e.empty())
            return e;
    }
    for (const WireHost& h : hosts_)
        if (std::string e = mrt.waitUntilActive(h.portIfindex, kActivationTimeoutMs); !e.empty())
            return e;
    return waitForHosts();
}

std::string WireTopology::waitForHosts() const
{
    // Frames sent before a link is active vanish without a trace; a SYN
    // lost that way costs the scenario a one-second retransmission.
    for (const WireHost& h : hosts_) {
        NetnsScope inHost(h.netns);
        if (!inHost.error().empty())
            return "cannot enter a host's namespace: " + inHost.error();
        RtNetlink rt;
        if (std::string e = rt.waitUntilActive(h.ifindex, kActivationTimeoutMs); !e.empty())
            return e;
    }
    return {};
}

std::string WireTopology::configureMiddle() { return silence(middle_); }

std::string WireTopology::configureHost(int i)
{
    WireHost& h = hosts_.at(static_cast<std::size_t>(i));
    NetnsScope inHost(h.netns);
    if (!inHost.error().empty())
        return "cannot enter host " + std::to_string(i) + "'s namespace: " + inHost.error();
    RtNetlink rt;
    if (!rt.error().empty())
        return rt.error();
    std::string error;
    const int lo = linkIndex("lo", error);
    if (lo == 0)
        return error;
    h.ifindex = linkIndex(kHostLink, error);
    if (h.ifindex == 0)
        return error;
    if (std::string e = linktuning::disableOffloads(kHostLink); !e.empty())
        return e;
    if (std::string e = linktuning::routeLocalnet(kHostLink); !e.empty())
        return e;
    if (std::string e = rt.addAddress4(h.ifindex, h.addressBe, 24); !e.empty())
        return e;
    for (int j = 0; j < hostCount(); ++j) {
        if (j == i)
            continue;
        if (std::string e = rt.addNeighbour4(h.ifindex, host(j).addressBe, host(j).mac); !e.empty())
            return e;
    }
    if (std::string e = loopbackOnlyItself(rt, lo); !e.empty())
        return e;
    return rt.setUp(h.ifindex);
}

} // namespace finscope
