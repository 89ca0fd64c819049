// SPDX-License-Identifier: MIT
#include "core/tracejson.h"

#include <nlohmann/json.hpp>

#include <limits>
#include <type_traits>

namespace finscope {
namespace {

using nlohmann::json;

template <class T> json optional(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

/// A field of the wrong JSON type: the line is rejected with this message.
struct FieldError {
    std::string message;
};

/// Converts with a type check first: nlohmann's get<int>() on 1e300 is
/// undefined behaviour, and a trace line may come from anyone's script.
template <class T> T convert(const json& v, const char* key) {
    if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_boolean()) throw FieldError{std::string("\"") + key + "\" must be true or false"};
    } else if constexpr (std::is_integral_v<T>) {
        bool fits = v.is_number_unsigned() ? v.get<std::uint64_t>() <= std::uint64_t(std::numeric_limits<T>::max())
                    : v.is_number_integer()
                        ? v.get<std::int64_t>() >= std::int64_t(std::numeric_limits<T>::min()) &&
                              (v.get<std::int64_t>() < 0 ||
                               std::uint64_t(v.get<std::int64_t>()) <= std::uint64_t(std::numeric_limits<T>::max()))
                        : false;
        if (!fits) throw FieldError{std::string("\"") + key + "\" must be an integer in range"};
    } else if constexpr (std::is_same_v<T, std::string>) {
        if (!v.is_string()) throw FieldError{std::string("\"") + key + "\" must be a string"};
    } else {
        if (!v.is_array()) throw FieldError{std::string("\"") + key + "\" must be an array"};
        T out;
        for (const auto& item : v) out.push_back(convert<typename T::value_type>(item, key));
        return out;
    }
    return v.get<T>();
}

template <class T> void readOptional(const json& j, const char* key, std::optional<T>& out) {
    auto it = j.find(key);
    if (it != j.end() && !it->is_null()) out = convert<T>(*it, key);
}

template <class T> void read(const json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it != j.end() && !it->is_null()) out = convert<T>(*it, key);
}

json body(const RunEvent& e) {
    json wire = nullptr;
    if (e.wire)
        wire = {{"hosts", e.wire->hosts}, {"delay_ns", e.wire->delayNs}, {"loss", e.wire->loss}, {"seed", e.wire->seed}};
    return {{"scenario", e.scenario}, {"title", e.title},     {"path", e.path},
            {"endpoints", e.endpoints}, {"capture", e.capture}, {"capture_note", e.captureNote},
            {"kernel", e.kernel},       {"version", e.version}, {"wire", wire}};
}
json body(const StepEvent& e) {
    return {{"index", e.index}, {"line", e.line}, {"endpoint", e.endpoint}, {"text", e.text}};
}
json body(const SyscallEvent& e) {
    return {{"call_id", e.callId},     {"endpoint", e.endpoint},       {"pid", e.pid},
            {"call", e.call},          {"args", e.args},               {"socket", e.socket},
            {"ret", optional(e.ret)},  {"errno", optional(e.errnoName)}, {"errno_text", optional(e.errnoText)}, {"man", e.man},
            {"errno_stale", e.errnoStale},
            {"stale_errno", optional(e.staleErrno)}, {"t_enter_ns", e.tEnterNs},
            {"t_exit_ns", optional(e.tExitNs)},      {"line", e.line}, {"phase", e.phase},
            {"blocked", e.blocked},    {"result", e.result},           {"note", e.note}};
}
json body(const PacketEvent& e) {
    return {{"src", e.src},         {"dst", e.dst},       {"from", optional(e.from)}, {"to", optional(e.to)},
            {"flags", e.flags},     {"seq", e.seq},       {"ack", e.ack},            {"seq_abs", e.seqAbs},
            {"ack_abs", e.ackAbs},  {"len", e.len},       {"win", e.win},            {"payload_hex", e.payloadHex},
            {"conn", e.conn}};
}
/// TCP options are written only when the segment carried them: most
/// segments carry none but timestamps, and lines stay short.
void addOptions(json& j, const PacketEvent& e) {
    if (e.mss) j["mss"] = *e.mss;
    if (e.wscale) j["wscale"] = *e.wscale;
    if (e.sackOk) j["sack_ok"] = true;
    if (!e.sack.empty()) j["sack"] = e.sack;
    if (e.tsval) j["tsval"] = *e.tsval;
    if (e.tsecr) j["tsecr"] = *e.tsecr;
    if (e.winScaled) j["win_scaled"] = *e.winScaled;
}
/// Wire runs only: the relay's frame, its fate and delivery.
void addWire(json& j, const PacketEvent& e) {
    if (!e.wireFrame) return;
    j["frame"] = *e.wireFrame;
    j["fate"] = e.fate;
    j["delivered_ns"] = optional(e.deliveredNs);
    if (e.fate == "dropped") j["drop_reason"] = e.dropReason;
}
json body(const WireEvent& e) {
    json j = {{"frame", e.frame}, {"fate", e.fate}, {"conn", e.conn}};
    if (e.fate == "dropped") j["drop_reason"] = e.dropReason;
    return j;
}
void fill(const json& j, WireEvent& e) {
    read(j, "frame", e.frame); read(j, "fate", e.fate); read(j, "conn", e.conn); read(j, "drop_reason", e.dropReason);
}
json body(const StateEvent& e) {
    return {{"endpoint", e.endpoint}, {"socket", e.socket}, {"state", e.state},   {"source", e.source},
            {"recv_q", e.recvQ},      {"send_q", e.sendQ},  {"local", e.local},   {"remote", e.remote},
            {"orphan", e.orphan},     {"timer", e.timer},   {"conn", e.conn}};
}
json body(const SignalEvent& e) {
    return {{"endpoint", e.endpoint}, {"signal", e.signal}, {"disposition", e.disposition},
            {"action", e.action},     {"call_id", optional(e.callId)}};
}
json body(const ExitEvent& e) {
    return {{"endpoint", e.endpoint}, {"pid", e.pid}, {"status", optional(e.status)}, {"signal", optional(e.signal)}};
}
json body(const ExpectEvent& e) {
    return {{"line", e.line},         {"endpoint", e.endpoint}, {"ok", e.ok},
            {"expected", e.expected}, {"actual", e.actual},     {"call_id", optional(e.callId)}};
}
json body(const NoteEvent& e) { return {{"level", e.level}, {"text", e.text}, {"line", e.line}}; }
json body(const SummaryEvent& e) {
    return {{"ok", e.ok},           {"expectations", e.expectations}, {"failed", e.failed},
            {"capture", e.capture}, {"packets", e.packets},           {"events", e.events},
            {"duration_ns", e.durationNs}, {"error", e.error}, {"stopped", e.stopped}};
}

