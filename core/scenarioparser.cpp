// SPDX-License-Identifier: MIT
#include "core/scenarioparser.h"

#include "core/loopbackguard.h"

#include "core/names.h"

#include <algorithm>
#include <cctype>
#include <arpa/inet.h>
#include <cstdint>
#include <limits>
#include <map>
#include <set>

namespace finscope {
namespace {

constexpr std::size_t kMaxErrors = 100;
constexpr std::int64_t kMaxBytes = 64 * 1024 * 1024;
constexpr std::int64_t kMaxSleepSeconds = 120;              // longer than TIME_WAIT, shorter than patience
constexpr std::int64_t kMaxUsleep = kMaxSleepSeconds * 1'000'000;
const std::vector<std::string> kHeaderKeys = {"title", "group", "summary", "about"};

bool isSpace(char c) { return c == ' ' || c == '\t'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool isNameChar(char c) { return isNameStart(c) || isDigit(c) || c == '-'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && (isSpace(s.front()) || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (isSpace(s.back()) || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Columns count characters, not bytes, so that they match what an editor
// shows for UTF-8 text; a tab is one column.
int columnOf(std::string_view line, std::size_t offset) {
    int col = 1;
    for (std::size_t i = 0; i < offset && i < line.size(); ++i)
        if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
    return col;
}

std::string joinOr(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

std::string joinComma(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
    return out;
}

std::string didYouMean(std::string_view wrong, const std::vector<std::string>& candidates) {
    const std::string s = names::suggest(wrong, candidates);
    return s.empty() ? "" : " (did you mean " + s + "?)";
}

std::string printable(char c) {
    if (c > 32 && c < 127) return std::string(1, c);
    static const char* digits = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("\\x") + digits[u >> 4] + digits[u & 15];
}

// ---------------------------------------------------------------- lexer

enum class Tok { Name, Integer, String, LParen, RParen, Comma, Equals, Arrow, Pipe, Colon, End };

struct Token {
    Tok kind = Tok::End;
    std::string text; // a name as written, or a string's unescaped bytes
    std::int64_t integer = 0;
    std::size_t begin = 0; // byte offsets in the line
    std::size_t end = 0;
    int column = 1;        // of `begin`
};

std::string describe(const Token& t) {
    switch (t.kind) {
    case Tok::Name: return "'" + t.text + "'";
    case Tok::Integer: return "number " + std::to_string(t.integer);
    case Tok::String: return "a string";
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::Comma: return "','";
    case Tok::Equals: return "'='";
    case Tok::Arrow: return "'=>'";
    case Tok::Pipe: return "'|'";
    case Tok::Colon: return "':'";
    case Tok::End: return "the end of the line";
    }
    return "?";
}

/// Splits one line into tokens; a '#' outside a string ends it. Reports the
/// first lexical error and gives up on the line, because what follows a
/// broken string or number cannot be trusted.
class Lexer {
public:
    Lexer(std::string_view line, int lineNo, std::vector<ParseError>& errors)
        : line_(line), lineNo_(lineNo), errors_(errors) {}

    bool run(std::vector<Token>& out) {
        std::size_t lastEnd = i_;
        while (true) {
            while (i_ < line_.size() && (isSpace(line_[i_]) || line_[i_] == '\r')) ++i_;
            if (i_ >= line_.size() || line_[i_] == '#') break;
            Token t;
            t.begin = i_;
            t.column = column(i_);
            if (!lexOne(t)) return false;
            t.end = i_;
            lastEnd = i_;
            out.push_back(std::move(t));
        }
        // The end sits right after the last token: where a missing ')' belongs.
        Token end;
        end.begin = end.end = lastEnd;
        end.column = column(lastEnd);
        out.push_back(end);
        return true;
    }

private:
    // Offsets only grow, so columns are counted incrementally: recounting
    // from the line start for every token would be quadratic on long lines.
    int column(std::size_t offset) {
        if (offset < colOffset_) return columnOf(line_, offset);
        for (; colOffset_ < offset && colOffset_ < line_.size(); ++colOffset_)
            if ((static_cast<unsigned char>(line_[colOffset_]) & 0xC0) != 0x80) ++col_;
        return col_;
    }

    bool fail(std::size_t at, std::string message) {
        errors_.push_back({{lineNo_, columnOf(line_, at)}, std::move(message)});
        return false;
    }

    bool lexOne(Token& t) {
        const char c = line_[i_];
        switch (c) {
        case '(': return single(t, Tok::LParen);
        case ')': return single(t, Tok::RParen);
        case ',': return single(t, Tok::Comma);
        case '|': return single(t, Tok::Pipe);
        case ':': return single(t, Tok::Colon);
        case '=':
            if (i_ + 1 < line_.size() && line_[i_ + 1] == '>') {
                t.kind = Tok::Arrow;
                i_ += 2;
                return true;
            }
            return single(t, Tok::Equals);
        case '"': return string(t);
        case '~':
            if (line_.substr(i_ + 1, 10) == "O_NONBLOCK")
                return fail(i_, "'~O_NONBLOCK' is written BLOCKING");
            return fail(i_, "unexpected character '~'");
        default: break;
        }
        if (c == '-' || isDigit(c)) return number(t);
        if (isNameStart(c)) return name(t);
        return fail(i_, "unexpected character '" + printable(c) + "'");
    }

    bool single(Token& t, Tok kind) {
        t.kind = kind;
        ++i_;
        return true;
    }

    bool name(Token& t) {
        const std::size_t start = i_;
        while (i_ < line_.size() && isNameChar(line_[i_])) ++i_;
        t.kind = Tok::Name;
        t.text = std::string(line_.substr(start, i_ - start));
        return true;
    }

    bool number(Token& t) {
        const std::size_t start = i_;
        const bool negative = line_[i_] == '-';
        if (negative) ++i_;
        if (i_ >= line_.size() || !isDigit(line_[i_])) return fail(start, "expected a number after '-'");
        std::uint64_t value = 0;
        const std::uint64_t limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        bool overflow = false;
        for (; i_ < line_.size() && isDigit(line_[i_]); ++i_) {
            const auto digit = static_cast<std::uint64_t>(line_[i_] - '0');
            if (value > (limit - digit) / 10) overflow = true;
            else value = value * 10 + digit;
        }
        if (i_ < line_.size() && isNameChar(line_[i_])) {
            std::size_t e = i_;
            while (e < line_.size() && isNameChar(line_[e])) ++e;
            return fail(start, "bad number '" + std::string(line_.substr(start, e - start)) + "'");
        }
        if (overflow) return fail(start, "number out of range");
        t.kind = Tok::Integer;
        t.integer = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
        return true;
    }

    bool string(Token& t) {
        const std::size_t open = i_++;
        t.kind = Tok::String;
        while (i_ < line_.size() && line_[i_] != '"') {
            if (line_[i_] != '\\') {
                t.text += line_[i_++];
                continue;
            }
            if (!escape(t.text)) return false;
        }
        if (i_ >= line_.size()) return fail(open, "unterminated string (missing closing '\"')");
        ++i_;
        return true;
    }

    static int hexDigit(char c) {
        if (isDigit(c)) return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool escape(std::string& out) {
        const std::size_t at = i_++;
        if (i_ >= line_.size()) return fail(at, "unterminated string (missing closing '\"')");
        const char e = line_[i_++];
        switch (e) {
        case 'n': out += '\n'; return true;
        case 'r': out += '\r'; return true;
        case 't': out += '\t'; return true;
        case '\\': out += '\\'; return true;
        case '"': out += '"'; return true;
        case '0': out += '\0'; return true;
        case 'x': {
            const int hi = i_ < line_.size() ? hexDigit(line_[i_]) : -1;
            const int lo = i_ + 1 < line_.size() ? hexDigit(line_[i_ + 1]) : -1;
            if (hi < 0 || lo < 0) return fail(at, "'\\x' needs two hex digits, as in \\x0a");
            out += static_cast<char>(hi * 16 + lo);
            i_ += 2;
            return true;
        }
        default:
            return fail(at, "unknown escape '\\" + printable(e) + "' (use \\n \\r \\t \\\\ \\\" \\0 or \\xHH)");
        }
    }

    std::string_view line_;
    int lineNo_;
    std::vector<ParseError>& errors_;
    std::size_t i_ = 0;
    std::size_t colOffset_ = 0;
    int col_ = 1;
};

// ---------------------------------------------------------------- raw steps

struct RawArg {
    Value value;
    SourcePos valuePos;               // of the value, after any `key=`
    std::vector<SourcePos> namePos;   // of each name in `A|B`
    bool fromToken = true;
};

struct ExpectItem {
    enum class Kind { Signal, Blocked, Revents, OptValue, Data } kind = Kind::Blocked;
    std::string name; // the signal
    RawArg arg;       // revents=, value=, data=
    SourcePos pos;
};

struct RawExpect {
    Expectation e;
    std::int64_t ret = 0;
    SourcePos retPos;
    std::optional<std::string> errnoName;
    SourcePos errnoPos;
    std::vector<ExpectItem> items;
};

struct RawStep {
    Step step;
    std::vector<RawArg> args;
    std::vector<SourcePos> resultPos;
    SourcePos closePos;
    std::optional<RawExpect> expect;
};

/// Recursive descent over one step line's tokens.
class StepParser {
public:
    StepParser(std::string_view line, int lineNo, std::vector<Token> tokens, std::vector<ParseError>& errors)
        : line_(line), lineNo_(lineNo), t_(std::move(tokens)), errors_(errors) {}

    /// Fills `out` as far as the line goes; false on a syntax error (then
    /// `out.step.call` is still set when the call name was read).
    bool parse(RawStep& out) {
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

private:
    const Token& cur() const { return t_[std::min(k_, t_.size() - 1)]; }
    const Token& peek(std::size_t n) const { return t_[std::min(k_ + n, t_.size() - 1)]; }
    SourcePos pos(const Token& t) const { return {lineNo_, t.column}; }

    bool fail(const Token& at, std::string message) {
        errors_.push_back({pos(at), std::move(message)});
        return false;
    }

    bool results(RawStep& out) {
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

    bool call(RawStep& out) {
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

    bool closeParen(RawStep& out) {
        out.closePos = pos(cur());
        ++k_;
        return true;
    }

    bool argument(RawArg& a) {
        a.value.pos = pos(cur());
        if (cur().kind == Tok::Name && peek(1).kind == Tok::Equals) {
            a.value.key = cur().text;
            k_ += 2;
        }
        return value(a);
    }

    bool value(RawArg& a) {
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

    bool names(RawArg& a) {
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

    bool expectation(RawStep& out) {
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

    bool extra(ExpectItem& item) {
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

    std::string_view line_;
    int lineNo_;
    std::vector<Token> t_;
    std::vector<ParseError>& errors_;
    std::size_t k_ = 0;
};

// ---------------------------------------------------------------- calls

enum class FdUse { None, Current, Listening, OnlyIfWritten };

enum class ArgKind {
    Port, Address, Count, Data, Backlog, Timeout, Seconds, Micros, Status, IntValue, OnOff,
    InetFamily, UnixFamily, Shut, SendFlags, RecvFlags, Option, Fcntl, PollEvents, EpollEvents, Signal, Action,
};

struct Param {
    const char* name;
    ArgKind kind;
    bool required;
};

struct CallSpec {
    const char* name;
    FdUse fd;
    std::vector<std::string> defaults; // names the call defines when not written
    std::vector<Param> params;         // after the descriptor
};

const std::vector<CallSpec>& callSpecs() {
    using A = ArgKind;
    static const std::vector<CallSpec> specs = {
        {"socket", FdUse::None, {"sockfd"}, {{"family", A::InetFamily, false}}},
        {"listen", FdUse::OnlyIfWritten, {"listenfd"}, {{"port", A::Port, false}, {"backlog", A::Backlog, false}}},
        {"bind", FdUse::Current, {}, {{"port", A::Address, true}}},
        {"connect", FdUse::OnlyIfWritten, {"sockfd"}, {{"port", A::Address, false}}},
        {"accept", FdUse::Listening, {"connfd"}, {}},
        {"close", FdUse::Current, {}, {}},
        {"shutdown", FdUse::Current, {}, {{"how", A::Shut, true}}},
        {"write", FdUse::Current, {}, {{"data", A::Data, true}}},
        {"send", FdUse::Current, {}, {{"data", A::Data, true}, {"flags", A::SendFlags, false}}},
        {"read", FdUse::Current, {}, {{"count", A::Count, false}}},
        {"recv", FdUse::Current, {}, {{"count", A::Count, false}, {"flags", A::RecvFlags, false}}},
        {"setsockopt", FdUse::Current, {}, {{"option", A::Option, true}}},
        {"getsockopt", FdUse::Current, {}, {{"option", A::Option, true}}},
        {"fcntl", FdUse::Current, {}, {{"flag", A::Fcntl, true}}},
        {"poll", FdUse::Current, {}, {{"events", A::PollEvents, true}, {"timeout", A::Timeout, false}}},
        {"epoll_wait", FdUse::Current, {}, {{"events", A::EpollEvents, true}, {"timeout", A::Timeout, false}}},
        {"signal", FdUse::None, {}, {{"sig", A::Signal, true}, {"action", A::Action, true}}},
        {"sleep", FdUse::None, {}, {{"seconds", A::Seconds, true}}},  // as in C: seconds
        {"usleep", FdUse::None, {}, {{"us", A::Micros, true}}},
        {"socketpair", FdUse::None, {"sv0", "sv1"}, {{"family", A::UnixFamily, false}}},
        {"pipe", FdUse::None, {"rfd", "wfd"}, {}},
        {"fork", FdUse::None, {}, {}},
        {"exit", FdUse::None, {}, {{"status", A::Status, false}}},
        {"kill", FdUse::None, {}, {{"sig", A::Signal, true}}},
    };
    return specs;
}

const CallSpec* findCall(std::string_view name) {
    for (const auto& s : callSpecs())
        if (name == s.name) return &s;
    return nullptr;
}

std::vector<std::string> callNames() {
    std::vector<std::string> out;
    for (const auto& s : callSpecs()) out.emplace_back(s.name);
    return out;
}

/// The option written as the first argument of setsockopt(), if known.
std::optional<names::SockOptInfo> optionOf(const std::vector<Value>& args) {
    for (const auto& v : args)
        if ((v.key.empty() || v.key == "option") && v.kind == Value::Kind::Names && v.names.size() == 1)
            return names::sockOpt(v.names[0]);
    return std::nullopt;
}

bool firstPositionalIsName(const std::vector<Value>& args) {
    for (const auto& v : args)
        if (v.key.empty()) return v.kind == Value::Kind::Names;
    return false;
}

/// The parameters of a call once its descriptor is known, in positional order.
std::vector<Param> paramsOf(const CallSpec& spec, bool fdWritten, const std::vector<Value>& args) {
    std::vector<Param> params = spec.params;
    const std::string_view name = spec.name;
    if (name == "listen" && fdWritten) params = {{"backlog", ArgKind::Backlog, false}};
    // listen(AF_INET6) and connect(AF_INET6, 5000) make an IPv6 socket: the
    // family, when given, comes first, so that a bare number stays the port.
    if ((name == "listen" || name == "connect") && !fdWritten && firstPositionalIsName(args))
        params.insert(params.begin(), {"family", ArgKind::InetFamily, false});
    if (name == "setsockopt") {
        const auto opt = optionOf(args);
        if (opt && opt->kind == names::SockOptInfo::ValueKind::Linger) {
            params.push_back({"on", ArgKind::OnOff, true});
            params.push_back({"linger", ArgKind::IntValue, true});
        } else {
            params.push_back({"value", ArgKind::IntValue, true});
        }
    }
    return params;
}

bool definesSomething(const CallSpec& spec, bool fdWritten) {
    const std::string_view name = spec.name;
    if (name == "fork") return true;
    if (spec.fd == FdUse::OnlyIfWritten && fdWritten) return false;
    return !spec.defaults.empty();
}

struct FlagKind {
    names::FlagSet set;
    const char* noun;
    std::vector<std::string> allowed; // empty: every name of the set
};

std::optional<FlagKind> flagKind(ArgKind k) {
    using F = names::FlagSet;
    switch (k) {
    case ArgKind::InetFamily: return FlagKind{F::Family, "address family", {"AF_INET", "AF_INET6"}};
    case ArgKind::UnixFamily: return FlagKind{F::Family, "address family", {"AF_UNIX"}};
    case ArgKind::Shut: return FlagKind{F::ShutHow, "shutdown mode", {}};
    case ArgKind::SendFlags:
        return FlagKind{F::MsgFlags, "flag", {"MSG_NOSIGNAL", "MSG_DONTWAIT", "MSG_OOB", "MSG_MORE"}};
    case ArgKind::RecvFlags: return FlagKind{F::MsgFlags, "flag", {"MSG_PEEK", "MSG_DONTWAIT", "MSG_WAITALL", "MSG_OOB"}};
    case ArgKind::Fcntl: return FlagKind{F::FcntlFlag, "fcntl flag", {}};
    case ArgKind::PollEvents: return FlagKind{F::PollEvents, "poll event", {}};
    case ArgKind::EpollEvents: return FlagKind{F::EpollEvents, "epoll event", {}};
    case ArgKind::Signal: return FlagKind{F::Signal, "signal", {}};
    case ArgKind::Action: return FlagKind{F::SignalAction, "signal action", {}};
    default: return std::nullopt;
    }
}

bool isBitSet(names::FlagSet s) {
    return s == names::FlagSet::MsgFlags || s == names::FlagSet::PollEvents || s == names::FlagSet::EpollEvents;
}

std::vector<std::string> allowedNames(const FlagKind& fk) {
    return fk.allowed.empty() ? names::flagNames(fk.set) : fk.allowed;
}

/// The names a parameter of this kind accepts, empty when it takes no names.
std::vector<std::string> candidatesFor(ArgKind k) {
    if (k == ArgKind::Option) return names::sockOptNames();
    if (const auto fk = flagKind(k)) return allowedNames(*fk);
    return {};
}

/// A C name of any vocabulary: never a descriptor the author forgot to define.
bool isKnownConstant(const std::string& name) {
    using F = names::FlagSet;
    for (F set : {F::MsgFlags, F::PollEvents, F::EpollEvents, F::ShutHow, F::Family, F::Signal, F::SignalAction,
                  F::FcntlFlag})
        if (names::flagValue(set, name) && name != "0") return true;
    return names::sockOpt(name) || names::signalValue(name) || names::errnoValue(name);
}

bool validAddress(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find("]:");
        if (close == std::string::npos) return false;
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        in6_addr a6{};
        if (inet_pton(AF_INET6, host.c_str(), &a6) != 1) return false;
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string::npos) return false;
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        in_addr a4{};
        if (inet_pton(AF_INET, host.c_str(), &a4) != 1) return false;
    }
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), isDigit)) return false;
    const int p = std::stoi(port);
    return p >= 1 && p <= 65535;
}

// ---------------------------------------------------------------- validation

struct Descriptor {
    std::string name;
    int listenSeq = 0; // 0: not listening; otherwise when it became so
};

struct EndpointState {
    std::vector<Descriptor> fds; // in order of definition
    int exitedLine = 0;
};

/// Checks steps in file order, tracking every endpoint's descriptors as the
/// run will have them, and fills in the defaults.
class Validator {
public:
    Validator(Scenario& scenario, std::vector<ParseError>& errors) : sc_(scenario), errors_(errors) {}

    bool isEndpoint(const std::string& name) const { return state_.count(name) != 0; }

    void step(RawStep& raw) {
        Step& s = raw.step;
        touchEndpoint(s.endpoint);
        EndpointState& ep = state_[s.endpoint];
        if (ep.exitedLine != 0) {
            error(s.pos, "endpoint '" + s.endpoint + "' has already exited (line " + std::to_string(ep.exitedLine) +
                             ")");
            return;
        }
        const CallSpec* spec = findCall(s.call);
        if (!spec) {
            error(s.callPos, "unknown call '" + s.call + "'" + didYouMean(s.call, callNames()));
            return;
        }
        const bool fdWritten = resolveFd(raw, *spec);
        checkArgs(raw, *spec, fdWritten);
        if (raw.expect) checkExpect(raw);
        applyEffects(raw, *spec, fdWritten);
        sc_.steps.push_back(std::move(s));
    }

    /// A step whose line did not parse: keep the descriptors it would have
    /// defined, so that later lines do not report consequential errors.
    void brokenStep(RawStep& raw) {
        if (raw.step.endpoint.empty()) return;
        touchEndpoint(raw.step.endpoint);
        const CallSpec* spec = findCall(raw.step.call);
        if (!spec) return;
        const auto first = std::find_if(raw.args.begin(), raw.args.end(), [](const RawArg& a) { return a.value.key.empty(); });
        const bool fdWritten = first != raw.args.end() && first->value.kind == Value::Kind::Names &&
                               first->value.names.size() == 1 && findFd(raw.step.endpoint, first->value.names[0]);
        define(raw, *spec, fdWritten, true);
    }

private:
    void error(SourcePos p, std::string message) { errors_.push_back({p, std::move(message)}); }

    void touchEndpoint(const std::string& name) {
        if (state_.count(name)) return;
        state_[name];
        sc_.endpoints.push_back(name);
    }

    std::vector<std::string> fdNames(const std::string& endpoint) const {
        std::vector<std::string> out;
        auto it = state_.find(endpoint);
        if (it != state_.end())
            for (const auto& d : it->second.fds) out.push_back(d.name);
        return out;
    }

    Descriptor* findFd(const std::string& endpoint, const std::string& name) {
        for (auto& d : state_[endpoint].fds)
            if (d.name == name) return &d;
        return nullptr;
    }

    std::string notDefined(const std::string& endpoint, const std::string& name) const {
        const auto defined = fdNames(endpoint);
        std::string m = "'" + name + "' is not defined for endpoint '" + endpoint + "'";
        return m + (defined.empty() ? " (it has no open descriptor)" : " (defined: " + joinComma(defined) + ")");
    }

    /// Whether an unknown name in the descriptor position was meant as the
    /// next argument (a misspelt flag) rather than as a descriptor.
    static bool meantAsArgument(const std::string& name, const std::vector<Param>& params) {
        if (isKnownConstant(name)) return true;
        std::vector<std::string> candidates;
        for (const auto& p : params) {
            const auto c = candidatesFor(p.kind);
            candidates.insert(candidates.end(), c.begin(), c.end());
        }
        if (candidates.empty()) return false;
        if (!names::suggest(name, candidates).empty()) return true;
        return std::all_of(name.begin(), name.end(), [](char c) { return !(c >= 'a' && c <= 'z'); });
    }

    /// Takes the descriptor argument out of the arguments, or fills in the
    /// default one. Returns whether it was written.
    bool resolveFd(RawStep& raw, const CallSpec& spec) {
        Step& s = raw.step;
        if (spec.fd == FdUse::None) return false;
        auto first = std::find_if(raw.args.begin(), raw.args.end(), [](const RawArg& a) { return a.value.key.empty(); });
        if (first != raw.args.end() && first->value.kind == Value::Kind::Names && first->value.names.size() == 1) {
            const std::string& name = first->value.names[0];
            if (findFd(s.endpoint, name)) {
                s.fd = name;
                raw.args.erase(first);
                return true;
            }
            std::vector<Value> values;
            for (const auto& a : raw.args) values.push_back(a.value);
            if (!meantAsArgument(name, paramsOf(spec, false, values))) {
                error(first->valuePos, notDefined(s.endpoint, name));
                raw.args.erase(first);
                return true;
            }
        }
        defaultFd(raw, spec);
        return false;
    }

    void defaultFd(RawStep& raw, const CallSpec& spec) {
        Step& s = raw.step;
        const auto& fds = state_[s.endpoint].fds;
        if (spec.fd == FdUse::OnlyIfWritten) return;
        if (spec.fd == FdUse::Listening) {
            const Descriptor* best = nullptr;
            for (const auto& d : fds)
                if (d.listenSeq != 0 && (!best || d.listenSeq > best->listenSeq)) best = &d;
            if (!best && explicitListeners_.empty()) best = implicitListener(s);
            if (best) s.fd = best->name;
            else error(s.callPos, "accept() needs a listening socket, and endpoint '" + s.endpoint +
                                      "' has none (call listen() first)");
            return;
        }
        if (!fds.empty()) s.fd = fds.back().name;
        else error(s.callPos, s.call + "() needs a descriptor, and endpoint '" + s.endpoint + "' has none open");
    }

    // ---- arguments

    void checkArgs(RawStep& raw, const CallSpec& spec, bool fdWritten) {
        Step& s = raw.step;
        std::vector<Value> values;
        for (const auto& a : raw.args) values.push_back(a.value);
        const auto params = paramsOf(spec, fdWritten, values);
        std::vector<const RawArg*> bound(params.size(), nullptr);
        std::size_t positional = 0;
        for (const auto& a : raw.args) {
            std::size_t index = params.size();
            if (a.value.key.empty()) {
                index = positional++;
                if (index >= params.size()) {
                    error(a.value.pos, "too many arguments for " + s.call + "()" + signature(spec, params));
                    break;
                }
            } else {
                index = paramIndex(params, a.value.key);
                if (index >= params.size()) {
                    unknownKey(s, a, params);
                    continue;
                }
            }
            if (bound[index]) {
                error(a.value.pos, "argument '" + std::string(params[index].name) + "' given twice");
                continue;
            }
            bound[index] = &a;
            if (!misplacedName(s, a, params[index], params)) checkValue(s, a, params[index]);
        }
        for (std::size_t i = 0; i < params.size(); ++i)
            if (params[i].required && !bound[i])
                error(raw.closePos, s.call + "() needs the argument '" + params[i].name + "'" + hint(params[i]));
        for (const auto& a : raw.args) s.args.push_back(a.value);
    }

    /// A flag written where a number goes, as in recv(MSG_PEEK): point to
    /// the parameter it belongs to rather than just saying "a number".
    bool misplacedName(const Step& s, const RawArg& a, const Param& p, const std::vector<Param>& params) {
        if (a.value.kind != Value::Kind::Names || a.value.names.size() != 1 || !candidatesFor(p.kind).empty())
            return false;
        const std::string& name = a.value.names[0];
        for (const auto& other : params) {
            const auto candidates = candidatesFor(other.kind);
            if (candidates.empty()) continue;
            const bool exact = std::find(candidates.begin(), candidates.end(), name) != candidates.end();
            const std::string meant = exact ? name : names::suggest(name, candidates);
            if (meant.empty()) continue;
            error(a.valuePos, "'" + std::string(p.name) + "' of " + s.call + "() must be a number; for " + other.name +
                                  " write " + other.name + "=" + meant);
            return true;
        }
        return false;
    }

    static std::size_t paramIndex(const std::vector<Param>& params, const std::string& key) {
        for (std::size_t i = 0; i < params.size(); ++i)
            if (key == params[i].name) return i;
        return params.size();
    }

    static std::string signature(const CallSpec& spec, const std::vector<Param>& params) {
        std::vector<std::string> parts;
        if (spec.fd != FdUse::None) parts.emplace_back("fd");
        for (const auto& p : params) parts.emplace_back(p.name);
        return " (it takes: " + (parts.empty() ? std::string("nothing") : joinComma(parts)) + ")";
    }

    void unknownKey(const Step& s, const RawArg& a, const std::vector<Param>& params) {
        std::vector<std::string> keys;
        for (const auto& p : params) keys.emplace_back(p.name);
        error(a.value.pos, s.call + "() has no argument '" + a.value.key + "'" +
                               (keys.empty() ? std::string() : didYouMean(a.value.key, keys)));
    }

    static std::string hint(const Param& p) {
        const auto c = candidatesFor(p.kind);
        if (!c.empty()) return ": " + joinOr(c);
        return "";
    }

    void checkValue(const Step& s, const RawArg& a, const Param& p) {
        if (const auto fk = flagKind(p.kind)) return checkFlags(s, a, p, *fk);
        if (p.kind == ArgKind::Option) return checkOption(s, a);
        if (p.kind == ArgKind::Data && a.value.kind == Value::Kind::String) return;
        if (p.kind == ArgKind::Address && a.value.kind == Value::Kind::String) {
            if (!validAddress(a.value.text))
                error(a.valuePos, "bad address \"" + a.value.text + "\" (write \"127.0.0.1:5000\" or \"[::1]:5000\")");
            else if (auto refused = refusedAddress(a.value.text); !refused.empty())
                error(a.valuePos, refused);
            return;
        }
        if (a.value.kind != Value::Kind::Integer) {
            error(a.valuePos, "'" + std::string(p.name) + "' of " + s.call + "() must be " + integerWhat(p.kind));
            return;
        }
        checkRange(s, a, p);
    }

    static std::string integerWhat(ArgKind k) {
        switch (k) {
        case ArgKind::Data: return "a string or a byte count";
        case ArgKind::Address: return "a port number or a string address such as \"127.0.0.1:5000\"";
        default: return "a number";
        }
    }

    void checkRange(const Step& s, const RawArg& a, const Param& p) {
        const std::int64_t v = a.value.integer;
        std::int64_t lo = 0;
        std::int64_t hi = std::numeric_limits<int>::max();
        switch (p.kind) {
        case ArgKind::Port:
        case ArgKind::Address: lo = 1; hi = 65535; break;
        case ArgKind::Count:
        case ArgKind::Data: hi = kMaxBytes; break;
        case ArgKind::Timeout: lo = -1; break;
        case ArgKind::Seconds: hi = kMaxSleepSeconds; break;
        case ArgKind::Micros: hi = kMaxUsleep; break;
        case ArgKind::Status: hi = 255; break;
        case ArgKind::OnOff: hi = 1; break;
        case ArgKind::IntValue: lo = std::numeric_limits<int>::min(); break;
        default: break;
        }
        if (v < lo || v > hi)
            error(a.valuePos, "'" + std::string(p.name) + "' of " + s.call + "() must be from " + std::to_string(lo) +
                                  " to " + std::to_string(hi));
    }

    void checkFlags(const Step& s, const RawArg& a, const Param& p, const FlagKind& fk) {
        const auto allowed = allowedNames(fk);
        const bool bitSet = isBitSet(fk.set);
        if (a.value.kind == Value::Kind::Integer && bitSet && a.value.integer == 0) return;
        if (a.value.kind != Value::Kind::Names) {
            auto choices = allowed;
            if (bitSet) choices.emplace_back("0");
            error(a.valuePos, "'" + std::string(p.name) + "' of " + s.call + "() must be " + joinOr(choices));
            return;
        }
        if (!bitSet && a.value.names.size() > 1) {
            error(a.namePos[1], "only one " + std::string(fk.noun) + " can be given: " + joinOr(allowed));
            return;
        }
        for (std::size_t i = 0; i < a.value.names.size(); ++i) checkFlagName(s, a.value.names[i], a.namePos[i], fk, allowed);
    }

    void checkFlagName(const Step& s, const std::string& name, SourcePos at, const FlagKind& fk,
                       const std::vector<std::string>& allowed) {
        if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return;
        if (names::flagValue(fk.set, name))
            error(at, name + " is not valid for " + s.call + "() (use " + joinOr(allowed) + ")");
        else
            error(at, "unknown " + std::string(fk.noun) + " '" + name + "'" + didYouMean(name, allowed));
    }

    void checkOption(const Step& s, const RawArg& a) {
        if (a.value.kind != Value::Kind::Names || a.value.names.size() != 1) {
            error(a.valuePos, s.call + "() needs a socket option such as SO_LINGER");
            return;
        }
        const std::string& name = a.value.names[0];
        if (!names::sockOpt(name))
            error(a.valuePos, "unknown socket option '" + name + "'" + didYouMean(name, names::sockOptNames()));
        else if (s.call == "setsockopt" && name == "SO_ERROR")
            error(a.valuePos, "SO_ERROR can only be read: use getsockopt(SO_ERROR)");
    }

    // ---- expectations

    void checkExpect(RawStep& raw) {
        RawExpect& x = *raw.expect;
        Expectation& e = x.e;
        if (x.errnoName) checkErrno(x);
        for (auto& item : x.items) checkExtra(raw.step, item, e);
        raw.step.expect = e;
    }

    void checkErrno(RawExpect& x) {
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

    void checkExtra(const Step& s, ExpectItem& item, Expectation& e) {
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

    void checkSignal(const ExpectItem& item, Expectation& e) {
        if (!names::signalValue(item.name)) {
            error(item.pos, unknownExtra(item.name));
            return;
        }
        if (e.signal) error(item.pos, "only one signal can be expected");
        else e.signal = item.name;
    }

    static std::string unknownExtra(const std::string& word) {
        if (names::errnoValue(word)) return "the errno name goes right after -1, as in '=> -1 " + word + "'";
        std::vector<std::string> words = names::signalNames();
        for (const char* w : {"blocked", "revents", "value", "data"}) words.emplace_back(w);
        const std::string near = names::suggest(word, words);
        if (!near.empty()) return "unknown expectation '" + word + "' (did you mean " + near + "?)";
        return "unknown expectation '" + word + "' (expected a signal such as SIGPIPE, blocked, revents=, value= or data=)";
    }

    void checkRevents(const Step& s, const ExpectItem& item, Expectation& e) {
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

    void checkOptValue(const Step& s, const ExpectItem& item, Expectation& e) {
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

    // ---- effects on the endpoints' descriptors

    void applyEffects(RawStep& raw, const CallSpec& spec, bool fdWritten) {
        const Step& s = raw.step;
        const std::string_view call = s.call;
        if (call == "close" && !s.fd.empty()) {
            auto& fds = state_[s.endpoint].fds;
            fds.erase(std::remove_if(fds.begin(), fds.end(), [&](const Descriptor& d) { return d.name == s.fd; }),
                      fds.end());
        } else if (call == "listen" && fdWritten) {
            if (Descriptor* d = findFd(s.endpoint, s.fd)) d->listenSeq = ++listenSeq_;
        } else if (call == "exit" || (call == "kill" && killsForSure(s))) {
            state_[s.endpoint].fds.clear();
            state_[s.endpoint].exitedLine = s.pos.line;
        }
        define(raw, spec, fdWritten, false);
    }

    static bool killsForSure(const Step& s) {
        const Value* sig = s.args.empty() ? nullptr : &s.args[0];
        return sig && sig->isName("SIGKILL");
    }

    void define(RawStep& raw, const CallSpec& spec, bool fdWritten, bool quiet) {
        Step& s = raw.step;
        const bool defines = definesSomething(spec, fdWritten);
        if (!defines) {
            if (!s.results.empty() && !quiet)
                error(raw.resultPos[0], s.call + "() defines no name (remove '" + s.results[0] + " =')");
            s.results.clear();
            return;
        }
        if (s.call == "fork") return defineEndpoint(raw, quiet);
        const bool written = !s.results.empty();
        if (written && s.results.size() != spec.defaults.size()) {
            if (!quiet) error(raw.resultPos[0], wrongCount(spec));
            return;
        }
        if (!written) s.results = spec.defaults;
        for (std::size_t i = 0; i < s.results.size(); ++i) {
            const SourcePos at = written ? raw.resultPos[i] : s.callPos;
            defineFd(s, s.results[i], at, spec.name == std::string_view("listen"), quiet);
        }
    }

    static std::string wrongCount(const CallSpec& spec) {
        if (spec.defaults.size() == 2)
            return std::string(spec.name) + "() defines two names, as in '" + spec.defaults[0] + ", " +
                   spec.defaults[1] + " = " + spec.name + "()'";
        return std::string(spec.name) + "() defines one name, as in '" + spec.defaults[0] + " = " + spec.name + "()'";
    }

    void defineFd(const Step& s, const std::string& name, SourcePos at, bool listening, bool quiet) {
        auto& fds = state_[s.endpoint].fds;
        if (findFd(s.endpoint, name)) {
            if (!quiet)
                error(at, "'" + name + "' is still open on endpoint '" + s.endpoint + "'; name the new one: " +
                              freeName(s.endpoint, name) + " = " + s.call + "()" + useExisting(s, name));
            return;
        }
        Descriptor d{name, listening ? ++listenSeq_ : 0};
        fds.push_back(d);
    }

    // connect() and listen() make their own socket unless given one: an
    // author who called socket() first usually meant to pass it.
    static std::string useExisting(const Step& s, const std::string& name) {
        if (s.call != "connect" && s.call != "listen") return "";
        return ", or use the open one: " + s.call + "(" + name + ")";
    }

    std::string freeName(const std::string& endpoint, const std::string& base) {
        for (int n = 2; n < 1000; ++n) {
            std::string candidate = base + std::to_string(n);
            if (!findFd(endpoint, candidate)) return candidate;
        }
        return base + "_new";
    }

    void defineEndpoint(RawStep& raw, bool quiet) {
        Step& s = raw.step;
        if (s.results.size() != 1) {
            if (!quiet)
                error(s.results.empty() ? s.callPos : raw.resultPos[1],
                      "fork() needs one name for the child endpoint, as in 'worker = fork()'");
            return;
        }
        const std::string& child = s.results[0];
        const bool header = std::find(kHeaderKeys.begin(), kHeaderKeys.end(), child) != kHeaderKeys.end();
        if (isEndpoint(child) || header) {
            if (!quiet)
                error(raw.resultPos[0], header ? "'" + child + "' is a header key and cannot name an endpoint"
                                               : "endpoint '" + child + "' already exists; name the child differently");
            return;
        }
        touchEndpoint(child);
        state_[child] = state_[s.endpoint];
    }

    /// A server written as `server: accept()` alone (as in most textbook
    /// ladders) gets the listen() it needs at the very start of the run, on
    /// the port the first connect() names, so that the client's connect()
    /// before it finds a listener. Only in a file where nobody calls
    /// listen(): an author who does is told where it is missing.
    const Descriptor* implicitListener(const Step& accept) {
        Step listen;
        listen.endpoint = accept.endpoint;
        listen.call = "listen";
        listen.implicit = true;
        listen.pos = accept.pos;
        listen.callPos = accept.callPos;
        listen.text = "listen()  # implicit: accept() on line " + std::to_string(accept.pos.line) + " needs it";
        for (const auto& st : sc_.steps) {
            const Value* port = st.call == "connect" ? findArg(st, "port") : nullptr;
            if (port && port->kind == Value::Kind::Integer) {
                Value v = *port;
                v.key.clear();
                listen.args.push_back(v);
                break;
            }
        }
        std::string name = findFd(accept.endpoint, "listenfd") ? freeName(accept.endpoint, "listenfd") : "listenfd";
        listen.results = {name};
        sc_.steps.insert(sc_.steps.begin(), listen);
        auto& fds = state_[accept.endpoint].fds;
        fds.push_back(Descriptor{name, ++listenSeq_});
        return &fds.back();
    }

public:
    /// Endpoints whose lines call listen() somewhere (found before validation).
    void setExplicitListeners(std::set<std::string> endpoints) { explicitListeners_ = std::move(endpoints); }

private:
    Scenario& sc_;
    std::vector<ParseError>& errors_;
    std::map<std::string, EndpointState> state_;
    std::set<std::string> explicitListeners_;
    int listenSeq_ = 0;
};

// ---------------------------------------------------------------- file

struct Header {
    std::string value;
    int line = 0;
};

/// Reads the file line by line: headers, the about block, steps.
class FileParser {
public:
    FileParser(std::string_view text, const std::string& path) : text_(text) {
        sc_.path = path;
        sc_.id = scenarioIdFromPath(path);
        sc_.source = std::string(text);
        splitLines();
    }

    ParseResult run() {
        Validator validator(sc_, errors_);
        validator.setExplicitListeners(endpointsCallingListen());
        for (std::size_t i = 0; i < lines_.size() && errors_.size() < kMaxErrors; ++i) line(i, validator);
        finish();
        ParseResult r;
        if (errors_.size() > kMaxErrors) errors_.resize(kMaxErrors);
        if (errors_.size() == kMaxErrors) errors_.push_back({errors_.back().pos, "too many errors; stopping here"});
        if (errors_.empty()) r.scenario = std::move(sc_);
        r.errors = std::move(errors_);
        return r;
    }

private:
    /// `NAME: [x =] listen(` anywhere in the file, whether or not the line is valid.
    std::set<std::string> endpointsCallingListen() const {
        std::set<std::string> out;
        for (const auto& l : lines_) {
            std::size_t i = 0;
            auto spaces = [&] { while (i < l.size() && (l[i] == ' ' || l[i] == '\t')) ++i; };
            auto word = [&] {
                std::size_t start = i;
                while (i < l.size() && (std::isalnum(static_cast<unsigned char>(l[i])) || l[i] == '_' || l[i] == '-')) ++i;
                return l.substr(start, i - start);
            };
            spaces();
            std::string_view endpoint = word();
            spaces();
            if (endpoint.empty() || i >= l.size() || l[i] != ':') continue;
            ++i;
            spaces();
            std::string_view call = word();
            spaces();
            if (i < l.size() && l[i] == '=') {  // `x = listen(`
                ++i;
                spaces();
                call = word();
                spaces();
            }
            if (call == "listen" && i < l.size() && l[i] == '(') out.insert(std::string(endpoint));
        }
        return out;
    }

    void splitLines() {
        std::size_t start = 0;
        while (start <= text_.size()) {
            std::size_t nl = text_.find('\n', start);
            if (nl == std::string_view::npos) nl = text_.size();
            std::string_view l = text_.substr(start, nl - start);
            if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
            lines_.push_back(l);
            start = nl + 1;
        }
    }

    void error(int lineNo, std::size_t offset, std::string message) {
        errors_.push_back({{lineNo, columnOf(lines_[static_cast<std::size_t>(lineNo - 1)], offset)}, std::move(message)});
    }

    void line(std::size_t& i, Validator& validator) {
        const std::string_view l = lines_[i];
        const int lineNo = static_cast<int>(i + 1);
        std::size_t at = 0;
        while (at < l.size() && isSpace(l[at])) ++at;
        if (at >= l.size() || l[at] == '#') return;
        std::size_t end = at;
        while (end < l.size() && isNameChar(l[end])) ++end;
        std::size_t colon = end;
        while (colon < l.size() && isSpace(l[colon])) ++colon;
        if (!isNameStart(l[at]) || colon >= l.size() || l[colon] != ':') {
            error(lineNo, at, "expected a step 'endpoint: call(...)' or a header 'key: value'");
            return;
        }
        const std::string key(l.substr(at, end - at));
        const std::string_view rest = l.substr(colon + 1);
        if (std::find(kHeaderKeys.begin(), kHeaderKeys.end(), key) != kHeaderKeys.end())
            return header(i, key, at, rest);
        if (notAStep(lineNo, key, at, rest, validator)) return;
        step(lineNo, validator);
    }

    /// The call name in `[names =] call(...`, or "" when there is none.
    static std::string_view callWord(std::string_view rest) {
        const std::size_t paren = rest.find('(');
        if (paren == std::string_view::npos) return {};
        std::string_view head = rest.substr(0, paren);
        const std::size_t eq = head.rfind('=');
        if (eq != std::string_view::npos) head.remove_prefix(eq + 1);
        return trim(head);
    }

    /// A line `key: value` that is not a step: a misspelt or unknown header.
    bool notAStep(int lineNo, const std::string& key, std::size_t at, std::string_view rest, const Validator& v) {
        if (v.isEndpoint(key) || findCall(callWord(rest))) return false;
        const std::string header = names::suggest(key, kHeaderKeys);
        if (!header.empty()) {
            error(lineNo, at, "unknown header '" + key + ":' (did you mean " + header + ":?)");
            return true;
        }
        const bool callLike = rest.find('(') != std::string_view::npos || rest.find('=') != std::string_view::npos;
        if (callLike || !sc_.steps.empty() || sawStep_) return false;
        error(lineNo, at, "'" + key + ":' is neither a header (title, group, summary, about) nor a step such as "
                          "'client: connect()'");
        return true;
    }

    void header(std::size_t& i, const std::string& key, std::size_t at, std::string_view rest) {
        const int lineNo = static_cast<int>(i + 1);
        if (sawStep_) {
            error(lineNo, at, "header '" + key + ":' must come before the first step");
            if (key == "about" && trim(rest) == "|") aboutBlock(i);
            return;
        }
        auto& h = headers_[key];
        if (h.line != 0) {
            error(lineNo, at, "duplicate '" + key + ":' header (first on line " + std::to_string(h.line) + ")");
            return;
        }
        h.line = lineNo;
        const std::string_view value = trim(rest);
        if (key == "about" && value == "|") {
            h.value = aboutBlock(i);
            return;
        }
        h.value = std::string(value);
        if (h.value.empty() && key != "about")
            error(lineNo, static_cast<std::size_t>(rest.data() - lines_[i].data()), "empty '" + key + ":' header");
    }

    /// The indented lines after `about: |`; advances `i` to the block's last line.
    std::string aboutBlock(std::size_t& i) {
        std::vector<std::string_view> block;
        std::size_t indent = std::string_view::npos;
        std::size_t j = i + 1;
        for (; j < lines_.size(); ++j) {
            const std::string_view l = lines_[j];
            const bool blank = trim(l).empty();
            if (!blank && !isSpace(l.front())) break;
            if (!blank && indent == std::string_view::npos)
                for (indent = 0; indent < l.size() && isSpace(l[indent]);) ++indent;
            block.push_back(l);
        }
        i = j - 1;
        std::string out;
        bool pendingBreak = false;
        for (std::string_view l : block) {
            if (trim(l).empty()) {
                pendingBreak = !out.empty();
                continue;
            }
            std::size_t cut = 0;
            while (cut < indent && cut < l.size() && isSpace(l[cut])) ++cut;
            if (!out.empty()) out += pendingBreak ? "\n\n" : "\n";
            pendingBreak = false;
            std::string_view content = l.substr(cut);
            while (!content.empty() && isSpace(content.back())) content.remove_suffix(1);
            out += content;
        }
        return out;
    }

    void step(int lineNo, Validator& validator) {
        sawStep_ = true;
        const std::string_view l = lines_[static_cast<std::size_t>(lineNo - 1)];
        std::vector<Token> tokens;
        if (!Lexer(l, lineNo, errors_).run(tokens)) return;
        RawStep raw;
        if (!StepParser(l, lineNo, std::move(tokens), errors_).parse(raw)) {
            validator.brokenStep(raw);
            return;
        }
        validator.step(raw);
    }

    static std::string firstSentence(const std::string& about) {
        std::string flat;
        for (char c : about.substr(0, about.find("\n\n"))) {
            if (c == '\n' || c == '\t') c = ' ';
            if (c == ' ' && (flat.empty() || flat.back() == ' ')) continue;
            flat += c;
        }
        for (std::size_t k = 0; k < flat.size(); ++k)
            if ((flat[k] == '.' || flat[k] == '!' || flat[k] == '?') && (k + 1 == flat.size() || flat[k + 1] == ' '))
                return flat.substr(0, k + 1);
        return std::string(trim(flat));
    }

    void finish() {
        sc_.title = headers_["title"].value;
        sc_.group = headers_["group"].value.empty() ? "My scenarios" : headers_["group"].value;
        sc_.about = headers_["about"].value;
        sc_.summary = headers_["summary"].value.empty() ? firstSentence(sc_.about) : headers_["summary"].value;
        if (headers_["title"].line == 0) errors_.insert(errors_.begin(), {{1, 1}, "missing 'title:' header"});
        if (!sawStep_) errors_.push_back({{1, 1}, "no steps: add lines such as 'client: connect()'"});
        std::stable_sort(errors_.begin(), errors_.end(), [](const ParseError& a, const ParseError& b) {
            return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.column < b.pos.column;
        });
    }

    std::string_view text_;
    std::vector<std::string_view> lines_;
    std::vector<ParseError> errors_;
    std::map<std::string, Header> headers_;
    Scenario sc_;
    bool sawStep_ = false;
};

} // namespace

ParseResult parseScenario(std::string_view text, const std::string& path) {
    try {
        return FileParser(text, path).run();
    } catch (const std::exception& e) {
        // Only allocation can throw here; a parser must still answer.
        ParseResult r;
        r.errors.push_back({{0, 0}, std::string("cannot parse: ") + e.what()});
        return r;
    }
}

std::string formatError(const std::string& path, const ParseError& error) {
    if (error.pos.line <= 0) return path + ": " + error.message;
    return path + ":" + std::to_string(error.pos.line) + ":" + std::to_string(error.pos.column) + ": " + error.message;
}

std::string scenarioIdFromPath(std::string_view path) {
    const auto slash = path.find_last_of('/');
    std::string_view stem = slash == std::string_view::npos ? path : path.substr(slash + 1);
    const auto dot = stem.rfind('.');
    if (dot != std::string_view::npos && dot > 0) stem = stem.substr(0, dot);
    std::size_t digits = 0;
    while (digits < stem.size() && isDigit(stem[digits])) ++digits;
    if (digits > 0 && digits + 1 < stem.size() && stem[digits] == '-') stem.remove_prefix(digits + 1);
    return std::string(stem);
}

const Value* findArg(const Step& step, std::string_view param) {
    const CallSpec* spec = findCall(step.call);
    if (!spec) return nullptr;
    const auto params = paramsOf(*spec, !step.fd.empty(), step.args);
    std::size_t positional = 0;
    for (const auto& v : step.args) {
        if (!v.key.empty()) {
            if (v.key == param) return &v;
            continue;
        }
        if (positional < params.size() && param == params[positional].name) return &v;
        ++positional;
    }
    return nullptr;
}

} // namespace finscope
