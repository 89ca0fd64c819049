// SPDX-License-Identifier: MIT
// The state deriver against the segment sequences Linux really sends on
// loopback (verified with tcpdump and ss on Linux 6.18; the lo_*.pcap files
// in tests/data are such captures and are replayed at the end).
#include "core/tcpstatederiver.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <pcap/pcap.h>

#include <array>
#include <string>
#include <vector>

using namespace finscope;
using namespace finscope::tcpflag;

namespace {

const std::string kC = "127.0.0.1:40000";
const std::string kS = "127.0.0.1:5000";
const std::string kAny = "0.0.0.0:0";

// Both ends of one connection, producing the segments Linux produces: each
// side keeps its snd.nxt and stamps its current rcv.nxt as ack.
struct Wire {
    TcpStateDeriver d;
    std::uint32_t cNxt = 0xFFFFFFF0U;   // client ISN near the wrap
    std::uint32_t sNxt = 3166971254U;
    std::uint32_t cRcv = 0;             // what the client has received (its ack)
    std::uint32_t sRcv = 0;
    std::int64_t t = 1000;
    std::vector<std::pair<std::int64_t, std::string>> timed;  // (segment time, "client FIN_WAIT1")

    std::vector<TcpStateDeriver::Transition> feed(bool fromClient, std::uint8_t flags, std::uint32_t seq,
                                                   std::uint32_t ack, std::uint32_t len = 0)
    {
        TcpSegment s;
        s.srcAddr = "127.0.0.1";
        s.dstAddr = "127.0.0.1";
        s.srcPort = fromClient ? 40000 : 5000;
        s.dstPort = fromClient ? 5000 : 40000;
        s.flags = flags;
        s.seq = seq;
        s.ack = (flags & ACK) != 0 ? ack : 0;
        s.payloadLen = len;
        s.tNs = ++t;
        auto tr = d.onSegment(s);
        record(tr);
        return tr;
    }
    void record(const std::vector<TcpStateDeriver::Transition>& tr)
    {
        // A receive's transitions may be held until the receiver sends
        // again (crossing segments): they carry their own segment's time.
        for (const auto& x : tr) {
            EXPECT_LE(x.tNs, t);
            timed.emplace_back(x.tNs, (x.local == kC ? "client " : x.local == kS ? "server " : x.local + " ") + x.state);
        }
    }
    /// Forgets what was logged, after releasing what is held (settled).
    void restart()
    {
        record(d.releaseHeld());
        timed.clear();
    }
    /// Every transition so far, held ones included (as at the end of
    /// settling), in time order.
    std::vector<std::string> log()
    {
        record(d.releaseHeld());
        std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::string> out;
        for (const auto& [when, text] : timed) out.push_back(text);
        return out;
    }
    // Sends from one side with its own numbers; advances them.
    void send(bool fromClient, std::uint8_t flags, std::uint32_t len = 0)
    {
        std::uint32_t& nxt = fromClient ? cNxt : sNxt;
        const std::uint32_t rcv = fromClient ? cRcv : sRcv;
        feed(fromClient, flags, nxt, rcv, len);
        nxt += len + ((flags & SYN) != 0 ? 1U : 0U) + ((flags & FIN) != 0 ? 1U : 0U);
    }
    // The receiver takes in what the sender sent (on loopback: at once).
    void deliver(bool toClient) { (toClient ? cRcv : sRcv) = toClient ? sNxt : cNxt; }
    void c(std::uint8_t f, std::uint32_t len = 0) { send(true, f, len); deliver(false); }
    void s(std::uint8_t f, std::uint32_t len = 0) { send(false, f, len); deliver(true); }

    void handshake()
    {
        d.seed(kS, kAny, "LISTEN");
        c(SYN);
        s(SYN | ACK);
        c(ACK);
        record(d.releaseHeld());  // the server's ESTABLISHED, as settling after connect() shows it
    }
    std::string state(const std::string& local) const
    {
        return d.stateOf(local, local == kC ? kS : kC).value_or("<unknown>");
    }
};

using Log = std::vector<std::string>;

} // namespace

