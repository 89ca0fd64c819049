// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// The scenario model: what a .fsc file says, after parsing and validation.
/// The grammar and every call are documented in docs/scenario-format.md.
namespace finscope {

/// 1-based line and column in the scenario file.
struct SourcePos {
    int line = 0;
    int column = 0;
    friend bool operator==(const SourcePos&, const SourcePos&) = default;
};

/// One argument of a call, as written. `key` is set for `key=value` arguments.
struct Value {
    enum class Kind { Integer, String, Names };
    Kind kind = Kind::Integer;
    std::string key;                 ///< "on" in `on=1`; empty for positional arguments
    std::int64_t integer = 0;        ///< Kind::Integer
    std::string text;                ///< Kind::String, unescaped bytes
    std::vector<std::string> names;  ///< Kind::Names: `SHUT_WR` → {"SHUT_WR"}, `POLLIN|POLLRDHUP` → two
    SourcePos pos;

    bool isName(const std::string& n) const { return kind == Kind::Names && names.size() == 1 && names[0] == n; }
};

/// One segment of a `wire=[...]` expectation: `> F.` (the step's endpoint
/// sent it), `< R` (it received it), `> P.(3)` (with 3 bytes of payload).
struct WirePattern {
    bool sent = true;                     ///< '>' sent by this endpoint, '<' received by it
    std::string flags;                    ///< tcpdump letters as the trace writes them: "F.", "R", "S."
    std::optional<std::int64_t> length;   ///< payload bytes, when written
    friend bool operator==(const WirePattern&, const WirePattern&) = default;
};

/// `took >= 1.9s`: a bound on how long the step's calls took, entry to return.
struct DurationBound {
    std::string op;                       ///< ">=", ">", "<=", "<"
    std::int64_t ns = 0;
};

/// What the author expects a step to return: `=> 3`, `=> -1 EPIPE, SIGPIPE`,
/// `=> 1, revents=POLLIN|POLLRDHUP`, `=> 0, blocked`, and what the step
/// leaves behind: `wire=[> F., < .]`, `state=FIN_WAIT2`, `orphan=yes`,
/// `took >= 1.9s`. Signals are strict: a call that raised SIGPIPE fails an
/// expectation that does not name it.
struct Expectation {
    std::optional<std::int64_t> ret;      ///< the return value
    std::optional<std::string> errnoName; ///< `EPIPE` after `-1`
    std::optional<std::string> signal;    ///< `SIGPIPE`: the call raised this signal
    bool blocked = false;                 ///< `blocked`: the call must have blocked before returning
    std::optional<std::string> revents;   ///< poll/epoll: exact set, names joined with '|' in canonical order
    std::optional<std::string> optval;    ///< getsockopt(SO_ERROR): `value=ECONNRESET` (or `value=0`)
    std::optional<std::string> data;      ///< read/recv: `data="123"`, the bytes returned
    std::vector<std::string> noSignals;   ///< `no SIGPIPE`: said explicitly (strictness makes it the default)
    std::optional<std::vector<WirePattern>> wire; ///< the segments this endpoint sent/received during the step
    std::optional<std::string> state;     ///< kernel state name of `stateSocket` after the step settled
    std::optional<bool> orphan;           ///< `orphan=yes|no`: whether no descriptor refers to it any more
    std::string stateSocket;              ///< the socket `state=`/`orphan=` speak of (the step's, or `state(x)=`)
    std::optional<DurationBound> took;
    std::string text;                     ///< the expectation as written, after `=>`
    SourcePos pos;                        ///< where the text after `=>` starts

