// SPDX-License-Identifier: MIT
// MainWindow's runs: Run, Step, Stop, Restart, Predict and Compare; the
// runner's events as they stream in, its pauses in step mode, and how a run
// ended (succeeded, failed, stopped by the user, or the runner broke).
#include "ui/mainwindow.h"

#include "core/catalogue.h"
#include "ui/compare/comparebar.h"
#include "ui/compare/comparewindow.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/ladderview.h"
#include "ui/predict/predictpanel.h"
#include "ui/problemspanel.h"
#include "ui/scenariotextview.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"
#include "ui/wireactions.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QStatusBar>
#include <QTextBlock>
#include <QTextDocument>

using namespace Qt::StringLiterals;

void MainWindow::run()
{
    if (m_runner->state() == RunnerProcess::State::Paused || m_runner->state() == RunnerProcess::State::Running)
        return m_runner->runRest();
    startRun(false);
}

void MainWindow::step()
{
    if (m_runner->state() == RunnerProcess::State::Paused)
        return m_runner->next();
    if (!m_runner->isActive())
        startRun(true);
}

void MainWindow::stop()
{
    m_restartPending = false;
    m_runner->stop();
}

void MainWindow::restart()
{
    if (!m_runner->isActive())
        return startRun(m_runner->stepMode());
    m_restartPending = true;
    m_restartStepMode = m_runner->stepMode();
    m_runner->stop();
}

void MainWindow::predict()
{
    if (m_scenarioPath.isEmpty() || m_runner->isActive())
        return;
    const auto result = finscope::loadScenarioFile(m_scenarioPath.toStdString());
    if (!result.scenario)
        return startRun(true);   // shows the errors, runs nothing
    finscope::Scenario scenario = *result.scenario;
    // A catalogue scenario's title and author questions in the interface's language.
    if (m_catalogueData && isCatalogueFile(m_scenarioPath))
        if (auto t = m_catalogueData->translation(scenario.id, UiLanguage::current().toStdString())) {
            finscope::applyQuestionTexts(scenario, *t);
            if (!t->title.empty())
                scenario.title = t->title;
        }
    m_predict->begin(scenario);
    m_predictDock->show();
    m_predictDock->raise();
    // Questions and reveals need room: most of the right column while predicting.
    if (auto* details = findChild<QDockWidget*>(u"details"_s); details && !m_predictDock->isFloating()) {
        resizeDocks({m_predictDock, details}, {height() * 3 / 4, height() / 4}, Qt::Vertical);
        resizeDocks({m_predictDock}, {380}, Qt::Horizontal);
    }
    m_predictStarting = true;
    startRun(true);
}

