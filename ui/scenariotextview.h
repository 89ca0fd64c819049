// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

/// The scenario file, read-only, with line numbers (errors and events
/// name lines). Two highlights: the step running now, and the line of the
/// event selected in the ladder. Errors are underlined where they are
/// (line:column) and say what is wrong in a tooltip.
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

    void setSource(const QString& text);
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

private:
    void updateHighlights();
    QTextEdit::ExtraSelection lineSelection(int line, const QColor& colour) const;

    QWidget* m_gutter;
    int m_stepLine = 0;
    int m_selectedLine = 0;
    QList<Diagnostic> m_diagnostics;
};
