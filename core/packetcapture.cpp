// SPDX-License-Identifier: MIT
#include "core/packetcapture.h"

#include "core/clock.h"

#include <pcap/pcap.h>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <net/if.h>  // before the linux/ headers, which then leave ifreq to it
#include <net/if_arp.h>
#include <linux/errqueue.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <net/ethernet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {
namespace {

constexpr std::uint16_t kMarkerPort = 9;  // discard: nothing listens, and a scenario never uses it
constexpr int kSnapLen = 262144;          // whole frames: loopback frames reach 64 KiB, GSO super-packets more
constexpr int kBufferBytes = 8 << 20;
constexpr int kTimestampWaitMs = 2000;
constexpr const char* kMarkerPrefix = "FINSCOPE-SETTLE-MARKER-";

std::string errnoText(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

/// The hardware type of `device` (ARPHRD_*), or -1.
int hardwareType(int fd, const std::string& device) {
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, device.c_str(), IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFHWADDR, &ifr) != 0) return -1;
    return ifr.ifr_hwaddr.sa_family;
}

/// Compiles the capture filter with libpcap (for a link type, no live
/// handle) and gives it to the kernel: only TCP and the settle markers are
/// ever queued to the socket.
bool attachFilter(int fd, int dlt, std::string& error) {
    pcap_t* dead = pcap_open_dead(dlt, kSnapLen);
    if (!dead) {
        error = "libpcap could not compile the capture filter";
        return false;
    }
    bpf_program program{};
    const std::string filter = "tcp or (udp and dst port " + std::to_string(kMarkerPort) + ")";
    bool ok = pcap_compile(dead, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0;
    if (!ok) error = std::string("capture filter: ") + pcap_geterr(dead);
    if (ok) {
        // libpcap's bpf_insn and the kernel's sock_filter are the same
        // classic BPF instruction (code, jt, jf, k).
        static_assert(sizeof(bpf_insn) == sizeof(sock_filter));
        sock_fprog prog{static_cast<unsigned short>(program.bf_len), reinterpret_cast<sock_filter*>(program.bf_insns)};
        ok = ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) == 0;
        if (!ok) error = errnoText("capture filter");
        pcap_freecode(&program);
    }
    pcap_close(dead);
    return ok;
}

} // namespace

PacketCapture::~PacketCapture() {
    if (m_fd >= 0) {
        // The last close of the packet socket waits for an RCU grace period
        // (10-35 ms): the holder process pays it, after this run is over.
        m_closer.hold(m_fd);
        ::close(m_fd);
        m_closer.release();
    }
    if (m_markerSocket >= 0) ::close(m_markerSocket);
}

bool PacketCapture::open(const std::string& device, std::string& error) {
    // Started before the socket exists, while this process is small to fork.
    m_closer.start();
    // Protocol 0: nothing is queued before bind(), which comes after the
    // filter and the timestamp option are in place.
    int fd = ::socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errnoText(device.c_str());
        if (errno == EPERM || errno == EACCES)
            error = "no permission to capture on " + device + " (" + error +
                    "): run where user namespaces are allowed, or grant "
                    "`setcap cap_net_raw,cap_net_admin+ep $(command -v finscope)`";
        return false;
    }
    auto fail = [&](std::string why) {
        error = std::move(why);
        ::close(fd);
        return false;
    };
    const unsigned index = ::if_nametoindex(device.c_str());
    if (index == 0) return fail(errnoText(device.c_str()));
    // A packet socket reads the loopback's and an Ethernet device's frames
    // with an Ethernet header: what libpcap calls DLT_EN10MB on both.
    const int type = hardwareType(fd, device);
    if (type != ARPHRD_LOOPBACK && type != ARPHRD_ETHER)
        return fail("cannot capture on " + device + ": not a loopback or Ethernet device");
    m_dlt = DLT_EN10MB;
    // As much queue as the ring had (8 MiB); without CAP_NET_ADMIN on the
    // host the kernel caps it at net.core.rmem_max, and drops are reported.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kBufferBytes, sizeof kBufferBytes) != 0)
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kBufferBytes, sizeof kBufferBytes);
    // On the loopback every frame passes twice, outgoing then incoming;
    // libpcap keeps the incoming copy, and so does this.
    int one = 1;
    if (type == ARPHRD_LOOPBACK && ::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) != 0)
        return fail(errnoText("PACKET_IGNORE_OUTGOING"));
    ::setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one);  // the frame's length on the wire
    if (!attachFilter(fd, m_dlt, error)) return fail(error);
    // Receive timestamps: asking for them switches the kernel's stamping on
    // (a global switch, which the kernel may flip a little later, from a
    // worker: awaitKernelTimestamps() waits for it).
    int stamping = SOF_TIMESTAMPING_RX_SOFTWARE | SOF_TIMESTAMPING_SOFTWARE;
    if (::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPING, &stamping, sizeof stamping) != 0)
        return fail(errnoText("SO_TIMESTAMPING"));
    sockaddr_ll at{};
    at.sll_family = AF_PACKET;
    at.sll_protocol = htons(ETH_P_ALL);
    at.sll_ifindex = static_cast<int>(index);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&at), sizeof at) != 0) return fail(errnoText(device.c_str()));
    m_markerSocket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (m_markerSocket < 0) return fail(errnoText("marker socket"));
    m_fd = fd;
    m_frame = std::make_unique_for_overwrite<std::uint8_t[]>(kSnapLen);
    if (!awaitKernelTimestamps(error)) {
        m_closer.hold(m_fd);
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    return true;
}

