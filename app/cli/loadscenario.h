// SPDX-License-Identifier: MIT
#pragma once

#include "core/catalogue.h"
#include "core/scenario.h"

#include <optional>
#include <string>

namespace finscope::cli {

/// Resolves SCENARIO (a built-in id or a .fsc path) and parses it; prints
/// what is wrong on stderr and returns nothing then.
std::optional<Scenario> loadScenario(const std::string& what);

/// The user's language's texts of a catalogue scenario (not of a user's own
/// file that happens to share an id); nullopt in English.
std::optional<ScenarioText> catalogueTranslation(const Scenario& scenario);

} // namespace finscope::cli
