// SPDX-License-Identifier: MIT
// finscope show: a scenario's text and explanation.
#include "commands.h"
#include "commandline.h"
#include "loadscenario.h"

#include <iostream>

namespace finscope::cli {

int showCommand(int argc, char** argv) {
    const Parsed p = parse(command("show"), {}, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (p.operands.size() != 1) {
        std::cerr << "finscope show: give one scenario (an id or a .fsc file)\n";
        return kExitUsage;
    }
    auto scenario = loadScenario(p.operands[0]);
    if (!scenario) return kExitUsage;
    if (const auto t = catalogueTranslation(*scenario))
        std::cout << "# " << t->title << "\n# " << t->summary << "\n\n" << t->about << "\n\n";
    std::cout << scenario->source;
    return kExitOk;
}

} // namespace finscope::cli