TEST(TcpStateDeriver, Handshake)
{
    Wire w;
    w.handshake();
    EXPECT_EQ(w.log(), (Log{"client SYN_SENT", "server SYN_RECV", "client ESTABLISHED", "server ESTABLISHED"}));
    EXPECT_EQ(w.d.stateOf(kS, kAny), "LISTEN");
    EXPECT_EQ(w.state(kC), "ESTABLISHED");
}

TEST(TcpStateDeriver, ClientClosesFirst)
{
    // Linux: client F. -> server . (delayed ACK) -> server F. -> client .
    Wire w;
    w.handshake();
    w.c(PSH | ACK, 2);
    w.s(ACK);
    w.restart();
    w.c(FIN | ACK);
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT"}));
    w.s(ACK);
    EXPECT_EQ(w.state(kC), "FIN_WAIT2");
    w.s(FIN | ACK);
    w.c(ACK);
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2", "server LAST_ACK",
                          "client TIME_WAIT", "server CLOSE"}));
}

TEST(TcpStateDeriver, ServerClosesFirst)
{
    Wire w;
    w.handshake();
    w.restart();
    w.s(FIN | ACK);
    w.c(ACK);
    w.c(FIN | ACK);
    w.s(ACK);
    EXPECT_EQ(w.log(), (Log{"server FIN_WAIT1", "client CLOSE_WAIT", "server FIN_WAIT2", "client LAST_ACK",
                          "server TIME_WAIT", "client CLOSE"}));
}

TEST(TcpStateDeriver, FinCarryingTheAckOfOurFinGoesStraightToTimeWait)
{
    // The peer closed within the delayed-ACK time: its F. acknowledges our
    // FIN too (real capture lo_combined.pcap). No FIN_WAIT2 in between.
    Wire w;
    w.handshake();
    w.restart();
    w.c(FIN | ACK);
    w.s(FIN | ACK);
    w.c(ACK);
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT", "server LAST_ACK", "client TIME_WAIT",
                          "server CLOSE"}));
}

TEST(TcpStateDeriver, SimultaneousCloseGivesClosing)
{
    // Both FINs leave before either end has processed the other's: each ack
    // field still says 1 (as the retransmitted FINs in lo_simul_nft.pcap).
    Wire w;
    w.handshake();
    w.restart();
    w.send(true, FIN | ACK);    // client FIN, not yet processed by the server
    w.send(false, FIN | ACK);   // server FIN, its ack does not cover the client's FIN
    w.deliver(false);
    w.deliver(true);
    w.s(ACK);
    w.c(ACK);
    // The server's receive of the client's FIN (CLOSE_WAIT) is held until
    // the server sends: its own FIN's ack proves it had not processed it,
    // the receive is replayed after its send, and no CLOSE_WAIT is shown.
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server FIN_WAIT1", "server CLOSING",
                          "client CLOSING", "client TIME_WAIT", "server TIME_WAIT"}));
    EXPECT_EQ(w.state(kC), "TIME_WAIT");
    EXPECT_EQ(w.state(kS), "TIME_WAIT");
}

TEST(TcpStateDeriver, SimultaneousCloseFromSampledFinWait1)
{
    // Both sides sampled in FIN_WAIT1 (their first FINs were lost), then the
    // retransmitted FINs cross: exactly lo_simul_nft.pcap.
    Wire w;
    w.handshake();
    w.d.seed(kC, kS, "FIN_WAIT1");
    w.d.seed(kS, kC, "FIN_WAIT1");
    w.restart();
    w.send(false, FIN | PSH | ACK);
    w.send(true, FIN | PSH | ACK);
    w.deliver(true);
    w.deliver(false);
    w.c(ACK);
    w.s(ACK);
    EXPECT_EQ(w.log(), (Log{"client CLOSING", "server CLOSING", "server TIME_WAIT", "client TIME_WAIT"}));
}

TEST(TcpStateDeriver, RstInEstablished)
{
    // close() with SO_LINGER {1, 0}: "R." with seq = snd.nxt.
    Wire w;
    w.handshake();
    w.restart();
    w.c(RST | ACK);
    EXPECT_EQ(w.log(), (Log{"client CLOSE", "server CLOSE"}));
}

