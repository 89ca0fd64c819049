// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

namespace finscope::cli {

/// Step commands from standard input, one a line, read without blocking
/// longer than asked: the runner samples states between two looks. The end
/// of input (or a read error) is "stop".
class CommandReader {
public:
    std::optional<std::string> next(int timeoutMs);

private:
    std::optional<std::string> takeLine();
    std::string m_buffer;
    bool m_eof = false;
};

} // namespace finscope::cli
