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

std::string writeSysctl(const char* path, const char* value)
{
    int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? std::string() : errnoText(std::string("cannot open ") + path, errno);
    const auto len = static_cast<ssize_t>(std::strlen(value));
    const bool ok = ::write(fd, value, static_cast<std::size_t>(len)) == len;
    const int err = errno;
    ::close(fd);
    return ok ? std::string() : errnoText(std::string("cannot write ") + path, err);
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

} // namespace finscope::linktuning
