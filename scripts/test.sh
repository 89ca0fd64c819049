#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds FinScope with the CI preset (warnings are errors) and runs every test
# tier: unit, fuzz smoke runs, kernel-truth integration, golden traces, GUI.
# GUI tests run offscreen (QT_QPA_PLATFORM=offscreen), so no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)" "$@"
