// SPDX-License-Identifier: MIT
#pragma once

#include <QRegularExpression>
#include <QSet>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/// Colours a .fsc text as it is typed: comments, headers (`title:`), the
/// endpoint before a step, call names, C names (errno, signals, flags),
/// strings and numbers. The vocabularies are the parser's own (core/names.h
/// and the call table), so what is coloured as a call is a call.
class ScenarioHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit ScenarioHighlighter(QTextDocument* document);

    /// The kinds of text it tells apart, for tests and the legend of colours.
    enum class Kind { Comment, Header, Endpoint, Call, Constant, String, Number, Keyword };
    QTextCharFormat format(Kind kind) const;

protected:
    void highlightBlock(const QString& text) override;

private:
    void setKind(int start, int length, Kind kind);

    QSet<QString> m_calls;
    QSet<QString> m_constants;
    QRegularExpression m_word;
};
