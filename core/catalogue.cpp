// SPDX-License-Identifier: MIT
#include "core/catalogue.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <cstdint>
#include <unistd.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace finscope {
namespace {

namespace fs = std::filesystem;

bool hasScenarios(const std::string& dir) {
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return false;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".fsc") return true;
    return false;
}

std::string exeRelativeDir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    return (exe.parent_path() / ".." / "share" / "finscope" / "scenarios").lexically_normal().string();
}

/// The "NN" of "NN-name.fsc": the file's place in the teaching order.
int orderPrefix(const std::string& fileName) {
    std::size_t digits = 0;
    while (digits < fileName.size() && digits < 9 && std::isdigit(static_cast<unsigned char>(fileName[digits]))) ++digits;
    if (digits == 0 || digits >= fileName.size() || fileName[digits] != '-') return INT_MAX;
    return std::stoi(fileName.substr(0, digits));
}

/// A header's value read without the parser, for files that do not parse.
std::string scanHeader(const std::string& text, const std::string& key) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key + ":", 0) != 0) continue;
        std::string value = line.substr(key.size() + 1);
        const auto b = value.find_first_not_of(" \t");
        const auto e = value.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
    }
    return {};
}

/// Reads a scenario file: only a regular file, and only up to the size a
/// scenario can have, so that /dev/zero cannot fill the memory and a FIFO
/// cannot hang `check` or `list` (O_NONBLOCK: opening a FIFO without a
/// writer would wait; fstat then tells what it is).
bool readFile(const std::string& path, std::string& text, std::string& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        error = std::strerror(errno);
        return false;
    }
    struct stat st{};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        const bool dir = S_ISDIR(st.st_mode);
        error = dir ? std::strerror(EISDIR)
                    : std::string("not a regular file (") + (S_ISFIFO(st.st_mode) ? "a FIFO" : S_ISCHR(st.st_mode) ? "a device" : "a special file") +
                          "); a scenario is a text file";
        ::close(fd);
        return false;
    }
    if (static_cast<std::uint64_t>(st.st_size) > kMaxScenarioBytes) {
        error = "the file is " + std::to_string(st.st_size) + " bytes; a scenario is at most " +
                std::to_string(kMaxScenarioBytes) + " bytes (1 MiB)";
        ::close(fd);
        return false;
    }
    text.clear();
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            error = std::strerror(errno);
            ::close(fd);
            return false;
        }
        if (n == 0) break;
        text.append(buf, static_cast<std::size_t>(n));
        if (text.size() > kMaxScenarioBytes) {  // it grew while being read
            error = "the file is larger than a scenario can be (1 MiB)";
            ::close(fd);
            return false;
        }
    }
    ::close(fd);
    return true;
}

CatalogueEntry entryFor(const std::string& path) {
    CatalogueEntry e;
    e.path = path;
    e.id = scenarioIdFromPath(path);
    std::string text;
    std::string error;
    if (!readFile(path, text, error)) {
        e.title = e.id;
        e.group = "My scenarios";
        e.summary = "cannot read " + path + ": " + error;
        return e;
    }
    const ParseResult r = parseScenario(text, path);
    if (r.scenario) {
        e.title = r.scenario->title;
        e.group = r.scenario->group;
        e.summary = r.scenario->summary;
        return e;
    }
    e.title = scanHeader(text, "title");
    if (e.title.empty()) e.title = e.id;
    e.group = scanHeader(text, "group");
    if (e.group.empty()) e.group = "My scenarios";
    if (!r.errors.empty()) e.summary = "does not parse: " + formatError(fs::path(path).filename().string(), r.errors[0]);
    return e;
}

void sortEntries(std::vector<CatalogueEntry>& entries) {
    std::map<std::string, int> groupOrder;
    for (const auto& e : entries) {
        const int order = orderPrefix(fs::path(e.path).filename().string());
        auto [it, fresh] = groupOrder.emplace(e.group, order);
        if (!fresh) it->second = std::min(it->second, order);
    }
    std::sort(entries.begin(), entries.end(), [&](const CatalogueEntry& a, const CatalogueEntry& b) {
        const int ga = groupOrder[a.group];
        const int gb = groupOrder[b.group];
        if (ga != gb) return ga < gb;
        if (a.group != b.group) return a.group < b.group;
        return fs::path(a.path).filename() < fs::path(b.path).filename();
    });
}

} // namespace

std::vector<std::string> Catalogue::searchDirs() {
    std::vector<std::string> dirs;
    auto add = [&](const std::string& d) {
        if (!d.empty() && std::find(dirs.begin(), dirs.end(), d) == dirs.end()) dirs.push_back(d);
    };
    if (const char* env = std::getenv("FINSCOPE_SCENARIO_DIR")) add(env);
#ifdef FINSCOPE_SOURCE_SCENARIO_DIR
    add(FINSCOPE_SOURCE_SCENARIO_DIR);
#endif
#ifdef FINSCOPE_INSTALL_SCENARIO_DIR
    add(FINSCOPE_INSTALL_SCENARIO_DIR);
#endif
    add(exeRelativeDir());
    return dirs;
}

Catalogue Catalogue::load() {
    for (const auto& dir : searchDirs())
        if (hasScenarios(dir)) return loadDir(dir);
    return {};
}

Catalogue Catalogue::loadDir(const std::string& dir) {
    Catalogue c;
    if (!hasScenarios(dir)) return c;
    c.dir_ = dir;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".fsc") c.entries_.push_back(entryFor(it->path().string()));
    sortEntries(c.entries_);
    c.linkPairs();
    return c;
}

void Catalogue::linkPairs() {
    auto byId = [&](const std::string& id) -> CatalogueEntry* {
        for (auto& e : entries_)
            if (e.id == id) return &e;
        return nullptr;
    };
    for (const auto& pair : loadScenarioPairs(dir_).pairs) {
        CatalogueEntry* a = byId(pair.a);
        CatalogueEntry* b = byId(pair.b);
        if (!a || !b) continue;   // a pair naming a removed scenario is dropped, not an error for users
        a->compareWith.push_back(pair.b);
        b->compareWith.push_back(pair.a);
        pairs_.push_back(pair);
    }
}

std::optional<ScenarioText> Catalogue::translation(const std::string& id, const std::string& language) const {
    return loadScenarioText(dir_, id, language);
}

CatalogueEntry Catalogue::localized(const CatalogueEntry& entry, const std::string& language) const {
    CatalogueEntry out = entry;
    if (auto t = translation(entry.id, language)) {
        if (!t->title.empty()) out.title = t->title;
        if (!t->group.empty()) out.group = t->group;
        if (!t->summary.empty()) out.summary = t->summary;
    }
    return out;
}

std::optional<CatalogueEntry> Catalogue::find(std::string_view idOrPath) const {
    const std::string key(idOrPath);
    for (const auto& e : entries_) {
        const fs::path p(e.path);
        if (e.id == key || p.filename() == key || p.stem() == key) return e;
    }
    std::error_code ec;
    if (!key.empty() && fs::is_regular_file(key, ec)) return entryFor(key);
    return std::nullopt;
}

ParseResult loadScenarioFile(const std::string& path) {
    std::string text;
    std::string error;
    if (!readFile(path, text, error)) {
        ParseResult r;
        r.errors.push_back({{0, 0}, "cannot read " + path + ": " + error});
        return r;
    }
    return parseScenario(text, path);
}

} // namespace finscope
