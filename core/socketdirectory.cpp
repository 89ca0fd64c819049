// SPDX-License-Identifier: MIT
#include "core/socketdirectory.h"

namespace finscope {
namespace {

bool isWildcard(const std::string& address) {
    return address.empty() || address.rfind("0.0.0.0:", 0) == 0 || address.rfind("[::]:", 0) == 0 ||
           address.ends_with(":0");
}

} // namespace

void SocketDirectory::learn(const std::string& endpoint, const agent::Definition& d) {
    Owner owner{endpoint, d.name};
    // The first owner keeps a socket shared by fork(): it is the same socket.
    if (d.inode != 0) m_byInode.try_emplace(d.inode, owner);
    if (!d.local.empty() && !isWildcard(d.remote)) m_byPair[d.local + "|" + d.remote] = owner;
    if (d.listening && !d.local.empty()) m_listeners[d.local] = owner;
    if (!d.local.empty() && !d.local.ends_with(":0")) m_byAddress.try_emplace(d.local, endpoint);
}

void SocketDirectory::learnFromWire(const std::string& endpoint, const std::string& socket, const std::string& local,
                                    const std::string& remote) {
    m_byPair.try_emplace(local + "|" + remote, Owner{endpoint, socket});
    m_byAddress.try_emplace(local, endpoint);
}

std::optional<SocketDirectory::Owner> SocketDirectory::find(std::uint64_t inode, const std::string& local,
                                                            const std::string& remote) const {
    if (inode != 0)
        if (auto it = m_byInode.find(inode); it != m_byInode.end()) return it->second;
    if (auto it = m_byPair.find(local + "|" + remote); it != m_byPair.end()) return it->second;
    if (isWildcard(remote))
        if (auto it = m_listeners.find(local); it != m_listeners.end()) return it->second;
    // A connection the kernel completed but nobody accepted yet sits in the
    // listener's queue: it belongs to the listener's endpoint.
    if (auto it = m_listeners.find(local); it != m_listeners.end())
        return Owner{it->second.endpoint, "(accept queue of " + it->second.socket + ")"};
    return std::nullopt;
}

std::optional<std::string> SocketDirectory::endpointAt(const std::string& address) const {
    if (auto it = m_byAddress.find(address); it != m_byAddress.end()) return it->second;
    return std::nullopt;
}

} // namespace finscope
