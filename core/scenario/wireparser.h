// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenarioparser.h"

#include <string_view>
#include <vector>

/// The `wire:` lines of a scenario (docs/scenario-format.md, "The wire"):
/// the header `wire: delay=20ms, loss=5%, from=server` and the steps
/// `wire: hold(...)`, `wire: release()`, `wire: drop(next, ...)`. Errors
/// carry the line and column of the part that is wrong.
namespace finscope::fsc {

/// The pseudo-endpoint of wire steps; no endpoint may be called so.
inline constexpr std::string_view kWire = "wire";

class WireParser {
public:
    WireParser(std::string_view line, int lineNo, std::vector<ParseError>& errors)
        : line_(line), lineNo_(lineNo), errors_(errors) {}

    /// `rest` is what follows `wire:` on the line (a view into it); `at` is the offset of `wire`.
    bool header(std::size_t at, std::string_view rest, WireHeader& out);
    /// The whole line `wire: call(args)`; `at` is the offset of `wire`.
    bool step(std::size_t at, Step& out);

    /// Once every endpoint is known: the names in the wire's lines must be
    /// endpoints, and a wire joins at least two hosts.
    static void checkNames(const Scenario& scenario, std::vector<ParseError>& errors);

private:
    bool fail(std::size_t offset, std::string message);
    bool headerItem(std::string_view key, std::size_t keyAt, std::string_view value, std::size_t valueAt,
                    WireHeader& out);

    std::string_view line_;
    int lineNo_;
    std::vector<ParseError>& errors_;
};

} // namespace finscope::fsc
