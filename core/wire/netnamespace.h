// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace finscope {

/// One network namespace, held open by a descriptor: it lives as long as
/// this object (or a process inside it) does, so a wire's namespaces vanish
/// with the runner and never outlive a run. Move-only.
class NetNamespace {
public:
    NetNamespace() = default;
    ~NetNamespace();
    NetNamespace(NetNamespace&& other) noexcept;
    NetNamespace& operator=(NetNamespace&& other) noexcept;
    NetNamespace(const NetNamespace&) = delete;
    NetNamespace& operator=(const NetNamespace&) = delete;

    /// A new, empty network namespace, created without leaving the caller's:
    /// unshare(CLONE_NEWNET), keep a descriptor to it, setns() back. Needs
    /// CAP_SYS_ADMIN in the caller's user namespace (the runner's sandbox
    /// has it). On failure the result is invalid and `error` says why.
    static NetNamespace create(std::string& error);
    /// The calling thread's current network namespace.
    static NetNamespace current(std::string& error);

    bool valid() const { return fd_ >= 0; }
    int fd() const { return fd_; }
    /// Moves the calling thread into this namespace for good (a forked
    /// endpoint does this once). "" on success, else why not.
    std::string enter() const;

private:
    explicit NetNamespace(int fd) : fd_(fd) {}
    int fd_ = -1;
};

} // namespace finscope
