// SPDX-License-Identifier: MIT
// finscope: the command-line program. It lists, checks and runs scenarios,
// and is the runner the desktop program starts (`finscope run --json`).

#include "app/cli/importcommand.h"
#include "core/catalogue.h"
#include "core/pcapngexport.h"
#include "core/sandbox.h"
#include "core/scenarioparser.h"
#include "core/scenariorunner.h"
#include "core/textrenderer.h"
#include "core/tracejson.h"

#include <nlohmann/json.hpp>
#include <pcap/pcap.h>

#include <csignal>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace finscope;

constexpr int kExitExpectationFailed = 1;
constexpr int kExitUsage = 2;

void printUsage(std::ostream& out) {
    out << "Usage:\n"
           "  finscope list [--json]                 the built-in scenarios, grouped\n"
           "  finscope run [--json] [--step] [--pcapng FILE] SCENARIO\n"
           "                                          run a built-in scenario (by id) or a .fsc file;\n"
           "                                          --pcapng also writes its packets for Wireshark\n"
           "  finscope import [--json] [--conn N] CAPTURE\n"
           "                                          a pcap/pcapng capture's TCP connections and how they\n"
           "                                          ended; --conn N: one connection's ladder\n"
           "  finscope check FILE...                  validate scenario files (errors as file:line:col)\n"
           "  finscope show SCENARIO                  print a scenario's text and explanation\n"
           "  finscope --version | --help\n"
           "\n"
           "run prints a timeline of system calls, TCP states and packets; --json prints the\n"
           "trace as JSON lines (docs/trace-format.md). --step waits for `next`, `run` or `stop`\n"
           "on standard input before each step. Exit status: 0 ok, 1 an expectation failed,\n"
           "2 the scenario has errors or the run could not be done.\n";
}

/// Resolves SCENARIO (an id or a path) and parses it; prints errors.
std::optional<Scenario> load(const std::string& what) {
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

int list(bool json) {
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
    return 0;
}

int check(const std::vector<std::string>& files) {
    if (files.empty()) {
        std::cerr << "finscope check: give one or more .fsc files\n";
        return kExitUsage;
    }
    int status = 0;
    for (const auto& f : files) {
        auto result = loadScenarioFile(f);
        for (const auto& e : result.errors) std::cerr << formatError(f, e) << '\n';
        if (!result.ok()) status = kExitUsage;
        else std::cout << f << ": ok, " << result.scenario->steps.size() << " steps\n";
    }
    return status;
}

int show(const std::string& what) {
    auto scenario = load(what);
    if (!scenario) return kExitUsage;
    std::cout << scenario->source;
    return 0;
}

int run(const std::string& what, bool json, bool step, const std::string& pcapng) {
    auto scenario = load(what);
    if (!scenario) return kExitUsage;
    // Before anything else: unshare() wants a single-threaded process.
    SandboxResult sandbox = enterSandbox();
    // A closed stdout (the GUI went away) must end the run, not kill it silently.
    std::signal(SIGPIPE, SIG_IGN);

    TextRenderer text(std::cout, ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    RunOptions options;
    options.stepMode = step;
    options.nextCommand = [] {
        std::string command;
        if (!std::getline(std::cin, command)) return std::string("stop");
        while (!command.empty() && (command.back() == '\r' || command.back() == ' ')) command.pop_back();
        return command;
    };
    PcapngExport pcap(pcapng, sandbox.loopback);
    ScenarioRunner runner(*scenario, sandbox, options, [&](const TraceEvent& e) {
        if (!pcapng.empty()) pcap.add(e);
        if (json) std::cout << toJsonLine(e) << '\n';
        else text.add(e);
        std::cout.flush();
    });
    SummaryEvent summary = runner.run();
    if (!pcapng.empty() && !pcap.finish()) {
        std::cerr << "finscope: no packet file written: " << pcap.error() << "\n";
        return kExitUsage;
    }
    if (!summary.error.empty()) return kExitUsage;
    return summary.ok ? 0 : kExitExpectationFailed;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printUsage(args.empty() ? std::cerr : std::cout);
        return args.empty() ? kExitUsage : 0;
    }
    if (args[0] == "--version") {
        std::cout << "finscope " << FINSCOPE_VERSION << " (" << pcap_lib_version() << ")\n";
        return 0;
    }
    std::string command = args[0];
    if (command == "import") return importCommand({args.begin() + 1, args.end()});
    bool json = false, step = false;
    std::string pcapng;
    std::vector<std::string> rest;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json") json = true;
        else if (args[i] == "--step") step = true;
        else if (args[i] == "--pcapng" && i + 1 < args.size()) pcapng = args[++i];
        else if (args[i].rfind("--", 0) == 0) {
            std::cerr << "finscope: unknown option " << args[i] << "\n";
            printUsage(std::cerr);
            return kExitUsage;
        } else rest.push_back(args[i]);
    }
    if (command == "list") return list(json);
    if (command == "check") return check(rest);
    if ((command == "run" || command == "show") && rest.size() == 1)
        return command == "run" ? run(rest[0], json, step, pcapng) : show(rest[0]);
    std::cerr << "finscope: unknown command or wrong arguments: " << command << "\n";
    printUsage(std::cerr);
    return kExitUsage;
}
