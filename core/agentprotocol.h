// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

/// Messages between the runner and its endpoint processes (agents), over a
/// SOCK_SEQPACKET socketpair: one JSON object a message, so no framing code.
namespace finscope::agent {

/// A descriptor a call defined, as the kernel sees it. The inode ties the
/// descriptor to sock_diag samples; the addresses tie it to packets and to
/// orphaned sockets, which have no inode any more.
struct Definition {
    std::string name;
    int fd = -1;
    std::uint64_t inode = 0;
    std::string local;
    std::string remote;
    bool listening = false;
};

/// One real system call as the endpoint made it.
struct CallRecord {
    std::int64_t callId = 0;
    std::string call;
    std::string args;
    std::string socket;                ///< descriptor name, or ""
    std::optional<std::int64_t> ret;   ///< empty for exit(): it never returns
    int err = 0;                       ///< errno when ret == -1, else 0
    int staleErrno = 0;                ///< errno value left from earlier when the call succeeded
    std::int64_t tEnterNs = 0;
    std::int64_t tExitNs = 0;
    std::string result;                ///< bytes read, revents, option value
    std::string note;
    bool sigpipe = false;              ///< the call generated SIGPIPE (seen pending while blocked)
    std::string sigpipeDisposition;    ///< "default" | "ignore" | "handler" at that moment
    std::vector<Definition> defined;
    std::vector<std::string> undefined;  ///< names closed by this call
    std::int64_t revents = -1;         ///< poll/epoll result mask, -1 if not a readiness call
    std::string optval;                ///< getsockopt value as text (`ECONNRESET`, `0`, `1`)
    std::string data;                  ///< raw bytes returned by read/recv
};

/// Reply to one step: the calls made, and for fork() the new endpoint.
struct StepReply {
    int step = -1;
    std::vector<CallRecord> records;
    int forkPid = 0;                   ///< the child endpoint's pid, when the step was fork()
    std::vector<Definition> snapshot;  ///< every open descriptor of the endpoint after the step
};

/// Runner → agent.
struct StepRequest {
    int step = -1;
    int forkSlot = -1;                 ///< shared-memory slot for a forked child
    std::int64_t firstCallId = 0;      ///< call ids are unique in the run: the runner hands out ranges
};

std::string encode(const StepRequest&);
std::string encode(const StepReply&);
bool decode(const std::string&, StepRequest&);
bool decode(const std::string&, StepReply&);

/// Sends one message of any size, with an optional descriptor attached
/// (SCM_RIGHTS). Returns false with errno set when it could not be sent.
bool sendMessage(int sock, const std::string& message, int passFd = -1);
/// Receives one message; `passedFd` gets an attached descriptor or -1.
/// Returns false on end of file (errno 0) or error (errno set; EPROTO for
/// a malformed message).
bool receiveMessage(int sock, std::string& message, int* passedFd = nullptr);

/// What an agent publishes about the call it is in, in memory shared with
/// the runner, so that the runner can tell a blocked call (the process
/// sleeps inside it) without a message the agent cannot send while blocked.
struct LiveCall {
    volatile std::int64_t inCall;      ///< call id while inside a call, 0 otherwise
    volatile std::int64_t tEnterNs;
    volatile std::int64_t tExitNs;     ///< when the last call returned (0 before the first)
    volatile int sleeping;             ///< the call is sleep(): waiting in it is not "blocked"
    volatile std::int64_t waitMs;      ///< a sleeping call's own duration or timeout, in ms
    char call[32];
    char args[224];
    char socket[32];
    volatile int line;
};

/// An agent that cannot send its reply exits with this status (and says why
/// on stderr): the runner reports it as a broken run, not as the scenario's
/// own exit.
constexpr int kExitReplyFailed = 124;

/// Endpoint processes a run may have, forked ones included: one LiveCall
/// slot each in a shared mapping made before the first endpoint starts (so
/// every endpoint sees it). The mapping is touched lazily, so a generous
/// limit costs nothing; the runner refuses a fork() beyond it in words.
constexpr int kMaxEndpoints = 128;

} // namespace finscope::agent
