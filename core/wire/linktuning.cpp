// SPDX-License-Identifier: MIT
#include "core/wire/linktuning.h"

#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace finscope::linktuning {

namespace {

std::string errnoText(const std::string& what, int err) { return what + ": " + std::strerror(err); }

/// One legacy ethtool "set" request (what `ethtool -K` sends).
int setEthtool(int fd, const std::string& ifname, std::uint32_t cmd, std::uint32_t value)
{
    ethtool_value request{};
    request.cmd = cmd;
    request.data = value;
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
    ifr.ifr_data = reinterpret_cast<char*>(&request);
    return ::ioctl(fd, SIOCETHTOOL, &ifr) == 0 ? 0 : errno;
}

/// Writes a sysctl of the calling thread's network namespace (/proc/sys/net
/// is resolved per thread at open time). A missing file is "" when
/// `missingIsFine` (a kernel without that feature), else an error.
std::string writeSysctl(const std::string& path, const char* value, bool missingIsFine = true)
{
    int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT && missingIsFine ? std::string() : errnoText("cannot open " + path, errno);
    const auto len = static_cast<ssize_t>(std::strlen(value));
    const bool ok = ::write(fd, value, static_cast<std::size_t>(len)) == len;
    const int err = errno;
    ::close(fd);
    return ok ? std::string() : errnoText("cannot write " + path, err);
}

} // namespace

std::string disableOffloads(const std::string& ifname)
{
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errnoText("socket for ethtool", errno);
    // Checksum offload is the one that matters (TSO depends on it and goes
    // with it); GSO/TSO are switched off too where the driver lets us.
    std::string error;
    if (int err = setEthtool(fd, ifname, ETHTOOL_STXCSUM, 0); err != 0)
        error = errnoText("cannot turn off checksum offload on " + ifname, err);
    setEthtool(fd, ifname, ETHTOOL_STSO, 0);
    setEthtool(fd, ifname, ETHTOOL_SGSO, 0);
    ::close(fd);
    return error;
}

std::string disableIpv6()
{
    if (std::string e = writeSysctl("/proc/sys/net/ipv6/conf/default/disable_ipv6", "1"); !e.empty())
        return e;
    return writeSysctl("/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
}

std::string routeLocalnet(const std::string& ifname)
{
    // The kernel acts on "all" OR the link's own value; setting both means
    // either file, read alone, tells the truth.
    for (const std::string& conf : {std::string("all"), ifname})
        if (std::string e = writeSysctl("/proc/sys/net/ipv4/conf/" + conf + "/route_localnet", "1", false); !e.empty())
            return e;
    return {};
}

} // namespace finscope::linktuning
