// SPDX-License-Identifier: MIT
// The calls that make, name and end connections: socket, bind, listen,
// connect (AF_UNSPEC too), accept, socketpair and pipe, shutdown, close.
// listen() and connect() on a name nothing defined yet make the socket
// (and bind) first, as the usual few lines of a C server or client do.
#include "core/callexecutor.h"

#include "core/calls/socketaddress.h"
#include "core/calls/stepargs.h"
#include "core/scenarioparser.h"

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {

void CallExecutor::doSocket(const Step& step, std::vector<agent::CallRecord>& out) {
    int family = static_cast<int>(flagsArg(step, "family", names::FlagSet::Family, AF_INET));
    int flags = static_cast<int>(flagsArg(step, "flags", names::FlagSet::SockFlags, 0));
    std::string type = flags ? "SOCK_STREAM|" + names::flagsToString(names::FlagSet::SockFlags, flags) : "SOCK_STREAM";
    Call c{"socket", std::string(family == AF_INET6 ? "AF_INET6, " : "AF_INET, ") + type + ", 0", ""};
    auto r = m_recorder.run(c, [&] { return ::socket(family, SOCK_STREAM | flags, 0); });
    if (*r.ret >= 0) m_descriptors.define(r, step.results.empty() ? "sockfd" : step.results[0], static_cast<int>(*r.ret));
    out.push_back(r);
}

/// The socket() that listen() or connect() (`partOf`) makes for a name
/// nothing defined yet; the new descriptor, or -1 when socket() failed.
int CallExecutor::implicitSocket(int family, const std::string& name, const char* partOf, bool listening,
                                 std::vector<agent::CallRecord>& out) {
    Call s{"socket", family == AF_INET6 ? "AF_INET6, SOCK_STREAM, 0" : "AF_INET, SOCK_STREAM, 0", "", false};
    auto r = m_recorder.run(s, [&] { return ::socket(family, SOCK_STREAM, 0); });
    r.note = std::string("part of ") + partOf;
    int fd = *r.ret < 0 ? -1 : static_cast<int>(*r.ret);
    if (fd >= 0) m_descriptors.define(r, name, fd, listening);
    out.push_back(r);
    return fd;
}

void CallExecutor::doListen(const Step& step, std::vector<agent::CallRecord>& out) {
    int backlog = static_cast<int>(intArg(step, "backlog", 16));
    int fd = fdOf(step);
    std::string name = step.fd;
    if (fd < 0) {
        // listen() on its own is the usual three calls a server makes.
        int family = nameArg(step, "family", "AF_INET") == "AF_INET6" ? AF_INET6 : AF_INET;
        name = step.results.empty() ? "listenfd" : step.results[0];
        fd = implicitSocket(family, name, "listen()", true, out);
        if (fd < 0) return;

        sockaddr_storage ss{};
        socklen_t len = 0;
        scenarioAddress(findArg(step, "port"), family, ss, len);
        Call b{"bind", std::to_string(fd) + ", " + formatAddress(ss), name, false};
        auto rb = m_recorder.run(b, [&] { return ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len); });
        rb.note = "part of listen()";
        out.push_back(rb);
        if (*rb.ret < 0) return;
    }
    Call l{"listen", std::to_string(fd) + ", " + std::to_string(backlog), name, false};
    auto r = m_recorder.run(l, [&] { return ::listen(fd, backlog); });
    if (*r.ret == 0) m_descriptors.define(r, name, fd, true);
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
    scenarioAddress(findArg(step, "port"), family, ss, len);
    Call c{"bind", std::to_string(fd) + ", " + formatAddress(ss), step.fd, false};
    auto r = m_recorder.run(c, [&] { return ::bind(fd, reinterpret_cast<sockaddr*>(&ss), len); });
    if (*r.ret == 0) m_descriptors.define(r, step.fd, fd);
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
        fd = implicitSocket(family, name, "connect()", false, out);
        if (fd < 0) return;
    }
    if (nameArg(step, "family", "") == "AF_UNSPEC") return doDisconnect(step, fd, out);
    sockaddr_storage ss{};
    socklen_t len = 0;
    scenarioAddress(target, family, ss, len, true);
    Call c{"connect", std::to_string(fd) + ", " + formatAddress(ss), name, false};
    auto r = m_recorder.run(c, [&] { return ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len); });
    m_descriptors.define(r, name, fd);  // the local port exists from here on, connected or not
    out.push_back(r);
}

