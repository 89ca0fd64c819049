// SPDX-License-Identifier: MIT
#include "core/scenario/callspec.h"

#include "core/scenario/parsetext.h"

#include <algorithm>
#include <arpa/inet.h>

namespace finscope::fsc {

const std::vector<CallSpec>& callSpecs() {
    using A = ArgKind;
    static const std::vector<CallSpec> specs = {
        {"socket", FdUse::None, {"sockfd"}, {{"family", A::InetFamily, false}, {"flags", A::SockFlags, false}}},
        {"listen", FdUse::OnlyIfWritten, {"listenfd"}, {{"port", A::Port, false}, {"backlog", A::Backlog, false}}},
        {"bind", FdUse::Current, {}, {{"port", A::Address, true}}},
        {"connect", FdUse::OnlyIfWritten, {"sockfd"}, {{"port", A::Address, false}}},
        {"accept", FdUse::Listening, {"connfd"}, {}},
        {"close", FdUse::Current, {}, {}},
        {"shutdown", FdUse::Current, {}, {{"how", A::Shut, true}}},
        {"write", FdUse::Current, {}, {{"data", A::Data, true}}},
        {"send", FdUse::Current, {}, {{"data", A::Data, true}, {"flags", A::SendFlags, false}}},
        {"read", FdUse::Current, {}, {{"count", A::Count, false}}},
        {"recv", FdUse::Current, {}, {{"count", A::Count, false}, {"flags", A::RecvFlags, false}}},
        {"setsockopt", FdUse::Current, {}, {{"option", A::Option, true}}},
        {"getsockopt", FdUse::Current, {}, {{"option", A::Option, true}}},
        {"fcntl", FdUse::Current, {}, {{"flag", A::Fcntl, true}}},
        {"poll", FdUse::Current, {}, {{"events", A::PollEvents, true}, {"timeout", A::Timeout, false}}},
        {"epoll_wait", FdUse::Current, {}, {{"events", A::EpollEvents, true}, {"timeout", A::Timeout, false}}},
        {"signal", FdUse::None, {}, {{"sig", A::Signal, true}, {"action", A::Action, true}}},
        {"sleep", FdUse::None, {}, {{"seconds", A::Seconds, true}}},  // as in C: seconds
        {"usleep", FdUse::None, {}, {{"us", A::Micros, true}}},
        {"socketpair", FdUse::None, {"sv0", "sv1"}, {{"family", A::UnixFamily, false}}},
        {"pipe", FdUse::None, {"rfd", "wfd"}, {}},
        {"fork", FdUse::None, {}, {}},
        {"exit", FdUse::None, {}, {{"status", A::Status, false}}},
        {"kill", FdUse::None, {}, {{"sig", A::Signal, true}}},
    };
    return specs;
}

const CallSpec* findCall(std::string_view name) {
    for (const auto& s : callSpecs())
        if (name == s.name) return &s;
    return nullptr;
}

std::vector<std::string> callNames() {
    std::vector<std::string> out;
    for (const auto& s : callSpecs()) out.emplace_back(s.name);
    return out;
}

/// The option written as the first argument of setsockopt(), if known.
std::optional<names::SockOptInfo> optionOf(const std::vector<Value>& args) {
    for (const auto& v : args)
        if ((v.key.empty() || v.key == "option") && v.kind == Value::Kind::Names && v.names.size() == 1)
            return names::sockOpt(v.names[0]);
    return std::nullopt;
}

bool firstPositionalIsName(const std::vector<Value>& args) {
    for (const auto& v : args)
        if (v.key.empty()) return v.kind == Value::Kind::Names;
    return false;
}

bool isDisconnect(const std::vector<Value>& args) {
    for (const auto& v : args)
        if ((v.key.empty() || v.key == "family") && v.isName("AF_UNSPEC")) return true;
    return false;
}

/// The parameters of a call once its descriptor is known, in positional order.
std::vector<Param> paramsOf(const CallSpec& spec, bool fdWritten, const std::vector<Value>& args) {
    std::vector<Param> params = spec.params;
    const std::string_view name = spec.name;
    if (name == "listen" && fdWritten) params = {{"backlog", ArgKind::Backlog, false}};
    // listen(AF_INET6) and connect(AF_INET6, 5000) make an IPv6 socket: the
    // family, when given, comes first, so that a bare number stays the port.
    if ((name == "listen" || name == "connect") && !fdWritten && firstPositionalIsName(args))
        params.insert(params.begin(), {"family", ArgKind::InetFamily, false});
    // connect(fd, AF_UNSPEC) takes a family instead of an address.
    if (name == "connect" && fdWritten && firstPositionalIsName(args))
        params = {{"family", ArgKind::UnspecFamily, false}};
    // socket(SOCK_NONBLOCK): the type flags may come without a family.
    if (name == "socket" && firstPositionalIsName(args)) {
        for (const auto& v : args)
            if (v.key.empty()) {
                if (v.names[0].rfind("SOCK_", 0) == 0) params = {{"flags", ArgKind::SockFlags, false}};
                break;
            }
    }
    if (name == "setsockopt") {
        const auto opt = optionOf(args);
        if (opt && opt->kind == names::SockOptInfo::ValueKind::Linger) {
            params.push_back({"on", ArgKind::OnOff, true});
            params.push_back({"linger", ArgKind::IntValue, true});
        } else {
            params.push_back({"value", ArgKind::IntValue, true});
        }
    }
    return params;
}

bool definesSomething(const CallSpec& spec, bool fdWritten) {
    const std::string_view name = spec.name;
    if (name == "fork") return true;
    if (spec.fd == FdUse::OnlyIfWritten && fdWritten) return false;
    return !spec.defaults.empty();
}

std::optional<FlagKind> flagKind(ArgKind k) {
    using F = names::FlagSet;
    switch (k) {
    case ArgKind::InetFamily: return FlagKind{F::Family, "address family", {"AF_INET", "AF_INET6"}};
    case ArgKind::UnixFamily: return FlagKind{F::Family, "address family", {"AF_UNIX"}};
    case ArgKind::UnspecFamily: return FlagKind{F::Family, "address family", {"AF_UNSPEC"}};
    case ArgKind::SockFlags: return FlagKind{F::SockFlags, "socket type flag", {}};
    case ArgKind::Shut: return FlagKind{F::ShutHow, "shutdown mode", {}};
    case ArgKind::SendFlags:
        return FlagKind{F::MsgFlags, "flag", {"MSG_NOSIGNAL", "MSG_DONTWAIT", "MSG_OOB", "MSG_MORE"}};
    case ArgKind::RecvFlags: return FlagKind{F::MsgFlags, "flag", {"MSG_PEEK", "MSG_DONTWAIT", "MSG_WAITALL", "MSG_OOB"}};
    case ArgKind::Fcntl: return FlagKind{F::FcntlFlag, "fcntl flag", {}};
    case ArgKind::PollEvents: return FlagKind{F::PollEvents, "poll event", {}};
    case ArgKind::EpollEvents: return FlagKind{F::EpollEvents, "epoll event", {}};
    case ArgKind::Signal: return FlagKind{F::Signal, "signal", {}};
    case ArgKind::Action: return FlagKind{F::SignalAction, "signal action", {}};
    default: return std::nullopt;
    }
}

bool isBitSet(names::FlagSet s) {
    return s == names::FlagSet::MsgFlags || s == names::FlagSet::PollEvents || s == names::FlagSet::EpollEvents ||
           s == names::FlagSet::SockFlags;
}

std::vector<std::string> allowedNames(const FlagKind& fk) {
    return fk.allowed.empty() ? names::flagNames(fk.set) : fk.allowed;
}

/// The names a parameter of this kind accepts, empty when it takes no names.
std::vector<std::string> candidatesFor(ArgKind k) {
    if (k == ArgKind::Option) return names::sockOptNames();
    if (const auto fk = flagKind(k)) return allowedNames(*fk);
    return {};
}

/// A C name of any vocabulary: never a descriptor the author forgot to define.
bool isKnownConstant(const std::string& name) {
    using F = names::FlagSet;
    for (F set : {F::MsgFlags, F::PollEvents, F::EpollEvents, F::ShutHow, F::Family, F::Signal, F::SignalAction,
                  F::FcntlFlag, F::SockFlags})
        if (names::flagValue(set, name) && name != "0") return true;
    return names::sockOpt(name) || names::signalValue(name) || names::errnoValue(name);
}

bool validAddress(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) return false;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        in6_addr a6{};
        if (inet_pton(AF_INET6, host.c_str(), &a6) != 1) return false;
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos) return false;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        in_addr a4{};
        if (inet_pton(AF_INET, host.c_str(), &a4) != 1) return false;
    }
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), isDigit)) return false;
    const int p = std::stoi(port);
    return p >= 1 && p <= 65535;
}

} // namespace finscope::fsc
