// SPDX-License-Identifier: MIT
#include "core/wire/netnamespace.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <utility>

namespace finscope {

namespace {

std::string errnoText(const char* what, int err) { return std::string(what) + ": " + std::strerror(err); }

// thread-self, not self: setns() and unshare(CLONE_NEWNET) act on the
// calling thread, and /proc/self names the thread group leader.
constexpr const char* kOwnNetns = "/proc/thread-self/ns/net";

} // namespace

NetNamespace::~NetNamespace()
{
    if (fd_ >= 0)
        ::close(fd_);
}

NetNamespace::NetNamespace(NetNamespace&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

NetNamespace& NetNamespace::operator=(NetNamespace&& other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

NetNamespace NetNamespace::current(std::string& error)
{
    int fd = ::open(kOwnNetns, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        error = errnoText("cannot open the current network namespace", errno);
    return NetNamespace(fd);
}

NetNamespace NetNamespace::create(std::string& error)
{
    NetNamespace home = current(error);
    if (!home.valid())
        return {};
    if (::unshare(CLONE_NEWNET) != 0) {
        error = errnoText("cannot create a network namespace (unshare CLONE_NEWNET)", errno);
        return {};
    }
    NetNamespace fresh = current(error);
    // Going home must not fail silently: the caller would go on configuring
    // the wrong namespace.
    if (std::string back = home.enter(); !back.empty()) {
        error = "cannot return to the runner's network namespace: " + back;
        return {};
    }
    return fresh;
}

std::string NetNamespace::enter() const
{
    if (fd_ < 0)
        return "no namespace";
    if (::setns(fd_, CLONE_NEWNET) != 0)
        return errnoText("setns", errno);
    return {};
}

} // namespace finscope
