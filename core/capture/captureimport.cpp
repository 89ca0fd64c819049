// SPDX-License-Identifier: MIT
#include "core/capture/captureimport.h"

#include "core/capture/capturefile.h"

#include <pcap/dlt.h>
#include <pcap/pcap.h>

#include <algorithm>
#include <cstdio>
#include <string>

namespace finscope {
namespace {

bool decodable(int dlt) {
    constexpr int kLinktypeRaw = 101, kDltIpv4 = 228, kDltIpv6 = 229;
    for (int known : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_NULL, DLT_LOOP, DLT_RAW, kLinktypeRaw,
                      kDltIpv4, kDltIpv6})
        if (dlt == known) return true;
    return false;
}

constexpr std::uint64_t kProgressEvery = 1U << 16;

void readAll(CaptureFile& file, CaptureImport& out, const ImportProgress& progress) {
    out.opened = true;
    out.linkType = file.linkTypeName();
    const int dlt = file.linkType();
    if (!decodable(dlt)) {
        out.warnings.push_back("link type " + out.linkType +
                               " is not one FinScope decodes (Ethernet, Linux cooked SLL/SLL2, raw IP, "
                               "loopback/null): no packet can be read as TCP");
    }
    // The smallest record a capture can hold for a TCP segment: a 16-byte
    // record header and 40 bytes of IPv4 and TCP headers.
    out.table.reserve(static_cast<std::size_t>(std::max<std::int64_t>(file.fileSize(), 0) / 56 + 16));
    CaptureFile::Frame frame;
    for (;;) {
        const auto r = file.next(frame);
        if (r == CaptureFile::Next::End) {
            out.complete = true;
            break;
        }
        if (r == CaptureFile::Next::Damaged) {
            out.error = "the capture breaks off after frame " + std::to_string(out.frames) + " (" + file.error() +
                        "): what follows is what was read before the damage";
            break;
        }
        ++out.frames;
        if (const auto seg = locateTcp(dlt, frame.data, frame.capLen)) {
            ++out.tcpFrames;
            out.table.add(*seg, frame.tNs);
        }
        if (progress && out.frames % kProgressEvery == 0 && !progress(file.position(), file.fileSize())) {
            out.cancelled = true;
            out.error = "stopped after frame " + std::to_string(out.frames) + " on request";
            break;
        }
    }
    out.table.finish();
    if (out.frames > 0 && out.tcpFrames == 0)
        out.warnings.push_back("no TCP segment in " + std::to_string(out.frames) + " frames");
    if (out.frames == 0 && out.complete) out.warnings.push_back("the capture holds no packets");
}

} // namespace

CaptureImport importCapture(const std::string& path, const ImportProgress& progress) {
    CaptureImport out;
    out.path = path;
    CaptureFile file;
    if (!file.open(path, out.error)) return out;
    readAll(file, out, progress);
    return out;
}

CaptureImport importCaptureBytes(const std::uint8_t* data, std::size_t size) {
    // libpcap reads from a FILE*, so give it one over the bytes; fmemopen
    // keeps this off the disk.
    CaptureImport out;
    out.path = "(memory)";
    if (size == 0) {
        out.error = "empty: not a capture file";
        return out;
    }
    std::FILE* f = ::fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
    if (!f) {
        out.error = "cannot read from memory";
        return out;
    }
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
        std::fclose(f);
        out.error = std::string("not a pcap or pcapng capture file we can read (") + err + ")";
        return out;
    }
    CaptureFile file;
    file.adopt(p, static_cast<std::int64_t>(size));
    readAll(file, out, {});
    return out;
}

} // namespace finscope
