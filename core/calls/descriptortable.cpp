// SPDX-License-Identifier: MIT
#include "core/calls/descriptortable.h"

#include "core/calls/socketaddress.h"

#include <cerrno>
#include <sys/stat.h>

namespace finscope {

/// What the kernel says about a descriptor now: its inode ties it to
/// sock_diag samples, its addresses to packets and to its orphaned self.
agent::Definition DescriptorTable::describe(const std::string& name, int fd, bool listening) {
    agent::Definition d;
    d.name = name;
    d.fd = fd;
    d.listening = listening;
    int saved = errno;  // bookkeeping must never disturb the program's errno
    struct stat st{};
    if (::fstat(fd, &st) == 0) d.inode = st.st_ino;
    errno = saved;
    d.local = localAddress(fd);
    d.remote = remoteAddress(fd);
    return d;
}

void DescriptorTable::define(agent::CallRecord& record, const std::string& name, int fd, bool listening) {
    m_fds[name] = fd;
    m_listening[name] = listening;
    record.defined.push_back(describe(name, fd, listening));
}

void DescriptorTable::forget(const std::string& name) {
    m_fds.erase(name);
    m_listening.erase(name);
}

int DescriptorTable::fdOf(const std::string& name) const {
    auto it = m_fds.find(name);
    return it == m_fds.end() ? -1 : it->second;
}

std::vector<agent::Definition> DescriptorTable::snapshot() const {
    std::vector<agent::Definition> out;
    for (const auto& [name, fd] : m_fds) {
        auto it = m_listening.find(name);
        out.push_back(describe(name, fd, it != m_listening.end() && it->second));
    }
    return out;
}

} // namespace finscope
