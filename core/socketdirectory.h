// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace finscope {

/// Who owns which socket, by the names the scenario gave them. sock_diag
/// reports sockets by inode and addresses; packets by addresses only; and a
/// socket whose descriptor is closed (FIN_WAIT2, TIME_WAIT) has no inode any
/// more, so its addresses are what keep its name.
///
/// After fork() several endpoints hold the same socket. Its owner is the
/// first endpoint that still holds a descriptor for it; when the last one
/// closes it, the last owner keeps it (an orphan has no holder).
class SocketDirectory {
public:
    struct Owner {
        std::string endpoint;
        std::string socket;
        friend bool operator==(const Owner&, const Owner&) = default;
    };

    void learn(const std::string& endpoint, const agent::Definition& d);

    /// A socket seen only on the wire: a connect() that failed releases its
    /// port before getsockname() can tell it, but its SYN carried it.
    void learnFromWire(const std::string& endpoint, const std::string& socket, const std::string& local,
                       const std::string& remote);

    /// `endpoint` closed its descriptor `socket` in a call entered at `tNs`.
    void release(const std::string& endpoint, const std::string& socket, std::int64_t tNs = 0);
    /// `endpoint` ended (its last call entered at `tNs`): the kernel closed all its descriptors.
    void releaseAll(const std::string& endpoint, std::int64_t tNs = 0);

    /// True when no descriptor referred to this socket any more at `tNs`:
    /// an orphan from the close that let go of the last one.
    bool isOrphanAt(std::uint64_t inode, const std::string& local, const std::string& remote, std::int64_t tNs) const;

    /// The owner of a sampled or derived socket.
    std::optional<Owner> find(std::uint64_t inode, const std::string& local, const std::string& remote) const;

    /// The endpoint that sends from this address ("127.0.0.1:43512").
    std::optional<std::string> endpointAt(const std::string& address) const;

private:
    struct Socket {
        std::vector<Owner> holders;  ///< in the order they came to hold it
        Owner last;                  ///< who owned it when the last holder let go
        std::optional<std::int64_t> orphanSinceNs;  ///< when the last holder let go
        Owner owner() const { return holders.empty() ? last : holders.front(); }
    };
    Socket& socketFor(const agent::Definition& d);
    void drop(const std::string& endpoint, const std::string* socket, std::int64_t tNs);
    const Socket* socketAt(std::uint64_t inode, const std::string& local, const std::string& remote) const;

    std::vector<Socket> m_sockets;
    std::map<std::uint64_t, std::size_t> m_byInode;
    std::map<std::string, std::size_t> m_byPair;       ///< "local|remote"
    std::map<std::string, std::size_t> m_listeners;    ///< local address of a listening socket
    std::map<std::string, std::string> m_byAddress;
};

} // namespace finscope