/// connect(fd, AF_UNSPEC): connect(2) dissolves the association; for TCP
/// the kernel resets an open connection (tcp_disconnect()) and the socket
/// may connect again.
void CallExecutor::doDisconnect(const Step& step, int fd, std::vector<agent::CallRecord>& out) {
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    Call c{"connect", std::to_string(fd) + ", {sa_family=AF_UNSPEC}, " + std::to_string(sizeof unspec), step.fd, false};
    auto r = m_recorder.run(c, [&] { return ::connect(fd, &unspec, sizeof unspec); });
    if (*r.ret == 0) r.note = "AF_UNSPEC dissolves the association; the descriptor stays open and can connect again";
    m_descriptors.define(r, step.fd, fd);  // its addresses changed
    out.push_back(r);
}

void CallExecutor::doAccept(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    Call c{"accept", std::to_string(fd) + ", &addr, &addrlen", step.fd, false};
    sockaddr_storage peer{};
    socklen_t peerLen = sizeof peer;
    auto r = m_recorder.run(c, [&] { return ::accept(fd, reinterpret_cast<sockaddr*>(&peer), &peerLen); });
    if (*r.ret >= 0) {
        std::string name = step.results.empty() ? "connfd" : step.results[0];
        m_descriptors.define(r, name, static_cast<int>(*r.ret));
        // A connection reset while it waited in the queue is still accepted,
        // but getpeername() then fails (ENOTCONN): accept() itself said who it was.
        if (r.defined.back().remote.empty()) r.defined.back().remote = formatAddress(peer);
        r.result = "fd=" + std::to_string(*r.ret) + " (" + name + ") from " + r.defined.back().remote;
    }
    out.push_back(r);
}

void CallExecutor::doPair(const Step& step, std::vector<agent::CallRecord>& out) {
    int sv[2] = {-1, -1};
    bool isPipe = step.call == "pipe";
    Call c{step.call, isPipe ? "fds" : "AF_UNIX, SOCK_STREAM, 0, sv", "", false};
    auto r = m_recorder.run(c, [&] { return isPipe ? ::pipe(sv) : ::socketpair(AF_UNIX, SOCK_STREAM, 0, sv); });
    if (*r.ret == 0) {
        std::string a = step.results.size() > 0 ? step.results[0] : (isPipe ? "rfd" : "sv0");
        std::string b = step.results.size() > 1 ? step.results[1] : (isPipe ? "wfd" : "sv1");
        m_descriptors.define(r, a, sv[0]);
        m_descriptors.define(r, b, sv[1]);
        r.result = "[" + std::to_string(sv[0]) + " (" + a + "), " + std::to_string(sv[1]) + " (" + b + ")]";
    }
    out.push_back(r);
}

void CallExecutor::doClose(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    Call c{"close", std::to_string(fd), step.fd, false};
    auto r = m_recorder.run(c, [&] { return ::close(fd); });
    if (*r.ret == 0 || r.err == EBADF) {
        m_descriptors.forget(step.fd);
        r.undefined.push_back(step.fd);
    }
    out.push_back(r);
}

void CallExecutor::doShutdown(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    int how = static_cast<int>(flagsArg(step, "how", names::FlagSet::ShutHow, SHUT_WR));
    Call c{"shutdown", std::to_string(fd) + ", " + names::flagsToString(names::FlagSet::ShutHow, how), step.fd,
           false};
    out.push_back(m_recorder.run(c, [&] { return ::shutdown(fd, how); }));
}

} // namespace finscope
