// SPDX-License-Identifier: MIT
#pragma once

namespace finscope {

/// Drops every capability but CAP_NET_BIND_SERVICE (a scenario may bind a
/// port below 1024) from the calling process, its bounding set and its
/// children, and sets no_new_privs. Endpoints run the scenario's calls and
/// need nothing else; in the namespace they would otherwise hold every
/// capability of it (defence in depth). Returns false if the kernel refused.
bool dropEndpointCapabilities();

} // namespace finscope