TEST(TcpStateDeriver, RstOutsideTheWindowIsIgnored)
{
    Wire w;
    w.handshake();
    w.restart();
    w.feed(true, RST | ACK, w.cNxt + 1000, w.cRcv);     // a blind reset
    EXPECT_EQ(w.log(), (Log{"client CLOSE"}));             // the sender's socket, if it sent it, is gone
    EXPECT_EQ(w.state(kS), "ESTABLISHED");
    w.feed(true, RST, w.cNxt - 1, 0);
    EXPECT_EQ(w.state(kS), "ESTABLISHED");
    w.feed(true, RST, w.cNxt, 0);
    EXPECT_EQ(w.state(kS), "CLOSE");
}

TEST(TcpStateDeriver, RstAnsweringSyn)
{
    // connect() to a port nobody listens on: the kernel answers "R." with
    // seq 0 and ack = ISN + 1 (lo_refused.pcap).
    TcpStateDeriver d;
    TcpSegment syn;
    syn.srcAddr = syn.dstAddr = "127.0.0.1";
    syn.srcPort = 37108;
    syn.dstPort = 5999;
    syn.flags = SYN;
    syn.seq = 126810249;
    syn.tNs = 1;
    auto tr = d.onSegment(syn);
    ASSERT_EQ(tr.size(), 1U);
    EXPECT_EQ(tr[0].state, "SYN_SENT");
    EXPECT_EQ(tr[0].local, "127.0.0.1:37108");
    EXPECT_EQ(tr[0].remote, "127.0.0.1:5999");

    TcpSegment rst = syn;
    std::swap(rst.srcPort, rst.dstPort);
    rst.flags = RST | ACK;
    rst.seq = 0;
    rst.ack = 126810249 + 7;    // wrong ack: not for our SYN
    rst.tNs = 2;
    EXPECT_TRUE(d.onSegment(rst).empty());
    EXPECT_EQ(d.stateOf("127.0.0.1:37108", "127.0.0.1:5999"), "SYN_SENT");
    rst.ack = 126810250;
    tr = d.onSegment(rst);
    ASSERT_EQ(tr.size(), 1U);
    EXPECT_EQ(tr[0].state, "CLOSE");
    EXPECT_EQ(tr[0].tNs, 2);
    // Nothing listens at 5999, so no server-side socket was ever invented.
    EXPECT_FALSE(d.stateOf("127.0.0.1:5999", "127.0.0.1:37108"));
}

TEST(TcpStateDeriver, CloseWithUnreadDataSendsRst)
{
    // Client sends 5 bytes, the server closes without reading them:
    // "R." seq = snd.nxt, ack = rcv.nxt (lo_unread_rst.pcap).
    Wire w;
    w.handshake();
    w.c(PSH | ACK, 5);
    w.s(ACK);
    w.restart();
    w.s(RST | ACK);
    EXPECT_EQ(w.log(), (Log{"server CLOSE", "client CLOSE"}));
}

TEST(TcpStateDeriver, WriteToClosedPeerGetsRst)
{
    // The server closed (FIN_WAIT2, orphaned); the client writes; the
    // server's kernel answers "R" (no ACK) with seq = its snd.nxt, which is
    // the client's rcv.nxt (lo_write_after_close.pcap).
    Wire w;
    w.handshake();
    w.s(FIN | ACK);
    w.c(ACK);
    w.restart();
    w.c(PSH | ACK, 1);
    w.feed(false, RST, w.sNxt, 0);
    EXPECT_EQ(w.log(), (Log{"server CLOSE", "client CLOSE"}));
}

TEST(TcpStateDeriver, HalfClose)
{
    // shutdown(SHUT_WR) by the client, the server keeps sending, then
    // closes (lo_halfclose.pcap).
    Wire w;
    w.handshake();
    w.restart();
    w.c(FIN | ACK);
    w.s(ACK);
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2"}));
    w.s(PSH | ACK, 3);
    w.c(ACK);
    w.s(PSH | ACK, 100);
    w.c(ACK);
    EXPECT_EQ(w.state(kC), "FIN_WAIT2");
    EXPECT_EQ(w.state(kS), "CLOSE_WAIT");
    w.s(FIN | ACK);
    w.c(ACK);
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2", "server LAST_ACK",
                          "client TIME_WAIT", "server CLOSE"}));
}

