// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

struct pcap;

/// A pcap or pcapng file read with libpcap, frame by frame, refusing what
/// is not a regular file (a pipe or /dev/zero would never end).
namespace finscope {

class CaptureFile {
public:
    struct Frame {
        std::int64_t tNs = 0;           ///< nanoseconds since the epoch
        const std::uint8_t* data = nullptr;   ///< valid until the next next()
        std::size_t capLen = 0;
        std::uint32_t wireLen = 0;
    };
    enum class Next { Frame, End, Damaged };

    CaptureFile() = default;
    ~CaptureFile();
    CaptureFile(const CaptureFile&) = delete;
    CaptureFile& operator=(const CaptureFile&) = delete;

    /// Opens `path`; on failure `error` says why in words.
    bool open(const std::string& path, std::string& error);
    /// Takes an already opened handle (a capture in memory); closes it.
    void adopt(pcap* handle, std::int64_t size);
    /// The next frame; Damaged when the file breaks off (error() says how).
    Next next(Frame& frame);

    int linkType() const { return m_dlt; }
    std::string linkTypeName() const;   ///< "EN10MB (Ethernet)"
    const std::string& error() const { return m_error; }
    std::int64_t fileSize() const { return m_size; }
    std::int64_t position() const;      ///< bytes read so far, for progress

private:
    pcap* m_pcap = nullptr;
    int m_dlt = 0;
    std::int64_t m_size = 0;
    std::string m_error;
};

} // namespace finscope
