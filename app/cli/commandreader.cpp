// SPDX-License-Identifier: MIT
#include "commandreader.h"

#include <cerrno>
#include <poll.h>
#include <unistd.h>
#include <utility>

namespace finscope::cli {
namespace {

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

} // namespace

std::optional<std::string> CommandReader::next(int timeoutMs) {
    if (auto line = takeLine()) return line;
    if (m_eof) return std::string("stop");  // the end of input ends the run
    pollfd in{STDIN_FILENO, POLLIN, 0};
    if (::poll(&in, 1, timeoutMs) <= 0) return std::nullopt;  // timeout, or a signal
    char chunk[256];
    ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n < 0) return errno == EINTR || errno == EAGAIN ? std::nullopt : std::optional<std::string>("stop");
    if (n == 0) m_eof = true;
    m_buffer.append(chunk, static_cast<std::size_t>(n));
    if (auto line = takeLine()) return line;
    if (m_eof && !m_buffer.empty()) return trimmed(std::exchange(m_buffer, {}));
    return m_eof ? std::optional<std::string>("stop") : std::nullopt;
}

std::optional<std::string> CommandReader::takeLine() {
    auto newline = m_buffer.find('\n');
    if (newline == std::string::npos) return std::nullopt;
    std::string line = m_buffer.substr(0, newline);
    m_buffer.erase(0, newline + 1);
    return trimmed(line);
}

} // namespace finscope::cli
