// SPDX-License-Identifier: MIT
#include "core/callexecutor.h"

#include "core/loopbackguard.h"

#include "core/clock.h"
#include "core/cquote.h"
#include "core/inetaddress.h"
#include "core/names.h"
#include "core/releasegate.h"
#include "core/scenarioparser.h"
#include "core/steploop.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace finscope {
namespace {

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

std::string addressOf(int fd, bool peer) {
    int saved = errno;  // bookkeeping must never disturb the program's errno
    sockaddr_storage ss{};
    socklen_t len = sizeof ss;
    int r = peer ? ::getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len)
                 : ::getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
    errno = saved;
    return r == 0 ? formatAddress(ss) : "";
}

int g_portShift = 0;

/// Wire runs only (see CallExecutor::setWireAddresses).
struct WireAddresses {
    bool active = false;
    std::string own;
    std::map<int, std::string> byPort;
    std::string other;
};
WireAddresses g_wire;

/// Parses `5000`, `"127.0.0.1:5000"`, `"[::1]:5000"` into a socket address;
/// `remote`: the address is a peer's (connect), not the socket's own (bind).
bool makeAddress(const Value* v, int family, sockaddr_storage& ss, socklen_t& len, bool remote = false) {
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

// Arguments are read by their documented names (docs/scenario-format.md),
// whether the author wrote them by position or as `name=value`.
std::int64_t intArg(const Step& s, const char* name, std::int64_t fallback) {
    const Value* v = findArg(s, name);
    return v && v->kind == Value::Kind::Integer ? v->integer : fallback;
}

long flagsArg(const Step& s, const char* name, names::FlagSet set, long fallback) {
    const Value* v = findArg(s, name);
    if (!v) return fallback;
    if (v->kind == Value::Kind::Integer) return static_cast<long>(v->integer);
    std::string joined;
    for (const auto& n : v->names) joined += (joined.empty() ? "" : "|") + n;
    return names::flagValue(set, joined).value_or(fallback);
}

std::string nameArg(const Step& s, const char* name, const std::string& fallback) {
    const Value* v = findArg(s, name);
    return v && v->kind == Value::Kind::Names && !v->names.empty() ? v->names[0] : fallback;
}

std::string payloadOf(const Value* v) {
    if (!v) return "";
    if (v->kind == Value::Kind::String) return v->text;
    std::string out(static_cast<std::size_t>(std::max<std::int64_t>(v->integer, 0)), '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>('a' + i % 26);
    return out;
}

volatile sig_atomic_t g_handledSignals = 0;
extern "C" void recordSignal(int) { g_handledSignals = g_handledSignals + 1; }

std::string dispositionOf(int sig) {
    struct sigaction sa{};
    ::sigaction(sig, nullptr, &sa);
    if (sa.sa_handler == SIG_IGN) return "ignore";
    if (sa.sa_handler == SIG_DFL) return "default";
    return "handler";
}

} // namespace

std::string localAddress(int fd) { return addressOf(fd, false); }

void CallExecutor::setPortShift(int shift) { g_portShift = shift; }
void CallExecutor::setWireAddresses(std::string ownHost, std::map<int, std::string> hostByPort, std::string otherHost) {
    g_wire = {true, std::move(ownHost), std::move(hostByPort), std::move(otherHost)};
}
std::string remoteAddress(int fd) { return addressOf(fd, true); }

/// One syscall about to be made: what the record and the live page show.
struct CallExecutor::Call {
    std::string name;
    std::string args;
    std::string socket;
    bool sleeping = false;
    std::int64_t waitMs = 0;  ///< how long a sleeping call may take by its own arguments
};

CallExecutor::CallExecutor(agent::LiveCall* live, ForkHook forkHook)
    : m_live(live), m_forkHook(std::move(forkHook)) {
    // SIGPIPE stays blocked while calls run, so that a call that raises it
    // can be recorded (sigpending) before its disposition acts; the agent
    // unblocks it right after, and the default action then kills for real.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    ::sigprocmask(SIG_BLOCK, &set, nullptr);
}

agent::CallRecord CallExecutor::run(Call& call, const std::function<long()>& syscall) {
    agent::CallRecord r;
    r.callId = (*m_nextCallId)++;
    r.call = call.name;
    r.args = call.args;
    r.socket = call.socket;
    std::snprintf(m_live->call, sizeof m_live->call, "%s", call.name.c_str());
    std::snprintf(m_live->args, sizeof m_live->args, "%s", call.args.c_str());
    std::snprintf(m_live->socket, sizeof m_live->socket, "%s", call.socket.c_str());
    m_live->sleeping = call.sleeping;
    m_live->waitMs = call.waitMs;
    m_live->line = m_line;
    r.tEnterNs = realtimeNs();
    m_live->tEnterNs = r.tEnterNs;
    __atomic_store_n(&m_live->inCall, r.callId, __ATOMIC_SEQ_CST);

    errno = m_errno;
    long ret = syscall();
    int after = errno;

    r.tExitNs = realtimeNs();
    __atomic_store_n(&m_live->inCall, 0, __ATOMIC_SEQ_CST);
    r.ret = ret;
    if (ret == -1) r.err = after;
    else if (after != 0) r.staleErrno = after;
    m_errno = after;

    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) {
        r.sigpipe = true;
        r.sigpipeDisposition = dispositionOf(SIGPIPE);
    }
    return r;
}

