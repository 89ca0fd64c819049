// SPDX-License-Identifier: MIT
#pragma once

#include "core/pcapngwriter.h"
#include "core/traceevent.h"

#include <map>
#include <string>

/// Turns a run's trace into a pcapng file as it streams by: the run event
/// becomes the section header (scenario title, kernel, FinScope version),
/// every packet event an enhanced packet block with its real frame and a
/// comment saying why it was sent.
namespace finscope {

class PcapngExport {
public:
    /// `interfaceName`: the device the frames were captured on ("lo").
    PcapngExport(std::string path, std::string interfaceName);

    /// Feed every event of the run, in order. False once writing failed (see error()).
    bool add(const TraceEvent& event);

    /// Writes the file into place; false and error() if it could not be.
    bool finish();

    const std::string& error() const { return m_error; }
    int packets() const { return m_packets; }
    /// Packet events without a frame (read back from JSON): not written.
    int skipped() const { return m_skipped; }

private:
    bool start(const RunEvent* run);

    std::string m_path;
    std::string m_interface;
    PcapngWriter m_writer;
    std::map<int, std::uint32_t> m_interfaces;   ///< link type -> interface id
    std::string m_error;
    int m_packets = 0;
    int m_skipped = 0;
};

/// The comment a packet carries: the engine's `why` when it has one, else a
/// plain description: "FIN from client (127.0.0.1:40000 -> 127.0.0.1:5000)".
std::string packetComment(const TraceEvent& event, const PacketEvent& packet);

} // namespace finscope
