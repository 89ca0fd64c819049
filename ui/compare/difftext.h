// SPDX-License-Identifier: MIT
#pragma once

#include "core/tracediff.h"

#include <QString>

#include <string>

/// The compare's difference texts as the interface shows them: core's
/// English (what `finscope diff` prints), or its Simplified Chinese
/// translation (core/tracediff_zh.h) when the interface is Chinese. A text
/// without a translation stays English rather than being lost.
namespace DiffText {

QString fact(finscope::StepFact::Kind kind, const std::string& text);
QString note(const std::string& text);
QString kind(finscope::StepFact::Kind kind);

} // namespace DiffText
