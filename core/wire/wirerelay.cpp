// SPDX-License-Identifier: MIT
#include "core/wire/wirerelay.h"

#include "core/clock.h"
#include "core/wire/netnsscope.h"
#include "core/wire/wiretopology.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

namespace finscope {

namespace {

std::string errnoText(const std::string& what, int err) { return what + ": " + std::strerror(err); }

std::int64_t monotonicNs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

timespec toTimespec(std::int64_t ns)
{
    timespec ts{};
    ts.tv_sec = static_cast<time_t>(ns / 1'000'000'000);
    ts.tv_nsec = static_cast<long>(ns % 1'000'000'000);
    return ts;
}

/// A packet socket that sees exactly one link: created with protocol 0 (it
/// receives nothing) and bound to the link with ETH_P_ALL, so no frame of
/// another link slips in between socket() and bind().
int openPort(int ifindex, std::string& error)
{
    int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errnoText("cannot open a packet socket in the wire's middle namespace", errno);
        return -1;
    }
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_protocol = htons(ETH_P_ALL);
    addr.sll_ifindex = ifindex;
    const int one = 1;
    // The kernel's own receive stamp says when the frame left the sender,
    // however late the relay gets to read it.
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 ||
        ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) != 0) {
        error = errnoText("cannot bind a packet socket to port " + std::to_string(ifindex), errno);
        ::close(fd);
        return -1;
    }
    // Frames the relay itself sends out of a port are not news.
    ::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
    // Straight to the driver: a queue could drop silently (a port's queue
    // is a no-op until the kernel attaches the real one) or reorder.
    ::setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
    return fd;
}

} // namespace

WireRelay::~WireRelay()
{
    for (const Port& p : ports_)
        if (p.fd >= 0)
            ::close(p.fd);
}

std::string WireRelay::open(const WireTopology& topology)
{
    NetnsScope inMiddle(topology.middle());
    if (!inMiddle.error().empty())
        return "cannot enter the wire's middle namespace: " + inMiddle.error();
    for (int i = 0; i < topology.hostCount(); ++i) {
        Port port;
        port.ifindex = topology.host(i).portIfindex;
        port.hostMac = topology.host(i).mac;
        std::string error;
        port.fd = openPort(port.ifindex, error);
        if (port.fd < 0)
            return error;
        ports_.push_back(port);
    }
    directions_.assign(ports_.size() * ports_.size(), Direction{});
    return {};
}

WireRelay::Direction& WireRelay::direction(int from, int to)
{
    return directions_.at(static_cast<std::size_t>(from) * ports_.size() + static_cast<std::size_t>(to));
}

void WireRelay::setConditions(int from, int to, const WireConditions& conditions)
{
    direction(from, to).conditions = conditions;
}

void WireRelay::setConditions(const WireConditions& conditions)
{
    for (Direction& d : directions_)
        d.conditions = conditions;
}

void WireRelay::dropNext(const FrameMatch& match) { dropNext_.push_back(match); }

void WireRelay::hold(const FrameMatch& match) { holds_.push_back(match); }

void WireRelay::stopHolding() { holds_.clear(); }

void WireRelay::releaseHeld()
{
    const std::int64_t now = monotonicNs();
    std::vector<std::size_t> held = std::move(held_);
    held_.clear();
    for (std::size_t index : held)
        schedule(index, now);
    deliverDue();
}

bool WireRelay::release(std::uint64_t id)
{
    auto it = std::find(held_.begin(), held_.end(), static_cast<std::size_t>(id - 1));
    if (id == 0 || it == held_.end())
        return false;
    const std::size_t index = *it;
    held_.erase(it);
    schedule(index, monotonicNs());
    deliverDue();
    return true;
}

bool WireRelay::dropHeld(std::uint64_t id)
{
    auto it = std::find(held_.begin(), held_.end(), static_cast<std::size_t>(id - 1));
    if (id == 0 || it == held_.end())
        return false;
    const std::size_t index = *it;
    held_.erase(it);
    setFate(index, WireFate::Dropped, "dropped while held");
    return true;
}

