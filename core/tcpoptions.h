// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

/// The TCP options that explain a teardown: MSS, window scale (the window
/// field is meaningless without it), SACK and timestamps (RFC 9293, 7323,
/// 2018). Untrusted bytes: never reads beyond the given length.
namespace finscope {

struct TcpOptions {
    std::optional<std::uint16_t> mss;           ///< maximum segment size (SYN only)
    std::optional<std::uint8_t> windowScale;    ///< shift count announced (SYN only), capped at 14 as RFC 7323 says
    bool sackPermitted = false;                 ///< SACK-permitted (SYN only)
    std::vector<std::uint32_t> sack;            ///< SACK blocks, absolute: left, right, left, right...
    std::optional<std::uint32_t> tsval;         ///< timestamp value
    std::optional<std::uint32_t> tsecr;         ///< timestamp echo reply

    bool empty() const { return !mss && !windowScale && !sackPermitted && sack.empty() && !tsval; }
};

/// Parses the option bytes between the 20-byte TCP header and the payload.
/// A malformed option ends the parse; what came before it is kept.
TcpOptions parseTcpOptions(const std::uint8_t* p, std::size_t len);

/// Only the window scale shift, for a fast pass over a big capture.
std::optional<std::uint8_t> parseWindowScale(const std::uint8_t* p, std::size_t len);

} // namespace finscope
