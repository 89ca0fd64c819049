// SPDX-License-Identifier: MIT
#include "core/wire/framematch.h"

#include "core/packetdecoder.h"
#include "core/wire/wireframe.h"

namespace finscope {

bool FrameMatch::matches(const WireFrame& frame) const
{
    if (from >= 0 && frame.from != from)
        return false;
    if (to >= 0 && frame.to != to)
        return false;
    if (flags == 0)
        return true;
    const auto segment = frame.tcp();
    return segment && (segment->flags & flags) == flags;
}

std::string FrameMatch::describe() const
{
    std::string text;
    auto add = [&text](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
    if (from >= 0)
        add("from=" + std::to_string(from));
    if (to >= 0)
        add("to=" + std::to_string(to));
    if (flags != 0) {
        // Letters as in scenario-format: S F P R U E W, A for ACK.
        static constexpr struct { std::uint8_t bit; char letter; } kLetters[] = {
            {tcpflag::SYN, 'S'}, {tcpflag::FIN, 'F'}, {tcpflag::PSH, 'P'}, {tcpflag::RST, 'R'},
            {tcpflag::URG, 'U'}, {tcpflag::ECE, 'E'}, {tcpflag::CWR, 'W'}, {tcpflag::ACK, 'A'}};
        std::string letters;
        for (const auto& l : kLetters)
            if (flags & l.bit)
                letters += l.letter;
        add("flags=" + letters);
    }
    return text.empty() ? "any" : text;
}

} // namespace finscope
