// SPDX-License-Identifier: MIT
#include "core/causesentences_zh.h"

#include <regex>
#include <string_view>
#include <utility>
#include <vector>

namespace finscope::causesentences {
namespace {

struct Fixed {
    std::string_view en, zh;
};

// Sentences without parts from the run (causesentences.cpp, causeattributor.cpp).
constexpr Fixed kFixed[] = {
    {"SYN_SENT: it sent its SYN", "SYN_SENT：它发出了自己的 SYN"},
    {"SYN_RECV: a SYN arrived for the listening socket", "SYN_RECV：监听套接字收到了一个 SYN"},
    {"ESTABLISHED: the three-way handshake is complete", "ESTABLISHED：三次握手完成"},
    {"FIN_WAIT1: it sent its FIN", "FIN_WAIT1：它发出了自己的 FIN"},
    {"FIN_WAIT2: the peer acknowledged its FIN; now it waits for the peer's FIN",
     "FIN_WAIT2：对端确认了它的 FIN；现在它等待对端的 FIN"},
    {"CLOSE_WAIT: the peer's FIN arrived: the peer will send no more data",
     "CLOSE_WAIT：对端的 FIN 到了：对端不会再发送数据"},
    {"LAST_ACK: it sent its FIN after the peer's and waits for the last ACK",
     "LAST_ACK：它在对端之后发出了自己的 FIN，正在等最后一个 ACK"},
    {"CLOSING: the peer's FIN crossed its own", "CLOSING：对端的 FIN 与它自己的 FIN 在途中交错"},
    {"TIME_WAIT: both FINs are through; it waits 2 MSL so that late segments of this connection die out",
     "TIME_WAIT：双方的 FIN 都已完成；它等待 2 MSL，让这个连接迟到的报文段在网络中消失"},
    {"CLOSE: it sent RST, which ends the connection at once", "CLOSE：它发出了 RST，连接立即结束"},
    {"CLOSE: the peer's RST destroyed the connection", "CLOSE：对端的 RST 销毁了这个连接"},
    {"CLOSE: the peer acknowledged its last FIN; the connection is over", "CLOSE：对端确认了它的最后一个 FIN；连接结束"},
    {"CLOSE: the TIME_WAIT timer ran out; the kernel forgets the connection",
     "CLOSE：TIME_WAIT 计时器到期；内核忘掉这个连接"},
    {"RST: a segment arrived for a connection that no longer exists", "RST：一个报文段到达了一个已经不存在的连接"},
    {"exit(): the kernel closes every descriptor the process had", "exit()：内核关闭这个进程打开的所有描述符"},
    {"ECONNREFUSED: the SYN was answered by RST: nothing listens on that port",
     "ECONNREFUSED：SYN 得到的回应是 RST：那个端口上没有程序在监听"},
    {"ECONNRESET: the peer's RST reset the connection; the kernel reports it once, to the next call",
     "ECONNRESET：对端的 RST 重置了连接；内核只报告一次，报告给下一个调用"},
    {"EPIPE: the connection was reset (RST) and that error was already reported; it cannot send any more",
     "EPIPE：连接已被重置（RST），这个错误已经报告过；它再也不能发送了"},
    {"EPIPE: the peer's RST came after its FIN (CLOSE_WAIT), which Linux reports as a broken pipe",
     "EPIPE：对端的 RST 在它的 FIN 之后到达（CLOSE_WAIT），Linux 把这报告为管道断开"},
    {"EPIPE: the peer's RST reset the connection", "EPIPE：对端的 RST 重置了连接"},
    {"0 = end of file: the peer's FIN says it will send no more data", "0 = 文件结束：对端的 FIN 表示它不会再发送数据"},
    {"0 = end of file: the connection was reset (RST) and the error already reported; nothing more can arrive",
     "0 = 文件结束：连接已被重置（RST），错误已经报告过；不会再有数据到达"},
    // The capture import's segment marks (core/capture/captureladder.cpp).
    {"retransmission", "重传"},
    {"out-of-order", "乱序"},
};

// A signal's effect (causesentences::signalWhy).
std::optional<std::string> effectZh(const std::string& en) {
    if (en == "its default action terminates the process") return "默认动作是终止进程";
    if (en == "it is ignored (SIG_IGN)") return "它被忽略（SIG_IGN）";
    if (en == "a handler catches it") return "由信号处理函数捕获";
    return std::nullopt;
}

// How a process died (Death::how): "called exit()", "was killed by SIGKILL".
std::optional<std::string> howZh(const std::string& en) {
    if (en == "called exit()") return "调用了 exit()";
    static const std::regex killed(R"(was killed by (SIG[A-Z0-9]+))");
    if (std::smatch m; std::regex_match(en, m, killed)) return "被 " + m.str(1) + " 杀死";
    return std::nullopt;
}

// "client close() at line 12" -> "client 第 12 行的 close()".
const char* const kWho = R"((\S+) ([a-z_0-9]+\([A-Z_, ]*\)) at line (\d+))";
std::string whoZh(const std::smatch& m, int first) {
    return m.str(first) + " 第 " + m.str(first + 2) + " 行的 " + m.str(first + 1);
}

// A template with parts: a pattern and how to build the Chinese from its match.
struct Template {
    std::regex re;
    std::optional<std::string> (*build)(const std::smatch&);
};

std::optional<std::string> owned(const std::string& owner) {
    return owner == "its process" ? std::string("它的进程") : owner;
}

// The RST's closer: a call (groups 1-3) or a process's death (groups 4-5).
std::string closerZh(const std::smatch& m) {
    if (m[1].matched) return whoZh(m, 1);
    return *owned(m.str(4)) + " 这一端（它" + *howZh(m.str(5)) + "）";
}

std::string whatZh(const std::string& what) {
    return what.rfind("CLOSE: ", 0) == 0 ? "CLOSE：已从内核的连接表中消失"
                                         : "已经没有描述符指向它；由内核把连接收尾";
}

const std::vector<Template>& templates() {
    using M = const std::smatch&;
    const std::string who = kWho;
    static const std::vector<Template> all = [&] {
        std::vector<Template> t;
        const auto add = [&](const std::string& re, std::optional<std::string> (*build)(M)) {
            t.push_back({std::regex(re), build});
        };
        add("SYN: " + who, [](M m) -> std::optional<std::string> { return "SYN：由 " + whoZh(m, 1) + " 发出"; });
        add("data: " + who, [](M m) -> std::optional<std::string> { return "数据：由 " + whoZh(m, 1) + " 发出"; });
        add("FIN: " + who, [](M m) -> std::optional<std::string> { return "FIN：由 " + whoZh(m, 1) + " 发出"; });
        add(R"(FIN: the kernel closed the socket because (.+?) (called exit\(\)|was killed by SIG[A-Z0-9]+))",
            [](M m) -> std::optional<std::string> {
                return "FIN：因为 " + *owned(m.str(1)) + " " + *howZh(m.str(2)) + "，内核关闭了这个套接字";
            });
        // RST sent by a closer: who is a call (groups 1-3) or a death (groups 4-5).
        const std::string closer =
            "(?:" + who + R"(|(.+?)'s end \(it (called exit\(\)|was killed by SIG[A-Z0-9]+)\)))";
        add("RST: " + closer +
                R"( found (\d+) unread bytes; the kernel discards them and resets the connection instead of closing it)",
            [](M m) -> std::optional<std::string> {
                return "RST：" + closerZh(m) + " 时还有 " + m.str(6) +
                       " 字节数据没有读；内核丢弃这些数据，用重置代替正常关闭连接";
            });
        add("RST: " + closer + R"( with SO_LINGER \{on, 0\}: an abortive close sends RST, not FIN)",
            [](M m) -> std::optional<std::string> {
                return "RST：" + closerZh(m) + " 时设置了 SO_LINGER {on, 0}：这种中止式关闭发送 RST，而不是 FIN";
            });
        add("RST: sent as " + closer + " closed the socket",
            [](M m) -> std::optional<std::string> { return "RST：" + closerZh(m) + " 关闭套接字时发出"; });
        add(R"(RST: nothing listens on (\S+), so the kernel refuses the connection)",
            [](M m) -> std::optional<std::string> {
                return "RST：" + m.str(1) + " 上没有程序在监听，所以内核拒绝这个连接";
            });
        add(R"(RST: (data|a segment) arrived for a socket that (\S+) closed \(close\(\) at line (\d+)\): no program can read it any more)",
            [](M m) -> std::optional<std::string> {
                return std::string("RST：") + (m.str(1) == "data" ? "数据" : "一个报文段") + "到达了一个已被 " +
                       m.str(2) + " 关闭（第 " + m.str(3) + " 行的 close()）的套接字：再也没有程序能读取它";
            });
        add(R"(RST: (data|a segment) arrived for a socket that the kernel closed when (.+?) (called exit\(\)|was killed by SIG[A-Z0-9]+): no program can read it any more)",
            [](M m) -> std::optional<std::string> {
                return std::string("RST：") + (m.str(1) == "data" ? "数据" : "一个报文段") + "到达了一个套接字，它在 " +
                       *owned(m.str(2)) + " " + *howZh(m.str(3)) + "时已被内核关闭：再也没有程序能读取它";
            });
        add(R"(LISTEN: listen\(\) at line (\d+) made it wait for connections)",
            [](M m) -> std::optional<std::string> {
                return "LISTEN：第 " + m.str(1) + " 行的 listen() 让它开始等待连接";
            });
        // A socket gone or orphaned (CauseAttributor::onState): what, then after a close() or because of a death.
        const std::string what =
            R"((CLOSE: gone from the kernel's tables|no descriptor refers to it any more; the kernel finishes the connection))";
        add(what + R"( after (\S*) close\(\) at line (\d+))", [](M m) -> std::optional<std::string> {
            return "在 " + m.str(2) + " 第 " + m.str(3) + " 行的 close() 之后，" + whatZh(m.str(1));
        });
        add(what + R"( because (\S*) (called exit\(\)|was killed by SIG[A-Z0-9]+))",
            [](M m) -> std::optional<std::string> {
                return "因为 " + m.str(2) + " " + *howZh(m.str(3)) + "，" + whatZh(m.str(1));
            });
        add(R"(SIGPIPE: the call wrote to a connection that can no longer send \(EPIPE\); (.+))",
            [](M m) -> std::optional<std::string> {
                auto effect = effectZh(m.str(1));
                if (!effect) return std::nullopt;
                return "SIGPIPE：这个调用向一个已经不能再发送的连接写入（EPIPE）；" + *effect;
            });
        add(R"((SIG[A-Z0-9]+): sent with kill\(\); (.+))", [](M m) -> std::optional<std::string> {
            auto effect = effectZh(m.str(2));
            if (!effect) return std::nullopt;
            return m.str(1) + "：由 kill() 发送；" + *effect;
        });
        add(R"(killed by (SIG[A-Z0-9]+): the kernel closes every descriptor the process had)",
            [](M m) -> std::optional<std::string> {
                return "被 " + m.str(1) + " 杀死：内核关闭这个进程打开的所有描述符";
            });
        add(R"(EPIPE: this socket was shut down for writing by (shutdown\([A-Z_, ]*\)) at line (\d+))",
            [](M m) -> std::optional<std::string> {
                return "EPIPE：这个套接字已被第 " + m.str(2) + " 行的 " + m.str(1) + " 关闭了写方向";
            });
        add(R"(previous segment not captured \((\d+) bytes missing\))", [](M m) -> std::optional<std::string> {
            return "前一个报文段没有抓到（缺少 " + m.str(1) + " 字节）";
        });
        return t;
    }();
    return all;
}

} // namespace

std::optional<std::string> whyZh(const std::string& english) {
    for (const auto& f : kFixed)
        if (english == f.en) return std::string(f.zh);
    for (const auto& t : templates())
        if (std::smatch m; std::regex_match(english, m, t.re)) return t.build(m);
    return std::nullopt;
}

} // namespace finscope::causesentences
