// SPDX-License-Identifier: MIT
#include "ui/scenariohighlighter.h"

#include "ui/scenariovocabulary.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace {
// Block states: inside an `about: |` block, whose indented lines are prose.
constexpr int kInAbout = 1;

bool isHeaderKey(const QString& key)
{
    static const QStringList keys{u"title"_s, u"group"_s, u"summary"_s, u"about"_s};
    return keys.contains(key);
}
}

ScenarioHighlighter::ScenarioHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(document), m_word(u"[A-Za-z_][A-Za-z0-9_]*"_s)
{
    for (const QString& c : ScenarioVocabulary::callNames())
        m_calls.insert(c);
    for (const QString& c : ScenarioVocabulary::constantNames())
        m_constants.insert(c);
}

QTextCharFormat ScenarioHighlighter::format(Kind kind) const
{
    // Colours readable on light and dark palettes alike.
    QTextCharFormat f;
    switch (kind) {
    case Kind::Comment: f.setForeground(QColor(0x6a, 0x8a, 0x6a)); f.setFontItalic(true); break;
    case Kind::Header: f.setForeground(QColor(0x8a, 0x4a, 0xb0)); f.setFontWeight(QFont::Bold); break;
    case Kind::Endpoint: f.setForeground(QColor(0x2a, 0x7a, 0xb0)); f.setFontWeight(QFont::Bold); break;
    case Kind::Call: f.setForeground(QColor(0x20, 0x60, 0xd0)); break;
    case Kind::Constant: f.setForeground(QColor(0xb0, 0x50, 0x10)); break;
    case Kind::String: f.setForeground(QColor(0x30, 0x90, 0x30)); break;
    case Kind::Number: f.setForeground(QColor(0x90, 0x30, 0x90)); break;
    case Kind::Keyword: f.setForeground(QColor(0x80, 0x80, 0x20)); f.setFontWeight(QFont::Bold); break;
    }
    return f;
}

void ScenarioHighlighter::setKind(int start, int length, Kind kind)
{
    setFormat(start, length, format(kind));
}

void ScenarioHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(0);
    // An about block goes on while lines are indented or blank.
    if (previousBlockState() == kInAbout && (text.isEmpty() || text.front().isSpace())) {
        setCurrentBlockState(kInAbout);
        return;
    }
    const qsizetype colon = text.indexOf(u':');
    const QString head = colon > 0 ? text.left(colon).trimmed() : QString();
    if (colon > 0 && !text.front().isSpace() && isHeaderKey(head)) {
        setKind(0, static_cast<int>(colon + 1), Kind::Header);
        if (head == u"about"_s && text.mid(colon + 1).trimmed().startsWith(u'|'))
            setCurrentBlockState(kInAbout);
        return;
    }
    // Strings first: a '#' or a name inside one is text, not a comment or a call.
    QList<std::pair<int, int>> strings;
    int comment = -1;
    for (int i = 0; i < text.size(); ++i) {
        if (text[i] == u'#') {
            comment = i;
            break;
        }
        if (text[i] == u'"') {
            int j = i + 1;
            while (j < text.size() && text[j] != u'"')
                j += text[j] == u'\\' ? 2 : 1;
            const int end = std::min<int>(j + 1, static_cast<int>(text.size()));
            strings.append({i, end - i});
            i = end - 1;
        }
    }
    const int codeEnd = comment >= 0 ? comment : static_cast<int>(text.size());
    const auto inString = [&strings](int pos) {
        for (const auto& [s, l] : strings)
            if (pos >= s && pos < s + l)
                return true;
        return false;
    };
    if (colon > 0 && colon < codeEnd && !inString(static_cast<int>(colon)))
        setKind(0, static_cast<int>(colon), Kind::Endpoint);
    for (auto it = m_word.globalMatch(text.left(codeEnd)); it.hasNext();) {
        const auto m = it.next();
        const int start = static_cast<int>(m.capturedStart());
        if (inString(start) || (colon > 0 && start < colon))
            continue;
        const QString word = m.captured();
        if (m_calls.contains(word))
            setKind(start, static_cast<int>(m.capturedLength()), Kind::Call);
        else if (m_constants.contains(word))
            setKind(start, static_cast<int>(m.capturedLength()), Kind::Constant);
        else if (ScenarioVocabulary::keywords().contains(word))
            setKind(start, static_cast<int>(m.capturedLength()), Kind::Keyword);
    }
    static const QRegularExpression number(u"(?<![A-Za-z_0-9])-?[0-9]+(\\.[0-9]+)?"_s);
    for (auto it = number.globalMatch(text.left(codeEnd)); it.hasNext();) {
        const auto m = it.next();
        if (!inString(static_cast<int>(m.capturedStart())))
            setKind(static_cast<int>(m.capturedStart()), static_cast<int>(m.capturedLength()), Kind::Number);
    }
    for (const auto& [s, l] : strings)
        setKind(s, l, Kind::String);
    if (comment >= 0)
        setKind(comment, static_cast<int>(text.size()) - comment, Kind::Comment);
}
