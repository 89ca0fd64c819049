// SPDX-License-Identifier: MIT
#include "core/socketdirectory.h"

#include <algorithm>

namespace finscope {
namespace {

bool isWildcard(const std::string& address) {
    return address.empty() || address.rfind("0.0.0.0:", 0) == 0 || address.rfind("[::]:", 0) == 0 ||
           address.ends_with(":0");
}

} // namespace

SocketDirectory::Socket& SocketDirectory::socketFor(const agent::Definition& d) {
    const std::string pair = d.local + "|" + d.remote;
    std::optional<std::size_t> index;
    if (auto it = m_byInode.find(d.inode); d.inode != 0 && it != m_byInode.end()) index = it->second;
    else if (auto p = m_byPair.find(pair); !isWildcard(d.remote) && p != m_byPair.end()) index = p->second;
    if (!index) {
        index = m_sockets.size();
        m_sockets.emplace_back();
    }
    if (d.inode != 0) m_byInode[d.inode] = *index;
    if (!d.local.empty() && !isWildcard(d.remote)) m_byPair[pair] = *index;
    if (d.listening && !d.local.empty()) m_listeners[d.local] = *index;
    return m_sockets[*index];
}

void SocketDirectory::learn(const std::string& endpoint, const agent::Definition& d) {
    Socket& s = socketFor(d);
    Owner owner{endpoint, d.name};
    s.orphanSinceNs.reset();  // held again (or a new connection on the same addresses)
    if (std::find(s.holders.begin(), s.holders.end(), owner) == s.holders.end()) s.holders.push_back(owner);
    s.last = s.owner();
    if (!d.local.empty() && !d.local.ends_with(":0")) m_byAddress.try_emplace(d.local, endpoint);
}

void SocketDirectory::learnFromWire(const std::string& endpoint, const std::string& socket, const std::string& local,
                                    const std::string& remote) {
    agent::Definition d;
    d.name = socket;
    d.local = local;
    d.remote = remote;
    Socket& s = socketFor(d);
    if (s.holders.empty()) s.last = Owner{endpoint, socket};
    m_byAddress.try_emplace(local, endpoint);
}

void SocketDirectory::drop(const std::string& endpoint, const std::string* socket, std::int64_t tNs) {
    auto matches = [&](const Owner& o) { return o.endpoint == endpoint && (!socket || o.socket == *socket); };
    for (auto& s : m_sockets) {
        Owner before = s.owner();
        bool held = !s.holders.empty();
        std::erase_if(s.holders, matches);
        s.last = s.holders.empty() ? before : s.holders.front();
        // A socket known only from the wire (failed connect) has no holders
        // but is still named by its descriptor until that is closed.
        bool letGo = s.holders.empty() && (held || matches(s.last));
        if (letGo && !s.orphanSinceNs) s.orphanSinceNs = tNs;
    }
}

void SocketDirectory::release(const std::string& endpoint, const std::string& socket, std::int64_t tNs) {
    drop(endpoint, &socket, tNs);
}

void SocketDirectory::releaseAll(const std::string& endpoint, std::int64_t tNs) { drop(endpoint, nullptr, tNs); }

const SocketDirectory::Socket* SocketDirectory::socketAt(std::uint64_t inode, const std::string& local,
                                                         const std::string& remote) const {
    if (inode != 0)
        if (auto it = m_byInode.find(inode); it != m_byInode.end()) return &m_sockets[it->second];
    if (auto it = m_byPair.find(local + "|" + remote); it != m_byPair.end()) return &m_sockets[it->second];
    return nullptr;
}

bool SocketDirectory::isOrphanAt(std::uint64_t inode, const std::string& local, const std::string& remote,
                                 std::int64_t tNs) const {
    const Socket* s = socketAt(inode, local, remote);
    return s && s->orphanSinceNs && tNs >= *s->orphanSinceNs;
}

std::optional<SocketDirectory::Owner> SocketDirectory::find(std::uint64_t inode, const std::string& local,
                                                            const std::string& remote) const {
    if (const Socket* s = socketAt(inode, local, remote)) return s->owner();
    auto listener = m_listeners.find(local);
    if (listener == m_listeners.end()) return std::nullopt;
    Owner owner = m_sockets[listener->second].owner();
    if (isWildcard(remote)) return owner;
    // A connection the kernel completed but nobody accepted yet sits in the
    // listener's queue: it belongs to the listener's endpoint.
    return Owner{owner.endpoint, "(accept queue of " + owner.socket + ")"};
}

std::optional<std::string> SocketDirectory::endpointAt(const std::string& address) const {
    if (auto it = m_byAddress.find(address); it != m_byAddress.end()) return it->second;
    return std::nullopt;
}

} // namespace finscope