std::vector<std::uint64_t> WireRelay::heldIds() const
{
    std::vector<std::uint64_t> ids;
    for (std::size_t index : held_)
        ids.push_back(frames_[index].id);
    return ids;
}

void WireRelay::setFate(std::size_t index, WireFate fate, std::string why)
{
    WireFrame& frame = frames_[index];
    frame.fate = fate;
    if (!why.empty())
        frame.why = std::move(why);
    if (observer_)
        observer_(frame);
}

bool WireRelay::pollOnce(std::int64_t waitNs, const std::vector<int>& wakeFds)
{
    deliverDue();
    std::int64_t wait = std::max<std::int64_t>(waitNs, 0);
    if (!queue_.empty())
        wait = std::clamp<std::int64_t>(nextDueMono() - monotonicNs(), 0, wait);
    std::vector<pollfd> fds;
    for (const Port& p : ports_)
        fds.push_back({p.fd, POLLIN, 0});
    for (int fd : wakeFds)
        fds.push_back({fd, POLLIN, 0});
    const timespec timeout = toTimespec(wait);
    const int ready = ::ppoll(fds.data(), fds.size(), &timeout, nullptr);
    if (ready < 0 && errno != EINTR)
        error_ = errnoText("poll", errno);
    bool woken = false;
    for (std::size_t i = 0; ready > 0 && i < fds.size(); ++i) {
        if (fds[i].revents == 0)
            continue;
        if (i < ports_.size())
            readPort(static_cast<int>(i));
        else
            woken = true;
    }
    deliverDue();
    return woken;
}

bool WireRelay::runUntil(const std::function<bool()>& done, std::int64_t timeoutMs, std::int64_t recheckNs)
{
    const std::int64_t deadline = monotonicNs() + timeoutMs * 1'000'000;
    for (;;) {
        if (done())
            return true;
        const std::int64_t left = deadline - monotonicNs();
        if (left <= 0)
            return false;
        pollOnce(std::min(left, recheckNs));
    }
}

void WireRelay::readPort(int port)
{
    // Aligned buffers for the frame and the control message (timestamp).
    alignas(8) static std::uint8_t buffer[65536];
    alignas(8) std::uint8_t control[CMSG_SPACE(sizeof(timespec)) + 64];
    for (;;) {
        sockaddr_ll from{};
        iovec iov{buffer, sizeof buffer};
        msghdr msg{};
        msg.msg_name = &from;
        msg.msg_namelen = sizeof from;
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t len = ::recvmsg(ports_[static_cast<std::size_t>(port)].fd, &msg, MSG_TRUNC);
        if (len < 0) {
            if (errno != EAGAIN && errno != EINTR)
                error_ = errnoText("reading a wire port", errno);
            return;
        }
        const std::int64_t nowReal = realtimeNs();
        const std::int64_t nowMono = monotonicNs();
        if (from.sll_pkttype == PACKET_OUTGOING)
            continue;
        std::int64_t sentNs = nowReal;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
                timespec ts{};
                std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
                sentNs = std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
            }
        }
        // A stamp from the future or from long ago is not a receive stamp
        // (a kernel that kept the sender's own skb time): use our clock.
        if (sentNs > nowReal || nowReal - sentNs > 1'000'000'000)
            sentNs = nowReal;
        const std::int64_t arrivalMono = nowMono - (nowReal - sentNs);
        const auto size = std::min(static_cast<std::size_t>(len), sizeof buffer);
        if (size < ETH_HLEN)
            continue;
        // Forward by destination MAC, as a switch would; hosts know each
        // other's MACs (static neighbours), so unicast is the norm.
        const bool group = (buffer[0] & 1U) != 0;
        for (std::size_t to = 0; to < ports_.size(); ++to) {
            if (static_cast<int>(to) == port)
                continue;
            if (group || std::equal(ports_[to].hostMac.begin(), ports_[to].hostMac.end(), buffer))
                admit(port, static_cast<int>(to), buffer, size, sentNs, arrivalMono);
        }
    }
}

