// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace finscope {

/// Records why things happened: fills TraceEvent::causes and ::why from the
/// kernel's rules and what the run measured (which call was in the kernel
/// when a segment left, what the socket's last sample said, which segment a
/// socket received last), never from a scenario's name or text.
///
/// The runner numbers events only when it flushes a batch (sorted by time),
/// so causes are first recorded as keys: every pushed event gets one from
/// newKey() (kept in TraceEvent::id until the flush), attribute() works on a
/// batch in keys, and bind()/resolve() turn the keys into final ids.
class CauseAttributor {
public:
    using Key = std::int64_t;

    /// A key for an event about to be pushed.
    Key newKey() { return m_nextKey++; }

    /// Sets causes (as keys) and why on the events of a batch whose ids are
    /// still keys. Events are visited in time order, as they will be emitted.
    void attribute(std::vector<TraceEvent>& batch);

    /// The event (id = its key) gets its final id.
    void bind(TraceEvent& event, std::int64_t id);
    /// Turns the cause keys of a bound event into ids; bind() every event of
    /// the batch first, since a call's errno may name a segment that arrived
    /// while the call was in the kernel (later in the trace than its entry).
    void resolve(TraceEvent& event) const;

private:
    /// A call that can make a socket send: its window in time.
    struct Action {
        Key key = 0;
        std::string endpoint, call, args, sock;  ///< sock: "local|remote", or "" if unknown
        int line = 0;
        std::int64_t tEnter = 0, tExit = 0;
    };
    struct Seen {                              ///< a segment, as a receiver saw it
        Key key = 0;
        std::int64_t t = 0;
        std::string flags;
        std::uint32_t len = 0;
    };
    struct Sock {                              ///< the last state event of a socket
        std::string endpoint, socket, state;
        std::uint32_t recvQ = 0;
        bool orphan = false;
    };
    struct Death {
        Key key = 0;
        std::int64_t t = 0;
        std::int64_t tEnd = 0;                 ///< its exit event: the kernel has closed everything by then
        std::string how;                       ///< "was killed by SIGPIPE", "called exit()"
    };
    struct Derived {
        std::string state;
        std::vector<Key> causes;
        std::string why;
    };

    void learnNames(const std::vector<TraceEvent>& batch);
    /// The socket accept() returned, from its result: the listener's address and the peer's.
    void learnAccepted(const SyscallEvent& c, const std::string& listener);
    void onCall(TraceEvent& e, const SyscallEvent& c);
    void onCallResult(TraceEvent& e, const SyscallEvent& c);
    void onPacket(TraceEvent& e, const PacketEvent& p);
    void onFin(TraceEvent& e, const PacketEvent& p, const std::string& sender);
    void onRst(TraceEvent& e, const PacketEvent& p, const std::string& sender);
    void onState(TraceEvent& e, const StateEvent& s);
    void onSignal(TraceEvent& e, const SignalEvent& s);
    void onExit(TraceEvent& e, const ExitEvent& x);

    /// The endpoint that owns `sock` by the last state event, else the packet's `from`.
    std::string ownerOf(const std::string& sock, const std::optional<std::string>& from) const;
    std::string sockOf(const std::string& endpoint, const std::string& name) const;
    /// The call of one of `calls` in the kernel at `t` on socket `sender`.
    const Action* actionAt(std::int64_t t, const std::string& sender, const std::set<std::string>& calls) const;
    const Action* lastAction(const std::string& sock, const std::set<std::string>& calls, std::int64_t before) const;
    const Death* deathOf(const std::string& sender, const std::optional<std::string>& from, std::int64_t t) const;
    /// The last segment `sock` received at or before `t` whose flags contain `flag` (0: any).
    const Seen* lastReceived(const std::string& sock, std::int64_t t, char flag) const;

    Key m_nextKey = 0;
    std::vector<std::int64_t> m_idOfKey;
    std::map<std::pair<std::string, std::string>, std::string> m_names;  ///< (endpoint, name) → socket
    std::map<std::string, Sock> m_sockets;                               ///< by "local|remote"
    std::set<std::string> m_listening;                                   ///< local addresses in LISTEN
    std::vector<Action> m_actions;
    std::map<std::string, Action> m_closedBy, m_shutWrBy;              ///< by socket
    std::map<std::string, Key> m_linger0;                               ///< setsockopt(SO_LINGER {on, 0}), by socket
    std::map<std::string, Key> m_reported;   ///< socket → the RST whose error a call already reported
    std::map<std::string, Death> m_deaths;   ///< by endpoint
    std::map<std::string, std::vector<Seen>> m_received;  ///< by receiving socket
    std::map<std::int64_t, Key> m_calls;     ///< call id → its latest event
    std::map<std::string, Derived> m_derived;
    Key m_lastPacket = -1;
    std::int64_t m_lastPacketT = 0;
    std::string m_lastSender;
    std::string m_lastFlags;
};

} // namespace finscope
