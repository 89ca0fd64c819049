// SPDX-License-Identifier: MIT
// `finscope import`: a user's capture as a list of TCP connections and how
// each ended, or one connection's ladder; text for people, JSON lines for
// scripts (docs/trace-format.md).
#include "commands.h"

#include "core/capture/captureimport.h"
#include "core/capture/captureladder.h"
#include "core/capture/connectionverdict.h"
#include "core/capture/importjson.h"
#include "core/packetdecoder.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace {

using namespace finscope;

constexpr int kExitDamaged = 1;

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.resize(width, ' ');
    return s;
}

std::string utc(std::int64_t tNs) {
    const std::time_t t = static_cast<std::time_t>(tNs / 1'000'000'000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return std::string(buf) + fmt(".%06.0f UTC", static_cast<double>(tNs % 1'000'000'000) / 1e3);
}

void printHeader(const CaptureImport& c) {
    std::cout << c.path << ": " << c.frames << " frames, " << c.tcpFrames << " TCP segments, "
              << c.table.connections().size()
              << (c.table.connections().size() == 1 ? " connection (" : " connections (") << c.linkType << ")\n";
}

void printProblems(const CaptureImport& c) {
    for (const auto& w : c.warnings) std::cerr << "finscope import: " << c.path << ": " << w << '\n';
    if (!c.complete && !c.error.empty())
        std::cerr << "finscope import: " << c.path << ": partial result: " << c.error << '\n';
}

void printList(const CaptureImport& c) {
    printHeader(c);
    const auto& conns = c.table.connections();
    if (conns.empty()) return;
    const std::int64_t t0 = c.table.packets().front().tNs;
    std::cout << "first packet at " << utc(t0) << "; unusual endings first\n\n";
    std::cout << pad("    #", 6) << pad("A (opened)", 24) << pad("B", 24) << pad("start s", 12) << pad("duration ms", 13)
              << pad("bytes A>B", 11) << pad("bytes B>A", 11) << "ending\n";
    for (std::size_t i : listOrder(c.table)) {
        const Connection& k = conns[i];
        std::cout << pad(fmt("%5.0f", k.id), 6) << pad(k.a.text(), 24)
                  << pad(k.b.text(), 24) << pad(fmt("%.6f", static_cast<double>(k.firstNs - t0) / 1e9), 12)
                  << pad(fmt("%.3f", static_cast<double>(k.lastNs - k.firstNs) / 1e6), 13)
                  << pad(std::to_string(k.side[0].bytes), 11) << pad(std::to_string(k.side[1].bytes), 11)
                  << verdictOf(k).ending << '\n';
    }
    std::cout << "\n`finscope import --conn N " << c.path << "` shows one connection's ladder.\n";
}

std::string packetText(const Connection& c, const LadderRow& row) {
    const PacketRecord& r = row.packet;
    std::string s = pad(tcpdumpFlags(r.flags), 4) + " seq " + std::to_string(row.relSeq);
    if (r.flags & tcpflag::ACK) s += " ack " + std::to_string(row.relAck);
    if (r.len > 0) s += " len " + std::to_string(r.len);
    s += " win " + std::to_string(row.winScaled.value_or(r.win));
    if (r.flags & tcpflag::SYN) {
        const ConnectionSide& side = c.side[r.dir];
        if (side.mss) s += " mss " + std::to_string(*side.mss);
        if (side.windowScale) s += " ws " + std::to_string(*side.windowScale);
    }
    return s;
}

void printLadder(const CaptureImport& c, const CaptureLadder& ladder) {
    const Connection& k = *ladder.connection;
    const ConnectionVerdict v = verdictOf(k);
    const std::string name[2] = {sideName(k, 0), sideName(k, 1)};
    std::cout << "Connection " << k.id << " of " << c.path << ": " << k.a.text() << " (" << name[0] << ") <-> "
              << k.b.text() << " (" << name[1] << ")\n"
              << "Ended: " << v.ending << "\n"
              << "Diagnosis: " << v.diagnosis;
    if (!v.scenario.empty()) std::cout << " (`finscope run " << v.scenario << "` shows it on this kernel)";
    std::cout << "\nStates are inferred from a capture (the RFC 9293 machine on its packets); a capture has no "
                 "system calls.\n";
    for (int s = 0; s < 2; ++s)
        if (!ladder.laneNote[s].empty()) std::cout << "Note on " << name[s] << ": " << ladder.laneNote[s] << '\n';
    std::cout << '\n' << pad("   time ms", 12) << pad(name[0].size() < 14 ? name[0] : "A", 14) << pad("", 58)
              << (name[1].size() < 14 ? name[1] : "B") << '\n';
    std::string last[2];
    for (const LadderRow& row : ladder.rows) {
        std::string state[2];
        for (int s = 0; s < 2; ++s) {
            state[s] = row.state[s] == last[s] ? "" : (row.state[s].empty() ? "?" : row.state[s]);
            last[s] = row.state[s];
        }
        const std::string arrow = row.packet.dir == 0 ? "--> " : "<-- ";
        std::cout << pad(fmt("%10.3f", static_cast<double>(row.packet.tNs - k.firstNs) / 1e6), 12)
                  << pad(state[0], 14) << arrow << pad(packetText(k, row), 54) << pad(state[1], 14);
        if (!row.mark.empty()) std::cout << "  [" << row.mark << "]";
        std::cout << '\n';
    }
}

} // namespace

namespace finscope::cli {

int importCommand(int argc, char** argv) {
    // Hundreds of thousands of lines: iostreams without the stdio lock step.
    std::ios::sync_with_stdio(false);
    bool json = false;
    long conn = 0;
    bool badConn = false;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "print the capture, its connections (and --conn's ladder) as JSON lines",
         [&](const char*) { json = true; }},
        {"conn", 0, "N", "one connection's ladder, with states inferred from the packets and a diagnosis",
         [&](const char* v) {
             char* end = nullptr;
             conn = std::strtol(v, &end, 10);
             badConn = *end != '\0' || conn < 1;
         }},
    };
    const Parsed p = parse(command("import"), options, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (badConn) {
        std::cerr << "finscope import: --conn wants a connection number from the list (1, 2, ...)\n";
        return kExitUsage;
    }
    if (p.operands.size() != 1) {
        std::cerr << "finscope import: give one capture file (got " << p.operands.size()
                  << ")\nTry 'finscope import --help'.\n";
        return kExitUsage;
    }
    const std::string path = p.operands[0];
    const CaptureImport c = importCapture(path);
    if (!c.opened) {
        std::cerr << "finscope import: " << c.error << '\n';
        return kExitUsage;
    }
    if (conn > 0) {
        if (static_cast<std::size_t>(conn) > c.table.connections().size()) {
            printProblems(c);
            std::cerr << "finscope import: no connection " << conn << " in " << path << " (it has "
                      << c.table.connections().size() << ")\n";
            return kExitUsage;
        }
        const CaptureLadder ladder = buildLadder(c.table, static_cast<std::size_t>(conn - 1));
        if (json) writeLadderJson(std::cout, c, ladder);
        else printLadder(c, ladder);
    } else if (json) {
        writeImportJson(std::cout, c);
    } else {
        printList(c);
    }
    printProblems(c);
    return c.complete ? 0 : kExitDamaged;
}

} // namespace finscope::cli