void WireRelay::admit(int from, int to, const std::uint8_t* data, std::size_t len, std::int64_t sentNs,
                      std::int64_t arrivalMono)
{
    WireFrame frame;
    frame.id = frames_.size() + 1;
    frame.from = from;
    frame.to = to;
    frame.bytes.assign(data, data + len);
    frame.sentNs = sentNs;
    frames_.push_back(std::move(frame));
    arrivalMono_.push_back(arrivalMono);
    const std::size_t index = frames_.size() - 1;
    WireFrame& f = frames_[index];

    for (auto it = dropNext_.begin(); it != dropNext_.end(); ++it) {
        if (it->matches(f)) {
            const std::string why = "drop(next, " + it->describe() + ")";
            dropNext_.erase(it);
            setFate(index, WireFate::Dropped, why);
            return;
        }
    }
    const WireConditions& c = direction(from, to).conditions;
    // Draw only when the condition is on, so that turning on reordering
    // does not change which frames a given loss seed drops, and vice versa.
    if (c.lossRate > 0 && random_.nextUnit() < c.lossRate) {
        setFate(index, WireFate::Dropped, "loss " + std::to_string(std::lround(c.lossRate * 100)) + "%");
        return;
    }
    for (const FrameMatch& h : holds_) {
        if (h.matches(f)) {
            held_.push_back(index);
            setFate(index, WireFate::Held, "hold(" + h.describe() + ")");
            return;
        }
    }
    if (observer_)
        observer_(f);
    schedule(index, arrivalMono);
}

void WireRelay::schedule(std::size_t index, std::int64_t earliestMono)
{
    WireFrame& f = frames_[index];
    Direction& d = direction(f.from, f.to);
    const WireConditions& c = d.conditions;
    std::int64_t start = std::max(earliestMono, arrivalMono_[index]);
    if (c.rateBitsPerSecond > 0) {
        // The link sends one frame after the other: the frame starts when
        // the previous one has been put on the wire, and takes its size.
        start = std::max(start, d.linkFreeMono);
        const auto bits = static_cast<double>(f.bytes.size() * 8);
        d.linkFreeMono = start + static_cast<std::int64_t>(bits * 1e9 / static_cast<double>(c.rateBitsPerSecond));
        start = d.linkFreeMono;
    }
    // A link is first in, first out: a frame is never due before the one
    // scheduled ahead of it. Arrival times come from two clock reads that a
    // preemption can pull apart, so without this a frame could overtake its
    // predecessor by the length of a preemption on a loaded machine.
    std::int64_t due = std::max({start, arrivalMono_[index] + c.delayNs, d.lastDueMono});
    if (c.reorderRate > 0 && random_.nextUnit() < c.reorderRate)
        due += c.reorderGapNs;  // only a deliberately reordered frame is overtaken
    else
        d.lastDueMono = due;
    f.fate = WireFate::InFlight;
    queue_.emplace(due, index);
}

std::int64_t WireRelay::nextDueMono() const { return queue_.empty() ? 0 : queue_.begin()->first; }

void WireRelay::deliverDue()
{
    while (!queue_.empty() && queue_.begin()->first <= monotonicNs()) {
        const std::size_t index = queue_.begin()->second;
        queue_.erase(queue_.begin());
        deliver(index);
    }
}

void WireRelay::deliver(std::size_t index)
{
    WireFrame& f = frames_[index];
    const Port& out = ports_[static_cast<std::size_t>(f.to)];
    sockaddr_ll addr{};
    addr.sll_family = AF_PACKET;
    addr.sll_ifindex = out.ifindex;
    addr.sll_halen = ETH_ALEN;
    std::memcpy(addr.sll_addr, f.bytes.data(), ETH_ALEN);
    // Stamped as it is handed over: the receiving kernel may process it (and
    // answer) before sendto() returns.
    const std::int64_t handedNs = realtimeNs();
    ssize_t sent = 0;
    do {
        sent = ::sendto(out.fd, f.bytes.data(), f.bytes.size(), 0, reinterpret_cast<const sockaddr*>(&addr),
                        sizeof addr);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        error_ = errnoText("sending on a wire port", errno);
        setFate(index, WireFate::Dropped, error_);
        return;
    }
    f.deliveredNs = handedNs;
    setFate(index, WireFate::Delivered);
}

} // namespace finscope
