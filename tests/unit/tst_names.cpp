// SPDX-License-Identifier: MIT
#include "core/names.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <fcntl.h>
#include <csignal>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

using namespace finscope::names;

TEST(Names, ErrnoRoundTrip) {
    EXPECT_EQ(errnoValue("EPIPE"), EPIPE);
    EXPECT_EQ(errnoValue("ECONNRESET"), ECONNRESET);
    EXPECT_EQ(errnoValue("EWOULDBLOCK"), EAGAIN);
    EXPECT_FALSE(errnoValue("epipe"));
    EXPECT_FALSE(errnoValue(""));
    EXPECT_EQ(errnoName(EPIPE), "EPIPE");
    EXPECT_EQ(errnoName(EAGAIN), "EAGAIN");
    EXPECT_EQ(errnoName(12345), "errno 12345");
    for (const auto& n : errnoNames()) EXPECT_EQ(errnoName(*errnoValue(n)) == n || n == "EWOULDBLOCK" || n == "ENOTSUP" || n == "EDEADLOCK", true) << n;
    EXPECT_GT(errnoNames().size(), 100u);  // all of glibc's, not a hand-copied subset
    EXPECT_EQ(errnoValue("EHWPOISON"), EHWPOISON);
    EXPECT_EQ(signalName(SIGWINCH), "SIGWINCH");
}

TEST(Names, ErrnoMeaningIsEnglish) {
    EXPECT_EQ(errnoMeaning(EPIPE), "Broken pipe");
    EXPECT_EQ(errnoMeaning(ECONNRESET), "Connection reset by peer");
    EXPECT_EQ(errnoMeaning(ECONNREFUSED), "Connection refused");
    EXPECT_EQ(errnoMeaning(EAGAIN), "Resource temporarily unavailable");
    EXPECT_EQ(errnoMeaning(9999), "Unknown error 9999");
}

TEST(Names, ErrnoManPage) {
    EXPECT_EQ(errnoManPage("write", EPIPE), "write(2)");
    EXPECT_EQ(errnoManPage("send", EPIPE), "send(2)");
    EXPECT_EQ(errnoManPage("recv", ECONNRESET), "recv(2)/tcp(7)");
    EXPECT_EQ(errnoManPage("connect", ECONNREFUSED), "connect(2)");
    EXPECT_EQ(errnoManPage("close", EBADF), "close(2)");
    EXPECT_EQ(errnoManPage("sleep", EINTR), "nanosleep(2)");
}

TEST(Names, Signals) {
    EXPECT_EQ(signalValue("SIGPIPE"), SIGPIPE);
    EXPECT_EQ(signalValue("SIGKILL"), SIGKILL);
    EXPECT_FALSE(signalValue("SIGFOO"));
    EXPECT_EQ(signalName(SIGPIPE), "SIGPIPE");
    EXPECT_EQ(signalName(SIGTERM), "SIGTERM");
    EXPECT_EQ(signalName(99), "signal 99");
}

TEST(Names, BitSets) {
    EXPECT_EQ(flagValue(FlagSet::MsgFlags, "MSG_NOSIGNAL"), MSG_NOSIGNAL);
    EXPECT_EQ(flagValue(FlagSet::MsgFlags, "MSG_NOSIGNAL|MSG_DONTWAIT"), MSG_NOSIGNAL | MSG_DONTWAIT);
    EXPECT_EQ(flagValue(FlagSet::MsgFlags, "0"), 0);
    EXPECT_FALSE(flagValue(FlagSet::MsgFlags, "MSG_NOSIGNAL|"));
    EXPECT_FALSE(flagValue(FlagSet::MsgFlags, "POLLIN"));
    EXPECT_EQ(flagValue(FlagSet::PollEvents, "POLLRDHUP|POLLIN"), POLLIN | POLLRDHUP);
    EXPECT_EQ(flagValue(FlagSet::EpollEvents, "EPOLLET"), static_cast<long>(static_cast<unsigned>(EPOLLET)));
    EXPECT_GT(*flagValue(FlagSet::EpollEvents, "EPOLLET"), 0);
}

TEST(Names, CanonicalOrder) {
    EXPECT_EQ(flagsToString(FlagSet::PollEvents, POLLRDHUP | POLLHUP | POLLIN), "POLLIN|POLLHUP|POLLRDHUP");
    EXPECT_EQ(flagsToString(FlagSet::PollEvents, 0), "0");
    EXPECT_EQ(flagsToString(FlagSet::PollEvents, POLLIN | 0x100000), "POLLIN|0x100000");
    EXPECT_EQ(flagsToString(FlagSet::EpollEvents, EPOLLIN | EPOLLRDHUP), "EPOLLIN|EPOLLRDHUP");
    EXPECT_EQ(flagsToString(FlagSet::MsgFlags, MSG_DONTWAIT | MSG_NOSIGNAL), "MSG_DONTWAIT|MSG_NOSIGNAL");
    for (auto set : {FlagSet::MsgFlags, FlagSet::PollEvents, FlagSet::EpollEvents})
        for (const auto& n : flagNames(set)) EXPECT_EQ(flagsToString(set, *flagValue(set, n)), n);
}

