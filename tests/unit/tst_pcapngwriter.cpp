// SPDX-License-Identifier: MIT
// The pcapng writer: what it writes, libpcap reads back byte for byte with
// nanosecond timestamps; tshark reads it with the comments; and a file is
// there whole or not at all.
#include "core/pcapngexport.h"
#include "core/pcapngwriter.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <unistd.h>
#include <string>
#include <vector>

using namespace finscope;

namespace {

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("finscope-" + std::to_string(::getpid()) + "-" + name)).string();
}

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

// An Ethernet frame with an IPv4 TCP SYN, odd length to exercise padding.
std::vector<std::uint8_t> frame(std::size_t extra) {
    std::vector<std::uint8_t> f(54 + extra, 0);
    f[12] = 0x08;                     // IPv4
    f[14] = 0x45;
    const std::size_t ipLen = 40 + extra;
    f[16] = static_cast<std::uint8_t>(ipLen >> 8);
    f[17] = static_cast<std::uint8_t>(ipLen);
    f[22] = 64;
    f[23] = 6;                        // TCP
    f[26] = 127; f[29] = 1; f[30] = 127; f[33] = 1;
    f[34] = 0x9C; f[35] = 0x40;       // 40000
    f[36] = 0x13; f[37] = 0x88;       // 5000
    f[46] = 0x50;                     // data offset 5
    f[47] = 0x02;                     // SYN
    for (std::size_t i = 54; i < f.size(); ++i) f[i] = static_cast<std::uint8_t>(i);
    return f;
}

struct Read {
    std::vector<std::vector<std::uint8_t>> frames;
    std::vector<std::int64_t> tNs;
    std::vector<std::uint32_t> wireLen;
    int dlt = -1;
};

Read readBack(const std::string& path) {
    Read r;
    char err[PCAP_ERRBUF_SIZE];
    pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, err);
    if (!p) {
        ADD_FAILURE() << err;
        return r;
    }
    r.dlt = pcap_datalink(p);
    pcap_pkthdr* h;
    const u_char* d;
    while (pcap_next_ex(p, &h, &d) == 1) {
        r.frames.emplace_back(d, d + h->caplen);
        r.tNs.push_back(std::int64_t{h->ts.tv_sec} * 1'000'000'000 + h->ts.tv_usec);
        r.wireLen.push_back(h->len);
    }
    pcap_close(p);
    return r;
}

} // namespace

TEST(PcapngWriter, LibpcapReadsBackFramesAndNanoseconds) {
    const std::string path = tempPath("a.pcapng");
    PcapngWriter w;
    std::string error;
    ASSERT_TRUE(w.open(path, {"hw", "Linux 6.1", "FinScope test", "a comment"}, error)) << error;
    const auto id = w.addInterface(1, "lo", 262144);
    const auto f1 = frame(0), f2 = frame(7);
    w.writePacket(id, 1'700'000'000'123'456'789, f1.data(), f1.size(), static_cast<std::uint32_t>(f1.size()), "SYN from client");
    w.writePacket(id, 1'700'000'000'123'456'999, f2.data(), f2.size(), 9000, "");
    EXPECT_FALSE(std::filesystem::exists(path)) << "the file must appear only on commit";
    ASSERT_TRUE(w.commit(error)) << error;
    const Read r = readBack(path);
    EXPECT_EQ(r.dlt, DLT_EN10MB);
    ASSERT_EQ(r.frames.size(), 2U);
    EXPECT_EQ(r.frames[0], f1);
    EXPECT_EQ(r.frames[1], f2);
    EXPECT_EQ(r.tNs[0], 1'700'000'000'123'456'789);
    EXPECT_EQ(r.tNs[1], 1'700'000'000'123'456'999);
    EXPECT_EQ(r.wireLen[1], 9000U);
    if (haveTshark()) {
        // tshark as root warns on stderr; only stdout is read.
        const std::string out = run("tshark -r '" + path + "' -T fields -e frame.comment -e tcp.dstport 2>/dev/null");
        EXPECT_NE(out.find("SYN from client\t5000"), std::string::npos) << out;
        const std::string info = run("capinfos '" + path + "' 2>/dev/null");
        EXPECT_NE(info.find("Linux 6.1"), std::string::npos) << info;
        EXPECT_NE(info.find("a comment"), std::string::npos) << info;
    } else {
        std::cout << "[  SKIPPED tshark part ] tshark is not installed (apt-get install tshark)\n";
    }
    std::filesystem::remove(path);
}

TEST(PcapngWriter, NoCommitLeavesTheOldFileAndNoTemporary) {
    const std::string path = tempPath("b.pcapng");
    { std::ofstream(path) << "the user's file"; }
    {
        PcapngWriter w;
        std::string error;
        ASSERT_TRUE(w.open(path, {}, error));
        const auto f = frame(3);
        w.writePacket(w.addInterface(1, "lo", 65535), 1, f.data(), f.size(), 0, "x");
    }   // destroyed without commit: a run that failed
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "the user's file");
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(path).parent_path()))
        EXPECT_EQ(e.path().string().rfind(path + ".", 0), std::string::npos) << "left behind: " << e.path();
    std::filesystem::remove(path);
}

TEST(PcapngWriter, UnwritablePlaceIsAnError) {
    PcapngWriter w;
    std::string error;
    EXPECT_FALSE(w.open("/nonexistent-dir/x.pcapng", {}, error));
    EXPECT_NE(error.find("/nonexistent-dir/x.pcapng"), std::string::npos) << error;
}

TEST(PcapngExport, CommentIsWhyOrAPlainDescription) {
    TraceEvent e;
    PacketEvent p;
    p.src = "127.0.0.1:40000";
    p.dst = "127.0.0.1:5000";
    p.from = "client";
    p.flags = "F.";
    EXPECT_EQ(packetComment(e, p), "FIN from client (127.0.0.1:40000 -> 127.0.0.1:5000)");
    p.flags = "R";
    e.why = "data arrived for a socket that was closed";
    EXPECT_EQ(packetComment(e, p), "RST: data arrived for a socket that was closed (127.0.0.1:40000 -> 127.0.0.1:5000)");
    p.flags = "P.";
    p.len = 3;
    p.from.reset();
    e.why.clear();
    EXPECT_EQ(packetComment(e, p), "3 bytes of data (127.0.0.1:40000 -> 127.0.0.1:5000)");
}
