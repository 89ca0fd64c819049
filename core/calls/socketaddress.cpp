// SPDX-License-Identifier: MIT
// Socket addresses between the scenario's text and the kernel: the ports a
// scenario names become real ones here, and the addresses a call returns
// become text for the trace.
#include "core/calls/socketaddress.h"

#include "core/callexecutor.h"
#include "core/inetaddress.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <netinet/in.h>

namespace finscope {
namespace {

int g_portShift = 0;

/// Wire runs only (see CallExecutor::setWireAddresses).
struct WireAddresses {
    bool active = false;
    std::string own;
    std::map<int, std::string> byPort;
    std::string other;
};
WireAddresses g_wire;

std::string addressOf(int fd, bool peer) {
    int saved = errno;  // bookkeeping must never disturb the program's errno
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                 : ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    errno = saved;
    return r == 0 ? formatAddress(ss) : "";
}

} // namespace

void CallExecutor::setPortShift(int shift) { g_portShift = shift; }

void CallExecutor::setWireAddresses(std::string ownHost, std::map<int, std::string> hostByPort, std::string otherHost) {
    g_wire = {true, std::move(ownHost), std::move(hostByPort), std::move(otherHost)};
}

std::string formatAddress(const sockaddr_storage& ss) {
    if (ss.ss_family == AF_INET) {
        const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
        return hostPort(inetText(AF_INET, &a->sin_addr), ntohs(a->sin_port));
    }
    if (ss.ss_family == AF_INET6) {
        const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
        return hostPort(inetText(AF_INET6, &a->sin6_addr), ntohs(a->sin6_port));
    }
    return "";
}

std::string localAddress(int fd) { return addressOf(fd, false); }
std::string remoteAddress(int fd) { return addressOf(fd, true); }

bool scenarioAddress(const Value* v, int family, sockaddr_storage& ss, socklen_t& len, bool remote) {
    std::string host = family == AF_INET6 ? "::1" : "127.0.0.1";
    long port = 5000;
    if (v && v->kind == Value::Kind::Integer) port = static_cast<long>(v->integer);
    if (v && v->kind == Value::Kind::String) {
        const std::string& t = v->text;
        auto colon = t.rfind(':');
        if (colon == std::string::npos) return false;
        host = t.substr(0, colon);
        if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
        port = std::strtol(t.c_str() + colon + 1, nullptr, 10);
    }
    if (g_wire.active && host == "127.0.0.1") {
        auto it = g_wire.byPort.find(static_cast<int>(port));
        host = !remote ? g_wire.own : it != g_wire.byPort.end() ? it->second : g_wire.other;
    }
    if (port != 0) port += g_portShift;
    ss = {};
    if (host.find(':') != std::string::npos) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons(static_cast<std::uint16_t>(port));
        if (::inet_pton(AF_INET6, host.c_str(), &a->sin6_addr) != 1) return false;
        len = sizeof(sockaddr_in6);
    } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&ss);
        a->sin_family = AF_INET;
        a->sin_port = htons(static_cast<std::uint16_t>(port));
        if (::inet_pton(AF_INET, host.c_str(), &a->sin_addr) != 1) return false;
        len = sizeof(sockaddr_in);
    }
    return true;
}

} // namespace finscope
