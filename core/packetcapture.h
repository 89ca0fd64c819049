// SPDX-License-Identifier: MIT
#pragma once

#include "core/detachedcloser.h"
#include "core/packetdecoder.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace finscope {

/// Packet capture on the loopback with a plain AF_PACKET socket read with
/// recvmsg(): no ring, so opening costs no RCU grace period (libpcap's
/// PACKET_RX_RING setup waits for one). Timestamps are the kernel's receive
/// stamps (SO_TIMESTAMPING, CLOCK_REALTIME, nanoseconds), taken where the
/// ring would take them; open() does not return before the kernel stamps
/// packets (see docs/engine.md), and a packet that still arrives unstamped
/// is counted (untimed()), never silently given its read time as its own.
/// libpcap is still used to compile the filter, and for capture files.
class PacketCapture {
public:
    PacketCapture() = default;
    ~PacketCapture();
    PacketCapture(const PacketCapture&) = delete;
    PacketCapture& operator=(const PacketCapture&) = delete;

    /// Opens `device`. On failure, `error` says why in words and what to do.
    bool open(const std::string& device, std::string& error);
    bool isOpen() const { return m_fd >= 0; }
    int selectableFd() const { return m_fd; }

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

    /// TCP segments that came without a kernel timestamp and carry the time
    /// they were read instead (0 unless the kernel's stamping went off).
    unsigned untimed() const { return m_untimed; }

private:
    bool roundTrip(std::vector<TcpSegment>& out, int timeoutMs);
    bool awaitKernelTimestamps(std::string& error);
    void dispatch(std::vector<TcpSegment>& out);

    DetachedCloser m_closer;  ///< closes the packet socket after the run, off its path
    int m_fd = -1;
    int m_dlt = 0;
    int m_markerSocket = -1;
    std::unique_ptr<std::uint8_t[]> m_frame;  ///< one frame, up to the snap length
    std::vector<TcpSegment> m_pending;        ///< captured while open() checked the timestamps
    std::uint64_t m_markerCount = 0;
    std::uint64_t m_delivered = 0;
    mutable std::uint64_t m_drops = 0;        ///< PACKET_STATISTICS resets the kernel's count on each read
    unsigned m_untimed = 0;
    bool m_markerSeen = false;
    bool m_markerStamped = false;
    std::string m_marker;
};

} // namespace finscope
