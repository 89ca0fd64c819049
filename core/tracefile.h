// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <string>
#include <vector>

/// A saved trace (`finscope run --json > run.jsonl`) read back.
namespace finscope {

struct TraceFile {
    std::vector<TraceEvent> events;
    std::string error;   ///< "run.jsonl:7: <why>" for the first bad line, or "cannot read ..."; empty when all is well
    bool ok() const { return error.empty(); }
};

/// Reads JSON lines from `path`. Blank lines are skipped; the first line that
/// is not a trace event stops the reading with an error naming its line.
TraceFile readTraceFile(const std::string& path);

/// Reads JSON lines from text (a pipe's output); `name` is used in errors.
TraceFile readTraceText(const std::string& text, const std::string& name);

} // namespace finscope
