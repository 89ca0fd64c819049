// SPDX-License-Identifier: MIT
// The capture's packet socket on the real kernel: each frame once, whole,
// in order, and stamped by the kernel when it passed, not when it was read.
#include "core/clock.h"
#include "core/packetcapture.h"
#include "core/sandbox.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/dlt.h>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {
namespace {

/// The sandbox is entered once, while the test program is single-threaded.
const std::string& sandboxNote() {
    static const std::string note = [] {
        const SandboxResult r = enterSandbox();
        return r.mode == "namespace" ? std::string() : (r.note.empty() ? std::string("no namespace") : r.note);
    }();
    return note;
}

class CaptureTest : public ::testing::Test {
protected:
    void SetUp() override {
        if (!sandboxNote().empty()) GTEST_SKIP() << "needs a private network namespace: " << sandboxNote();
        std::string error;
        ASSERT_TRUE(capture.open("lo", error)) << error;
    }
    PacketCapture capture;
};

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

TEST_F(CaptureTest, HandshakeIsCapturedOnceInOrderStampedWhenItPassed) {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener, 0);
    sockaddr_in at = loopback(5000);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(client, 0);

    // On loopback the whole handshake happens inside connect().
    const std::int64_t before = realtimeNs();
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    const std::int64_t after = realtimeNs();

    // Read only now: a stamp taken when the frame is read would be later
    // than `after`.
    std::vector<TcpSegment> segments;
    ASSERT_TRUE(capture.flush(segments));
    ASSERT_EQ(segments.size(), 3U) << "each frame once (the loopback passes it twice: out and in)";
    EXPECT_EQ(segments[0].flags, tcpflag::SYN);
    EXPECT_EQ(segments[1].flags, tcpflag::SYN | tcpflag::ACK);
    EXPECT_EQ(segments[2].flags, tcpflag::ACK);
    EXPECT_EQ(segments[0].dstPort, 5000);
    EXPECT_EQ(segments[1].srcPort, 5000);
    for (const TcpSegment& s : segments) {
        EXPECT_GE(s.tNs, before);
        EXPECT_LE(s.tNs, after) << "stamped when read, not when it passed";
        EXPECT_EQ(s.linkType, DLT_EN10MB);
        EXPECT_EQ(s.frameLen, s.frame.size()) << "a handshake frame is captured whole";
    }
    EXPECT_LE(segments[0].tNs, segments[1].tNs);
    EXPECT_LE(segments[1].tNs, segments[2].tNs);
    EXPECT_EQ(capture.untimed(), 0U);
    EXPECT_EQ(capture.delivered(), 3U);
    EXPECT_EQ(capture.drops(), 0U);
    ::close(client);
    ::close(listener);
}

TEST_F(CaptureTest, DataIsCapturedWhole) {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in at = loopback(5001);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    const int client = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_EQ(::connect(client, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
    const int server = ::accept(listener, nullptr, nullptr);
    ASSERT_GE(server, 0);
    const std::string data(100'000, 'd');
    ASSERT_EQ(::write(client, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    std::vector<TcpSegment> segments;
    ASSERT_TRUE(capture.flush(segments));
    std::uint64_t carried = 0;
    for (const TcpSegment& s : segments) {
        if (s.dstPort == 5001) carried += s.payloadLen;
        EXPECT_EQ(s.frameLen, s.frame.size());
    }
    EXPECT_EQ(capture.drops(), 0U);
    EXPECT_EQ(carried, data.size()) << "every byte written is in a captured segment";
    EXPECT_EQ(capture.untimed(), 0U);
    ::close(server);
    ::close(client);
    ::close(listener);
}

} // namespace
} // namespace finscope
