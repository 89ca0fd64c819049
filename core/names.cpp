// SPDX-License-Identifier: MIT
#include "core/names.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/socket.h>

namespace finscope::names {
namespace {

// errno and signal names come from glibc itself (2.32+): strerrorname_np()
// and strerrordesc_np() give the C name and the English text, independent
// of the user's locale; sigabbrev_np() the signal's name without "SIG".
// Only what glibc does not know is ours: aliases, and the man pages below.
constexpr int kMaxErrno = 4096;

// Aliases accepted on input; the canonical name is glibc's.
struct Alias {
    const char* name;
    int value;
};
constexpr Alias kErrnoAliases[] = {{"EWOULDBLOCK", EWOULDBLOCK}, {"ENOTSUP", ENOTSUP}, {"EDEADLOCK", EDEADLOCK}};

struct Named {
    std::string name;
    int value;
};

const std::vector<Named>& errnos() {
    static const std::vector<Named> all = [] {
        std::vector<Named> out;
        for (int v = 1; v < kMaxErrno; ++v)
            if (const char* n = ::strerrorname_np(v)) out.push_back({n, v});
        return out;
    }();
    return all;
}

const std::vector<Named>& signals() {
    static const std::vector<Named> all = [] {
        std::vector<Named> out;
        for (int v = 1; v < SIGRTMIN; ++v)
            if (const char* n = ::sigabbrev_np(v)) out.push_back({std::string("SIG") + n, v});
        return out;
    }();
    return all;
}

struct Flag {
    const char* name;
    long value;
};

// EPOLLET is bit 31: going through unsigned keeps it positive in a long.
template <class E> constexpr long bits(E v) { return static_cast<long>(static_cast<unsigned>(v)); }

// Bit sets are listed in ascending bit order: that order is the canonical one.
constexpr Flag kMsgFlags[] = {
    {"MSG_OOB", MSG_OOB},           {"MSG_PEEK", MSG_PEEK},         {"MSG_DONTWAIT", MSG_DONTWAIT},
    {"MSG_WAITALL", MSG_WAITALL},   {"MSG_NOSIGNAL", MSG_NOSIGNAL}, {"MSG_MORE", MSG_MORE},
};
constexpr Flag kPollEvents[] = {
    {"POLLIN", POLLIN},   {"POLLPRI", POLLPRI},   {"POLLOUT", POLLOUT},     {"POLLERR", POLLERR},
    {"POLLHUP", POLLHUP}, {"POLLNVAL", POLLNVAL}, {"POLLRDHUP", POLLRDHUP},
};
constexpr Flag kEpollEvents[] = {
    {"EPOLLIN", bits(EPOLLIN)},   {"EPOLLPRI", bits(EPOLLPRI)},     {"EPOLLOUT", bits(EPOLLOUT)},
    {"EPOLLERR", bits(EPOLLERR)}, {"EPOLLHUP", bits(EPOLLHUP)},     {"EPOLLRDHUP", bits(EPOLLRDHUP)},
    {"EPOLLET", bits(EPOLLET)},
};
constexpr Flag kShutHow[] = {{"SHUT_RD", SHUT_RD}, {"SHUT_WR", SHUT_WR}, {"SHUT_RDWR", SHUT_RDWR}};
constexpr Flag kFamilies[] = {{"AF_UNSPEC", AF_UNSPEC}, {"AF_UNIX", AF_UNIX}, {"AF_INET", AF_INET}, {"AF_INET6", AF_INET6}};
// socket(2)'s type flags, ORed into SOCK_STREAM.
constexpr Flag kSockFlags[] = {{"SOCK_NONBLOCK", SOCK_NONBLOCK}, {"SOCK_CLOEXEC", SOCK_CLOEXEC}};
constexpr Flag kSignalFlags[] = {{"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGKILL", SIGKILL},
                                 {"SIGUSR1", SIGUSR1}, {"SIGPIPE", SIGPIPE}, {"SIGTERM", SIGTERM}};
constexpr Flag kSignalActions[] = {{"SIG_DFL", kSigDfl}, {"SIG_IGN", kSigIgn}, {"handler", kSigHandler}};
constexpr Flag kFcntlFlags[] = {{"BLOCKING", kBlocking}, {"O_NONBLOCK", O_NONBLOCK}};

struct Table {
    const Flag* begin;
    const Flag* end;
    bool bitSet;
};

template <std::size_t N> Table table(const Flag (&flags)[N], bool bitSet) { return {flags, flags + N, bitSet}; }

Table tableOf(FlagSet set) {
    switch (set) {
    case FlagSet::MsgFlags: return table(kMsgFlags, true);
    case FlagSet::PollEvents: return table(kPollEvents, true);
    case FlagSet::EpollEvents: return table(kEpollEvents, true);
    case FlagSet::ShutHow: return table(kShutHow, false);
    case FlagSet::Family: return table(kFamilies, false);
    case FlagSet::Signal: return table(kSignalFlags, false);
    case FlagSet::SignalAction: return table(kSignalActions, false);
    case FlagSet::FcntlFlag: return table(kFcntlFlags, false);
    case FlagSet::SockFlags: return table(kSockFlags, true);
    }
    return table(kMsgFlags, true);
}

std::optional<long> lookup(const Table& t, std::string_view name) {
    for (const Flag* f = t.begin; f != t.end; ++f)
        if (name == f->name) return f->value;
    return std::nullopt;
}

std::string hex(unsigned long v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%lx", v);
    return buf;
}

struct ManPageRule {
    const char* call;
    int value;
    const char* page;
};

// Where the man pages promise an errno for a call. Errors that the generic
// socket layer or TCP produce on any call are documented in socket(7)/tcp(7).
constexpr ManPageRule kManPages[] = {
    {"write", EPIPE, "write(2)"},
    {"write", EAGAIN, "write(2)"},
    {"write", ECONNRESET, "send(2)/tcp(7)"},
    {"send", EPIPE, "send(2)"},
    {"send", EAGAIN, "send(2)"},
    {"send", ECONNRESET, "send(2)"},
    {"send", ENOTCONN, "send(2)"},
    {"read", EAGAIN, "read(2)"},
    {"read", ECONNRESET, "recv(2)/tcp(7)"},
    {"read", ETIMEDOUT, "tcp(7)"},
    {"recv", EAGAIN, "recv(2)"},
    {"recv", ENOTCONN, "recv(2)"},
    {"recv", ECONNRESET, "recv(2)/tcp(7)"},
    {"recv", ETIMEDOUT, "tcp(7)"},
    {"connect", EADDRINUSE, "connect(2)/ip(7)"},
    {"bind", EADDRINUSE, "bind(2)/ip(7)"},
    {"listen", EADDRINUSE, "listen(2)/ip(7)"},
    {"getsockopt", ENOPROTOOPT, "getsockopt(2)"},
    {"setsockopt", ENOPROTOOPT, "setsockopt(2)"},
    {"setsockopt", EINVAL, "setsockopt(2)/socket(7)"},
};

// Calls of the scenario format that are not the system call of that name.
constexpr ManPageRule kCallPages[] = {
    {"sleep", 0, "nanosleep(2)"},   {"signal", 0, "sigaction(2)"}, {"exit", 0, "_exit(2)"},
    {"epoll_wait", 0, "epoll_wait(2)"}, {"kill", 0, "kill(2)"},
};

// Not std::toupper: the locale must not change which names are close.
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// Optimal string alignment distance: a swapped pair of letters, the most
// common typo, counts as one edit. Gives up (returns limit + 1) as soon as
// every path is over the limit: most comparisons are with unrelated names.
std::size_t editDistance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    // Three rolling rows: the transposition looks two rows back.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), row(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        row[0] = i;
        std::size_t best = row[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = upper(a[i - 1]) == upper(b[j - 1]) ? 0 : 1;
            row[j] = std::min({prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && upper(a[i - 1]) == upper(b[j - 2]) && upper(a[i - 2]) == upper(b[j - 1]))
                row[j] = std::min(row[j], prev2[j - 2] + 1);
            best = std::min(best, row[j]);
        }
        // A transposition can lower the next row by reaching two rows back,
        // so only give up when the previous row was over the limit too.
        if (best > limit && (i < 2 || *std::min_element(prev.begin(), prev.end()) > limit)) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, row);
    }
    return prev[m];
}

} // namespace

