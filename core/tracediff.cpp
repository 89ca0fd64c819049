// SPDX-License-Identifier: MIT
#include "core/tracediff.h"

#include "core/textrenderer.h"

#include <algorithm>
#include <exception>
#include <map>
#include <regex>
#include <set>
#include <utility>

namespace finscope {
namespace {

/// Linux hands out ephemeral ports from 32768-60999 (ip_local_port_range):
/// a client's port differs between runs, the server's fixed port does not.
std::string withoutEphemeralPorts(const std::string& text) {
    static const std::regex ephemeral(R"(:(3[2-9][0-9]{3}|[4-5][0-9]{4}|60[0-9]{3})\b)");
    return std::regex_replace(text, ephemeral, ":*");
}

/// Process ids differ from run to run (the sandbox has no pid namespace):
/// fork()'s result and kill()'s target are written as the endpoint's name.
using PidNames = std::map<std::int64_t, std::string>;

std::string pidText(std::int64_t pid, const PidNames& pids) {
    auto it = pids.find(pid);
    return it == pids.end() ? std::string("pid(?)") : "pid(" + it->second + ")";
}

std::string syscallArgs(const SyscallEvent& c, const PidNames& pids) {
    if (c.call == "kill") {
        const auto comma = c.args.find(',');
        try {
            return pidText(std::stoll(c.args.substr(0, comma)), pids) +
                   (comma == std::string::npos ? "" : c.args.substr(comma));
        } catch (const std::exception&) {
        }
    }
    return withoutEphemeralPorts(c.args);
}

std::string syscallText(const SyscallEvent& c, const PidNames& pids) {
    std::string s = c.call + "(" + syscallArgs(c, pids) + ")";
    if (c.phase == "blocked") return s + " blocks";
    if (!c.ret) return s + " does not return";
    const bool isPid = c.call == "fork" && *c.ret > 0;
    s += (c.phase == "return" ? " returns " : " = ") + (isPid ? pidText(*c.ret, pids) : std::to_string(*c.ret));
    if (c.errnoName) s += " " + *c.errnoName;
    if (!c.result.empty()) s += "  " + withoutEphemeralPorts(c.result);
    if (c.errnoStale && c.staleErrno) s += "  (errno still " + *c.staleErrno + ")";
    return s;
}

std::string endpointOr(const std::optional<std::string>& endpoint, const std::string& address) {
    return endpoint ? *endpoint : withoutEphemeralPorts(address);
}

std::optional<StepFact> factOf(const TraceEvent& e, const PidNames& pids) {
    using K = StepFact::Kind;
    if (const auto* c = e.as<SyscallEvent>()) return StepFact{K::Syscall, c->endpoint, syscallText(*c, pids)};
    if (const auto* p = e.as<PacketEvent>()) {
        // The window is left out: it follows buffer autotuning, not the scenario.
        std::string lane = endpointOr(p->from, p->src) + " > " + endpointOr(p->to, p->dst);
        // A frame the wire dropped is the scenario's doing: it differs from one delivered.
        return StepFact{K::Packet, p->conn.empty() ? lane : p->conn + " " + lane,
                        packetLabel(*p) + (p->fate == "dropped" ? " (dropped)" : "")};
    }
    if (const auto* s = e.as<SignalEvent>())
        return StepFact{K::Signal, s->endpoint, s->signal + " " + s->disposition + " (" + s->action + ")"};
    if (const auto* x = e.as<ExitEvent>())
        return StepFact{K::Exit, x->endpoint,
                        x->signal ? "killed by " + *x->signal : "exit status " + std::to_string(x->status.value_or(0))};
    if (const auto* st = e.as<StateEvent>()) {
        // Queues, timers and whether a state was sampled or derived depend on
        // when the sampler looked; the sequence of states does not.
        std::string socket = st->socket.empty() ? withoutEphemeralPorts(st->local) : st->socket;
        return StepFact{K::State, st->endpoint + " " + socket, st->state};
    }
    return std::nullopt;
}

/// Adds a fact, dropping a state that repeats its lane's previous one (a
/// sample confirming a derived state, or a queue change).
void addFact(StepOutcome& step, StepFact fact) {
    if (fact.kind == StepFact::Kind::State) {
        for (auto it = step.facts.rbegin(); it != step.facts.rend(); ++it) {
            if (it->kind != StepFact::Kind::State || it->lane != fact.lane) continue;
            if (it->text == fact.text) return;
            break;
        }
    }
    step.facts.push_back(std::move(fact));
}

std::string callName(const std::string& text) {
    std::string s = text.substr(0, text.find('('));
    if (auto eq = s.find('='); eq != std::string::npos) s = s.substr(eq + 1);
    s.erase(0, s.find_first_not_of(' '));
    return s;
}

/// Calls that do the same job, so that close() faces shutdown() and write()
/// faces send() when two scenarios differ in just that call.
int family(const std::string& call) {
    static const std::map<std::string, int> families = {
        {"close", 1}, {"shutdown", 1}, {"exit", 1}, {"kill", 1},  {"write", 2},      {"send", 2},
        {"read", 3},  {"recv", 3},     {"poll", 4}, {"epoll_wait", 4}, {"sleep", 5}, {"usleep", 5},
        {"listen", 6}, {"socket", 6},  {"connect", 7}, {"accept", 8}, {"socketpair", 9}, {"pipe", 9}};
    auto it = families.find(call);
    return it == families.end() ? 0 : it->second;
}

/// How well two steps match: 0 never (another endpoint, or calls of
/// different jobs), more for the same kind of call, most for the same text.
int matchScore(const StepOutcome& a, const StepOutcome& b) {
    if (a.index < 0 || b.index < 0) return a.index < 0 && b.index < 0 ? 8 : 0;
    if (a.endpoint != b.endpoint) return 0;
    if (a.text == b.text) return 4;
    const std::string ca = callName(a.text), cb = callName(b.text);
    if (ca == cb) return 3;
    return family(ca) != 0 && family(ca) == family(cb) ? 2 : 0;
}

using FactSeq = std::vector<std::string>;
using Lanes = std::map<std::pair<StepFact::Kind, std::string>, FactSeq>;

/// A step's facts by lane; `repeats` selects the packets sent again, or everything else.
Lanes byLane(const StepOutcome& step, bool repeats = false) {
    Lanes lanes;
    for (const auto& f : step.facts)
        if (f.repeat == repeats) lanes[{f.kind, f.lane}].push_back(f.text);
    // A socket's states read as one path (FIN_WAIT1 -> FIN_WAIT2), compared whole.
    for (auto& [key, seq] : lanes) {
        if (key.first != StepFact::Kind::State || seq.size() < 2) continue;
        std::string path = seq.front();
        for (std::size_t i = 1; i < seq.size(); ++i) path += " -> " + seq[i];
        seq = {path};
    }
    return lanes;
}

/// The differing middle of two sequences (common head and tail dropped),
/// paired position by position: that pairs F. with R. where a FIN became a
/// reset, and leaves a missing packet facing nothing.
void compareLane(StepFact::Kind kind, const std::string& lane, const FactSeq& a, const FactSeq& b,
                 std::vector<FactDiff>& out) {
    std::size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
    std::size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
    const std::size_t na = a.size() - head - tail, nb = b.size() - head - tail;
    for (std::size_t i = 0; i < std::max(na, nb); ++i) {
        FactDiff d{kind, lane, std::nullopt, std::nullopt};
        if (i < na) d.a = a[head + i];
        if (i < nb) d.b = b[head + i];
        out.push_back(std::move(d));
    }
}

StepDiff comparePair(const StepOutcome& a, const StepOutcome& b) {
    StepDiff d;
    d.a = a;
    d.b = b;
    d.textDiffers = a.endpoint != b.endpoint || a.text != b.text;
    const auto compare = [](Lanes la, Lanes lb, std::vector<FactDiff>& out) {
        std::map<std::pair<StepFact::Kind, std::string>, int> keys;
        for (const auto& [k, v] : la) keys[k] = 0;
        for (const auto& [k, v] : lb) keys[k] = 0;
        for (const auto& [k, unused] : keys) compareLane(k.first, k.second, la[k], lb[k], out);
    };
    compare(byLane(a), byLane(b), d.facts);
    compare(byLane(a, true), byLane(b, true), d.timing);
    return d;
}

const RunEvent* runOf(const std::vector<TraceEvent>& t) {
    for (const auto& e : t)
        if (const auto* r = e.as<RunEvent>()) return r;
    return nullptr;
}

const SummaryEvent* summaryOf(const std::vector<TraceEvent>& t) {
    for (auto it = t.rbegin(); it != t.rend(); ++it)
        if (const auto* s = it->as<SummaryEvent>()) return s;
    return nullptr;
}

} // namespace

const char* factKindName(StepFact::Kind kind) {
    switch (kind) {
    case StepFact::Kind::Syscall: return "syscall";
    case StepFact::Kind::Packet: return "packet";
    case StepFact::Kind::Signal: return "signal";
    case StepFact::Kind::Exit: return "exit";
    case StepFact::Kind::State: return "state";
    }
    return "?";
}

std::vector<StepOutcome> stepOutcomes(const std::vector<TraceEvent>& trace) {
    std::vector<StepOutcome> steps(1);   // [0]: before the first step
    std::map<std::int64_t, std::size_t> stepOfCall;
    std::set<std::pair<std::string, std::string>> packetsSeen;   // lane, label
    PidNames pids;
    for (const auto& e : trace) {
        if (const auto* c = e.as<SyscallEvent>(); c && c->pid > 0) pids.emplace(c->pid, c->endpoint);
        if (const auto* x = e.as<ExitEvent>(); x && x->pid > 0) pids.emplace(x->pid, x->endpoint);
    }
    for (const auto& e : trace) {
        if (const auto* s = e.as<StepEvent>()) {
            steps.push_back({s->index, s->line, s->endpoint, s->text, {}});
            continue;
        }
        auto fact = factOf(e, pids);
        if (!fact) continue;
        if (fact->kind == StepFact::Kind::Packet) fact->repeat = !packetsSeen.emplace(fact->lane, fact->text).second;
        std::size_t at = steps.size() - 1;
        if (const auto* c = e.as<SyscallEvent>()) {
            auto [it, fresh] = stepOfCall.emplace(c->callId, at);
            if (!fresh) at = it->second;
        }
        addFact(steps[at], std::move(*fact));
    }
    if (steps.front().facts.empty()) steps.erase(steps.begin());
    return steps;
}

bool TraceDiff::differs() const {
    return std::any_of(steps.begin(), steps.end(), [](const StepDiff& s) { return s.differs(); });
}

TraceDiff diffOutcomes(const std::vector<StepOutcome>& a, const std::vector<StepOutcome>& b) {
    // Needleman-Wunsch without gap costs: the order-keeping pairing with the
    // best total match; unpaired steps become gaps.
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> best(n + 1, std::vector<int>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;) {
            int s = matchScore(a[i], b[j]);
            best[i][j] = std::max({best[i + 1][j], best[i][j + 1], s > 0 ? s + best[i + 1][j + 1] : 0});
        }
    TraceDiff diff;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m) {
            int s = matchScore(a[i], b[j]);
            if (s > 0 && best[i][j] == s + best[i + 1][j + 1]) {
                diff.steps.push_back(comparePair(a[i++], b[j++]));
                continue;
            }
        }
        StepDiff gap;
        if (i < n && (j == m || best[i][j] == best[i + 1][j])) gap.a = a[i++];
        else gap.b = b[j++];
        diff.steps.push_back(std::move(gap));
    }
    return diff;
}

TraceDiff diffTraces(const std::vector<TraceEvent>& a, const std::vector<TraceEvent>& b) {
    TraceDiff diff = diffOutcomes(stepOutcomes(a), stepOutcomes(b));
    const RunEvent* ra = runOf(a);
    const RunEvent* rb = runOf(b);
    if (ra && rb && (ra->capture == "none") != (rb->capture == "none"))
        diff.notes.push_back(std::string("only ") + (ra->capture == "none" ? "B" : "A") +
                             " captured packets: packet differences are not real");
    for (const auto& [name, s] : {std::pair{"A", summaryOf(a)}, std::pair{"B", summaryOf(b)}}) {
        if (!s) diff.notes.push_back(std::string(name) + " has no summary: the trace is incomplete");
        else if (!s->error.empty()) diff.notes.push_back(std::string(name) + " did not complete: " + s->error);
    }
    return diff;
}

} // namespace finscope
