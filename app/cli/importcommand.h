// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

/// `finscope import [--json] [--conn N] CAPTURE`: the arguments after "import".
int importCommand(const std::vector<std::string>& args);
