// SPDX-License-Identifier: MIT
#include "core/causeattributor.h"

#include "core/causesentences.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace finscope {
namespace {

using namespace causesentences;

constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();

const std::set<std::string> kClosing{"close", "shutdown"};
const std::set<std::string> kSending{"write", "send"};
const std::set<std::string> kConnecting{"connect"};

std::string localOf(const std::string& sock) { return sock.substr(0, sock.find('|')); }

} // namespace

void CauseAttributor::bind(TraceEvent& event, std::int64_t id) {
    auto key = static_cast<std::size_t>(event.id);
    if (m_idOfKey.size() <= key) m_idOfKey.resize(key + 1, -1);
    m_idOfKey[key] = id;
    event.id = id;
}

void CauseAttributor::resolve(TraceEvent& event) const {
    std::vector<std::int64_t> ids;
    for (Key k : event.causes) {
        auto index = static_cast<std::size_t>(k);
        // A cause dropped from the trace (another program's packet on the
        // host's loopback) leaves no link rather than a wrong one.
        if (k >= 0 && index < m_idOfKey.size() && m_idOfKey[index] >= 0 && m_idOfKey[index] != event.id)
            ids.push_back(m_idOfKey[index]);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    event.causes = std::move(ids);
}

void CauseAttributor::attribute(std::vector<TraceEvent>& batch) {
    learnNames(batch);
    std::vector<std::size_t> order(batch.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return batch[a].tNs < batch[b].tNs; });
    std::vector<std::size_t> results;
    for (std::size_t i : order) {
        TraceEvent& e = batch[i];
        if (const auto* c = e.as<SyscallEvent>()) {
            onCall(e, *c);
            if (c->phase != "blocked") results.push_back(i);
        } else if (const auto* p = e.as<PacketEvent>()) {
            onPacket(e, *p);
        } else if (const auto* s = e.as<StateEvent>()) {
            onState(e, *s);
        } else if (const auto* sg = e.as<SignalEvent>()) {
            onSignal(e, *sg);
        } else if (const auto* x = e.as<ExitEvent>()) {
            onExit(e, *x);
        }
    }
    // A call's return is explained once every segment of the batch is known:
    // the RST that refused a connect() arrives while connect() is in the kernel.
    for (std::size_t i : results) onCallResult(batch[i], *batch[i].as<SyscallEvent>());
}

void CauseAttributor::learnNames(const std::vector<TraceEvent>& batch) {
    for (const auto& e : batch)
        if (const auto* s = e.as<StateEvent>(); s && !s->endpoint.empty() && !s->socket.empty() && s->socket[0] != '(')
            m_names[{s->endpoint, s->socket}] = s->local + "|" + s->remote;
}

void CauseAttributor::learnAccepted(const SyscallEvent& c, const std::string& listener) {
    // "fd=5 (connfd) from 127.0.0.1:35076": a connection reset while it
    // waited in the accept queue never gets a state event under its name.
    const std::string from = ") from ";
    auto open = c.result.find(" (");
    auto close = c.result.find(from);
    if (c.call != "accept" || listener.empty() || open == std::string::npos || close == std::string::npos ||
        close < open)
        return;
    std::string name = c.result.substr(open + 2, close - open - 2);
    m_names.try_emplace({c.endpoint, name}, localOf(listener) + "|" + c.result.substr(close + from.size()));
}

std::string CauseAttributor::sockOf(const std::string& endpoint, const std::string& name) const {
    auto it = m_names.find({endpoint, name});
    return it == m_names.end() ? "" : it->second;
}

void CauseAttributor::onCall(TraceEvent& e, const SyscallEvent& c) {
    const std::string sock = sockOf(c.endpoint, c.socket);
    Action current{e.id, c.endpoint, c.call, c.args, sock, c.line, c.tEnterNs,
                   c.phase == "blocked" ? kOpen : c.tExitNs.value_or(kOpen)};
    if (c.phase == "return") {
        // The blocked event stays the call's entry: what it sent, it sent then.
        for (auto& a : m_actions)
            if (a.endpoint == c.endpoint && a.tEnter == c.tEnterNs && a.call == c.call) {
                a.tExit = current.tExit;
                current.key = a.key;
            }
    } else {
        m_actions.push_back(current);
    }
    m_calls[c.callId] = e.id;
    learnAccepted(c, sock);
    if (c.phase == "blocked" || sock.empty()) {
        if (c.call == "exit") m_deaths[c.endpoint] = {e.id, e.tNs, kOpen, "called exit()"};
        return;
    }
    bool ok = c.ret && *c.ret == 0;
    if (c.call == "close" && ok) m_closedBy[sock] = current;
    if (c.call == "shutdown" && ok && (c.args.find("SHUT_WR") != std::string::npos ||
                                       c.args.find("SHUT_RDWR") != std::string::npos))
        m_shutWrBy[sock] = current;
    if (c.call == "setsockopt" && ok && c.args.find("SO_LINGER") != std::string::npos) {
        if (c.args.find("l_onoff=1, l_linger=0}") != std::string::npos) m_linger0[sock] = e.id;
        else m_linger0.erase(sock);
    }
}

