// SPDX-License-Identifier: MIT
// Every catalogue scenario out as pcapng and back in: `finscope run --json
// --pcapng` on the real kernel, then tshark must read every packet with its
// comment, and `finscope import` must find the same packets (bytes of the
// TCP header: flags, seq, ack, length, in order) and the ending the
// scenario is about.
#include "core/capture/captureimport.h"
#include "core/capture/connectionverdict.h"
#include "core/tracejson.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace finscope;

namespace {

struct Expected {
    const char* scenario;
    const char* ending;     ///< of the first connection, "" when the scenario has no TCP
    int endedBy;            ///< 0 the opener (client), 1 the other side
};

// What each scenario does to its (first) connection, as its explanation says.
const Expected kCatalogue[] = {
    {"graceful-close", "orderly_close", 0},
    {"peer-closed-recv-zero", "orderly_close", 0},
    {"write-after-peer-close", "reset_after_close", 0},
    {"msg-nosignal", "reset_after_close", 0},
    {"sigpipe-ignored", "reset_after_close", 0},
    {"shutdown-half-close", "orderly_close", 0},
    {"shutdown-then-write", "half_closed", 0},
    {"linger-abortive-close", "reset_during_data", 0},
    {"close-with-unread-data", "reset_unread", 1},
    {"rst-with-queued-data", "reset_during_data", 0},
    {"poll-after-fin-and-rst", "reset_after_close", 0},
    {"nonblocking-recv-eagain-vs-eof", "orderly_close", 0},
    {"server-killed", "orderly_close", 1},
    {"fork-shared-socket", "orderly_close", 1},
    {"socketpair-and-pipe", "", 0},
    {"connection-refused", "refused", 1},
    {"time-wait-rebind", "orderly_close", 1},
    {"close-wait-leak", "half_closed", 0},
};

// gtest prints the parameter by its scenario id, not as bytes.
void PrintTo(const Expected& e, std::ostream* os) { *os << e.scenario; }

std::string run(const std::string& command) {
    std::string out;
    if (FILE* p = ::popen(command.c_str(), "r")) {
        std::array<char, 4096> buf{};
        std::size_t n;
        while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        ::pclose(p);
    }
    return out;
}

bool haveTshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

} // namespace

class PcapngRoundTrip : public ::testing::TestWithParam<Expected> {};

TEST_P(PcapngRoundTrip, SamePacketsSameEnding) {
    const Expected x = GetParam();
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("finscope-rt-" + std::to_string(::getpid()) + "-" + x.scenario + ".pcapng"))
                                 .string();
    const std::string out = run(std::string(FINSCOPE_CLI) + " run --json --pcapng '" + path + "' " + x.scenario);
    std::vector<TraceEvent> packets;
    std::string capture;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        const TraceParseResult r = parseTraceLine(line);
        ASSERT_TRUE(r.ok) << r.error << ": " << line;
        if (r.event.as<PacketEvent>()) packets.push_back(r.event);
        if (const auto* s = r.event.as<SummaryEvent>()) capture = s->capture;
    }
    if (capture == "none") {
        std::filesystem::remove(path);
        GTEST_SKIP() << "no packet capture here (see the run's notes; run where user namespaces are allowed)";
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << "no file written";

    if (haveTshark()) {
        // One line per packet, each with its comment (tshark as root warns on stderr).
        const std::string t = run("tshark -r '" + path + "' -T fields -e frame.comment 2>/dev/null");
        std::istringstream tl(t);
        std::size_t n = 0;
        for (std::string line; std::getline(tl, line); ++n) EXPECT_FALSE(line.empty()) << "packet " << n + 1 << " has no comment";
        EXPECT_EQ(n, packets.size()) << t;
    } else {
        std::cout << "[  SKIPPED tshark part ] tshark is not installed (apt-get install tshark)\n";
    }

    const CaptureImport c = importCapture(path);
    ASSERT_TRUE(c.opened) << c.error;
    EXPECT_TRUE(c.complete) << c.error;
    ASSERT_EQ(c.tcpFrames, packets.size());
    const auto& records = c.table.packets();
    for (std::size_t i = 0; i < packets.size(); ++i) {
        const auto* p = packets[i].as<PacketEvent>();
        SCOPED_TRACE("packet " + std::to_string(i + 1));
        EXPECT_EQ(tcpdumpFlags(records[i].flags), p->flags);
        EXPECT_EQ(records[i].seq, p->seqAbs);
        EXPECT_EQ(records[i].ack, p->ackAbs);
        EXPECT_EQ(records[i].len, p->len);
        EXPECT_EQ(records[i].win, p->win);
        EXPECT_EQ(records[i].tNs, packets[i].tNs) << "nanosecond timestamps survive";
    }
    if (std::string(x.ending).empty()) {
        EXPECT_TRUE(c.table.connections().empty());
    } else {
        ASSERT_FALSE(c.table.connections().empty());
        const Connection& first = c.table.connections()[0];
        EXPECT_EQ(verdictOf(first).code, x.ending) << verdictOf(first).ending;
        EXPECT_EQ(first.endedBy, x.endedBy) << verdictOf(first).ending;
        EXPECT_FALSE(first.startedMid);
        // The trace's connection labels and the import's connections agree in number.
        std::map<std::string, int> labels;
        for (const auto& e : packets) labels[e.as<PacketEvent>()->conn]++;
        EXPECT_EQ(labels.size(), c.table.connections().size());
    }
    std::filesystem::remove(path);
}

INSTANTIATE_TEST_SUITE_P(Catalogue, PcapngRoundTrip, ::testing::ValuesIn(kCatalogue), [](const auto& param) {
    std::string n = param.param.scenario;
    for (char& ch : n) if (ch == '-') ch = '_';
    return n;
});
