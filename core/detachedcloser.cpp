// SPDX-License-Identifier: MIT
#include "core/detachedcloser.h"

#include <cerrno>
#include <cstring>
#include <linux/close_range.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace finscope {
namespace {

/// The holder: keeps every descriptor it is sent until the other end of
/// `channel` closes (the caller released it, or died), then exits, and the
/// kernel closes them. Async-signal-safe calls only: the caller may have
/// threads.
[[noreturn]] void holderMain(int channel) {
    // Out of the terminal's foreground group: a Ctrl+C meant for the run
    // must not end the holder early (the run would then pay the close).
    ::setpgid(0, 0);
    if (channel != 3) {
        ::dup2(channel, 3);
        channel = 3;
    }
    ::syscall(SYS_close_range, 0U, 2U, 0U);
    ::syscall(SYS_close_range, 4U, ~0U, 0U);
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 16)];
    for (;;) {
        char byte = 0;
        iovec iov{&byte, 1};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n = ::recvmsg(channel, &msg, MSG_CMSG_CLOEXEC);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;  // released: the descriptors received are closed by _exit
    }
    ::_exit(0);
}

} // namespace

DetachedCloser::~DetachedCloser() { release(); }

bool DetachedCloser::start() {
    if (m_channel >= 0) return true;
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) return false;
    // Forked twice, so that the holder is never this process's child: its
    // exit, a grace period after ours, needs nobody here to wait for it.
    pid_t middle = ::fork();
    if (middle == 0) {
        ::close(pair[0]);
        pid_t holder = ::fork();
        if (holder == 0) holderMain(pair[1]);
        ::_exit(holder < 0 ? 1 : 0);
    }
    ::close(pair[1]);
    int status = 0;
    while (middle > 0 && ::waitpid(middle, &status, 0) < 0 && errno == EINTR) {
    }
    if (middle < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ::close(pair[0]);
        return false;
    }
    m_channel = pair[0];
    return true;
}

bool DetachedCloser::hold(int fd) {
    if (m_channel < 0 || fd < 0) return false;
    char byte = 0;
    iovec iov{&byte, 1};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof(int));
    ssize_t n = 0;
    do {
        n = ::sendmsg(m_channel, &msg, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n == 1;
}

void DetachedCloser::release() {
    if (m_channel < 0) return;
    ::close(m_channel);
    m_channel = -1;
}

} // namespace finscope