TEST(TcpStateDeriver, FinWithDataAndRetransmittedFin)
{
    Wire w;
    w.handshake();
    w.restart();
    const std::uint32_t finSeq = w.cNxt + 4;
    w.c(FIN | PSH | ACK, 4);    // data and FIN in one segment
    EXPECT_EQ(w.log(), (Log{"client FIN_WAIT1", "server CLOSE_WAIT"}));
    w.feed(true, FIN | PSH | ACK, finSeq - 4, w.cRcv, 4);   // retransmission changes nothing
    w.feed(false, ACK, w.sNxt, finSeq);                      // acks the data, not the FIN
    EXPECT_EQ(w.state(kC), "FIN_WAIT1");
    w.s(ACK);
    EXPECT_EQ(w.state(kC), "FIN_WAIT2");
    EXPECT_EQ(w.log().size(), 3U);
}

TEST(TcpStateDeriver, SeededSocketsWithoutHandshake)
{
    // Sockets known only from a sample: the first segments decide.
    TcpStateDeriver d;
    d.seed(kC, kS, "ESTABLISHED");
    d.seed(kS, kC, "ESTABLISHED");
    TcpSegment fin;
    fin.srcAddr = fin.dstAddr = "127.0.0.1";
    fin.srcPort = 5000;
    fin.dstPort = 40000;
    fin.flags = FIN | ACK;
    fin.seq = 500;
    fin.ack = 900;
    auto tr = d.onSegment(fin);
    const auto held = d.releaseHeld();  // the receiver's part, as settling releases it
    tr.insert(tr.end(), held.begin(), held.end());
    ASSERT_EQ(tr.size(), 2U);
    EXPECT_EQ(tr[0].local, kS);
    EXPECT_EQ(tr[0].state, "FIN_WAIT1");
    EXPECT_EQ(tr[1].local, kC);
    EXPECT_EQ(tr[1].state, "CLOSE_WAIT");
    TcpSegment ack = fin;
    std::swap(ack.srcPort, ack.dstPort);
    ack.flags = ACK;
    ack.seq = 900;
    ack.ack = 500;      // not the FIN
    EXPECT_TRUE(d.onSegment(ack).empty());
    ack.ack = 501;
    EXPECT_TRUE(d.onSegment(ack).empty()) << "the receiver's FIN_WAIT2 is held until it sends or settling ends";
    tr = d.releaseHeld();
    ASSERT_EQ(tr.size(), 1U);
    EXPECT_EQ(tr[0].state, "FIN_WAIT2");
    d.forget(kS, kC);
    EXPECT_FALSE(d.stateOf(kS, kC));
}

TEST(TcpStateDeriver, UnknownSocketsStayUnknown)
{
    // Segments between addresses nobody seeded and no SYN created: nothing.
    TcpStateDeriver d;
    TcpSegment s;
    s.srcAddr = s.dstAddr = "127.0.0.1";
    s.srcPort = 1;
    s.dstPort = 2;
    s.flags = FIN | ACK;
    EXPECT_TRUE(d.onSegment(s).empty());
    s.flags = RST;
    EXPECT_TRUE(d.onSegment(s).empty());
    EXPECT_FALSE(d.stateOf("127.0.0.1:1", "127.0.0.1:2"));
}

TEST(TcpStateDeriver, WildcardListenerAndReuseAfterTimeWait)
{
    Wire w;
    w.d.seed("0.0.0.0:5000", kAny, "LISTEN");
    w.c(SYN);
    w.s(SYN | ACK);
    w.c(ACK);
    w.c(FIN | ACK);
    w.s(FIN | ACK);
    w.c(ACK);
    EXPECT_EQ(w.state(kC), "TIME_WAIT");
    w.restart();
    // The same 4-tuple again (SO_REUSEADDR client, new ISN).
    w.cNxt += 100000;
    w.cRcv = 0;
    w.c(SYN);
    w.s(SYN | ACK);
    w.c(ACK);
    EXPECT_EQ(w.log(), (Log{"client SYN_SENT", "server SYN_RECV", "client ESTABLISHED", "server ESTABLISHED"}));
}

