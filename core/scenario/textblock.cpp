// SPDX-License-Identifier: MIT
#include "core/scenario/textblock.h"

#include "core/scenario/parsetext.h"

namespace finscope::fsc {

std::size_t indentOf(std::string_view line) {
    std::size_t n = 0;
    while (n < line.size() && isSpace(line[n])) ++n;
    return n;
}

std::string indentedBlock(const std::vector<std::string_view>& lines, std::size_t& i) {
    const std::size_t base = indentOf(lines[i]);
    std::vector<std::string_view> block;
    std::size_t indent = std::string_view::npos;
    std::size_t j = i + 1;
    for (; j < lines.size(); ++j) {
        const std::string_view l = lines[j];
        const bool blank = trim(l).empty();
        if (!blank && indentOf(l) <= base) break;
        if (!blank && indent == std::string_view::npos) indent = indentOf(l);
        block.push_back(l);
    }
    // Blank lines after the block belong to what follows.
    while (!block.empty() && trim(block.back()).empty()) {
        block.pop_back();
        --j;
    }
    i = j - 1;
    std::string out;
    bool pendingBreak = false;
    for (std::string_view l : block) {
        if (trim(l).empty()) {
            pendingBreak = !out.empty();
            continue;
        }
        std::size_t cut = 0;
        while (cut < indent && cut < l.size() && isSpace(l[cut])) ++cut;
        if (!out.empty()) out += pendingBreak ? "\n\n" : "\n";
        pendingBreak = false;
        std::string_view content = l.substr(cut);
        while (!content.empty() && (isSpace(content.back()) || content.back() == '\r')) content.remove_suffix(1);
        out += content;
    }
    return out;
}

} // namespace finscope::fsc
