// SPDX-License-Identifier: MIT
// toJsonLine (core/tracejson.h), written with nlohmann-json. The reader,
// parseTraceLine, is in tracejsonreader.cpp.
#include "core/tracejson.h"

#include <nlohmann/json.hpp>

#include <iterator>

namespace finscope {
namespace {

using nlohmann::json;

template <class T> json optional(const std::optional<T>& v) { return v ? json(*v) : json(nullptr); }

json wireJson(const std::optional<RunWire>& w) {
    if (!w) return nullptr;
    return {{"hosts", w->hosts}, {"delay_ns", w->delayNs}, {"loss", w->loss}, {"seed", w->seed}};
}
json body(const RunEvent& e) {
    return {{"scenario", e.scenario}, {"title", e.title},     {"path", e.path},
            {"endpoints", e.endpoints}, {"capture", e.capture}, {"capture_note", e.captureNote},
            {"kernel", e.kernel},       {"version", e.version}, {"wire", wireJson(e.wire)}};
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
/// The relay's record of a wire run's frame: absent on loopback, so loopback lines stay as they were.
void addWireFate(json& j, const PacketEvent& e) {
    if (!e.frameId) return;
    j["frame"] = *e.frameId;
    j["fate"] = e.fate;
    j["delivered_ns"] = optional(e.deliveredNs);
    if (!e.dropReason.empty()) j["drop_reason"] = e.dropReason;
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
json body(const PauseEvent& e) {
    json j = {{"index", e.index}, {"line", e.line}};
    if (e.held) j["held"] = *e.held;   // wire runs only
    return j;
}
json body(const WireEvent& e) {
    json j = {{"frame", e.frame}, {"fate", e.fate}, {"conn", e.conn}};
    if (!e.dropReason.empty()) j["drop_reason"] = e.dropReason;
    return j;
}

} // namespace

std::string TraceEvent::kind() const {
    static constexpr const char* names[] = {"run",    "step", "syscall", "packet", "state",
                                            "signal", "exit", "expect",  "note",   "summary", "pause", "wire"};
    static_assert(std::size(names) == std::variant_size_v<EventBody>, "a kind without a name");
    return names[body.index()];
}

std::string toJsonLine(const TraceEvent& event) {
    json j = std::visit([](const auto& b) { return body(b); }, event.body);
    if (const auto* p = event.as<PacketEvent>()) {
        addOptions(j, *p);
        addWireFate(j, *p);
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

} // namespace finscope
