// SPDX-License-Identifier: MIT
#include "loadscenario.h"

#include "core/catalogue.h"
#include "core/language.h"

#include <iostream>

namespace finscope::cli {

std::optional<Scenario> loadScenario(const std::string& what) {
    auto catalogue = Catalogue::load();
    auto entry = catalogue.find(what);
    if (!entry) {
        std::cerr << "finscope: no scenario '" << what << "': not a built-in id";
        if (!catalogue.dir().empty()) std::cerr << " (see `finscope list`)";
        std::cerr << " and not a readable .fsc file\n";
        return std::nullopt;
    }
    auto result = loadScenarioFile(entry->path);
    for (const auto& e : result.errors) std::cerr << formatError(entry->path, e) << '\n';
    if (!result.ok() || !result.scenario) return std::nullopt;
    return result.scenario;
}

std::optional<ScenarioText> catalogueTranslation(const Scenario& scenario) {
    const auto catalogue = Catalogue::load();
    const auto entry = catalogue.find(scenario.id);
    if (!entry || entry->path != scenario.path) return std::nullopt;
    return catalogue.translation(scenario.id, messageLanguage());
}

} // namespace finscope::cli