std::optional<int> errnoValue(std::string_view name) {
    for (const auto& e : errnos())
        if (name == e.name) return e.value;
    for (const auto& a : kErrnoAliases)
        if (name == a.name) return a.value;
    return std::nullopt;
}

std::string errnoName(int value) {
    const char* n = value > 0 && value < kMaxErrno ? ::strerrorname_np(value) : nullptr;
    return n ? n : "errno " + std::to_string(value);
}

std::string errnoMeaning(int value) {
    const char* d = value > 0 && value < kMaxErrno ? ::strerrordesc_np(value) : nullptr;
    return d ? d : "Unknown error " + std::to_string(value);
}

std::string errnoManPage(std::string_view call, int value) {
    for (const auto& r : kManPages)
        if (call == r.call && value == r.value) return r.page;
    if (value == ECONNRESET || value == ETIMEDOUT || value == EPIPE) return std::string(call) + "(2)/tcp(7)";
    for (const auto& r : kCallPages)
        if (call == r.call) return r.page;
    return std::string(call) + "(2)";
}

std::vector<std::string> errnoNames() {
    std::vector<std::string> out;
    for (const auto& e : errnos()) out.push_back(e.name);
    for (const auto& a : kErrnoAliases) out.emplace_back(a.name);
    return out;
}

