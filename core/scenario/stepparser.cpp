// SPDX-License-Identifier: MIT
#include "core/scenario/stepparser.h"

#include "core/scenario/parsetext.h"

namespace finscope::fsc {

bool StepParser::parse(RawStep& out) {
    const Token& ep = t_[0];
    out.step.endpoint = ep.text;
    out.step.pos = pos(ep);
    k_ = 2; // endpoint and ':' were checked by the caller
    const std::size_t textBegin = cur().begin;
    if (!results(out)) return false;
    if (!call(out)) return false;
    out.step.text = std::string(trim(line_.substr(textBegin, t_[k_ - 1].end - textBegin)));
    if (cur().kind == Tok::Arrow) {
        ++k_;
        if (!expectation(out)) return false;
    }
    if (cur().kind != Tok::End) return fail(cur(), "unexpected " + describe(cur()) + " after the call");
    return true;
}

bool StepParser::fail(const Token& at, std::string message) {
    errors_.push_back({pos(at), std::move(message)});
    return false;
}

bool StepParser::results(RawStep& out) {
    if (cur().kind != Tok::Name || (peek(1).kind != Tok::Equals && peek(1).kind != Tok::Comma)) return true;
    while (true) {
        if (cur().kind != Tok::Name) return fail(cur(), "expected a name but found " + describe(cur()));
        out.step.results.push_back(cur().text);
        out.resultPos.push_back(pos(cur()));
        ++k_;
        if (cur().kind == Tok::Equals) break;
        if (cur().kind != Tok::Comma) return fail(cur(), "expected ',' or '=' but found " + describe(cur()));
        ++k_;
    }
    ++k_;
    return true;
}

bool StepParser::call(RawStep& out) {
    if (cur().kind != Tok::Name)
        return fail(cur(), "expected a call such as write(...) but found " + describe(cur()));
    out.step.call = cur().text;
    out.step.callPos = pos(cur());
    ++k_;
    if (cur().kind != Tok::LParen)
        return fail(cur(), "expected '(' after '" + out.step.call + "' but found " + describe(cur()));
    ++k_;
    if (cur().kind == Tok::RParen) return closeParen(out);
    while (true) {
        RawArg a;
        if (!argument(a)) return false;
        out.args.push_back(std::move(a));
        if (cur().kind == Tok::RParen) return closeParen(out);
        if (cur().kind == Tok::End) return fail(cur(), "missing ')' to close '" + out.step.call + "('");
        if (cur().kind != Tok::Comma) return fail(cur(), "expected ',' or ')' but found " + describe(cur()));
        ++k_;
    }
}

bool StepParser::closeParen(RawStep& out) {
    out.closePos = pos(cur());
    ++k_;
    return true;
}

bool StepParser::argument(RawArg& a) {
    a.value.pos = pos(cur());
    if (cur().kind == Tok::Name && peek(1).kind == Tok::Equals) {
        a.value.key = cur().text;
        k_ += 2;
    }
    return value(a);
}

bool StepParser::value(RawArg& a) {
    a.valuePos = pos(cur());
    switch (cur().kind) {
    case Tok::Integer:
        a.value.kind = Value::Kind::Integer;
        a.value.integer = cur().integer;
        ++k_;
        return true;
    case Tok::String:
        a.value.kind = Value::Kind::String;
        a.value.text = cur().text;
        ++k_;
        return true;
    case Tok::Name: return names(a);
    case Tok::End: return fail(cur(), "missing value at the end of the line");
    default: return fail(cur(), "expected a value but found " + describe(cur()));
    }
}

bool StepParser::names(RawArg& a) {
    a.value.kind = Value::Kind::Names;
    while (true) {
        if (cur().kind != Tok::Name) return fail(cur(), "expected a name after '|' but found " + describe(cur()));
        a.value.names.push_back(cur().text);
        a.namePos.push_back(pos(cur()));
        ++k_;
        if (cur().kind != Tok::Pipe) return true;
        ++k_;
    }
}

bool StepParser::expectation(RawStep& out) {
    RawExpect x;
    const Token& first = cur();
    x.e.pos = pos(first);
    x.e.text = std::string(trim(line_.substr(first.begin, t_.back().end - first.begin)));
    if (first.kind != Tok::Integer)
        return fail(first, "expected the return value after '=>' (as in '=> 0' or '=> -1 EPIPE') but found " +
                               describe(first));
    x.ret = first.integer;
    x.retPos = pos(first);
    x.e.ret = first.integer;
    ++k_;
    if (cur().kind == Tok::Name) {
        x.errnoName = cur().text;
        x.errnoPos = pos(cur());
        ++k_;
    }
    while (cur().kind == Tok::Comma) {
        ++k_;
        ExpectItem item;
        if (!extra(item)) return false;
        x.items.push_back(std::move(item));
    }
    out.expect = std::move(x);
    return true;
}

bool StepParser::extra(ExpectItem& item) {
    item.pos = pos(cur());
    if (cur().kind != Tok::Name)
        return fail(cur(), "expected a signal, blocked, revents=, value= or data= but found " + describe(cur()));
    const std::string word = cur().text;
    ++k_;
    using K = ExpectItem::Kind;
    if (word == "blocked") {
        item.kind = K::Blocked;
        return true;
    }
    if (word == "revents" || word == "value" || word == "data") {
        item.kind = word == "revents" ? K::Revents : word == "value" ? K::OptValue : K::Data;
        if (cur().kind != Tok::Equals) return fail(cur(), "expected '=' after '" + word + "'");
        ++k_;
        item.arg.value.pos = pos(cur());
        return value(item.arg);
    }
    item.kind = K::Signal;
    item.name = word;
    return true;
}

} // namespace finscope::fsc
