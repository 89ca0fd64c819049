// SPDX-License-Identifier: MIT
#include "core/wire/rtnetlink.h"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <poll.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

namespace finscope {

namespace {

std::string errnoText(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

constexpr std::size_t align4(std::size_t n) { return (n + 3U) & ~std::size_t{3}; }

/// Builds one netlink message: header, a fixed struct, then attributes,
/// nested where the kernel wants nesting. Netlink aligns everything to 4.
class Message {
public:
    Message(std::uint16_t type, std::uint16_t flags)
    {
        nlmsghdr h{};
        h.nlmsg_type = type;
        h.nlmsg_flags = static_cast<std::uint16_t>(flags | NLM_F_REQUEST | NLM_F_ACK);
        append(&h, sizeof h);
    }
    void append(const void* data, std::size_t len)
    {
        const std::size_t at = bytes_.size();
        bytes_.resize(at + align4(len));
        std::memcpy(bytes_.data() + at, data, len);
    }
    void attr(std::uint16_t type, const void* data, std::size_t len)
    {
        rtattr a{};
        a.rta_type = type;
        a.rta_len = static_cast<unsigned short>(sizeof a + len);
        append(&a, sizeof a);
        append(data, len);
    }
    template <class T> void attr(std::uint16_t type, const T& value) { attr(type, &value, sizeof value); }
    void attr(std::uint16_t type, const std::string& text) { attr(type, text.c_str(), text.size() + 1); }
    std::size_t beginNest(std::uint16_t type)
    {
        const std::size_t at = bytes_.size();
        rtattr a{};
        a.rta_type = type;
        append(&a, sizeof a);
        return at;
    }
    void endNest(std::size_t at)
    {
        const auto len = static_cast<unsigned short>(bytes_.size() - at);
        std::memcpy(bytes_.data() + at + offsetof(rtattr, rta_len), &len, sizeof len);
    }
    /// The finished message (its length written into the header).
    std::vector<std::uint8_t>& finish()
    {
        const auto len = static_cast<std::uint32_t>(bytes_.size());
        std::memcpy(bytes_.data() + offsetof(nlmsghdr, nlmsg_len), &len, sizeof len);
        return bytes_;
    }

private:
    std::vector<std::uint8_t> bytes_;
};

} // namespace

RtNetlink::RtNetlink()
{
    fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd_ < 0) {
        error_ = errnoText("cannot open a NETLINK_ROUTE socket", errno);
        return;
    }
    // The kernel acknowledges at once; the timeout only turns a kernel bug
    // into an error instead of a hang.
    timeval tv{};
    tv.tv_sec = 5;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

RtNetlink::~RtNetlink()
{
    if (fd_ >= 0)
        ::close(fd_);
}

std::string RtNetlink::request(void* message, std::size_t length, const ReplyHandler& onReply)
{
    if (fd_ < 0)
        return error_;
    nlmsghdr header{};
    std::memcpy(&header, message, sizeof header);
    header.nlmsg_seq = ++seq_;
    std::memcpy(message, &header, sizeof header);
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    ssize_t sent = 0;
    do {
        sent = ::sendto(fd_, message, length, 0, reinterpret_cast<const sockaddr*>(&kernel), sizeof kernel);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0)
        return errnoText("netlink send", errno);
    std::vector<std::uint64_t> buffer(1024);
    for (;;) {
        ssize_t len = 0;
        do {
            len = ::recv(fd_, buffer.data(), buffer.size() * sizeof(std::uint64_t), 0);
        } while (len < 0 && errno == EINTR);
        if (len < 0)
            return errnoText("netlink receive", errno);
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(buffer.data());
        std::size_t off = 0;
        while (off + sizeof(nlmsghdr) <= static_cast<std::size_t>(len)) {
            nlmsghdr reply{};
            std::memcpy(&reply, bytes + off, sizeof reply);
            if (reply.nlmsg_len < sizeof reply || off + reply.nlmsg_len > static_cast<std::size_t>(len))
                return "netlink: malformed reply";
            if (reply.nlmsg_seq == seq_ && reply.nlmsg_type == NLMSG_ERROR) {
                nlmsgerr err{};
                std::memcpy(&err, bytes + off + sizeof reply, std::min(sizeof err, reply.nlmsg_len - sizeof reply));
                return err.error == 0 ? std::string() : std::string(std::strerror(-err.error));
            }
            if (reply.nlmsg_seq == seq_ && onReply)
                onReply(reply.nlmsg_type, bytes + off + sizeof reply, reply.nlmsg_len - sizeof reply);
            off += align4(reply.nlmsg_len);
        }
    }
}

std::string RtNetlink::createVeth(const VethEnd& end, const VethEnd& peer)
{
    Message m(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    m.append(&info, sizeof info);
    m.attr(IFLA_IFNAME, end.name);
    m.attr(IFLA_ADDRESS, end.mac.data(), end.mac.size());
    if (end.netnsFd >= 0)
        m.attr(IFLA_NET_NS_FD, static_cast<std::uint32_t>(end.netnsFd));
    const std::size_t linkinfo = m.beginNest(IFLA_LINKINFO);
    m.attr(IFLA_INFO_KIND, std::string("veth"));
    const std::size_t data = m.beginNest(IFLA_INFO_DATA);
    const std::size_t peerInfo = m.beginNest(VETH_INFO_PEER);
    m.append(&info, sizeof info);   // the peer's attributes follow its own ifinfomsg
    m.attr(IFLA_IFNAME, peer.name);
    m.attr(IFLA_ADDRESS, peer.mac.data(), peer.mac.size());
    if (peer.netnsFd >= 0)
        m.attr(IFLA_NET_NS_FD, static_cast<std::uint32_t>(peer.netnsFd));
    m.endNest(peerInfo);
    m.endNest(data);
    m.endNest(linkinfo);
    auto& bytes = m.finish();
    if (std::string e = request(bytes.data(), bytes.size()); !e.empty())
        return "cannot create veth pair " + end.name + "/" + peer.name + ": " + e;
    return {};
}

std::string RtNetlink::setUp(int ifindex)
{
    Message m(RTM_NEWLINK, 0);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = ifindex;
    info.ifi_flags = IFF_UP;
    info.ifi_change = IFF_UP;
    m.append(&info, sizeof info);
    auto& bytes = m.finish();
    if (std::string e = request(bytes.data(), bytes.size()); !e.empty())
        return "cannot bring link " + std::to_string(ifindex) + " up: " + e;
    return {};
}

std::string RtNetlink::addAddress4(int ifindex, std::uint32_t addrBe, int prefix, std::uint8_t scope)
{
    if (std::string e = address4(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex, addrBe, prefix, scope); !e.empty())
        return "cannot add an address to link " + std::to_string(ifindex) + ": " + e;
    return {};
}

std::string RtNetlink::deleteAddress4(int ifindex, std::uint32_t addrBe, int prefix)
{
    if (std::string e = address4(RTM_DELADDR, 0, ifindex, addrBe, prefix, RT_SCOPE_UNIVERSE); !e.empty())
        return "cannot remove an address from link " + std::to_string(ifindex) + ": " + e;
    return {};
}

std::string RtNetlink::address4(std::uint16_t type, std::uint16_t flags, int ifindex, std::uint32_t addrBe, int prefix,
                                std::uint8_t scope)
{
    Message m(type, flags);
    ifaddrmsg info{};
    info.ifa_family = AF_INET;
    info.ifa_prefixlen = static_cast<unsigned char>(prefix);
    info.ifa_scope = scope;
    info.ifa_index = static_cast<unsigned>(ifindex);
    m.append(&info, sizeof info);
    m.attr(IFA_LOCAL, addrBe);
    m.attr(IFA_ADDRESS, addrBe);
    auto& bytes = m.finish();
    return request(bytes.data(), bytes.size());
}

std::string RtNetlink::addNeighbour4(int ifindex, std::uint32_t addrBe, const MacAddress& mac)
{
    Message m(RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE);
    ndmsg info{};
    info.ndm_family = AF_INET;
    info.ndm_ifindex = ifindex;
    info.ndm_state = NUD_PERMANENT;
    m.append(&info, sizeof info);
    m.attr(NDA_DST, addrBe);
    m.attr(NDA_LLADDR, mac.data(), mac.size());
    auto& bytes = m.finish();
    if (std::string e = request(bytes.data(), bytes.size()); !e.empty())
        return "cannot add a neighbour on link " + std::to_string(ifindex) + ": " + e;
    return {};
}

} // namespace finscope

namespace finscope {

std::string RtNetlink::queryActive(int ifindex, bool& active)
{
    Message m(RTM_GETLINK, 0);
    ifinfomsg info{};
    info.ifi_family = AF_UNSPEC;
    info.ifi_index = ifindex;
    m.append(&info, sizeof info);
    active = false;
    auto onReply = [&active, ifindex](std::uint16_t type, const std::uint8_t* payload, std::size_t length) {
        ifinfomsg got{};
        if (type != RTM_NEWLINK || length < sizeof got)
            return;
        std::memcpy(&got, payload, sizeof got);
        if (got.ifi_index != ifindex)
            return;
        bool operUp = false;
        bool queued = false;
        for (std::size_t off = align4(sizeof got); off + sizeof(rtattr) <= length;) {
            rtattr a{};
            std::memcpy(&a, payload + off, sizeof a);
            if (a.rta_len < sizeof a || off + a.rta_len > length)
                break;
            const std::uint8_t* value = payload + off + sizeof a;
            const std::size_t valueLen = a.rta_len - sizeof a;
            if (a.rta_type == IFLA_OPERSTATE && valueLen >= 1)
                operUp = value[0] == IF_OPER_UP;
            // "noop" is the placeholder until the queue is attached.
            if (a.rta_type == IFLA_QDISC)
                queued = std::string(reinterpret_cast<const char*>(value), strnlen(reinterpret_cast<const char*>(value), valueLen)) != "noop";
            off += align4(a.rta_len);
        }
        active = operUp && queued && (got.ifi_flags & IFF_RUNNING) != 0;
    };
    auto& bytes = m.finish();
    return request(bytes.data(), bytes.size(), onReply);
}

std::string RtNetlink::waitUntilActive(int ifindex, int timeoutMs)
{
    // Subscribe first, then ask: a change between the two cannot be missed.
    int events = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
    if (events < 0)
        return errnoText("cannot open a netlink socket for link events", errno);
    sockaddr_nl groups{};
    groups.nl_family = AF_NETLINK;
    groups.nl_groups = RTMGRP_LINK;
    if (::bind(events, reinterpret_cast<const sockaddr*>(&groups), sizeof groups) != 0) {
        const int err = errno;
        ::close(events);
        return errnoText("cannot subscribe to link events", err);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    std::string error;
    for (;;) {
        bool active = false;
        if (error = queryActive(ifindex, active); !error.empty() || active)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd p{events, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
            error = "link " + std::to_string(ifindex) + " did not become active within " + std::to_string(timeoutMs) + " ms";
            break;
        }
        // The notifications only say "something changed": drain, ask again.
        std::uint8_t drain[8192];
        while (::recv(events, drain, sizeof drain, 0) > 0) {
        }
    }
    ::close(events);
    return error;
}

} // namespace finscope
