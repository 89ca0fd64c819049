// SPDX-License-Identifier: MIT
// The Chinese difference texts of the compare: every template tracediff.cpp
// builds has a translation, the parts from the run survive it, no English
// phrase is left, and a text of no known template falls back to the English.
#include "core/tracediff.h"
#include "core/tracediff_zh.h"
#include "core/tracefile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

using finscope::StepFact;
using finscope::tracediffzh::factZh;
using finscope::tracediffzh::noteZh;

namespace {

// Two English words in a row: a text (part) left untranslated. Quoted data
// read from a socket and endpoint/socket names in parentheses are the run's
// own and are taken out first; call, errno, signal and state names are
// single words and may stay, as may tcpdump's "ack".
bool hasEnglishPhrase(const std::string& zh) {
    static const std::regex quotedOrNamed(R"("(?:[^"\\]|\\.)*"|\([a-z0-9_ ]*\))");
    static const std::regex phrase(R"([A-Za-z]{2,} [a-z]{2,})");
    return std::regex_search(std::regex_replace(zh, quotedOrNamed, "x"), phrase);
}

const std::regex& englishWord() {
    static const std::regex word(R"(\b(blocks|returns|does not|killed|exit status|delivered|ignored|captured|summary|complete|from|end of file)\b)");
    return word;
}

void expectFactTranslated(StepFact::Kind kind, const std::string& en) {
    SCOPED_TRACE(std::string(finscope::factKindName(kind)) + ": " + en);
    auto zh = factZh(kind, en);
    ASSERT_TRUE(zh.has_value()) << "no Chinese for: " << en;
    EXPECT_FALSE(hasEnglishPhrase(*zh)) << *zh;
    EXPECT_FALSE(std::regex_search(std::regex_replace(*zh, std::regex(R"("(?:[^"\\]|\\.)*")"), "x"), englishWord()))
        << *zh;
}

std::vector<std::vector<finscope::TraceEvent>> catalogueTraces(std::vector<std::string>* names = nullptr) {
    const std::filesystem::path dir = std::filesystem::path(FINSCOPE_TEST_DATA_DIR) / ".." / "ui" / "data" / "catalogue";
    std::set<std::filesystem::path> files;
    for (const auto& f : std::filesystem::directory_iterator(dir))
        if (f.path().extension() == ".jsonl") files.insert(f.path());
    std::vector<std::vector<finscope::TraceEvent>> traces;
    for (const auto& f : files) {
        auto t = finscope::readTraceFile(f.string());
        EXPECT_TRUE(t.ok()) << t.error;
        traces.push_back(std::move(t.events));
        if (names) names->push_back(f.stem().string());
    }
    return traces;
}

} // namespace

TEST(TraceDiffZh, EveryTemplateKeepsItsParts) {
    using K = StepFact::Kind;
    EXPECT_EQ(factZh(K::Syscall, "read(5, 4096) blocks"), "read(5, 4096) 阻塞");
    EXPECT_EQ(factZh(K::Syscall, "accept(3) does not return"), "accept(3) 没有返回");
    EXPECT_EQ(factZh(K::Syscall, "read(5, 4096) returns 3  \"456\""), "read(5, 4096) 返回 3  \"456\"");
    EXPECT_EQ(factZh(K::Syscall, "write(5, \"456\", 3) = -1 EPIPE"), "write(5, \"456\", 3) = -1 EPIPE");
    EXPECT_EQ(factZh(K::Syscall, "kill(pid(server), SIGKILL) = 0"), "kill(pid(server), SIGKILL) = 0");
    EXPECT_EQ(factZh(K::Syscall, "fork() = pid(child)"), "fork() = pid(child)");
    EXPECT_EQ(factZh(K::Syscall, "close(5) = 0  (errno still EPIPE)"), "close(5) = 0  （errno 仍是 EPIPE）");
    EXPECT_EQ(factZh(K::Syscall, "read(5, 100) returns 0  end of file: no more data will ever come (0 is not an "
                                 "error, and errno is not set)  (errno still EAGAIN)"),
              "read(5, 100) 返回 0  文件结束：再也不会有数据到来（0 不是错误，errno 也没有设置）  （errno 仍是 EAGAIN）");
    EXPECT_EQ(factZh(K::Syscall, "accept(4) returns 5  fd=5 (conn) from 127.0.0.1:*"),
              "accept(4) 返回 5  fd=5 (conn)，来自 127.0.0.1:*");
    EXPECT_EQ(factZh(K::Syscall, "poll(5, POLLIN) = 1  revents=POLLIN|POLLRDHUP"),
              "poll(5, POLLIN) = 1  revents=POLLIN|POLLRDHUP");
    EXPECT_EQ(factZh(K::Syscall, "getsockopt(5, SOL_SOCKET, SO_ERROR, &val, &len) = 0  value=EPIPE (Broken pipe)"),
              "getsockopt(5, SOL_SOCKET, SO_ERROR, &val, &len) = 0  value=EPIPE（断开的管道）");
    EXPECT_EQ(factZh(K::Signal, "SIGPIPE delivered (terminate)"), "SIGPIPE 已递送（终止进程）");
    EXPECT_EQ(factZh(K::Signal, "SIGPIPE ignored (ignore)"), "SIGPIPE 被忽略（忽略）");
    EXPECT_EQ(factZh(K::Signal, "SIGTERM delivered (handler)"), "SIGTERM 已递送（交给处理函数）");
    EXPECT_EQ(factZh(K::Exit, "killed by SIGPIPE"), "被 SIGPIPE 杀死");
    EXPECT_EQ(factZh(K::Exit, "exit status 0"), "退出状态 0");
    EXPECT_EQ(factZh(K::Packet, "F. 1:1(0) ack 1"), "F. 1:1(0) ack 1");
    EXPECT_EQ(factZh(K::Packet, "R 4:4(0)"), "R 4:4(0)");
    EXPECT_EQ(factZh(K::State, "FIN_WAIT1 -> FIN_WAIT2"), "FIN_WAIT1 -> FIN_WAIT2");
    EXPECT_EQ(noteZh("only A captured packets: packet differences are not real"),
              "只有 A 抓到了报文：报文上的差异不可信");
    EXPECT_EQ(noteZh("B has no summary: the trace is incomplete"), "B 没有结束汇总：这份记录不完整");
    EXPECT_EQ(noteZh("A did not complete: sandbox: no user namespaces"), "A 没有运行完：sandbox: no user namespaces");
    for (auto k : {K::Syscall, K::Packet, K::Signal, K::Exit, K::State})
        EXPECT_STRNE(finscope::tracediffzh::kindZh(k), finscope::factKindName(k));
}

TEST(TraceDiffZh, UnknownTextFallsBack) {
    using K = StepFact::Kind;
    EXPECT_FALSE(factZh(K::Syscall, "something else entirely"));
    EXPECT_FALSE(factZh(K::Signal, "SIGPIPE delivered (teleported)"));
    EXPECT_FALSE(factZh(K::Exit, "vanished"));
    EXPECT_FALSE(factZh(K::Packet, "a packet of some kind"));
    EXPECT_FALSE(factZh(K::State, "somewhere in between"));
    EXPECT_FALSE(noteZh("C has no summary: the trace is incomplete"));
    EXPECT_FALSE(noteZh(""));
}

// Every fact of every recorded catalogue run (what a diff can show), and the
// diffs of catalogue pairs that differ the most.
TEST(TraceDiffZh, EveryCatalogueFactAndDiffTranslates) {
    std::vector<std::string> names;
    const auto traces = catalogueTraces(&names);
    ASSERT_GE(traces.size(), 10U);
    std::set<std::pair<StepFact::Kind, std::string>> seen;
    for (const auto& t : traces)
        for (const auto& step : finscope::stepOutcomes(t))
            for (const auto& f : step.facts)
                if (seen.insert({f.kind, f.text}).second) expectFactTranslated(f.kind, f.text);
    std::set<StepFact::Kind> kinds;
    for (const auto& [k, text] : seen) kinds.insert(k);
    EXPECT_EQ(kinds.size(), 5U) << "the catalogue should show every kind of fact";

    const auto at = [&](const std::string& name) -> const std::vector<finscope::TraceEvent>& {
        for (std::size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return traces[i];
        ADD_FAILURE() << "no catalogue trace " << name;
        return traces.front();
    };
    int differences = 0;
    for (const auto& [a, b] : {std::pair{"graceful-close", "linger-abortive-close"},
                               std::pair{"write-after-peer-close", "sigpipe-ignored"},
                               std::pair{"write-after-peer-close", "msg-nosignal"},
                               std::pair{"graceful-close", "server-killed"},
                               std::pair{"close-wait-leak", "shutdown-half-close"}}) {
        const auto diff = finscope::diffTraces(at(a), at(b));
        for (const auto& step : diff.steps)
            for (const auto& f : step.facts) {
                for (const auto& side : {f.a, f.b})
                    if (side) expectFactTranslated(f.kind, *side);
                ++differences;
            }
        for (const auto& n : diff.notes) {
            auto zh = noteZh(n);
            ASSERT_TRUE(zh.has_value()) << n;
            EXPECT_FALSE(hasEnglishPhrase(*zh)) << *zh;
        }
    }
    EXPECT_GE(differences, 10);
}
