// SPDX-License-Identifier: MIT
#pragma once

/// Spacing shared by the ladder painter's measuring (ladderpaintermeasure.cpp)
/// and painting (ladderpainter.cpp): one figure, one set of numbers.
namespace LadderSpacing {
constexpr double kPad = 6.0;
constexpr double kStripWidth = 7.0;
constexpr double kStripGap = 3.0;
} // namespace LadderSpacing
