// SPDX-License-Identifier: MIT
#include "core/tracediff_zh.h"

#include "core/names_zh.h"

#include <regex>

namespace finscope::tracediffzh {
namespace {

// What came back besides the return value (core/calls/*calls.cpp): only accept()'s
// peer, read()'s end of file and SO_ERROR's meaning have English; data,
// values and flags do not.
std::string resultZh(const std::string& en) {
    if (en == "end of file: no more data will ever come (0 is not an error, and errno is not set)")
        return "文件结束：再也不会有数据到来（0 不是错误，errno 也没有设置）";
    static const std::regex accepted(R"((fd=-?\d+ \(.*\)) from (\S+))");
    if (std::smatch m; std::regex_match(en, m, accepted)) return m.str(1) + "，来自 " + m.str(2);
    // getsockopt(SO_ERROR): "value=EPIPE (Broken pipe)", the meaning as zh_CN glibc words it.
    static const std::regex soError(R"(value=(E[A-Z0-9]+) \(.*\))");
    if (std::smatch m; std::regex_match(en, m, soError))
        if (auto meaning = names::errnoMeaningZh(m.str(1)); !meaning.empty())
            return "value=" + m.str(1) + "（" + meaning + "）";
    return en;
}

// syscallText(): "call(args) blocks", "... does not return",
// "call(args) = ret [ERRNO][  result][  (errno still X)]", or "returns" for a
// blocked call's late return.
std::optional<std::string> syscallZh(const std::string& en) {
    static const std::regex blocks(R"((.+\)) blocks)");
    static const std::regex noReturn(R"((.+\)) does not return)");
    static const std::regex done(
        R"((.+?\)) (returns|=) (-?\d+|pid\([^)]*\))( [A-Z][A-Z0-9]*)?(?:  (.*))?)");
    // The stale errno is always last: taken off first so the result cannot swallow it.
    static const std::regex stale(R"((.*)  \(errno still ([A-Z0-9]+)\))");
    std::smatch m;
    if (std::regex_match(en, m, blocks)) return m.str(1) + " 阻塞";
    if (std::regex_match(en, m, noReturn)) return m.str(1) + " 没有返回";
    std::string call = en, staleZh;
    if (std::regex_match(en, m, stale)) {
        call = m.str(1);
        staleZh = "  （errno 仍是 " + m.str(2) + "）";
    }
    if (!std::regex_match(call, m, done)) return std::nullopt;
    std::string s = m.str(1) + (m.str(2) == "returns" ? " 返回 " : " = ") + m.str(3) + m.str(4);
    if (m[5].matched) s += "  " + resultZh(m.str(5));
    return s + staleZh;
}

// "SIGPIPE delivered (terminate)": disposition, then action (traceevent.h).
std::optional<std::string> signalZh(const std::string& en) {
    static const std::regex signal(R"((SIG[A-Z0-9]+) (\w+) \((\w+)\))");
    std::smatch m;
    if (!std::regex_match(en, m, signal)) return std::nullopt;
    const std::string d = m.str(2), a = m.str(3);
    const char* disposition = d == "delivered" ? "已递送" : d == "ignored" ? "被忽略" : d == "default" ? "默认处理" : nullptr;
    const char* action = a == "terminate" ? "终止进程" : a == "handler" ? "交给处理函数" : a == "ignore" ? "忽略" : nullptr;
    if (!disposition || !action) return std::nullopt;
    return m.str(1) + " " + disposition + "（" + action + "）";
}

std::optional<std::string> exitZh(const std::string& en) {
    static const std::regex killed(R"(killed by (SIG[A-Z0-9]+))");
    static const std::regex status(R"(exit status (-?\d+))");
    std::smatch m;
    if (std::regex_match(en, m, killed)) return "被 " + m.str(1) + " 杀死";
    if (std::regex_match(en, m, status)) return "退出状态 " + m.str(1);
    return std::nullopt;
}

// packetLabel() ("F. 1:1(0) ack 1", tcpdump's words) and a state path
// ("FIN_WAIT1 -> FIN_WAIT2") have nothing to translate: checked, kept.
std::optional<std::string> unchanged(const std::string& en, const std::regex& form) {
    if (std::regex_match(en, form)) return en;
    return std::nullopt;
}

} // namespace

std::optional<std::string> factZh(StepFact::Kind kind, const std::string& english) {
    static const std::regex packet(R"(\S+ \d+:\d+\(\d+\)(?: ack \d+)?)");
    static const std::regex states(R"([A-Z][A-Z_0-9]*(?: -> [A-Z][A-Z_0-9]*)*)");
    switch (kind) {
    case StepFact::Kind::Syscall: return syscallZh(english);
    case StepFact::Kind::Packet: return unchanged(english, packet);
    case StepFact::Kind::Signal: return signalZh(english);
    case StepFact::Kind::Exit: return exitZh(english);
    case StepFact::Kind::State: return unchanged(english, states);
    }
    return std::nullopt;
}

std::optional<std::string> noteZh(const std::string& english) {
    static const std::regex captured(R"(only ([AB]) captured packets: packet differences are not real)");
    static const std::regex noSummary(R"(([AB]) has no summary: the trace is incomplete)");
    static const std::regex failed(R"(([AB]) did not complete: (.+))");
    std::smatch m;
    if (std::regex_match(english, m, captured)) return "只有 " + m.str(1) + " 抓到了报文：报文上的差异不可信";
    if (std::regex_match(english, m, noSummary)) return m.str(1) + " 没有结束汇总：这份记录不完整";
    // The error is the engine's own message; it stays as written.
    if (std::regex_match(english, m, failed)) return m.str(1) + " 没有运行完：" + m.str(2);
    return std::nullopt;
}

const char* kindZh(StepFact::Kind kind) {
    switch (kind) {
    case StepFact::Kind::Syscall: return "系统调用";
    case StepFact::Kind::Packet: return "报文";
    case StepFact::Kind::Signal: return "信号";
    case StepFact::Kind::Exit: return "退出";
    case StepFact::Kind::State: return "状态";
    }
    return "?";
}

} // namespace finscope::tracediffzh
