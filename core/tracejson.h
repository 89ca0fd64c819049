// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <string>
#include <string_view>

/// JSON lines for the trace (docs/trace-format.md): one event, one line.
namespace finscope {

/// The event as one line of JSON, without the trailing newline.
std::string toJsonLine(const TraceEvent& event);

/// Result of reading one line: either an event or a message saying why not.
struct TraceParseResult {
    bool ok = false;
    TraceEvent event;
    std::string error;
};

/// Reads one JSON line written by toJsonLine (or by another tool that
/// follows the documented format). Never throws; unknown keys are ignored,
/// unknown kinds are an error.
TraceParseResult parseTraceLine(std::string_view line);

} // namespace finscope