std::optional<int> signalValue(std::string_view name) {
    for (const auto& s : signals())
        if (name == s.name) return s.value;
    return std::nullopt;
}

std::string signalName(int value) {
    const char* n = value > 0 && value < SIGRTMIN ? ::sigabbrev_np(value) : nullptr;
    return n ? std::string("SIG") + n : "signal " + std::to_string(value);
}

std::vector<std::string> signalNames() {
    std::vector<std::string> out;
    for (const auto& s : signals()) out.push_back(s.name);
    return out;
}

std::optional<long> flagValue(FlagSet set, std::string_view names) {
    const Table t = tableOf(set);
    if (!t.bitSet) return lookup(t, names);
    if (names == "0") return 0L;
    long value = 0;
    while (true) {
        const std::size_t bar = names.find('|');
        const auto v = lookup(t, names.substr(0, bar));
        if (!v) return std::nullopt;
        value |= *v;
        if (bar == std::string_view::npos) return value;
        names.remove_prefix(bar + 1);
    }
}

std::string flagsToString(FlagSet set, long value) {
    const Table t = tableOf(set);
    if (!t.bitSet) {
        for (const Flag* f = t.begin; f != t.end; ++f)
            if (f->value == value) return f->name;
        return std::to_string(value);
    }
    if (value == 0) return "0";
    std::string out;
    auto left = static_cast<unsigned long>(value);
    for (const Flag* f = t.begin; f != t.end; ++f) {
        const auto bit = static_cast<unsigned long>(f->value);
        if ((left & bit) != bit) continue;
        out += out.empty() ? "" : "|";
        out += f->name;
        left &= ~bit;
    }
    if (left != 0) out += (out.empty() ? "" : "|") + hex(left);
    return out;
}

std::vector<std::string> flagNames(FlagSet set) {
    const Table t = tableOf(set);
    std::vector<std::string> out;
    for (const Flag* f = t.begin; f != t.end; ++f) out.emplace_back(f->name);
    return out;
}

std::optional<SockOptInfo> sockOpt(std::string_view name) {
    using K = SockOptInfo::ValueKind;
    static const SockOptInfo kOptions[] = {
        {SOL_SOCKET, SO_LINGER, "SO_LINGER", K::Linger},      {SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR", K::Int},
        {SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT", K::Int},   {SOL_SOCKET, SO_KEEPALIVE, "SO_KEEPALIVE", K::Int},
        {SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF", K::Int},         {SOL_SOCKET, SO_SNDBUF, "SO_SNDBUF", K::Int},
        {SOL_SOCKET, SO_ERROR, "SO_ERROR", K::Int},           {IPPROTO_TCP, TCP_NODELAY, "TCP_NODELAY", K::Int},
        {IPPROTO_TCP, TCP_LINGER2, "TCP_LINGER2", K::Int},    {IPPROTO_TCP, TCP_QUICKACK, "TCP_QUICKACK", K::Int},
        // A peer that vanished: how long unacknowledged data may wait (ms),
        // and the keepalive probes that find an idle connection's dead peer.
        {IPPROTO_TCP, TCP_USER_TIMEOUT, "TCP_USER_TIMEOUT", K::Int},
        {IPPROTO_TCP, TCP_KEEPIDLE, "TCP_KEEPIDLE", K::Int},  {IPPROTO_TCP, TCP_KEEPINTVL, "TCP_KEEPINTVL", K::Int},
        {IPPROTO_TCP, TCP_KEEPCNT, "TCP_KEEPCNT", K::Int},
    };
    for (const auto& o : kOptions)
        if (name == o.canonical) return o;
    return std::nullopt;
}

std::vector<std::string> sockOptNames() {
    return {"SO_LINGER", "SO_REUSEADDR", "SO_REUSEPORT", "SO_KEEPALIVE", "SO_RCVBUF",
            "SO_SNDBUF", "SO_ERROR",     "TCP_NODELAY",  "TCP_LINGER2",  "TCP_QUICKACK",
            "TCP_USER_TIMEOUT", "TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT"};
}

std::string suggest(std::string_view wrong, const std::vector<std::string>& candidates) {
    // Long garbage (fuzzers, pasted text) is never a typo and would cost
    // quadratic time.
    if (wrong.empty() || wrong.size() > 64) return "";
    const std::size_t limit = wrong.size() <= 3 ? 1 : wrong.size() <= 6 ? 2 : 3;
    std::string best;
    std::size_t bestDistance = limit + 1;
    for (const auto& c : candidates) {
        if (c.size() > wrong.size() + limit || wrong.size() > c.size() + limit) continue;
        const std::size_t d = editDistance(wrong, c, limit);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

} // namespace finscope::names
