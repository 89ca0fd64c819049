// SPDX-License-Identifier: MIT
#include "core/socketdirectory.h"

#include <gtest/gtest.h>

using namespace finscope;

namespace {

const agent::Definition kConn{"connfd", 5, 77, "127.0.0.1:5000", "127.0.0.1:40000", false};
const agent::Definition kListen{"listenfd", 4, 66, "127.0.0.1:5000", "0.0.0.0:0", true};

std::string ownerOf(const SocketDirectory& d, std::uint64_t inode, const std::string& local, const std::string& remote) {
    auto o = d.find(inode, local, remote);
    return o ? o->endpoint + ":" + o->socket : "none";
}

} // namespace

TEST(SocketDirectory, ByInodeAndByAddressesAgree) {
    SocketDirectory d;
    d.learn("server", kConn);
    EXPECT_EQ(ownerOf(d, 77, "", ""), "server:connfd");
    EXPECT_EQ(ownerOf(d, 0, kConn.local, kConn.remote), "server:connfd") << "an orphan is found by its addresses";
}

TEST(SocketDirectory, SharedSocketBelongsToAProcessThatStillHoldsIt) {
    SocketDirectory d;
    d.learn("server", kConn);
    d.learn("worker", kConn);  // fork(): the worker holds the same socket
    EXPECT_EQ(ownerOf(d, 77, "", ""), "server:connfd");
    d.release("server", "connfd");
    EXPECT_EQ(ownerOf(d, 77, "", ""), "worker:connfd");
    EXPECT_EQ(ownerOf(d, 0, kConn.local, kConn.remote), "worker:connfd") << "inode and addresses must not disagree";
    d.releaseAll("worker");
    EXPECT_EQ(ownerOf(d, 0, kConn.local, kConn.remote), "worker:connfd") << "an orphan keeps its last owner";
}

TEST(SocketDirectory, ConnectionInTheAcceptQueueBelongsToTheListener) {
    SocketDirectory d;
    d.learn("server", kListen);
    EXPECT_EQ(ownerOf(d, 66, "", ""), "server:listenfd");
    EXPECT_EQ(ownerOf(d, 0, "127.0.0.1:5000", "127.0.0.1:41000"), "server:(accept queue of listenfd)");
}

TEST(SocketDirectory, FailedConnectIsKnownFromItsSyn) {
    SocketDirectory d;
    d.learnFromWire("client", "sockfd", "127.0.0.1:41234", "127.0.0.1:6000");
    EXPECT_EQ(ownerOf(d, 0, "127.0.0.1:41234", "127.0.0.1:6000"), "client:sockfd");
    EXPECT_EQ(d.endpointAt("127.0.0.1:41234"), "client");
    EXPECT_FALSE(d.endpointAt("127.0.0.1:6000").has_value());
}
