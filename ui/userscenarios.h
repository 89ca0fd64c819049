// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// The user's own scenarios folder (QStandardPaths::AppDataLocation/scenarios,
/// e.g. ~/.local/share/FinScope/scenarios): where a catalogue scenario opened
/// for editing is saved as a copy, where new scenarios are saved first, and
/// what the catalogue lists under "My scenarios".
namespace UserScenarios {

QString directory();
/// A free file name in the folder for a copy of `fileName`: the same name, or `name-2.fsc`, `name-3.fsc`...
QString copyPathFor(const QString& fileName);
/// The text of File ▸ New Scenario: a small scenario that runs, with the syntax in comments.
QString templateText();

} // namespace UserScenarios