TEST(TcpStateDeriver, Ipv6Listener)
{
    TcpStateDeriver d;
    d.seed("[::1]:5011", "[::]:0", "LISTEN");
    TcpSegment syn;
    syn.ipVersion = 6;
    syn.srcAddr = syn.dstAddr = "::1";
    syn.srcPort = 60810;
    syn.dstPort = 5011;
    syn.flags = SYN;
    syn.seq = 7;
    const auto tr = d.onSegment(syn);
    ASSERT_EQ(tr.size(), 1U) << "the SYN alone shows only the sender's socket";
    EXPECT_EQ(tr[0].local, "[::1]:60810");
    EXPECT_EQ(tr[0].state, "SYN_SENT");
    TcpSegment synAck = syn;
    std::swap(synAck.srcPort, synAck.dstPort);
    synAck.flags = SYN | ACK;
    synAck.seq = 100;
    synAck.ack = 8;
    const auto tr2 = d.onSegment(synAck);
    ASSERT_GE(tr2.size(), 1U);
    EXPECT_EQ(tr2[0].local, "[::1]:5011");
    EXPECT_EQ(tr2[0].remote, "[::1]:60810");
    EXPECT_EQ(tr2[0].state, "SYN_RECV");
}

// A listener whose accept queue is full drops a SYN without answering: the
// kernel creates no socket, so nothing may be derived for the server side.
TEST(TcpStateDeriver, DroppedSynCreatesNoServerSocket)
{
    TcpStateDeriver d;
    d.seed("127.0.0.1:5000", "0.0.0.0:0", "LISTEN");
    TcpSegment syn;
    syn.srcAddr = syn.dstAddr = "127.0.0.1";
    syn.srcPort = 40000;
    syn.dstPort = 5000;
    syn.flags = SYN;
    syn.seq = 1;
    for (int retransmission = 0; retransmission < 3; ++retransmission) {
        for (const auto& t : d.onSegment(syn)) EXPECT_NE(t.local, "127.0.0.1:5000") << t.state;
    }
    EXPECT_FALSE(d.stateOf("127.0.0.1:5000", "127.0.0.1:40000").has_value());
}

// ---- Replays of real captures ---------------------------------------------

namespace {

// Every transition of a capture, as "client STATE" / "server STATE", with
// the listener seeded the way a sample taken before the run would.
Log replay(const std::string& name, std::uint16_t serverPort,
           const std::vector<std::pair<std::string, std::string>>& extraSeeds = {}, bool listening = true)
{
    std::array<char, PCAP_ERRBUF_SIZE> err{};
    const std::string path = std::string(FINSCOPE_TEST_DATA_DIR) + "/" + name;
    pcap_t* p = pcap_open_offline(path.c_str(), err.data());
    EXPECT_NE(p, nullptr) << err.data();
    Log log;
    if (p == nullptr)
        return log;
    TcpStateDeriver d;
    if (listening) {
        d.seed("127.0.0.1:" + std::to_string(serverPort), kAny, "LISTEN");
        d.seed("[::1]:" + std::to_string(serverPort), "[::]:0", "LISTEN");
    }
    bool seeded = extraSeeds.empty();
    pcap_pkthdr* hdr = nullptr;
    const u_char* data = nullptr;
    std::vector<TcpSegment> segs;
    std::vector<TcpStateDeriver::Transition> timed;
    while (pcap_next_ex(p, &hdr, &data) == 1)
        if (auto s = decodeTcp(pcap_datalink(p), data, hdr->caplen, 0)) {
            s->tNs = static_cast<std::int64_t>(segs.size());  // capture order is what the log is sorted by
            segs.push_back(*s);
        }
    pcap_close(p);
    for (std::size_t i = 0; i < segs.size(); ++i) {
        const TcpSegment& s = segs[i];
        // Extra seeds (sampled states) go in after the three-way handshake.
        if (!seeded && i == 3) {
            const std::string c = s.srcPort == serverPort ? s.dst() : s.src();
            const std::string srv = s.srcPort == serverPort ? s.src() : s.dst();
            for (const auto& t : d.releaseHeld()) timed.push_back(t);  // as settling does before a sample
            for (const auto& [who, state] : extraSeeds)
                who == "client" ? d.seed(c, srv, state) : d.seed(srv, c, state);
            seeded = true;
        }
        for (const auto& t : d.onSegment(s)) timed.push_back(t);
    }
    for (const auto& t : d.releaseHeld()) timed.push_back(t);
    std::stable_sort(timed.begin(), timed.end(), [](const auto& a, const auto& b) { return a.tNs < b.tNs; });
    for (const auto& t : timed) {
        const bool server = t.local.ends_with(":" + std::to_string(serverPort));
        log.push_back((server ? "server " : "client ") + t.state);
    }
    return log;
}

const Log kHandshake{"client SYN_SENT", "server SYN_RECV", "client ESTABLISHED", "server ESTABLISHED"};

Log withHandshake(const Log& rest)
{
    Log l = kHandshake;
    l.insert(l.end(), rest.begin(), rest.end());
    return l;
}

} // namespace

