// SPDX-License-Identifier: MIT
// finscope-gui: the desktop program. Everything it shows comes from the
// runner (`finscope run --json`), started as a child process.
#include "ui/mainwindow.h"
#include "ui/tracemodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <pcap/pcap.h>

using namespace Qt::StringLiterals;

namespace {

struct Options {
    QString file;
    QString scenario;
    QString screenshot;
    QString trace;
    bool run = false;
    bool step = false;
    int steps = 0;
};

Options parseOptions(const QApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Shows how TCP connections end."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"file"_s, QApplication::translate("main", "A scenario file (.fsc) to open."), u"[FILE.fsc]"_s);
    const QCommandLineOption scenario(u"scenario"_s, QApplication::translate("main", "Select the built-in scenario ID."), u"ID"_s);
    const QCommandLineOption run(u"run"_s, QApplication::translate("main", "Run the selected scenario at once."));
    const QCommandLineOption step(u"step"_s, QApplication::translate("main", "Start the selected scenario in step mode."));
    const QCommandLineOption trace(u"trace"_s, QApplication::translate("main", "Show a saved JSON-lines trace."), u"FILE"_s);
    const QCommandLineOption shot(u"screenshot"_s,
                                  QApplication::translate("main", "Save the window as PNG when the run ends, then quit."), u"PNG"_s);
    const QCommandLineOption steps(u"steps"_s,
                                   QApplication::translate("main", "With --step and --screenshot: take N steps, then save."), u"N"_s);
    parser.addOptions({scenario, run, step, trace, shot, steps});
    parser.process(app);
    Options o;
    o.file = parser.positionalArguments().value(0);
    o.scenario = parser.value(scenario);
    o.screenshot = parser.value(shot);
    o.trace = parser.value(trace);
    o.run = parser.isSet(run);
    o.step = parser.isSet(step);
    o.steps = parser.value(steps).toInt();
    return o;
}

void saveScreenshot(MainWindow& window, const QString& path)
{
    // Select the first failed call, if any, so the details panel is not empty.
    const TraceModel& model = *window.traceModel();
    for (int row = 0; row < model.rowCount(); ++row) {
        if (auto* s = model.event(row).as<finscope::SyscallEvent>(); s && s->errnoName) {
            window.selectEvent(row);
            break;
        }
    }
    QApplication::processEvents();
    window.grab().save(path);
    QApplication::quit();
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"FinScope"_s);
    QApplication::setOrganizationName(u"FinScope"_s);
    QApplication::setApplicationVersion(QStringLiteral(FINSCOPE_VERSION));
    QApplication::setDesktopFileName(u"io.github.finscope.FinScope"_s);
    QApplication::setWindowIcon(QIcon(u":/icons/finscope.svg"_s));
    const Options options = parseOptions(app);

    MainWindow window;
    window.setAboutExtra([] { return u"libpcap: %1"_s.arg(QString::fromLatin1(pcap_lib_version())); });
    if (!options.file.isEmpty())
        window.openFile(options.file);
    else if (!options.scenario.isEmpty())
        window.selectScenario(options.scenario);
    window.show();

    if (!options.trace.isEmpty())
        window.loadTrace(options.trace);
    if (!options.screenshot.isEmpty()) {
        QObject::connect(&window, &MainWindow::runFinished, &window,
                         [&] { QTimer::singleShot(300, &window, [&] { saveScreenshot(window, options.screenshot); }); });
        if (options.step) {
            // Step N times, then show the window paused before the next step.
            QObject::connect(window.runner(), &RunnerProcess::paused, &window, [&, taken = 0]() mutable {
                if (taken++ < options.steps)
                    QTimer::singleShot(100, &window, &MainWindow::step);
                else
                    QTimer::singleShot(300, &window, [&] { saveScreenshot(window, options.screenshot); });
            });
        } else if (!options.run) {
            QTimer::singleShot(800, &window, [&] { saveScreenshot(window, options.screenshot); });
        }
    }
    if (options.run)
        QTimer::singleShot(0, &window, &MainWindow::run);
    else if (options.step)
        QTimer::singleShot(0, &window, &MainWindow::step);
    return app.exec();
}
