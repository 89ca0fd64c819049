// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <string>
#include <sys/socket.h>

namespace finscope {

/// "127.0.0.1:5000", "[::1]:5000"; "" for an address that is not inet.
std::string formatAddress(const sockaddr_storage& ss);

/// A descriptor's own and its peer's address as formatAddress() writes them;
/// "" when the descriptor is not an inet socket or has no peer. Never
/// changes errno: they are bookkeeping, not calls of the scenario.
std::string localAddress(int fd);
std::string remoteAddress(int fd);

/// Turns a scenario's `5000`, `"127.0.0.1:5000"` or `"[::1]:5000"` into the
/// socket address the kernel is given: shifted by the port shift, and on a
/// wire run with this host's wire addresses (CallExecutor::setPortShift,
/// setWireAddresses). `remote`: the address is a peer's (connect), not the
/// socket's own (bind). False for text that is no address.
bool scenarioAddress(const Value* v, int family, sockaddr_storage& ss, socklen_t& len, bool remote = false);

} // namespace finscope
