// SPDX-License-Identifier: MIT
#pragma once

#include "core/wire/netnamespace.h"

#include <string>

namespace finscope {

/// Puts the calling thread into a network namespace for the lifetime of the
/// scope and takes it back afterwards. Sockets remember the namespace they
/// were made in, so this is how the runner opens a netlink, packet or TCP
/// socket "inside" a host without a process living there.
class NetnsScope {
public:
    explicit NetnsScope(const NetNamespace& target);
    ~NetnsScope();
    NetnsScope(const NetnsScope&) = delete;
    NetnsScope& operator=(const NetnsScope&) = delete;

    /// "" when the thread is inside the target namespace.
    const std::string& error() const { return error_; }

private:
    NetNamespace home_;
    std::string error_;
};

} // namespace finscope