const CauseAttributor::Action* CauseAttributor::actionAt(std::int64_t t, const std::string& sender,
                                                         const std::set<std::string>& calls) const {
    const Action* unnamed = nullptr;
    for (auto it = m_actions.rbegin(); it != m_actions.rend(); ++it) {
        if (!calls.count(it->call) || it->tEnter > t || t > it->tExit) continue;
        if (it->sock == sender) return &*it;
        // A descriptor the directory could not name (a forked child's copy):
        // the call in the kernel when the segment left is still the best witness.
        if (it->sock.empty() && !unnamed) unnamed = &*it;
    }
    return unnamed;
}

const CauseAttributor::Action* CauseAttributor::lastAction(const std::string& sock, const std::set<std::string>& calls,
                                                           std::int64_t before) const {
    for (auto it = m_actions.rbegin(); it != m_actions.rend(); ++it)
        if (calls.count(it->call) && it->sock == sock && it->tEnter <= before) return &*it;
    return nullptr;
}

const CauseAttributor::Death* CauseAttributor::deathOf(const std::string& sender,
                                                       const std::optional<std::string>& from,
                                                       std::int64_t t) const {
    auto s = m_sockets.find(sender);
    std::string owner = s != m_sockets.end() && !s->second.endpoint.empty() ? s->second.endpoint : from.value_or("");
    auto d = m_deaths.find(owner);
    // Only while the process is dying: its exit event closes the window, and
    // a socket its own close() had closed before was not closed by the death.
    if (d == m_deaths.end() || d->second.t > t || t > d->second.tEnd || m_closedBy.count(sender)) return nullptr;
    return &d->second;
}

const CauseAttributor::Seen* CauseAttributor::lastReceived(const std::string& sock, std::int64_t t, char flag) const {
    auto it = m_received.find(sock);
    if (it == m_received.end()) return nullptr;
    for (auto s = it->second.rbegin(); s != it->second.rend(); ++s)
        if (s->t <= t && (flag == 0 || s->flags.find(flag) != std::string::npos)) return &*s;
    return nullptr;
}

void CauseAttributor::onPacket(TraceEvent& e, const PacketEvent& p) {
    const std::string sender = p.src + "|" + p.dst;
    if (p.flags.find('R') != std::string::npos) onRst(e, p, sender);
    else if (p.flags.find('F') != std::string::npos) onFin(e, p, sender);
    else if (p.flags == "S") {
        if (const Action* a = actionAt(e.tNs, sender, kConnecting)) {
            e.causes = {a->key};
            e.why = "SYN: " + a->endpoint + " " + callText(a->call, a->args) + " at line " + std::to_string(a->line);
        }
    } else if (p.len > 0) {
        if (const Action* a = actionAt(e.tNs, sender, kSending)) {
            e.causes = {a->key};
            e.why = "data: " + a->endpoint + " " + callText(a->call, a->args) + " at line " + std::to_string(a->line);
        }
    }
    m_received[p.dst + "|" + p.src].push_back({e.id, e.tNs, p.flags, p.len});
    m_lastPacket = e.id;
    m_lastPacketT = e.tNs;
    m_lastSender = sender;
    m_lastFlags = p.flags;
}

void CauseAttributor::onFin(TraceEvent& e, const PacketEvent& p, const std::string& sender) {
    const Action* a = actionAt(e.tNs, sender, kClosing);
    const Death* d = a ? nullptr : deathOf(sender, p.from, e.tNs);
    if (!a && !d) a = lastAction(sender, kClosing, e.tNs);  // a FIN that waited for queued data
    if (a) {
        e.causes = {a->key};
        e.why = "FIN: " + a->endpoint + " " + callText(a->call, a->args) + " at line " + std::to_string(a->line);
    } else if (d) {
        e.causes = {d->key};
        e.why = "FIN: the kernel closed the socket because " + ownerOf(sender, p.from) + " " + d->how;
    }
}

