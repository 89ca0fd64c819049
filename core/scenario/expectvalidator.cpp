// SPDX-License-Identifier: MIT
#include "core/scenario/expectvalidator.h"

#include "core/names.h"
#include "core/scenario/parsetext.h"

#include <algorithm>
#include <string_view>

namespace finscope::fsc {

namespace {

// The kernel's names (tcp_states.h, as sock_diag and the trace spell them).
const std::vector<std::string> kStates = {"ESTABLISHED", "SYN_SENT", "SYN_RECV",   "FIN_WAIT1", "FIN_WAIT2",
                                          "TIME_WAIT",   "CLOSE",    "CLOSE_WAIT", "LAST_ACK",  "LISTEN",
                                          "CLOSING",     "NEW_SYN_RECV"};

// tcpdump's order (print-tcp.c), the one the trace's packets use.
constexpr std::string_view kFlagOrder = "FSRP.UEW";

// Calls that make a socket without being given one: their state= speaks of it.
bool definesSocket(const Step& s) {
    return s.fd.empty() && !s.results.empty() &&
           (s.call == "socket" || s.call == "connect" || s.call == "listen" || s.call == "accept");
}

} // namespace

void ExpectValidator::check(RawStep& raw, const std::vector<std::string>& descriptors) {
    RawExpect& x = *raw.expect;
    Expectation& e = x.e;
    descriptors_ = &descriptors;
    if (x.errnoName) checkErrno(x);
    for (auto& item : x.items) checkExtra(raw.step, item, e);
    raw.step.expect = e;
}

/// The socket state= and orphan= speak of: the one named in state(x)=, else
/// the step's own.
bool ExpectValidator::stateSocket(const Step& s, const ExpectItem& item, Expectation& e) {
    if (!item.socket.empty()) {
        const bool known = std::find(descriptors_->begin(), descriptors_->end(), item.socket) != descriptors_->end();
        if (!known) {
            error(item.socketPos, "'" + item.socket + "' is not a descriptor of endpoint '" + s.endpoint + "'" +
                                      didYouMean(item.socket, *descriptors_));
            return false;
        }
        if (!e.stateSocket.empty() && e.stateSocket != item.socket) {
            error(item.socketPos, "state= and orphan= speak of one socket per step");
            return false;
        }
        e.stateSocket = item.socket;
        return true;
    }
    if (!e.stateSocket.empty()) return true;
    if (!s.fd.empty()) e.stateSocket = s.fd;
    else if (definesSocket(s)) e.stateSocket = s.results[0];
    else {
        error(item.pos, s.call + "() acts on no socket: name one, as in state(connfd)=ESTABLISHED");
        return false;
    }
    return true;
}

void ExpectValidator::checkState(const Step& s, const ExpectItem& item, Expectation& e) {
    std::string name = item.name == "CLOSED" ? "CLOSE" : item.name;
    if (std::find(kStates.begin(), kStates.end(), name) == kStates.end()) {
        error(item.valuePos, "unknown TCP state '" + item.name + "'" + didYouMean(item.name, kStates));
        return;
    }
    if (e.state) {
        error(item.pos, "only one state= can be expected");
        return;
    }
    if (stateSocket(s, item, e)) e.state = name;
}

void ExpectValidator::checkOrphan(const Step& s, const ExpectItem& item, Expectation& e) {
    if (item.name != "yes" && item.name != "no") {
        error(item.valuePos, "orphan= is yes or no");
        return;
    }
    if (stateSocket(s, item, e)) e.orphan = item.name == "yes";
}

void ExpectValidator::checkWire(const ExpectItem& item, Expectation& e) {
    if (e.wire) {
        error(item.pos, "only one wire= can be expected");
        return;
    }
    std::vector<WirePattern> out;
    for (std::size_t i = 0; i < item.wire.size(); ++i) {
        WirePattern w = item.wire[i];
        std::string canonical;
        for (char f : kFlagOrder) {
            const auto n = std::count(w.flags.begin(), w.flags.end(), f);
            if (n > 1) {
                error(item.wirePos[i], std::string("flag '") + f + "' written twice in '" + w.flags + "'");
                return;
            }
            if (n == 1) canonical += f;
        }
        for (char f : w.flags) {
            if (kFlagOrder.find(f) != std::string_view::npos) continue;
            error(item.wirePos[i], std::string("unknown TCP flag '") + f + "' in '" + w.flags +
                                       "' (flags: F S R P . U E W, as tcpdump writes them; '.' is ACK)");
            return;
        }
        w.flags = canonical;
        out.push_back(w);
    }
    e.wire = std::move(out);
}

void ExpectValidator::checkNoSignal(const ExpectItem& item, Expectation& e) {
    if (!names::signalValue(item.name)) {
        error(item.valuePos, "unknown signal '" + item.name + "'" + didYouMean(item.name, names::signalNames()));
        return;
    }
    if (e.signal && *e.signal == item.name) {
        error(item.pos, "'" + item.name + "' and 'no " + item.name + "' cannot both hold");
        return;
    }
    e.noSignals.push_back(item.name);
}

void ExpectValidator::checkErrno(RawExpect& x) {
    const std::string& name = *x.errnoName;
    if (!names::errnoValue(name)) {
        const bool looksLikeExtra = name == "blocked" || name == "revents" || name == "value" || name == "data" ||
                                    names::signalValue(name).has_value();
        error(x.errnoPos, looksLikeExtra ? "missing ',' before '" + name + "'"
                                         : "unknown errno name '" + name + "'" + didYouMean(name, names::errnoNames()));
        return;
    }
    if (x.ret != -1) {
        error(x.errnoPos, "an errno name follows only -1, as in '=> -1 " + name + "'");
        return;
    }
    x.e.errnoName = name;
}

void ExpectValidator::checkExtra(const Step& s, ExpectItem& item, Expectation& e) {
    using K = ExpectItem::Kind;
    switch (item.kind) {
    case K::Blocked: e.blocked = true; return;
    case K::Signal: return checkSignal(item, e);
    case K::NoSignal: return checkNoSignal(item, e);
    case K::Wire: return checkWire(item, e);
    case K::State: return checkState(s, item, e);
    case K::Orphan: return checkOrphan(s, item, e);
    case K::Took: e.took = item.took; return;
    case K::Revents: return checkRevents(s, item, e);
    case K::OptValue: return checkOptValue(s, item, e);
    case K::Data:
        if (s.call != "read" && s.call != "recv") error(item.pos, "data= applies only to read() and recv()");
        else if (item.arg.value.kind != Value::Kind::String) error(item.arg.valuePos, "data= needs a string");
        else e.data = item.arg.value.text;
        return;
    }
}

void ExpectValidator::checkSignal(const ExpectItem& item, Expectation& e) {
    if (!names::signalValue(item.name)) {
        error(item.pos, unknownExtra(item.name));
        return;
    }
    if (e.signal) error(item.pos, "only one signal can be expected");
    else e.signal = item.name;
}

std::string ExpectValidator::unknownExtra(const std::string& word) {
    if (names::errnoValue(word)) return "the errno name goes right after -1, as in '=> -1 " + word + "'";
    std::vector<std::string> words = names::signalNames();
    for (const char* w : {"blocked", "revents", "value", "data", "wire", "state", "orphan", "took"}) words.emplace_back(w);
    const std::string near = names::suggest(word, words);
    if (!near.empty()) return "unknown expectation '" + word + "' (did you mean " + near + "?)";
    return "unknown expectation '" + word + "' (expected a signal such as SIGPIPE, no SIGPIPE, blocked, revents=, value=, "
                                            "data=, wire=, state=, orphan= or took)";
}

void ExpectValidator::checkRevents(const Step& s, const ExpectItem& item, Expectation& e) {
    if (s.call != "poll" && s.call != "epoll_wait") {
        error(item.pos, "revents= applies only to poll() and epoll_wait()");
        return;
    }
    const auto set = s.call == "poll" ? names::FlagSet::PollEvents : names::FlagSet::EpollEvents;
    const Value& v = item.arg.value;
    if (v.kind == Value::Kind::Integer && v.integer == 0) {
        e.revents = "0";
        return;
    }
    if (v.kind != Value::Kind::Names) {
        error(item.arg.valuePos, "revents= needs event names such as POLLIN|POLLRDHUP, or 0");
        return;
    }
    long bits = 0;
    bool ok = true;
    for (std::size_t i = 0; i < v.names.size(); ++i) {
        const auto value = names::flagValue(set, v.names[i]);
        if (value) {
            bits |= *value;
            continue;
        }
        ok = false;
        error(item.arg.namePos[i], "unknown " + std::string(set == names::FlagSet::PollEvents ? "poll" : "epoll") +
                                       " event '" + v.names[i] + "'" + didYouMean(v.names[i], names::flagNames(set)));
    }
    if (ok) e.revents = names::flagsToString(set, bits);
}

void ExpectValidator::checkOptValue(const Step& s, const ExpectItem& item, Expectation& e) {
    if (s.call != "getsockopt") {
        error(item.pos, "value= applies only to getsockopt()");
        return;
    }
    const Value& v = item.arg.value;
    if (v.kind == Value::Kind::Integer) {
        e.optval = std::to_string(v.integer);
        return;
    }
    if (v.kind == Value::Kind::Names && v.names.size() == 1 && names::errnoValue(v.names[0])) {
        e.optval = v.names[0];
        return;
    }
    if (v.kind == Value::Kind::Names && v.names.size() == 1)
        error(item.arg.valuePos,
              "unknown errno name '" + v.names[0] + "'" + didYouMean(v.names[0], names::errnoNames()));
    else
        error(item.arg.valuePos, "value= needs an errno name such as ECONNRESET, or a number");
}

} // namespace finscope::fsc
