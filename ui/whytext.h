// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <string>

/// A trace event's `why` as the interface shows it: the engine's English
/// sentence (the trace's documented form), or its Simplified Chinese
/// translation (core/causesentences_zh.h) when the interface is Chinese. A
/// sentence without a translation stays English rather than being lost.
namespace WhyText {

QString shown(const std::string& why);

} // namespace WhyText
