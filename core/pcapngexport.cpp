// SPDX-License-Identifier: MIT
#include "core/pcapngexport.h"

#include <pcap/dlt.h>

#include <utility>

namespace finscope {
namespace {

constexpr std::uint32_t kSnapLen = 262144;
constexpr int kLinktypeRaw = 101;

/// pcapng wants LINKTYPE_ values; libpcap hands out DLT_ values. They agree
/// for every link type a loopback capture has except raw IP.
int linkTypeOf(int dlt) { return dlt == DLT_RAW ? kLinktypeRaw : dlt; }

/// What kind of segment, in the words of the flags that matter most.
std::string segmentKind(const PacketEvent& p) {
    const auto has = [&](char c) { return p.flags.find(c) != std::string::npos; };
    if (has('R')) return "RST";
    if (has('S')) return has('.') ? "SYN-ACK" : "SYN";
    if (has('F')) return p.len > 0 ? "FIN with " + std::to_string(p.len) + " bytes" : "FIN";
    if (p.len > 0) return std::to_string(p.len) + " bytes of data";
    return "ACK";
}

} // namespace

std::string packetComment(const TraceEvent& event, const PacketEvent& p) {
    const std::string kind = segmentKind(p);
    std::string text = p.from ? kind + " from " + *p.from : kind;
    text += " (" + p.src + " -> " + p.dst + ")";
    if (!event.why.empty()) text = kind + ": " + event.why + " " + text.substr(text.find('('));
    return text;
}

PcapngExport::PcapngExport(std::string path, std::string interfaceName)
    : m_path(std::move(path)), m_interface(std::move(interfaceName)) {}

bool PcapngExport::start(const RunEvent* run) {
    PcapngWriter::Section section;
    section.application = "FinScope " + std::string(run ? run->version : "");
    if (run) {
        section.os = "Linux " + run->kernel;
        section.hardware = "loopback of a " + run->capture + " capture";
        section.comment = "FinScope scenario " + run->scenario + ": " + run->title;
    }
    return m_writer.open(m_path, section, m_error);
}

bool PcapngExport::add(const TraceEvent& event) {
    if (!m_error.empty()) return false;
    if (const auto* run = event.as<RunEvent>(); run && !m_writer.isOpen()) return start(run);
    const auto* p = event.as<PacketEvent>();
    if (!p) return true;
    if (!m_writer.isOpen() && !start(nullptr)) return false;
    if (p->frame.empty()) {
        ++m_skipped;
        return true;
    }
    auto it = m_interfaces.find(p->linkType);
    if (it == m_interfaces.end())
        it = m_interfaces.emplace(p->linkType, m_writer.addInterface(linkTypeOf(p->linkType), m_interface, kSnapLen))
                 .first;
    m_writer.writePacket(it->second, event.tNs, p->frame.data(), p->frame.size(), p->frameLen,
                         packetComment(event, *p));
    ++m_packets;
    return true;
}

bool PcapngExport::finish() {
    if (!m_error.empty()) return false;
    if (!m_writer.isOpen() && !start(nullptr)) return false;
    // Readers refuse a section without an interface, and a run without
    // packets is still a capture (of nothing) on the loopback's link type.
    if (m_interfaces.empty()) m_writer.addInterface(DLT_EN10MB, m_interface, kSnapLen);
    return m_writer.commit(m_error);
}

} // namespace finscope