void fill(const json& j, RunEvent& e) {
    read(j, "scenario", e.scenario); read(j, "title", e.title); read(j, "path", e.path);
    read(j, "endpoints", e.endpoints); read(j, "capture", e.capture); read(j, "capture_note", e.captureNote);
    read(j, "kernel", e.kernel); read(j, "version", e.version);
    auto wire = j.find("wire");
    if (wire != j.end() && !wire->is_null()) {
        if (!wire->is_object()) throw FieldError{"\"wire\" must be an object or null"};
        WireInfo info;
        auto hosts = wire->find("hosts");
        if (hosts != wire->end() && !hosts->is_null()) {
            if (!hosts->is_object()) throw FieldError{"\"hosts\" must be an object"};
            for (const auto& [name, address] : hosts->items()) info.hosts[name] = convert<std::string>(address, "hosts");
        }
        read(*wire, "delay_ns", info.delayNs);
        read(*wire, "seed", info.seed);
        auto loss = wire->find("loss");
        if (loss != wire->end() && !loss->is_null()) {
            if (!loss->is_number()) throw FieldError{"\"loss\" must be a number"};
            info.loss = loss->get<double>();
        }
        e.wire = std::move(info);
    }
}
void fill(const json& j, StepEvent& e) {
    read(j, "index", e.index); read(j, "line", e.line); read(j, "endpoint", e.endpoint); read(j, "text", e.text);
}
void fill(const json& j, SyscallEvent& e) {
    read(j, "call_id", e.callId); read(j, "endpoint", e.endpoint); read(j, "pid", e.pid);
    read(j, "call", e.call); read(j, "args", e.args); read(j, "socket", e.socket);
    readOptional(j, "ret", e.ret); readOptional(j, "errno", e.errnoName); read(j, "errno_stale", e.errnoStale);
    readOptional(j, "errno_text", e.errnoText); read(j, "man", e.man);
    readOptional(j, "stale_errno", e.staleErrno); read(j, "t_enter_ns", e.tEnterNs);
    readOptional(j, "t_exit_ns", e.tExitNs); read(j, "line", e.line); read(j, "phase", e.phase);
    read(j, "blocked", e.blocked); read(j, "result", e.result); read(j, "note", e.note);
}
void fill(const json& j, PacketEvent& e) {
    read(j, "src", e.src); read(j, "dst", e.dst); readOptional(j, "from", e.from); readOptional(j, "to", e.to);
    read(j, "flags", e.flags); read(j, "seq", e.seq); read(j, "ack", e.ack); read(j, "seq_abs", e.seqAbs);
    read(j, "ack_abs", e.ackAbs); read(j, "len", e.len); read(j, "win", e.win);
    read(j, "payload_hex", e.payloadHex); read(j, "conn", e.conn);
    readOptional(j, "mss", e.mss); readOptional(j, "wscale", e.wscale); read(j, "sack_ok", e.sackOk);
    read(j, "sack", e.sack); readOptional(j, "tsval", e.tsval); readOptional(j, "tsecr", e.tsecr);
    readOptional(j, "win_scaled", e.winScaled);
    readOptional(j, "frame", e.wireFrame); read(j, "fate", e.fate); readOptional(j, "delivered_ns", e.deliveredNs);
    read(j, "drop_reason", e.dropReason);
}
void fill(const json& j, StateEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "socket", e.socket); read(j, "state", e.state);
    read(j, "source", e.source); read(j, "recv_q", e.recvQ); read(j, "send_q", e.sendQ);
    read(j, "local", e.local); read(j, "remote", e.remote); read(j, "orphan", e.orphan);
    read(j, "timer", e.timer); read(j, "conn", e.conn);
}
void fill(const json& j, SignalEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "signal", e.signal); read(j, "disposition", e.disposition);
    read(j, "action", e.action); readOptional(j, "call_id", e.callId);
}
void fill(const json& j, ExitEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "pid", e.pid); readOptional(j, "status", e.status);
    readOptional(j, "signal", e.signal);
}
void fill(const json& j, ExpectEvent& e) {
    read(j, "line", e.line); read(j, "endpoint", e.endpoint); read(j, "ok", e.ok);
    read(j, "expected", e.expected); read(j, "actual", e.actual); readOptional(j, "call_id", e.callId);
}
json body(const PauseEvent& e) {
    json j = {{"index", e.index}, {"line", e.line}};
    if (e.onWire) j["held"] = e.held;
    return j;
}
void fill(const json& j, PauseEvent& e) { read(j, "index", e.index); read(j, "line", e.line); 
    e.onWire = j.contains("held") && !j["held"].is_null();
    read(j, "held", e.held);
}
void fill(const json& j, NoteEvent& e) { read(j, "level", e.level); read(j, "text", e.text); read(j, "line", e.line); }
void fill(const json& j, SummaryEvent& e) {
    read(j, "ok", e.ok); read(j, "expectations", e.expectations); read(j, "failed", e.failed);
    read(j, "capture", e.capture); read(j, "packets", e.packets); read(j, "events", e.events);
    read(j, "duration_ns", e.durationNs); read(j, "error", e.error); read(j, "stopped", e.stopped);
}

