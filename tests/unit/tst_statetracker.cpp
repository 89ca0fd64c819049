// SPDX-License-Identifier: MIT
#include "core/statetracker.h"

#include <gtest/gtest.h>

#include <netinet/tcp.h>

using namespace finscope;

namespace {

const std::string kClient = "127.0.0.1:40000";
const std::string kServer = "127.0.0.1:5000";

TcpSegment segment(const std::string& from, std::uint8_t flags, std::uint32_t seq, std::uint32_t ack,
                   std::int64_t t) {
    TcpSegment s;
    s.srcAddr = s.dstAddr = "127.0.0.1";
    s.srcPort = static_cast<std::uint16_t>(from == kClient ? 40000 : 5000);
    s.dstPort = static_cast<std::uint16_t>(from == kClient ? 5000 : 40000);
    s.flags = flags;
    s.seq = seq;
    s.ack = ack;
    s.tNs = t;
    return s;
}

SocketSample sock(const std::string& local, const std::string& remote, int state, std::uint64_t inode,
                    std::uint32_t recvQ = 0) {
    SocketSample s;
    s.local = local;
    s.remote = remote;
    s.state = state;
    s.inode = inode;
    s.recvQ = recvQ;
    return s;
}

SocketDirectory directory() {
    SocketDirectory d;
    d.learn("client", {"sockfd", 4, 11, kClient, kServer, false});
    d.learn("server", {"connfd", 5, 22, kServer, kClient, false});
    return d;
}

std::vector<std::string> states(const std::vector<StateTracker::Timed>& timed) {
    std::vector<std::string> out;
    for (const auto& t : timed)
        if (const auto* s = std::get_if<StateEvent>(&t.body)) out.push_back(s->local + " " + s->state);
    return out;
}

const std::vector<std::string> kOrder = {"server", "client"};

} // namespace

TEST(StateTracker, PacketComesFirstThenItsDerivedStates) {
    StateTracker tracker;
    auto dir = directory();
    tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11), sock(kServer, kClient, TCP_ESTABLISHED, 22)},
                     dir, kOrder);
    auto out = tracker.onSegment(segment(kClient, 0x11 /* FIN|ACK */, 1001, 2001, 5));
    ASSERT_FALSE(out.empty());
    EXPECT_TRUE(std::holds_alternative<PacketEvent>(out[0].body));
    EXPECT_EQ(std::get<PacketEvent>(out[0].body).flags, "F.");
    EXPECT_EQ(states(out), (std::vector<std::string>{kClient + " FIN_WAIT1"}))
        << "the receiver's state waits for its next segment (it may not have processed this one yet)";
    auto held = tracker.releaseDerived();
    EXPECT_EQ(states(held), (std::vector<std::string>{kServer + " CLOSE_WAIT"}));
    out.insert(out.end(), held.begin(), held.end());
    for (const auto& t : out) EXPECT_EQ(t.tNs, 5) << "derived states carry the time of their packet";
}

