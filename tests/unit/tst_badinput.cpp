// SPDX-License-Identifier: MIT
// Files that are no scenarios: a device, a FIFO, a huge file. Each gets a
// clear error at once; none may hang or fill the memory (issue 7).
#include "core/catalogue.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

using namespace finscope;
namespace fs = std::filesystem;

namespace {

std::string onlyError(const ParseResult& r) {
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.errors.size(), 1u);
    return r.errors.empty() ? "" : r.errors[0].message;
}

fs::path tempDir() {
    char pattern[] = "/tmp/finscope-badinput-XXXXXX";
    const char* dir = ::mkdtemp(pattern);
    EXPECT_NE(dir, nullptr);
    return dir ? fs::path(dir) : fs::path("/tmp");
}

} // namespace

TEST(BadInput, DeviceIsRefusedWithoutReading) {
    EXPECT_EQ(onlyError(loadScenarioFile("/dev/zero")),
              "cannot read /dev/zero: not a regular file (a device); a scenario is a text file");
}

TEST(BadInput, FifoIsRefusedWithoutWaiting) {
    const fs::path dir = tempDir();
    const fs::path fifo = dir / "pipe.fsc";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    EXPECT_EQ(onlyError(loadScenarioFile(fifo)),
              "cannot read " + fifo.string() + ": not a regular file (a FIFO); a scenario is a text file");
    // A FIFO among the scenarios of a directory is listed with its error.
    std::ofstream(dir / "good.fsc") << "title: Good\nclient: connect()\n";
    const Catalogue c = Catalogue::loadDir(dir);
    ASSERT_EQ(c.entries().size(), 2u);
    fs::remove_all(dir);
}

TEST(BadInput, TooLargeFileIsRefused) {
    const fs::path dir = tempDir();
    const fs::path big = dir / "big.fsc";
    {
        std::ofstream out(big);
        out << "title: big\n";
        const std::string line = "client: sleep(0)\n";
        for (std::size_t n = 0; n * line.size() < kMaxScenarioBytes + 1; ++n) out << line;
    }
    const std::string error = onlyError(loadScenarioFile(big));
    EXPECT_NE(error.find("a scenario is at most 1048576 bytes (1 MiB)"), std::string::npos) << error;
    fs::remove_all(dir);
}

TEST(BadInput, ByteOrderMarkIsAccepted) {
    const fs::path dir = tempDir();
    std::ofstream(dir / "bom.fsc") << "\xEF\xBB\xBFtitle: With BOM\nclient: connect()\n";
    const ParseResult r = loadScenarioFile(dir / "bom.fsc");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.scenario->title, "With BOM");
    fs::remove_all(dir);
}
