// SPDX-License-Identifier: MIT
#pragma once

#include "core/names.h"
#include "core/scenario.h"

#include <cstdint>
#include <string>

namespace finscope {

// A step's arguments, read by their documented names (docs/scenario-format.md)
// whether the author wrote them by position or as `name=value`; the fallback
// stands for an argument left out or of another kind.

std::int64_t intArg(const Step& s, const char* name, std::int64_t fallback);
/// `A|B` flag names or a plain number.
long flagsArg(const Step& s, const char* name, names::FlagSet set, long fallback);
/// The first bare name, as in `option=SO_LINGER`.
std::string nameArg(const Step& s, const char* name, const std::string& fallback);
/// The bytes a write sends: the text as written, or for a count that many
/// bytes of a repeating alphabet (readable in a capture).
std::string payloadOf(const Value* v);

} // namespace finscope
