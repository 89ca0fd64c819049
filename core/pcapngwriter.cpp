// SPDX-License-Identifier: MIT
#include "core/pcapngwriter.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace finscope {
namespace {

// Block types and option codes from the pcapng specification.
constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 0x00000001;
constexpr std::uint32_t kEnhancedPacket = 0x00000006;
constexpr std::uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr std::uint16_t kOptEnd = 0, kOptComment = 1;
constexpr std::uint16_t kShbHardware = 2, kShbOs = 3, kShbUserAppl = 4;
constexpr std::uint16_t kIfName = 2, kIfTsresol = 9;
constexpr std::uint8_t kNanoseconds = 9;    // if_tsresol: 10^-9
constexpr std::size_t kMaxOptionValue = 0xFFFF;

// Native byte order throughout: the byte-order magic tells readers which.
template <class T> void put(std::string& out, T v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }

void pad4(std::string& out) { out.append((4 - out.size() % 4) % 4, '\0'); }

void option(std::string& out, std::uint16_t code, const void* value, std::size_t len) {
    len = std::min(len, kMaxOptionValue);
    put(out, code);
    put(out, static_cast<std::uint16_t>(len));
    out.append(static_cast<const char*>(value), len);
    pad4(out);
}

void textOption(std::string& out, std::uint16_t code, const std::string& text) {
    // UTF-8 text; a value cannot hold more than 65535 bytes, so cut there.
    if (!text.empty()) option(out, code, text.data(), text.size());
}

void endOptions(std::string& out) {
    put(out, kOptEnd);
    put(out, std::uint16_t{0});
}

} // namespace

PcapngWriter::~PcapngWriter() { discard(); }

void PcapngWriter::discard() {
    if (m_file) {
        std::fclose(m_file);
        m_file = nullptr;
        ::unlink(m_tmpPath.c_str());
    }
}

bool PcapngWriter::open(const std::string& path, const Section& section, std::string& error) {
    discard();
    m_path = path;
    m_tmpPath = path + ".XXXXXX";
    int fd = ::mkstemp(m_tmpPath.data());
    if (fd < 0) {
        error = "cannot create " + m_tmpPath + ": " + std::strerror(errno);
        return false;
    }
    // mkstemp makes the file private (0600); a capture is an ordinary file.
    const mode_t mask = ::umask(0);
    ::umask(mask);
    ::fchmod(fd, 0666 & ~mask);
    m_file = ::fdopen(fd, "wb");
    if (!m_file) {
        error = std::string("cannot write: ") + std::strerror(errno);
        ::close(fd);
        ::unlink(m_tmpPath.c_str());
        return false;
    }
    m_interfaces = 0;
    m_failed = false;
    std::string body;
    put(body, kByteOrderMagic);
    put(body, std::uint16_t{1});           // version 1.0
    put(body, std::uint16_t{0});
    put(body, std::int64_t{-1});           // section length not given
    textOption(body, kOptComment, section.comment);
    textOption(body, kShbHardware, section.hardware);
    textOption(body, kShbOs, section.os);
    textOption(body, kShbUserAppl, section.application);
    endOptions(body);
    writeBlock(kSectionHeader, body);
    return !m_failed;
}

std::uint32_t PcapngWriter::addInterface(int linkType, const std::string& name, std::uint32_t snapLen) {
    std::string body;
    put(body, static_cast<std::uint16_t>(linkType));
    put(body, std::uint16_t{0});
    put(body, snapLen);
    textOption(body, kIfName, name);
    option(body, kIfTsresol, &kNanoseconds, 1);
    endOptions(body);
    writeBlock(kInterfaceDescription, body);
    return m_interfaces++;
}

void PcapngWriter::writePacket(std::uint32_t interfaceId, std::int64_t tNs, const std::uint8_t* data,
                               std::size_t capLen, std::uint32_t origLen, const std::string& comment) {
    std::string body;
    const auto t = static_cast<std::uint64_t>(tNs);
    put(body, interfaceId);
    put(body, static_cast<std::uint32_t>(t >> 32));
    put(body, static_cast<std::uint32_t>(t));
    put(body, static_cast<std::uint32_t>(capLen));
    put(body, std::max(origLen, static_cast<std::uint32_t>(capLen)));
    if (capLen > 0) body.append(reinterpret_cast<const char*>(data), capLen);
    pad4(body);
    if (!comment.empty()) {
        textOption(body, kOptComment, comment);
        endOptions(body);
    }
    writeBlock(kEnhancedPacket, body);
}

void PcapngWriter::writeBlock(std::uint32_t type, const std::string& body) {
    if (!m_file) return;
    // Type, total length, body, total length again (readers walk both ways).
    const auto total = static_cast<std::uint32_t>(body.size() + 12);
    std::string block;
    block.reserve(total);
    put(block, type);
    put(block, total);
    block += body;
    put(block, total);
    if (std::fwrite(block.data(), 1, block.size(), m_file) != block.size()) m_failed = true;
}

bool PcapngWriter::commit(std::string& error) {
    if (!m_file) {
        error = "nothing to write: the file was not opened";
        return false;
    }
    bool ok = !m_failed && std::fflush(m_file) == 0 && ::fsync(::fileno(m_file)) == 0;
    const int savedErrno = errno;
    ok = std::fclose(m_file) == 0 && ok;
    m_file = nullptr;
    if (ok && std::rename(m_tmpPath.c_str(), m_path.c_str()) == 0) return true;
    error = "cannot write " + m_path + ": " + std::strerror(ok ? errno : savedErrno);
    ::unlink(m_tmpPath.c_str());
    return false;
}

} // namespace finscope
