// SPDX-License-Identifier: MIT
#include "core/scenario/questiontopics.h"

#include <algorithm>
#include <initializer_list>

namespace finscope::fsc {
namespace {

bool isOneOf(std::string_view call, std::initializer_list<std::string_view> calls) {
    return std::find(calls.begin(), calls.end(), call) != calls.end();
}

} // namespace

const std::vector<std::string>& allQuestionTopics() {
    static const std::vector<std::string> topics = {"return", "wire", "signal", "state"};
    return topics;
}

std::vector<std::string> questionTopics(std::string_view call) {
    std::vector<std::string> topics;
    // What the return value teaches: calls whose result depends on the connection.
    if (isOneOf(call, {"close", "shutdown", "write", "send", "read", "recv", "connect", "accept", "poll", "epoll_wait",
                       "getsockopt", "bind"}))
        topics.emplace_back("return");
    // Calls that can put a FIN or an RST on the wire.
    if (isOneOf(call, {"close", "shutdown", "write", "send", "connect", "exit", "kill"})) topics.emplace_back("wire");
    if (isOneOf(call, {"write", "send"})) topics.emplace_back("signal");
    if (isOneOf(call, {"close", "shutdown", "write", "send", "read", "recv", "connect"})) topics.emplace_back("state");
    return topics;
}

} // namespace finscope::fsc
