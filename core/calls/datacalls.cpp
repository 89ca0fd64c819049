// SPDX-License-Identifier: MIT
// The calls that move bytes: write and send, read and recv.
#include "core/callexecutor.h"

#include "core/calls/stepargs.h"
#include "core/cquote.h"
#include "core/scenarioparser.h"

#include <algorithm>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {

void CallExecutor::doWrite(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    std::string data = payloadOf(findArg(step, "data"));
    bool isSend = step.call == "send";
    int flags = isSend ? static_cast<int>(flagsArg(step, "flags", names::FlagSet::MsgFlags, 0)) : 0;
    std::string args = std::to_string(fd) + ", " + cQuote(data, 40) + ", " + std::to_string(data.size());
    if (isSend) args += ", " + names::flagsToString(names::FlagSet::MsgFlags, flags);
    Call c{step.call, args, step.fd, false};
    out.push_back(m_recorder.run(c, [&] {
        return isSend ? ::send(fd, data.data(), data.size(), flags) : ::write(fd, data.data(), data.size());
    }));
}

void CallExecutor::doRead(const Step& step, std::vector<agent::CallRecord>& out) {
    int fd = fdOf(step);
    bool isRecv = step.call == "recv";
    auto count = static_cast<std::size_t>(std::max<std::int64_t>(intArg(step, "count", 4096), 0));
    int flags = isRecv ? static_cast<int>(flagsArg(step, "flags", names::FlagSet::MsgFlags, 0)) : 0;
    std::string buffer(count, '\0');
    std::string args = std::to_string(fd) + ", buf, " + std::to_string(count);
    if (isRecv) args += ", " + names::flagsToString(names::FlagSet::MsgFlags, flags);
    Call c{step.call, args, step.fd, false};
    auto r = m_recorder.run(c, [&] {
        return isRecv ? ::recv(fd, buffer.data(), count, flags) : ::read(fd, buffer.data(), count);
    });
    if (*r.ret > 0) {
        r.data = buffer.substr(0, static_cast<std::size_t>(*r.ret));
        r.result = cQuote(r.data, 40);
    } else if (*r.ret == 0 && count > 0) {
        r.result = "end of file: no more data will ever come (0 is not an error, and errno is not set)";
    }
    out.push_back(r);
}

} // namespace finscope
