// SPDX-License-Identifier: MIT
// Stands in for libFuzzer where the compiler has none (GCC): runs every
// corpus file, then a fixed-seed batch of mutations of them. Deterministic,
// so a failure in CI reproduces with the same command.
//
// usage: fuzz_X [-runs=N] [-seed=S] CORPUS_DIR_OR_FILE...
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::string;

void readInputs(const std::filesystem::path& p, std::vector<Bytes>& out) {
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
        std::vector<std::filesystem::path> files;
        for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec))
            if (e.is_regular_file()) files.push_back(e.path());
        std::sort(files.begin(), files.end()); // directory order is not reproducible
        for (const auto& f : files) readInputs(f, out);
        return;
    }
    std::ifstream in(p, std::ios::binary);
    if (in) out.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void run(const Bytes& b) { LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(b.data()), b.size()); }

/// Small fragments that matter to the grammars under test, so that
/// mutations reach deep states instead of only breaking tokens.
using namespace std::string_view_literals;
const std::string_view kTokens[] = {
    "("sv, ")"sv, "\""sv, "\\"sv, "\\x"sv, "=>"sv, "="sv, ","sv, "|"sv, ":"sv, "\n"sv, "\r\n"sv, "\t"sv, "#"sv,
    "-"sv, "about: |\n"sv, "title: t\n"sv, "client: "sv, "server: "sv, "fork()"sv, "close("sv, "0"sv, "-1"sv,
    "99999999999999999999"sv, "1e400"sv, "{"sv, "}"sv, "["sv, "]"sv, "null"sv, "\"kind\":"sv, "\"syscall\""sv,
    "\xc3\xa9"sv, "\xff"sv, "\0"sv};

class Mutator {
public:
    explicit Mutator(std::uint32_t seed) : rng_(seed) {}

    Bytes mutate(const std::vector<Bytes>& corpus) {
        Bytes b = corpus[below(corpus.size())];
        const std::size_t n = 1 + below(4);
        for (std::size_t i = 0; i < n; ++i) once(b, corpus);
        return b;
    }

private:
    // The raw engine output, not std::uniform_int_distribution, whose
    // results differ between standard libraries.
    std::size_t below(std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng_() % n); }

    void once(Bytes& b, const std::vector<Bytes>& corpus) {
        const std::size_t at = below(b.size() + 1);
        switch (below(7)) {
        case 0: if (!b.empty()) b[below(b.size())] = static_cast<char>(below(256)); break;
        case 1: b.insert(at, 1, static_cast<char>(below(256))); break;
        case 2: if (!b.empty()) b.erase(below(b.size()), 1 + below(8)); break;
        case 3: b.insert(at, kTokens[below(std::size(kTokens))]); break;
        case 4: if (!b.empty()) b.insert(at, b.substr(below(b.size()), 1 + below(32))); break;
        case 5: { const Bytes& o = corpus[below(corpus.size())]; if (!o.empty()) b.insert(at, o.substr(below(o.size()))); } break;
        default: b.resize(at); break;
        }
    }

    std::mt19937 rng_;
};

} // namespace

int main(int argc, char** argv) {
    long runs = 20000;
    unsigned long seed = 1;
    std::vector<Bytes> corpus;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("-runs=", 0) == 0) runs = std::strtol(arg.c_str() + 6, nullptr, 10);
        else if (arg.rfind("-seed=", 0) == 0) seed = std::strtoul(arg.c_str() + 6, nullptr, 10);
        else readInputs(arg, corpus);
    }
    if (corpus.empty()) corpus.emplace_back();
    for (const auto& b : corpus) run(b);
    Mutator m(static_cast<std::uint32_t>(seed));
    for (long i = 0; i < runs; ++i) run(m.mutate(corpus));
    std::printf("%zu corpus inputs and %ld mutations ran without a failure\n", corpus.size(), runs);
    return 0;
}
