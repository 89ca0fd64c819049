// SPDX-License-Identifier: MIT
#pragma once

#include "core/wire/framematch.h"
#include "core/wire/rtnetlink.h"
#include "core/wire/seededrandom.h"
#include "core/wire/wireconditions.h"
#include "core/wire/wireframe.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace finscope {

class WireTopology;

/// The wire itself: one AF_PACKET socket on each port in the middle
/// namespace; every frame a host sends is read, stamped, and then delayed,
/// dropped, held or forwarded to the port of the host it is addressed to.
/// Its record of frames is the wire's capture. Single-threaded and driven by
/// pollOnce(): delays are deadlines of the poll, never sleeps. Each direction
/// is first in, first out, as a cable is: only reordering (and releasing a
/// held frame) lets one frame overtake another.
class WireRelay {
public:
    WireRelay() = default;
    ~WireRelay();
    WireRelay(const WireRelay&) = delete;
    WireRelay& operator=(const WireRelay&) = delete;

    /// Opens the packet sockets in the topology's middle namespace. "" on success.
    std::string open(const WireTopology& topology);

    /// Conditions of one direction, or of every direction.
    void setConditions(int from, int to, const WireConditions& conditions);
    void setConditions(const WireConditions& conditions);
    /// Seeds loss and reordering: the same seed and the same frames give the same fates.
    void setSeed(std::uint64_t seed) { random_ = SeededRandom(seed); }

    /// Drops the next frame that matches (once), e.g. the next FIN from host 1.
    void dropNext(const FrameMatch& match);
    /// From now on, frames that match stay on the wire until released.
    void hold(const FrameMatch& match = {});
    /// No new frames are held (those already held stay held).
    void stopHolding();
    /// Delivers every held frame, in the order they arrived, in one go
    /// (their remaining delay, if any, still applies).
    void releaseHeld();
    /// Delivers (or drops) one held frame; false if it is not held.
    bool release(std::uint64_t id);
    bool dropHeld(std::uint64_t id);

    /// Waits for frames and due deliveries for at most waitNs, handles
    /// everything that is ready, and returns. Returns true if one of
    /// `wakeFds` became readable (the caller's own events).
    bool pollOnce(std::int64_t waitNs, const std::vector<int>& wakeFds = {});
    /// Runs the wire until done() holds or timeoutMs passes; done() is asked
    /// after every round and at least every recheckNs, because kernel state
    /// (a socket's TCP state) changes without any descriptor to wait on.
    bool runUntil(const std::function<bool()>& done, std::int64_t timeoutMs, std::int64_t recheckNs = 1'000'000);

    /// The capture: every frame seen so far, in order of arrival (frames()[id-1]).
    const std::vector<WireFrame>& frames() const { return frames_; }
    std::size_t heldCount() const { return held_.size(); }
    /// Ids of the frames held now, in arrival order.
    std::vector<std::uint64_t> heldIds() const;
    std::size_t inFlightCount() const { return queue_.size(); }
    /// Told of every frame when it arrives and again when its fate changes.
    void setObserver(std::function<void(const WireFrame&)> observer) { observer_ = std::move(observer); }
    /// Last socket error (a failed read or send); "" when none.
    const std::string& error() const { return error_; }

private:
    struct Port {
        int fd = -1;
        int ifindex = 0;
        MacAddress hostMac{};
    };
    struct Direction {
        WireConditions conditions;
        std::int64_t linkFreeMono = 0;   ///< rate limit: when the link finishes the previous frame
        std::int64_t lastDueMono = 0;    ///< due time of the last frame scheduled in order
    };

    void readPort(int port);
    void admit(int from, int to, const std::uint8_t* data, std::size_t len, std::int64_t sentNs, std::int64_t arrivalMono);
    void schedule(std::size_t index, std::int64_t earliestMono);
    void deliverDue();
    void deliver(std::size_t index);
    void setFate(std::size_t index, WireFate fate, std::string why = {});
    Direction& direction(int from, int to);
    std::int64_t nextDueMono() const;

    std::vector<Port> ports_;
    std::vector<Direction> directions_;          ///< from * ports + to
    std::vector<WireFrame> frames_;
    std::vector<std::int64_t> arrivalMono_;      ///< per frame: when it reached the relay (monotonic)
    std::multimap<std::int64_t, std::size_t> queue_;   ///< release time (monotonic) -> frame; FIFO on ties
    std::vector<std::size_t> held_;
    std::vector<FrameMatch> holds_;
    std::vector<FrameMatch> dropNext_;
    SeededRandom random_;
    std::function<void(const WireFrame&)> observer_;
    std::string error_;
};

} // namespace finscope
