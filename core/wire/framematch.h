// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace finscope {

struct WireFrame;

/// Which frames a wire rule (hold, drop next) applies to. The default
/// matches every frame.
struct FrameMatch {
    int from = -1;               ///< sending host, -1 any
    int to = -1;                 ///< receiving host, -1 any
    std::uint8_t flags = 0;      ///< TCP flag bits that must all be set (tcpflag::FIN ...); 0: any frame

    bool matches(const WireFrame& frame) const;
    /// "from=0, flags=F" style, for the record's `why`.
    std::string describe() const;
};

} // namespace finscope
