// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/connectiontable.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

/// Reads a user's capture (pcap or pcapng, any link type FinScope decodes)
/// into connections and compact packet records, in one pass. A damaged
/// file gives what was read before the damage, and says so.
namespace finscope {

struct CaptureImport {
    std::string path;
    std::string linkType;               ///< "EN10MB (Ethernet)"
    std::uint64_t frames = 0;           ///< frames read
    std::uint64_t tcpFrames = 0;        ///< of which TCP segments
    bool opened = false;                ///< false: `error` says why nothing was read
    bool complete = false;              ///< read to the end, undamaged
    bool cancelled = false;
    std::string error;                  ///< why the file could not be read, or where it broke off
    std::vector<std::string> warnings;  ///< no TCP, unknown link type, ...
    ConnectionTable table;
};

/// Called now and then with (bytes read, file size); return false to stop.
using ImportProgress = std::function<bool(std::int64_t done, std::int64_t total)>;

CaptureImport importCapture(const std::string& path, const ImportProgress& progress = {});

/// The same from a capture held in memory (the fuzz target's way in).
CaptureImport importCaptureBytes(const std::uint8_t* data, std::size_t size);

} // namespace finscope
