// SPDX-License-Identifier: MIT
#include "core/scenario/validator.h"

#include "core/scenario/parsetext.h"
#include "core/scenario/questionreader.h"

#include "core/loopbackguard.h"

#include <algorithm>
#include <limits>

namespace finscope::fsc {

void Validator::step(RawStep& raw) {
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
    if (s.repeat) checkRepeat(raw, *spec, fdWritten);
    applyEffects(raw, *spec, fdWritten);
    if (raw.expect) {
        // After the effects, so that the names this step defines are known
        // to state(x)=; the descriptor it closed still is.
        std::vector<std::string> descriptors = fdNames(s.endpoint);
        if (!s.fd.empty()) descriptors.push_back(s.fd);
        ExpectValidator(errors_).check(raw, descriptors);
    }
    sc_.steps.push_back(std::move(s));
}

/// `until ...` and `N times`: only calls that can be repeated on one line.
void Validator::checkRepeat(RawStep& raw, const CallSpec& spec, bool fdWritten) {
    const Step& s = raw.step;
    const Repeat& r = *s.repeat;
    if (s.call == "fork" || s.call == "exit" || s.call == "kill") {
        error(raw.repeatPos, s.call + "() cannot repeat: write one line per call");
        return;
    }
    if (definesSomething(spec, fdWritten)) {
        error(raw.repeatPos, s.call + "() defines a name, so it cannot repeat: write one line per call");
        return;
    }
    if (r.kind == Repeat::Kind::Times && (r.count < 1 || r.count > kMaxRepeat)) {
        error(raw.repeatValuePos, "a step repeats from 1 to " + std::to_string(kMaxRepeat) + " times");
        return;
    }
    if (r.kind == Repeat::Kind::UntilErrno && !names::errnoValue(r.errnoName))
        error(raw.repeatValuePos, "unknown errno name '" + r.errnoName + "'" + didYouMean(r.errnoName, names::errnoNames()) +
                                      " (write 'until 0' for a return value, 'until EAGAIN' for an error)");
}

void Validator::brokenStep(RawStep& raw) {
    if (raw.step.endpoint.empty()) return;
    touchEndpoint(raw.step.endpoint);
    const CallSpec* spec = findCall(raw.step.call);
    if (!spec) return;
    const auto first = std::find_if(raw.args.begin(), raw.args.end(), [](const RawArg& a) { return a.value.key.empty(); });
    const bool fdWritten = first != raw.args.end() && first->value.kind == Value::Kind::Names &&
                           first->value.names.size() == 1 && findFd(raw.step.endpoint, first->value.names[0]);
    define(raw, *spec, fdWritten, true);
}

void Validator::touchEndpoint(const std::string& name) {
    if (state_.count(name)) return;
    state_[name];
    sc_.endpoints.push_back(name);
}

std::vector<std::string> Validator::fdNames(const std::string& endpoint) const {
    std::vector<std::string> out;
    auto it = state_.find(endpoint);
    if (it != state_.end())
        for (const auto& d : it->second.fds) out.push_back(d.name);
    return out;
}

Descriptor* Validator::findFd(const std::string& endpoint, const std::string& name) {
    for (auto& d : state_[endpoint].fds)
        if (d.name == name) return &d;
    return nullptr;
}

std::string Validator::notDefined(const std::string& endpoint, const std::string& name) const {
    const auto defined = fdNames(endpoint);
    std::string m = "'" + name + "' is not defined for endpoint '" + endpoint + "'";
    return m + (defined.empty() ? " (it has no open descriptor)" : " (defined: " + joinComma(defined) + ")");
}

bool Validator::meantAsArgument(const std::string& name, const std::vector<Param>& params) {
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

bool Validator::resolveFd(RawStep& raw, const CallSpec& spec) {
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
    if (s.call == "connect") {
        // connect(AF_UNSPEC) dissolves the current socket's association: it
        // makes no socket of its own, unlike connect().
        std::vector<Value> values;
        for (const auto& a : raw.args) values.push_back(a.value);
        if (isDisconnect(values)) {
            const auto& fds = state_[s.endpoint].fds;
            if (!fds.empty()) s.fd = fds.back().name;
            else error(s.callPos, "connect(AF_UNSPEC) needs a socket, and endpoint '" + s.endpoint + "' has none open");
            return true;
        }
    }
    defaultFd(raw, spec);
    return false;
}

void Validator::defaultFd(RawStep& raw, const CallSpec& spec) {
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

void Validator::checkArgs(RawStep& raw, const CallSpec& spec, bool fdWritten) {
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

bool Validator::misplacedName(const Step& s, const RawArg& a, const Param& p, const std::vector<Param>& params) {
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

std::size_t Validator::paramIndex(const std::vector<Param>& params, const std::string& key) {
    for (std::size_t i = 0; i < params.size(); ++i)
        if (key == params[i].name) return i;
    return params.size();
}

std::string Validator::signature(const CallSpec& spec, const std::vector<Param>& params) {
    std::vector<std::string> parts;
    if (spec.fd != FdUse::None) parts.emplace_back("fd");
    for (const auto& p : params) parts.emplace_back(p.name);
    return " (it takes: " + (parts.empty() ? std::string("nothing") : joinComma(parts)) + ")";
}

void Validator::unknownKey(const Step& s, const RawArg& a, const std::vector<Param>& params) {
    std::vector<std::string> keys;
    for (const auto& p : params) keys.emplace_back(p.name);
    error(a.value.pos, s.call + "() has no argument '" + a.value.key + "'" +
                           (keys.empty() ? std::string() : didYouMean(a.value.key, keys)));
}

std::string Validator::hint(const Param& p) {
    const auto c = candidatesFor(p.kind);
    if (!c.empty()) return ": " + joinOr(c);
    return "";
}

void Validator::checkValue(const Step& s, const RawArg& a, const Param& p) {
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

std::string Validator::integerWhat(ArgKind k) {
    switch (k) {
    case ArgKind::Data: return "a string or a byte count";
    case ArgKind::Address: return "a port number or a string address such as \"127.0.0.1:5000\"";
    default: return "a number";
    }
}

void Validator::checkRange(const Step& s, const RawArg& a, const Param& p) {
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

void Validator::checkFlags(const Step& s, const RawArg& a, const Param& p, const FlagKind& fk) {
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

void Validator::checkFlagName(const Step& s, const std::string& name, SourcePos at, const FlagKind& fk,
                   const std::vector<std::string>& allowed) {
    if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) return;
    if (names::flagValue(fk.set, name))
        error(at, name + " is not valid for " + s.call + "() (use " + joinOr(allowed) + ")");
    else
        error(at, "unknown " + std::string(fk.noun) + " '" + name + "'" + didYouMean(name, allowed));
}

void Validator::checkOption(const Step& s, const RawArg& a) {
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

void Validator::applyEffects(RawStep& raw, const CallSpec& spec, bool fdWritten) {
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

bool Validator::killsForSure(const Step& s) {
    const Value* sig = s.args.empty() ? nullptr : &s.args[0];
    return sig && sig->isName("SIGKILL");
}

void Validator::define(RawStep& raw, const CallSpec& spec, bool fdWritten, bool quiet) {
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

std::string Validator::wrongCount(const CallSpec& spec) {
    if (spec.defaults.size() == 2)
        return std::string(spec.name) + "() defines two names, as in '" + spec.defaults[0] + ", " +
               spec.defaults[1] + " = " + spec.name + "()'";
    return std::string(spec.name) + "() defines one name, as in '" + spec.defaults[0] + " = " + spec.name + "()'";
}

void Validator::defineFd(const Step& s, const std::string& name, SourcePos at, bool listening, bool quiet) {
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

std::string Validator::useExisting(const Step& s, const std::string& name) {
    if (s.call != "connect" && s.call != "listen") return "";
    return ", or use the open one: " + s.call + "(" + name + ")";
}

std::string Validator::freeName(const std::string& endpoint, const std::string& base) {
    for (int n = 2; n < 1000; ++n) {
        std::string candidate = base + std::to_string(n);
        if (!findFd(endpoint, candidate)) return candidate;
    }
    return base + "_new";
}

void Validator::defineEndpoint(RawStep& raw, bool quiet) {
    Step& s = raw.step;
    if (s.results.size() != 1) {
        if (!quiet)
            error(s.results.empty() ? s.callPos : raw.resultPos[1],
                  "fork() needs one name for the child endpoint, as in 'worker = fork()'");
        return;
    }
    const std::string& child = s.results[0];
    const bool header = std::find(kHeaderKeys.begin(), kHeaderKeys.end(), child) != kHeaderKeys.end() ||
                        std::find(kQuestionKeys.begin(), kQuestionKeys.end(), child) != kQuestionKeys.end();
    const bool reserved = child == "wire" || child == "together";
    if (isEndpoint(child) || header || reserved) {
        if (!quiet)
            error(raw.resultPos[0], header     ? "'" + child + "' is a header or question key and cannot name an endpoint"
                                    : reserved ? "'" + child + "' is a reserved word and cannot name an endpoint"
                                               : "endpoint '" + child + "' already exists; name the child differently");
        return;
    }
    touchEndpoint(child);
    state_[child] = state_[s.endpoint];
}

const Descriptor* Validator::implicitListener(const Step& accept) {
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

} // namespace finscope::fsc
