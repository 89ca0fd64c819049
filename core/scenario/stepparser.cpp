// SPDX-License-Identifier: MIT
#include "core/scenario/stepparser.h"

#include "core/scenario/parsetext.h"

#include <cctype>

namespace finscope::fsc {

bool StepParser::parse(RawStep& out) {
    const Token& ep = t_[0];
    out.step.endpoint = ep.text;
    out.step.pos = pos(ep);
    k_ = 2; // endpoint and ':' were checked by the caller
    const std::size_t textBegin = cur().begin;
    if (!results(out)) return false;
    if (!call(out)) return false;
    if (!repeat(out)) return false;
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
    case Tok::Duration:
        return fail(cur(), "'" + cur().text + "' has a unit; arguments are plain numbers (sleep() takes seconds, "
                           "usleep() microseconds)");
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

/// `until 0`, `until EAGAIN`, `5 times` after the call.
bool StepParser::repeat(RawStep& out) {
    Repeat r;
    out.repeatPos = pos(cur());
    if (cur().kind == Tok::Name && cur().text == "until") {
        ++k_;
        out.repeatValuePos = pos(cur());
        if (cur().kind == Tok::Integer) {
            r.kind = Repeat::Kind::UntilReturn;
            r.ret = cur().integer;
        } else if (cur().kind == Tok::Name) {
            r.kind = Repeat::Kind::UntilErrno;
            r.errnoName = cur().text;
        } else {
            return fail(cur(), "expected a return value or an errno name after 'until', as in 'until 0' or "
                               "'until EAGAIN', but found " + describe(cur()));
        }
        ++k_;
    } else if (cur().kind == Tok::Integer) {
        r.kind = Repeat::Kind::Times;
        r.count = cur().integer;
        out.repeatValuePos = pos(cur());
        ++k_;
        if (cur().kind != Tok::Name || cur().text != "times")
            return fail(cur(), "expected 'times' after the number, as in 'write(\"x\") 3 times'");
        ++k_;
    } else {
        return true;
    }
    r.text = std::string(line_.substr(t_[k_ - 2].begin, t_[k_ - 1].end - t_[k_ - 2].begin));
    out.step.repeat = std::move(r);
    return true;
}

bool StepParser::extra(ExpectItem& item) {
    item.pos = pos(cur());
    if (cur().kind != Tok::Name)
        return fail(cur(), "expected a signal, no SIGPIPE, blocked, revents=, value=, data=, wire=, state=, orphan= "
                           "or took but found " + describe(cur()));
    const std::string word = cur().text;
    ++k_;
    using K = ExpectItem::Kind;
    if (word == "blocked") {
        item.kind = K::Blocked;
        return true;
    }
    if (word == "no") {
        item.kind = K::NoSignal;
        return this->word(item, "no");
    }
    if (word == "wire") {
        item.kind = K::Wire;
        if (cur().kind != Tok::Equals) return fail(cur(), "expected '=' after 'wire', as in wire=[> F.]");
        ++k_;
        return wire(item);
    }
    if (word == "state") return state(item);
    if (word == "orphan") {
        item.kind = K::Orphan;
        if (cur().kind != Tok::Equals) return fail(cur(), "expected '=' after 'orphan', as in orphan=yes");
        ++k_;
        return this->word(item, "orphan=");
    }
    if (word == "took") {
        item.kind = K::Took;
        if (cur().kind != Tok::Compare)
            return fail(cur(), "expected >=, >, <= or < after 'took', as in 'took >= 1.9s'");
        item.took.op = cur().text;
        ++k_;
        if (cur().kind != Tok::Duration)
            return fail(cur(), "expected a duration with its unit after '" + item.took.op + "', as in 1.9s or 200ms");
        item.took.ns = cur().integer;
        ++k_;
        return true;
    }
    if (word == "revents" || word == "value" || word == "data") {
        item.kind = word == "revents" ? K::Revents : word == "value" ? K::OptValue : K::Data;
        if (cur().kind != Tok::Equals) return fail(cur(), "expected '=' after '" + word + "'");
        ++k_;
        item.arg.value.pos = pos(cur());
        return value(item.arg);
    }
    if (cur().kind == Tok::Equals) {
        const std::vector<std::string> keys = {"revents", "value", "data", "wire", "state", "orphan"};
        return fail(t_[k_ - 1], "unknown expectation '" + word + "='" + didYouMean(word, keys));
    }
    item.kind = K::Signal;
    item.name = word;
    return true;
}

/// The name after `no`, `orphan=`, `state=`.
bool StepParser::word(ExpectItem& item, const std::string& after) {
    if (cur().kind != Tok::Name) return fail(cur(), "expected a name after '" + after + "' but found " + describe(cur()));
    item.name = cur().text;
    item.valuePos = pos(cur());
    ++k_;
    return true;
}

/// `state=FIN_WAIT2` or `state(connfd)=CLOSE_WAIT`.
bool StepParser::state(ExpectItem& item) {
    item.kind = ExpectItem::Kind::State;
    if (cur().kind == Tok::LParen) {
        ++k_;
        if (cur().kind != Tok::Name) return fail(cur(), "expected a descriptor name in state(...)");
        item.socket = cur().text;
        item.socketPos = pos(cur());
        ++k_;
        if (cur().kind != Tok::RParen) return fail(cur(), "missing ')' after state(" + item.socket);
        ++k_;
    }
    if (cur().kind != Tok::Equals) return fail(cur(), "expected '=' after 'state', as in state=FIN_WAIT2");
    ++k_;
    return word(item, "state=");
}

/// `[> F., < .]`: packetdrill's arrows (`>` this endpoint sends, `<` it
/// receives), tcpdump's flag letters, and an optional payload length in
/// parentheses: `> P.(3)`. `[]` is "nothing on the wire".
bool StepParser::wire(ExpectItem& item) {
    if (cur().kind != Tok::Bracket)
        return fail(cur(), "expected a list of segments after 'wire=', as in wire=[> F., < .] or wire=[]");
    const Token& b = cur();
    const std::string& text = b.text;
    const std::size_t base = b.begin + 1; // offset of the content in the line
    auto at = [&](std::size_t i) { return SourcePos{lineNo_, columnOf(line_, base + i)}; };
    auto bad = [&](std::size_t i, std::string message) {
        errors_.push_back({at(i), std::move(message)});
        return false;
    };
    std::size_t i = 0;
    auto spaces = [&] { while (i < text.size() && isSpace(text[i])) ++i; };
    spaces();
    while (i < text.size()) {
        WirePattern w;
        if (text[i] != '>' && text[i] != '<')
            return bad(i, "expected '>' (sent) or '<' (received) to start a segment, as in '> F.'");
        w.sent = text[i] == '>';
        ++i;
        spaces();
        const std::size_t flagsAt = i;
        while (i < text.size() && (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '.')) w.flags += text[i++];
        if (w.flags.empty()) return bad(i, "expected TCP flags such as S, S., ., P., F., R after the arrow");
        spaces();
        if (i < text.size() && text[i] == '(') {
            const std::size_t open = i++;
            std::int64_t n = 0;
            const std::size_t digits = i;
            while (i < text.size() && isDigit(text[i]) && n < 1'000'000'000) n = n * 10 + (text[i++] - '0');
            if (i == digits || i >= text.size() || text[i] != ')')
                return bad(open, "a length is written in parentheses after the flags, as in '> P.(3)'");
            ++i;
            w.length = n;
            spaces();
        }
        item.wire.push_back(w);
        item.wirePos.push_back(at(flagsAt));
        if (i >= text.size()) break;
        if (text[i] != ',') return bad(i, "expected ',' between segments, as in wire=[> F., < .]");
        ++i;
        spaces();
        if (i >= text.size()) return bad(i, "expected a segment after ','");
    }
    ++k_;
    return true;
}

} // namespace finscope::fsc
