// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// C names of errno values, signals, flags and socket options, and their
/// numbers on this system. The scenario parser, the runner and the trace all
/// spell them the same way through these tables.
namespace finscope::names {

/// `"EPIPE"` → EPIPE. Case-sensitive, as in C.
std::optional<int> errnoValue(std::string_view name);
/// EPIPE → `"EPIPE"`; an unknown value → `"errno 123"`.
std::string errnoName(int value);
/// EPIPE → `"Broken pipe"`: fixed English text, independent of the locale.
std::string errnoMeaning(int value);
/// The man page that promises this errno for this call, e.g. `"write(2)"` or
/// `"recv(2)/tcp(7)"`; `"<call>(2)"` when no better page is known.
std::string errnoManPage(std::string_view call, int value);
/// Every errno name known to errnoValue(), for suggestions.
std::vector<std::string> errnoNames();

/// `"SIGPIPE"` → SIGPIPE.
std::optional<int> signalValue(std::string_view name);
/// SIGPIPE → `"SIGPIPE"`; an unknown value → `"signal 99"`.
std::string signalName(int value);
/// Every signal name known to signalValue(), for suggestions.
std::vector<std::string> signalNames();

/// The vocabularies a scenario argument can be written in. MsgFlags,
/// PollEvents and EpollEvents are bit sets (`POLLIN|POLLRDHUP`); the others
/// are single choices.
enum class FlagSet { MsgFlags, PollEvents, EpollEvents, ShutHow, Family, Signal, SignalAction, FcntlFlag, SockFlags };

/// Values of the choices that have no C number of their own.
inline constexpr long kSigDfl = 0;     ///< SIG_DFL
inline constexpr long kSigIgn = 1;     ///< SIG_IGN
inline constexpr long kSigHandler = 2; ///< `handler`: a handler that records the signal
inline constexpr long kBlocking = 0;   ///< BLOCKING: clear O_NONBLOCK

/// The value of one name, or of names joined with '|' in a bit set; `"0"` is
/// the empty bit set. nullopt when any name is unknown in that set.
std::optional<long> flagValue(FlagSet set, std::string_view names);
/// Canonical spelling: bit sets in ascending bit order joined with '|'
/// (`"POLLIN|POLLHUP|POLLRDHUP"`), `"0"` for none, unknown bits as hex;
/// single choices as their name, or the number when none matches.
std::string flagsToString(FlagSet set, long value);
/// Every name of the set, in canonical order.
std::vector<std::string> flagNames(FlagSet set);

struct SockOptInfo {
    int level = 0;
    int name = 0;
    std::string canonical;
    enum class ValueKind { Int, Linger } kind = ValueKind::Int;
};

/// `"SO_LINGER"` → {SOL_SOCKET, SO_LINGER, "SO_LINGER", Linger}.
std::optional<SockOptInfo> sockOpt(std::string_view name);
/// Every option sockOpt() knows.
std::vector<std::string> sockOptNames();

/// The candidate closest to `wrong` (edit distance, ignoring case), when it is
/// close enough to be a likely typo; otherwise "".
std::string suggest(std::string_view wrong, const std::vector<std::string>& candidates);

} // namespace finscope::names
