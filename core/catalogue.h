// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenariopairs.h"
#include "core/scenarioparser.h"
#include "core/scenariotranslation.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

/// The built-in scenarios: the .fsc files of one directory, in teaching order.
namespace finscope {

struct CatalogueEntry {
    std::string id;      ///< file stem without its "NN-" order prefix: "graceful-close"
    std::string path;    ///< the file
    std::string title;   ///< from the file; the id when the file has no title
    std::string group;   ///< from the file; "My scenarios" when absent
    std::string summary; ///< from the file; for a file that does not parse, its first error
    std::vector<std::string> compareWith; ///< ids of natural comparisons (pairs.txt), in the file's order
};

class Catalogue {
public:
    /// Where scenarios are looked for, in order: $FINSCOPE_SCENARIO_DIR, the
    /// source tree's resources/scenarios, the install directory, and
    /// ../share/finscope/scenarios next to the running program.
    static std::vector<std::string> searchDirs();

    /// The catalogue of the first search directory that holds *.fsc files;
    /// empty when none does.
    static Catalogue load();
    /// The catalogue of one directory (empty if it has no *.fsc files).
    static Catalogue loadDir(const std::string& dir);

    /// The directory the entries come from; empty when nothing was found.
    const std::string& dir() const { return dir_; }

    /// Sorted by group, groups in the order of their files' "NN-" prefixes
    /// (files without one last), then by file name.
    std::vector<CatalogueEntry> entries() const { return entries_; }

    /// By id ("graceful-close"), file name ("01-graceful-close.fsc" or
    /// without extension), or the path of any readable .fsc file, which need
    /// not be in the catalogue.
    std::optional<CatalogueEntry> find(std::string_view idOrPath) const;

    /// The natural pairs of pairs.txt whose two ids are both in the catalogue.
    const std::vector<ScenarioPair>& pairs() const { return pairs_; }

    /// The scenario's title, group, summary and explanation in `language`
    /// ("zh_CN"), from `<dir>/<language>/<id>.txt`; nullopt for English or
    /// when there is no translation.
    std::optional<ScenarioText> translation(const std::string& id, const std::string& language) const;
    /// The entry with its title, group and summary in `language` where a
    /// translation has them; unchanged otherwise.
    CatalogueEntry localized(const CatalogueEntry& entry, const std::string& language) const;

private:
    void linkPairs();

    std::string dir_;
    std::vector<CatalogueEntry> entries_;
    std::vector<ScenarioPair> pairs_;
};

/// Reads and parses a scenario file. An unreadable file gives one error at
/// 0:0: "cannot read FILE: <strerror>".
ParseResult loadScenarioFile(const std::string& path);

} // namespace finscope
