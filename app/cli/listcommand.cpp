// SPDX-License-Identifier: MIT
// finscope list: the built-in scenarios, grouped.
#include "commands.h"
#include "commandline.h"

#include "core/catalogue.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace finscope::cli {

int listCommand(int argc, char** argv) {
    bool json = false;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "one JSON object a line: id, title, group, summary, path", [&](const char*) { json = true; }},
    };
    const Parsed p = parse(command("list"), options, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (!p.operands.empty()) {
        std::cerr << "finscope list: takes no operands (got '" << p.operands[0] << "')\n";
        return kExitUsage;
    }
    auto catalogue = Catalogue::load();
    if (catalogue.entries().empty()) {
        std::cerr << "finscope: no built-in scenarios found; looked in:";
        for (const auto& d : Catalogue::searchDirs()) std::cerr << ' ' << d;
        std::cerr << "\n(set FINSCOPE_SCENARIO_DIR to a folder of .fsc files)\n";
        return kExitUsage;
    }
    std::string group;
    for (const auto& e : catalogue.entries()) {
        if (json) {
            std::cout << nlohmann::json{{"id", e.id}, {"title", e.title}, {"group", e.group},
                                        {"summary", e.summary}, {"path", e.path}}
                             .dump()
                      << '\n';
            continue;
        }
        if (e.group != group) std::cout << (group.empty() ? "" : "\n") << e.group << '\n';
        group = e.group;
        std::string id = e.id;
        id.resize(std::max<std::size_t>(id.size(), 28), ' ');
        std::cout << "  " << id << "  " << e.summary << '\n';
    }
    return kExitOk;
}

} // namespace finscope::cli
