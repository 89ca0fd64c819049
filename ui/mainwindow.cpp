// SPDX-License-Identifier: MIT
#include "ui/mainwindow.h"

#include "core/catalogue.h"
#include "core/tracejson.h"
#include "ui/catalogueview.h"
#include "ui/compare/comparebar.h"
#include "ui/compare/comparewindow.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/ladderaccessible.h"
#include "ui/ladderexport.h"
#include "ui/ladderlegend.h"
#include "ui/ladderview.h"
#include "ui/predict/predictpanel.h"
#include "ui/capture/captureview.h"
#include "ui/problemspanel.h"
#include "ui/scenariobackup.h"
#include "ui/scenariofilewatcher.h"
#include "ui/scenariolinter.h"
#include "ui/scenariotextview.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"
#include "ui/userscenarios.h"
#include "ui/wireactions.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QLocale>
#include <QMimeData>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QSysInfo>
#include <QTableView>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), m_model(new TraceModel(this)), m_selection(new QItemSelectionModel(m_model, this)),
      m_runner(new RunnerProcess(this)), m_watcher(new ScenarioFileWatcher(this))
{
    LadderAccessible::installFactory();
    setWindowTitle(tr("FinScope"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    createWidgets();
    m_linter = new ScenarioLinter(m_text->document(), this);
    m_ask = [this](const QString& title, const QString& text, QMessageBox::StandardButtons buttons) {
        return QMessageBox::question(this, title, text, buttons);
    };
    createActions();
    createMenus();
    // A second after the typing stops, the unsaved text is copied to a backup.
    m_backupTimer.setSingleShot(true);
    m_backupTimer.setInterval(1000);
    connect(&m_backupTimer, &QTimer::timeout, this, &MainWindow::writeBackup);
    connect(m_text->document(), &QTextDocument::contentsChanged, this, [this] {
        if (isModified())
            m_backupTimer.start();
    });
    connect(m_text->document(), &QTextDocument::modificationChanged, this, &MainWindow::updateTitle);
    connect(m_linter, &ScenarioLinter::checked, this, [this](const ScenarioLinter::Result& result) {
        if (m_runner->isActive())
            return;
        m_problems->clear();
        for (const auto& e : result.errors)
            m_problems->addProblem(ProblemsPanel::Level::Error, e.message, e.line, e.column);
        m_text->setDiagnostics(result.errors);
        m_scenarioOk = result.ok;
        if (m_model->rowCount() == 0 && result.ok)
            m_ladder->setEndpoints(result.endpoints);
        updateActions();
    });
    connect(m_runner, &RunnerProcess::eventsRead, this, &MainWindow::onEvents);
    connect(m_runner, &RunnerProcess::paused, this, &MainWindow::onPaused);
    connect(m_runner, &RunnerProcess::finished, this, &MainWindow::onRunFinished);
    connect(m_runner, &RunnerProcess::problem, this, &MainWindow::onProblem);
    connect(m_watcher, &ScenarioFileWatcher::changed, this, &MainWindow::onScenarioFileChanged);
    connect(m_runner, &RunnerProcess::stateChanged, this, [this](RunnerProcess::State state) {
        if (state != RunnerProcess::State::Paused)
            m_ladder->setPausedText(QString());
        // During a run the text stays as it started: its lines are what the trace names.
        m_text->setEditable(state == RunnerProcess::State::Idle);
        m_linter->setEnabled(state == RunnerProcess::State::Idle);
        updateActions();
        updateStatus();
    });
    connect(m_selection, &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentEvent(current.isValid() ? current.row() : -1); });
    restoreLayout();
    loadCatalogue();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createWidgets()
{
    m_ladder = new LadderView(this);
    m_ladder->setModel(m_model);
    m_ladder->setSelectionModel(m_selection);
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    m_compareBar = new CompareBar(central);
    centralLayout->addWidget(m_compareBar);
    centralLayout->addWidget(m_ladder, 1);
    centralLayout->addWidget(new LadderLegend(central));
    setCentralWidget(central);

    m_catalogue = new CatalogueView(this);
    m_text = new ScenarioTextView(this);
    m_explanation = new ExplanationPanel(this);
    m_details = new EventDetails(this);
    m_problems = new ProblemsPanel(this);
    m_eventList = new QTableView(this);
    m_eventList->setModel(m_model);
    m_eventList->setSelectionModel(m_selection);
    m_eventList->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_eventList->verticalHeader()->hide();
    m_eventList->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);   // 100k rows: no per-row measuring
    m_eventList->verticalHeader()->setDefaultSectionSize(fontMetrics().lineSpacing() + 4);
    m_eventList->horizontalHeader()->setStretchLastSection(true);
    m_eventList->horizontalHeader()->setSectionResizeMode(TraceModel::EventColumn, QHeaderView::Stretch);

    QDockWidget* catalogueDock = addDock(tr("Scenarios"), u"catalogue"_s, m_catalogue, Qt::LeftDockWidgetArea);
    m_textDock = addDock(tr("Scenario text"), u"text"_s, m_text, Qt::LeftDockWidgetArea);
    splitDockWidget(catalogueDock, m_textDock, Qt::Vertical);
    QDockWidget* explanationDock = addDock(tr("Explanation"), u"explanation"_s, m_explanation, Qt::RightDockWidgetArea);
    QDockWidget* detailsDock = addDock(tr("Details"), u"details"_s, m_details, Qt::RightDockWidgetArea);
    splitDockWidget(explanationDock, detailsDock, Qt::Vertical);
    m_predict = new PredictPanel(m_runner, this);
    m_predictDock = addDock(tr("Predict"), u"predict"_s, m_predict, Qt::RightDockWidgetArea);
    tabifyDockWidget(explanationDock, m_predictDock);
    explanationDock->raise();
    connect(m_predict, &PredictPanel::eventActivated, this, [this](int row) {
        m_model->flush();
        selectEvent(row);
    });
    connect(m_compareBar, &CompareBar::compareRequested, this, &MainWindow::compare);
    m_problemsDock = addDock(tr("Problems"), u"problems"_s, m_problems, Qt::BottomDockWidgetArea);
    QDockWidget* listDock = addDock(tr("Event list"), u"events"_s, m_eventList, Qt::BottomDockWidgetArea);
    tabifyDockWidget(m_problemsDock, listDock);
    m_problemsDock->raise();

    connect(m_catalogue, &CatalogueView::scenarioSelected, this, [this](const QString& path) { showScenario(path); });
    connect(m_problems, &ProblemsPanel::locationActivated, this, [this](int line, int column) {
        m_textDock->raise();
        m_text->jumpTo(line, column);
        m_text->setSelectedLine(line);
    });
    connect(m_problems, &ProblemsPanel::problemAdded, this, [this] { m_problemsDock->show(); m_problemsDock->raise(); });
    // An empty Problems dock only takes the ladder's height: it shows when there is something to say.
    connect(m_problems->model(), &QAbstractItemModel::rowsRemoved, this, [this] { hideEmptyProblems(); });
    connect(m_problems->model(), &QAbstractItemModel::modelReset, this, [this] { hideEmptyProblems(); });
    hideEmptyProblems();
    connect(m_explanation, &ExplanationPanel::lineClicked, this, [this](int line) { m_text->setSelectedLine(line); });

    m_statusRun = new QLabel(this);
    m_statusCapture = new QLabel(this);
    statusBar()->addWidget(m_statusRun, 1);
    statusBar()->addPermanentWidget(m_statusCapture);
}

void MainWindow::createActions()
{
    const auto icon = [this](QStyle::StandardPixmap p) { return style()->standardIcon(p); };
    m_runAction = new QAction(icon(QStyle::SP_MediaPlay), tr("&Run"), this);
    m_runAction->setShortcut(Qt::Key_F5);
    m_runAction->setToolTip(tr("Run the whole scenario (F5); while stepping, run the remaining steps"));
    connect(m_runAction, &QAction::triggered, this, &MainWindow::run);
    m_stepAction = new QAction(icon(QStyle::SP_MediaSkipForward), tr("S&tep"), this);
    m_stepAction->setShortcut(Qt::Key_F10);
    m_stepAction->setToolTip(tr("Run one step at a time, sockets kept alive in between (F10)"));
    connect(m_stepAction, &QAction::triggered, this, &MainWindow::step);
    m_stopAction = new QAction(icon(QStyle::SP_MediaStop), tr("S&top"), this);
    m_stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stop);
    m_restartAction = new QAction(icon(QStyle::SP_BrowserReload), tr("R&estart"), this);
    m_restartAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F5));
    connect(m_restartAction, &QAction::triggered, this, &MainWindow::restart);
    m_predictAction = new QAction(tr("&Predict, Then Reveal"), this);
    m_predictAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    m_predictAction->setToolTip(tr("Before each step, guess what the kernel will do; then see it run (Ctrl+P)"));
    connect(m_predictAction, &QAction::triggered, this, &MainWindow::predict);
    m_wire = new WireActions(m_runner, m_model, m_selection, this);

    auto* spacing = new QActionGroup(this);
    m_compactAction = new QAction(tr("&Compact"), spacing);
    m_compactAction->setCheckable(true);
    m_compactAction->setChecked(true);
    m_compactAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    m_eventOrderAction = new QAction(tr("&Event order"), spacing);
    m_eventOrderAction->setCheckable(true);
    m_eventOrderAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_realTimeAction = new QAction(tr("Real &time"), spacing);
    m_realTimeAction->setCheckable(true);
    m_realTimeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(spacing, &QActionGroup::triggered, this, [this](QAction* a) {
        m_ladder->setSpacing(a == m_realTimeAction ? LadderLayout::Spacing::RealTime
                             : a == m_compactAction ? LadderLayout::Spacing::Compact : LadderLayout::Spacing::EventOrder);
    });
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Scenario…"), QKeySequence::Open,
                    this, &MainWindow::openDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    createEditorActions(file);
    createFileActions(file);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addActions({m_runAction, m_stepAction, m_stopAction, m_restartAction});
    runMenu->addSeparator();
    runMenu->addActions(m_wire->actions());
    runMenu->addSeparator();
    runMenu->addAction(m_predictAction);
    runMenu->addAction(tr("&Compare With…"), this, [this] {
        const QString other = QFileDialog::getOpenFileName(
            this, tr("Compare With"), QString(), tr("Scenarios and traces (*.fsc *.jsonl *.json);;All files (*)"));
        if (!other.isEmpty() && !m_scenarioPath.isEmpty())
            compare(m_scenarioPath, other);
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addActions({m_compactAction, m_eventOrderAction, m_realTimeAction});
    m_viewMenu->addSeparator();
    QAction* zoomIn = m_viewMenu->addAction(tr("Zoom &In"), QKeySequence::ZoomIn, this, [this] { m_ladder->zoomBy(1.25); });
    QAction* zoomOut = m_viewMenu->addAction(tr("Zoom &Out"), QKeySequence::ZoomOut, this, [this] { m_ladder->zoomBy(0.8); });
    m_viewMenu->addAction(tr("&Reset Zoom"), QKeySequence(Qt::CTRL | Qt::Key_0), this, [this] { m_ladder->resetZoom(); });
    m_viewMenu->addAction(tr("&Wider"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Right), this, [this] { m_ladder->zoomWidthBy(1.25); });
    m_viewMenu->addAction(tr("&Fit Width"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_0), this, [this] { m_ladder->fitWidth(); });
    m_viewMenu->addSeparator();
    for (QDockWidget* dock : findChildren<QDockWidget*>())
        m_viewMenu->addAction(dock->toggleViewAction());
    createLanguageMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About FinScope"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar* bar = addToolBar(tr("Run"));
    bar->setObjectName(u"runToolbar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addActions({m_runAction, m_stepAction, m_stopAction, m_restartAction});
    bar->addSeparator();
    bar->addActions({m_compactAction, m_eventOrderAction, m_realTimeAction});
    bar->addSeparator();
    zoomIn->setText(tr("Zoom In"));
    bar->addAction(zoomIn);
    bar->addAction(zoomOut);
    // The wire's own toolbar shows only for wire runs: loopback users never need it.
    QToolBar* wireBar = addToolBar(tr("Wire"));
    wireBar->setObjectName(u"wireToolbar"_s);
    wireBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    wireBar->addActions(m_wire->actions());
    wireBar->setVisible(false);
    connect(m_wire, &WireActions::wireRunChanged, wireBar, &QToolBar::setVisible);
    // Not as the saved layout left it (restored later in the constructor): as the trace shown asks.
    QTimer::singleShot(0, wireBar, [this, wireBar] { wireBar->setVisible(m_wire->wireRun()); });
}

void MainWindow::loadCatalogue()
{
    m_catalogueData = std::make_unique<finscope::Catalogue>(finscope::Catalogue::load());
    const finscope::Catalogue& catalogue = *m_catalogueData;
    const std::string language = UiLanguage::current().toStdString();
    QList<CatalogueView::Entry> entries;
    for (const auto& raw : catalogue.entries()) {
        const auto e = catalogue.localized(raw, language);
        entries.append({QString::fromStdString(e.id), QString::fromStdString(e.path), QString::fromStdString(e.title),
                        QString::fromStdString(e.group), QString::fromStdString(e.summary)});
    }
    // The user's folder, whatever group its files name: they are "My scenarios".
    const auto mine = finscope::Catalogue::loadDir(QDir(UserScenarios::directory()).absolutePath().toStdString());
    for (const auto& e : mine.entries())
        entries.append({QString::fromStdString(e.id), QString::fromStdString(e.path), QString::fromStdString(e.title),
                        QString(), QString::fromStdString(e.summary)});
    m_catalogue->setEntries(entries);
    m_compareBar->setCatalogue(catalogue);
    if (entries.isEmpty())
        m_problems->addProblem(ProblemsPanel::Level::Warning,
                               tr("No built-in scenarios found (set FINSCOPE_SCENARIO_DIR, or open a .fsc file)."));
    m_catalogue->selectFirst();
}

bool MainWindow::selectScenario(const QString& id)
{
    return m_catalogue->select(id);
}

void MainWindow::showScenario(const QString& path)
{
    if (path == m_scenarioPath && !m_untitled)
        return;
    if (!settleUnsavedEdits()) {
        m_catalogue->select(m_scenarioPath);   // stay on the edited text
        return;
    }
    if (m_runner->isActive())
        m_runner->stop();
    m_untitled = false;
    m_scenarioPath = path;
    m_watcher->watch(path);
    m_reloadPending = false;
    m_compareBar->setScenario(path);
    const QStringList endpoints = reloadScenario();
    if (!m_runner->isActive()) {
        cancelTraceLoad();
        m_traceFromFile = false;
        m_model->clear();
        m_ladder->setEndpoints(endpoints);
        m_ladder->setPlaceholderText(m_scenarioOk ? tr("F5 runs the scenario on this machine's kernel; F10 runs it "
                                                       "one step at a time.")
                                                  : tr("This scenario has errors (see Problems); nothing runs."));
    }
}

QStringList MainWindow::reloadScenario()
{
    const QString path = m_scenarioPath;
    m_problems->clear();
    const auto result = finscope::loadScenarioFile(path.toStdString());
    m_scenarioOk = result.ok();
    QStringList endpoints{u"client"_s, u"server"_s};
    if (result.scenario) {
        const auto& s = *result.scenario;
        endpoints.clear();
        for (const auto& ep : s.endpoints)
            endpoints.append(QString::fromStdString(ep));
        m_text->setSource(QString::fromStdString(s.source));
        // A catalogue scenario's explanation in the interface's language, when it has been translated.
        finscope::ScenarioText text{s.title, s.group, s.summary, s.about, {}};
        if (m_catalogueData && isCatalogueFile(path))
            if (auto t = m_catalogueData->translation(s.id, UiLanguage::current().toStdString()))
                text = *t;
        m_explanation->setScenario(QString::fromStdString(text.title), QString::fromStdString(text.summary),
                                   QString::fromStdString(text.about));
        m_shownTitle = QString::fromStdString(text.title);
    } else {
        QFile file(path);
        m_text->setSource(file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString());
        m_explanation->setScenario(QFileInfo(path).fileName(),
                                   tr("This file has errors and cannot run: see Problems below, click one to jump to "
                                      "its line."), QString());
        m_shownTitle = QFileInfo(path).fileName();
    }
    m_linter->setPath(path);
    m_linter->cancel();
    updateTitle();
    for (const auto& err : result.errors)
        m_problems->addProblem(ProblemsPanel::Level::Error, QString::fromStdString(err.message), err.pos.line,
                               err.pos.column);
    markErrorsInText();
    updateActions();
    return endpoints;
}

void MainWindow::onScenarioFileChanged()
{
    // Line numbers of a running trace refer to the text it started from:
    // swap the text only once the run is over.
    if (m_runner->isActive()) {
        m_reloadPending = true;
        return;
    }
    // Never overwrite what the user typed with what another program wrote.
    if (isModified()) {
        m_problems->addProblem(ProblemsPanel::Level::Warning,
                               tr("%1 changed on disk. Your unsaved edits are kept: File ▸ Save writes them over it, "
                                  "File ▸ Revert reads the file again.")
                                   .arg(QFileInfo(m_scenarioPath).fileName()));
        return;
    }
    const QStringList endpoints = reloadScenario();
    if (m_model->rowCount() == 0)
        m_ladder->setEndpoints(endpoints);
}

void MainWindow::markErrorsInText()
{
    QList<ScenarioTextView::Diagnostic> diagnostics;
    const auto located = m_problems->locatedErrors();
    for (const auto& e : located)
        diagnostics.append({e.line, e.column, e.text});
    m_text->setDiagnostics(diagnostics);
}

void MainWindow::selectEvent(int row)
{
    if (row >= 0 && row < m_model->rowCount())
        m_selection->setCurrentIndex(m_model->index(row, 0),
                                     QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void MainWindow::onCurrentEvent(int row)
{
    if (row < 0)
        return m_details->clearEvent();
    m_details->showEvent(*m_model, row);
    LadderAccessible::notifyCurrentEvent(m_ladder, row);
    m_text->setSelectedLine(m_model->lineOf(row));
}

void MainWindow::updateActions()
{
    const auto state = m_runner->state();
    const bool idle = state == RunnerProcess::State::Idle;
    const bool canStart = idle && m_scenarioOk;
    m_runAction->setEnabled(canStart || state == RunnerProcess::State::Paused || state == RunnerProcess::State::Running);
    m_stepAction->setEnabled(canStart || state == RunnerProcess::State::Paused);
    m_stopAction->setEnabled(!idle && state != RunnerProcess::State::Stopping);
    m_restartAction->setEnabled(m_scenarioOk && (idle ? m_model->rowCount() > 0 : true));
    m_predictAction->setEnabled(canStart);
    updateFileActions();
}

void MainWindow::updateStatus()
{
    QString text;
    switch (m_runner->state()) {
    case RunnerProcess::State::Idle:
        text = isLoadingTrace()              ? tr("Reading the trace…")
            : m_traceFromFile                ? tr("Trace read")
            : m_outcome == Outcome::Stopped ? tr("Stopped")
            : m_model->rowCount()            ? tr("Run finished")
                                             : tr("Ready — F5 runs, F10 steps");
        break;
    case RunnerProcess::State::Running: text = tr("Running…"); break;
    case RunnerProcess::State::Paused: text = tr("Paused before the highlighted step — F10 next step, F5 run the rest"); break;
    case RunnerProcess::State::Stopping: text = tr("Stopping…"); break;
    }
    m_statusRun->setText(text + tr("   %n event(s)", nullptr, m_model->rowCount()));
    if (const auto* run = m_model->run())
        m_statusCapture->setText(tr("capture: %1 · kernel %2").arg(QString::fromStdString(run->capture),
                                                                  QString::fromStdString(run->kernel)));
    else
        m_statusCapture->clear();
}

void MainWindow::showAbout()
{
    QString text = tr("<h3>FinScope %1</h3><p>Shows how TCP connections end, measured on the real kernel.</p>"
                      "<p>Qt %2 (built with %3)<br>Linux kernel %4")
                       .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                            QStringLiteral(QT_VERSION_STR), QSysInfo::kernelVersion());
    if (m_aboutExtra)
        text += u"<br>"_s + m_aboutExtra();
    text += tr("<br>Runner: %1</p>").arg(RunnerProcess::locateRunner().toHtmlEscaped());
    QMessageBox::about(this, tr("About FinScope"), text);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"view/realTime"_s, m_realTimeAction->isChecked());
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray())) {
        const QSize available = screen() ? screen()->availableSize() : QSize(1600, 1000);
        // A laptop screen (1366x768) gets all of it: the ladder needs every pixel there.
        const bool small = available.width() < 1600;
        resize(small ? available.width() : std::min(1700, available.width() * 95 / 100),
               small ? available.height() : std::min(1100, available.height() * 95 / 100));
    }
    if (settings.value(u"view/realTime"_s).toBool())
        m_realTimeAction->trigger();
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (m_layoutRestored)
        return;
    m_layoutRestored = true;
    // Dock sizes only come out right once the window has its real size.
    if (restoreState(QSettings().value(u"window/state"_s).toByteArray())) {
        hideEmptyProblems();
        return;
    }
    // First start: give the ladder most of the width.
    auto* catalogueDock = findChild<QDockWidget*>(u"catalogue"_s);
    auto* explanationDock = findChild<QDockWidget*>(u"explanation"_s);
    resizeDocks({catalogueDock, explanationDock}, {240, 300}, Qt::Horizontal);
    resizeDocks({catalogueDock, m_textDock}, {400, 360}, Qt::Vertical);
    resizeDocks({m_problemsDock}, {70}, Qt::Vertical);
}

void MainWindow::hideEmptyProblems()
{
    if (m_problems->count() == 0)
        m_problemsDock->hide();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!settleUnsavedEdits()) {
        event->ignore();
        return;
    }
    saveLayout();
    m_runner->stop();
    event->accept();
}

