// SPDX-License-Identifier: MIT
#include "core/expectationcheck.h"

#include "core/cquote.h"
#include "core/names.h"

namespace finscope {
namespace {

std::string revents(const agent::CallRecord& r) {
    auto set = r.call == "epoll_wait" ? names::FlagSet::EpollEvents : names::FlagSet::PollEvents;
    return names::flagsToString(set, static_cast<long>(r.revents < 0 ? 0 : r.revents));
}

} // namespace

std::string describeOutcome(const agent::CallRecord& r, bool blocked, const Expectation* shape) {
    std::string out = r.ret ? std::to_string(*r.ret) : "no return (the process ended)";
    if (r.ret && *r.ret == -1) out += " " + names::errnoName(r.err);
    if (r.sigpipe) out += ", SIGPIPE";
    if (blocked) out += ", blocked";
    if (shape && shape->revents) out += ", revents=" + revents(r);
    if (shape && shape->optval) out += ", value=" + r.optval;
    if (shape && shape->data) out += ", data=" + cQuote(r.data);
    return out;
}

ExpectEvent checkExpectation(const Step& step, const Expectation& e, const agent::CallRecord& r, bool blocked) {
    bool ok = true;
    if (e.ret) ok = ok && r.ret && *r.ret == *e.ret;
    if (e.errnoName) ok = ok && r.ret && *r.ret == -1 && names::errnoName(r.err) == *e.errnoName;
    if (e.signal) ok = ok && *e.signal == "SIGPIPE" && r.sigpipe;
    if (e.blocked) ok = ok && blocked;
    if (e.revents) ok = ok && revents(r) == *e.revents;
    if (e.optval) ok = ok && r.optval == *e.optval;
    if (e.data) ok = ok && r.data == *e.data;
    ExpectEvent ev;
    ev.line = step.pos.line;
    ev.endpoint = step.endpoint;
    ev.ok = ok;
    ev.expected = e.text;
    ev.actual = describeOutcome(r, blocked, &e);
    ev.callId = r.callId;
    return ev;
}

} // namespace finscope
