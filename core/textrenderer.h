// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <cstdint>
#include <ostream>

namespace finscope {

/// The trace as an aligned, human-readable timeline for a terminal: one
/// line per event, time relative to the start of the run, who, what.
class TextRenderer {
public:
    TextRenderer(std::ostream& out, bool colour);
    void add(const TraceEvent& event);

private:
    std::string stamp(std::int64_t tNs) const;
    std::string paint(const std::string& text, const char* code) const;
    void line(std::int64_t tNs, const std::string& who, const std::string& text);
    /// The event's `why`, on a line of its own under it.
    void because(const std::string& why);

    std::ostream& m_out;
    bool m_colour;
    std::int64_t m_start = 0;
};

/// One syscall as C: `write(5, "456", 3) = -1 EPIPE (Broken pipe)`.
std::string describeSyscall(const SyscallEvent& e);
/// A packet's flags and relative numbers as tcpdump writes them: `F. 1:1(0) ack 1`.
std::string packetLabel(const PacketEvent& e);
/// The label with the window: `F. 1:1(0) ack 1 win 512`.
std::string describePacket(const PacketEvent& e);

} // namespace finscope
