// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

namespace finscope {

using MacAddress = std::array<std::uint8_t, 6>;

/// The few link, address and neighbour requests a wire needs, as raw
/// NETLINK_ROUTE messages (what `ip link/addr/neigh` send), so the runner
/// never shells out. A netlink socket acts in the namespace it was opened
/// in: open one inside a host (NetnsScope) to configure that host. Every
/// request waits for the kernel's acknowledgement; methods return "" on
/// success, else the kernel's reason.
class RtNetlink {
public:
    RtNetlink();
    ~RtNetlink();
    RtNetlink(const RtNetlink&) = delete;
    RtNetlink& operator=(const RtNetlink&) = delete;

    const std::string& error() const { return error_; }

    struct VethEnd {
        std::string name;
        MacAddress mac{};
        int netnsFd = -1;    ///< namespace the end is created in (-1: this socket's)
    };
    /// One veth pair, each end born directly in its namespace.
    std::string createVeth(const VethEnd& end, const VethEnd& peer);
    /// `ip link set IFINDEX up`.
    std::string setUp(int ifindex);
    /// `ip addr add ADDR/PREFIX dev IFINDEX` (IPv4, network byte order);
    /// scope is an RT_SCOPE_* value (0: universe, 254: host).
    std::string addAddress4(int ifindex, std::uint32_t addrBe, int prefix, std::uint8_t scope = 0);
    /// `ip addr del ADDR/PREFIX dev IFINDEX`.
    std::string deleteAddress4(int ifindex, std::uint32_t addrBe, int prefix);
    /// `ip neigh add ADDR lladdr MAC nud permanent dev IFINDEX`: with every
    /// peer known, no ARP ever crosses the wire, so the only frames on it are
    /// the scenario's own.
    std::string addNeighbour4(int ifindex, std::uint32_t addrBe, const MacAddress& mac);

    /// Waits until the link can carry frames: up, carrier on, and its
    /// transmit queue attached. The kernel attaches the queue from its
    /// link-watch work, up to a second after `up` (rate-limited when a veth
    /// end shares its ifindex with its peer's), and silently drops what is
    /// sent before; so a wire is not ready before this says so. Waits for
    /// the kernel's link notifications, not by sleeping.
    std::string waitUntilActive(int ifindex, int timeoutMs);

private:
    using ReplyHandler = std::function<void(std::uint16_t type, const std::uint8_t* payload, std::size_t length)>;
    std::string address4(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint32_t addrBe, int prefix,
                         std::uint8_t scope);
    std::string request(void* message, std::size_t length, const ReplyHandler& onReply = {});
    /// "" and `active` set, or why the question failed.
    std::string queryActive(int ifindex, bool& active);

    int fd_ = -1;
    std::uint32_t seq_ = 0;
    std::string error_;
};

} // namespace finscope
