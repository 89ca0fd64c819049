// SPDX-License-Identifier: MIT
#include "core/names_zh.h"

#include <algorithm>
#include <iterator>
#include <vector>

namespace finscope::names {
namespace {

struct Text {
    const char* name;
    const char* text;
};

// The meanings follow glibc's zh_CN message catalogue where it has one, so
// they match what strerror() prints on a Chinese desktop.
constexpr Text kMeanings[] = {
    {"EPERM", "不允许的操作"},
    {"ENOENT", "没有那个文件或目录"},
    {"ESRCH", "没有那个进程"},
    {"EINTR", "被中断的系统调用"},
    {"EIO", "输入/输出错误"},
    {"ENXIO", "没有那个设备或地址"},
    {"E2BIG", "参数列表过长"},
    {"EBADF", "错误的文件描述符"},
    {"ECHILD", "没有子进程"},
    {"EAGAIN", "资源暂时不可用"},
    {"ENOMEM", "无法分配内存"},
    {"EACCES", "权限不够"},
    {"EFAULT", "错误的地址"},
    {"EBUSY", "设备或资源忙"},
    {"EEXIST", "文件已存在"},
    {"ENODEV", "没有那个设备"},
    {"ENOTDIR", "不是目录"},
    {"EISDIR", "是一个目录"},
    {"EINVAL", "无效的参数"},
    {"ENFILE", "系统中打开的文件过多"},
    {"EMFILE", "打开的文件过多"},
    {"ENOSPC", "设备上没有空间"},
    {"ESPIPE", "非法 seek 操作"},
    {"EPIPE", "断开的管道"},
    {"ERANGE", "数值结果超出范围"},
    {"ENOSYS", "函数未实现"},
    {"ENOTSOCK", "对非套接字进行套接字操作"},
    {"EDESTADDRREQ", "需要目标地址"},
    {"EMSGSIZE", "消息过长"},
    {"EPROTOTYPE", "套接字的协议类型错误"},
    {"ENOPROTOOPT", "不可用的协议"},
    {"EPROTONOSUPPORT", "不支持的协议"},
    {"EOPNOTSUPP", "不支持的操作"},
    {"EAFNOSUPPORT", "协议不支持该地址族"},
    {"EADDRINUSE", "地址已在使用"},
    {"EADDRNOTAVAIL", "无法指定被请求的地址"},
    {"ENETDOWN", "网络已关闭"},
    {"ENETUNREACH", "网络不可达"},
    {"ENETRESET", "网络在重置时断开了连接"},
    {"ECONNABORTED", "软件导致的连接中止"},
    {"ECONNRESET", "连接被对方重置"},
    {"ENOBUFS", "没有可用的缓冲区空间"},
    {"EISCONN", "传输端点已经连接"},
    {"ENOTCONN", "传输端点尚未连接"},
    {"ESHUTDOWN", "无法在传输端点关闭以后发送"},
    {"ETIMEDOUT", "连接超时"},
    {"ECONNREFUSED", "拒绝连接"},
    {"EHOSTDOWN", "主机关闭"},
    {"EHOSTUNREACH", "没有到主机的路由"},
    {"EALREADY", "操作已经在进行"},
    {"EINPROGRESS", "操作现在正在进行"},
};

// What each error means for a TCP connection that is ending, in a teacher's
// words. Only the errors FinScope's scenarios meet; the others have no hint.
constexpr Text kHints[] = {
    {"EPIPE", "向一个已经不能再写的连接写数据：对端已用 RST 复位了连接，或本端已 shutdown(SHUT_WR)。"
              "除非用了 MSG_NOSIGNAL 或忽略了 SIGPIPE，内核还会发出 SIGPIPE，默认动作是终止进程。"},
    {"ECONNRESET", "对端发来了 RST：它异常关闭了连接（例如 SO_LINGER 为 0，或带着未读数据 close()）。"
                   "这个错误只报告一次，之后读返回 0，写得到 EPIPE。"},
    {"EAGAIN", "非阻塞套接字上暂时无事可做：连接是好的，等 poll()/epoll 报告就绪后再试。"
               "不要和 recv() 返回 0（文件结束）混淆。"},
    {"ECONNREFUSED", "对方主机上没有程序在这个端口监听，它的内核用 RST 回应了 SYN。"},
    {"ETIMEDOUT", "对方一直没有回应：SYN 或数据重传多次后放弃，或保活探测失败。"},
    {"EADDRINUSE", "端口仍被占用：可能有程序在监听，或者有连接停在 TIME_WAIT；见 SO_REUSEADDR。"},
    {"ENOTCONN", "套接字没有连接：还没 connect()，或连接已经结束。"},
    {"EBADF", "描述符无效：它从未打开，或已经被 close() 关闭。"},
    {"EINTR", "调用还没完成就被信号打断了；通常重新调用即可。"},
    {"EINVAL", "参数不合法，例如对不支持的套接字类型设置选项。"},
    {"EMFILE", "进程打开的描述符达到上限：常见原因是忘记 close()，例如 CLOSE_WAIT 泄漏。"},
    {"ESHUTDOWN", "传输端点已经关闭发送方向，不能再发送数据。"},
    {"ENOPROTOOPT", "这个套接字不支持该选项。"},
};

std::string lookup(const Text* begin, const Text* end, std::string_view name) {
    for (const Text* t = begin; t != end; ++t)
        if (name == t->name) return t->text;
    return {};
}

} // namespace

std::string errnoMeaningZh(std::string_view errnoName) {
    if (errnoName == "EWOULDBLOCK") errnoName = "EAGAIN";
    if (errnoName == "ENOTSUP") errnoName = "EOPNOTSUPP";
    return lookup(std::begin(kMeanings), std::end(kMeanings), errnoName);
}

std::string errnoHintZh(std::string_view errnoName) {
    if (errnoName == "EWOULDBLOCK") errnoName = "EAGAIN";
    return lookup(std::begin(kHints), std::end(kHints), errnoName);
}

std::string manPageHintZh(std::string_view pages) {
    // "send(2)/tcp(7)": pages joined by '/'; the first tells the man command.
    std::vector<std::string> list;
    for (std::size_t start = 0; start <= pages.size();) {
        const std::size_t slash = std::min(pages.find('/', start), pages.size());
        if (slash > start) list.emplace_back(pages.substr(start, slash - start));
        start = slash + 1;
    }
    if (list.empty()) return {};
    std::string out = "参见手册页 ";
    for (std::size_t i = 0; i < list.size(); ++i) out += (i ? "、" : "") + list[i];
    const std::string& first = list.front();
    const auto open = first.find('(');
    if (open != std::string::npos && first.back() == ')')
        out += "（终端中输入 man " + first.substr(open + 1, first.size() - open - 2) + " " + first.substr(0, open) + "）";
    return out;
}

} // namespace finscope::names
