// SPDX-License-Identifier: MIT
#include "core/wire/wireframe.h"

#include <pcap/dlt.h>

namespace finscope {

std::optional<TcpSegment> WireFrame::tcp() const { return decodeTcp(DLT_EN10MB, bytes.data(), bytes.size(), sentNs); }

const char* wireFateName(WireFate fate)
{
    switch (fate) {
    case WireFate::InFlight: return "in-flight";
    case WireFate::Held: return "held";
    case WireFate::Delivered: return "delivered";
    case WireFate::Dropped: return "dropped";
    }
    return "?";
}

} // namespace finscope
