// SPDX-License-Identifier: MIT
#pragma once

#include "core/names.h"
#include "core/scenario.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Every call the scenario format knows: its descriptor, the names it
/// defines, its parameters and the vocabulary of each (docs/scenario-format.md, "Calls").
namespace finscope::fsc {

constexpr std::int64_t kMaxBytes = 64 * 1024 * 1024;
constexpr std::int64_t kMaxSleepSeconds = 120;              // longer than TIME_WAIT, shorter than patience
constexpr std::int64_t kMaxUsleep = kMaxSleepSeconds * 1'000'000;

enum class FdUse { None, Current, Listening, OnlyIfWritten };

enum class ArgKind {
    Port, Address, Count, Data, Backlog, Timeout, Seconds, Micros, Status, IntValue, OnOff,
    InetFamily, UnixFamily, UnspecFamily, SockFlags, Shut, SendFlags, RecvFlags, Option, Fcntl, PollEvents, EpollEvents, Signal, Action,
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

struct FlagKind {
    names::FlagSet set;
    const char* noun;
    std::vector<std::string> allowed; // empty: every name of the set
};

const std::vector<CallSpec>& callSpecs();
const CallSpec* findCall(std::string_view name);
std::vector<std::string> callNames();
/// The option written as the first argument of setsockopt(), if known.
std::optional<names::SockOptInfo> optionOf(const std::vector<Value>& args);
bool firstPositionalIsName(const std::vector<Value>& args);
/// `connect(fd, AF_UNSPEC)`: the call dissolves the association of `fd`.
bool isDisconnect(const std::vector<Value>& args);
/// The parameters of a call once its descriptor is known, in positional order.
std::vector<Param> paramsOf(const CallSpec& spec, bool fdWritten, const std::vector<Value>& args);
bool definesSomething(const CallSpec& spec, bool fdWritten);
std::optional<FlagKind> flagKind(ArgKind k);
bool isBitSet(names::FlagSet s);
std::vector<std::string> allowedNames(const FlagKind& fk);
/// The names a parameter of this kind accepts, empty when it takes no names.
std::vector<std::string> candidatesFor(ArgKind k);
/// A C name of any vocabulary: never a descriptor the author forgot to define.
bool isKnownConstant(const std::string& name);
/// "127.0.0.1:5000" or "[::1]:5000".
bool validAddress(const std::string& text);

} // namespace finscope::fsc
