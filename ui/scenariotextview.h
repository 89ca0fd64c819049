// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

class QCompleter;
class ScenarioHighlighter;

/// The scenario editor, with line numbers (errors and events name lines),
/// syntax colours and completion of call, flag, errno and signal names
/// (Ctrl+Space, or after three letters). Two highlights: the step running
/// now, and the line of the event selected in the ladder. Errors are
/// underlined where they are (line:column) and say what is wrong in a tooltip.
class ScenarioTextView : public QPlainTextEdit
{
    Q_OBJECT
public:
    /// An error at a place in the text (1-based line and column).
    struct Diagnostic {
        int line = 0;
        int column = 0;
        QString message;
    };

    explicit ScenarioTextView(QWidget* parent = nullptr);

    /// Replaces the text; the document counts as unmodified afterwards.
    void setSource(const QString& text);
    /// Read-only while a run shows the text it started from.
    void setEditable(bool editable);
    QCompleter* completer() const { return m_completer; }
    ScenarioHighlighter* highlighter() const { return m_highlighter; }
    /// The word being typed at the cursor (letters, digits, '_').
    QString wordBeforeCursor() const;
    /// Opens the completion list for the word before the cursor; false when nothing matches.
    bool showCompletions();
    /// The step being run (or about to run, when paused). 0 clears.
    void setStepLine(int line);
    /// The line of the selected event. 0 clears.
    void setSelectedLine(int line);
    /// Puts the cursor at line:column (1-based) and shows it.
    void jumpTo(int line, int column);
    /// Underlines these errors (replacing the previous ones); empty clears.
    void setDiagnostics(const QList<Diagnostic>& diagnostics);
    const QList<Diagnostic>& diagnostics() const { return m_diagnostics; }
    /// The tooltip for a place in the text: the messages of the errors on its line.
    QString diagnosticTextAt(int line) const;
    /// The characters an error underlines: the word at its column, else one character.
    QTextCursor diagnosticRange(const Diagnostic& diagnostic) const;
    int stepLine() const { return m_stepLine; }
    int selectedLine() const { return m_selectedLine; }

    int gutterWidth() const;
    void paintGutter(QPaintEvent* event);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    void updateHighlights();
    QTextEdit::ExtraSelection lineSelection(int line, const QColor& colour) const;

    void insertCompletion(const QString& completion);

    QWidget* m_gutter;
    QCompleter* m_completer;
    ScenarioHighlighter* m_highlighter;
    int m_stepLine = 0;
    int m_selectedLine = 0;
    QList<Diagnostic> m_diagnostics;
};
