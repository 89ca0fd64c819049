// SPDX-License-Identifier: MIT
// finscope run: runs a scenario and prints its trace (text or JSON lines).
#include "commands.h"
#include "commandline.h"
#include "loadscenario.h"

#include "core/sandbox.h"
#include "core/scenariorunner.h"
#include "core/textrenderer.h"
#include "core/tracejson.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace finscope::cli {

int runCommand(int argc, char** argv) {
    bool json = false;
    bool step = false;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "print the trace as JSON lines (docs/trace-format.md)", [&](const char*) { json = true; }},
        {"step", 0, nullptr, "before each step wait for `next`, `run` or `stop` on standard input",
         [&](const char*) { step = true; }},
    };
    const Parsed p = parse(command("run"), options, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (p.operands.size() != 1) {
        std::cerr << "finscope run: give one scenario (an id or a .fsc file)\nTry 'finscope run --help'.\n";
        return kExitUsage;
    }
    auto scenario = loadScenario(p.operands[0]);
    if (!scenario) return kExitUsage;
    // Before anything else: unshare() wants a single-threaded process.
    SandboxResult sandbox = enterSandbox();
    // A closed stdout (the GUI went away) must end the run, not kill it silently.
    std::signal(SIGPIPE, SIG_IGN);

    TextRenderer text(std::cout, ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    RunOptions runOptions;
    runOptions.stepMode = step;
    runOptions.nextCommand = [] {
        std::string command;
        if (!std::getline(std::cin, command)) return std::string("stop");
        while (!command.empty() && (command.back() == '\r' || command.back() == ' ')) command.pop_back();
        return command;
    };
    ScenarioRunner runner(*scenario, sandbox, runOptions, [&](const TraceEvent& e) {
        if (json) std::cout << toJsonLine(e) << '\n';
        else text.add(e);
        std::cout.flush();
    });
    SummaryEvent summary = runner.run();
    if (!summary.error.empty()) return kExitUsage;
    return summary.ok ? kExitOk : kExitExpectationFailed;
}

} // namespace finscope::cli
