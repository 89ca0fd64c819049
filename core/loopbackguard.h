// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <string>

namespace finscope {

/// Scenarios reach 127.0.0.0/8 and ::1 only, in every mode: in the host
/// fallback a connect() to another address would really leave the machine,
/// and a bind() to 0.0.0.0 would listen on every interface.
/// Returns why `step`'s address is refused, or "" when it is allowed (or
/// names none: the default address is loopback).
std::string refusedAddress(const Step& step);
/// The same for an address as written: "127.0.0.1:5000", "[::1]:5000".
std::string refusedAddress(const std::string& address);

} // namespace finscope
