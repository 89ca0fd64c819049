// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

/// `finscope diff [--json] A B`: A and B are scenarios (run now, each in its
/// own sandbox) or saved traces (.jsonl). Exit 0: same, 1: they differ, 2: error.
int diffCommand(const std::vector<std::string>& args);
