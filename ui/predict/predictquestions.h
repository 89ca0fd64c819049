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
    enum class Topic { Return, Wire, Signal, State };
    /// One answer to pick. `key` is what it claims, in the terms the
    /// checker derives from the trace: "ret:3", "ret:>0", "ret:>=0",
    /// "errno:EPIPE", "blocks", "wire:FIN", "wire:RST", "wire:none",
    /// "signal:yes", "signal:no", "state:TIME_WAIT"; "other" stands for
    /// anything that none of the other choices claims.
    struct Choice {
        QString label;
        QString key;
    };

    Topic topic = Topic::Return;
    QString prompt;
    std::vector<Choice> choices;
    QString socket;          ///< Topic::State: the descriptor name asked about
    int chosen = -1;         ///< the learner's pick, -1 before answering

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
    /// outcome teaches nothing (socket(), sleep(), signal()...).
    static std::vector<PredictQuestion> forStep(const finscope::Step& step);
    /// "return", "wire", "signal", "state" (the JSON names).
    static QString topicName(PredictQuestion::Topic topic);

private:
    static PredictQuestion returnQuestion(const finscope::Step& step);
    static PredictQuestion wireQuestion();
    static PredictQuestion signalQuestion();
    static PredictQuestion stateQuestion(const finscope::Step& step);
};
