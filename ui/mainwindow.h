// SPDX-License-Identifier: MIT
#pragma once

#include "ui/runnerprocess.h"

#include <QMainWindow>
#include <QMessageBox>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

class CatalogueView;
class CompareBar;
class CaptureView;
class CompareWindow;
class EventDetails;
class ExplanationPanel;
class LadderView;
class PredictPanel;
class ProblemsPanel;
class QAction;
class QActionGroup;
class QDockWidget;
class QItemSelectionModel;
class QLabel;
class QProgressBar;
class TraceLoader;
class QMenu;
class QTableView;
class QTemporaryDir;
class ScenarioFileWatcher;
class ScenarioLinter;
namespace finscope { class Catalogue; }
class ScenarioTextView;
class TraceModel;
class WireActions;

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
    /// Shows a saved JSON-lines trace (what `finscope run --json` printed)
    /// without running anything. It is read on a worker thread, shown as it
    /// comes, with a progress bar and Cancel; traceLoaded() says when it is
    /// all there. False (said in Problems) when the file cannot be read at all.
    bool loadTrace(const QString& path);
    bool isLoadingTrace() const;
    /// Stops reading a trace; what was read stays shown.
    void cancelTraceLoad();
    /// Writes the current trace as JSON lines (the runner's format), for sharing or autograders.
    bool saveTrace(const QString& path);
    /// Extra lines for Help > About (libpcap's version is known only to app/gui).
    void setAboutExtra(std::function<QString()> provider) { m_aboutExtra = std::move(provider); }

    /// File ▸ Export Packets: copies the last run's packets (the runner's
    /// pcapng: full frames, each with why it was sent) to `path`. A failure
    /// is reported in Problems and returns false.
    bool exportPackets(const QString& path);
    /// Whether the last run has packets to export, and why not when not (the action's tooltip).
    bool canExportPackets(QString* why = nullptr) const;
    QAction* exportPacketsAction() const { return m_exportPacketsAction; }

    /// Writes the whole ladder figure as SVG, PDF or PNG (by the suffix of
    /// `path`); a failure is reported in Problems and returns false.
    bool exportFigure(const QString& path);
    /// How the last run ended, for --export's exit status.
    enum class Outcome { None, Succeeded, Failed, Stopped };
    Outcome lastOutcome() const { return m_outcome; }

    /// Makes trace row `row` the current event (ladder, list, details, scenario line).
    void selectEvent(int row);

    // The editor (docs/scenario-format.md is what it edits).
    /// File ▸ New Scenario: the template, unsaved, in the editor.
    void newFromTemplate();
    /// Saves the editor's text to its file; a catalogue scenario or a new one
    /// is saved as a copy in the user's scenarios folder. False if nothing was written.
    bool save();
    /// Saves under a new name (`path`; a dialog when empty).
    bool saveAs(const QString& path = QString());
    /// Reads the file again, dropping the editor's unsaved changes.
    void revert();
    /// The editor holds text that is not in its file (edited, or never saved).
    bool isModified() const;
    /// Offers to restore the text of an editing session that ended without
    /// saving (a crash); called once the window is shown.
    void offerBackups();
    /// Writes the backup of the unsaved text now (normally a second after typing stops).
    void writeBackup();
    /// The questions the window asks (unsaved changes, restoring a backup); tests answer them.
    using AskFunction = std::function<QMessageBox::StandardButton(const QString& title, const QString& text,
                                                                   QMessageBox::StandardButtons buttons)>;
    void setAskFunction(AskFunction ask) { m_ask = std::move(ask); }
    ScenarioLinter* linter() const { return m_linter; }
    /// The file a run of the editor's text was started from (a temporary copy when unsaved).
    QString lastRunPath() const { return m_lastRunPath; }

    void run();
    void step();
    void stop();
    void restart();
    /// Predict, then reveal: a step-mode run of the current scenario with questions before each step.
    void predict();
    /// Opens a window comparing two runs (scenario ids, .fsc files or saved traces).
    CompareWindow* compare(const QString& a, const QString& b);
    /// Opens a window with a pcap/pcapng capture's connections and the chosen one's ladder.
    CaptureView* openCapture(const QString& path);
    /// A file name that looks like a capture (.pcap, .pcapng, .cap), not a scenario.
    static bool isCaptureFile(const QString& path);

    // For tests and --screenshot.
    TraceModel* traceModel() const { return m_model; }
    LadderView* ladder() const { return m_ladder; }
    RunnerProcess* runner() const { return m_runner; }
    ProblemsPanel* problems() const { return m_problems; }
    ScenarioTextView* scenarioText() const { return m_text; }
    ExplanationPanel* explanation() const { return m_explanation; }
    CatalogueView* catalogue() const { return m_catalogue; }
    PredictPanel* predictPanel() const { return m_predict; }
    CompareBar* compareBar() const { return m_compareBar; }
    WireActions* wireActions() const { return m_wire; }
    QString currentScenarioPath() const { return m_scenarioPath; }

