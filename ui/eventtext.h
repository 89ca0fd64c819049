// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QString>

/// The words the window uses for trace events, in one place so the ladder,
/// the event list and the details panel all say the same thing.
namespace EventText {

/// `write(5, "456", 3)`
QString call(const finscope::SyscallEvent& s);
/// `-1 EPIPE`, `3`, `blocked…`
QString result(const finscope::SyscallEvent& s);
/// tcpdump-like: `F. 1:1(0) ack 1`
QString packet(const finscope::PacketEvent& p);
/// `FIN_WAIT2`, `TIME_WAIT (orphan)`
QString state(const finscope::StateEvent& s);
/// One line for any event, for lists and tooltips.
QString summary(const finscope::TraceEvent& e);
/// The endpoint an event belongs to, or empty (packets, notes, the run).
QString endpoint(const finscope::TraceEvent& e);
/// The scenario line an event refers to, or 0.
int line(const finscope::TraceEvent& e);
/// A wire run's frame fate ("held", "delivered", ...) in the interface's language.
QString fate(const std::string& fate);
/// `frame 7, held` / `frame 7, dropped (loss 5%)`: a wire run's frame and what became of it.
QString frame(std::int64_t frame, const std::string& fate, const std::string& dropReason);
/// `+1.234 ms` relative to t0.
QString relativeTime(std::int64_t tNs, std::int64_t t0Ns);

/// errno name to its strerror() text: "EPIPE" -> "Broken pipe". Empty if unknown.
QString errnoMeaning(const QString& errnoName);
/// The manual page that documents a call: "write" -> "write(2)".
QString manPage(const QString& call);

/// True for a packet with the FIN flag, resp. RST.
bool isFin(const finscope::PacketEvent& p);
bool isRst(const finscope::PacketEvent& p);
bool isSyn(const finscope::PacketEvent& p);

} // namespace EventText