TEST(TcpStateDeriverCapture, ClientFirst)
{
    EXPECT_EQ(replay("lo_client_first.pcap", 5001),
              withHandshake({"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2", "server LAST_ACK",
                             "client TIME_WAIT", "server CLOSE"}));
    EXPECT_EQ(replay("lo_v6_client_first.pcap", 5011),
              withHandshake({"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2", "server LAST_ACK",
                             "client TIME_WAIT", "server CLOSE"}));
}

TEST(TcpStateDeriverCapture, ServerFirst)
{
    EXPECT_EQ(replay("lo_server_first.pcap", 5002),
              withHandshake({"server FIN_WAIT1", "client CLOSE_WAIT", "server FIN_WAIT2", "client LAST_ACK",
                             "server TIME_WAIT", "client CLOSE"}));
}

TEST(TcpStateDeriverCapture, Combined)
{
    EXPECT_EQ(replay("lo_combined.pcap", 5010),
              withHandshake({"client FIN_WAIT1", "server CLOSE_WAIT", "server LAST_ACK", "client TIME_WAIT",
                             "server CLOSE"}));
}

TEST(TcpStateDeriverCapture, Resets)
{
    EXPECT_EQ(replay("lo_unread_rst.pcap", 5003), withHandshake({"server CLOSE", "client CLOSE"}));
    EXPECT_EQ(replay("lo_linger0.pcap", 5005), withHandshake({"client CLOSE", "server CLOSE"}));
    EXPECT_EQ(replay("lo_refused.pcap", 5999, {}, false), (Log{"client SYN_SENT", "client CLOSE"}));
    EXPECT_EQ(replay("lo_write_after_close.pcap", 5006),
              withHandshake({"server FIN_WAIT1", "client CLOSE_WAIT", "server FIN_WAIT2", "server CLOSE",
                             "client CLOSE"}));
}

TEST(TcpStateDeriverCapture, HalfClose)
{
    EXPECT_EQ(replay("lo_halfclose.pcap", 5004),
              withHandshake({"client FIN_WAIT1", "server CLOSE_WAIT", "client FIN_WAIT2", "server LAST_ACK",
                             "client TIME_WAIT", "server CLOSE"}));
}

TEST(TcpStateDeriverCapture, SimultaneousCloseAfterLostFins)
{
    // nft dropped the first FINs; the sampler saw both in FIN_WAIT1.
    EXPECT_EQ(replay("lo_simul_nft.pcap", 5009, {{"client", "FIN_WAIT1"}, {"server", "FIN_WAIT1"}}),
              withHandshake({"client CLOSING", "server CLOSING", "server TIME_WAIT", "client TIME_WAIT"}));
}
