// SPDX-License-Identifier: MIT
#include "core/loopbackguard.h"

#include "core/scenarioparser.h"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace finscope {

std::string refusedAddress(const Step& step) {
    if (step.call != "bind" && step.call != "connect" && step.call != "listen") return "";
    const Value* v = findArg(step, "port");
    if (!v || v->kind != Value::Kind::String) return "";
    return refusedAddress(v->text);
}

std::string refusedAddress(const std::string& text) {
    auto colon = text.rfind(':');
    std::string host = colon == std::string::npos ? text : text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    in_addr v4{};
    in6_addr v6{};
    if (::inet_pton(AF_INET, host.c_str(), &v4) == 1) {
        if ((ntohl(v4.s_addr) >> 24) == 127) return "";
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
        if (IN6_IS_ADDR_LOOPBACK(&v6)) return "";
    } else {
        return "'" + host + "' is not an IP address";
    }
    return "'" + host + "' is not a loopback address: scenarios reach 127.0.0.0/8 and ::1 only";
}

} // namespace finscope
