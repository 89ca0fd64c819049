// SPDX-License-Identifier: MIT
// TCP options as Linux sends them in a SYN, in data segments with SACK, and
// malformed ones (the parse stops, never reads past the end).
#include "core/tcpoptions.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

using namespace finscope;

TEST(TcpOptions, LinuxSyn) {
    // What a Linux SYN carries: MSS 65495, SACK-permitted, timestamps, NOP, window scale 7.
    const std::vector<std::uint8_t> o{2, 4, 0xFF, 0xD7, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7};
    const TcpOptions t = parseTcpOptions(o.data(), o.size());
    EXPECT_EQ(t.mss, 65495);
    EXPECT_EQ(t.windowScale, 7);
    EXPECT_TRUE(t.sackPermitted);
    EXPECT_EQ(t.tsval, 1U);
    EXPECT_EQ(t.tsecr, 0U);
    EXPECT_TRUE(t.sack.empty());
    EXPECT_EQ(parseWindowScale(o.data(), o.size()), 7);
}

TEST(TcpOptions, SackBlocks) {
    const std::vector<std::uint8_t> o{1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40};
    const TcpOptions t = parseTcpOptions(o.data(), o.size());
    EXPECT_EQ(t.sack, (std::vector<std::uint32_t>{10, 20, 30, 40}));
}

TEST(TcpOptions, ShiftAboveFourteenIsFourteen) {
    // RFC 7323 2.3: a shift above 14 is used as 14.
    const std::vector<std::uint8_t> o{3, 3, 20};
    EXPECT_EQ(parseTcpOptions(o.data(), o.size()).windowScale, 14);
}

TEST(TcpOptions, MalformedStopsTheParse) {
    // MSS fine, then a length running past the end: MSS kept, nothing else.
    const std::vector<std::uint8_t> o{2, 4, 0x05, 0xB4, 8, 40, 0, 0};
    const TcpOptions t = parseTcpOptions(o.data(), o.size());
    EXPECT_EQ(t.mss, 1460);
    EXPECT_FALSE(t.tsval);
    // Length 0 or 1 would loop forever if trusted.
    const std::vector<std::uint8_t> zero{3, 0, 3, 3, 7};
    EXPECT_FALSE(parseTcpOptions(zero.data(), zero.size()).windowScale);
    const std::vector<std::uint8_t> lone{2};
    EXPECT_TRUE(parseTcpOptions(lone.data(), lone.size()).empty());
    EXPECT_TRUE(parseTcpOptions(nullptr, 10).empty());
    // End of options: nothing after it counts.
    const std::vector<std::uint8_t> end{0, 3, 3, 7};
    EXPECT_FALSE(parseTcpOptions(end.data(), end.size()).windowScale);
}