    /// Parts that can only be checked once the network has settled after the call returned.
    bool needsSettle() const { return wire.has_value() || state.has_value() || orphan.has_value(); }
};

/// A loop written after the call: `until EAGAIN`, `until 0`, `5 times`.
struct Repeat {
    enum class Kind { Times, UntilReturn, UntilErrno };
    Kind kind = Kind::Times;
    std::int64_t count = 0;               ///< Times
    std::int64_t ret = 0;                 ///< UntilReturn
    std::string errnoName;                ///< UntilErrno
    std::string text;                     ///< as written: "until EAGAIN"
};

/// A question the scenario's author asks about a step in Predict mode
/// (`ask:` lines below the step, docs/scenario-format.md "Questions").
/// With a `topic` it is FinScope's own question of that kind (its choices,
/// judged by what the kernel did) in the author's words; without one the
/// author gives the choices and the right answer.
struct Question {
    std::string topic;                ///< "", "return", "wire", "signal", "state"
    std::string prompt;               ///< the question as the author wrote it
    std::vector<std::string> choices; ///< topic "" only: the author's choices, in order
    int answer = -1;                  ///< topic "" only: index of the right choice
    std::string explain;              ///< shown with the reveal; may be empty
    int number = 0;                   ///< 1-based, in file order: what a translation file refers to
    SourcePos pos;                    ///< of `ask`
};

/// A step of the pseudo-endpoint `wire`: `wire: hold(from=client, flags=F)`,
/// `wire: release()`, `wire: drop(next, from=server, flags=F)`.
struct WireAction {
    enum class Kind { Hold, Release, DropNext };
    Kind kind = Kind::Hold;
    std::string from;                 ///< endpoint whose frames it matches; empty: any
    std::string to;
    std::string flags;                ///< TCP flag letters that must all be set (S F P R U E W A); empty: any
    SourcePos fromPos, toPos;         ///< of the endpoint names, for errors found once every endpoint is known
};

/// One `wire: key=value, ...` header line. Only the keys written are set; a
/// later line overrides an earlier one for the directions it names.
struct WireHeader {
    std::optional<std::int64_t> delayNs;     ///< one-way delay
    std::optional<double> loss;              ///< 0..1
    std::optional<std::uint64_t> seed;       ///< of loss and reordering (whole wire)
    std::optional<double> reorder;           ///< 0..1, with reorderGapNs
    std::optional<std::int64_t> reorderGapNs;
    std::optional<std::uint64_t> rateBitsPerSecond;
    std::string from;                        ///< endpoint: only frames it sends; empty: every sender
    std::string to;                          ///< endpoint: only frames to it; empty: every receiver
    SourcePos pos, fromPos, toPos;
    std::string text;                        ///< as written after `wire:`
};

/// One line `endpoint: [names =] call(args) [=> expectation]`.
///
/// The validator fills in defaults so the executor never guesses: `fd` is the
/// socket (or pipe end) the call works on, resolved from the endpoint's
/// current descriptor when the author left it out; `results` are the names
/// the call defines (`connfd = accept()`, `a, b = socketpair()`,
/// `worker = fork()` names a new endpoint).
struct Step {
    std::string endpoint;             ///< "client", "server", a forked endpoint's name
    std::string call;                 ///< "write", "setsockopt", ...
    std::vector<Value> args;          ///< arguments as written, without the descriptor argument
    std::string fd;                   ///< descriptor name the call acts on; empty when the call takes none
    std::vector<std::string> results; ///< names the call defines
    std::optional<Expectation> expect;
    std::string text;                 ///< the call as written (without endpoint and expectation)
    bool implicit = false;            ///< added by FinScope, not written: listen() for an accept() without one
    std::optional<Repeat> repeat;     ///< the call is made in a loop
    int together = 0;                 ///< > 0: one of the steps of a `together:` block, released at once
    SourcePos pos;                    ///< position of the endpoint name (column 1 normally)
    SourcePos callPos;                ///< position of the call name
    std::vector<Question> questions;  ///< the author's Predict questions about this step
    std::optional<WireAction> wire;   ///< a step of the wire (endpoint "wire"): no system call

    /// The argument with this key, or nullptr.
    const Value* arg(const std::string& key) const {
        for (const auto& v : args)
            if (v.key == key) return &v;
        return nullptr;
    }
};

struct Scenario {
    std::string id;       ///< file name without extension: "write-after-peer-close"
    std::string path;     ///< where it was read from
    std::string title;
    std::string group;    ///< catalogue group; "My scenarios" when absent
    std::string summary;  ///< one line for lists
    std::string about;    ///< the learner's explanation, paragraphs separated by blank lines
    std::vector<std::string> endpoints; ///< in order of first appearance, forked ones included
    std::vector<Step> steps;
    std::string source;   ///< the whole file text, for display
    std::vector<WireHeader> wire; ///< `wire:` header lines, in file order

    /// A wire run: the endpoints are hosts joined by the runner's relay
    /// (a `wire:` header or a wire step), not one loopback.
    bool usesWire() const {
        if (!wire.empty()) return true;
        for (const auto& s : steps)
            if (s.wire) return true;
        return false;
    }
};

} // namespace finscope
