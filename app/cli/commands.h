// SPDX-License-Identifier: MIT
#pragma once

#include "commandline.h"

#include <string_view>
#include <vector>

namespace finscope::cli {

// One function a command, each in its own file NAMEcommand.cpp.
int listCommand(int argc, char** argv);
int checkCommand(int argc, char** argv);
int showCommand(int argc, char** argv);
int runCommand(int argc, char** argv);
int diffCommand(int argc, char** argv);
int importCommand(int argc, char** argv);

/// Every command, in the order `finscope --help` lists them (main.cpp).
const std::vector<Command>& commands();
/// The command of that name (it must exist).
const Command& command(std::string_view name);

} // namespace finscope::cli
