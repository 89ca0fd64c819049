// SPDX-License-Identifier: MIT
// finscope-gui: the desktop program. Everything it shows comes from the
// runner (`finscope run --json`), started as a child process.
#include "core/catalogue.h"
#include "ui/ladderexport.h"
#include "ui/capture/captureview.h"
#include "ui/compare/comparewindow.h"
#include "ui/mainwindow.h"
#include "ui/predict/predictpanel.h"
#include "ui/problemspanel.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QMenuBar>
#include <QScreen>
#include <QTimer>

#include <pcap/pcap.h>

#include <cstdio>
#include <memory>
#include <optional>

using namespace Qt::StringLiterals;

namespace {

// Exit statuses, as the CLI's: 0 all well, 1 the run failed (an expectation
// missed, the runner failed, the run was stopped), 2 bad usage or a file
// that could not be written.
constexpr int kExitRunFailed = 1;
constexpr int kExitUsage = 2;

struct Options {
    QString file;       // a scenario file to open
    QString scenario;   // a catalogue scenario's path to select
    QString screenshot;
    QString trace;
    QString exportPath;
    QString saveTrace;
    QStringList compare;   // A and B: scenario ids, .fsc files or saved traces
    QString capture;       // a pcap/pcapng file to open as a connection list
    bool run = false;
    bool predict = false;
    bool step = false;
    int steps = 0;
    int screenshotAfterMs = -1;   // --screenshot-after: the whole screen at that time
    QString showMenu;             // --show-menu: a menu to open, for documentation screenshots
};

QString translate(const char* text)
{
    return QCoreApplication::translate("main", text);
}

void setApplicationInfo()
{
    QCoreApplication::setApplicationName(u"FinScope"_s);
    QCoreApplication::setOrganizationName(u"FinScope"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(FINSCOPE_VERSION));
}

[[noreturn]] void usageError(const QString& message)
{
    std::fprintf(stderr, "finscope-gui: %s\n", qPrintable(message));
    std::exit(kExitUsage);
}

/// A built-in scenario by id, file name or stem ("write-after-peer-close",
/// "03-write-after-peer-close.fsc"), or any readable .fsc file.
std::optional<finscope::CatalogueEntry> findScenario(const finscope::Catalogue& catalogue, const QString& name)
{
    return catalogue.find(name.toStdString());
}

QString knownIds(const finscope::Catalogue& catalogue)
{
    QStringList ids;
    for (const auto& e : catalogue.entries())
        ids.append(QString::fromStdString(e.id));
    return ids.isEmpty() ? translate("(no built-in scenarios found; set FINSCOPE_SCENARIO_DIR)") : ids.join(u", "_s);
}

/// Reads the command line before any QApplication exists, so that --help,
/// --version and mistakes are answered on a terminal without a display.
Options parseOptions(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

    QCommandLineParser parser;
    parser.setApplicationDescription(translate("Shows how TCP connections end, measured on the real kernel."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    parser.addPositionalArgument(u"scenario"_s, translate("A scenario file (.fsc) or a built-in scenario's id to open."),
                                 u"[FILE.fsc|ID]"_s);
    const QCommandLineOption scenario(u"scenario"_s, translate("Select the built-in scenario ID."), u"ID"_s);
    const QCommandLineOption run(u"run"_s, translate("Run the selected scenario at once."));
    const QCommandLineOption step(u"step"_s, translate("Start the selected scenario in step mode."));
    const QCommandLineOption trace(u"trace"_s, translate("Show a saved JSON-lines trace."), u"FILE"_s);
    const QCommandLineOption shot(u"screenshot"_s, translate("Save the window as PNG when the run ends, then quit."),
                                  u"PNG"_s);
    const QCommandLineOption steps(u"steps"_s, translate("With --step and --screenshot: take N steps, then save."),
                                   u"N"_s);
    const QCommandLineOption exportFigure(
        u"export"_s,
        translate("With --run or --trace: save the ladder as FILE (.svg, .pdf or .png) when the run ends, then quit. "
                  "Needs no display. Exit status 1 if the run failed."),
        u"FILE"_s);
    const QCommandLineOption saveTrace(u"save-trace"_s,
                                       translate("With --run: save the run's trace as JSON lines when it ends, then quit."),
                                       u"FILE"_s);
    const QCommandLineOption compare(
        u"compare"_s,
        translate("Compare two runs side by side: A and B are built-in scenario ids, .fsc files or saved traces "
                  "(--compare A B)."),
        u"A"_s);
    const QCommandLineOption predict(u"predict"_s,
                                     translate("Start Predict, then reveal on the selected scenario. With --screenshot "
                                               "and --steps N: answer the first choice N times, then save."));
    const QCommandLineOption capture(u"capture"_s,
                                     translate("Open a pcap or pcapng capture: its TCP connections and how each ended."),
                                     u"FILE"_s);
    const QCommandLineOption shotAfter(
        u"screenshot-after"_s,
        translate("With --screenshot: save the whole screen after MS milliseconds, whatever is going on (a trace "
                  "still being read, an open menu), then quit."),
        u"MS"_s);
    const QCommandLineOption showMenu(u"show-menu"_s,
                                      translate("Open the menu named NAME (File, Run, View, ...) once the window is "
                                                "shown, for screenshots with --screenshot-after."),
                                      u"NAME"_s);
    parser.addOptions({scenario, run, step, trace, shot, steps, exportFigure, saveTrace, compare, predict, capture,
                       shotAfter, showMenu});

    // Qt's own options (-platform, -style...) are QApplication's to read;
    // unknown options are an error only when not asking for help.
    const bool parsed = parser.parse(arguments);
    if (parser.isSet(help) || parser.isSet(version)) {
        int fakeArgc = 1;
        QCoreApplication core(fakeArgc, argv);
        setApplicationInfo();
        if (parser.isSet(version))
            parser.showVersion();
        parser.showHelp(0);
    }
    if (!parsed) {
        const bool onlyQtOptions = [&] {
            static const QStringList qtOptions{u"platform"_s, u"style"_s, u"reverse"_s, u"qwindowgeometry"_s,
                                               u"qwindowtitle"_s, u"qwindowicon"_s, u"platformpluginpath"_s,
                                               u"platformtheme"_s, u"plugin"_s, u"display"_s, u"stylesheet"_s,
                                               u"widgetcount"_s, u"session"_s, u"geometry"_s, u"nograb"_s,
                                               u"dograb"_s, u"sync"_s, u"qmljsdebugger"_s};
            const QStringList unknown = parser.unknownOptionNames();
            return !unknown.isEmpty() && std::all_of(unknown.begin(), unknown.end(),
                                                     [](const QString& o) { return qtOptions.contains(o); });
        }();
        if (!onlyQtOptions)
            usageError(parser.errorText() + translate(" (see --help)"));
    }

    Options o;
    o.screenshot = parser.value(shot);
    o.trace = parser.value(trace);
    o.exportPath = parser.value(exportFigure);
    o.saveTrace = parser.value(saveTrace);
    o.run = parser.isSet(run);
    o.step = parser.isSet(step);
    o.steps = parser.value(steps).toInt();
    if (parser.isSet(shotAfter)) {
        bool ok = false;
        o.screenshotAfterMs = parser.value(shotAfter).toInt(&ok);
        if (!ok || o.screenshotAfterMs < 0 || o.screenshot.isEmpty())
            usageError(translate("--screenshot-after needs a number of milliseconds and --screenshot PNG"));
    }
    o.showMenu = parser.value(showMenu);

    // The positional arguments of the Qt options (-platform offscreen) are not scenarios.
    QStringList positional = parser.positionalArguments();
    if (!parsed) {
        for (const QString& o2 : parser.unknownOptionNames())
            for (qsizetype i = 1; i + 1 < arguments.size(); ++i)
                if (arguments[i] == u'-' + o2 || arguments[i] == u"--"_s + o2)
                    positional.removeOne(arguments[i + 1]);
    }
    o.predict = parser.isSet(predict);
    if (parser.isSet(compare)) {
        // `--compare A B`: B arrives as the positional argument.
        if (positional.size() != 1)
            usageError(translate("--compare needs two runs: --compare A B"));
        o.compare = {parser.value(compare), positional.takeFirst()};
        const finscope::Catalogue all = finscope::Catalogue::load();
        for (const QString& side : std::as_const(o.compare))
            if (!QFileInfo(side).isFile() && !findScenario(all, side))
                usageError(translate("--compare: no scenario file, trace or built-in scenario named '%1'").arg(side));
    }
    o.capture = parser.value(capture);
    // A capture given as the argument opens as one, not as a scenario.
    if (o.capture.isEmpty() && positional.size() == 1 && MainWindow::isCaptureFile(positional.first()))
        o.capture = positional.takeFirst();
    if (!o.capture.isEmpty() && !QFileInfo(o.capture).isFile())
        usageError(translate("--capture: no such file '%1'").arg(o.capture));
    if (positional.size() > 1)
        usageError(translate("one scenario at a time, got %1: %2").arg(positional.size()).arg(positional.join(u' ')));
    if (!positional.isEmpty() && parser.isSet(scenario))
        usageError(translate("give the scenario either as an argument or with --scenario, not both"));

    // A name is a file when such a file exists, else a catalogue id; an
    // unknown one is an error, never a silent fall-back to another scenario.
    const finscope::Catalogue catalogue = finscope::Catalogue::load();
    const QString name = positional.isEmpty() ? parser.value(scenario) : positional.first();
    if (!name.isEmpty()) {
        if (!positional.isEmpty() && QFileInfo(name).isFile()) {
            o.file = name;
        } else if (const auto entry = findScenario(catalogue, name)) {
            o.scenario = QString::fromStdString(entry->path);
        } else {
            usageError(translate("no scenario file or built-in scenario named '%1'. Built-in scenarios: %2")
                           .arg(name, knownIds(catalogue)));
        }
    }
    if (!o.exportPath.isEmpty()) {
        if (!LadderExport::formatFor(o.exportPath))
            usageError(translate("--export %1: the file name must end in .svg, .pdf or .png").arg(o.exportPath));
        if (!o.run && o.trace.isEmpty())
            usageError(translate("--export needs --run (with a scenario) or --trace FILE"));
    }
    if (!o.saveTrace.isEmpty() && !o.run)
        usageError(translate("--save-trace needs --run"));
    if (o.run && o.file.isEmpty() && o.scenario.isEmpty() && (!o.exportPath.isEmpty() || !o.saveTrace.isEmpty()))
        usageError(translate("--run needs a scenario (an argument or --scenario ID)"));
    return o;
}

void selectFirstFailedCall(MainWindow& window)
{
    // Select the first failed call, if any, so the details panel is not empty.
    const TraceModel& model = *window.traceModel();
    for (int row = 0; row < model.rowCount(); ++row) {
        if (auto* s = model.event(row).as<finscope::SyscallEvent>(); s && s->errnoName) {
            window.selectEvent(row);
            break;
        }
    }
}

/// --show-menu: pops up the menu bar's menu whose title (without its &) is `name`.
void openMenu(MainWindow& window, const QString& name)
{
    for (QAction* action : window.menuBar()->actions()) {
        if (action->menu() && QString(action->text()).remove(u'&').compare(name, Qt::CaseInsensitive) == 0) {
            window.menuBar()->setActiveAction(action);
            return;
        }
    }
    std::fprintf(stderr, "finscope-gui: --show-menu: no menu named %s\n", qPrintable(name));
}

/// --screenshot of a window that is ready: let it paint, save it, quit.
void saveSoonAndQuit(QWidget* widget, const QString& path)
{
    QTimer::singleShot(300, widget, [widget, path] {
        widget->grab().save(path);
        QApplication::quit();
    });
}

void saveScreenshot(MainWindow& window, const QString& path)
{
    selectFirstFailedCall(window);
    QApplication::processEvents();
    window.grab().save(path);
}

/// The end of a run or of loading a trace, for the options that act then
/// and quit: save the trace, export the figure, take the screenshot.
void finish(MainWindow& window, const Options& options, bool fromRun)
{
    int status = 0;
    if (fromRun) {
        if (window.lastOutcome() != MainWindow::Outcome::Succeeded)
            status = kExitRunFailed;
    } else if (const auto* summary = window.traceModel()->summary(); !summary || !summary->ok) {
        status = kExitRunFailed;
    }
    if (status != 0)
        std::fprintf(stderr, "finscope-gui: the run failed (see the figure and the Problems panel)\n");
    if (!options.saveTrace.isEmpty() && !window.saveTrace(options.saveTrace)) {
        std::fprintf(stderr, "finscope-gui: cannot write %s\n", qPrintable(options.saveTrace));
        status = kExitUsage;
    }
    if (!options.exportPath.isEmpty()) {
        const QString error = LadderExport::write(*window.ladder(), options.exportPath);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "finscope-gui: %s\n", qPrintable(error));
            status = kExitUsage;
        }
    }
    if (!options.screenshot.isEmpty())
        saveScreenshot(window, options.screenshot);
    QCoreApplication::exit(status);
}

/// --predict --screenshot: answers the first choice of every question for
/// --steps steps, then saves the window showing the last reveal (or the score).
void autoPredict(MainWindow& window, const Options& options)
{
    PredictPanel* panel = window.predictPanel();
    const auto shoot = [&window, &options] { saveSoonAndQuit(&window, options.screenshot); };
    auto revealed = std::make_shared<int>(0);
    QObject::connect(window.runner(), &RunnerProcess::paused, panel, [panel, &options, shoot, revealed] {
        QTimer::singleShot(0, panel, [panel, &options, shoot, revealed] {
            const auto* step = panel->quiz().current();
            if (step && step->revealed) {
                if (++*revealed >= options.steps)
                    return shoot();
                panel->proceed();   // to the next step's questions
                step = panel->quiz().current();
            }
            if (step && !step->revealed && !step->questions.empty()) {
                for (std::size_t q = 0; q < step->questions.size(); ++q)
                    panel->choose(static_cast<int>(q), 0);
                panel->proceed();
            }
        });
    });
    QObject::connect(panel, &PredictPanel::finished, &window, shoot);
    QObject::connect(&window, &MainWindow::runFinished, panel, [panel] {
        QTimer::singleShot(0, panel, [panel] { panel->proceed(); });
    });
}

} // namespace

