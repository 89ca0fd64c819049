// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

class LadderView;

/// Writes the whole ladder figure to a file as SVG, PDF or PNG, drawn by
/// the ladder's own painter (LadderView::renderFigure), so the file shows exactly
/// what the window shows. SVG and PDF keep text as text (searchable,
/// selectable, sharp at any size).
///
/// The file is written to a temporary file next to it and renamed into
/// place only once complete (QSaveFile): a failed export leaves nothing
/// behind and never half-overwrites a file the user already had.
class LadderExport
{
public:
    enum class Format { Svg, Pdf, Png };

    /// The format a file name asks for by its suffix (case-insensitive), if any.
    static std::optional<Format> formatFor(const QString& path);
    /// Suffixes understood, for messages and file dialogs: "svg, pdf, png".
    static QString knownSuffixes();

    /// Writes `view`'s figure to `path` in the format its suffix names.
    /// Returns an empty string on success, else a sentence saying why not.
    static QString write(const LadderView& view, const QString& path);
    /// The same with an explicit format, whatever the suffix.
    static QString write(const LadderView& view, const QString& path, Format format);
};
