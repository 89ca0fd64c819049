// SPDX-License-Identifier: MIT
#include "core/causesentences.h"

namespace finscope::causesentences {

std::string callText(const std::string& call, const std::string& args) {
    // shutdown's `how` decides what it sends; the other arguments are in the call's own event.
    if (call == "shutdown") {
        auto comma = args.find(", ");
        if (comma != std::string::npos) return "shutdown(" + args.substr(comma + 2) + ")";
    }
    return call + "()";
}

std::string derivedStateWhy(const std::string& state, bool sent, const std::string& flags) {
    bool rst = flags.find('R') != std::string::npos;
    if (state == "SYN_SENT") return "SYN_SENT: it sent its SYN";
    if (state == "SYN_RECV") return "SYN_RECV: a SYN arrived for the listening socket";
    if (state == "ESTABLISHED") return "ESTABLISHED: the three-way handshake is complete";
    if (state == "FIN_WAIT1") return "FIN_WAIT1: it sent its FIN";
    if (state == "FIN_WAIT2") return "FIN_WAIT2: the peer acknowledged its FIN; now it waits for the peer's FIN";
    if (state == "CLOSE_WAIT") return "CLOSE_WAIT: the peer's FIN arrived: the peer will send no more data";
    if (state == "LAST_ACK") return "LAST_ACK: it sent its FIN after the peer's and waits for the last ACK";
    if (state == "CLOSING") return "CLOSING: the peer's FIN crossed its own";
    if (state == "TIME_WAIT")
        return "TIME_WAIT: both FINs are through; it waits 2 MSL so that late segments of this connection die out";
    if (state == "CLOSE" && rst)
        return sent ? "CLOSE: it sent RST, which ends the connection at once"
                    : "CLOSE: the peer's RST destroyed the connection";
    if (state == "CLOSE") return "CLOSE: the peer acknowledged its last FIN; the connection is over";
    return "";
}

std::string signalWhy(const SignalEvent& s) {
    std::string effect = s.action == "terminate" ? "its default action terminates the process"
                         : s.action == "ignore"  ? "it is ignored (SIG_IGN)"
                                                 : "a handler catches it";
    if (s.signal == "SIGPIPE")
        return "SIGPIPE: the call wrote to a connection that can no longer send (EPIPE); " + effect;
    return s.signal + ": sent with kill(); " + effect;
}

} // namespace finscope::causesentences
