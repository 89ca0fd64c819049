// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"
#include "core/traceevent.h"
#include "ui/predict/predictquestions.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <set>
#include <vector>

/// A Predict session over one step-mode run, without widgets: questions
/// asked before each step, answers, the reveal from the trace events the
/// step produced, the score, and the JSON an autograder reads
/// (docs/predict-format.md). The kernel's answer is read only in reveal(),
/// after the step has run.
class PredictQuiz
{
    Q_DECLARE_TR_FUNCTIONS(PredictQuiz)
public:
    /// An event worth showing with the reveal: its trace row and its words.
    struct Reason {
        int row = -1;
        QString text;
    };
    struct StepRecord {
        int index = -1;
        int line = 0;
        QString endpoint;
        QString text;
        std::vector<PredictQuestion> questions;
        int eventRow = -1;           ///< the step's own call (or its step event): where a mistake links to
        std::vector<Reason> reasons; ///< the `why` sentences of the call, its cause chain, FIN/RST, signals
        bool revealed = false;
        std::size_t firstEvent = 0;  ///< the step's events start here (the trace as it was when asked)
    };
    struct Mistake {
        int step = -1;               ///< position in steps()
        int question = -1;
        int row = -1;                ///< trace row to select
    };

    /// Starts a session for a scenario; forgets the previous one.
    void start(const finscope::Scenario& scenario);
    /// Every event of the run, in order (the same rows as the TraceModel's).
    void addEvents(const std::vector<finscope::TraceEvent>& events);
    /// The runner waits before step `index`: builds its questions and makes
    /// it the current step. Returns nullptr for an index the scenario has not.
    StepRecord* ask(int index);
    /// The learner picks `choice` for question `question` of the current step.
    bool answer(int question, int choice);
    bool allAnswered() const;
    /// The current step has run: reads what happened from its events.
    void reveal();

    StepRecord* current();
    const StepRecord* current() const;
    const std::vector<StepRecord>& steps() const { return m_steps; }
    const std::vector<finscope::TraceEvent>& events() const { return m_events; }
    int correctCount() const;
    /// Questions with a known answer (those the score counts).
    int scoredCount() const;
    std::vector<Mistake> mistakes() const;
    /// The session as JSON (docs/predict-format.md).
    QByteArray toJson() const;

private:
    /// What the window's events say about one question: the keys that hold and the words.
    void settle(PredictQuestion& q, const std::set<QString>& keys, const QString& truth, bool known) const;
    QString stateAfter(const StepRecord& step, const QString& socket, std::size_t end) const;
    const finscope::TraceEvent* eventById(std::int64_t id) const;
    void addReasons(StepRecord& step, int mainRow);

    finscope::Scenario m_scenario;
    std::vector<finscope::TraceEvent> m_events;
    std::vector<StepRecord> m_steps;
    int m_current = -1;
    bool m_capture = true;
};
