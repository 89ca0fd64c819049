// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

/// The scenario file, read-only, with line numbers (errors and events
/// name lines). Two highlights: the step running now, and the line of the
/// event selected in the ladder.
class ScenarioTextView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ScenarioTextView(QWidget* parent = nullptr);

    void setSource(const QString& text);
    /// The step being run (or about to run, when paused). 0 clears.
    void setStepLine(int line);
    /// The line of the selected event. 0 clears.
    void setSelectedLine(int line);
    /// Puts the cursor at line:column (1-based) and shows it.
    void jumpTo(int line, int column);
    int stepLine() const { return m_stepLine; }
    int selectedLine() const { return m_selectedLine; }

    int gutterWidth() const;
    void paintGutter(QPaintEvent* event);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void updateHighlights();
    QTextEdit::ExtraSelection lineSelection(int line, const QColor& colour) const;

    QWidget* m_gutter;
    int m_stepLine = 0;
    int m_selectedLine = 0;
};