/// What the kernel says about a descriptor now: its inode ties it to
/// sock_diag samples, its addresses to packets and to its orphaned self.
agent::Definition CallExecutor::describe(const std::string& name, int fd, bool listening) {
    agent::Definition d;
    d.name = name;
    d.fd = fd;
    d.listening = listening;
    int saved = errno;  // bookkeeping must never disturb the program's errno
    struct stat st{};
    if (::fstat(fd, &st) == 0) d.inode = st.st_ino;
    errno = saved;
    d.local = localAddress(fd);
    d.remote = remoteAddress(fd);
    return d;
}

void CallExecutor::define(agent::CallRecord& record, const std::string& name, int fd, bool listening) {
    m_fds[name] = fd;
    m_listening[name] = listening;
    record.defined.push_back(describe(name, fd, listening));
}

int CallExecutor::fdOf(const Step& step) const {
    auto it = m_fds.find(step.fd);
    return it == m_fds.end() ? -1 : it->second;
}

std::vector<agent::Definition> CallExecutor::snapshot() const {
    std::vector<agent::Definition> out;
    for (const auto& [name, fd] : m_fds) {
        auto it = m_listening.find(name);
        out.push_back(describe(name, fd, it != m_listening.end() && it->second));
    }
    return out;
}

std::vector<agent::CallRecord> CallExecutor::execute(const Step& step, std::int64_t& nextCallId) {
    m_nextCallId = &nextCallId;
    m_line = step.pos.line;
    std::vector<agent::CallRecord> out;
    using Handler = void (CallExecutor::*)(const Step&, std::vector<agent::CallRecord>&);
    static const std::map<std::string, Handler> handlers = {
        {"socket", &CallExecutor::doSocket},         {"listen", &CallExecutor::doListen},
        {"bind", &CallExecutor::doBind},             {"connect", &CallExecutor::doConnect},
        {"accept", &CallExecutor::doAccept},         {"close", &CallExecutor::doClose},
        {"shutdown", &CallExecutor::doShutdown},     {"write", &CallExecutor::doWrite},
        {"send", &CallExecutor::doWrite},            {"read", &CallExecutor::doRead},
        {"recv", &CallExecutor::doRead},             {"setsockopt", &CallExecutor::doSetsockopt},
        {"getsockopt", &CallExecutor::doGetsockopt}, {"fcntl", &CallExecutor::doFcntl},
        {"poll", &CallExecutor::doPoll},             {"epoll_wait", &CallExecutor::doEpoll},
        {"signal", &CallExecutor::doSignal},         {"sleep", &CallExecutor::doSleep},
        {"usleep", &CallExecutor::doSleep},
        {"socketpair", &CallExecutor::doPair},       {"pipe", &CallExecutor::doPair},
        {"fork", &CallExecutor::doFork},             {"exit", &CallExecutor::doExit},
    };
    auto it = handlers.find(step.call);
    if (it == handlers.end()) return out;
    if (!refusedAddress(step).empty()) return out;  // defence in depth: the runner refuses such a step first
    if (step.together) ReleaseGate::shared().pass();  // prepared: wait for the others of the block
    if (step.repeat)
        return StepLoop::run(step, [&] {
            std::vector<agent::CallRecord> pass;
            (this->*(it->second))(step, pass);
            return pass;
        });
    (this->*(it->second))(step, out);
    return out;
}

