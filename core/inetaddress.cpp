// SPDX-License-Identifier: MIT
#include "core/inetaddress.h"

#include <arpa/inet.h>

namespace finscope {

std::string inetText(int family, const void* addr) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (::inet_ntop(family, addr, buf, sizeof buf) == nullptr) return {};
    return buf;
}

std::string hostPort(const std::string& host, std::uint16_t port) {
    bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

} // namespace finscope
