// SPDX-License-Identifier: MIT
#include "core/capture/capturefile.h"

#include <pcap/pcap.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

namespace finscope {
namespace {

/// A file may claim any 64-bit time. Times are kept within [1970, 2096],
/// so that every difference of two fits in 64 bits.
std::int64_t clampedNs(std::int64_t sec, std::int64_t nsec) {
    constexpr std::int64_t kMaxSec = 4'000'000'000;
    if (sec < 0) return 0;
    if (sec >= kMaxSec) return kMaxSec * 1'000'000'000;
    return sec * 1'000'000'000 + nsec;  // the file was opened with nanosecond precision
}

} // namespace

CaptureFile::~CaptureFile() {
    if (m_pcap) pcap_close(m_pcap);
}

bool CaptureFile::open(const std::string& path, std::string& error) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        error = path + ": " + std::strerror(errno);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = path + ": not a regular file (a capture is read from a file, not a device or pipe)";
        return false;
    }
    m_size = st.st_size;
    char err[PCAP_ERRBUF_SIZE] = {};
    m_pcap = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
    if (!m_pcap) {
        // libpcap's words ("unknown file format", "truncated dump file")
        // are right but terse: say what we expected.
        error = path + ": not a pcap or pcapng capture file we can read (" + err + ")";
        return false;
    }
    m_dlt = pcap_datalink(m_pcap);
    return true;
}

void CaptureFile::adopt(pcap* handle, std::int64_t size) {
    if (m_pcap) pcap_close(m_pcap);
    m_pcap = handle;
    m_size = size;
    m_dlt = pcap_datalink(handle);
}

CaptureFile::Next CaptureFile::next(Frame& frame) {
    if (!m_pcap) return Next::End;
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int rc = pcap_next_ex(m_pcap, &header, &data);
    if (rc == 1) {
        frame.tNs = clampedNs(header->ts.tv_sec, header->ts.tv_usec);
        frame.data = data;
        frame.capLen = header->caplen;
        frame.wireLen = header->len;
        return Next::Frame;
    }
    if (rc == PCAP_ERROR_BREAK) return Next::End;
    m_error = pcap_geterr(m_pcap);
    if (m_error.empty()) m_error = "the file is damaged";
    return Next::Damaged;
}

std::string CaptureFile::linkTypeName() const {
    const char* name = pcap_datalink_val_to_name(m_dlt);
    const char* description = pcap_datalink_val_to_description(m_dlt);
    std::string out = name ? name : "DLT " + std::to_string(m_dlt);
    if (description) out += std::string(" (") + description + ")";
    return out;
}

std::int64_t CaptureFile::position() const {
    if (!m_pcap) return 0;
    std::FILE* f = pcap_file(m_pcap);
    return f ? static_cast<std::int64_t>(std::ftell(f)) : 0;
}

} // namespace finscope