template <class T> bool tryKind(const std::string& kind, const char* name, const json& j, EventBody& out) {
    if (kind != name) return false;
    T e;
    fill(j, e);
    out = std::move(e);
    return true;
}

} // namespace

std::string TraceEvent::kind() const {
    static constexpr const char* names[] = {"run",    "step", "syscall", "packet", "state",
                                            "signal", "exit", "expect",  "note",   "summary", "pause", "wire"};
    return names[body.index()];
}

std::string toJsonLine(const TraceEvent& event) {
    json j = std::visit([](const auto& b) { return body(b); }, event.body);
    if (const auto* p = event.as<PacketEvent>()) {
        addOptions(j, *p);
        addWire(j, *p);
    }
    j["kind"] = event.kind();
    j["t_ns"] = event.tNs;
    j["id"] = event.id;
    // Optional on every kind: written only when the engine recorded a cause.
    if (!event.causes.empty()) j["causes"] = event.causes;
    if (!event.why.empty()) j["why"] = event.why;
    // Invalid UTF-8 (bytes read from a socket) is replaced, never thrown on.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

TraceParseResult parseTraceLine(std::string_view line) {
    TraceParseResult r;
    json j = json::parse(line.begin(), line.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        r.error = "not a JSON object";
        return r;
    }
    try {
        std::string kind;
        read(j, "kind", kind);
        read(j, "t_ns", r.event.tNs);
        read(j, "id", r.event.id);
        read(j, "causes", r.event.causes);
        read(j, "why", r.event.why);
        EventBody& b = r.event.body;
        bool known = tryKind<RunEvent>(kind, "run", j, b) || tryKind<StepEvent>(kind, "step", j, b) ||
                     tryKind<SyscallEvent>(kind, "syscall", j, b) || tryKind<PacketEvent>(kind, "packet", j, b) ||
                     tryKind<StateEvent>(kind, "state", j, b) || tryKind<SignalEvent>(kind, "signal", j, b) ||
                     tryKind<ExitEvent>(kind, "exit", j, b) || tryKind<ExpectEvent>(kind, "expect", j, b) ||
                     tryKind<NoteEvent>(kind, "note", j, b) || tryKind<SummaryEvent>(kind, "summary", j, b) ||
                     tryKind<PauseEvent>(kind, "pause", j, b) || tryKind<WireEvent>(kind, "wire", j, b);
        if (!known) {
            r.error = kind.empty() ? "no \"kind\"" : "unknown kind \"" + kind + "\"";
            return r;
        }
    } catch (const FieldError& e) {
        r.error = e.message;
        return r;
    } catch (const json::exception& e) {
        r.error = std::string("wrong type of a field: ") + e.what();
        return r;
    }
    r.ok = true;
    return r;
}

} // namespace finscope
