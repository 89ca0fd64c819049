// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <ctime>

namespace finscope {

/// CLOCK_REALTIME in nanoseconds: the clock the kernel stamps captured
/// packets with, so that syscalls and packets share one time axis.
inline std::int64_t realtimeNs() {
    timespec ts{};
    ::clock_gettime(CLOCK_REALTIME, &ts);
    return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

/// CLOCK_MONOTONIC in milliseconds, for deadlines that must not jump.
inline std::int64_t monotonicMs() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1'000'000;
}

} // namespace finscope
