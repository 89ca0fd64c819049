// SPDX-License-Identifier: MIT
#pragma once

#include "core/wire/netnamespace.h"
#include "core/wire/rtnetlink.h"

#include <cstdint>
#include <string>
#include <vector>

namespace finscope {

/// One host on the wire: its own network namespace with `lo` (127.0.0.1/32
/// only) and one veth, `wire0`, whose other end (`port<i>`) lies in the
/// middle namespace.
struct WireHost {
    NetNamespace netns;
    std::string address;          ///< "127.1.0.1": on wire0 only, /24 (route_localnet)
    std::uint32_t addressBe = 0;  ///< the same, network byte order
    MacAddress mac{};             ///< wire0's MAC
    int ifindex = 0;              ///< wire0 in the host's namespace
    std::string port;             ///< "port0": the end in the middle namespace
    int portIfindex = 0;          ///< that end's index in the middle namespace
};

/// N hosts joined through a middle namespace, where nothing but the relay
/// moves frames (see docs/engine.md, "The wire"). Built from inside the
/// runner's user namespace, where it holds CAP_NET_ADMIN; everything lives
/// only as long as this object (its namespace descriptors) does.
class WireTopology {
public:
    static constexpr int kMaxHosts = 16;
    static constexpr const char* kHostLink = "wire0";

    /// Creates the namespaces, veth pairs, addresses and static neighbours.
    /// "" on success, else what failed (the partial topology is torn down
    /// when the object goes).
    std::string build(int hostCount);

    int hostCount() const { return static_cast<int>(hosts_.size()); }
    const WireHost& host(int i) const { return hosts_.at(static_cast<std::size_t>(i)); }
    const NetNamespace& middle() const { return middle_; }

    /// Addresses and MACs are a pure function of the host index, so runs
    /// and their traces repeat exactly.
    static std::string addressOf(int host);
    static MacAddress macOf(int host);
    static MacAddress portMacOf(int host);

private:
    std::string configureHost(int i);
    std::string configureMiddle();
    std::string waitForHosts() const;

    /// Link activation normally takes microseconds, at worst the kernel's
    /// one-second link-watch period; more means something is broken.
    static constexpr int kActivationTimeoutMs = 5000;

    NetNamespace middle_;
    std::vector<WireHost> hosts_;
};

} // namespace finscope
