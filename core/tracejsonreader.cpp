// SPDX-License-Identifier: MIT
// parseTraceLine (core/tracejson.h): one JSON line into a TraceEvent, read
// with simdjson's DOM parser. The writer, toJsonLine, is in tracejson.cpp.
#include "core/jsonwidenumbers.h"
#include "core/tracejson.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace finscope {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

/// A field of the wrong JSON type: the line is rejected with this message.
struct FieldError {
    std::string message;
};

[[noreturn]] void fail(std::string_view key, const char* what) {
    throw FieldError{"\"" + std::string(key) + "\" " + what};
}

/// An object's members in the order written. A key written twice means its
/// last value, as nlohmann-json (the reader before simdjson) had it: find()
/// searches from the end, and an earlier duplicate is never looked at.
struct Members {
    /// A key's length and first 8 bytes: one compare tells most keys apart
    /// (every key FinScope writes differs there); longer keys then compare the rest.
    struct Key {
        std::uint64_t head = 0;
        std::size_t size = 0;
        explicit Key(std::string_view k) : size(k.size()) { std::memcpy(&head, k.data(), std::min<std::size_t>(8, k.size())); }
    };
    struct Item {
        Key key;
        std::string_view name;
        element value;
    };
    std::vector<Item> items;

    void assign(simdjson::dom::object object) {
        items.clear();
        for (const auto field : object) items.push_back({Key(field.key), field.key, field.value});
    }
    /// The value of `key`, or nothing when absent or null (null means absent).
    const element* find(std::string_view key) const {
        const Key k(key);
        for (auto it = items.rbegin(); it != items.rend(); ++it) {
            if (it->key.head != k.head || it->key.size != k.size) continue;
            if (k.size > 8 && std::memcmp(it->name.data() + 8, key.data() + 8, k.size - 8) != 0) continue;
            return it->value.is_null() ? nullptr : &it->value;
        }
        return nullptr;
    }
};

/// Converts with a type check first: a trace line may come from anyone's script.
template <class T> T convert(element v, std::string_view key) {
    if constexpr (std::is_same_v<T, bool>) {
        bool b = false;
        if (v.get(b) != simdjson::SUCCESS) fail(key, "must be true or false");
        return b;
    } else if constexpr (std::is_integral_v<T>) {
        // simdjson holds an integer as int64 when it fits, as uint64 above that.
        const element_type type = v.type();
        if (type == element_type::UINT64) {
            std::uint64_t u = 0;
            if (v.get(u) == simdjson::SUCCESS && u <= std::uint64_t(std::numeric_limits<T>::max())) return T(u);
        } else if (type == element_type::INT64) {
            std::int64_t i = 0;
            if (v.get(i) == simdjson::SUCCESS && i >= std::int64_t(std::numeric_limits<T>::min()) &&
                (i < 0 || std::uint64_t(i) <= std::uint64_t(std::numeric_limits<T>::max())))
                return T(i);
        }
        fail(key, "must be an integer in range");
    } else if constexpr (std::is_floating_point_v<T>) {
        // get_double() converts an integer too, as nlohmann's get<double>() did.
        double d = 0;
        if (v.get_double().get(d) != simdjson::SUCCESS) fail(key, "must be a number");
        return d;
    } else if constexpr (std::is_same_v<T, std::string>) {
        std::string_view s;
        if (v.get(s) != simdjson::SUCCESS) fail(key, "must be a string");
        return std::string(s);
    } else {
        simdjson::dom::array array;
        if (v.get(array) != simdjson::SUCCESS) fail(key, "must be an array");
        T out;
        for (const element item : array) out.push_back(convert<typename T::value_type>(item, key));
        return out;
    }
}

template <class T> void read(const Members& j, std::string_view key, T& out) {
    if (const element* v = j.find(key)) out = convert<T>(*v, key);
}
template <class T> void read(const Members& j, std::string_view key, std::optional<T>& out) {
    if (const element* v = j.find(key)) out = convert<T>(*v, key);
}

