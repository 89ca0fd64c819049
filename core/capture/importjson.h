// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/captureimport.h"
#include "core/capture/captureladder.h"
#include "core/traceevent.h"

#include <ostream>
#include <vector>

/// `finscope import --json`: an imported capture as JSON lines
/// (docs/trace-format.md, "Imported captures"). The ladder reuses the
/// trace's own `packet` and `state` events.
namespace finscope {

/// One `capture` line, then one `connection` line per connection, unusual endings first.
void writeImportJson(std::ostream& out, const CaptureImport& capture);

/// The `capture` line, the connection's line, a note, then its packets and
/// the inferred state changes in time order.
void writeLadderJson(std::ostream& out, const CaptureImport& capture, const CaptureLadder& ladder);

/// A ladder as trace events, as a run would give them: a note (inferred
/// from a capture), per-side warnings, then each packet (`why`: its mark)
/// followed by the inferred state changes it caused. Ids count from 0.
std::vector<TraceEvent> ladderEvents(const CaptureLadder& ladder);

/// Connection indexes in list order: unusual endings first.
std::vector<std::size_t> listOrder(const ConnectionTable& table);

} // namespace finscope
