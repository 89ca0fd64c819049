// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <string>

/// The sentences of `why` that depend only on one event, for learners:
/// short, present tense, the kernel's rule in plain words.
namespace finscope::causesentences {

/// A call as a learner recognises it: "close()", "shutdown(SHUT_WR)".
std::string callText(const std::string& call, const std::string& args);

/// Why a socket entered `state` because of a segment it sent (`sent`) or
/// received with `flags` (tcpdump letters).
std::string derivedStateWhy(const std::string& state, bool sent, const std::string& flags);

/// Why a signal was generated and what it does.
std::string signalWhy(const SignalEvent& signal);

} // namespace finscope::causesentences
