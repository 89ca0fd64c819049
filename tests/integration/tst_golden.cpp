// SPDX-License-Identifier: MIT
// Golden traces: each tests/golden/NAME.fsc is run for real and its
// normalised trace compared with NAME.expected. A difference means the
// engine's output changed: inspect NAME.actual, and when the change is
// right, regenerate with FINSCOPE_UPDATE_GOLDEN=1.
//
// The trace is compared lane by lane (each endpoint, the wire, the run), in
// trace order within a lane. Across lanes, events of independent actors may
// legitimately swap: a process woken from recv() by a FIN and its kernel's
// delayed-ACK timer race, and both orders are real.

#include "tracerun.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using finscope::testing::normalize;
using finscope::testing::runScenario;

namespace {

const fs::path kGoldenDir = fs::path(FINSCOPE_INTEGRATION_DIR) / ".." / "golden";

std::vector<std::string> goldenNames() {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(kGoldenDir))
        if (entry.path().extension() == ".fsc") names.push_back(entry.path().stem().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string laneOf(const finscope::TraceEvent& e) {
    using namespace finscope;
    if (e.as<PacketEvent>()) return "wire";
    if (const auto* c = e.as<SyscallEvent>()) return "endpoint " + c->endpoint;
    if (const auto* st = e.as<StateEvent>()) return "endpoint " + st->endpoint;
    if (const auto* sg = e.as<SignalEvent>()) return "endpoint " + sg->endpoint;
    if (const auto* x = e.as<ExitEvent>()) return "endpoint " + x->endpoint;
    if (const auto* ex = e.as<ExpectEvent>()) return "endpoint " + ex->endpoint;
    return "run";
}

/// A wire run's delays leave the sampler time to see a state before the
/// packet that derives it arrives, or not: which of the two reports it
/// first, and the queue sizes along the way, are timing. The sequence of
/// states each socket goes through is not, so that is what is compared.
std::string wireRunState(const finscope::StateEvent& st, std::map<std::string, std::string>& lastBySocket) {
    std::string& last = lastBySocket[st.endpoint + " " + st.socket];
    if (last == st.state) return {};
    last = st.state;
    return "state " + st.endpoint + " " + st.socket + " " + st.state;
}

/// A change of a frame's fate, named by its packet (frame ids count every
/// frame the wire carried, which is the host's business, not the scenario's).
std::string wireFate(const finscope::WireEvent& w, const std::map<std::int64_t, std::string>& packetOfFrame) {
    auto it = packetOfFrame.find(w.frame);
    return "fate " + (it == packetOfFrame.end() ? std::string("frame ?") : it->second) + " " + w.fate +
           (w.dropReason.empty() ? "" : " (" + w.dropReason + ")");
}

std::string byLane(const std::vector<finscope::TraceEvent>& events) {
    using namespace finscope;
    const auto* run = events.empty() ? nullptr : events.front().as<RunEvent>();
    const bool wireRun = run && run->wire.has_value();
    std::map<std::string, std::string> lanes, lastState;
    std::map<std::int64_t, std::string> packetOfFrame;
    for (const auto& e : events) {
        std::string line = normalize(e);
        if (const auto* p = e.as<PacketEvent>(); p && wireRun) {
            if (p->frameId) packetOfFrame[*p->frameId] = line.substr(line.find(' ') + 1);
            if (p->fate == "held" || p->fate == "dropped") line += " " + p->fate;
        } else if (const auto* st = e.as<StateEvent>(); st && wireRun) {
            line = wireRunState(*st, lastState);
        } else if (const auto* w = e.as<WireEvent>()) {
            lanes["wire"] += wireFate(*w, packetOfFrame) + "\n";
            continue;
        }
        if (!line.empty()) lanes[laneOf(e)] += line + "\n";
    }
    std::string out;
    for (const auto& [lane, text] : lanes) out += "== " + lane + "\n" + text;
    return out;
}

class GoldenTrace : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTrace, MatchesExpected) {
    const fs::path scenario = kGoldenDir / (GetParam() + ".fsc");
    auto run = runScenario(scenario.string());
    ASSERT_TRUE(run.runInfo()) << "no trace; stderr: " << run.stderrText;
    if (!run.captured()) GTEST_SKIP() << "no packet capture on this machine: " << run.runInfo()->captureNote;
    std::string actual = byLane(run.events);
    const fs::path expected = kGoldenDir / (GetParam() + ".expected");
    if (std::getenv("FINSCOPE_UPDATE_GOLDEN")) {
        std::ofstream(expected) << actual;
        GTEST_SKIP() << "updated " << expected;
    }
    std::string want = readFile(expected);
    if (actual != want) std::ofstream(kGoldenDir / (GetParam() + ".actual")) << actual;
    EXPECT_EQ(actual, want) << "golden trace differs; see " << (kGoldenDir / (GetParam() + ".actual"));
}

INSTANTIATE_TEST_SUITE_P(Traces, GoldenTrace, ::testing::ValuesIn(goldenNames()),
                         [](const auto& param) {
                             std::string n = param.param;
                             for (auto& c : n)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return n;
                         });

} // namespace