Q_SIGNALS:
    /// A run ended (whatever the reason), after its last event is in the model.
    void runFinished(int exitCode);
    /// loadTrace() has read all it will: `complete` is false if it was
    /// cancelled or lines were unreadable (said in Problems).
    void traceLoaded(bool complete);

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
    /// Asks what to do with unsaved edits before they would be replaced; false: keep them (cancel).
    bool settleUnsavedEdits();
    bool writeTo(const QString& path);
    bool isCatalogueFile(const QString& path) const;
    void updateTitle();
    /// The text to run: the file itself, or a temporary copy of the editor's unsaved text.
    QString prepareRunFile(QStringList& endpoints);
    void createEditorActions(QMenu* file);
    void createLanguageMenu();
    void markErrorsInText();
    void exportDialog(const QString& suffix, const QString& filter);
    // File handling (mainwindowfiles.cpp).
    void createFileActions(QMenu* file);
    void exportPacketsDialog();
    /// Before a run: the runner writes its packets to a fresh file in a temporary folder.
    void preparePacketFile();
    void updateFileActions();
    // Reading a saved trace (mainwindowtrace.cpp).
    void createLoadProgress();
    void createTraceLoader();
    /// The trace's own scenario in the text and Explanation panes, when it is on this machine.
    void showTraceScenario(const finscope::RunEvent& run);
    /// The worker has read the file; the load ends when the model has shown its last rows.
    void onTraceLoaded(bool cancelled, const QStringList& errors);
    void finishTraceLoad();
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
    PredictPanel* m_predict = nullptr;
    QDockWidget* m_predictDock = nullptr;
    CompareBar* m_compareBar = nullptr;
    bool m_predictStarting = false;   // the next startRun() is Predict's
    QLabel* m_statusRun = nullptr;
    QLabel* m_statusCapture = nullptr;

    QAction* m_runAction = nullptr;
    QAction* m_stepAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_restartAction = nullptr;
    QAction* m_predictAction = nullptr;
    QAction* m_compactAction = nullptr;
    QAction* m_eventOrderAction = nullptr;
    QAction* m_realTimeAction = nullptr;
    WireActions* m_wire = nullptr;   // deliver / drop held frames (wire runs, step mode)
    QList<QAction*> m_exportActions;
    QAction* m_exportPacketsAction = nullptr;
    TraceLoader* m_traceLoader = nullptr;
    QString m_loadingTrace;             // the trace being read, for messages
    bool m_traceFromFile = false;       // the model holds a loaded trace, not a run
    QWidget* m_loadProgress = nullptr;  // progress bar and Cancel in the status bar
    QProgressBar* m_loadBar = nullptr;
    struct LoadEnding {
        bool cancelled = false;
        QStringList errors;
    };
    std::optional<LoadEnding> m_loadEnding;   // the file is read, its last rows are still being shown
    std::unique_ptr<QTemporaryDir> m_packetDir;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;

    ScenarioFileWatcher* m_watcher = nullptr;
    ScenarioLinter* m_linter = nullptr;
    std::unique_ptr<finscope::Catalogue> m_catalogueData;
    std::unique_ptr<QTemporaryDir> m_runDir;
    QTimer m_backupTimer;
    AskFunction m_ask;
    QString m_lastRunPath;
    QString m_shownTitle;           // the scenario's title, for the window title
    bool m_untitled = false;        // a new scenario that has no file yet
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
