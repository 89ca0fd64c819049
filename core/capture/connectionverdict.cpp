// SPDX-License-Identifier: MIT
#include "core/capture/connectionverdict.h"

#include <cstdio>

namespace finscope {
namespace {

std::string msAfterStart(const Connection& c, std::int64_t tNs) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3f ms in", static_cast<double>(tNs - c.firstNs) / 1e6);
    return buf;
}

const char* codeOf(Ending e) {
    switch (e) {
    case Ending::Refused: return "refused";
    case Ending::ResetAfterClose: return "reset_after_close";
    case Ending::ResetUnread: return "reset_unread";
    case Ending::ResetAfterFin: return "reset_after_fin";
    case Ending::ResetDuringData: return "reset_during_data";
    case Ending::SynUnanswered: return "syn_unanswered";
    case Ending::HalfClosed: return "half_closed";
    case Ending::StillOpen: return "still_open";
    case Ending::OrderlyClose: return "orderly_close";
    }
    return "unknown";
}

} // namespace

std::string sideName(const Connection& c, int side) {
    if (c.handshakeSeen() || c.side[0].synSent) return side == 0 ? "client" : "server";
    return (side == 0 ? c.a : c.b).text();
}

bool moreUnusual(const Connection& x, const Connection& y) {
    if (x.ending != y.ending) return x.ending < y.ending;
    if (x.startedMid != y.startedMid) return x.startedMid;
    return x.id < y.id;
}

ConnectionVerdict verdictOf(const Connection& c) {
    ConnectionVerdict v;
    v.code = codeOf(c.ending);
    const int by = c.endedBy;
    const std::string who = sideName(c, by);
    const std::string other = sideName(c, 1 - by);
    const ConnectionSide& me = c.side[by];
    const ConnectionSide& peer = c.side[1 - by];
    const std::string when = c.endNs >= 0 ? msAfterStart(c, c.endNs) : "";
    switch (c.ending) {
    case Ending::Refused:
        v.ending = "refused: RST from " + who + " answered the SYN";
        v.diagnosis = "nothing listened on " + (by == 0 ? c.a : c.b).text() +
                      "; the kernel answered the SYN with RST (connect() fails with ECONNREFUSED)";
        v.scenario = "connection-refused";
        break;
    case Ending::ResetAfterClose:
        v.ending = "reset by " + who + " after it closed: data arrived after its FIN, " + when;
        v.diagnosis = "data arrived after the " + who + " had closed; the kernel answered RST (the " + other +
                      "'s next write fails with EPIPE)";
        v.scenario = "write-after-peer-close";
        break;
    case Ending::ResetUnread:
        v.ending = "reset by " + who + " with data unread (RST instead of FIN" +
                   (peer.finNs >= 0 ? ", after a FIN from the " + other : std::string()) + "), " + when;
        v.diagnosis = "the " + who + " closed without reading the " + std::to_string(peer.bytes) +
                      " bytes the " + other + " sent last; Linux sends RST, not FIN, when close() discards "
                      "unread data (the " + other + " gets ECONNRESET)";
        v.scenario = "close-with-unread-data";
        break;
    case Ending::ResetAfterFin:
        v.ending = "reset by " + who + " after a FIN from " +
                   (me.finNs >= 0 && (peer.finNs < 0 || me.finNs <= peer.finNs) ? "itself" : "the " + other) + ", " +
                   when;
        v.diagnosis = "the " + who + " aborted after the close had begun (SO_LINGER with a zero timeout, or a "
                      "segment for a socket that no longer exists)";
        v.scenario = "linger-abortive-close";
        break;
    case Ending::ResetDuringData:
        v.ending = "reset by " + who + (me.bytes + peer.bytes > 0 ? " during data" : "") + ", no FIN, " + when;
        v.diagnosis = "the " + who + " aborted the connection without a FIN (close() with SO_LINGER {1, 0}, or "
                      "close() with unread data); the " + other + " gets ECONNRESET";
        v.scenario = "linger-abortive-close";
        break;
    case Ending::SynUnanswered:
        v.ending = "SYN unanswered";
        v.diagnosis = "the SYN got no answer at all in the capture (a firewall dropping it, or a host that is down)";
        break;
    case Ending::HalfClosed: {
        const std::string closer = sideName(c, c.endedBy);
        const std::string open = sideName(c, 1 - c.endedBy);
        v.ending = "half-closed by " + closer + ", still open from " + open + " at the end of the capture";
        if (c.side[1 - c.endedBy].lastDataNs > c.endNs) {
            v.diagnosis = "the " + closer + " shut down its sending side and the " + open +
                          " kept sending: a half-close with shutdown(SHUT_WR)";
            v.scenario = "shutdown-half-close";
        } else {
            v.diagnosis = "the " + closer + " closed, the " + open + " never did: if that lasts, it is stuck in "
                          "CLOSE_WAIT (the program never calls close())";
            v.scenario = "close-wait-leak";
        }
        break;
    }
    case Ending::StillOpen:
        v.ending = "still open at the end of the capture";
        v.diagnosis = "no FIN and no RST in the capture: the connection outlived it";
        break;
    case Ending::OrderlyClose:
        v.ending = c.simultaneousClose ? "orderly close, simultaneous (both closed at once)"
                                       : "orderly close, " + who + " closed first";
        v.diagnosis = "both sides sent FIN and had it acknowledged: the four-way handshake (the " + who +
                      " waits in TIME_WAIT)";
        v.scenario = "graceful-close";
        break;
    }
    if (c.startedMid) v.ending += "; capture started mid-connection";
    if (!v.scenario.empty()) v.diagnosis += " -> see " + v.scenario;
    return v;
}

} // namespace finscope
