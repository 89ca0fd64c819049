// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// Reads a .fsc file (docs/scenario-format.md) into a validated Scenario.
namespace finscope {

/// Limits that keep a file from running for hours or eating the memory;
/// each one is said plainly when it is exceeded.
constexpr std::size_t kMaxScenarioBytes = 1024 * 1024;  ///< a scenario file, before parsing
constexpr std::size_t kMaxSteps = 10000;                ///< steps in one file
constexpr std::int64_t kMaxRepeat = 100000;             ///< calls of one `N times` / `until` loop

struct ParseError {
    SourcePos pos;  ///< 1-based; 0:0 when the error concerns the whole file (unreadable)
    std::string message;
};

struct ParseResult {
    std::optional<Scenario> scenario; ///< set only when there is no error: a file with a mistake runs nothing
    std::vector<ParseError> errors;   ///< every error found, in file order
    bool ok() const { return scenario.has_value() && errors.empty(); }
};

/// Parses and validates. Never throws, whatever the input. `path` is used for
/// Scenario::path and Scenario::id (see scenarioIdFromPath).
ParseResult parseScenario(std::string_view text, const std::string& path);

/// `"path:line:col: message"` (just `"path: message"` for a 0:0 position).
std::string formatError(const std::string& path, const ParseError& error);

/// The file stem without a catalogue-order prefix of digits and '-':
/// `"resources/scenarios/03-write-after-close.fsc"` → `"write-after-close"`.
std::string scenarioIdFromPath(std::string_view path);

/// A step's argument by its parameter name in docs/scenario-format.md
/// (`"port"`, `"data"`, `"flags"`, `"on"`, ...), whether it was written as
/// `key=value` or positionally. nullptr when it was left out (the default
/// applies) or the call has no such parameter. Step::fd is never among them.
const Value* findArg(const Step& step, std::string_view param);

} // namespace finscope
