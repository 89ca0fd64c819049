// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QTextBrowser>
#include <QTimer>

#include <vector>

/// The learner's text of the scenario ("about"), and after a run which
/// expectations held and which were missed.
class ExplanationPanel : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ExplanationPanel(QWidget* parent = nullptr);

    void setScenario(const QString& title, const QString& summary, const QString& about);
    /// Adds the outcome of one expectation as the run reports it.
    void addExpectation(const finscope::ExpectEvent& expect);
    void setSummary(const finscope::SummaryEvent& summary);
    /// Forgets the last run's outcome, keeps the scenario text.
    void clearRun();
    int expectationCount() const { return static_cast<int>(m_expects.size()); }
    /// While held, the outcome is collected but not drawn: a trace file being
    /// read reports thousands of expectations, and laying out the list takes
    /// tens of ms each time. Releasing draws once.
    void setHeld(bool held);

Q_SIGNALS:
    /// A line number in the text was clicked.
    void lineClicked(int line);

private:
    void render();
    void renderHtml();
    void scheduleRender();

    QString m_title, m_summary, m_about;
    std::vector<finscope::ExpectEvent> m_expects;
    std::optional<finscope::SummaryEvent> m_runSummary;
    QTimer m_renderTimer;   // a long trace reports thousands of expectations: see render()
    bool m_held = false;
    bool m_dirty = false;   // changed while held
};
