// SPDX-License-Identifier: MIT
// Importing captures: the loopback captures in tests/data (recorded from
// real runs, each of a known teardown) give the ending the scenario shows;
// every link type we claim decodes; damaged and wrong input give a clear
// message and what could be read, never a crash; the ladder marks
// retransmissions, out-of-order segments and gaps.
#include "core/capture/captureimport.h"
#include "core/capture/captureladder.h"
#include "core/capture/connectionverdict.h"
#include "core/capture/importjson.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace finscope;

namespace {

using Bytes = std::vector<std::uint8_t>;
const std::string kData = FINSCOPE_TEST_DATA_DIR;

std::string tempPath(const std::string& name) {
    return (std::filesystem::temp_directory_path() / ("finscope-imp-" + std::to_string(::getpid()) + "-" + name))
        .string();
}

Bytes readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void writeFile(const std::string& path, const Bytes& b) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

void put16(Bytes& b, std::size_t at, std::uint32_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(Bytes& b, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

/// A TCP segment between 10.0.0.1:40000 (client) and 10.0.0.2:80 (server).
struct Seg {
    Seg(bool client = true, std::uint8_t f = 0, std::uint32_t s = 0, std::uint32_t a = 0, std::uint32_t l = 0,
        std::uint16_t w = 1000, Bytes o = {})
        : fromClient(client), flags(f), seq(s), ack(a), len(l), win(w), options(std::move(o)) {}
    bool fromClient;
    std::uint8_t flags;
    std::uint32_t seq;
    std::uint32_t ack;
    std::uint32_t len;
    std::uint16_t win;
    Bytes options;
};

Bytes tcp(const Seg& s) {
    Bytes opts = s.options;
    while (opts.size() % 4) opts.push_back(1);
    Bytes t(20 + opts.size() + s.len, 0);
    put16(t, 0, s.fromClient ? 40000 : 80);
    put16(t, 2, s.fromClient ? 80 : 40000);
    put32(t, 4, s.seq);
    put32(t, 8, s.ack);
    t[12] = static_cast<std::uint8_t>((20 + opts.size()) / 4 << 4);
    t[13] = s.flags;
    put16(t, 14, s.win);
    std::copy(opts.begin(), opts.end(), t.begin() + 20);
    return t;
}

Bytes ipv4(const Seg& s) {
    Bytes l4 = tcp(s);
    Bytes ip(20, 0);
    ip[0] = 0x45;
    put16(ip, 2, static_cast<std::uint32_t>(20 + l4.size()));
    ip[8] = 64;
    ip[9] = 6;
    ip[12] = 10; ip[15] = s.fromClient ? 1 : 2;
    ip[16] = 10; ip[19] = s.fromClient ? 2 : 1;
    ip.insert(ip.end(), l4.begin(), l4.end());
    return ip;
}

Bytes ipv6(const Seg& s) {
    Bytes l4 = tcp(s);
    Bytes ip(40, 0);
    ip[0] = 0x60;
    put16(ip, 4, static_cast<std::uint32_t>(l4.size()));
    ip[6] = 6;
    ip[7] = 64;
    ip[8] = 0xfd; ip[23] = s.fromClient ? 1 : 2;
    ip[24] = 0xfd; ip[39] = s.fromClient ? 2 : 1;
    ip.insert(ip.end(), l4.begin(), l4.end());
    return ip;
}

/// Writes frames of link type `dlt` with libpcap (nanosecond file).
std::string writeCapture(const std::string& name, int dlt, const std::vector<Bytes>& frames) {
    const std::string path = tempPath(name);
    pcap_t* dead = pcap_open_dead_with_tstamp_precision(dlt, 262144, PCAP_TSTAMP_PRECISION_NANO);
    pcap_dumper_t* d = pcap_dump_open(dead, path.c_str());
    long i = 0;
    for (const Bytes& f : frames) {
        pcap_pkthdr h{};
        h.ts.tv_sec = 1'700'000'000;
        h.ts.tv_usec = 1000 * ++i;  // nanoseconds in a nano file
        h.caplen = h.len = static_cast<bpf_u_int32>(f.size());
        pcap_dump(reinterpret_cast<u_char*>(d), &h, f.data());
    }
    pcap_dump_close(d);
    pcap_close(dead);
    return path;
}

std::vector<Seg> orderlyClose() {
    return {{true, 0x02, 100, 0, 0, 1000, {3, 3, 7}},  // SYN, window scale 7
            {false, 0x12, 500, 101, 0, 2000, {3, 3, 2}},
            {true, 0x10, 101, 501},
            {true, 0x18, 101, 501, 10},
            {false, 0x10, 501, 111},
            {true, 0x11, 111, 501},
            {false, 0x11, 501, 112},
            {true, 0x10, 112, 502}};
}

Bytes ether(const Bytes& ip, bool v6, int vlanTags = 0) {
    Bytes f(12, 0xAA);
    for (int i = 0; i < vlanTags; ++i) f.insert(f.end(), {0x81, 0x00, 0x00, 0x05});
    f.push_back(v6 ? 0x86 : 0x08);
    f.push_back(v6 ? 0xDD : 0x00);
    f.insert(f.end(), ip.begin(), ip.end());
    return f;
}

Bytes sll(const Bytes& ip, bool v6) {
    Bytes f(16, 0);
    f[14] = v6 ? 0x86 : 0x08;
    f[15] = v6 ? 0xDD : 0x00;
    f.insert(f.end(), ip.begin(), ip.end());
    return f;
}

Bytes sll2(const Bytes& ip, bool v6) {
    Bytes f(20, 0);
    f[0] = v6 ? 0x86 : 0x08;
    f[1] = v6 ? 0xDD : 0x00;
    f.insert(f.end(), ip.begin(), ip.end());
    return f;
}

Bytes null(const Bytes& ip, bool v6) {
    Bytes f{static_cast<std::uint8_t>(v6 ? 10 : 2), 0, 0, 0};   // AF_INET(6), little-endian host order
    f.insert(f.end(), ip.begin(), ip.end());
    return f;
}

struct Golden {
    const char* file;
    const char* ending;
    int endedBy;
};

} // namespace

class RealCaptures : public ::testing::TestWithParam<Golden> {};

TEST_P(RealCaptures, EndingAsTheScenarioShowed) {
    const Golden g = GetParam();
    const CaptureImport c = importCapture(kData + "/" + g.file);
    ASSERT_TRUE(c.opened) << c.error;
    EXPECT_TRUE(c.complete);
    ASSERT_EQ(c.table.connections().size(), 1U);
    const Connection& k = c.table.connections()[0];
    EXPECT_EQ(verdictOf(k).code, g.ending) << verdictOf(k).ending;
    EXPECT_EQ(k.endedBy, g.endedBy) << verdictOf(k).ending;
    EXPECT_FALSE(k.startedMid);
    EXPECT_EQ(k.packets, c.tcpFrames);
    // The ladder has every packet, and both ends end in a closed state.
    const CaptureLadder ladder = buildLadder(c.table, 0);
    EXPECT_EQ(ladder.rows.size(), c.tcpFrames);
}

INSTANTIATE_TEST_SUITE_P(
    TestsData, RealCaptures,
    ::testing::Values(Golden{"lo_client_first.pcap", "orderly_close", 0},
                      Golden{"lo_server_first.pcap", "orderly_close", 1},
                      Golden{"lo_v6_client_first.pcap", "orderly_close", 0},
                      Golden{"lo_simul_nft.pcap", "orderly_close", 1},
                      Golden{"lo_halfclose.pcap", "orderly_close", 0},
                      Golden{"lo_refused.pcap", "refused", 1},
                      Golden{"lo_linger0.pcap", "reset_during_data", 0},
                      Golden{"lo_unread_rst.pcap", "reset_unread", 1},
                      Golden{"lo_write_after_close.pcap", "reset_after_close", 1},
                      // tcpdump -i any: Linux cooked v2 headers
                      Golden{"any_client_first.pcap", "orderly_close", 0},
                      Golden{"any_unread_rst.pcap", "reset_unread", 1},
                      Golden{"any_write_after_close.pcap", "reset_after_close", 1},
                      // pcapng written by Wireshark's editcap
                      Golden{"lo_linger0_editcap.pcapng", "reset_during_data", 0}),
    [](const auto& param) {
        std::string n = param.param.file;
        for (char& ch : n) if (ch == '.') ch = '_';
        for (char& ch : n) if (ch == '-') ch = '_';
        return n;
    });

TEST(CaptureImport, SimultaneousCloseIsNamed) {
    const CaptureImport c = importCapture(kData + "/lo_simul_nft.pcap");
    ASSERT_EQ(c.table.connections().size(), 1U);
    EXPECT_TRUE(c.table.connections()[0].simultaneousClose);
    const CaptureLadder l = buildLadder(c.table, 0);
    bool closing[2] = {false, false};
    for (const auto& r : l.rows)
        for (int s = 0; s < 2; ++s) closing[s] = closing[s] || r.state[s] == "CLOSING";
    EXPECT_TRUE(closing[0] && closing[1]) << "both ends pass through CLOSING in a simultaneous close";
}

TEST(CaptureImport, EveryLinkType) {
    struct Case {
        const char* name;
        int dlt;
        Bytes (*wrap)(const Seg&);
        bool v6;
    };
    const Case cases[] = {
        {"ether4", DLT_EN10MB, [](const Seg& s) { return ether(ipv4(s), false); }, false},
        {"ether6", DLT_EN10MB, [](const Seg& s) { return ether(ipv6(s), true); }, true},
        {"vlan", DLT_EN10MB, [](const Seg& s) { return ether(ipv4(s), false, 1); }, false},
        {"qinq", DLT_EN10MB, [](const Seg& s) { return ether(ipv6(s), true, 2); }, true},
        {"sll", DLT_LINUX_SLL, [](const Seg& s) { return sll(ipv4(s), false); }, false},
        {"sll2", DLT_LINUX_SLL2, [](const Seg& s) { return sll2(ipv6(s), true); }, true},
        {"raw4", DLT_RAW, [](const Seg& s) { return ipv4(s); }, false},
        {"raw6", DLT_RAW, [](const Seg& s) { return ipv6(s); }, true},
        {"null", DLT_NULL, [](const Seg& s) { return null(ipv4(s), false); }, false},
        {"null6", DLT_NULL, [](const Seg& s) { return null(ipv6(s), true); }, true},
    };
    for (const Case& k : cases) {
        SCOPED_TRACE(k.name);
        std::vector<Bytes> frames;
        for (const Seg& s : orderlyClose()) frames.push_back(k.wrap(s));
        const std::string path = writeCapture(std::string(k.name) + ".pcap", k.dlt, frames);
        const CaptureImport c = importCapture(path);
        std::filesystem::remove(path);
        ASSERT_TRUE(c.complete) << c.error;
        EXPECT_EQ(c.tcpFrames, frames.size());
        ASSERT_EQ(c.table.connections().size(), 1U);
        const Connection& conn = c.table.connections()[0];
        EXPECT_EQ(conn.a.text(), k.v6 ? "[fd00::1]:40000" : "10.0.0.1:40000");
        EXPECT_EQ(conn.b.text(), k.v6 ? "[fd00::2]:80" : "10.0.0.2:80");
        EXPECT_EQ(verdictOf(conn).code, "orderly_close");
        EXPECT_EQ(conn.side[0].bytes, 10U);
        EXPECT_EQ(conn.endedBy, 0);
    }
}

TEST(CaptureImport, WindowScaledAndStatesOfTheLadder) {
    std::vector<Bytes> frames;
    for (const Seg& s : orderlyClose()) frames.push_back(ipv4(s));
    const std::string path = writeCapture("scaled.pcap", DLT_RAW, frames);
    const CaptureImport c = importCapture(path);
    std::filesystem::remove(path);
    const CaptureLadder l = buildLadder(c.table, 0);
    ASSERT_EQ(l.rows.size(), 8U);
    EXPECT_FALSE(l.rows[0].winScaled) << "a SYN's window is never scaled";
    EXPECT_EQ(l.rows[2].winScaled, 1000U << 7);
    EXPECT_EQ(l.rows[4].winScaled, 1000U << 2);
    EXPECT_EQ(l.rows[3].relSeq, 1U);
    EXPECT_EQ(l.rows[4].relAck, 11U);
    EXPECT_EQ(l.rows[0].state[0], "SYN_SENT");
    EXPECT_EQ(l.rows[2].state[1], "ESTABLISHED");
    EXPECT_EQ(l.rows[5].state[0], "FIN_WAIT1");
    EXPECT_EQ(l.rows[5].state[1], "CLOSE_WAIT");
    EXPECT_EQ(l.rows[7].state[0], "TIME_WAIT");
    EXPECT_EQ(l.rows[7].state[1], "CLOSE");
}

TEST(CaptureImport, RetransmissionGapAndOutOfOrder) {
    std::vector<Seg> s = {{true, 0x02, 100, 0},       {false, 0x12, 500, 101}, {true, 0x10, 101, 501},
                          {true, 0x18, 101, 501, 10}, {true, 0x18, 101, 501, 10},   // retransmission
                          {true, 0x18, 121, 501, 10},                               // 111..121 missing
                          {true, 0x18, 111, 501, 10}};                              // fills it
    std::vector<Bytes> frames;
    for (const Seg& x : s) frames.push_back(ipv4(x));
    const std::string path = writeCapture("marks.pcap", DLT_RAW, frames);
    const CaptureImport c = importCapture(path);
    std::filesystem::remove(path);
    const CaptureLadder l = buildLadder(c.table, 0);
    ASSERT_EQ(l.rows.size(), 7U);
    EXPECT_EQ(l.rows[3].mark, "");
    EXPECT_EQ(l.rows[4].mark, "retransmission");
    EXPECT_EQ(l.rows[5].mark, "previous segment not captured (10 bytes missing)");
    EXPECT_EQ(l.rows[6].mark, "out-of-order");
    EXPECT_EQ(c.table.connections()[0].side[0].bytes, 30U) << "a retransmission is not counted twice";
    EXPECT_EQ(verdictOf(c.table.connections()[0]).code, "still_open");
    EXPECT_FALSE(l.laneNote[0].empty()) << "the client's lane had a gap";
}

TEST(CaptureImport, MidConnectionAndPortReuse) {
    std::vector<Seg> s = {{true, 0x18, 1000, 7000, 5}, {false, 0x11, 7000, 1005}, {true, 0x11, 1005, 7001},
                          {false, 0x10, 7001, 1006},
                          // the same 4-tuple opens again: a second connection
                          {true, 0x02, 50, 0}, {false, 0x14, 0, 51}};
    std::vector<Bytes> frames;
    for (const Seg& x : s) frames.push_back(ipv4(x));
    const std::string path = writeCapture("mid.pcap", DLT_RAW, frames);
    const CaptureImport c = importCapture(path);
    std::filesystem::remove(path);
    ASSERT_EQ(c.table.connections().size(), 2U);
    const Connection& first = c.table.connections()[0];
    EXPECT_TRUE(first.startedMid);
    EXPECT_EQ(verdictOf(first).code, "orderly_close");
    EXPECT_NE(verdictOf(first).ending.find("capture started mid-connection"), std::string::npos);
    EXPECT_EQ(verdictOf(first).ending.find("client"), std::string::npos) << "no roles without a handshake";
    EXPECT_EQ(verdictOf(c.table.connections()[1]).code, "refused");
    // The list shows the unusual ending first.
    EXPECT_EQ(listOrder(c.table).front(), 1U);
    const CaptureLadder l = buildLadder(c.table, 0);
    EXPECT_FALSE(l.laneNote[0].empty());
    EXPECT_EQ(l.rows.front().state[0], "ESTABLISHED");
}

TEST(CaptureImport, BadInputSaysWhatAndKeepsWhatItCould) {
    // Not a capture at all.
    const std::string text = tempPath("notes.txt");
    writeFile(text, Bytes{'h', 'e', 'l', 'l', 'o', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    CaptureImport c = importCapture(text);
    EXPECT_FALSE(c.opened);
    EXPECT_NE(c.error.find("not a pcap or pcapng capture"), std::string::npos) << c.error;
    // Empty file.
    writeFile(text, {});
    c = importCapture(text);
    EXPECT_FALSE(c.opened);
    EXPECT_FALSE(c.error.empty());
    std::filesystem::remove(text);
    // Not a regular file: a device would be read forever.
    c = importCapture("/dev/zero");
    EXPECT_FALSE(c.opened);
    EXPECT_NE(c.error.find("not a regular file"), std::string::npos) << c.error;
    c = importCapture("/no/such/file.pcap");
    EXPECT_NE(c.error.find("No such file"), std::string::npos) << c.error;

    // Truncated inside the 7th record: the first frames are kept, and it says so.
    const Bytes whole = readFile(kData + "/lo_client_first.pcap");
    ASSERT_GT(whole.size(), 600U);
    const std::string cut = tempPath("cut.pcap");
    writeFile(cut, Bytes(whole.begin(), whole.begin() + static_cast<long>(whole.size() / 2)));
    c = importCapture(cut);
    EXPECT_TRUE(c.opened);
    EXPECT_FALSE(c.complete);
    EXPECT_NE(c.error.find("breaks off after frame"), std::string::npos) << c.error;
    EXPECT_GT(c.frames, 0U);
    EXPECT_EQ(c.table.connections().size(), 1U);

    // A record header claiming a 4 GB frame (corrupted block).
    Bytes bad = whole;
    // The first record's caplen, in the file's (little-endian) order.
    bad[32] = 0xF0; bad[33] = 0xFF; bad[34] = 0xFF; bad[35] = 0xFF;
    writeFile(cut, bad);
    c = importCapture(cut);
    EXPECT_TRUE(c.opened);
    EXPECT_FALSE(c.complete);
    EXPECT_FALSE(c.error.empty());

    // A file header with an absurd snaplen.
    bad = whole;
    bad[16] = 0xFF; bad[17] = 0xFF; bad[18] = 0xFF; bad[19] = 0x7F;
    writeFile(cut, bad);
    c = importCapture(cut);
    EXPECT_TRUE(c.opened || !c.error.empty());
    if (c.opened) {
        EXPECT_EQ(c.table.connections().size(), 1U);
    }
    std::filesystem::remove(cut);

    // No TCP: a UDP datagram only.
    Bytes udp = ipv4(Seg{});
    udp[9] = 17;
    const std::string noTcp = writeCapture("udp.pcap", DLT_RAW, {udp});
    c = importCapture(noTcp);
    std::filesystem::remove(noTcp);
    EXPECT_TRUE(c.complete);
    ASSERT_EQ(c.warnings.size(), 1U);
    EXPECT_NE(c.warnings[0].find("no TCP segment in 1 frames"), std::string::npos);

    // A link type we do not decode.
    const std::string other = writeCapture("usb.pcap", DLT_USB_LINUX, {Bytes(64, 0)});
    c = importCapture(other);
    std::filesystem::remove(other);
    ASSERT_FALSE(c.warnings.empty());
    EXPECT_NE(c.warnings[0].find("is not one FinScope decodes"), std::string::npos) << c.warnings[0];
}

TEST(CaptureImport, JsonLinesOneCaptureThenConnections) {
    const CaptureImport c = importCapture(kData + "/lo_write_after_close.pcap");
    std::ostringstream out;
    writeImportJson(out, c);
    const std::string s = out.str();
    EXPECT_EQ(s.rfind("{", 0), 0U);
    EXPECT_NE(s.find("\"kind\":\"capture\""), std::string::npos);
    EXPECT_NE(s.find("\"ending\":\"reset_after_close\""), std::string::npos);
    EXPECT_NE(s.find("\"scenario\":\"write-after-peer-close\""), std::string::npos);
    std::ostringstream ladder;
    writeLadderJson(ladder, c, buildLadder(c.table, 0));
    EXPECT_NE(ladder.str().find("\"source\":\"inferred\""), std::string::npos);
    EXPECT_NE(ladder.str().find("\"flags\":\"R\""), std::string::npos);
}
