// SPDX-License-Identifier: MIT
// The Chinese `why` sentences: every template the engine writes has a
// translation, the parts from the run survive it, and no English is left.
#include "core/causeattributor.h"
#include "core/causesentences.h"
#include "core/causesentences_zh.h"
#include "core/tracefile.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

using finscope::causesentences::whyZh;

namespace {

// Two English words in a row: a sentence (part) left untranslated. Call,
// endpoint, errno, signal and state names are single words and may stay.
bool hasEnglishPhrase(const std::string& zh) {
    static const std::regex phrase(R"([A-Za-z]{2,} [a-z]{2,})");
    return std::regex_search(zh, phrase);
}

void expectTranslated(const std::string& en) {
    SCOPED_TRACE(en);
    auto zh = whyZh(en);
    ASSERT_TRUE(zh.has_value()) << "no Chinese for: " << en;
    EXPECT_FALSE(hasEnglishPhrase(*zh)) << *zh;
    EXPECT_NE(*zh, en);
}

} // namespace

TEST(CauseSentencesZh, EveryDerivedStateAndSignalSentence) {
    for (const char* state : {"SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT1", "FIN_WAIT2", "CLOSE_WAIT",
                              "LAST_ACK", "CLOSING", "TIME_WAIT", "CLOSE"})
        for (bool sent : {true, false})
            for (const char* flags : {"F.", "R", "R."}) {
                auto en = finscope::causesentences::derivedStateWhy(state, sent, flags);
                ASSERT_FALSE(en.empty()) << state;
                expectTranslated(en);
            }
    for (const char* signal : {"SIGPIPE", "SIGTERM", "SIGKILL"})
        for (const char* action : {"terminate", "ignore", "handler"})
            expectTranslated(finscope::causesentences::signalWhy({"client", signal, "default", action, std::nullopt}));
}

TEST(CauseSentencesZh, EveryAttributorTemplateKeepsItsParts) {
    // One of each sentence built in core/causeattributor.cpp (and the capture import's marks).
    const std::vector<std::string> all = {
        "SYN: client connect() at line 12",
        "data: client write() at line 14",
        "FIN: server shutdown(SHUT_WR) at line 20",
        "FIN: the kernel closed the socket because server called exit()",
        "FIN: the kernel closed the socket because its process was killed by SIGKILL",
        "RST: server close() at line 30 found 5 unread bytes; the kernel discards them and resets the connection "
        "instead of closing it",
        "RST: server's end (it was killed by SIGTERM) found 5 unread bytes; the kernel discards them and resets the "
        "connection instead of closing it",
        "RST: client close() at line 9 with SO_LINGER {on, 0}: an abortive close sends RST, not FIN",
        "RST: sent as server close() at line 30 closed the socket",
        "RST: sent as child's end (it called exit()) closed the socket",
        "RST: nothing listens on 127.0.0.1:5000, so the kernel refuses the connection",
        "RST: a segment arrived for a connection that no longer exists",
        "RST: data arrived for a socket that server closed (close() at line 31): no program can read it any more",
        "RST: a segment arrived for a socket that the kernel closed when server called exit(): no program can read "
        "it any more",
        "LISTEN: listen() at line 4 made it wait for connections",
        "CLOSE: the TIME_WAIT timer ran out; the kernel forgets the connection",
        "CLOSE: gone from the kernel's tables after client close() at line 17",
        "CLOSE: gone from the kernel's tables because server was killed by SIGKILL",
        "no descriptor refers to it any more; the kernel finishes the connection after client close() at line 17",
        "no descriptor refers to it any more; the kernel finishes the connection because server called exit()",
        "killed by SIGPIPE: the kernel closes every descriptor the process had",
        "exit(): the kernel closes every descriptor the process had",
        "ECONNREFUSED: the SYN was answered by RST: nothing listens on that port",
        "ECONNRESET: the peer's RST reset the connection; the kernel reports it once, to the next call",
        "EPIPE: the connection was reset (RST) and that error was already reported; it cannot send any more",
        "EPIPE: the peer's RST came after its FIN (CLOSE_WAIT), which Linux reports as a broken pipe",
        "EPIPE: the peer's RST reset the connection",
        "EPIPE: this socket was shut down for writing by shutdown(SHUT_RDWR) at line 22",
        "0 = end of file: the peer's FIN says it will send no more data",
        "0 = end of file: the connection was reset (RST) and the error already reported; nothing more can arrive",
        "retransmission",
        "out-of-order",
        "previous segment not captured (1448 bytes missing)",
    };
    for (const auto& en : all) expectTranslated(en);

    EXPECT_EQ(whyZh("SYN: client connect() at line 12"), "SYN：由 client 第 12 行的 connect() 发出");
    EXPECT_EQ(whyZh("FIN: server shutdown(SHUT_WR) at line 20"), "FIN：由 server 第 20 行的 shutdown(SHUT_WR) 发出");
    EXPECT_EQ(whyZh("RST: nothing listens on 127.0.0.1:5000, so the kernel refuses the connection"),
              "RST：127.0.0.1:5000 上没有程序在监听，所以内核拒绝这个连接");
    EXPECT_EQ(whyZh("EPIPE: this socket was shut down for writing by shutdown(SHUT_RDWR) at line 22"),
              "EPIPE：这个套接字已被第 22 行的 shutdown(SHUT_RDWR) 关闭了写方向");
}

TEST(CauseSentencesZh, UnknownSentencesFallBack) {
    EXPECT_FALSE(whyZh("a sentence from a newer engine").has_value());
    EXPECT_FALSE(whyZh("").has_value());
    EXPECT_FALSE(whyZh("SIGPIPE: the call wrote to a connection that can no longer send (EPIPE); it explodes"));
}

// The sentences the attributor writes for every recorded catalogue run.
TEST(CauseSentencesZh, EveryCatalogueRunTranslates) {
    const std::filesystem::path dir = std::filesystem::path(FINSCOPE_TEST_DATA_DIR) / ".." / "ui" / "data" / "catalogue";
    int traces = 0, sentences = 0;
    for (const auto& file : std::filesystem::directory_iterator(dir)) {
        if (file.path().extension() != ".jsonl") continue;
        SCOPED_TRACE(file.path().filename().string());
        auto trace = finscope::readTraceFile(file.path().string());
        ASSERT_TRUE(trace.ok()) << trace.error;
        for (auto& e : trace.events) e.why.clear();  // the fixture's own sentences are not the point
        finscope::CauseAttributor attributor;
        attributor.attribute(trace.events);
        ++traces;
        for (const auto& e : trace.events)
            if (!e.why.empty()) {
                ++sentences;
                expectTranslated(e.why);
            }
    }
    EXPECT_GE(traces, 10);
    EXPECT_GE(sentences, 50);  // the catalogue has many FINs, RSTs and errnos to explain
}
