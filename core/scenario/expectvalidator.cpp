// SPDX-License-Identifier: MIT
#include "core/scenario/expectvalidator.h"

#include "core/names.h"
#include "core/scenario/parsetext.h"

namespace finscope::fsc {

void ExpectValidator::check(RawStep& raw) {
    RawExpect& x = *raw.expect;
    Expectation& e = x.e;
    if (x.errnoName) checkErrno(x);
    for (auto& item : x.items) checkExtra(raw.step, item, e);
    raw.step.expect = e;
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
    for (const char* w : {"blocked", "revents", "value", "data"}) words.emplace_back(w);
    const std::string near = names::suggest(word, words);
    if (!near.empty()) return "unknown expectation '" + word + "' (did you mean " + near + "?)";
    return "unknown expectation '" + word + "' (expected a signal such as SIGPIPE, blocked, revents=, value= or data=)";
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
