// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

/// Writes pcapng (draft-ietf-opsawg-pcapng): one section header block,
/// interface description blocks, enhanced packet blocks, each with the
/// options FinScope needs (comments, nanosecond timestamps). libpcap reads
/// pcapng but cannot write it, hence this small writer.
///
/// The file appears whole or not at all: blocks go to a temporary file next
/// to the target, which commit() flushes and renames over it. Destroying the
/// writer without commit() removes the temporary file; an existing file at
/// the target is never touched until then.
namespace finscope {

class PcapngWriter {
public:
    struct Section {
        std::string hardware;           ///< shb_hardware
        std::string os;                 ///< shb_os: "Linux 6.1.0-18-amd64"
        std::string application;        ///< shb_userappl: "FinScope 0.1.0"
        std::string comment;            ///< opt_comment
    };

    PcapngWriter() = default;
    ~PcapngWriter();
    PcapngWriter(const PcapngWriter&) = delete;
    PcapngWriter& operator=(const PcapngWriter&) = delete;

    /// Starts the file (a temporary beside `path`) with its section header.
    bool open(const std::string& path, const Section& section, std::string& error);

    /// Adds an interface; returns its id for writePacket(). `linkType` is a
    /// LINKTYPE_ value (LINKTYPE_ETHERNET = 1 ...); timestamps in nanoseconds.
    std::uint32_t addInterface(int linkType, const std::string& name, std::uint32_t snapLen);

    /// One enhanced packet block. `origLen` is the length on the wire.
    void writePacket(std::uint32_t interfaceId, std::int64_t tNs, const std::uint8_t* data, std::size_t capLen,
                     std::uint32_t origLen, const std::string& comment);

    /// Flushes, syncs and renames into place. False (and why) if any write failed.
    bool commit(std::string& error);

    bool isOpen() const { return m_file != nullptr; }

private:
    void writeBlock(std::uint32_t type, const std::string& body);
    void discard();

    std::FILE* m_file = nullptr;
    std::string m_path;
    std::string m_tmpPath;
    std::uint32_t m_interfaces = 0;
    bool m_failed = false;
};

} // namespace finscope
