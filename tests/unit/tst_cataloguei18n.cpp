// SPDX-License-Identifier: MIT
// The catalogue in Simplified Chinese and its natural pairs: every scenario
// has a complete translation that keeps the C names of the English text,
// pairs.txt names real scenarios, and the locale picks the language.
#include "core/catalogue.h"
#include "core/language.h"
#include "core/names.h"
#include "core/names_zh.h"
#include "core/scenariotranslation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <fstream>
#include <set>
#include <sstream>

using namespace finscope;

namespace {

Catalogue catalogue() { return Catalogue::loadDir(FINSCOPE_SCENARIO_DIR); }

/// Holds at least one CJK ideograph (U+4E00..U+9FFF: UTF-8 lead byte E4..E9).
bool hasChinese(const std::string& s) {
    for (std::size_t i = 0; i + 2 < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xE4 && c <= 0xE9) return true;
    }
    return false;
}

int paragraphs(const std::string& about) {
    int n = 1;
    for (std::size_t at = 0; (at = about.find("\n\n", at)) != std::string::npos; at += 2) ++n;
    return n;
}

/// The names a learner types or looks up: EPIPE, SO_LINGER, FIN_WAIT2, close(2)... 
std::set<std::string> cNames(const std::string& text) {
    static const std::regex names(R"(\b[A-Z][A-Z0-9_]{2,}\b|\b[a-z_0-9]+\([0-9]\))");
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), names), end; it != end; ++it) out.insert(it->str());
    return out;
}

} // namespace

TEST(CatalogueChinese, EveryScenarioHasTitleSummaryAndExplanation) {
    const auto c = catalogue();
    ASSERT_GE(c.entries().size(), 18u);
    for (const auto& e : c.entries()) {
        SCOPED_TRACE(e.id);
        const auto zh = c.translation(e.id, kChinese);
        ASSERT_TRUE(zh.has_value()) << "missing " << kChinese << "/" << e.id << ".txt";
        EXPECT_TRUE(hasChinese(zh->title)) << zh->title;
        EXPECT_TRUE(hasChinese(zh->summary)) << zh->summary;
        EXPECT_TRUE(hasChinese(zh->about));
        EXPECT_TRUE(hasChinese(zh->group)) << zh->group;
        const auto english = loadScenarioFile(e.path);
        ASSERT_TRUE(english.scenario);
        EXPECT_EQ(paragraphs(zh->about), paragraphs(english.scenario->about)) << "a paragraph was lost or split";
        // "WRONG" is the one English word in capitals (a C comment), translated on purpose.
        for (const auto& name : cNames(english.scenario->about))
            if (name != "WRONG") {
                EXPECT_NE(zh->about.find(name), std::string::npos) << name << " is not in the translation";
            }
    }
}

TEST(CatalogueChinese, EveryAuthorQuestionIsTranslated) {
    const auto c = catalogue();
    int questions = 0;
    for (const auto& e : c.entries()) {
        SCOPED_TRACE(e.id);
        const auto english = loadScenarioFile(e.path);
        ASSERT_TRUE(english.scenario);
        const auto zh = c.translation(e.id, kChinese);
        ASSERT_TRUE(zh.has_value());
        for (const auto& step : english.scenario->steps)
            for (const auto& q : step.questions) {
                ++questions;
                SCOPED_TRACE("question " + std::to_string(q.number) + " on line " + std::to_string(q.pos.line));
                const auto it = zh->questions.find(q.number);
                ASSERT_NE(it, zh->questions.end()) << "no 'ask " << q.number << ":' in the translation";
                EXPECT_TRUE(hasChinese(it->second.prompt)) << it->second.prompt;
                EXPECT_EQ(it->second.choices.size(), q.choices.size()) << "the choices must match one for one";
                EXPECT_EQ(it->second.explain.empty(), q.explain.empty());
                std::string english_text = q.prompt + "\n" + q.explain;
                std::string chinese_text = it->second.prompt + "\n" + it->second.explain;
                for (std::size_t i = 0; i < q.choices.size() && i < it->second.choices.size(); ++i) {
                    english_text += "\n" + q.choices[i];
                    chinese_text += "\n" + it->second.choices[i];
                }
                for (const auto& name : cNames(english_text))
                    EXPECT_NE(chinese_text.find(name), std::string::npos) << name << " is not in the translation";
            }
        for (const auto& [number, text] : zh->questions)
            EXPECT_TRUE(std::any_of(english.scenario->steps.begin(), english.scenario->steps.end(), [&](const Step& s) {
                return std::any_of(s.questions.begin(), s.questions.end(),
                                   [&](const Question& q) { return q.number == number; });
            })) << "'ask " << number << ":' translates no question of the .fsc file";
    }
    EXPECT_GE(questions, 4) << "the catalogue's own questions are gone";
}

