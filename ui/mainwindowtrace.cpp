// SPDX-License-Identifier: MIT
// MainWindow's reading of a saved JSON-lines trace: the worker thread
// (TraceLoader) parses, the model shows the rows a slice at a time, and the
// window keeps the two in step so that reading never runs far ahead of what
// the user sees; a progress bar and Cancel in the status bar meanwhile.
#include "ui/mainwindow.h"

#include "core/catalogue.h"
#include "core/tracejson.h"
#include "ui/catalogueview.h"
#include "ui/explanationpanel.h"
#include "ui/ladderview.h"
#include "ui/problemspanel.h"
#include "ui/tracemodel.h"
#include "ui/traceloader.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QProgressBar>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {
// Rows the model may hold unshown before the reader is held, and below
// which it reads on: a few slices of the views' work, ~4 MB of records.
constexpr int kMaxPendingRows = 65536;
constexpr int kResumePendingRows = 16384;

/// The `run` event a trace file starts with, if it does: read from its
/// first line only, before the worker reads the whole file.
std::optional<finscope::RunEvent> firstRunEvent(const QString& path)
{
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray line = file.readLine(1 << 20);
    auto parsed = finscope::parseTraceLine(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
    if (const auto* run = parsed.ok ? parsed.event.as<finscope::RunEvent>() : nullptr)
        return *run;
    return std::nullopt;
}
} // namespace

void MainWindow::createLoadProgress()
{
    m_loadProgress = new QWidget(this);
    auto* layout = new QHBoxLayout(m_loadProgress);
    layout->setContentsMargins(0, 0, 0, 0);
    m_loadBar = new QProgressBar(m_loadProgress);
    m_loadBar->setRange(0, 100);
    m_loadBar->setMaximumWidth(220);
    auto* cancel = new QToolButton(m_loadProgress);
    cancel->setText(tr("Cancel"));
    cancel->setToolTip(tr("Stop reading the trace; what was read stays shown"));
    connect(cancel, &QToolButton::clicked, this, &MainWindow::cancelTraceLoad);
    layout->addWidget(m_loadBar);
    layout->addWidget(cancel);
    statusBar()->addPermanentWidget(m_loadProgress);
    m_loadProgress->hide();
}

void MainWindow::createTraceLoader()
{
    m_traceLoader = new TraceLoader(this);
    connect(m_traceLoader, &TraceLoader::eventsRead, this, [this](const std::vector<finscope::TraceEvent>& events) {
        onEvents(events);
        if (m_model->pendingRows() > kMaxPendingRows)
            m_traceLoader->setHeld(true);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, m_traceLoader, [this] {
        if (m_model->pendingRows() < kResumePendingRows)
            m_traceLoader->setHeld(false);
    });
    connect(m_traceLoader, &TraceLoader::progress, m_loadBar, &QProgressBar::setValue);
    connect(m_traceLoader, &TraceLoader::finished, this, &MainWindow::onTraceLoaded);
    // The file is read; its last rows are shown a slice a turn, then the load ends.
    connect(m_model, &TraceModel::caughtUp, this, [this] {
        if (m_loadEnding)
            finishTraceLoad();
    });
}

bool MainWindow::loadTrace(const QString& path)
{
    if (m_runner->isActive()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Stop the run before opening a trace."));
        return false;
    }
    if (!m_traceLoader)
        createTraceLoader();
    if (m_traceLoader->isRunning()) {
        // The new file replaces the one being read: the old load ends first (it is told to stop at once).
        m_traceLoader->cancel();
        connect(m_traceLoader, &TraceLoader::finished, this, [this, path] { loadTrace(path); },
                Qt::SingleShotConnection);
        return true;
    }
    m_loadEnding.reset();
    const std::optional<finscope::RunEvent> run = firstRunEvent(path);
    if (run)
        showTraceScenario(*run);
    const QString error = m_traceLoader->start(path);
    if (!error.isEmpty()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot read trace %1: %2").arg(path, error));
        return false;
    }
    m_loadingTrace = path;
    m_traceFromFile = true;
    m_model->clear();
    m_explanation->clearRun();
    m_explanation->setHeld(true);
    m_sawSummary = false;
    m_outcome = Outcome::None;
    m_ladder->setPlaceholderText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_loadBar->setValue(0);
    m_loadProgress->show();
    updateActions();
    updateStatus();
    return true;
}

void MainWindow::showTraceScenario(const finscope::RunEvent& run)
{
    // The scenario the trace was recorded from, when it is here: its text (the
    // ladder's "line N" refer to it) and its explanation, as if chosen in the list.
    const QString id = QString::fromStdString(run.scenario);
    if (m_catalogueData && m_catalogueData->find(run.scenario) && selectScenario(id)
        && QFileInfo(m_scenarioPath).completeBaseName().endsWith(id))
        return;
    if (!run.path.empty() && QFileInfo(QString::fromStdString(run.path)).isFile()) {
        showScenario(QString::fromStdString(run.path));
        if (m_scenarioPath == QString::fromStdString(run.path))
            return;
    }
    const QString title = QString::fromStdString(run.title.empty() ? run.scenario : run.title);
    m_explanation->setScenario(title.isEmpty() ? tr("A saved trace") : title,
                               tr("Read from a saved trace whose scenario file is not on this machine: the "
                                  "scenario text beside is not this trace's, and its line numbers do not match "
                                  "the trace. The ladder is the trace's own."),
                               QString());
}

bool MainWindow::isLoadingTrace() const
{
    return (m_traceLoader && m_traceLoader->isRunning()) || m_loadEnding.has_value();
}

void MainWindow::cancelTraceLoad()
{
    if (m_traceLoader && m_traceLoader->isRunning()) {
        m_traceLoader->cancel();
    } else if (m_loadEnding) {
        // Read, but not all shown yet: what is shown stays, the rest is dropped.
        m_loadEnding->cancelled = true;
        m_model->dropPending();
        // Ended after the caller's own changes (a run about to start takes the window over).
        QTimer::singleShot(0, this, [this] {
            if (m_loadEnding)
                finishTraceLoad();
        });
    }
}

void MainWindow::onTraceLoaded(bool cancelled, const QStringList& errors)
{
    m_loadEnding = LoadEnding{cancelled, errors};
    if (cancelled)
        m_model->dropPending();
    if (m_model->pendingRows() == 0 || !m_traceFromFile)
        finishTraceLoad();
}

void MainWindow::finishTraceLoad()
{
    const LoadEnding ending = *std::exchange(m_loadEnding, std::nullopt);
    m_loadProgress->hide();
    m_explanation->setHeld(false);
    if (!m_traceFromFile) {
        // A run or another scenario took the window over; the cancelled load has nothing to say.
        Q_EMIT traceLoaded(false);
        return;
    }
    const QString name = QFileInfo(m_loadingTrace).fileName();
    for (const QString& error : ending.errors)
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("%1: %2").arg(name, error));
    m_model->flush();
    if (ending.cancelled)
        m_problems->addProblem(ProblemsPanel::Level::Info,
                               tr("Reading %1 was cancelled: the first %n event(s) are shown.", nullptr,
                                  m_model->rowCount()).arg(name));
    if (m_model->rowCount() == 0)
        m_ladder->setPlaceholderText(tr("%1 holds no trace events.").arg(name));
    updateActions();
    updateStatus();
    Q_EMIT traceLoaded(!ending.cancelled && ending.errors.isEmpty());
}