// Seen in fork-shared-socket compared with itself: FIN_WAIT1 -> FIN_WAIT2 ->
// FIN_WAIT1. The capture had the ACK (FIN_WAIT2 derived) while the client's
// TCP had not yet processed it, and a sample taken then said FIN_WAIT1.
TEST(StateTracker, ASampleOlderThanThePacketsAlreadyReadIsNotAStepBack) {
    StateTracker tracker;
    auto dir = directory();
    tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11), sock(kServer, kClient, TCP_ESTABLISHED, 22)},
                     dir, kOrder);
    tracker.onSegment(segment(kClient, 0x11 /* FIN|ACK */, 1001, 2001, 5));
    tracker.releaseDerived();
    auto acked = tracker.onSegment(segment(kServer, 0x10 /* ACK */, 2001, 1002, 6));
    acked = tracker.releaseDerived();
    EXPECT_EQ(states(acked), (std::vector<std::string>{kClient + " FIN_WAIT2"}));
    // The stale sample: nothing goes back to FIN_WAIT1.
    EXPECT_TRUE(tracker.onSample({sock(kClient, kServer, TCP_FIN_WAIT1, 11), sock(kServer, kClient, TCP_CLOSE_WAIT, 22)},
                                 dir, kOrder)
                    .size() <= 1u);
    for (const auto& e : tracker.onSample({sock(kClient, kServer, TCP_FIN_WAIT2, 11), sock(kServer, kClient, TCP_CLOSE_WAIT, 22)},
                                          dir, kOrder))
        EXPECT_NE(e.state, "FIN_WAIT1");
    // The receiving TCP can lag 200 ms on a loaded machine: every sample in
    // that time is stale. Once the socket sends again it has caught up, and
    // the kernel's word is believed, whatever it says.
    StateTracker again;
    again.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11)}, dir, kOrder);
    again.onSegment(segment(kClient, 0x11, 1001, 2001, 5));
    again.releaseDerived();
    again.onSegment(segment(kServer, 0x10, 2001, 1002, 6));
    again.releaseDerived();
    EXPECT_TRUE(again.onSample({sock(kClient, kServer, TCP_FIN_WAIT1, 11)}, dir, kOrder).empty());
    EXPECT_TRUE(again.onSample({sock(kClient, kServer, TCP_FIN_WAIT1, 11)}, dir, kOrder).empty());
    again.onSegment(segment(kClient, 0x10, 1002, 2001, 7));
    auto believed = again.onSample({sock(kClient, kServer, TCP_FIN_WAIT1, 11)}, dir, kOrder);
    ASSERT_EQ(believed.size(), 1u);
    EXPECT_EQ(believed[0].state, "FIN_WAIT1");
}

TEST(StateTracker, SampleEmitsOnlyWhatChanged) {
    StateTracker tracker;
    auto dir = directory();
    auto first = tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11)}, dir, kOrder);
    ASSERT_EQ(first.size(), 1u);
    EXPECT_EQ(first[0].endpoint, "client");
    EXPECT_EQ(first[0].socket, "sockfd");
    EXPECT_EQ(first[0].source, "sampled");
    EXPECT_TRUE(tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11)}, dir, kOrder).empty());
    auto queued = tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11, 3)}, dir, kOrder);
    ASSERT_EQ(queued.size(), 1u);
    EXPECT_EQ(queued[0].recvQ, 3u);
}

TEST(StateTracker, SampleOrderFollowsEndpointsNotTheKernelsHashOrder) {
    StateTracker tracker;
    auto dir = directory();
    auto out = tracker.onSample({sock(kClient, kServer, TCP_ESTABLISHED, 11), sock(kServer, kClient, TCP_ESTABLISHED, 22)},
                                dir, kOrder);
    ASSERT_EQ(out.size(), 2u);
    EXPECT_EQ(out[0].endpoint, "server");
    EXPECT_EQ(out[1].endpoint, "client");
}

TEST(StateTracker, SocketGoneFromTheTablesIsClosedOnce) {
    StateTracker tracker;
    auto dir = directory();
    tracker.onSample({sock(kServer, kClient, TCP_LAST_ACK, 0)}, dir, kOrder);
    auto gone = tracker.onSample({}, dir, kOrder);
    ASSERT_EQ(gone.size(), 1u);
    EXPECT_EQ(gone[0].state, "CLOSE");
    EXPECT_EQ(gone[0].endpoint, "");  // resolved by the runner, which knows the owner by address
    EXPECT_TRUE(tracker.onSample({}, dir, kOrder).empty());
}

TEST(StateTracker, OrphanWhenNoDescriptorRefersToTheSocket) {
    StateTracker tracker;
    auto dir = directory();
    auto out = tracker.onSample({sock(kClient, kServer, TCP_FIN_WAIT2, 0)}, dir, kOrder);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_TRUE(out[0].orphan);
    EXPECT_EQ(out[0].socket, "sockfd") << "an orphan keeps the name it had, found by its addresses";
}
