// SPDX-License-Identifier: MIT
#include "core/catalogue.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace finscope;
namespace fs = std::filesystem;

namespace {

/// A fresh directory with scenario files, and $FINSCOPE_SCENARIO_DIR
/// pointing at it for the test's duration.
class CatalogueTest : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("finscope-cat-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        ::setenv("FINSCOPE_SCENARIO_DIR", dir_.c_str(), 1);
    }
    void TearDown() override {
        ::unsetenv("FINSCOPE_SCENARIO_DIR");
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    void write(const std::string& name, const std::string& text) {
        std::ofstream(dir_ / name, std::ios::binary) << text;
    }
    static std::string scenario(const std::string& title, const std::string& group) {
        return "title: " + title + "\n" + (group.empty() ? "" : "group: " + group + "\n") +
               "about: First sentence. Second.\nclient: connect()\n";
    }
    void writeSet() {
        write("03-c.fsc", scenario("C", "Basics"));
        write("02-b.fsc", scenario("B", "Resets"));
        write("01-a.fsc", scenario("A", "Basics"));
        write("zz.fsc", scenario("Z", ""));
        write("broken.fsc", "title: Broken\nclient: conect()\n");
        write("notes.txt", "not a scenario");
    }
    fs::path dir_;
};

} // namespace

TEST_F(CatalogueTest, EnvironmentDirectoryComesFirst) {
    const auto dirs = Catalogue::searchDirs();
    ASSERT_FALSE(dirs.empty());
    EXPECT_EQ(dirs[0], dir_.string());
    EXPECT_EQ(dirs.back().find("/share/finscope/scenarios") != std::string::npos, true) << dirs.back();
}

TEST_F(CatalogueTest, EntriesInGroupOrderThenFileName) {
    writeSet();
    const Catalogue c = Catalogue::load();
    EXPECT_EQ(c.dir(), dir_.string());
    const auto e = c.entries();
    ASSERT_EQ(e.size(), 5u);
    EXPECT_EQ(e[0].id, "a");
    EXPECT_EQ(e[1].id, "c");
    EXPECT_EQ(e[2].id, "b");
    EXPECT_EQ(e[3].id, "broken");
    EXPECT_EQ(e[4].id, "zz");
    EXPECT_EQ(e[0].title, "A");
    EXPECT_EQ(e[0].group, "Basics");
    EXPECT_EQ(e[0].summary, "First sentence.");
    EXPECT_EQ(e[0].path, (dir_ / "01-a.fsc").string());
    EXPECT_EQ(e[2].group, "Resets");
    EXPECT_EQ(e[4].group, "My scenarios");
    EXPECT_EQ(e[3].title, "Broken");
    EXPECT_EQ(e[3].summary, "does not parse: broken.fsc:2:9: unknown call 'conect' (did you mean connect?)");
}

TEST_F(CatalogueTest, FindByIdFileNameOrPath) {
    writeSet();
    const Catalogue c = Catalogue::load();
    ASSERT_TRUE(c.find("a"));
    EXPECT_EQ(c.find("a")->title, "A");
    EXPECT_EQ(c.find("01-a.fsc")->id, "a");
    EXPECT_EQ(c.find("02-b")->id, "b");
    EXPECT_FALSE(c.find("nope"));
    EXPECT_FALSE(c.find(""));

    const fs::path outside = dir_ / "sub" / "07-mine.fsc";
    fs::create_directories(outside.parent_path());
    std::ofstream(outside) << scenario("Mine", "");
    const auto mine = c.find(outside.string());
    ASSERT_TRUE(mine);
    EXPECT_EQ(mine->id, "mine");
    EXPECT_EQ(mine->title, "Mine");
}

TEST_F(CatalogueTest, DirectoryWithoutScenariosIsSkipped) {
    write("readme.txt", "nothing here");
    const Catalogue c = Catalogue::load();
    EXPECT_NE(c.dir(), dir_.string());
    EXPECT_TRUE(Catalogue::loadDir(dir_.string()).entries().empty());
    EXPECT_TRUE(Catalogue::loadDir((dir_ / "missing").string()).dir().empty());
}

TEST_F(CatalogueTest, LoadScenarioFile) {
    write("01-a.fsc", scenario("A", "Basics"));
    const ParseResult ok = loadScenarioFile((dir_ / "01-a.fsc").string());
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.scenario->id, "a");
    EXPECT_EQ(ok.scenario->title, "A");

    const std::string missing = (dir_ / "missing.fsc").string();
    const ParseResult bad = loadScenarioFile(missing);
    EXPECT_FALSE(bad.ok());
    ASSERT_EQ(bad.errors.size(), 1u);
    EXPECT_EQ(bad.errors[0].pos, (SourcePos{0, 0}));
    EXPECT_EQ(bad.errors[0].message, "cannot read " + missing + ": No such file or directory");
    EXPECT_EQ(formatError(missing, bad.errors[0]), missing + ": cannot read " + missing + ": No such file or directory");

    const ParseResult dir = loadScenarioFile(dir_.string());
    ASSERT_EQ(dir.errors.size(), 1u);
    EXPECT_EQ(dir.errors[0].message, "cannot read " + dir_.string() + ": Is a directory");
}

TEST(Catalogue, BuiltInScenariosParse) {
    // Every built-in scenario must be valid: a broken one would only show
    // up when a student clicks it.
    const Catalogue c = Catalogue::loadDir(FINSCOPE_SCENARIO_DIR);
    for (const auto& e : c.entries()) {
        const ParseResult r = loadScenarioFile(e.path);
        std::string all;
        for (const auto& err : r.errors) all += formatError(e.path, err) + "\n";
        EXPECT_TRUE(r.ok()) << all;
    }
}
