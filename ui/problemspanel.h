// SPDX-License-Identifier: MIT
#pragma once

#include <QListWidget>

/// Problems said in the window, never only on a console: no capture, a
/// runner that failed or hung, errors in a scenario file (click one to jump
/// to its line and column).
class ProblemsPanel : public QListWidget
{
    Q_OBJECT
public:
    enum class Level { Info, Warning, Error };
    /// A problem at a place in the scenario text.
    struct Located {
        int line = 0;
        int column = 0;
        QString text;
    };

    explicit ProblemsPanel(QWidget* parent = nullptr);

    void addProblem(Level level, const QString& text, int line = 0, int column = 0);
    /// Reads `path:line:col: message` lines (the runner's and the parser's
    /// format) as located errors; other non-empty lines as plain errors.
    /// Returns how many located errors it found.
    int addDiagnostics(const QString& text);
    /// The errors listed with a line (and column), for marking them in the text.
    QList<Located> locatedErrors() const;

    /// Empties the list (and the count of problems not listed).
    void clear();

Q_SIGNALS:
    void locationActivated(int line, int column);
    void problemAdded();

private:
    QListWidgetItem* m_moreItem = nullptr;   // "N more problems not listed", once the list is full
    int m_notListed = 0;
};
