// SPDX-License-Identifier: MIT
#pragma once

#include "ui/scenariotextview.h"

#include <QObject>
#include <QTimer>

class QTextDocument;

/// Parses the editor's text with the core parser a moment after the typing
/// stops (not at every key: a 1 MiB file parses in milliseconds, but
/// underlines that flicker while a word is half typed only distract), and
/// says what is wrong at which line:column.
class ScenarioLinter : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioLinter(QTextDocument* document, QObject* parent = nullptr);

    /// The file name the text will have (the parser derives the id from it).
    void setPath(const QString& path) { m_path = path; }
    /// Parses now instead of after the pause; emits checked().
    void lintNow();
    /// Pauses the checking (while a run shows the text it started from).
    void setEnabled(bool enabled);
    /// Forgets a pending check (the text was just loaded from a file that was parsed anyway).
    void cancel() { m_timer.stop(); }
    int delayMs() const { return m_timer.interval(); }
    void setDelayMs(int ms) { m_timer.setInterval(ms); }

    struct Result {
        bool ok = false;
        QStringList endpoints;   ///< of a text that parses
        QList<ScenarioTextView::Diagnostic> errors;
    };
    /// Parses `text` as the file `path` would be.
    static Result check(const QString& text, const QString& path);

Q_SIGNALS:
    /// The text was parsed; `result.errors` empty when it is a valid scenario.
    void checked(const ScenarioLinter::Result& result);

private:
    QTextDocument* m_document;
    QTimer m_timer;
    QString m_path;
    bool m_enabled = true;
};
