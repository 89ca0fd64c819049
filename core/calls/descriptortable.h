// SPDX-License-Identifier: MIT
#pragma once

#include "core/agentprotocol.h"

#include <map>
#include <string>
#include <vector>

namespace finscope {

/// The descriptors of one endpoint process by the names the scenario gives
/// them (`sockfd`, `connfd`), and what the kernel says about each.
class DescriptorTable {
public:
    /// Names `fd` (again, when its addresses or its listening changed) and
    /// adds what the kernel says about it now to `record`.
    void define(agent::CallRecord& record, const std::string& name, int fd, bool listening = false);
    void forget(const std::string& name);
    /// -1 for a name nothing defined.
    int fdOf(const std::string& name) const;

    /// Every open descriptor, with what the kernel says about it now.
    std::vector<agent::Definition> snapshot() const;

private:
    static agent::Definition describe(const std::string& name, int fd, bool listening);

    std::map<std::string, int> m_fds;  ///< scenario name → descriptor
    std::map<std::string, bool> m_listening;
};

} // namespace finscope