std::string CauseAttributor::ownerOf(const std::string& sock, const std::optional<std::string>& from) const {
    auto s = m_sockets.find(sock);
    return s != m_sockets.end() && !s->second.endpoint.empty() ? s->second.endpoint : from.value_or("its process");
}

void CauseAttributor::onRst(TraceEvent& e, const PacketEvent& p, const std::string& sender) {
    const Action* a = actionAt(e.tNs, sender, {"close"});
    const Death* d = a ? nullptr : deathOf(sender, p.from, e.tNs);
    if (a || d) {
        std::string who = a ? a->endpoint + " " + callText(a->call, a->args) + " at line " + std::to_string(a->line)
                            : ownerOf(sender, p.from) + "'s end (it " + d->how + ")";
        e.causes = {a ? a->key : d->key};
        auto s = m_sockets.find(sender);
        std::uint32_t unread = s != m_sockets.end() ? s->second.recvQ : 0;
        auto linger = m_linger0.find(sender);
        // tcp_close() checks unread data first, then SO_LINGER {on, 0}.
        if (unread > 0) {
            e.why = "RST: " + who + " found " + std::to_string(unread) +
                    " unread bytes; the kernel discards them and resets the connection instead of closing it";
        } else if (linger != m_linger0.end()) {
            e.causes.push_back(linger->second);
            e.why = "RST: " + who + " with SO_LINGER {on, 0}: an abortive close sends RST, not FIN";
        } else {
            e.why = "RST: sent as " + who + " closed the socket";
        }
        return;
    }
    const Seen* in = lastReceived(sender, e.tNs, 0);
    if (!in) return;
    if (in->flags == "S" && !m_listening.count(localOf(sender))) {
        e.causes = {in->key};
        e.why = "RST: nothing listens on " + localOf(sender) + ", so the kernel refuses the connection";
        return;
    }
    auto s = m_sockets.find(sender);
    if (s != m_sockets.end() && s->second.state == "CLOSE") {
        e.causes = {in->key};
        e.why = "RST: a segment arrived for a connection that no longer exists";
        return;
    }
    auto closed = m_closedBy.find(sender);
    auto owner = m_deaths.find(ownerOf(sender, p.from));
    if (closed != m_closedBy.end() || (owner != m_deaths.end() && owner->second.t <= in->t)) {
        std::string by = closed != m_closedBy.end()
                             ? "that " + closed->second.endpoint + " closed (close() at line " +
                                   std::to_string(closed->second.line) + ")"
                             : "that the kernel closed when " + ownerOf(sender, p.from) + " " + owner->second.how;
        e.causes = {in->key, closed != m_closedBy.end() ? closed->second.key : owner->second.key};
        e.why = std::string(in->len > 0 ? "RST: data arrived" : "RST: a segment arrived") + " for a socket " + by +
                ": no program can read it any more";
    }
}

