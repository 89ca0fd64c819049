// SPDX-License-Identifier: MIT
// `finscope diff`: compares two runs step by step (core/tracediff.h).

#include "commands.h"

#include "core/tracediff.h"
#include "core/tracefile.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using namespace finscope;
namespace fs = std::filesystem;

constexpr int kExitSame = 0;
constexpr int kExitDiffer = 1;
constexpr int kExitError = 2;

/// A saved trace: a .json/.jsonl file, or any file that starts with '{'.
bool isTraceFile(const std::string& what) {
    std::error_code ec;
    if (!fs::is_regular_file(what, ec)) return false;
    const auto ext = fs::path(what).extension();
    if (ext == ".jsonl" || ext == ".json") return true;
    if (ext == ".fsc") return false;
    std::ifstream in(what);
    char c = 0;
    while (in.get(c) && (c == ' ' || c == '\n' || c == '\t' || c == '\r')) {}
    return c == '{';
}

/// Runs `finscope run --json WHAT` as a child: each run gets a fresh
/// namespace, so the first run's TIME_WAIT cannot disturb the second.
TraceFile runScenario(const std::string& what) {
    TraceFile result;
    int fds[2];
    if (::pipe(fds) != 0) {
        result.error = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
        result.error = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        const char* argv[] = {"finscope", "run", "--json", what.c_str(), nullptr};
        ::execv("/proc/self/exe", const_cast<char* const*>(argv));
        std::cerr << "finscope diff: cannot start the runner: " << std::strerror(errno) << '\n';
        ::_exit(kExitError);
    }
    ::close(fds[1]);
    std::string text;
    char buf[65536];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        text.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    // Exit 1 (an expectation failed) is still a complete run worth comparing.
    if (!WIFEXITED(status) || WEXITSTATUS(status) > kExitDiffer) {
        result.error = "could not run " + what;
        return result;
    }
    return readTraceText(text, what);
}

TraceFile obtain(const std::string& what) { return isTraceFile(what) ? readTraceFile(what) : runScenario(what); }

nlohmann::json stepJson(const std::optional<StepOutcome>& s) {
    if (!s) return nullptr;
    return {{"index", s->index}, {"line", s->line}, {"endpoint", s->endpoint}, {"text", s->text}};
}

const char* status(const StepDiff& s) {
    if (!s.a) return "only_b";
    if (!s.b) return "only_a";
    return s.differs() ? "differs" : "same";
}

void printJson(const TraceDiff& diff, const std::string& a, const std::string& b) {
    nlohmann::json steps = nlohmann::json::array();
    const auto factsJson = [](const std::vector<FactDiff>& list) {
        nlohmann::json facts = nlohmann::json::array();
        for (const auto& f : list)
            facts.push_back({{"kind", factKindName(f.kind)}, {"lane", f.lane}, {"a", f.a ? nlohmann::json(*f.a) : nullptr},
                             {"b", f.b ? nlohmann::json(*f.b) : nullptr}});
        return facts;
    };
    for (const auto& s : diff.steps)
        steps.push_back({{"status", status(s)}, {"a", stepJson(s.a)}, {"b", stepJson(s.b)},
                         {"differences", factsJson(s.facts)}, {"timing", factsJson(s.timing)}});
    std::cout << nlohmann::json{{"a", a}, {"b", b}, {"differs", diff.differs()}, {"notes", diff.notes}, {"steps", steps}}
                     .dump()
              << '\n';
}

std::string stepTitle(const StepOutcome& s) {
    return s.index < 0 ? std::string("(before the first step)") : s.endpoint + ": " + s.text;
}

std::string lineOf(const std::optional<StepOutcome>& s) {
    if (!s) return "-";
    return s->index < 0 ? "" : std::to_string(s->line);
}

void printText(const TraceDiff& diff, const std::string& a, const std::string& b) {
    std::cout << "A: " << a << "\nB: " << b << "\n";
    for (const auto& n : diff.notes) std::cout << "note: " << n << '\n';
    std::cout << "          A line  B line\n";
    int differing = 0;
    for (const auto& s : diff.steps) {
        const char* tag = !s.a ? "only B" : !s.b ? "only A" : s.differs() ? "DIFFERS" : "same";
        char head[64];
        std::snprintf(head, sizeof head, "%-8s %6s  %6s  ", tag, lineOf(s.a).c_str(), lineOf(s.b).c_str());
        const StepOutcome& any = s.a ? *s.a : *s.b;
        std::cout << head << stepTitle(any);
        if (s.a && s.b && s.textDiffers) std::cout << "   |   B: " << stepTitle(*s.b);
        std::cout << '\n';
        if (s.differs()) ++differing;
        if (!s.a || !s.b) {   // what the step one side lacks did
            for (const auto& f : any.facts)
                std::cout << "                          " << factKindName(f.kind) << " " << f.lane << ": " << f.text
                          << '\n';
            continue;
        }
        for (const auto& f : s.facts) {
            std::cout << "                          " << factKindName(f.kind) << " " << f.lane << '\n';
            std::cout << "                            A: " << f.a.value_or("(nothing)") << '\n';
            std::cout << "                            B: " << f.b.value_or("(nothing)") << '\n';
        }
        for (const auto& f : s.timing)
            std::cout << "                          timing: only " << (f.a ? "A" : "B") << " sent it again: "
                      << f.a.value_or(f.b.value_or("")) << " (" << f.lane << "), a retransmission or the ACK of one\n";
    }
    if (differing == 0) std::cout << "no differences (" << diff.steps.size() << " steps)\n";
    else std::cout << differing << " of " << diff.steps.size() << " steps differ\n";
}

} // namespace

namespace finscope::cli {

int diffCommand(int argc, char** argv) {
    bool json = false;
    const std::vector<Option> options = {
        {"json", 0, nullptr, "print the comparison as one JSON object", [&](const char*) { json = true; }},
    };
    const Parsed p = parse(command("diff"), options, argc, argv);
    if (p.exitNow) return *p.exitNow;
    const std::vector<std::string>& what = p.operands;
    if (what.size() != 2) {
        std::cerr << "finscope diff: give two scenarios or traces\nTry 'finscope diff --help'.\n";
        return kExitError;
    }
    TraceFile a = obtain(what[0]);
    if (!a.ok()) {
        std::cerr << "finscope diff: " << a.error << '\n';
        return kExitError;
    }
    TraceFile b = obtain(what[1]);
    if (!b.ok()) {
        std::cerr << "finscope diff: " << b.error << '\n';
        return kExitError;
    }
    TraceDiff diff = diffTraces(a.events, b.events);
    if (json) printJson(diff, what[0], what[1]);
    else printText(diff, what[0], what[1]);
    return diff.differs() ? kExitDiffer : kExitSame;
}

} // namespace finscope::cli