bool PacketCapture::awaitKernelTimestamps(std::string& error) {
    // The kernel stamps a received packet only while its global switch
    // (the netstamp_needed static key) is on. SO_TIMESTAMPING turned it on
    // at once if another socket already had it on, and otherwise queued the
    // switch for a kernel worker. A packet that passes before then gets no
    // stamp (SO_TIMESTAMPING then gives none, where SO_TIMESTAMPNS would
    // give the read time). So: send markers until one comes back stamped.
    // This socket keeps the switch on from then until it is closed, so every
    // later packet is stamped when the kernel receives it.
    const std::int64_t deadline = monotonicMs() + kTimestampWaitMs;
    for (;;) {
        const auto left = deadline - monotonicMs();
        if (left <= 0 || !roundTrip(m_pending, static_cast<int>(left))) break;
        if (m_markerStamped) return true;
        // The worker usually runs on this CPU: let it.
        ::sched_yield();
    }
    error = "the kernel did not start timestamping received packets within " + std::to_string(kTimestampWaitMs) +
            " ms (SO_TIMESTAMPING on the capture socket)";
    return false;
}

void PacketCapture::dispatch(std::vector<TcpSegment>& out) {
    for (;;) {
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(scm_timestamping)) + CMSG_SPACE(sizeof(tpacket_auxdata))];
        iovec iov{m_frame.get(), kSnapLen};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        const ssize_t n = ::recvmsg(m_fd, &msg, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;  // EAGAIN: nothing more queued
        }
        const auto caplen = static_cast<std::uint32_t>(n);
        std::uint32_t wireLen = caplen;
        std::int64_t tNs = -1;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPING) {
                scm_timestamping ts{};
                std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
                if (ts.ts[0].tv_sec != 0 || ts.ts[0].tv_nsec != 0)
                    tNs = std::int64_t{ts.ts[0].tv_sec} * 1'000'000'000 + ts.ts[0].tv_nsec;
            } else if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
                tpacket_auxdata aux{};
                std::memcpy(&aux, CMSG_DATA(c), sizeof aux);
                wireLen = aux.tp_len;
            }
        }
        const std::uint8_t* bytes = m_frame.get();
        const bool stamped = tNs >= 0;
        if (auto seg = decodeTcp(m_dlt, bytes, caplen, stamped ? tNs : realtimeNs())) {
            if (!stamped) ++m_untimed;
            // The whole frame travels with the segment: the pcapng export
            // writes the real bytes, not a rebuilt packet.
            seg->frame.assign(bytes, bytes + caplen);
            seg->linkType = m_dlt;
            seg->frameLen = wireLen;
            out.push_back(std::move(*seg));
            continue;
        }
        if (!m_marker.empty() && caplen >= m_marker.size() && ::memmem(bytes, caplen, m_marker.data(), m_marker.size())) {
            m_markerSeen = true;
            m_markerStamped = stamped;
        }
    }
}

std::vector<TcpSegment> PacketCapture::takeAvailable() {
    std::vector<TcpSegment> out = std::move(m_pending);
    m_pending.clear();
    if (m_fd >= 0) dispatch(out);
    m_delivered += out.size();
    return out;
}

bool PacketCapture::flush(std::vector<TcpSegment>& out, int timeoutMs) {
    if (m_fd < 0) return true;
    const std::size_t before = out.size();
    out.insert(out.end(), std::make_move_iterator(m_pending.begin()), std::make_move_iterator(m_pending.end()));
    m_pending.clear();
    const bool seen = roundTrip(out, timeoutMs);
    m_delivered += out.size() - before;
    return seen;
}

bool PacketCapture::roundTrip(std::vector<TcpSegment>& out, int timeoutMs) {
    // Per run (pid) and per flush: on the host's loopback concurrent runs
    // capture each other's markers, and must never take one for their own.
    m_marker = kMarkerPrefix + std::to_string(::getpid()) + "-" + std::to_string(++m_markerCount) + "#";
    m_markerSeen = false;
    m_markerStamped = false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(kMarkerPort);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(m_markerSocket, m_marker.data(), m_marker.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    const std::int64_t deadline = monotonicMs() + timeoutMs;
    for (;;) {
        dispatch(out);
        if (m_markerSeen) return true;
        const auto left = deadline - monotonicMs();
        if (left <= 0) return false;
        pollfd p{m_fd, POLLIN, 0};
        ::poll(&p, 1, static_cast<int>(left));
    }
}

unsigned PacketCapture::drops() const {
    tpacket_stats st{};
    socklen_t len = sizeof st;
    if (m_fd >= 0 && ::getsockopt(m_fd, SOL_PACKET, PACKET_STATISTICS, &st, &len) == 0) m_drops += st.tp_drops;
    return static_cast<unsigned>(m_drops);
}

} // namespace finscope
