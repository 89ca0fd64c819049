// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <optional>
#include <string>

namespace finscope::cli {

/// Resolves SCENARIO (a built-in id or a .fsc path) and parses it; prints
/// what is wrong on stderr and returns nothing then.
std::optional<Scenario> loadScenario(const std::string& what);

} // namespace finscope::cli