int main(int argc, char* argv[])
{
    const Options options = parseOptions(argc, argv);
    // An export is made without showing anything: no display needed.
    if (!options.exportPath.isEmpty() && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    QApplication app(argc, argv);
    setApplicationInfo();
    QApplication::setDesktopFileName(u"io.github.finscope.FinScope"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/finscope.svg"_s));
    UiLanguage::install(app);   // before any window: every tr() then speaks the chosen language

    MainWindow window;
    window.setAboutExtra([] { return u"libpcap: %1"_s.arg(QString::fromLatin1(pcap_lib_version())); });
    if (!options.file.isEmpty())
        window.openFile(options.file);
    else if (!options.scenario.isEmpty() && !window.selectScenario(options.scenario))
        window.openFile(options.scenario);   // a readable .fsc outside the catalogue
    const bool headless = !options.exportPath.isEmpty() || !options.saveTrace.isEmpty();
    if (headless)
        window.resize(1366, 768);   // the figure of a laptop screen, whatever the last session's window was
    window.show();

    if (!options.showMenu.isEmpty())
        QTimer::singleShot(200, &window, [&window, &options] { openMenu(window, options.showMenu); });
    if (options.screenshotAfterMs >= 0) {
        QTimer::singleShot(options.screenshotAfterMs, &window, [&options] {
            // The screen, not the window: menus and other popups are windows of their own.
            QGuiApplication::primaryScreen()->grabWindow(0).save(options.screenshot);
            QApplication::quit();
        });
    }
    if (!options.trace.isEmpty()) {
        // The trace is read on a worker thread: what acts on it waits for traceLoaded.
        if (headless && !options.run)
            QObject::connect(&window, &MainWindow::traceLoaded, &window,
                             [&] { QTimer::singleShot(0, &window, [&] { finish(window, options, false); }); });
        if (!window.loadTrace(options.trace) && headless) {
            const ProblemsPanel* problems = window.problems();
            usageError(problems->count() > 0 ? problems->item(problems->count() - 1)->text()
                                             : translate("cannot read trace %1").arg(options.trace));
        }
    }
    if (headless && options.run) {
        QObject::connect(&window, &MainWindow::runFinished, &window,
                         [&] { QTimer::singleShot(0, &window, [&] { finish(window, options, true); }); });
    } else if (!options.screenshot.isEmpty() && options.screenshotAfterMs < 0) {
        const auto shoot = [&] {
            saveScreenshot(window, options.screenshot);
            QApplication::quit();
        };
        QObject::connect(&window, &MainWindow::runFinished, &window, [&, shoot] { QTimer::singleShot(300, &window, shoot); });
        if (options.step) {
            // Step N times, then show the window paused before the next step.
            QObject::connect(window.runner(), &RunnerProcess::paused, &window, [&, shoot, taken = 0]() mutable {
                if (taken++ < options.steps)
                    QTimer::singleShot(100, &window, &MainWindow::step);
                else
                    QTimer::singleShot(300, &window, shoot);
            });
        } else if (!options.trace.isEmpty()) {
            QObject::connect(&window, &MainWindow::traceLoaded, &window,
                             [&, shoot] { QTimer::singleShot(300, &window, shoot); });
        } else if (!options.run && options.capture.isEmpty() && options.compare.isEmpty() && !options.predict) {
            // The main window as it opens. A capture, a comparison and Predict
            // take their own screenshot when they are ready (below): this one
            // must not beat a slow capture to it.
            QTimer::singleShot(800, &window, shoot);
        }
    }
    if (!options.compare.isEmpty()) {
        CompareWindow* compareWindow = window.compare(options.compare[0], options.compare[1]);
        if (!options.screenshot.isEmpty()) {
            compareWindow->resize(window.size());
            QObject::connect(compareWindow, &CompareWindow::ready, compareWindow,
                             [compareWindow, &options] { saveSoonAndQuit(compareWindow, options.screenshot); });
        }
        return app.exec();
    }
    if (!options.capture.isEmpty()) {
        CaptureView* view = window.openCapture(options.capture);
        if (!options.screenshot.isEmpty()) {
            QObject::connect(view, &CaptureView::loaded, view,
                             [view, &options] { saveSoonAndQuit(view, options.screenshot); });
        }
        return app.exec();
    }
    if (options.predict) {
        QTimer::singleShot(0, &window, &MainWindow::predict);
        if (!options.screenshot.isEmpty())
            autoPredict(window, options);
        return app.exec();
    }
    // Text a crash kept from the last session, offered once the window is up
    // (never in the unattended modes, which must not stop on a question).
    if (!headless && options.screenshot.isEmpty())
        QTimer::singleShot(0, &window, &MainWindow::offerBackups);
    if (options.run)
        QTimer::singleShot(0, &window, &MainWindow::run);
    else if (options.step)
        QTimer::singleShot(0, &window, &MainWindow::step);
    return app.exec();
}
