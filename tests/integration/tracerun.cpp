// SPDX-License-Identifier: MIT
#include "tracerun.h"

#include "core/tracejson.h"

#include <cstdio>
#include <regex>
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

std::string normalize(const TraceEvent& event) {
    static const std::regex ephemeral(R"(:(3[2-9][0-9]{3}|[4-5][0-9]{4}|60[0-9]{3})\b)");
    std::ostringstream o;
    if (const auto* r = event.as<RunEvent>()) o << "run " << r->scenario << " capture=" << r->capture;
    else if (const auto* s = event.as<StepEvent>()) o << "step line " << s->line << " " << s->endpoint << ": " << s->text;
    else if (const auto* c = event.as<SyscallEvent>()) {
        o << "syscall " << c->endpoint << " " << c->call << "(" << c->args << ") " << c->phase;
        if (c->ret) o << " = " << *c->ret;
        if (c->errnoName) o << " " << *c->errnoName;
        if (c->errnoStale) o << " stale=" << c->staleErrno.value_or("?");
        if (!c->result.empty()) o << " [" << c->result << "]";
    } else if (const auto* p = event.as<PacketEvent>()) {
        o << "packet " << p->from.value_or(p->src) << " > " << p->to.value_or(p->dst) << " " << p->flags << " seq "
          << p->seq << " ack " << p->ack << " len " << p->len;
    } else if (const auto* st = event.as<StateEvent>()) {
        o << "state " << st->endpoint << " " << st->socket << " " << st->state << " " << st->source << " q "
          << st->recvQ << "/" << st->sendQ << (st->orphan ? " orphan" : "");
    } else if (const auto* sg = event.as<SignalEvent>()) {
        o << "signal " << sg->endpoint << " " << sg->signal << " " << sg->disposition << " " << sg->action;
    } else if (const auto* x = event.as<ExitEvent>()) {
        o << "exit " << x->endpoint << " status=" << (x->status ? std::to_string(*x->status) : "-")
          << " signal=" << x->signal.value_or("-");
    } else if (const auto* e = event.as<ExpectEvent>()) {
        o << "expect line " << e->line << (e->ok ? " ok " : " FAILED ") << e->expected << " | " << e->actual;
    } else if (const auto* n = event.as<NoteEvent>()) o << "note " << n->level << " " << n->text;
    else if (const auto* pa = event.as<PauseEvent>()) o << "pause " << pa->index;
    else if (const auto* su = event.as<SummaryEvent>()) {
        o << "summary ok=" << su->ok << " expectations=" << su->expectations << " failed=" << su->failed
          << " packets=" << su->packets;
    }
    return std::regex_replace(o.str(), ephemeral, ":*");
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
