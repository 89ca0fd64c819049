// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace finscope {

/// An IPv4 or IPv6 address as text ("127.0.0.1", "::1"); "" if `family` is
/// neither. `addr` points at the address in network byte order.
std::string inetText(int family, const void* addr);

/// "127.0.0.1:5000" or "[::1]:5000". The endpoints, the packet decoder and
/// the sock_diag sampler all spell addresses with this, because the socket
/// directory matches sockets across the three by these strings.
std::string hostPort(const std::string& host, std::uint16_t port);

} // namespace finscope