void CallExecutor::doSocket(const Step& step, std::vector<agent::CallRecord>& out) {
    int family = static_cast<int>(flagsArg(step, "family", names::FlagSet::Family, AF_INET));
    int flags = static_cast<int>(flagsArg(step, "flags", names::FlagSet::SockFlags, 0));
    std::string type = flags ? "SOCK_STREAM|" + names::flagsToString(names::FlagSet::SockFlags, flags) : "SOCK_STREAM";
    Call c{"socket", std::string(family == AF_INET6 ? "AF_INET6, " : "AF_INET, ") + type + ", 0", ""};
    auto r = run(c, [&] { return ::socket(family, SOCK_STREAM | flags, 0); });
    if (*r.ret >= 0) define(r, step.results.empty() ? "sockfd" : step.results[0], static_cast<int>(*r.ret));
    out.push_back(r);
}

void CallExecutor::doListen(const Step& step, std::vector<agent::CallRecord>& out) {
    int backlog = static_cast<int>(intArg(step, "backlog", 16));
    int fd = fdOf(step);
    std::string name = step.fd;
    if (fd < 0) {
        // listen() on its own is the usual three calls a server makes.
        int family = nameArg(step, "family", "AF_INET") == "AF_INET6" ? AF_INET6 : AF_INET;
        name = step.results.empty() ? "listenfd" : step.results[0];
        Call s{"socket", family == AF_INET6 ? "AF_INET6, SOCK_STREAM, 0" : "AF_INET, SOCK_STREAM, 0", "",
               false};
        auto r = run(s, [&] { return ::socket(family, SOCK_STREAM, 0); });
        r.note = "part of listen()";
        if (*r.ret < 0) return out.push_back(r);
        fd = static_cast<int>(*r.ret);
        define(r, name, fd, true);
        out.push_back(r);

        sockaddr_storage ss{};
        socklen_t len = 0;
        makeAddress(findArg(step, "port"), family, ss, len);
        Call b{"bind", std::to_string(fd) + ", " + formatAddress(ss), name, false};
        auto rb = run(b, [&] { return ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len); });
        rb.note = "part of listen()";
        out.push_back(rb);
        if (*rb.ret < 0) return;
    }
    Call l{"listen", std::to_string(fd) + ", " + std::to_string(backlog), name, false};
    auto r = run(l, [&] { return ::listen(fd, backlog); });
    if (*r.ret == 0) define(r, name, fd, true);
    out.push_back(r);
}

void CallExecutor::doBind(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    sockaddr_storage ss{};
    socklen_t len = 0;
    sockaddr_storage mine{};
    socklen_t mylen = sizeof mine;
    int family = AF_INET;
    int saved = errno;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&mine), &mylen) == 0) family = mine.ss_family;
    errno = saved;
    makeAddress(findArg(step, "port"), family, ss, len);
    Call c{"bind", std::to_string(fd) + ", " + formatAddress(ss), step.fd, false};
    auto r = run(c, [&] { return ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len); });
    if (*r.ret == 0) define(r, step.fd, fd);
    out.push_back(r);
}

void CallExecutor::doConnect(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    std::string name = step.fd;
    const Value* target = findArg(step, "port");
    int family = nameArg(step, "family", "AF_INET") == "AF_INET6" ? AF_INET6 : AF_INET;
    if (target && target->kind == Value::Kind::String && target->text.find('[') != std::string::npos)
        family = AF_INET6;
    if (fd < 0) {
        name = step.results.empty() ? "sockfd" : step.results[0];
        Call s{"socket", family == AF_INET6 ? "AF_INET6, SOCK_STREAM, 0" : "AF_INET, SOCK_STREAM, 0", "", false};
        auto r = run(s, [&] { return ::socket(family, SOCK_STREAM, 0); });
        r.note = "part of connect()";
        if (*r.ret < 0) return out.push_back(r);
        fd = static_cast<int>(*r.ret);
        define(r, name, fd);
        out.push_back(r);
    }
    if (nameArg(step, "family", "") == "AF_UNSPEC") return doDisconnect(step, fd, out);
    sockaddr_storage ss{};
    socklen_t len = 0;
    makeAddress(target, family, ss, len, true);
    Call c{"connect", std::to_string(fd) + ", " + formatAddress(ss), name, false};
    auto r = run(c, [&] { return ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len); });
    define(r, name, fd);  // the local port exists from here on, connected or not
    out.push_back(r);
}

