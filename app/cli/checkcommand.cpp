// SPDX-License-Identifier: MIT
// finscope check: validates scenario files, errors as file:line:col.
#include "commands.h"
#include "commandline.h"

#include "core/catalogue.h"

#include <iostream>

namespace finscope::cli {

int checkCommand(int argc, char** argv) {
    const Parsed p = parse(command("check"), {}, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (p.operands.empty()) {
        std::cerr << "finscope check: give one or more .fsc files\n";
        return kExitUsage;
    }
    int status = kExitOk;
    for (const auto& f : p.operands) {
        auto result = loadScenarioFile(f);
        for (const auto& e : result.errors) std::cerr << formatError(f, e) << '\n';
        if (!result.ok()) status = kExitUsage;
        else std::cout << f << ": ok, " << result.scenario->steps.size() << " steps\n";
    }
    return status;
}

} // namespace finscope::cli
