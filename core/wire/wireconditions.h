// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace finscope {

/// What one direction of the wire does to frames. All zero: a perfect,
/// instant wire (the relay still stamps every frame).
struct WireConditions {
    std::int64_t delayNs = 0;            ///< one-way delay, added to each frame's arrival time
    double lossRate = 0.0;               ///< 0..1, drawn from the relay's seeded generator
    double reorderRate = 0.0;            ///< 0..1: a frame picked is held back reorderGapNs longer,
    std::int64_t reorderGapNs = 0;       ///<   so that frames behind it overtake it
    std::uint64_t rateBitsPerSecond = 0; ///< serialisation rate limit; 0 unlimited
};

} // namespace finscope
