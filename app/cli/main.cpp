// SPDX-License-Identifier: MIT
// finscope: the command-line program. It lists, checks and runs scenarios,
// and is the runner the desktop program starts (`finscope run --json`).
// Each command lives in its own file (NAMEcommand.cpp); adding one is one
// line in the table below.

#include "commands.h"

#include <cstring>
#include <iostream>

namespace finscope::cli {

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"list", "", "List the built-in scenarios, grouped.", listCommand},
        {"run", "SCENARIO", "Run a built-in scenario (by id) or a .fsc file and print its trace.", runCommand},
        {"check", "FILE...", "Validate scenario files (errors as file:line:col).", checkCommand},
        {"show", "SCENARIO", "Print a scenario's text and explanation.", showCommand},
        {"import", "CAPTURE", "A pcap/pcapng capture's TCP connections and how each ended.", importCommand,
         "CAPTURE: a pcap or pcapng file (Ethernet, Linux cooked SLL/SLL2, raw IP, loopback; IPv4 and IPv6).\n"
         "Exit status: 0 read whole, 1 damaged (partial results up to the damage), 2 unreadable.\n"},
        {"diff", "A B", "Compare two runs (scenarios or saved traces) step by step.", diffCommand,
         "A and B: built-in scenario ids or .fsc files (each is run now, in its own sandbox),\n"
         "or traces saved with `finscope run --json > FILE.jsonl`.\n"
         "Prints what differs step by step: packets, return values and errno, signals,\n"
         "exits, TCP states. Times, pids, call ids, ephemeral ports, absolute sequence\n"
         "numbers, windows and timers are left out. Exit status: 0 the runs do the same,\n"
         "1 they differ, 2 error.\n"},
    };
    return table;
}

const Command& command(std::string_view name) {
    for (const auto& c : commands())
        if (name == c.name) return c;
    return commands().front();
}

} // namespace finscope::cli

namespace {

void printUsage(std::ostream& out) {
    out << "Usage: finscope COMMAND [OPTION]... [--] OPERAND...\n\nCommands:\n";
    for (const auto& c : finscope::cli::commands()) {
        std::string left = std::string("  finscope ") + c.name + " " + c.operands;
        left.resize(std::max<std::size_t>(left.size() + 2, 32), ' ');
        out << left << c.summary << '\n';
    }
    out << "\n`finscope COMMAND --help` describes a command's options; -V, --version shows the version.\n"
           "Exit status: 0 ok, 1 an expectation failed (diff: the runs differ), 2 the scenario has errors,\n"
           "the run could not be done or was stopped (SIGINT, SIGTERM).\n";
}

} // namespace

int main(int argc, char** argv) {
    using namespace finscope::cli;
    if (argc < 2) {
        printUsage(std::cerr);
        return kExitUsage;
    }
    const std::string first = argv[1];
    if (first == "--help" || first == "-h" || first == "help") {
        printUsage(std::cout);
        return kExitOk;
    }
    if (first == "--version" || first == "-V") {
        printVersion();
        return kExitOk;
    }
    for (const auto& c : commands())
        if (first == c.name) return c.run(argc - 1, argv + 1);
    std::cerr << "finscope: unknown command '" << first << "'\n";
    printUsage(std::cerr);
    return kExitUsage;
}
