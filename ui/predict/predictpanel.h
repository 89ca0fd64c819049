// SPDX-License-Identifier: MIT
#pragma once

#include "ui/predict/predictquiz.h"

#include <QWidget>

class QButtonGroup;
class QLabel;
class QListWidget;
class QPushButton;
class QVBoxLayout;
class RunnerProcess;

/// Predict, then reveal: drives a step-mode run. Before each step it asks
/// what will happen, runs the step when every question has an answer,
/// then shows what the kernel did, right or wrong, with the engine's `why`
/// sentences; at the end, the score and the mistakes, each a link to its
/// step's event. The logic is PredictQuiz's; this is only its face.
class PredictPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PredictPanel(RunnerProcess* runner, QWidget* parent = nullptr);

    /// Starts a session for `scenario`; the caller then starts the runner in step mode.
    void begin(const finscope::Scenario& scenario);
    /// Ends the session (the run was stopped or another started without Predict).
    void cancel();
    bool isActive() const { return m_active; }
    const PredictQuiz& quiz() const { return m_quiz; }
    /// Picks choice `choice` of question `question` of the current step (tests; the radio buttons do the same).
    void choose(int question, int choice);
    /// "Run this step" / "Next question" / nothing, as the button would.
    void proceed();
    /// Writes the session as JSON (docs/predict-format.md); false with the reason in `error`.
    bool saveAnswers(const QString& path, QString* error = nullptr) const;

Q_SIGNALS:
    /// The learner clicked a mistake or a reason: select this trace row.
    void eventActivated(int row);
    /// The session is over and the score is shown.
    void finished(int correct, int scored);

private:
    enum class Phase { Idle, Asking, Running, Revealed, Done };
    void onEvents(const std::vector<finscope::TraceEvent>& events);
    void onPaused(int index, int line);
    void onRunFinished();
    void showQuestions();
    void showReveal();
    void showScore();
    void clearBody();
    QWidget* questionBox(const PredictQuestion& q, int number, bool reveal);
    void updateButtons();
    void saveDialog();

    RunnerProcess* m_runner;
    PredictQuiz m_quiz;
    Phase m_phase = Phase::Idle;
    bool m_active = false;
    int m_pendingPause = -1;   // the runner already waits before this step while a reveal is shown
    QLabel* m_heading;
    QWidget* m_body;
    QVBoxLayout* m_bodyLayout;
    QPushButton* m_proceed;
    QPushButton* m_save;
};
