// SPDX-License-Identifier: MIT
#pragma once

namespace finscope {

/// Takes the last close of a descriptor off the caller's path. Closing an
/// AF_PACKET socket waits for one or two RCU grace periods in the kernel
/// (synchronize_net() in packet_release() and, with a ring, in
/// packet_set_ring()): 20-40 ms, far more than a whole run on loopback.
/// A small holder process, started before the descriptor exists, is handed
/// it at the end and drops it when it exits; nobody waits for that exit
/// (the holder is an orphan from the start, reaped by init or the nearest
/// subreaper). The holder keeps nothing else: no standard output, no
/// terminal process group, and it exits when the caller lets it go or dies.
class DetachedCloser {
public:
    DetachedCloser() = default;
    ~DetachedCloser();
    DetachedCloser(const DetachedCloser&) = delete;
    DetachedCloser& operator=(const DetachedCloser&) = delete;

    /// Starts the holder process. False if it could not be started; the
    /// caller then simply closes its descriptors itself.
    bool start();
    bool running() const { return m_channel >= 0; }

    /// Hands the holder a reference to `fd` (the caller still closes its
    /// own, which is then not the last). False if the holder is gone.
    bool hold(int fd);

    /// Lets the holder go: it exits, and the last references it holds are
    /// dropped in its exit. Call after closing the descriptors handed over.
    void release();

private:
    int m_channel = -1;
};

} // namespace finscope
