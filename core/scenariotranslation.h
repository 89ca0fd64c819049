// SPDX-License-Identifier: MIT
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

/// A catalogue scenario's texts in another language, kept beside the
/// scenario in `<catalogue>/<language>/<id>.txt` (docs/scenario-format.md,
/// "Translations"). The .fsc file itself stays as written.
namespace finscope {

struct Scenario;

/// An author's Predict question in another language (`ask N:`,
/// `choices N:`, `explain N:` in the translation file). Empty parts keep
/// the .fsc file's text.
struct QuestionText {
    std::string prompt;
    std::vector<std::string> choices;  ///< as many as the .fsc file's, in the same order
    std::string explain;
};

struct ScenarioText {
    std::string title;
    std::string group;    ///< the catalogue group's name; may be empty
    std::string summary;
    std::string about;    ///< paragraphs separated by one blank line
    std::map<int, QuestionText> questions;  ///< by Question::number (1 = the file's first `ask`)
};

struct ScenarioTextResult {
    std::optional<ScenarioText> text;
    std::string error;    ///< "file:line: why" when the file is malformed
};

/// Reads the `title:`, `group:`, `summary:` and `about: |` headers from a
/// translation file's text (the .fsc header rules: an about block is every
/// following indented or blank line). `#` lines outside the block are comments.
ScenarioTextResult parseScenarioText(const std::string& text, const std::string& name);

/// Puts the translated questions of `text` into `scenario`'s steps. A
/// translation with another number of choices than the .fsc file keeps the
/// file's choices (the answer is their position).
void applyQuestionTexts(Scenario& scenario, const ScenarioText& text);

/// The translation of scenario `id` in `language` found in `catalogueDir`;
/// nullopt when there is none.
std::optional<ScenarioText> loadScenarioText(const std::string& catalogueDir, const std::string& id,
                                             const std::string& language);

} // namespace finscope