TEST(CatalogueChinese, EveryTranslationBelongsToAScenarioAndParses) {
    const auto c = catalogue();
    for (const auto& f : std::filesystem::directory_iterator(std::filesystem::path(FINSCOPE_SCENARIO_DIR) / kChinese)) {
        const std::string id = f.path().stem().string();
        EXPECT_TRUE(c.find(id).has_value()) << f.path() << " translates no catalogue scenario";
        std::ifstream in(f.path());
        std::stringstream text;
        text << in.rdbuf();
        EXPECT_EQ(parseScenarioText(text.str(), id).error, "");
    }
}

TEST(CatalogueChinese, LocalizedEntryAndEnglishFallback) {
    const auto c = catalogue();
    const auto e = c.find("graceful-close");
    ASSERT_TRUE(e);
    EXPECT_EQ(c.localized(*e, kChinese).title, "正常关闭：四次挥手");
    EXPECT_EQ(c.localized(*e, "").title, e->title);
    EXPECT_EQ(c.localized(*e, "fr_FR").title, e->title);
    EXPECT_FALSE(c.translation("graceful-close", "").has_value());
}

TEST(ScenarioText, BlockRulesAndErrors) {
    auto r = parseScenarioText("# c\ntitle: 标题\nsummary: 一句话\nabout: |\n  第一段\n  续行\n\n  第二段\n", "t.txt");
    ASSERT_TRUE(r.text) << r.error;
    EXPECT_EQ(r.text->title, "标题");
    EXPECT_EQ(r.text->about, "第一段\n续行\n\n第二段");
    auto bad = parseScenarioText("title: x\nfrob: y\n", "t.txt");
    EXPECT_EQ(bad.error, "t.txt:2: expected title:, group:, summary:, about: |, or ask N:, choices N:, explain N: for "
                         "the N-th question");
}

TEST(Pairs, EveryPairNamesCatalogueScenariosBothWays) {
    const auto c = catalogue();
    const auto file = loadScenarioPairs(FINSCOPE_SCENARIO_DIR);
    EXPECT_TRUE(file.errors.empty()) << file.errors.front();
    ASSERT_GE(file.pairs.size(), 3u);
    EXPECT_EQ(c.pairs().size(), file.pairs.size()) << "a pair names a scenario that is not in the catalogue";
    for (const auto& p : file.pairs) {
        SCOPED_TRACE(p.a + " " + p.b);
        const auto a = c.find(p.a), b = c.find(p.b);
        ASSERT_TRUE(a && b);
        EXPECT_NE(std::find(a->compareWith.begin(), a->compareWith.end(), p.b), a->compareWith.end());
        EXPECT_NE(std::find(b->compareWith.begin(), b->compareWith.end(), p.a), b->compareWith.end());
        EXPECT_FALSE(p.what.empty()) << "say what the comparison shows";
    }
    const auto gc = c.find("graceful-close");
    ASSERT_TRUE(gc);
    EXPECT_NE(std::find(gc->compareWith.begin(), gc->compareWith.end(), "linger-abortive-close"), gc->compareWith.end());
}