void CauseAttributor::onState(TraceEvent& e, const StateEvent& s) {
    const std::string key = s.local + "|" + s.remote;
    auto found = m_sockets.find(key);
    Sock prev = found != m_sockets.end() ? found->second : Sock{};
    if (s.source == "derived") {
        if (m_lastPacket >= 0 && m_lastPacketT == e.tNs) {
            e.causes = {m_lastPacket};
            e.why = derivedStateWhy(s.state, key == m_lastSender, m_lastFlags);
            m_derived[key] = {s.state, e.causes, e.why};
        }
    } else if (auto d = m_derived.find(key); d != m_derived.end() && d->second.state == s.state) {
        // The sample confirms what the packets showed: same cause.
        e.causes = d->second.causes;
        e.why = d->second.why;
        m_derived.erase(d);
    } else if (s.state == "LISTEN" && prev.state != "LISTEN") {
        if (const Action* a = lastAction(key, {"listen"}, e.tNs)) {
            e.causes = {a->key};
            e.why = "LISTEN: listen() at line " + std::to_string(a->line) + " made it wait for connections";
        }
    } else if (s.state == "CLOSE" && prev.state == "TIME_WAIT") {
        e.why = "CLOSE: the TIME_WAIT timer ran out; the kernel forgets the connection";
    } else if ((s.state == "CLOSE" && prev.state != "CLOSE") || (s.orphan && !prev.orphan && s.state == prev.state)) {
        auto closed = m_closedBy.find(key);
        auto owner = m_deaths.find(prev.endpoint);
        std::string what = s.state == "CLOSE" ? "CLOSE: gone from the kernel's tables"
                                              : "no descriptor refers to it any more; the kernel finishes the connection";
        if (closed != m_closedBy.end()) {
            e.causes = {closed->second.key};
            e.why = what + " after " + closed->second.endpoint + " close() at line " + std::to_string(closed->second.line);
        } else if (owner != m_deaths.end()) {
            e.causes = {owner->second.key};
            e.why = what + " because " + prev.endpoint + " " + owner->second.how;
        }
    }
    Sock& now = m_sockets[key];
    now.endpoint = s.endpoint.empty() ? prev.endpoint : s.endpoint;
    now.socket = s.socket;
    now.state = s.state;
    if (s.source != "derived") {  // packets do not tell queue sizes
        now.recvQ = s.recvQ;
        now.orphan = s.orphan;
    }
    if (s.state == "LISTEN") m_listening.insert(s.local);
    else if (prev.state == "LISTEN") m_listening.erase(s.local);
}

void CauseAttributor::onSignal(TraceEvent& e, const SignalEvent& s) {
    if (s.callId) {
        if (auto c = m_calls.find(*s.callId); c != m_calls.end()) e.causes = {c->second};
    }
    e.why = signalWhy(s);
    if (s.action == "terminate") m_deaths[s.endpoint] = {e.id, e.tNs, kOpen, "was killed by " + s.signal};
}

void CauseAttributor::onExit(TraceEvent& e, const ExitEvent& x) {
    auto d = m_deaths.find(x.endpoint);
    if (d == m_deaths.end()) return;
    e.causes = {d->second.key};
    e.why = x.signal ? "killed by " + *x.signal + ": the kernel closes every descriptor the process had"
                     : "exit(): the kernel closes every descriptor the process had";
    d->second.tEnd = e.tNs;
}

void CauseAttributor::onCallResult(TraceEvent& e, const SyscallEvent& c) {
    const std::string sock = sockOf(c.endpoint, c.socket);
    if (sock.empty()) return;
    const std::int64_t end = c.tExitNs.value_or(e.tNs);
    const Seen* rst = lastReceived(sock, end, 'R');
    const std::string err = c.errnoName.value_or("");
    if (err == "ECONNREFUSED" && rst) {
        e.causes = {rst->key};
        e.why = "ECONNREFUSED: the SYN was answered by RST: nothing listens on that port";
    } else if (err == "ECONNRESET" && rst) {
        e.causes = {rst->key};
        e.why = "ECONNRESET: the peer's RST reset the connection; the kernel reports it once, to the next call";
        m_reported[sock] = rst->key;
    } else if (err == "EPIPE" && rst) {
        e.causes = {rst->key};
        auto reported = m_reported.find(sock);
        if (reported != m_reported.end() && reported->second == rst->key)
            e.why = "EPIPE: the connection was reset (RST) and that error was already reported; it cannot send any more";
        else if (lastReceived(sock, rst->t, 'F'))
            e.why = "EPIPE: the peer's RST came after its FIN (CLOSE_WAIT), which Linux reports as a broken pipe";
        else
            e.why = "EPIPE: the peer's RST reset the connection";
        m_reported[sock] = rst->key;
    } else if (err == "EPIPE") {
        if (auto shut = m_shutWrBy.find(sock); shut != m_shutWrBy.end()) {
            e.causes = {shut->second.key};
            e.why = "EPIPE: this socket was shut down for writing by " + callText("shutdown", shut->second.args) +
                    " at line " + std::to_string(shut->second.line);
        }
    } else if (c.ret && *c.ret == 0 && (c.call == "recv" || c.call == "read")) {
        if (const Seen* fin = lastReceived(sock, end, 'F')) {
            e.causes = {fin->key};
            e.why = "0 = end of file: the peer's FIN says it will send no more data";
        } else if (rst) {
            e.causes = {rst->key};
            e.why = "0 = end of file: the connection was reset (RST) and the error already reported; nothing more "
                    "can arrive";
        }
    }
}

} // namespace finscope
