// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

/// Simplified Chinese for the `why` sentences the engine writes in English
/// (core/causeattributor.cpp, core/causesentences.cpp, the capture import's
/// segment marks). The trace keeps the English, its documented form; the GUI
/// shows this translation when its language is Chinese. Each sentence is
/// parsed by the template that built it; the parts taken from the run (call
/// names, endpoint names, line numbers, counts, addresses, errno and signal
/// names, TCP flags and states) stay as they are.
namespace finscope::causesentences {

/// The Chinese sentence, or nullopt when `english` matches no known template
/// (the caller then shows the English: a sentence is never lost).
std::optional<std::string> whyZh(const std::string& english);

} // namespace finscope::causesentences
