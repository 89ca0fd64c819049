// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>

/// A catalogue scenario's texts in another language, kept beside the
/// scenario in `<catalogue>/<language>/<id>.txt` (docs/scenario-format.md,
/// "Translations"). The .fsc file itself stays as written.
namespace finscope {

struct ScenarioText {
    std::string title;
    std::string group;    ///< the catalogue group's name; may be empty
    std::string summary;
    std::string about;    ///< paragraphs separated by one blank line
};

struct ScenarioTextResult {
    std::optional<ScenarioText> text;
    std::string error;    ///< "file:line: why" when the file is malformed
};

/// Reads the `title:`, `group:`, `summary:` and `about: |` headers from a
/// translation file's text (the .fsc header rules: an about block is every
/// following indented or blank line). `#` lines outside the block are comments.
ScenarioTextResult parseScenarioText(const std::string& text, const std::string& name);

/// The translation of scenario `id` in `language` found in `catalogueDir`;
/// nullopt when there is none.
std::optional<ScenarioText> loadScenarioText(const std::string& catalogueDir, const std::string& id,
                                             const std::string& language);

} // namespace finscope