void fill(const Members& j, RunEvent& e) {
    read(j, "scenario", e.scenario); read(j, "title", e.title); read(j, "path", e.path);
    read(j, "endpoints", e.endpoints); read(j, "capture", e.capture); read(j, "capture_note", e.captureNote);
    read(j, "kernel", e.kernel); read(j, "version", e.version);
    const element* wire = j.find("wire");
    if (!wire) return;
    simdjson::dom::object wireObject, hostsObject;
    if (wire->get(wireObject) != simdjson::SUCCESS) throw FieldError{"\"wire\" must be an object or null"};
    Members w;
    w.assign(wireObject);
    RunWire out;
    if (const element* hosts = w.find("hosts")) {
        if (hosts->get(hostsObject) != simdjson::SUCCESS) throw FieldError{"\"hosts\" must be an object"};
        // Last value of a duplicate endpoint first, then in key order, as nlohmann's std::map had them.
        std::map<std::string_view, element> byEndpoint;
        for (const auto field : hostsObject) byEndpoint.insert_or_assign(field.key, field.value);
        for (const auto& [endpoint, address] : byEndpoint) out.hosts[std::string(endpoint)] = convert<std::string>(address, "hosts");
    }
    read(w, "delay_ns", out.delayNs); read(w, "loss", out.loss); read(w, "seed", out.seed);
    e.wire = std::move(out);
}
void fill(const Members& j, StepEvent& e) {
    read(j, "index", e.index); read(j, "line", e.line); read(j, "endpoint", e.endpoint); read(j, "text", e.text);
}
void fill(const Members& j, SyscallEvent& e) {
    read(j, "call_id", e.callId); read(j, "endpoint", e.endpoint); read(j, "pid", e.pid);
    read(j, "call", e.call); read(j, "args", e.args); read(j, "socket", e.socket);
    read(j, "ret", e.ret); read(j, "errno", e.errnoName); read(j, "errno_stale", e.errnoStale);
    read(j, "errno_text", e.errnoText); read(j, "man", e.man);
    read(j, "stale_errno", e.staleErrno); read(j, "t_enter_ns", e.tEnterNs);
    read(j, "t_exit_ns", e.tExitNs); read(j, "line", e.line); read(j, "phase", e.phase);
    read(j, "blocked", e.blocked); read(j, "result", e.result); read(j, "note", e.note);
}
void fill(const Members& j, PacketEvent& e) {
    read(j, "src", e.src); read(j, "dst", e.dst); read(j, "from", e.from); read(j, "to", e.to);
    read(j, "flags", e.flags); read(j, "seq", e.seq); read(j, "ack", e.ack); read(j, "seq_abs", e.seqAbs);
    read(j, "ack_abs", e.ackAbs); read(j, "len", e.len); read(j, "win", e.win);
    read(j, "payload_hex", e.payloadHex); read(j, "conn", e.conn);
    read(j, "mss", e.mss); read(j, "wscale", e.wscale); read(j, "sack_ok", e.sackOk);
    read(j, "sack", e.sack); read(j, "tsval", e.tsval); read(j, "tsecr", e.tsecr);
    read(j, "win_scaled", e.winScaled);
    read(j, "frame", e.frameId); read(j, "fate", e.fate); read(j, "delivered_ns", e.deliveredNs);
    read(j, "drop_reason", e.dropReason);
}
void fill(const Members& j, StateEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "socket", e.socket); read(j, "state", e.state);
    read(j, "source", e.source); read(j, "recv_q", e.recvQ); read(j, "send_q", e.sendQ);
    read(j, "local", e.local); read(j, "remote", e.remote); read(j, "orphan", e.orphan);
    read(j, "timer", e.timer); read(j, "conn", e.conn);
}
void fill(const Members& j, SignalEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "signal", e.signal); read(j, "disposition", e.disposition);
    read(j, "action", e.action); read(j, "call_id", e.callId);
}
void fill(const Members& j, ExitEvent& e) {
    read(j, "endpoint", e.endpoint); read(j, "pid", e.pid); read(j, "status", e.status); read(j, "signal", e.signal);
}
void fill(const Members& j, ExpectEvent& e) {
    read(j, "line", e.line); read(j, "endpoint", e.endpoint); read(j, "ok", e.ok);
    read(j, "expected", e.expected); read(j, "actual", e.actual); read(j, "call_id", e.callId);
}
void fill(const Members& j, NoteEvent& e) { read(j, "level", e.level); read(j, "text", e.text); read(j, "line", e.line); }
void fill(const Members& j, SummaryEvent& e) {
    read(j, "ok", e.ok); read(j, "expectations", e.expectations); read(j, "failed", e.failed);
    read(j, "capture", e.capture); read(j, "packets", e.packets); read(j, "events", e.events);
    read(j, "duration_ns", e.durationNs); read(j, "error", e.error); read(j, "stopped", e.stopped);
}
void fill(const Members& j, PauseEvent& e) { read(j, "index", e.index); read(j, "line", e.line); read(j, "held", e.held); }
void fill(const Members& j, WireEvent& e) {
    read(j, "frame", e.frame); read(j, "fate", e.fate); read(j, "conn", e.conn); read(j, "drop_reason", e.dropReason);
}

