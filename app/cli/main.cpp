// SPDX-License-Identifier: MIT
// finscope: the command-line program. It lists, checks and runs scenarios,
// and is the runner the desktop program starts (`finscope run --json`).

#include "diffcommand.h"

#include "core/catalogue.h"
#include "core/language.h"
#include "core/sandbox.h"
#include "core/scenarioparser.h"
#include "core/scenariorunner.h"
#include "core/textrenderer.h"
#include "core/tracejson.h"

#include <nlohmann/json.hpp>
#include <pcap/pcap.h>

#include <csignal>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <poll.h>
#include <utility>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace finscope;

constexpr int kExitExpectationFailed = 1;
constexpr int kExitUsage = 2;

volatile std::sig_atomic_t g_stopRequested = 0;

/// Step commands from standard input, one a line, read without blocking
/// longer than asked: the runner samples states between two looks.
class CommandReader {
public:
    std::optional<std::string> next(int timeoutMs) {
        if (auto line = takeLine()) return line;
        if (m_eof) return std::string("stop");  // the end of input ends the run
        pollfd in{STDIN_FILENO, POLLIN, 0};
        if (::poll(&in, 1, timeoutMs) <= 0) return std::nullopt;  // timeout, or a signal
        char chunk[256];
        ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
        if (n < 0) return errno == EINTR || errno == EAGAIN ? std::nullopt : std::optional<std::string>("stop");
        if (n == 0) m_eof = true;
        m_buffer.append(chunk, static_cast<std::size_t>(n));
        if (auto line = takeLine()) return line;
        if (m_eof && !m_buffer.empty()) return trimmed(std::exchange(m_buffer, {}));
        return m_eof ? std::optional<std::string>("stop") : std::nullopt;
    }

private:
    static std::string trimmed(std::string s) {
        while (!s.empty() && (s.back() == '\r' || s.back() == ' ')) s.pop_back();
        return s;
    }
    std::optional<std::string> takeLine() {
        auto newline = m_buffer.find('\n');
        if (newline == std::string::npos) return std::nullopt;
        std::string line = m_buffer.substr(0, newline);
        m_buffer.erase(0, newline + 1);
        return trimmed(line);
    }
    std::string m_buffer;
    bool m_eof = false;
};

void printUsage(std::ostream& out) {
    out << "Usage:\n"
           "  finscope list [--json]                 the built-in scenarios, grouped\n"
           "  finscope run [--json] [--step] SCENARIO  run a built-in scenario (by id) or a .fsc file\n"
           "  finscope check FILE...                  validate scenario files (errors as file:line:col)\n"
           "  finscope show SCENARIO                  print a scenario's text and explanation\n"
           "  finscope --version | --help\n"
           "\n"
           "run prints a timeline of system calls, TCP states and packets; --json prints the\n"
           "trace as JSON lines (docs/trace-format.md). --step waits for `next`, `run` or `stop`\n"
           "on standard input before each step. SIGINT or SIGTERM (Ctrl+C) stops a run: the\n"
           "endpoints are killed and the summary says stopped. Exit status: 0 ok, 1 an\n"
           "expectation failed, 2 the scenario has errors, the run could not be done or was stopped.\n";
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

/// The user's language's texts of a catalogue scenario (not of a user's own
/// file that happens to share an id); nullopt in English.
std::optional<ScenarioText> catalogueTranslation(const Scenario& scenario) {
    const auto catalogue = Catalogue::load();
    const auto entry = catalogue.find(scenario.id);
    if (!entry || entry->path != scenario.path) return std::nullopt;
    return catalogue.translation(scenario.id, messageLanguage());
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
    if (const auto t = catalogueTranslation(*scenario))
        std::cout << "# " << t->title << "\n# " << t->summary << "\n\n" << t->about << "\n\n";
    std::cout << scenario->source;
    return 0;
}

int run(const std::string& what, bool json, bool step) {
    auto scenario = load(what);
    if (!scenario) return kExitUsage;
    const auto translated = json ? std::nullopt : catalogueTranslation(*scenario);
    if (translated && !translated->title.empty()) scenario->title = translated->title;
    // Before anything else: unshare() wants a single-threaded process.
    SandboxResult sandbox = enterSandbox();
    // A closed stdout (the GUI went away) must end the run, not kill it silently.
    std::signal(SIGPIPE, SIG_IGN);

    // SIGINT and SIGTERM ask the runner to stop; without SA_RESTART they
    // also cut short the poll() it is waiting in.
    struct sigaction stop {};
    stop.sa_handler = [](int) { g_stopRequested = 1; };
    sigemptyset(&stop.sa_mask);
    ::sigaction(SIGINT, &stop, nullptr);
    ::sigaction(SIGTERM, &stop, nullptr);

    TextRenderer text(std::cout, ::isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr);
    RunOptions options;
    options.stepMode = step;
    options.stopRequested = [] { return g_stopRequested != 0; };
    options.nextCommand = [reader = std::make_shared<CommandReader>()](int timeoutMs) { return reader->next(timeoutMs); };
    ScenarioRunner runner(*scenario, sandbox, options, [&](const TraceEvent& e) {
        if (json) std::cout << toJsonLine(e) << '\n';
        else text.add(e);
        std::cout.flush();
    });
    SummaryEvent summary = runner.run();
    if (translated && !translated->about.empty()) std::cout << "\n说明：\n" << translated->about << '\n';
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
    if (command == "diff") return diffCommand({args.begin() + 1, args.end()});
    bool json = false, step = false;
    std::vector<std::string> rest;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i] == "--json") json = true;
        else if (args[i] == "--step") step = true;
        else if (args[i].rfind("--", 0) == 0) {
            std::cerr << "finscope: unknown option " << args[i] << "\n";
            printUsage(std::cerr);
            return kExitUsage;
        } else rest.push_back(args[i]);
    }
    if (command == "list") return list(json);
    if (command == "check") return check(rest);
    if ((command == "run" || command == "show") && rest.size() == 1)
        return command == "run" ? run(rest[0], json, step) : show(rest[0]);
    std::cerr << "finscope: unknown command or wrong arguments: " << command << "\n";
    printUsage(std::cerr);
    return kExitUsage;
}
