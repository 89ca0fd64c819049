// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

/// The command line's plumbing, shared by every command: exit codes, the
/// option tables parsed with getopt_long, and the generated --help.
namespace finscope::cli {

constexpr int kExitOk = 0;
constexpr int kExitExpectationFailed = 1;
constexpr int kExitUsage = 2;

/// One option of a command. Adding an option is one entry:
///   {"pcapng", 0, "FILE", "also write the capture to FILE", [&](const char* v) { pcapng = v; }}
struct Option {
    const char* name;        ///< long name, without "--"
    char shortName;          ///< 0 when there is none
    const char* argument;    ///< nullptr for a flag, else the argument's name in --help ("FILE")
    const char* help;
    std::function<void(const char* value)> apply;
};

/// A command: `finscope NAME ...`. Adding one is one line in main.cpp's
/// table and a file NAMEcommand.cpp defining its function.
struct Command {
    const char* name;
    const char* operands;    ///< for the usage line: "SCENARIO", "FILE...", ""
    const char* summary;     ///< one line for `finscope --help`
    int (*run)(int argc, char** argv);  ///< argv[0] is the command's name
    const char* details = nullptr;      ///< more for `--help`, after the options (operands, exit status)
};

/// Parses `argv` (argv[0] = command) with getopt_long against `options`
/// plus --help/-h and --version/-V; `--` ends the options. Returns the
/// operands, or an exit status when the command is done (help, version,
/// a usage error, which it reports).
struct Parsed {
    std::vector<std::string> operands;
    std::optional<int> exitNow;
};
Parsed parse(const Command& command, const std::vector<Option>& options, int argc, char** argv);

/// `finscope 0.1.0 (libpcap version 1.10.3)`.
void printVersion();
/// The usage of one command, from its table.
void printHelp(const Command& command, const std::vector<Option>& options);

} // namespace finscope::cli
