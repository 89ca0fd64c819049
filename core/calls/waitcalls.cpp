// SPDX-License-Identifier: MIT
// The calls that wait: poll, epoll_wait and sleep. A timeout goes to the live
// page as the call's own wait, so that the runner calls neither blocked nor
// hung a call that only waits as long as it was asked to.
#include "core/callexecutor.h"

#include "core/calls/stepargs.h"

#include <cerrno>
#include <ctime>
#include <poll.h>
#include <sys/epoll.h>
#include <unistd.h>

namespace finscope {

void CallExecutor::doPoll(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    pollfd p{fd, static_cast<short>(flagsArg(step, "events", names::FlagSet::PollEvents, POLLIN)), 0};
    int timeout = static_cast<int>(intArg(step, "timeout", 0));
    Call c{"poll", "[{fd=" + std::to_string(fd) + ", events=" +
                       names::flagsToString(names::FlagSet::PollEvents, p.events) + "}], 1, " +
                       std::to_string(timeout),
           step.fd, timeout > 0, timeout};
    auto r = m_recorder.run(c, [&] { return ::poll(&p, 1, timeout); });
    r.revents = *r.ret >= 0 ? p.revents : 0;
    r.result = "revents=" + names::flagsToString(names::FlagSet::PollEvents, r.revents);
    out.push_back(r);
}

void CallExecutor::doEpoll(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    auto events = static_cast<std::uint32_t>(flagsArg(step, "events", names::FlagSet::EpollEvents, EPOLLIN));
    int timeout = static_cast<int>(intArg(step, "timeout", 0));
    Call create{"epoll_create1", "0", "", false};
    auto rc = m_recorder.run(create, [&] { return ::epoll_create1(EPOLL_CLOEXEC); });
    rc.note = "part of epoll_wait()";
    out.push_back(rc);
    if (*rc.ret < 0) return;
    int ep = static_cast<int>(*rc.ret);
    epoll_event ev{};
    ev.events = events;
    ev.data.fd = fd;
    Call ctl{"epoll_ctl", std::to_string(ep) + ", EPOLL_CTL_ADD, " + std::to_string(fd) + ", {" +
                              names::flagsToString(names::FlagSet::EpollEvents, static_cast<long>(events)) + "}",
             step.fd, false};
    auto rctl = m_recorder.run(ctl, [&] { return ::epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev); });
    rctl.note = "part of epoll_wait()";
    out.push_back(rctl);
    epoll_event got{};
    Call wait{"epoll_wait", std::to_string(ep) + ", events, 1, " + std::to_string(timeout), step.fd, timeout > 0,
              timeout};
    auto r = m_recorder.run(wait, [&] { return ::epoll_wait(ep, &got, 1, timeout); });
    r.revents = *r.ret > 0 ? static_cast<std::int64_t>(got.events) : 0;
    r.result = "events=" + names::flagsToString(names::FlagSet::EpollEvents, static_cast<long>(r.revents));
    out.push_back(r);
    int saved = errno;
    ::close(ep);  // bookkeeping, not part of the lesson
    errno = saved;
}

void CallExecutor::doSleep(const Step& step, std::vector<agent::CallRecord>& out) {
    // sleep() takes seconds and usleep() microseconds, as in C; both are nanosleep() underneath.
    bool micro = step.call == "usleep";
    std::int64_t us = micro ? intArg(step, "us", 0) : intArg(step, "seconds", 0) * 1'000'000;
    timespec ts{static_cast<time_t>(us / 1'000'000), static_cast<long>((us % 1'000'000) * 1000)};
    Call c{"nanosleep", "{tv_sec=" + std::to_string(ts.tv_sec) + ", tv_nsec=" + std::to_string(ts.tv_nsec) + "}, NULL", "",
           true, us / 1000 + 1};
    out.push_back(m_recorder.run(c, [&] { return ::nanosleep(&ts, nullptr); }));
}

} // namespace finscope
