// SPDX-License-Identifier: MIT
#pragma once

#include "core/scenario.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <vector>

/// One question of Predict mode, asked before a step runs. Its choices are
/// built from the step as written (the call, its data, its socket) and
/// from what such a call can do in general: never from this run's answer,
/// which only exists once the kernel has run the step.
struct PredictQuestion {
    /// Author: the scenario's author wrote the question, its choices and its answer (`ask:` in the .fsc file).
    enum class Topic { Return, Wire, Signal, State, Author };
    /// One answer to pick. `key` is what it claims, in the terms the
    /// checker derives from the trace: "ret:3", "ret:>0", "ret:>=0",
    /// "errno:EPIPE", "blocks", "wire:FIN", "wire:RST", "wire:none",
    /// "signal:yes", "signal:no", "state:TIME_WAIT"; "other" stands for
    /// anything that none of the other choices claims. An author's own
    /// choices are "choice:1", "choice:2"... in the order written.
    struct Choice {
        QString label;
        QString key;
    };

    Topic topic = Topic::Return;
    QString prompt;
    std::vector<Choice> choices;
    QString socket;          ///< Topic::State: the descriptor name asked about
    int chosen = -1;         ///< the learner's pick, -1 before answering
    bool authored = false;   ///< the prompt (and explanation) are the scenario author's
    int number = 0;          ///< authored: the question's number in the .fsc file (finscope::Question::number)
    int answer = -1;         ///< Topic::Author: the choice the author says is right
    QString explain;         ///< the author's explanation, shown with the reveal

    // Filled in by the reveal.
    bool revealed = false;
    bool known = true;       ///< false: the trace does not say (no capture, no state seen): not scored
    bool correct = false;
    int right = -1;          ///< the choice that matches what happened, -1 if none but "other"
    QString truth;           ///< what happened, in words: "-1 EPIPE (Broken pipe)"
};

/// Builds the questions for a step (Qt Core only, no widgets: unit-tested).
class PredictQuestions
{
    Q_DECLARE_TR_FUNCTIONS(PredictQuestions)
public:
    /// The questions worth asking before `step` runs; empty for steps whose
    /// outcome teaches nothing (socket(), sleep(), signal()...) unless the
    /// author asks about them. The author's own questions (`ask:`) come
    /// first; an `ask wire:` gives FinScope's wire question the author's
    /// words and explanation.
    static std::vector<PredictQuestion> forStep(const finscope::Step& step);
    /// "return", "wire", "signal", "state", "author" (the JSON names).
    static QString topicName(PredictQuestion::Topic topic);

private:
    static PredictQuestion returnQuestion(const finscope::Step& step);
    static PredictQuestion wireQuestion();
    static PredictQuestion signalQuestion();
    static PredictQuestion stateQuestion(const finscope::Step& step);
    static PredictQuestion authorQuestion(const finscope::Question& question);
};
