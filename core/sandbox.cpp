// SPDX-License-Identifier: MIT
#include "core/sandbox.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace finscope {
namespace {

bool writeFile(const char* path, const std::string& text) {
    int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

std::string bringLoopbackUp() {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::string("socket: ") + std::strerror(errno);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
    std::string error;
    if (::ioctl(fd, SIOCGIFFLAGS, &ifr) != 0) error = std::string("SIOCGIFFLAGS: ") + std::strerror(errno);
    else {
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP | IFF_RUNNING);
        if (::ioctl(fd, SIOCSIFFLAGS, &ifr) != 0) error = std::string("SIOCSIFFLAGS: ") + std::strerror(errno);
    }
    ::close(fd);
    return error;
}

/// Buckets of the private namespace's TCP hash table: far more than a
/// scenario's few sockets need, far fewer than the host's table.
constexpr const char* kChildEhashEntries = "1024";

/// sock_diag dumps walk the whole TCP established hash table, which a new
/// namespace shares with the host (sized by its memory: 262,144 buckets
/// here, ~0.3 ms a dump). Linux 6.1+ gives a namespace created while
/// net.ipv4.tcp_child_ehash_entries is set a table of its own, and the
/// owner of a namespace may set it: so one more, nested network namespace,
/// owned by the same user namespace, with a small table. Where the kernel
/// has no such setting, the run simply stays in the first namespace.
void enterSmallHashNamespace() {
    if (!writeFile("/proc/sys/net/ipv4/tcp_child_ehash_entries", kChildEhashEntries)) return;
    ::unshare(CLONE_NEWNET);
}

std::string refusalAdvice(int err) {
    std::string why = std::strerror(err);
    if (err == EPERM || err == EACCES || err == ENOSPC || err == EINVAL) {
        return "this system refuses unprivileged user namespaces (" + why +
               "). To let FinScope capture on a private loopback, allow them, e.g. "
               "`sysctl kernel.unprivileged_userns_clone=1` (Debian), "
               "`sysctl kernel.apparmor_restrict_unprivileged_userns=0` (Ubuntu), "
               "or raise `user.max_user_namespaces`; or grant packet capture with "
               "`setcap cap_net_raw,cap_net_admin+ep $(command -v finscope)`.";
    }
    return "creating a user + network namespace failed (" + why + ").";
}

} // namespace

SandboxResult enterSandbox() {
    SandboxResult result;
    if (const char* off = std::getenv("FINSCOPE_NO_NAMESPACE"); off && *off && std::string(off) != "0") {
        // Lets users and tests take the fallback path on a machine that allows namespaces.
        result.mode = "host";
        result.note = "user namespaces were not used (FINSCOPE_NO_NAMESPACE is set). Running on the host's "
                      "loopback instead.";
        return result;
    }
    uid_t uid = ::getuid();
    gid_t gid = ::getgid();
    if (::unshare(CLONE_NEWUSER | CLONE_NEWNET) != 0) {
        int err = errno;
        // Root (or CAP_SYS_ADMIN) may still get a network namespace alone.
        if (::unshare(CLONE_NEWNET) == 0) {
            std::string e = bringLoopbackUp();
            result.mode = "namespace";
            // There is no way back to the host's network from here.
            if (!e.empty()) result.error = "the private network namespace has no usable loopback (" + e + ")";
            return result;
        }
        result.mode = "host";
        result.note = refusalAdvice(err) + " Running on the host's loopback instead.";
        return result;
    }
    // Keep our own uid inside: files and sockets stay ours, and the
    // capabilities we hold in the new namespace are enough for lo and pcap.
    writeFile("/proc/self/setgroups", "deny");
    writeFile("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1\n");
    writeFile("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1\n");
    enterSmallHashNamespace();
    if (std::string e = bringLoopbackUp(); !e.empty()) {
        // The process is in the new namespace already: a "host" fallback
        // would run in an empty network and fail every expectation.
        result.mode = "namespace";
        result.error = "the private network namespace has no usable loopback (" + e + ")";
        return result;
    }
    result.mode = "namespace";
    return result;
}

} // namespace finscope
