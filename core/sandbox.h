// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace finscope {

/// Where a run happens and whether its packets can be seen.
struct SandboxResult {
    std::string mode;        ///< "namespace": a private user+network namespace; "host": the host's loopback
    std::string note;        ///< why not "namespace", and what to do; "" when in a namespace
    std::string loopback = "lo";
    std::string error;       ///< non-empty: no run is possible (e.g. lo cannot be brought up in the namespace)
};

/// Moves this process into a fresh user + network namespace with `lo` up,
/// where an ordinary user may capture packets and nothing else talks.
/// Must be called while the process is still single-threaded (unshare
/// refuses CLONE_NEWUSER in a multi-threaded process). When namespaces are
/// refused, says why and leaves the process on the host.
SandboxResult enterSandbox();

} // namespace finscope
