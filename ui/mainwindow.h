// SPDX-License-Identifier: MIT
#pragma once

#include "ui/runnerprocess.h"

#include <QMainWindow>

#include <functional>

class CatalogueView;
class EventDetails;
class ExplanationPanel;
class LadderView;
class ProblemsPanel;
class QAction;
class QActionGroup;
class QDockWidget;
class QItemSelectionModel;
class QLabel;
class QMenu;
class QTableView;
class ScenarioFileWatcher;
class ScenarioTextView;
class TraceModel;

/// The FinScope window: catalogue on the left, the ladder in the middle,
/// explanation and details on the right, scenario text, event list and
/// problems below. Runs go through RunnerProcess; nothing here touches a socket.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a user's scenario file (command line, File > Open, drop, recent files).
    bool openFile(const QString& path);
    /// Selects a built-in scenario by id; false if the catalogue has none.
    bool selectScenario(const QString& id);
    /// Shows a saved JSON-lines trace (what `finscope run --json` printed) without running anything.
    bool loadTrace(const QString& path);
    /// Writes the current trace as JSON lines (the runner's format), for sharing or autograders.
    bool saveTrace(const QString& path);
    /// Extra lines for Help > About (libpcap's version is known only to app/gui).
    void setAboutExtra(std::function<QString()> provider) { m_aboutExtra = std::move(provider); }

    /// Writes the whole ladder figure as SVG, PDF or PNG (by the suffix of
    /// `path`); a failure is reported in Problems and returns false.
    bool exportFigure(const QString& path);
    /// How the last run ended, for --export's exit status.
    enum class Outcome { None, Succeeded, Failed, Stopped };
    Outcome lastOutcome() const { return m_outcome; }

    /// Makes trace row `row` the current event (ladder, list, details, scenario line).
    void selectEvent(int row);

    void run();
    void step();
    void stop();
    void restart();

    // For tests and --screenshot.
    TraceModel* traceModel() const { return m_model; }
    LadderView* ladder() const { return m_ladder; }
    RunnerProcess* runner() const { return m_runner; }
    ProblemsPanel* problems() const { return m_problems; }
    ScenarioTextView* scenarioText() const { return m_text; }
    ExplanationPanel* explanation() const { return m_explanation; }
    CatalogueView* catalogue() const { return m_catalogue; }
    QString currentScenarioPath() const { return m_scenarioPath; }

Q_SIGNALS:
    /// A run ended (whatever the reason), after its last event is in the model.
    void runFinished(int exitCode);

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void hideEmptyProblems();
    void createWidgets();
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area);
    void createActions();
    void createMenus();
    void loadCatalogue();
    void showScenario(const QString& path);
    /// Reads the scenario file again: text, title, explanation, errors. Returns its endpoints.
    QStringList reloadScenario();
    void onScenarioFileChanged();
    void markErrorsInText();
    void exportDialog(const QString& suffix, const QString& filter);
    void startRun(bool stepMode);
    void onEvents(const std::vector<finscope::TraceEvent>& events);
    void onPaused(int index, int line);
    void onRunFinished(int exitCode, const QString& stderrText);
    void onProblem(const QString& message);
    void onCurrentEvent(int row);
    void updateActions();
    void updateStatus();
    void addRecent(const QString& path);
    void rebuildRecentMenu();
    void openDialog();
    void showAbout();
    void saveLayout();
    void restoreLayout();

    TraceModel* m_model;
    QItemSelectionModel* m_selection;
    RunnerProcess* m_runner;
    CatalogueView* m_catalogue = nullptr;
    LadderView* m_ladder = nullptr;
    EventDetails* m_details = nullptr;
    ExplanationPanel* m_explanation = nullptr;
    ScenarioTextView* m_text = nullptr;
    ProblemsPanel* m_problems = nullptr;
    QTableView* m_eventList = nullptr;
    QDockWidget* m_problemsDock = nullptr;
    QDockWidget* m_textDock = nullptr;
    QLabel* m_statusRun = nullptr;
    QLabel* m_statusCapture = nullptr;

    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_restartAction = nullptr;
    QAction* m_compactAction = nullptr;
    QAction* m_eventOrderAction = nullptr;
    QAction* m_realTimeAction = nullptr;
    QList<QAction*> m_exportActions;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    ScenarioFileWatcher* m_watcher = nullptr;
    QString m_scenarioPath;
    bool m_scenarioOk = false;
    bool m_restartPending = false;
    bool m_restartStepMode = false;
    bool m_sawSummary = false;
    bool m_layoutRestored = false;
    bool m_reloadPending = false;   // the file changed during a run: reload when it ends
    Outcome m_outcome = Outcome::None;
    std::function<QString()> m_aboutExtra;
};
