// SPDX-License-Identifier: MIT
#include "core/packetcapture.h"

#include "core/clock.h"

#include <pcap/pcap.h>

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {
namespace {

constexpr std::uint16_t kMarkerPort = 9;  // discard: nothing listens, and a scenario never uses it
constexpr int kSnapLen = 262144;
constexpr const char* kMarkerPrefix = "FINSCOPE-SETTLE-MARKER-";

struct DispatchContext {
    std::vector<TcpSegment>* out;
    int dlt;
    const std::string* marker;
    bool* markerSeen;
};

void onPacket(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    auto* ctx = reinterpret_cast<DispatchContext*>(user);
    std::int64_t tNs = std::int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec;  // nano precision
    if (auto seg = decodeTcp(ctx->dlt, bytes, header->caplen, tNs)) {
        // The whole frame travels with the segment: the pcapng export
        // writes the real bytes, not a rebuilt packet.
        seg->frame.assign(bytes, bytes + header->caplen);
        seg->linkType = ctx->dlt;
        seg->frameLen = header->len;
        ctx->out->push_back(std::move(*seg));
        return;
    }
    const std::string& m = *ctx->marker;
    if (!m.empty() && header->caplen >= m.size() && ::memmem(bytes, header->caplen, m.data(), m.size()))
        *ctx->markerSeen = true;
}

} // namespace

PacketCapture::~PacketCapture() {
    if (m_pcap) {
        // The last close of the packet socket costs two RCU grace periods
        // (20-40 ms): the holder process pays them, after this run is over.
        m_closer.hold(pcap_get_selectable_fd(m_pcap));
        pcap_close(m_pcap);
        m_closer.release();
    }
    if (m_markerSocket >= 0) ::close(m_markerSocket);
}

bool PacketCapture::open(const std::string& device, std::string& error) {
    // Started before the ring is mapped, while this process is small to fork.
    m_closer.start();
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_create(device.c_str(), err);
    if (!p) {
        error = err;
        return false;
    }
    // Whole frames (the pcapng export keeps them); loopback frames reach
    // 64 KiB, GSO super-packets more: libpcap's own maximum.
    pcap_set_snaplen(p, kSnapLen);
    pcap_set_immediate_mode(p, 1);
    pcap_set_buffer_size(p, 8 << 20);
    pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO);
    int rc = pcap_activate(p);
    if (rc < 0) {
        error = pcap_geterr(p);
        if (rc == PCAP_ERROR_PERM_DENIED)
            error = "no permission to capture on " + device + " (" + error +
                    "): run where user namespaces are allowed, or grant "
                    "`setcap cap_net_raw,cap_net_admin+ep $(command -v finscope)`";
        pcap_close(p);
        return false;
    }
    bpf_program program{};
    std::string filter = "tcp or (udp and dst port " + std::to_string(kMarkerPort) + ")";
    if (pcap_compile(p, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) == 0) {
        pcap_setfilter(p, &program);
        pcap_freecode(&program);
    }
    pcap_setnonblock(p, 1, err);
    m_pcap = p;
    m_dlt = pcap_datalink(p);
    m_markerSocket = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    return true;
}

int PacketCapture::selectableFd() const { return m_pcap ? pcap_get_selectable_fd(m_pcap) : -1; }

void PacketCapture::dispatch(std::vector<TcpSegment>& out) {
    DispatchContext ctx{&out, m_dlt, &m_marker, &m_markerSeen};
    const std::size_t before = out.size();
    while (pcap_dispatch(m_pcap, -1, onPacket, reinterpret_cast<u_char*>(&ctx)) > 0) {
    }
    m_delivered += out.size() - before;
}

std::vector<TcpSegment> PacketCapture::takeAvailable() {
    std::vector<TcpSegment> out;
    if (m_pcap) dispatch(out);
    return out;
}

bool PacketCapture::flush(std::vector<TcpSegment>& out, int timeoutMs) {
    if (!m_pcap) return true;
    // Per run (pid) and per flush: on the host's loopback concurrent runs
    // capture each other's markers, and must never take one for their own.
    m_marker = kMarkerPrefix + std::to_string(::getpid()) + "-" + std::to_string(++m_markerCount) + "#";
    m_markerSeen = false;
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(kMarkerPort);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::sendto(m_markerSocket, m_marker.data(), m_marker.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to);
    std::int64_t deadline = monotonicMs() + timeoutMs;
    for (;;) {
        dispatch(out);
        if (m_markerSeen) return true;
        auto left = deadline - monotonicMs();
        if (left <= 0) return false;
        pollfd p{selectableFd(), POLLIN, 0};
        ::poll(&p, 1, static_cast<int>(left));
    }
}

unsigned PacketCapture::drops() const {
    pcap_stat st{};
    if (!m_pcap || pcap_stats(m_pcap, &st) != 0) return 0;
    return st.ps_drop + st.ps_ifdrop;
}

} // namespace finscope
