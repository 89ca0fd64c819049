// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace finscope::fsc {

/// The block of a `key: |` line (`about: |`, `explain: |`): the lines after
/// `lines[i]` indented more than `lines[i]` itself, blank lines included.
/// The first text line's extra indentation is removed from all; lines are
/// joined with '\n', paragraphs (split by blank lines) with "\n\n". Moves
/// `i` to the block's last line.
std::string indentedBlock(const std::vector<std::string_view>& lines, std::size_t& i);

/// Leading spaces and tabs of `line`.
std::size_t indentOf(std::string_view line);

} // namespace finscope::fsc
