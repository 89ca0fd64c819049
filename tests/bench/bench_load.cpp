// SPDX-License-Identifier: MIT
// Opening a big JSON-lines trace in the desktop program, the old way and
// the new way, each in its own process so that peak memory is its own:
//
//   bench_load generate FILE [EVENTS]   write a trace: a recorded real run, repeated (1,000,000 events by default)
//   bench_load old FILE                 the way before issue 8: the file read whole on the window's thread, one
//                                       DOM per line (TraceReader), every event kept as a TraceEvent; then the
//                                       same model and ladder as today
//   bench_load new FILE                 MainWindow::loadTrace: a worker thread, batches, compact records
//
// Prints: time to the first painted ladder, time until all is loaded, the
// longest time the window's thread did not turn its event loop, peak RSS,
// and bytes per event (RSS growth and the model's own records); and, since on a
// loaded machine a gap may be the scheduler's, how much of each gap the window
// thread spent working (BENCH_LOAD_VERBOSE=1 lists every busy gap of 50 ms or more).
// tests/bench/bench_load.sh runs all three and is what docs/benchmarks.md quotes.
#include "benchgui.h"

#include "core/tracejson.h"
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/tracemodel.h"
#include "ui/tracereader.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTimer>

#include <cstdio>
#include <fstream>

using namespace finscope;
using namespace bench;

namespace {

int generate(const char* path, long events)
{
    QFile recorded(QStringLiteral(BENCH_RECORDED_RUN));
    if (!recorded.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s\n", BENCH_RECORDED_RUN);
        return 2;
    }
    std::vector<TraceEvent> run;
    for (const QByteArray& line : recorded.readAll().trimmed().split('\n'))
        run.push_back(parseTraceLine(std::string_view(line.constData(), static_cast<std::size_t>(line.size()))).event);
    const std::int64_t span = run.back().tNs - run.front().tNs + 1000;
    std::ofstream out(path);
    for (long id = 0, round = 0; id < events; ++round) {
        for (const TraceEvent& original : run) {
            TraceEvent e = original;
            const std::int64_t shift = e.id - id;
            e.id = id++;
            e.tNs += round * span;
            for (auto& c : e.causes)
                c -= shift;
            if (auto* s = std::get_if<SyscallEvent>(&e.body)) {
                s->tEnterNs += round * span;
                if (s->tExitNs)
                    *s->tExitNs += round * span;
            }
            out << toJsonLine(e) << '\n';
        }
    }
    return out ? 0 : 2;
}

void report(const char* how, qint64 firstPaintMs, qint64 allMs, qint64 stallMs, long rssBeforeKb, int events,
            std::size_t modelBytes)
{
    const double perEvent = events > 0 ? double(currentRssKb() - rssBeforeKb) * 1024.0 / events : 0;
    std::printf("%s: %d events; first paint %lld ms; all loaded %lld ms; longest stall %lld ms; peak RSS %ld MB; "
                "%.0f bytes/event resident (model records %.0f)\n",
                how, events, static_cast<long long>(firstPaintMs), static_cast<long long>(allMs),
                static_cast<long long>(stallMs), peakRssKb() / 1024, perEvent,
                events > 0 ? double(modelBytes) / events : 0.0);
}

int oldWay(const QString& path)
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QApplication::processEvents();
    const long before = currentRssKb();
    QElapsedTimer clock;
    clock.start();
    // As MainWindow::loadTrace did: readAll, feed (a copy into the reader's
    // buffer), a DOM per line, every event a TraceEvent in a vector.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return 2;
    TraceReader reader;
    std::vector<TraceEvent> events = reader.feed(file.readAll());
    for (auto& e : reader.finish())
        events.push_back(std::move(e));
    const qint64 parsedMs = clock.elapsed();
    // The old model kept this vector: hold it while the rest is measured.
    TraceModel* model = window.traceModel();
    model->append(events);
    model->flush();
    window.ladder()->grab();
    const qint64 paintMs = clock.elapsed();
    std::printf("old: parse on the window's thread %lld ms\n", static_cast<long long>(parsedMs));
    // The window's thread did nothing else the whole time: the stall is all of it.
    report("old", paintMs, paintMs, paintMs, before, model->rowCount(), events.capacity() * sizeof(TraceEvent));
    return 0;
}

int newWay(const QString& path)
{
    MainWindow window;
    window.resize(1366, 768);
    window.show();
    QApplication::processEvents();
    const long before = currentRssKb();
    QElapsedTimer clock;
    clock.start();
    StallMeter stalls;
    qint64 firstPaint = -1;
    TraceModel* model = window.traceModel();
    QObject::connect(model, &QAbstractItemModel::rowsInserted, &window, [&] {
        if (firstPaint < 0) {
            window.ladder()->grab();
            firstPaint = clock.elapsed();
        }
    });
    qint64 all = -1;
    QObject::connect(&window, &MainWindow::traceLoaded, &window, [&] {
        all = clock.elapsed();
        QApplication::quit();
    });
    if (!window.loadTrace(path))
        return 2;
    QApplication::exec();
    report("new", firstPaint, all, stalls.longest, before, model->rowCount(), model->eventBytes());
    std::printf("new: %d stalls over 100 ms, %d of them with 100 ms or more of the window thread's CPU time; "
                "most CPU time between two turns %lld ms\n",
                stalls.over100, stalls.busyOver100, static_cast<long long>(stalls.longestBusy));
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc >= 3 && std::string_view(argv[1]) == "generate")
        return generate(argv[2], argc >= 4 ? std::atol(argv[3]) : 1'000'000);
    if (argc != 3 || (std::string_view(argv[1]) != "old" && std::string_view(argv[1]) != "new")) {
        std::fprintf(stderr, "usage: bench_load generate FILE [EVENTS] | old FILE | new FILE\n");
        return 2;
    }
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("FinScopeBench"));
    const QString path = QString::fromLocal8Bit(argv[2]);
    return std::string_view(argv[1]) == "old" ? oldWay(path) : newWay(path);
}
