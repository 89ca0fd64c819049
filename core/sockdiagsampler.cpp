// SPDX-License-Identifier: MIT
#include "core/sockdiagsampler.h"

#include "core/inetaddress.h"

#include <arpa/inet.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace finscope {

namespace {

std::string errnoText(const char* what, int err)
{
    return std::string(what) + ": " + std::strerror(err);
}

std::string endpointText(int family, const std::uint32_t* addr, std::uint16_t portBe)
{
    const std::string host = inetText(family, addr);
    return host.empty() ? std::string() : hostPort(host, ntohs(portBe));
}

} // namespace

SockDiagSampler::SockDiagSampler()
{
    fd_ = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
    if (fd_ < 0) {
        error_ = errnoText("cannot open a NETLINK_SOCK_DIAG socket", errno);
        return;
    }
    // The kernel answers a dump at once; a timeout only guards against a
    // kernel bug or a signal storm turning the runner into a hang.
    timeval tv{};
    tv.tv_sec = 5;
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

SockDiagSampler::~SockDiagSampler()
{
    if (fd_ >= 0)
        ::close(fd_);
}

bool SockDiagSampler::ok() const { return fd_ >= 0 && error_.empty(); }

const std::string& SockDiagSampler::error() const { return error_; }

std::vector<SocketSample> SockDiagSampler::sample()
{
    std::vector<SocketSample> out;
    if (fd_ < 0)
        return out;
    error_.clear();
    // One walk for both families where the kernel takes the older request
    // (every kernel with inet_diag does): each dump walks the whole
    // listening hash table, which every namespace shares with the host, so
    // one walk instead of two halves the cost of a sample. The older
    // request answers in hash order, families mixed; put IPv4 first, as
    // two per-family dumps would (within a family the order is the walk's).
    if (!compatRefused_) {
        if (dump(TCPDIAG_GETSOCK, AF_UNSPEC, out)) {
            std::stable_partition(out.begin(), out.end(), [](const SocketSample& s) { return s.family == AF_INET; });
            return out;
        }
        out.clear();
        if (!error_.empty() && !compatRefused_)
            return {};
        error_.clear();
    }
    if (!dump(SOCK_DIAG_BY_FAMILY, AF_INET, out) || !dump(SOCK_DIAG_BY_FAMILY, AF_INET6, out))
        return {};
    return out;
}

namespace {
/// Every state, including TIME_WAIT and NEW_SYN_RECV, except the pseudo-state
/// TCP_BOUND_INACTIVE (13): Linux 6.8 and later then also dump sockets that
/// are bound but neither listening nor connected, as CLOSE. Such a socket only
/// lives between a bind() and the listen() or connect() of the same step, so
/// whether a sample caught it was timing, and older kernels never show it.
/// A socket that is bound and CLOSE after a connection ended disappears from
/// the dump instead, which the state tracker already reads as CLOSE.
constexpr std::uint32_t kBoundInactive = 1U << 13;
constexpr std::uint32_t kStates = ~0U & ~kBoundInactive;
} // namespace

bool SockDiagSampler::dump(std::uint16_t type, int family, std::vector<SocketSample>& out)
{
    // SOCK_DIAG_BY_FAMILY takes inet_diag_req_v2 for one family;
    // TCPDIAG_GETSOCK (the compatibility request) takes inet_diag_req and
    // dumps every family.
    struct Request {
        nlmsghdr nlh;
        union {
            inet_diag_req_v2 v2;
            inet_diag_req compat;
        };
    };
    Request request{};
    request.nlh.nlmsg_type = type;
    request.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    request.nlh.nlmsg_seq = ++seq_;
    if (type == SOCK_DIAG_BY_FAMILY) {
        request.nlh.nlmsg_len = static_cast<std::uint32_t>(sizeof(nlmsghdr) + sizeof(inet_diag_req_v2));
        request.v2.sdiag_family = static_cast<std::uint8_t>(family);
        request.v2.sdiag_protocol = IPPROTO_TCP;
        request.v2.idiag_states = kStates;
    } else {
        request.nlh.nlmsg_len = static_cast<std::uint32_t>(sizeof(nlmsghdr) + sizeof(inet_diag_req));
        request.compat.idiag_family = AF_INET;  // not a filter: the kernel dumps every family
        request.compat.idiag_states = kStates;
    }

    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    iovec iov{&request, request.nlh.nlmsg_len};
    msghdr msg{};
    msg.msg_name = &kernel;
    msg.msg_namelen = sizeof kernel;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t sent = 0;
    do {
        sent = ::sendmsg(fd_, &msg, 0);
    } while (sent < 0 && errno == EINTR);
    if (sent < 0) {
        error_ = errnoText("sock_diag request failed", errno);
        return false;
    }

    // Sized by peeking with MSG_TRUNC, so a kernel that packs bigger dump
    // messages than we guessed still fits; aligned for nlmsghdr.
    std::vector<std::uint64_t>& buffer = buffer_;
    for (;;) {
        ssize_t len = 0;
        do {
            len = ::recv(fd_, buffer.data(), 0, MSG_PEEK | MSG_TRUNC);
        } while (len < 0 && errno == EINTR);
        if (len < 0) {
            error_ = errnoText(errno == EAGAIN ? "sock_diag dump timed out" : "sock_diag dump failed", errno);
            return false;
        }
        const std::size_t need = static_cast<std::size_t>(len);
        if (need > buffer.size() * sizeof(std::uint64_t))
            buffer.resize(need / sizeof(std::uint64_t) + 1);
        do {
            len = ::recv(fd_, buffer.data(), buffer.size() * sizeof(std::uint64_t), 0);
        } while (len < 0 && errno == EINTR);
        if (len < 0) {
            error_ = errnoText("sock_diag dump failed", errno);
            return false;
        }

        // Walked by hand: the NLMSG_* macros use C casts (-Wold-style-cast).
        const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
        const std::size_t total = static_cast<std::size_t>(len);
        for (std::size_t off = 0; off + sizeof(nlmsghdr) <= total;) {
            const auto* nlh = reinterpret_cast<const nlmsghdr*>(bytes + off);
            if (nlh->nlmsg_len < sizeof(nlmsghdr) || nlh->nlmsg_len > total - off)
                break;      // malformed: never read past what we received
            const std::size_t msgLen = nlh->nlmsg_len;
            const unsigned char* payload = bytes + off + NLMSG_HDRLEN;
            off += (msgLen + NLMSG_ALIGNTO - 1) & ~std::size_t{NLMSG_ALIGNTO - 1};
            if (nlh->nlmsg_seq != seq_)
                continue;   // a stale answer to an earlier, abandoned dump
            if (nlh->nlmsg_type == NLMSG_DONE)
                return true;
            if (nlh->nlmsg_type == NLMSG_ERROR) {
                const auto* err = reinterpret_cast<const nlmsgerr*>(payload);
                const int code = msgLen >= NLMSG_HDRLEN + sizeof(nlmsgerr) ? -err->error : EPROTO;
                if (type != SOCK_DIAG_BY_FAMILY) {
                    // A kernel without the older request: per-family dumps from now on.
                    compatRefused_ = true;
                    return false;
                }
                // A kernel without IPv6 (ipv6.disable=1) has no AF_INET6
                // handler: there are simply no IPv6 sockets to report.
                if (family == AF_INET6 && (code == ENOENT || code == EAFNOSUPPORT || code == EOPNOTSUPP))
                    return true;
                error_ = errnoText(family == AF_INET6 ? "sock_diag IPv6 dump refused" : "sock_diag IPv4 dump refused",
                                   code);
                return false;
            }
            if (nlh->nlmsg_type != type || msgLen < NLMSG_HDRLEN + sizeof(inet_diag_msg))
                continue;
            const auto* m = reinterpret_cast<const inet_diag_msg*>(payload);
            SocketSample s;
            s.family = m->idiag_family;
            s.local = endpointText(m->idiag_family, m->id.idiag_src, m->id.idiag_sport);
            s.remote = endpointText(m->idiag_family, m->id.idiag_dst, m->id.idiag_dport);
            s.state = m->idiag_state;
            s.recvQ = m->idiag_rqueue;
            s.sendQ = m->idiag_wqueue;
            s.inode = m->idiag_inode;
            s.uid = m->idiag_uid;
            s.timer = m->idiag_timer;
            s.timerExpiresMs = m->idiag_expires;
            s.retrans = m->idiag_retrans;
            // The order ss uses to print the cookie as one number.
            s.cookie = (std::uint64_t{m->id.idiag_cookie[1]} << 32) | m->id.idiag_cookie[0];
            out.push_back(std::move(s));
        }
    }
}

std::string tcpStateName(int kernelState)
{
    switch (kernelState) {
    case 1: return "ESTABLISHED";
    case 2: return "SYN_SENT";
    case 3: return "SYN_RECV";
    case 4: return "FIN_WAIT1";
    case 5: return "FIN_WAIT2";
    case 6: return "TIME_WAIT";
    case 7: return "CLOSE";
    case 8: return "CLOSE_WAIT";
    case 9: return "LAST_ACK";
    case 10: return "LISTEN";
    case 11: return "CLOSING";
    case 12: return "NEW_SYN_RECV";
    default: return "UNKNOWN(" + std::to_string(kernelState) + ")";
    }
}

std::string timerText(int timer, std::uint32_t expiresMs)
{
    const char* name = nullptr;
    switch (timer) {
    case 0: return {};
    case 1: name = "retransmit"; break;
    case 2: name = "keepalive"; break;
    case 3: name = "timewait"; break;
    case 4: name = "probe"; break;
    default: name = "timer"; break;
    }
    // Tenths, truncated rather than rounded, so a 59999 ms timewait never
    // reads "60.0s" and looks longer than the 60 s it can be.
    return std::string(name) + " " + std::to_string(expiresMs / 1000) + "." + std::to_string(expiresMs % 1000 / 100) +
           "s";
}

} // namespace finscope
