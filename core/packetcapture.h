// SPDX-License-Identifier: MIT
#pragma once

#include "core/detachedcloser.h"
#include "core/packetdecoder.h"

#include <cstdint>
#include <string>
#include <vector>

struct pcap;

namespace finscope {

/// libpcap capture on the loopback: immediate mode (no buffering delay),
/// nanosecond timestamps from CLOCK_REALTIME, non-blocking.
class PacketCapture {
public:
    PacketCapture() = default;
    ~PacketCapture();
    PacketCapture(const PacketCapture&) = delete;
    PacketCapture& operator=(const PacketCapture&) = delete;

    /// Opens `device`. On failure, `error` says why in words and what to do.
    bool open(const std::string& device, std::string& error);
    bool isOpen() const { return m_pcap != nullptr; }
    int selectableFd() const;

    /// Segments captured so far, without waiting.
    std::vector<TcpSegment> takeAvailable();

    /// Sends a marker datagram over the loopback and collects every segment
    /// captured before it: the kernel delivers packets to the capture in
    /// order, so once the marker is seen, every earlier packet has been.
    /// Returns false if the marker did not come back within `timeoutMs`.
    bool flush(std::vector<TcpSegment>& out, int timeoutMs = 2000);

    /// TCP segments handed out so far (takeAvailable() and flush()): a
    /// caller tells "nothing came in since" by comparing two counts.
    std::uint64_t delivered() const { return m_delivered; }

    /// Packets the kernel dropped before the capture saw them.
    unsigned drops() const;

private:
    void dispatch(std::vector<TcpSegment>& out);

    DetachedCloser m_closer;  ///< closes the packet socket after the run, off its path
    pcap* m_pcap = nullptr;
    int m_dlt = 0;
    int m_markerSocket = -1;
    std::uint64_t m_markerCount = 0;
    std::uint64_t m_delivered = 0;
    bool m_markerSeen = false;
    std::string m_marker;
};

} // namespace finscope
