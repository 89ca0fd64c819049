// SPDX-License-Identifier: MIT
#pragma once

#include "core/tracediff.h"

#include <optional>
#include <string>

/// Simplified Chinese for the difference texts core/tracediff.cpp builds
/// (a fact's text, the kind of fact, the notes on how the runs were made).
/// `finscope diff` and its JSON keep the English, their documented form; the
/// GUI's compare shows this translation when its language is Chinese. Each
/// text is parsed by the template that built it; the parts taken from the run
/// (calls and their arguments, numbers, errno and signal names, TCP flags and
/// states, data read) stay as they are.
namespace finscope::tracediffzh {

/// The Chinese for a fact's text, or nullopt when `english` matches no
/// template of its kind (the caller then shows the English: nothing is lost).
/// A text with nothing English in it (a packet, a state path) comes back as is.
std::optional<std::string> factZh(StepFact::Kind kind, const std::string& english);

/// The Chinese for one of TraceDiff::notes, or nullopt as above.
std::optional<std::string> noteZh(const std::string& english);

/// factKindName() in Chinese.
const char* kindZh(StepFact::Kind kind);

} // namespace finscope::tracediffzh
