// SPDX-License-Identifier: MIT
// Fuzz target: a capture file is someone else's bytes. Import them, then
// build every connection's verdict, ladder and JSON: nothing may crash, and
// a failed import must say why.
#include "core/capture/captureimport.h"
#include "core/capture/captureladder.h"
#include "core/capture/connectionverdict.h"
#include "core/capture/importjson.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const finscope::CaptureImport c = finscope::importCaptureBytes(data, size);
    if (!c.opened || !c.complete) {
        if (c.error.empty()) std::abort();
    }
    std::ostringstream out;
    finscope::writeImportJson(out, c);
    const auto& conns = c.table.connections();
    for (std::size_t i = 0; i < conns.size() && i < 8; ++i) {
        if (finscope::verdictOf(conns[i]).ending.empty()) std::abort();
        const finscope::CaptureLadder ladder = finscope::buildLadder(c.table, i);
        finscope::writeLadderJson(out, c, ladder);
    }
    return 0;
}
