// SPDX-License-Identifier: MIT
// finscope run: runs a scenario and prints its trace (text or JSON lines).
#include "commands.h"
#include "commandline.h"
#include "commandreader.h"
#include "loadscenario.h"

#include "core/pcapngexport.h"
#include "core/sandbox.h"
#include "core/run/scenariorunner.h"
#include "core/textrenderer.h"
#include "core/tracejson.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <unistd.h>

namespace finscope::cli {
namespace {

volatile std::sig_atomic_t g_stopRequested = 0;

/// SIGINT and SIGTERM ask the runner to stop; without SA_RESTART they also
/// cut short the poll() it is waiting in.
void installStopHandlers() {
    struct sigaction stop {};
    stop.sa_handler = [](int) { g_stopRequested = 1; };
    sigemptyset(&stop.sa_mask);
    ::sigaction(SIGINT, &stop, nullptr);
    ::sigaction(SIGTERM, &stop, nullptr);
}

} // namespace

int runCommand(int argc, char** argv) {
    bool json = false;
    bool step = false;
    std::string pcapng;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "print the trace as JSON lines (docs/trace-format.md)", [&](const char*) { json = true; }},
        {"step", 0, nullptr, "before each step wait for `next`, `run` or `stop` on standard input",
         [&](const char*) { step = true; }},
        {"pcapng", 0, "FILE", "also write the run's packets as pcapng for Wireshark, each with why it was sent",
         [&](const char* v) { pcapng = v; }},
    };
    const Parsed p = parse(command("run"), options, argc, argv);
    if (p.exitNow) return *p.exitNow;
    if (p.operands.size() != 1) {
        std::cerr << "finscope run: give one scenario (an id or a .fsc file)\nTry 'finscope run --help'.\n";
        return kExitUsage;
    }
    auto scenario = loadScenario(p.operands[0]);
    if (!scenario) return kExitUsage;
    const auto translated = json ? std::nullopt : catalogueTranslation(*scenario);
    if (translated && !translated->title.empty()) scenario->title = translated->title;
    // Before anything else: unshare() wants a single-threaded process.
    SandboxResult sandbox = enterSandbox();
    if (!sandbox.error.empty()) {
        std::cerr << "finscope: the run could not be done: " << sandbox.error << '\n';
        return kExitUsage;
    }
    // A closed stdout (the GUI went away) must end the run, not kill it silently.
    std::signal(SIGPIPE, SIG_IGN);
    installStopHandlers();

    TextRenderer text(std::cout, ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    RunOptions runOptions;
    runOptions.stepMode = step;
    runOptions.stopRequested = [] { return g_stopRequested != 0; };
    runOptions.nextCommand = [reader = std::make_shared<CommandReader>()](int timeoutMs) {
        return reader->next(timeoutMs);
    };
    PcapngExport pcap(pcapng, sandbox.loopback);
    ScenarioRunner runner(*scenario, sandbox, runOptions, [&](const TraceEvent& e) {
        if (!pcapng.empty()) pcap.add(e);
        if (json) std::cout << toJsonLine(e) << '\n';
        else text.add(e);
        std::cout.flush();
    });
    SummaryEvent summary = runner.run();
    if (translated && !translated->about.empty()) std::cout << "\n说明：\n" << translated->about << '\n';
    if (!pcapng.empty() && !pcap.finish()) {
        std::cerr << "finscope: no packet file written: " << pcap.error() << "\n";
        return kExitUsage;
    }
    if (summary.stopped) {
        std::cerr << "finscope: stopped by the user\n";
        return kExitUsage;
    }
    if (!summary.error.empty()) {
        // Also on stderr: with --json the reason would otherwise only be inside the trace.
        std::cerr << "finscope: the run could not be completed: " << summary.error << '\n';
        return kExitUsage;
    }
    return summary.ok ? kExitOk : kExitExpectationFailed;
}

} // namespace finscope::cli
