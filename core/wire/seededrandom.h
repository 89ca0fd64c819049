// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

namespace finscope {

/// SplitMix64: tiny, fast, and the same sequence on every platform and
/// standard library for a given seed (std::bernoulli_distribution is not
/// specified bit for bit), so a wire's loss pattern repeats run after run.
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed = 1) : state_(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, 1), 53 bits.
    double nextUnit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

} // namespace finscope
