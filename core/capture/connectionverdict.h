// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/connection.h"

#include <string>

/// A connection's ending in the words a developer searches for, and a
/// one-sentence diagnosis pointing at the catalogue scenario that shows the
/// same thing on the real kernel.
namespace finscope {

struct ConnectionVerdict {
    std::string ending;     ///< "reset by server after a FIN from the client, 2.104 ms in"
    std::string diagnosis;  ///< "... -> see write-after-peer-close"
    std::string scenario;   ///< catalogue id, or "" when none reproduces it
    std::string code;       ///< stable machine name: "orderly_close", "reset_unread", ...
};

ConnectionVerdict verdictOf(const Connection& c);

/// "client" / "server" once the handshake was seen, else the address.
std::string sideName(const Connection& c, int side);

/// Unusual endings first, then by start time.
bool moreUnusual(const Connection& x, const Connection& y);

} // namespace finscope
