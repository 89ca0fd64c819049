// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

/// The trace: plain value types for every event a run produces. They are
/// written and read as JSON lines (tracejson.h); docs/trace-format.md is the
/// public description and must match these fields one to one.
namespace finscope {

/// A wire run's link (docs/trace-format.md, "Wire runs"): each endpoint's
/// host address and the conditions the scenario asked for.
struct RunWire {
    std::map<std::string, std::string> hosts;   ///< endpoint -> its host address ("127.1.0.1")
    std::int64_t delayNs = 0;           ///< one-way delay
    double loss = 0.0;                  ///< loss rate, 0..1
    std::uint64_t seed = 0;             ///< seed of the relay's random choices
    friend bool operator==(const RunWire&, const RunWire&) = default;
};

/// The start of a run: what was run, and how (capture mode and why).
struct RunEvent {
    std::string scenario;               ///< scenario id
    std::string title;
    std::string path;
    std::vector<std::string> endpoints;
    std::string capture;                ///< "namespace" | "host" | "none"
    std::string captureNote;            ///< why not namespace, and what to do; empty when all is well
    std::string kernel;                 ///< uname release
    std::string version;                ///< FinScope version
    std::optional<RunWire> wire{};        ///< empty (JSON null) on loopback, the default
};

/// A scenario step begins (before its first syscall).
struct StepEvent {
    int index = 0;                      ///< 0-based step number
    int line = 0;
    std::string endpoint;
    std::string text;                   ///< the call as written
};

/// One system call of an endpoint. A call that has not returned when the
/// runner moves on is emitted twice: phase "blocked" at entry (ret unknown),
/// then phase "return" when it returns (same callId, t_ns = t_exit_ns).
struct SyscallEvent {
    std::int64_t callId = 0;            ///< unique in the run
    std::string endpoint;
    int pid = 0;
    std::string call;                   ///< "write", "recv", "close", ...
    std::string args;                   ///< C-like: `5, "456", 3`
    std::string socket;                 ///< descriptor name the call acts on, or ""
    std::optional<std::int64_t> ret;    ///< empty while blocked
    std::optional<std::string> errnoName;   ///< set only when this call failed and set errno
    std::optional<std::string> errnoText;   ///< its meaning: "Broken pipe"
    std::string man;                    ///< the man page that documents the call (and its errno): "send(2)"
    bool errnoStale = false;            ///< the call succeeded but errno holds a value from an earlier call
    std::optional<std::string> staleErrno;  ///< that stale value's name
    std::int64_t tEnterNs = 0;
    std::optional<std::int64_t> tExitNs;
    int line = 0;                       ///< scenario line of the step
    std::string phase = "done";         ///< "done" | "blocked" | "return"
    bool blocked = false;               ///< the call blocked (phase blocked or return)
    std::string result;                 ///< what came back besides ret: data read, revents, option value
    std::string note;                   ///< a short why, e.g. "expanded from listen()"
};

/// One TCP segment seen on the wire.
struct PacketEvent {
    std::string src;                    ///< "127.0.0.1:43512" or "[::1]:43512"
    std::string dst;
    std::optional<std::string> from;    ///< endpoint that owns the source socket, if known
    std::optional<std::string> to;
    std::string flags;                  ///< tcpdump letters: "S", "S.", ".", "P.", "F.", "FP.", "R", "R."
    std::uint32_t seq = 0;              ///< relative to the sender's ISN
    std::uint32_t ack = 0;              ///< relative to the receiver's ISN (0 when no ACK flag)
    std::uint32_t seqAbs = 0;
    std::uint32_t ackAbs = 0;
    std::uint32_t len = 0;              ///< TCP payload bytes
    std::uint32_t win = 0;              ///< window field as sent (unscaled)
    std::string payloadHex;             ///< first bytes of the payload, hex
    std::string conn;                   ///< a stable connection label "c1", "c2": both directions share it
    // TCP options (written to JSON only when present).
    std::optional<std::uint16_t> mss;
    std::optional<std::uint8_t> wscale; ///< window scale shift announced in a SYN
    bool sackOk = false;                ///< SACK-permitted in a SYN
    std::vector<std::uint32_t> sack;    ///< SACK blocks, relative like `ack`: left, right, left, right...
    std::optional<std::uint32_t> tsval;
    std::optional<std::uint32_t> tsecr;
    std::optional<std::uint32_t> winScaled;  ///< win << the sender's scale, when known (both SYNs seen)
    /// The captured frame itself (link header included) and its link type,
    /// for the pcapng export. In memory only: never written to JSON.
    std::vector<std::uint8_t> frame;
    int linkType = 0;
    std::uint32_t frameLen = 0;         ///< length on the wire
    // Wire runs only (the relay's record); absent on loopback.
    std::optional<std::int64_t> frameId{};    ///< JSON "frame": the relay's frame id, from 1 (`frame` above holds the bytes)
    std::string fate{};                 ///< "delivered" | "held" | "in-flight" | "dropped" when the event was emitted
    std::optional<std::int64_t> deliveredNs{};    ///< when the relay handed it to the receiver; empty while not delivered
    std::string dropReason{};           ///< only when dropped: "loss 5%", "dropped by the user", the step's text
};

/// The TCP state of one socket. source: "sampled" (sock_diag dump),
/// "derived" (from the packets, for states too brief to sample), "traced".
struct StateEvent {
    std::string endpoint;               ///< owner; a closed (orphan) socket keeps its last owner
    std::string socket;                 ///< descriptor name, or what it was
    std::string state;                  ///< kernel name: ESTABLISHED, FIN_WAIT1, ..., CLOSE
    std::string source = "sampled";
    std::uint32_t recvQ = 0;
    std::uint32_t sendQ = 0;
    std::string local;
    std::string remote;
    bool orphan = false;                ///< no descriptor refers to it any more
    std::string timer;                  ///< "timewait 59.9s", "retransmit 0.2s", "" if none
    std::string conn;                   ///< connection label shared with packets
};

/// A signal generated for an endpoint. disposition: "delivered" (default
/// action or handler) or "ignored" (SIG_IGN); action: "terminate",
/// "handler", "ignore".
struct SignalEvent {
    std::string endpoint;
    std::string signal;
    std::string disposition;
    std::string action;
    std::optional<std::int64_t> callId; ///< the call that raised it, if any
};

/// An endpoint process ended: by exit status or killed by a signal.
struct ExitEvent {
    std::string endpoint;
    int pid = 0;
    std::optional<int> status;
    std::optional<std::string> signal;
};

/// An expectation from the scenario checked against what happened.
struct ExpectEvent {
    int line = 0;
    std::string endpoint;
    bool ok = false;
    std::string expected;
    std::string actual;
    std::optional<std::int64_t> callId;
};

struct NoteEvent {
    std::string level = "info";         ///< "info" | "warning" | "error"
    std::string text;
    int line = 0;                       ///< scenario line it is about, or 0
};

/// Step mode only: the runner waits on stdin before running step `index`.
struct PauseEvent {
    int index = 0;                      ///< the step that runs next
    int line = 0;
    std::optional<std::vector<std::int64_t>> held{};  ///< wire runs: frames held on the wire now (absent on loopback)
};

/// Wire runs: a frame's fate changed after its packet event was emitted (a
/// held frame delivered or dropped). Joined to its packet by `frame`.
struct WireEvent {
    std::int64_t frame = 0;
    std::string fate{};                 ///< "delivered" | "dropped"
    std::string conn{};
    std::string dropReason{};           ///< only when dropped
};

struct SummaryEvent {
    bool ok = true;                     ///< every expectation held and the run completed
    int expectations = 0;
    int failed = 0;
    std::string capture;                ///< as in RunEvent
    int packets = 0;
    int events = 0;
    std::int64_t durationNs = 0;
    std::string error;                  ///< why the run did not complete, or ""
    bool stopped = false;               ///< the user asked the run to stop (SIGINT/SIGTERM, or "stop" in step mode)
};

using EventBody = std::variant<RunEvent, StepEvent, SyscallEvent, PacketEvent, StateEvent, SignalEvent,
                               ExitEvent, ExpectEvent, NoteEvent, SummaryEvent, PauseEvent, WireEvent>;

struct TraceEvent {
    std::int64_t id = 0;                ///< position in the trace, from 0
    std::int64_t tNs = 0;               ///< CLOCK_REALTIME nanoseconds
    EventBody body;
    /// Ids of earlier events that made this one happen (the call that sent a
    /// FIN, the RST that set an errno). Recorded by the engine at the moment
    /// it knows them; readers draw links, they never guess them.
    std::vector<std::int64_t> causes{};
    /// One sentence: why this happened, by the kernel's rule ("data arrived
    /// for a socket that was closed"). Empty when there is nothing to say.
    std::string why{};

    /// "run", "step", "syscall", "packet", "state", "signal", "exit", "expect", "note", "summary", "pause", "wire".
    std::string kind() const;
    template <class T> const T* as() const { return std::get_if<T>(&body); }
};

} // namespace finscope
