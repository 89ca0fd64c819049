// SPDX-License-Identifier: MIT
// finscope list: the built-in scenarios, grouped.
#include "commands.h"
#include "commandline.h"

#include "core/catalogue.h"
#include "core/language.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iostream>

namespace finscope::cli {

int listCommand(int argc, char** argv) {
    bool json = false;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "one JSON object a line: id, title, group, summary, path, compare_with", [&](const char*) { json = true; }},
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
    const std::string language = messageLanguage();
    for (const auto& original : catalogue.entries()) {
        if (json) {
            std::cout << nlohmann::json{{"id", original.id}, {"title", original.title}, {"group", original.group},
                                        {"summary", original.summary}, {"path", original.path},
                                        {"compare_with", original.compareWith}}
                             .dump()
                      << '\n';
            continue;
        }
        const CatalogueEntry e = catalogue.localized(original, language);
        if (e.group != group) std::cout << (group.empty() ? "" : "\n") << e.group << '\n';
        group = e.group;
        std::string id = e.id;
        id.resize(std::max<std::size_t>(id.size(), 28), ' ');
        std::cout << "  " << id << "  " << e.summary << '\n';
        std::string others;
        for (const auto& other : e.compareWith) others += (others.empty() ? "" : ", ") + other;
        if (!others.empty())
            std::cout << "  " << std::string(28, ' ') << "  " << (language.empty() ? "compare with: " : "对比：") << others << '\n';
    }
    return kExitOk;
}

} // namespace finscope::cli
