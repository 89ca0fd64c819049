// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace finscope {

/// Who owns which socket, by the names the scenario gave them. sock_diag
/// reports sockets by inode and addresses; packets by addresses only; and a
/// socket whose descriptor is closed (FIN_WAIT2, TIME_WAIT) has no inode any
/// more, so its addresses are what keep its name.
class SocketDirectory {
public:
    struct Owner {
        std::string endpoint;
        std::string socket;
    };

    void learn(const std::string& endpoint, const agent::Definition& d);

    /// A socket seen only on the wire: a connect() that failed releases its
    /// port before getsockname() can tell it, but its SYN carried it.
    void learnFromWire(const std::string& endpoint, const std::string& socket, const std::string& local,
                       const std::string& remote);

    /// The owner of a sampled or derived socket.
    std::optional<Owner> find(std::uint64_t inode, const std::string& local, const std::string& remote) const;

    /// The endpoint that sends from this address ("127.0.0.1:43512").
    std::optional<std::string> endpointAt(const std::string& address) const;

private:
    std::map<std::uint64_t, Owner> m_byInode;
    std::map<std::string, Owner> m_byPair;       ///< "local|remote"
    std::map<std::string, Owner> m_listeners;    ///< local address of a listening socket
    std::map<std::string, std::string> m_byAddress;
};

} // namespace finscope