template <class T> bool tryKind(const std::string& kind, const char* name, const Members& j, EventBody& out) {
    if (kind != name) return false;
    T e;
    fill(j, e);
    out = std::move(e);
    return true;
}

/// simdjson reads a few bytes past the end: the line is copied into a padded
/// buffer. Lines up to this size reuse one parser and one buffer a thread
/// (no allocation a line); a longer line (a 50 MB note) gets its own, freed
/// after, so that one such line does not keep ~20 bytes a byte of it alive.
constexpr std::size_t kReusedCapacity = 64 * 1024;

/// A parser with its padded input buffer. The depth limit is the most a line
/// of this size can nest, so that deep nesting in an ignored key reads as it
/// did with nlohmann-json (simdjson's default limit is 1024).
struct Reader {
    simdjson::dom::parser parser;
    std::unique_ptr<char[]> buffer;
    std::size_t capacity = 0;
    Members members;

    bool reserve(std::size_t size) {
        if (size <= capacity) return true;
        const std::size_t wanted = std::max({size, capacity * 2, std::size_t(1024)});
        if (parser.allocate(wanted, wanted / 2 + 1) != simdjson::SUCCESS) return false;
        buffer = std::make_unique<char[]>(wanted + simdjson::SIMDJSON_PADDING);
        capacity = wanted;
        return true;
    }
    simdjson::simdjson_result<element> parse(std::string_view text) {
        if (!reserve(text.size())) return simdjson::MEMALLOC;
        std::copy(text.begin(), text.end(), buffer.get());
        return parser.parse(buffer.get(), text.size(), false);
    }
};

TraceParseResult readEvent(Reader& reader, std::string_view line) {
    TraceParseResult r;
    element root;
    simdjson::error_code error = reader.parse(line).get(root);
    // simdjson 3.0 says NUMBER_ERROR for an integer beyond 64 bits, later
    // versions BIGINT_ERROR: any failure but UTF-8 tries the rewrite (errors only).
    if (error != simdjson::SUCCESS && error != simdjson::UTF8_ERROR) {
        if (auto widened = widenWideIntegers(line)) error = reader.parse(*widened).get(root);
    }
    if (error == simdjson::UTF8_ERROR) {
        r.error = "not a JSON object: not valid UTF-8";
        return r;
    }
    simdjson::dom::object object;
    if (error != simdjson::SUCCESS || root.get(object) != simdjson::SUCCESS) {
        r.error = "not a JSON object";
        return r;
    }
    const Members& j = reader.members;
    reader.members.assign(object);
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
    }
    r.ok = true;
    return r;
}

} // namespace

TraceParseResult parseTraceLine(std::string_view line) {
    try {
        if (line.size() > kReusedCapacity) {
            Reader once;
            return readEvent(once, line);
        }
        thread_local Reader reader;
        return readEvent(reader, line);
    } catch (const std::exception& e) {   // std::bad_alloc on a huge line
        TraceParseResult r;
        r.error = std::string("could not read the line: ") + e.what();
        return r;
    }
}

} // namespace finscope
