// SPDX-License-Identifier: MIT
// The calls that change how a descriptor behaves: setsockopt and
// getsockopt, and fcntl() for O_NONBLOCK.
#include "core/callexecutor.h"

#include "core/calls/stepargs.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace finscope {
namespace {

std::string levelName(int level) { return level == SOL_SOCKET ? "SOL_SOCKET" : "IPPROTO_TCP"; }

} // namespace

void CallExecutor::doSetsockopt(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto info = names::sockOpt(nameArg(step, "option", ""));
    if (!info) return;
    std::string level = levelName(info->level);
    if (info->kind == names::SockOptInfo::ValueKind::Linger) {
        linger l{};
        l.l_onoff = static_cast<int>(intArg(step, "on", 1));
        l.l_linger = static_cast<int>(intArg(step, "linger", 0));
        Call c{"setsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", {l_onoff=" +
                                 std::to_string(l.l_onoff) + ", l_linger=" + std::to_string(l.l_linger) + "}, " +
                                 std::to_string(sizeof l),
               step.fd, false};
        out.push_back(m_recorder.run(c, [&] { return ::setsockopt(fd, info->level, info->name, &l, sizeof l); }));
        return;
    }
    int value = static_cast<int>(intArg(step, "value", 1));
    Call c{"setsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", [" + std::to_string(value) +
                             "], " + std::to_string(sizeof value),
           step.fd, false};
    out.push_back(m_recorder.run(c, [&] { return ::setsockopt(fd, info->level, info->name, &value, sizeof value); }));
}

void CallExecutor::doGetsockopt(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto info = names::sockOpt(nameArg(step, "option", ""));
    if (!info) return;
    std::string level = levelName(info->level);
    Call c{"getsockopt", std::to_string(fd) + ", " + level + ", " + info->canonical + ", &val, &len", step.fd, false};
    if (info->kind == names::SockOptInfo::ValueKind::Linger) {
        linger l{};
        socklen_t len = sizeof l;
        auto r = m_recorder.run(c, [&] { return ::getsockopt(fd, info->level, info->name, &l, &len); });
        r.optval = "{on=" + std::to_string(l.l_onoff) + ", linger=" + std::to_string(l.l_linger) + "}";
        r.result = "value=" + r.optval;
        out.push_back(r);
        return;
    }
    int value = 0;
    socklen_t len = sizeof value;
    auto r = m_recorder.run(c, [&] { return ::getsockopt(fd, info->level, info->name, &value, &len); });
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
    auto r = m_recorder.run(get, [&] { return ::fcntl(fd, F_GETFL); });
    out.push_back(r);
    if (*r.ret < 0) return;
    long flags = nonblock ? (*r.ret | O_NONBLOCK) : (*r.ret & ~O_NONBLOCK);
    Call set{"fcntl", std::to_string(fd) + ", F_SETFL, " + (nonblock ? "flags|O_NONBLOCK" : "flags&~O_NONBLOCK"),
             step.fd, false};
    out.push_back(m_recorder.run(set, [&] { return ::fcntl(fd, F_SETFL, flags); }));
}

} // namespace finscope
