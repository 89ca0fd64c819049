// SPDX-License-Identifier: MIT
#include "tracerun.h"

#include "core/tracejson.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

namespace finscope::testing {
namespace {

std::string readAll(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace

std::vector<SyscallEvent> TraceRun::calls(const std::string& endpoint, const std::string& call) const {
    std::vector<SyscallEvent> out;
    for (const auto& c : all<SyscallEvent>())
        if (c.endpoint == endpoint && c.call == call && c.phase != "blocked") out.push_back(c);
    return out;
}

std::vector<std::string> TraceRun::flags() const {
    std::vector<std::string> out;
    for (const auto& p : all<PacketEvent>()) out.push_back(p.flags);
    return out;
}

std::vector<std::string> TraceRun::states(const std::string& endpoint) const {
    std::vector<std::string> out;
    for (const auto& s : all<StateEvent>())
        if (s.endpoint == endpoint) out.push_back(s.state);
    return out;
}

const SummaryEvent* TraceRun::summary() const {
    for (const auto& e : events)
        if (const auto* s = e.as<SummaryEvent>()) return s;
    return nullptr;
}

const RunEvent* TraceRun::runInfo() const {
    for (const auto& e : events)
        if (const auto* r = e.as<RunEvent>()) return r;
    return nullptr;
}

bool TraceRun::captured() const { return runInfo() && runInfo()->capture != "none"; }

TraceRun runScenario(const std::string& idOrPath, const std::string& stdinText) {
    char errPath[] = "/tmp/finscope-test-stderr-XXXXXX";
    int errFd = ::mkstemp(errPath);
    ::close(errFd);
    char inPath[] = "/tmp/finscope-test-stdin-XXXXXX";
    int inFd = ::mkstemp(inPath);
    if (::write(inFd, stdinText.data(), stdinText.size()) < 0) {
    }
    ::close(inFd);
    std::string command = std::string(FINSCOPE_CLI) + " run --json " +
                          (stdinText.empty() ? "" : "--step ") + shellQuote(idOrPath) + " <" + inPath + " 2>" +
                          errPath;
    TraceRun run;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        std::string line;
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, pipe)) {
            line += buffer;
            if (line.empty() || line.back() != '\n') continue;
            line.pop_back();
            auto parsed = parseTraceLine(line);
            if (parsed.ok) run.events.push_back(parsed.event);
            line.clear();
        }
        int status = ::pclose(pipe);
        run.exitStatus = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    run.stderrText = readAll(errPath);
    std::remove(errPath);
    std::remove(inPath);
    return run;
}

std::string writeTempScenario(const std::string& text) {
    char path[] = "/tmp/finscope-test-XXXXXX.fsc";
    int fd = ::mkstemps(path, 4);
    if (::write(fd, text.data(), text.size()) < 0) {
    }
    ::close(fd);
    return path;
}

} // namespace finscope::testing