TEST(Pairs, BadLinesAreReported) {
    auto r = parseScenarioPairs("a b # ok\n\n# only a comment\nx\nc c\n", "pairs.txt");
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(r.pairs[0].what, "ok");
    ASSERT_EQ(r.errors.size(), 2u);
    EXPECT_EQ(r.errors[0], "pairs.txt:4: expected two different scenario ids");
}

TEST(Language, FromLocaleNames) {
    EXPECT_EQ(languageOfLocale("zh_CN.UTF-8"), "zh_CN");
    EXPECT_EQ(languageOfLocale("zh_SG"), "zh_CN");
    EXPECT_EQ(languageOfLocale("zh"), "zh_CN");
    EXPECT_EQ(languageOfLocale("zh_TW.UTF-8"), "");
    EXPECT_EQ(languageOfLocale("zh_HK"), "");
    EXPECT_EQ(languageOfLocale("en_US.UTF-8"), "");
    EXPECT_EQ(languageOfLocale("C"), "");
    EXPECT_EQ(languageOfLocale("zhx"), "");
}

TEST(Language, PrecedenceOfTheEnvironment) {
    ::setenv("LANG", "zh_CN.UTF-8", 1);
    ::unsetenv("LC_ALL");
    ::unsetenv("LC_MESSAGES");
    EXPECT_EQ(messageLanguage(), "zh_CN");
    ::setenv("LC_MESSAGES", "C", 1);
    EXPECT_EQ(messageLanguage(), "") << "LC_MESSAGES overrides LANG";
    ::setenv("LC_ALL", "zh_CN.UTF-8", 1);
    EXPECT_EQ(messageLanguage(), "zh_CN") << "LC_ALL overrides both";
    ::setenv("LC_ALL", "", 1);
    EXPECT_EQ(messageLanguage(), "") << "an empty variable is skipped";
}

TEST(NamesChinese, EveryErrnoHasAMeaning) {
    // Every errno the calls of a scenario document (socket(2), connect(2),
    // accept(2), send(2), recv(2), read(2), write(2), close(2), shutdown(2),
    // poll(2), setsockopt(2), fcntl(2), tcp(7)). glibc knows ~130 more
    // (ENOMEDIUM, EKEYREVOKED...), which show their English text.
    for (const char* name : {"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "EBADF", "ECHILD",
                             "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "EBUSY", "EEXIST", "ENODEV", "ENOTDIR",
                             "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOSPC", "ESPIPE", "EPIPE", "ERANGE",
                             "ENOSYS", "ENOTSOCK", "EDESTADDRREQ", "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT",
                             "EPROTONOSUPPORT", "EOPNOTSUPP", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
                             "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS",
                             "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETIMEDOUT", "ECONNREFUSED", "EHOSTDOWN",
                             "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "EWOULDBLOCK", "ENOTSUP"}) {
        ASSERT_TRUE(names::errnoValue(name)) << name << " is not an errno glibc knows";
        EXPECT_TRUE(hasChinese(names::errnoMeaningZh(name))) << name;
    }
    EXPECT_EQ(names::errnoMeaningZh("EPIPE"), "断开的管道");
    EXPECT_EQ(names::errnoMeaningZh("EWOULDBLOCK"), names::errnoMeaningZh("EAGAIN"));
    EXPECT_EQ(names::errnoMeaningZh("ENOSUCH"), "");
    for (const char* n : {"EPIPE", "ECONNRESET", "EAGAIN", "ECONNREFUSED", "EADDRINUSE"})
        EXPECT_TRUE(hasChinese(names::errnoHintZh(n))) << n;
}

TEST(NamesChinese, ManPageHint) {
    EXPECT_EQ(names::manPageHintZh("send(2)/tcp(7)"), "参见手册页 send(2)、tcp(7)（终端中输入 man 2 send）");
    EXPECT_EQ(names::manPageHintZh("write(2)"), "参见手册页 write(2)（终端中输入 man 2 write）");
    EXPECT_EQ(names::manPageHintZh(""), "");
}
