// SPDX-License-Identifier: MIT
#include "core/tcpoptions.h"

#include <algorithm>

namespace finscope {
namespace {

constexpr std::uint8_t kEnd = 0, kNop = 1, kMss = 2, kWindowScale = 3, kSackPermitted = 4, kSack = 5,
                       kTimestamps = 8;
constexpr std::uint8_t kMaxShift = 14;  // RFC 7323 2.3: larger shifts are used as 14

std::uint32_t be32(const std::uint8_t* p)
{
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

/// Walks the options, calling f(kind, value, valueLen) for each well-formed one.
template <class F> void forEachOption(const std::uint8_t* p, std::size_t len, F&& f)
{
    std::size_t i = 0;
    while (i < len) {
        const std::uint8_t kind = p[i];
        if (kind == kEnd)
            return;
        if (kind == kNop) {
            ++i;
            continue;
        }
        if (i + 1 >= len)
            return;
        const std::size_t optLen = p[i + 1];
        if (optLen < 2 || optLen > len - i)
            return;
        f(kind, p + i + 2, optLen - 2);
        i += optLen;
    }
}

} // namespace

TcpOptions parseTcpOptions(const std::uint8_t* p, std::size_t len)
{
    TcpOptions o;
    if (p == nullptr)
        return o;
    forEachOption(p, len, [&](std::uint8_t kind, const std::uint8_t* v, std::size_t n) {
        switch (kind) {
        case kMss:
            if (n == 2) o.mss = static_cast<std::uint16_t>((v[0] << 8) | v[1]);
            break;
        case kWindowScale:
            if (n == 1) o.windowScale = std::min(v[0], kMaxShift);
            break;
        case kSackPermitted:
            if (n == 0) o.sackPermitted = true;
            break;
        case kSack:
            if (n % 8 == 0)
                for (std::size_t b = 0; b < n; b += 4)
                    o.sack.push_back(be32(v + b));
            break;
        case kTimestamps:
            if (n == 8) {
                o.tsval = be32(v);
                o.tsecr = be32(v + 4);
            }
            break;
        default:
            break;
        }
    });
    return o;
}

std::optional<std::uint8_t> parseWindowScale(const std::uint8_t* p, std::size_t len)
{
    std::optional<std::uint8_t> shift;
    if (p == nullptr)
        return shift;
    forEachOption(p, len, [&](std::uint8_t kind, const std::uint8_t* v, std::size_t n) {
        if (kind == kWindowScale && n == 1) shift = std::min(v[0], kMaxShift);
    });
    return shift;
}

} // namespace finscope
