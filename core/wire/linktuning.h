// SPDX-License-Identifier: MIT
#pragma once

#include <string>

/// Settings that make a veth behave like a plain wire for the relay. They
/// act on the calling thread's network namespace (enter it first).
namespace finscope::linktuning {

/// Turns off checksum offload, TSO and GSO on a link, so every frame the
/// host sends is one real segment (not a 64 KiB super-packet) with a
/// complete checksum: the relay reads it, may keep it, and re-sends it on
/// another link, and the receiving host verifies that checksum. "" on
/// success, else why not.
std::string disableOffloads(const std::string& ifname);

/// net.ipv6.conf.{all,default}.disable_ipv6 = 1: no link-local address,
/// so no duplicate-address probes, router or MLD solicitations appear on
/// the wire between the scenario's own segments. A kernel without IPv6 is
/// fine ("" returned).
std::string disableIpv6();

/// net.ipv4.conf.{all,IFNAME}.route_localnet = 1: without it the kernel
/// refuses to route 127.0.0.0/8 over a link that is not loopback (connect()
/// fails with EINVAL; such frames arriving are dropped as martians). The
/// wire's hosts are 127.1.0.N on their veth, so it is required: a missing
/// file is an error. Writable as root of the namespace's own user namespace.
std::string routeLocalnet(const std::string& ifname);

} // namespace finscope::linktuning
