// SPDX-License-Identifier: MIT
#include "core/tcpstatederiver.h"

#include <algorithm>

namespace finscope {

namespace {

// Sequence-space comparison (RFC 9293 section 3.4): modulo 2^32.
bool seqLt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
bool seqGt(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }

bool has(const TcpSegment& s, std::uint8_t flag) { return (s.flags & flag) != 0; }

// Sequence space a segment occupies: SYN and FIN count one each.
std::uint32_t segEnd(const TcpSegment& s)
{
    return s.seq + s.payloadLen + (has(s, tcpflag::SYN) ? 1U : 0U) + (has(s, tcpflag::FIN) ? 1U : 0U);
}

// "127.0.0.1:5000" -> "5000"; "[::1]:5000" -> "5000".
std::string portOf(const std::string& endpoint)
{
    const auto colon = endpoint.rfind(':');
    return colon == std::string::npos ? std::string{} : endpoint.substr(colon + 1);
}

} // namespace

void TcpStateDeriver::seed(const std::string& local, const std::string& remote, const std::string& state)
{
    Sock& sock = socks_[Key{local, remote}];
    undo_.erase(Key{local, remote});     // a sampled truth overrides any guess (call releaseHeld() first)
    // A 4-tuple that was gone and is alive again belongs to a new connection:
    // what we knew of the old sequence numbers would only mislead.
    if (sock.state == "CLOSE" && state != "CLOSE")
        sock = Sock{};
    // The kernel's request socket is a SYN_RECV for everyone but ss.
    sock.state = state == "NEW_SYN_RECV" ? "SYN_RECV" : state;
}

std::optional<std::string> TcpStateDeriver::stateOf(const std::string& local, const std::string& remote) const
{
    const auto it = socks_.find(Key{local, remote});
    if (it == socks_.end())
        return std::nullopt;
    return it->second.state;
}

void TcpStateDeriver::forget(const std::string& local, const std::string& remote)
{
    socks_.erase(Key{local, remote});
    undo_.erase(Key{local, remote});
}

void TcpStateDeriver::set(const Key& key, Sock& sock, const std::string& state, std::int64_t tNs,
                          std::vector<Transition>& out)
{
    if (sock.state == state)
        return;
    sock.state = state;
    out.push_back(Transition{key.first, key.second, state, tNs});
}

std::vector<TcpStateDeriver::Transition> TcpStateDeriver::onSegment(const TcpSegment& seg)
{
    std::vector<Transition> out;
    const std::string src = seg.src();
    const std::string dst = seg.dst();

    // On loopback the segment is captured as it is sent and processed by
    // the receiver right after, inside the same syscall: sender first.
    const Key senderKey{src, dst};
    auto sender = socks_.find(senderKey);
    const bool synOnly = has(seg, tcpflag::SYN) && !has(seg, tcpflag::ACK) && !has(seg, tcpflag::RST);
    if (sender == socks_.end() && has(seg, tcpflag::SYN) && !has(seg, tcpflag::RST)) {
        // A SYN (active open) or SYN-ACK (answer of a request socket we did
        // not see being created) proves a socket exists at the sending end.
        sender = socks_.emplace(senderKey, Sock{}).first;
        sender->second.state = "CLOSE";
    }
    if (sender != socks_.end()) {
        const auto undo = undo_.find(senderKey);
        if (undo != undo_.end()) {
            Undo pending = std::move(undo->second);
            undo_.erase(undo);
            Sock& s = sender->second;
            // Linux puts its current rcv.nxt into every segment it sends, so
            // an ACK below what we had it receive means it had not processed
            // that segment yet: the two ends sent at the same moment (the
            // first FINs of a simultaneous close). Replay in the true order.
            // Only worth it when the order matters: when this send, made
            // before the receive, changes the state (a FIN from ESTABLISHED
            // rather than from CLOSE_WAIT).
            bool replay = has(seg, tcpflag::ACK) && s.haveRcvNxt && seqLt(seg.ack, s.rcvNxt) &&
                          seqGt(segEnd(pending.segment), seg.ack);
            if (replay) {
                Sock probe = pending.before;
                std::vector<Transition> probeOut;
                onSend(senderKey, probe, seg, probeOut);
                replay = !probeOut.empty();
            }
            if (replay) {
                // The held transitions never happened: drop them.
                s = pending.before;
                onSend(senderKey, s, seg, out);
                pending.segment.tNs = seg.tNs;
                onReceive(senderKey, s, pending.segment, out);
                undo_.erase(senderKey);     // the replay is final
            } else {
                out.insert(out.end(), pending.held.begin(), pending.held.end());
                onSend(senderKey, s, seg, out);
            }
        } else {
            onSend(senderKey, sender->second, seg, out);
        }
    }

    const Key receiverKey{dst, src};
    auto receiver = socks_.find(receiverKey);
    if ((receiver == socks_.end() || receiver->second.state == "CLOSE" || receiver->second.state == "TIME_WAIT") &&
        synOnly) {
        // A SYN to a listening address creates the server side's socket.
        // Listeners bound to the wildcard address also take it; a dual-stack
        // IPv6 listener takes IPv4 SYNs too.
        const std::string port = portOf(dst);
        const bool v6 = seg.ipVersion == 6;
        const Key listeners[] = {
            {dst, v6 ? "[::]:0" : "0.0.0.0:0"},
            {(v6 ? "[::]:" : "0.0.0.0:") + port, v6 ? "[::]:0" : "0.0.0.0:0"},
            {"[::]:" + port, "[::]:0"},
        };
        bool listening = false;
        for (const Key& l : listeners) {
            const auto it = socks_.find(l);
            if (it != socks_.end() && it->second.state == "LISTEN")
                listening = true;
        }
        // A SYN alone proves nothing at the listening end: a listener whose
        // accept queue is full drops it without a trace, and a TIME_WAIT
        // socket may refuse it. Only the SYN-ACK the kernel sends shows that
        // it created the connection's socket (onSend derives SYN_RECV then).
        if (listening)
            return out;
    }
    if (receiver != socks_.end()) {
        const Sock before = receiver->second;
        std::vector<Transition> held;
        onReceive(receiverKey, receiver->second, seg, held);
        if (!held.empty()) {
            // Held until the receiver's next segment says whether it had
            // processed this one (see Undo): when FINs cross, emitting now
            // would show a CLOSE_WAIT that never was.
            const auto previous = undo_.find(receiverKey);
            if (previous != undo_.end())
                out.insert(out.end(), previous->second.held.begin(), previous->second.held.end());
            if (receiver->second.state == "CLOSE") {
                // An RST taken ends the socket: it sends nothing that could
                // contradict it, so there is nothing to wait for.
                out.insert(out.end(), held.begin(), held.end());
                held.clear();
            }
            undo_.insert_or_assign(receiverKey, Undo{before, seg, std::move(held)});
        }
    }
    return out;
}

std::vector<TcpStateDeriver::Transition> TcpStateDeriver::releaseHeld()
{
    std::vector<Transition> out;
    for (auto& [key, undo] : undo_) {
        out.insert(out.end(), undo.held.begin(), undo.held.end());
        undo.held.clear();
    }
    std::stable_sort(out.begin(), out.end(), [](const Transition& a, const Transition& b) { return a.tNs < b.tNs; });
    return out;
}

void TcpStateDeriver::onSend(const Key& key, Sock& sock, const TcpSegment& seg, std::vector<Transition>& out)
{
    if (sock.state == "LISTEN")
        return;     // a listener sends nothing itself; its children have their own keys
    if (has(seg, tcpflag::RST)) {
        // Sending RST (abortive close, data for a closed socket, a bad
        // segment hitting TIME_WAIT) ends the socket at once.
        if (sock.state != "CLOSE")
            set(key, sock, "CLOSE", seg.tNs, out);
        return;
    }
    if (has(seg, tcpflag::SYN)) {
        if (!has(seg, tcpflag::ACK)) {
            // Active open; also a new connection reusing a 4-tuple.
            if (sock.state == "CLOSE" || sock.state == "TIME_WAIT") {
                sock = Sock{};
                sock.state = "CLOSE";
                sock.haveIss = true;
                sock.iss = seg.seq;
                sock.haveSndNxt = true;
                sock.sndNxt = seg.seq + 1;
                set(key, sock, "SYN_SENT", seg.tNs, out);
            }
            return;
        }
        // SYN-ACK: passive open answered, or simultaneous open. A TIME_WAIT
        // socket never sends one: its 4-tuple was taken by a new connection.
        if (sock.state == "TIME_WAIT") {
            sock = Sock{};
            sock.state = "CLOSE";
        }
        sock.haveIss = true;
        sock.iss = seg.seq;
        if (!sock.haveSndNxt || seqGt(segEnd(seg), sock.sndNxt)) {
            sock.haveSndNxt = true;
            sock.sndNxt = segEnd(seg);
        }
        if (!sock.haveRcvNxt || sock.state == "CLOSE") {
            sock.haveRcvNxt = true;
            sock.rcvNxt = seg.ack;
        }
        if (sock.state == "CLOSE" || sock.state == "SYN_SENT")
            set(key, sock, "SYN_RECV", seg.tNs, out);
        return;
    }
    if (sock.state == "CLOSE")
        return;     // no socket any more: the kernel answered without one

    if (has(seg, tcpflag::ACK) && (!sock.haveRcvNxt || seqGt(seg.ack, sock.rcvNxt))) {
        // What we acknowledge we have received.
        sock.haveRcvNxt = true;
        sock.rcvNxt = seg.ack;
    }
    const std::uint32_t end = segEnd(seg);
    if (!sock.haveSndNxt || seqGt(end, sock.sndNxt)) {
        sock.haveSndNxt = true;
        sock.sndNxt = end;
    }
    if (has(seg, tcpflag::FIN)) {
        const std::uint32_t finSeq = seg.seq + seg.payloadLen;
        if (!sock.finSent) {
            sock.finSent = true;
            sock.finSeq = finSeq;
        }
        // A retransmitted FIN changes nothing; only the first one moves us.
        if (sock.state == "ESTABLISHED" || sock.state == "SYN_RECV")
            set(key, sock, "FIN_WAIT1", seg.tNs, out);
        else if (sock.state == "CLOSE_WAIT")
            set(key, sock, "LAST_ACK", seg.tNs, out);
    }
}

void TcpStateDeriver::onReceive(const Key& key, Sock& sock, const TcpSegment& seg, std::vector<Transition>& out)
{
    const std::string& st = sock.state;
    if (st == "CLOSE" || st == "LISTEN")
        return;

    const bool ack = has(seg, tcpflag::ACK);
    if (has(seg, tcpflag::RST)) {
        bool acceptable = false;
        if (st == "SYN_SENT") {
            // RFC 9293 3.10.7.3: in SYN-SENT an RST counts only if it
            // acknowledges our SYN.
            acceptable = ack && (!sock.haveIss || seg.ack == sock.iss + 1);
        } else {
            // Loopback never reorders, so "in the window" is exactly
            // rcv.nxt: this is what Linux's RST answers carry (seq = the
            // sender's snd.nxt = our rcv.nxt). Unknown rcv.nxt (a seeded
            // socket) gives the benefit of the doubt.
            acceptable = !sock.haveRcvNxt || seg.seq == sock.rcvNxt;
        }
        if (acceptable)
            set(key, sock, "CLOSE", seg.tNs, out);
        return;
    }

    if (st == "SYN_SENT") {
        if (has(seg, tcpflag::SYN)) {
            if (ack && sock.haveIss && seg.ack != sock.iss + 1)
                return;     // acknowledges something we never sent
            sock.haveRcvNxt = true;
            sock.rcvNxt = seg.seq + 1;
            set(key, sock, ack ? "ESTABLISHED" : "SYN_RECV", seg.tNs, out);
        }
        return;
    }

    // Data and FIN advance what we expect next; old duplicates do not.
    const std::uint32_t end = segEnd(seg);
    if (has(seg, tcpflag::SYN)) {
        // SYN-ACK arriving at a simultaneous-open SYN_RECV, or a duplicate.
        if (!sock.haveRcvNxt || seqGt(end, sock.rcvNxt)) {
            sock.haveRcvNxt = true;
            sock.rcvNxt = end;
        }
    }

    // The ACK part first (RFC 9293 3.10.7.4, fifth check), then the FIN.
    const bool ackOfSyn = ack && (!sock.haveIss || seqGt(seg.ack, sock.iss));
    const bool ackOfFin = ack && sock.finSent && seg.ack == sock.finSeq + 1;
    if (st == "SYN_RECV") {
        if (!ackOfSyn)
            return;
        set(key, sock, "ESTABLISHED", seg.tNs, out);
    }
    if (ackOfFin) {
        // FIN_WAIT1 with the peer's FIN in this same segment goes straight
        // to TIME_WAIT below (RFC 9293: "our FIN has been ACKed (perhaps in
        // this segment), then enter TIME-WAIT").
        if (st == "FIN_WAIT1" && has(seg, tcpflag::FIN))
            ;
        else if (st == "FIN_WAIT1")
            set(key, sock, "FIN_WAIT2", seg.tNs, out);
        else if (st == "CLOSING")
            set(key, sock, "TIME_WAIT", seg.tNs, out);
        else if (st == "LAST_ACK") {
            set(key, sock, "CLOSE", seg.tNs, out);
            return;
        }
    }

    if (has(seg, tcpflag::FIN)) {
        const std::uint32_t peerFin = seg.seq + seg.payloadLen;
        // A FIN we already consumed (retransmission) moves nothing.
        if (sock.haveRcvNxt && seqLt(peerFin, sock.rcvNxt))
            return;
        sock.haveRcvNxt = true;
        sock.rcvNxt = peerFin + 1;
        if (st == "ESTABLISHED")
            set(key, sock, "CLOSE_WAIT", seg.tNs, out);
        else if (st == "FIN_WAIT1")
            set(key, sock, ackOfFin ? "TIME_WAIT" : "CLOSING", seg.tNs, out);
        else if (st == "FIN_WAIT2")
            set(key, sock, "TIME_WAIT", seg.tNs, out);
        return;
    }
    if (seg.payloadLen > 0 && (!sock.haveRcvNxt || seqGt(end, sock.rcvNxt))) {
        sock.haveRcvNxt = true;
        sock.rcvNxt = end;
    }
}

} // namespace finscope
