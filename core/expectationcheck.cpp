// SPDX-License-Identifier: MIT
#include "core/expectationcheck.h"

#include "core/cquote.h"
#include "core/names.h"

#include <algorithm>
#include <cstdio>

namespace finscope {
namespace {

std::string revents(const agent::CallRecord& r) {
    auto set = r.call == "epoll_wait" ? names::FlagSet::EpollEvents : names::FlagSet::PollEvents;
    return names::flagsToString(set, static_cast<long>(r.revents < 0 ? 0 : r.revents));
}

std::int64_t tookNs(const agent::CallRecord& r, std::int64_t startNs) {
    return r.tExitNs - (startNs > 0 ? startNs : r.tEnterNs);
}

bool holds(const DurationBound& b, std::int64_t ns) {
    if (b.op == ">=") return ns >= b.ns;
    if (b.op == ">") return ns > b.ns;
    if (b.op == "<=") return ns <= b.ns;
    return ns < b.ns;
}

} // namespace

std::string formatDuration(std::int64_t ns) {
    char buf[64];
    if (ns >= 1'000'000'000) std::snprintf(buf, sizeof buf, "%.3gs", static_cast<double>(ns) / 1e9);
    else if (ns >= 1'000'000) std::snprintf(buf, sizeof buf, "%.3gms", static_cast<double>(ns) / 1e6);
    else std::snprintf(buf, sizeof buf, "%.3gus", static_cast<double>(ns) / 1e3);
    return buf;
}

std::string describeOutcome(const agent::CallRecord& r, bool blocked, const Expectation* shape, std::int64_t startNs) {
    std::string out = r.ret ? std::to_string(*r.ret) : "no return (the process ended)";
    if (r.ret && *r.ret == -1) out += " " + names::errnoName(r.err);
    if (r.sigpipe) out += ", SIGPIPE";
    if (blocked) out += ", blocked";
    if (shape && shape->revents) out += ", revents=" + revents(r);
    if (shape && shape->optval) out += ", value=" + r.optval;
    if (shape && shape->data) out += ", data=" + cQuote(r.data);
    if (shape && shape->took && r.ret) out += ", took " + formatDuration(tookNs(r, startNs));
    return out;
}

ExpectEvent checkExpectation(const Step& step, const Expectation& e, const agent::CallRecord& r, bool blocked,
                             std::int64_t startNs) {
    bool ok = true;
    if (e.ret) ok = ok && r.ret && *r.ret == *e.ret;
    if (e.errnoName) ok = ok && r.ret && *r.ret == -1 && names::errnoName(r.err) == *e.errnoName;
    // Strict: `=> -1 EPIPE` says the call raised no signal, so that a
    // SIGPIPE that killed the process cannot pass unseen.
    ok = ok && r.sigpipe == (e.signal && *e.signal == "SIGPIPE");
    if (e.blocked) ok = ok && blocked;
    if (e.revents) ok = ok && revents(r) == *e.revents;
    if (e.optval) ok = ok && r.optval == *e.optval;
    if (e.data) ok = ok && r.data == *e.data;
    if (e.took) ok = ok && r.ret && holds(*e.took, tookNs(r, startNs));
    ExpectEvent ev;
    ev.line = step.pos.line;
    ev.endpoint = step.endpoint;
    ev.ok = ok;
    ev.expected = e.text;
    ev.actual = describeOutcome(r, blocked, &e, startNs);
    ev.callId = r.callId;
    return ev;
}

bool wireMatches(const std::vector<WirePattern>& expected, const std::vector<WirePattern>& seen) {
    if (expected.size() != seen.size()) return false;
    for (std::size_t i = 0; i < seen.size(); ++i) {
        const WirePattern& x = expected[i];
        if (x.sent != seen[i].sent || x.flags != seen[i].flags) return false;
        if (x.length && x.length != seen[i].length) return false;
    }
    return true;
}

std::string describeWire(const std::vector<WirePattern>& seen) {
    std::string out = "wire=[";
    for (std::size_t i = 0; i < seen.size(); ++i) {
        out += i ? ", " : "";
        out += seen[i].sent ? "> " : "< ";
        out += seen[i].flags;
        if (seen[i].length && *seen[i].length > 0) out += "(" + std::to_string(*seen[i].length) + ")";
    }
    return out + "]";
}

} // namespace finscope
