// SPDX-License-Identifier: MIT
#pragma once
// Reading an exported SVG back, for the export tests.

#include <QFile>
#include <QStringList>
#include <QXmlStreamReader>

namespace exportcheck {

/// The text of every <text> element of an SVG file, in document order;
/// `error` is set (and the list empty) when the file is not well-formed XML.
inline QStringList svgTexts(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QXmlStreamReader xml(&file);
    QStringList texts;
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == QLatin1String("svg"))
            sawSvg = true;
        else if (xml.name() == QLatin1String("text"))
            texts.append(xml.readElementText(QXmlStreamReader::IncludeChildElements));
    }
    if (xml.hasError()) {
        *error = QStringLiteral("%1 at line %2").arg(xml.errorString()).arg(xml.lineNumber());
        return {};
    }
    if (!sawSvg)
        *error = QStringLiteral("no <svg> element");
    return texts;
}

/// True if some text element contains `needle` (a word may share an element with others).
inline bool containsText(const QStringList& texts, const QString& needle)
{
    for (const QString& t : texts)
        if (t.contains(needle))
            return true;
    return false;
}

} // namespace exportcheck