CompareWindow* MainWindow::compare(const QString& a, const QString& b)
{
    auto* window = new CompareWindow(this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->compare(a, b);
    window->show();
    return window;
}

void MainWindow::startRun(bool stepMode)
{
    if ((m_scenarioPath.isEmpty() && !m_untitled) || m_runner->isActive())
        return;
    // The runner reads a file itself: the file when the editor shows it as
    // it is (read again, in case a change went unnoticed), else a copy of
    // the editor's text. Nothing that does not parse runs.
    m_reloadPending = false;
    QStringList endpoints;
    const QString runFile = prepareRunFile(endpoints);
    cancelTraceLoad();
    preparePacketFile();
    if (!std::exchange(m_predictStarting, false))
        m_predict->cancel();
    m_model->clear();
    m_ladder->setEndpoints(endpoints);
    m_details->clearEvent();
    m_explanation->clearRun();
    m_text->setStepLine(0);
    m_sawSummary = false;
    m_outcome = Outcome::None;
    if (!m_scenarioOk) {
        m_ladder->setPlaceholderText(tr("This scenario has errors (see Problems); nothing runs."));
        return;
    }
    m_lastRunPath = runFile;
    m_runner->start(runFile, stepMode);
    updateActions();
}

void MainWindow::onEvents(const std::vector<finscope::TraceEvent>& events)
{
    int stepLine = 0;   // the last step of this chunk: highlighting each one would only flicker
    for (const auto& e : events) {
        if (auto* run = e.as<finscope::RunEvent>()) {
            if (run->capture == "none")
                m_problems->addProblem(ProblemsPanel::Level::Warning,
                                       tr("No packet capture in this run: %1").arg(QString::fromStdString(run->captureNote)));
            else if (!run->captureNote.empty())
                m_problems->addProblem(ProblemsPanel::Level::Info, QString::fromStdString(run->captureNote));
        } else if (auto* step = e.as<finscope::StepEvent>()) {
            stepLine = step->line;
        } else if (auto* expect = e.as<finscope::ExpectEvent>()) {
            m_explanation->addExpectation(*expect);
        } else if (auto* note = e.as<finscope::NoteEvent>(); note && note->level != "info") {
            m_problems->addProblem(note->level == "error" ? ProblemsPanel::Level::Error : ProblemsPanel::Level::Warning,
                                   QString::fromStdString(note->text), note->line, 1);
        } else if (auto* summary = e.as<finscope::SummaryEvent>()) {
            m_sawSummary = true;
            m_explanation->setSummary(*summary);
            if (!summary->error.empty() && !summary->stopped)
                m_problems->addProblem(ProblemsPanel::Level::Error,
                                       tr("The run did not complete: %1").arg(QString::fromStdString(summary->error)));
        }
    }
    if (stepLine > 0)
        m_text->setStepLine(stepLine);
    m_model->append(events);
    updateStatus();
}

void MainWindow::onPaused(int index, int line)
{
    m_text->setStepLine(line);
    // The step as written, without its comment (a '#' in a string only shortens the banner).
    const QString text = m_text->document()->findBlockByNumber(line - 1).text().section(u'#', 0, 0).simplified();
    const QString held = m_wire->pausedHint();
    m_ladder->setPausedText(tr("Paused before step %1 (line %2: %3) — F10 runs it, F5 runs the rest, Shift+F5 stops")
                                .arg(index + 1).arg(line).arg(text) + (held.isEmpty() ? QString() : u"\n"_s + held));
    updateStatus();
}

void MainWindow::onRunFinished(int exitCode, const QString& stderrText)
{
    m_ladder->setPausedText(QString());
    m_model->flush();
    const finscope::SummaryEvent* summary = m_model->summary();
    // A stop the user asked for is reported as such, however the runner
    // ended (its stopped summary and exit status 2, or killed after the grace time).
    const bool userStop = m_runner->stopRequested() && !m_runner->hung();
    const bool started = m_model->run() != nullptr;
    if (userStop) {
        m_outcome = Outcome::Stopped;
        m_problems->addProblem(ProblemsPanel::Level::Info, tr("Stopped by the user."));
    } else {
        m_outcome = exitCode == 0 && summary && summary->ok ? Outcome::Succeeded : Outcome::Failed;
        if (exitCode == 2 && !summary) {
            if (m_problems->addDiagnostics(stderrText) == 0 && stderrText.trimmed().isEmpty())
                m_problems->addProblem(ProblemsPanel::Level::Error,
                                       tr("The runner failed (exit status 2) and said nothing."));
            markErrorsInText();
        } else if (exitCode != 0 && exitCode != 1 && exitCode != 2) {
            m_problems->addProblem(ProblemsPanel::Level::Error,
                                   tr("The runner ended abnormally (%1).").arg(exitCode < 0 ? tr("crashed or killed")
                                                                                           : tr("exit status %1").arg(exitCode)));
            if (!stderrText.trimmed().isEmpty())
                m_problems->addProblem(ProblemsPanel::Level::Error, tr("Runner said: %1").arg(stderrText.trimmed()));
        }
        if (!m_sawSummary && (started || exitCode == 0 || exitCode == 1))
            m_problems->addProblem(ProblemsPanel::Level::Warning,
                                   tr("The run ended without a summary: the trace is incomplete and its expectations "
                                      "were not all checked."));
    }
    m_text->setStepLine(0);
    updateActions();
    updateStatus();
    Q_EMIT runFinished(exitCode);
    if (m_restartPending) {
        m_restartPending = false;
        startRun(m_restartStepMode);
    } else if (m_reloadPending) {
        m_reloadPending = false;
        onScenarioFileChanged();
    }
}

void MainWindow::onProblem(const QString& message)
{
    m_problems->addProblem(ProblemsPanel::Level::Error, message);
}