TEST(Names, SingleChoices) {
    EXPECT_EQ(flagValue(FlagSet::ShutHow, "SHUT_WR"), SHUT_WR);
    EXPECT_EQ(flagsToString(FlagSet::ShutHow, SHUT_RD), "SHUT_RD");
    EXPECT_EQ(flagsToString(FlagSet::ShutHow, 7), "7");
    EXPECT_FALSE(flagValue(FlagSet::ShutHow, "SHUT_RD|SHUT_WR"));
    EXPECT_EQ(flagValue(FlagSet::Family, "AF_INET6"), AF_INET6);
    EXPECT_EQ(flagValue(FlagSet::Family, "AF_UNIX"), AF_UNIX);
    EXPECT_EQ(flagValue(FlagSet::Signal, "SIGUSR1"), SIGUSR1);
    EXPECT_EQ(flagValue(FlagSet::SignalAction, "SIG_IGN"), kSigIgn);
    EXPECT_EQ(flagValue(FlagSet::SignalAction, "handler"), kSigHandler);
    EXPECT_EQ(flagsToString(FlagSet::SignalAction, kSigDfl), "SIG_DFL");
    EXPECT_EQ(flagValue(FlagSet::FcntlFlag, "O_NONBLOCK"), O_NONBLOCK);
    EXPECT_EQ(flagValue(FlagSet::FcntlFlag, "BLOCKING"), kBlocking);
}

TEST(Names, EveryDocumentedNameIsKnown) {
    const std::pair<FlagSet, std::vector<std::string>> documented[] = {
        {FlagSet::MsgFlags, {"MSG_NOSIGNAL", "MSG_DONTWAIT", "MSG_OOB", "MSG_MORE", "MSG_PEEK", "MSG_WAITALL"}},
        {FlagSet::PollEvents, {"POLLIN", "POLLOUT", "POLLRDHUP", "POLLPRI", "POLLERR", "POLLHUP", "POLLNVAL"}},
        {FlagSet::EpollEvents, {"EPOLLIN", "EPOLLOUT", "EPOLLRDHUP", "EPOLLPRI", "EPOLLERR", "EPOLLHUP", "EPOLLET"}},
        {FlagSet::ShutHow, {"SHUT_RD", "SHUT_WR", "SHUT_RDWR"}},
        {FlagSet::Family, {"AF_INET", "AF_INET6", "AF_UNIX"}},
        {FlagSet::Signal, {"SIGPIPE", "SIGINT", "SIGTERM", "SIGKILL", "SIGHUP", "SIGUSR1"}},
        {FlagSet::SignalAction, {"SIG_IGN", "SIG_DFL", "handler"}},
        {FlagSet::FcntlFlag, {"O_NONBLOCK", "BLOCKING"}},
    };
    for (const auto& [set, list] : documented)
        for (const auto& n : list) EXPECT_TRUE(flagValue(set, n)) << n;
}

TEST(Names, SocketOptions) {
    const auto linger = sockOpt("SO_LINGER");
    ASSERT_TRUE(linger);
    EXPECT_EQ(linger->level, SOL_SOCKET);
    EXPECT_EQ(linger->name, SO_LINGER);
    EXPECT_EQ(linger->kind, SockOptInfo::ValueKind::Linger);
    const auto nodelay = sockOpt("TCP_NODELAY");
    ASSERT_TRUE(nodelay);
    EXPECT_EQ(nodelay->level, IPPROTO_TCP);
    EXPECT_EQ(nodelay->name, TCP_NODELAY);
    EXPECT_EQ(nodelay->kind, SockOptInfo::ValueKind::Int);
    EXPECT_FALSE(sockOpt("SO_LINGERR"));
    const auto userTimeout = sockOpt("TCP_USER_TIMEOUT");
    ASSERT_TRUE(userTimeout);
    EXPECT_EQ(userTimeout->level, IPPROTO_TCP);
    EXPECT_EQ(userTimeout->name, TCP_USER_TIMEOUT);
    for (const char* k : {"TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "SO_KEEPALIVE"}) EXPECT_TRUE(sockOpt(k)) << k;
    EXPECT_EQ(sockOptNames().size(), 14u);
    for (const auto& n : sockOptNames()) EXPECT_EQ(sockOpt(n)->canonical, n);
}

TEST(Names, Suggest) {
    EXPECT_EQ(suggest("MSG_NOSIGNALL", flagNames(FlagSet::MsgFlags)), "MSG_NOSIGNAL");
    EXPECT_EQ(suggest("POLLINN", flagNames(FlagSet::PollEvents)), "POLLIN");
    EXPECT_EQ(suggest("wirte", {"write", "read", "close"}), "write");
    EXPECT_EQ(suggest("epipe", errnoNames()), "EPIPE");
    EXPECT_EQ(suggest("banana", {"write", "read", "close"}), "");
    EXPECT_EQ(suggest("", {"write"}), "");
    EXPECT_EQ(suggest(std::string(1000, 'x'), {"write"}), "");
}
