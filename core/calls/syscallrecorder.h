// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"

#include <cstdint>
#include <functional>
#include <string>

namespace finscope {

/// Makes one system call of the scenario and records it: arguments, return
/// value, errno, the clock around the call and a SIGPIPE it raised. While the
/// call runs, the endpoint's live page says which call it is, so that the
/// runner can tell a blocked call from a slow one.
class SyscallRecorder {
public:
    /// One syscall about to be made: what the record and the live page show.
    struct Call {
        std::string name;
        std::string args;
        std::string socket;
        bool sleeping = false;
        std::int64_t waitMs = 0;  ///< how long a sleeping call may take by its own arguments
    };

    explicit SyscallRecorder(agent::LiveCall* live) : m_live(live) {}
    /// A forked child publishes its calls in its own shared-memory slot.
    void setLive(agent::LiveCall* live) { m_live = live; }

    /// The step about to run: its calls take ids from `nextCallId`, which
    /// advances, and the live page shows its scenario line.
    void beginStep(std::int64_t& nextCallId, int line);
    /// The next call id, for a record of a call that never returns (exit).
    std::int64_t takeCallId() { return (*m_nextCallId)++; }

    agent::CallRecord run(const Call& call, const std::function<long()>& syscall);

private:
    agent::LiveCall* m_live;
    int m_errno = 0;  ///< the program's errno, carried across steps as a C program's is
    std::int64_t* m_nextCallId = nullptr;
    int m_line = 0;
};

} // namespace finscope