/// connect(fd, AF_UNSPEC): connect(2) dissolves the association; for TCP
/// the kernel resets an open connection (tcp_disconnect()) and the socket
/// may connect again.
void CallExecutor::doDisconnect(const Step& step, int fd, std::vector<agent::CallRecord>& out) {
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    Call c{"connect", std::to_string(fd) + ", {sa_family=AF_UNSPEC}, " + std::to_string(sizeof unspec), step.fd, false};
    auto r = run(c, [&] { return ::connect(fd, &unspec, sizeof unspec); });
    if (*r.ret == 0) r.note = "AF_UNSPEC dissolves the association; the descriptor stays open and can connect again";
    define(r, step.fd, fd);  // its addresses changed
    out.push_back(r);
}

void CallExecutor::doAccept(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    Call c{"accept", std::to_string(fd) + ", &addr, &addrlen", step.fd, false};
    sockaddr_storage peer{};
    socklen_t peerLen = sizeof peer;
    auto r = run(c, [&] { return ::accept(fd, reinterpret_cast<sockaddr*>(&peer), &peerLen); });
    if (*r.ret >= 0) {
        std::string name = step.results.empty() ? "connfd" : step.results[0];
        define(r, name, static_cast<int>(*r.ret));
        // A connection reset while it waited in the queue is still accepted,
        // but getpeername() then fails (ENOTCONN): accept() itself said who it was.
        if (r.defined.back().remote.empty()) r.defined.back().remote = formatAddress(peer);
        r.result = "fd=" + std::to_string(*r.ret) + " (" + name + ") from " + r.defined.back().remote;
    }
    out.push_back(r);
}

void CallExecutor::doClose(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    Call c{"close", std::to_string(fd), step.fd, false};
    auto r = run(c, [&] { return ::close(fd); });
    if (*r.ret == 0 || r.err == EBADF) {
        m_fds.erase(step.fd);
        r.undefined.push_back(step.fd);
    }
    out.push_back(r);
}

void CallExecutor::doShutdown(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    int how = static_cast<int>(flagsArg(step, "how", names::FlagSet::ShutHow, SHUT_WR));
    Call c{"shutdown", std::to_string(fd) + ", " + names::flagsToString(names::FlagSet::ShutHow, how), step.fd,
           false};
    out.push_back(run(c, [&] { return ::shutdown(fd, how); }));
}

void CallExecutor::doWrite(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    std::string data = payloadOf(findArg(step, "data"));
    bool isSend = step.call == "send";
    int flags = isSend ? static_cast<int>(flagsArg(step, "flags", names::FlagSet::MsgFlags, 0)) : 0;
    std::string args = std::to_string(fd) + ", " + cQuote(data, 40) + ", " + std::to_string(data.size());
    if (isSend) args += ", " + names::flagsToString(names::FlagSet::MsgFlags, flags);
    Call c{step.call, args, step.fd, false};
    out.push_back(run(c, [&] {
        return isSend ? ::send(fd, data.data(), data.size(), flags) : ::write(fd, data.data(), data.size());
    }));
}

void CallExecutor::doRead(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    bool isRecv = step.call == "recv";
    auto count = static_cast<std::size_t>(std::max<std::int64_t>(intArg(step, "count", 4096), 0));
    int flags = isRecv ? static_cast<int>(flagsArg(step, "flags", names::FlagSet::MsgFlags, 0)) : 0;
    std::string buffer(count, '\0');
    std::string args = std::to_string(fd) + ", buf, " + std::to_string(count);
    if (isRecv) args += ", " + names::flagsToString(names::FlagSet::MsgFlags, flags);
    Call c{step.call, args, step.fd, false};
    auto r = run(c, [&] {
        return isRecv ? ::recv(fd, buffer.data(), count, flags) : ::read(fd, buffer.data(), count);
    });
    if (*r.ret > 0) {
        r.data = buffer.substr(0, static_cast<std::size_t>(*r.ret));
        r.result = cQuote(r.data, 40);
    } else if (*r.ret == 0 && count > 0) {
        r.result = "end of file: no more data will ever come (0 is not an error, and errno is not set)";
    }
    out.push_back(r);
}

