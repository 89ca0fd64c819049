// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

/// The kernel's view of every TCP socket in the current network namespace,
/// read with NETLINK_SOCK_DIAG (inet_diag). Unlike /proc or the fd table it
/// also shows sockets without a descriptor (FIN_WAIT2, TIME_WAIT, LAST_ACK).
namespace finscope {

struct SocketSample {
    int family = 0;                     ///< AF_INET or AF_INET6
    std::string local;                  ///< "127.0.0.1:5000" / "[::1]:5000"
    std::string remote;
    int state = 0;                      ///< kernel TCP_* value (TCP_ESTABLISHED = 1 ...)
    std::uint32_t recvQ = 0;            ///< LISTEN: accept queue length (as ss shows)
    std::uint32_t sendQ = 0;            ///< LISTEN: backlog (as ss shows)
    std::uint64_t inode = 0;            ///< 0 when no descriptor (orphan, TIME_WAIT)
    std::uint32_t uid = 0;
    int timer = 0;                      ///< idiag_timer: 0 none, 1 retransmit, 2 keepalive, 3 timewait, 4 probe
    std::uint32_t timerExpiresMs = 0;
    std::uint32_t retrans = 0;
    std::uint64_t cookie = 0;           ///< idiag_cookie as one 64-bit value
};

/// Owns one netlink socket (SOCK_CLOEXEC). Never throws: when the socket
/// cannot be opened or a dump fails, ok() is false and error() says why.
class SockDiagSampler {
public:
    SockDiagSampler();
    ~SockDiagSampler();
    SockDiagSampler(const SockDiagSampler&) = delete;
    SockDiagSampler& operator=(const SockDiagSampler&) = delete;

    bool ok() const;
    const std::string& error() const;

    /// All TCP sockets of the current network namespace, all states
    /// (including TIME_WAIT and NEW_SYN_RECV request sockets), IPv4 then
    /// IPv6. Empty (and ok() false) on error; a kernel without IPv6 simply
    /// contributes no IPv6 sockets.
    std::vector<SocketSample> sample();

private:
    /// One dump: `type` SOCK_DIAG_BY_FAMILY for `family`, or TCPDIAG_GETSOCK for all.
    bool dump(std::uint16_t type, int family, std::vector<SocketSample>& out);

    int fd_ = -1;
    bool compatRefused_ = false;               ///< the kernel refused TCPDIAG_GETSOCK
    std::vector<std::uint64_t> buffer_ = std::vector<std::uint64_t>(8192);  ///< reused by every dump
    std::uint32_t seq_ = 0;
    std::string error_;
};

/// Kernel state names: ESTABLISHED SYN_SENT SYN_RECV FIN_WAIT1 FIN_WAIT2
/// TIME_WAIT CLOSE CLOSE_WAIT LAST_ACK LISTEN CLOSING NEW_SYN_RECV;
/// "UNKNOWN(n)" otherwise.
std::string tcpStateName(int kernelState);

/// The timer as ss -o words it: "retransmit 0.2s", "keepalive 7199.9s",
/// "timewait 59.9s", "probe 0.2s"; "" when there is none.
std::string timerText(int timer, std::uint32_t expiresMs);

} // namespace finscope
