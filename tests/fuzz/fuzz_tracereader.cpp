// SPDX-License-Identifier: MIT
// Fuzz target: parseTraceLine() reads lines written by other programs, so it
// must survive any bytes; what it accepts must survive a write/read round trip.
#include "core/tracejson.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    const finscope::TraceParseResult r = finscope::parseTraceLine(line);
    if (!r.ok) {
        if (r.error.empty()) std::abort();
        return 0;
    }
    const std::string written = finscope::toJsonLine(r.event);
    const finscope::TraceParseResult again = finscope::parseTraceLine(written);
    if (!again.ok || finscope::toJsonLine(again.event) != written) std::abort();
    return 0;
}