void CallExecutor::doSetsockopt(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto info = names::sockOpt(nameArg(step, "option", ""));
    if (!info) return;
    std::string level = info->level == SOL_SOCKET ? "SOL_SOCKET" : "IPPROTO_TCP";
    if (info->kind == names::SockOptInfo::ValueKind::Linger) {
        linger l{};
        l.l_onoff = static_cast<int>(intArg(step, "on", 1));
        l.l_linger = static_cast<int>(intArg(step, "linger", 0));
        Call c{"setsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", {l_onoff=" +
                                 std::to_string(l.l_onoff) + ", l_linger=" + std::to_string(l.l_linger) + "}, " +
                                 std::to_string(sizeof l),
               step.fd, false};
        out.push_back(run(c, [&] { return ::setsockopt(fd, info->level, info->name, &l, sizeof l); }));
        return;
    }
    int value = static_cast<int>(intArg(step, "value", 1));
    Call c{"setsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", [" + std::to_string(value) +
                             "], " + std::to_string(sizeof value),
           step.fd, false};
    out.push_back(run(c, [&] { return ::setsockopt(fd, info->level, info->name, &value, sizeof value); }));
}

void CallExecutor::doGetsockopt(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto info = names::sockOpt(nameArg(step, "option", ""));
    if (!info) return;
    std::string level = info->level == SOL_SOCKET ? "SOL_SOCKET" : "IPPROTO_TCP";
    Call c{"getsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", &val, &len", step.fd, false};
    if (info->kind == names::SockOptInfo::ValueKind::Linger) {
        linger l{};
        socklen_t len = sizeof l;
        auto r = run(c, [&] { return ::getsockopt(fd, info->level, info->name, &l, &len); });
        r.optval = "{on=" + std::to_string(l.l_onoff) + ", linger=" + std::to_string(l.l_linger) + "}";
        r.result = "value=" + r.optval;
        out.push_back(r);
        return;
    }
    int value = 0;
    socklen_t len = sizeof value;
    auto r = run(c, [&] { return ::getsockopt(fd, info->level, info->name, &value, &len); });
    // SO_ERROR reads (and clears) the socket's pending error: show it by name.
    r.optval = info->canonical == "SO_ERROR" && value != 0 ? names::errnoName(value) : std::to_string(value);
    r.result = "value=" + r.optval;
    if (info->canonical == "SO_ERROR" && value != 0) r.result += " (" + names::errnoMeaning(value) + ")";
    out.push_back(r);
}

void CallExecutor::doFcntl(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    bool nonblock = nameArg(step, "flag", "O_NONBLOCK") != "BLOCKING";
    Call get{"fcntl", std::to_string(fd) + ", F_GETFL", step.fd, false};
    auto r = run(get, [&] { return ::fcntl(fd, F_GETFL); });
    out.push_back(r);
    if (*r.ret < 0) return;
    long flags = nonblock ? (*r.ret | O_NONBLOCK) : (*r.ret & ~O_NONBLOCK);
    Call set{"fcntl", std::to_string(fd) + ", F_SETFL, " + (nonblock ? "flags|O_NONBLOCK" : "flags&~O_NONBLOCK"),
             step.fd, false};
    out.push_back(run(set, [&] { return ::fcntl(fd, F_SETFL, flags); }));
}

void CallExecutor::doPoll(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    pollfd p{fd, static_cast<short>(flagsArg(step, "events", names::FlagSet::PollEvents, POLLIN)), 0};
    int timeout = static_cast<int>(intArg(step, "timeout", 0));
    Call c{"poll", "[{fd=" + std::to_string(fd) + ", events=" +
                       names::flagsToString(names::FlagSet::PollEvents, p.events) + "}], 1, " +
                       std::to_string(timeout),
           step.fd, timeout > 0, timeout};
    auto r = run(c, [&] { return ::poll(&p, 1, timeout); });
    r.revents = *r.ret >= 0 ? p.revents : 0;
    r.result = "revents=" + names::flagsToString(names::FlagSet::PollEvents, r.revents);
    out.push_back(r);
}

void CallExecutor::doEpoll(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto events = static_cast<std::uint32_t>(flagsArg(step, "events", names::FlagSet::EpollEvents, EPOLLIN));
    int timeout = static_cast<int>(intArg(step, "timeout", 0));
    Call create{"epoll_create1", "0", "", false};
    auto rc = run(create, [&] { return ::epoll_create1(EPOLL_CLOEXEC); });
    rc.note = "part of epoll_wait()";
    out.push_back(rc);
    if (*rc.ret < 0) return;
    int ep = static_cast<int>(*rc.ret);
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    Call ctl{"epoll_ctl", std::to_string(ep) + ", EPOLL_CTL_ADD, " + std::to_string(fd) + ", {" +
                              names::flagsToString(names::FlagSet::EpollEvents, static_cast<long>(events)) + "}",
             step.fd, false};
    auto rctl = run(ctl, [&] { return ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev); });
    rctl.note = "part of epoll_wait()";
    out.push_back(rctl);
    epoll_event got{};
    Call wait{"epoll_wait", std::to_string(ep) + ", events, 1, " + std::to_string(timeout), step.fd, timeout > 0,
              timeout};
    auto r = run(wait, [&] { return ::epoll_wait(ep, &got, 1, timeout); });
    r.revents = *r.ret > 0 ? static_cast<std::int64_t>(got.events) : 0;
    r.result = "events=" + names::flagsToString(names::FlagSet::EpollEvents, static_cast<long>(r.revents));
    out.push_back(r);
    int saved = errno;
    ::close(ep);  // bookkeeping, not part of the lesson
    errno = saved;
}

void CallExecutor::doSignal(const Step& step, std::vector<agent::CallRecord>& out) {
    int sig = names::signalValue(nameArg(step, "sig", "SIGPIPE")).value_or(SIGPIPE);
    std::string action = nameArg(step, "action", "SIG_IGN");
    struct sigaction sa{};
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = action == "SIG_IGN" ? SIG_IGN : action == "SIG_DFL" ? SIG_DFL : recordSignal;
    Call c{"sigaction", names::signalName(sig) + ", {sa_handler=" + action + "}, NULL", "", false};
    out.push_back(run(c, [&] { return ::sigaction(sig, &sa, nullptr); }));
}

void CallExecutor::doSleep(const Step& step, std::vector<agent::CallRecord>& out) {
    // sleep() takes seconds and usleep() microseconds, as in C; both are nanosleep() underneath.
    bool micro = step.call == "usleep";
    std::int64_t us = micro ? intArg(step, "us", 0) : intArg(step, "seconds", 0) * 1'000'000;
    timespec ts{static_cast<time_t>(us / 1'000'000), static_cast<long>((us % 1'000'000) * 1000)};
    Call c{"nanosleep", "{tv_sec=" + std::to_string(ts.tv_sec) + ", tv_nsec=" + std::to_string(ts.tv_nsec) + "}, NULL", "",
           true, us / 1000 + 1};
    out.push_back(run(c, [&] { return ::nanosleep(&ts, nullptr); }));
}

void CallExecutor::doPair(const Step& step, std::vector<agent::CallRecord>& out) {
    int sv[2] = {-1, -1};
    bool isPipe = step.call == "pipe";
    Call c{step.call, isPipe ? "fds" : "AF_UNIX, SOCK_STREAM, 0, sv", "", false};
    auto r = run(c, [&] { return isPipe ? ::pipe(sv) : ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv); });
    if (*r.ret == 0) {
        std::string a = step.results.size() > 0 ? step.results[0] : (isPipe ? "rfd" : "sv0");
        std::string b = step.results.size() > 1 ? step.results[1] : (isPipe ? "wfd" : "sv1");
        define(r, a, sv[0]);
        define(r, b, sv[1]);
        r.result = "[" + std::to_string(sv[0]) + " (" + a + "), " + std::to_string(sv[1]) + " (" + b + ")]";
    }
    out.push_back(r);
}

void CallExecutor::doFork(const Step&, std::vector<agent::CallRecord>& out) {
    Call c{"fork", "", "", false};
    auto r = run(c, [&] { return m_forkHook(); });
    if (*r.ret == 0) {
        m_forkedChild = true;  // the child reports nothing for this step: its parent does
        return;
    }
    r.note = "the child is a new endpoint sharing every descriptor";
    out.push_back(r);
}

void CallExecutor::doExit(const Step& step, std::vector<agent::CallRecord>& out) {
    // _exit never returns: the record is sent by the agent before it calls it.
    agent::CallRecord r;
    r.callId = (*m_nextCallId)++;
    r.call = "exit";
    r.args = std::to_string(intArg(step, "status", 0));
    r.tEnterNs = realtimeNs();
    r.note = "the process ends; the kernel closes every descriptor it had";
    out.push_back(r);
}

} // namespace finscope
