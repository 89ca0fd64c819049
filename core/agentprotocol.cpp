// SPDX-License-Identifier: MIT
#include "core/agentprotocol.h"

#include "core/base64.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>
#include <sys/socket.h>

namespace finscope::agent {
namespace {

using nlohmann::json;

json toJson(const Definition& d) {
    return {{"name", d.name}, {"fd", d.fd}, {"inode", d.inode}, {"local", d.local}, {"remote", d.remote},
            {"listening", d.listening}};
}

Definition definitionFrom(const json& j) {
    Definition d;
    d.name = j.value("name", "");
    d.fd = j.value("fd", -1);
    d.inode = j.value<std::uint64_t>("inode", 0);
    d.local = j.value("local", "");
    d.remote = j.value("remote", "");
    d.listening = j.value("listening", false);
    return d;
}

json toJson(const CallRecord& r) {
    json defs = json::array();
    for (const auto& d : r.defined) defs.push_back(toJson(d));
    // Bytes read from a socket are arbitrary (not UTF-8): keep them exact, in base64.
    return {{"id", r.callId},       {"call", r.call},         {"args", r.args},
            {"socket", r.socket},   {"ret", r.ret ? json(*r.ret) : json(nullptr)},
            {"err", r.err},         {"stale", r.staleErrno},  {"t0", r.tEnterNs},
            {"t1", r.tExitNs},      {"result", r.result},     {"note", r.note},
            {"sigpipe", r.sigpipe}, {"disp", r.sigpipeDisposition}, {"defined", defs},
            {"undefined", r.undefined}, {"revents", r.revents}, {"optval", r.optval}, {"data", base64::encode(r.data)}};
}

CallRecord recordFrom(const json& j) {
    CallRecord r;
    r.callId = j.value<std::int64_t>("id", 0);
    r.call = j.value("call", "");
    r.args = j.value("args", "");
    r.socket = j.value("socket", "");
    if (j.contains("ret") && !j["ret"].is_null()) r.ret = j["ret"].get<std::int64_t>();
    r.err = j.value("err", 0);
    r.staleErrno = j.value("stale", 0);
    r.tEnterNs = j.value<std::int64_t>("t0", 0);
    r.tExitNs = j.value<std::int64_t>("t1", 0);
    r.result = j.value("result", "");
    r.note = j.value("note", "");
    r.sigpipe = j.value("sigpipe", false);
    r.sigpipeDisposition = j.value("disp", "");
    for (const auto& d : j.value("defined", json::array())) r.defined.push_back(definitionFrom(d));
    r.undefined = j.value("undefined", std::vector<std::string>{});
    r.revents = j.value<std::int64_t>("revents", -1);
    r.optval = j.value("optval", "");
    auto bytes = base64::decode(j.value("data", ""));
    if (!bytes) throw std::invalid_argument("the data of a call record is not base64");
    r.data = std::move(*bytes);
    return r;
}

} // namespace

std::string encode(const StepRequest& r) {
    return json{{"step", r.step}, {"fork_slot", r.forkSlot}, {"first_call_id", r.firstCallId}}.dump();
}

std::string encode(const StepReply& r) {
    json records = json::array();
    for (const auto& rec : r.records) records.push_back(toJson(rec));
    json snapshot = json::array();
    for (const auto& d : r.snapshot) snapshot.push_back(toJson(d));
    return json{{"step", r.step}, {"records", records}, {"fork_pid", r.forkPid}, {"snapshot", snapshot}}.dump(
        -1, ' ', false, json::error_handler_t::replace);
}

bool decode(const std::string& text, StepRequest& r) {
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return false;
    r.step = j.value("step", -1);
    r.forkSlot = j.value("fork_slot", -1);
    r.firstCallId = j.value<std::int64_t>("first_call_id", 0);
    return true;
}

bool decode(const std::string& text, StepReply& r) {
    json j = json::parse(text, nullptr, false);
    if (!j.is_object()) return false;
    try {
        r.step = j.value("step", -1);
        r.forkPid = j.value("fork_pid", 0);
        for (const auto& rec : j.value("records", json::array())) r.records.push_back(recordFrom(rec));
        for (const auto& d : j.value("snapshot", json::array())) r.snapshot.push_back(definitionFrom(d));
    } catch (const json::exception&) {
        return false;
    } catch (const std::invalid_argument&) {
        return false;
    }
    return true;
}

namespace {

/// A SOCK_SEQPACKET message must fit the socket's send buffer whole
/// (EMSGSIZE otherwise, ~200 KiB by default): a message is carried in
/// fragments well below that, each led by one byte saying whether more of
/// the same message follows. The receiver blocks for the rest, which the
/// sender is writing at that moment.
constexpr std::size_t kFragment = 32 * 1024;
constexpr char kMore = '+';
constexpr char kLast = '.';

bool sendFragment(int sock, char lead, const char* data, std::size_t size, int passFd) {
    iovec iov[2] = {{&lead, 1}, {const_cast<char*>(data), size}};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = 2;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
    if (passFd >= 0) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr* c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        std::memcpy(CMSG_DATA(c), &passFd, sizeof(int));
    }
    ssize_t n;
    do n = ::sendmsg(sock, &msg, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == static_cast<ssize_t>(size + 1);
}

} // namespace

bool sendMessage(int sock, const std::string& message, int passFd) {
    std::size_t offset = 0;
    do {
        std::size_t size = std::min(kFragment, message.size() - offset);
        bool last = offset + size == message.size();
        if (!sendFragment(sock, last ? kLast : kMore, message.data() + offset, size, offset == 0 ? passFd : -1))
            return false;
        offset += size;
    } while (offset < message.size());
    return true;
}

bool receiveMessage(int sock, std::string& message, int* passedFd) {
    if (passedFd) *passedFd = -1;
    message.clear();
    // One fragment at a time into a buffer that is not cleared first: only
    // the bytes the kernel wrote are used.
    static thread_local char buffer[kFragment + 1];
    for (;;) {
        iovec iov{buffer, sizeof buffer};
        msghdr msg{};
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        ssize_t n;
        do n = ::recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
        while (n < 0 && errno == EINTR);
        if (n == 0) errno = 0;  // end of file: the other side is gone
        if (n <= 0) return false;
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
            if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
            int fd = -1;
            std::memcpy(&fd, CMSG_DATA(c), sizeof(int));
            if (passedFd && *passedFd < 0) *passedFd = fd;
            else ::close(fd);
        }
        if ((msg.msg_flags & MSG_TRUNC) || (buffer[0] != kMore && buffer[0] != kLast)) {
            errno = EPROTO;
            return false;
        }
        message.append(buffer + 1, static_cast<std::size_t>(n - 1));
        if (buffer[0] == kLast) return true;
    }
}

} // namespace finscope::agent
