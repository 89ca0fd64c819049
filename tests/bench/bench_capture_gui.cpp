// SPDX-License-Identifier: MIT
// Opening a user's big capture in the desktop program (File ▸ Open Capture):
// how long until the connection list is there, whether the window stays
// responsive meanwhile, the memory it takes, and how long the ladder of one
// chosen connection takes to appear (issue 8's goal: < 100 ms).
//
//   bench_capture_gui FILE [CONNECTIONS]   FILE: a pcap or pcapng (gen_teardown_capture writes one);
//                                          CONNECTIONS: how many rows of the list to show, spread over it (8)
//
// tests/bench/bench_import.sh runs it after the CLI figures; docs/benchmarks.md quotes it.
#include "benchgui.h"

#include "ui/capture/captureview.h"
#include "ui/ladderview.h"
#include "ui/tracemodel.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QSortFilterProxyModel>
#include <QTableView>

#include <cstdio>
#include <vector>

using namespace bench;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_capture_gui FILE [CONNECTIONS]\n");
        return 2;
    }
    QApplication app(argc, argv);
    const int shown = argc >= 3 ? std::max(1, std::atoi(argv[2])) : 8;
    CaptureView view;
    view.resize(1366, 768);
    view.show();
    QApplication::processEvents();
    const long before = currentRssKb();
    QElapsedTimer clock;
    clock.start();
    StallMeter stalls;
    std::size_t packets = 0;
    bool opened = false;
    QObject::connect(&view, &CaptureView::loaded, &view, [&](std::shared_ptr<const finscope::CaptureImport> capture) {
        opened = capture->opened;
        packets = capture->table.packets().size();
        QApplication::quit();
    });
    view.open(QString::fromLocal8Bit(argv[1]));
    QApplication::exec();
    const qint64 listMs = clock.elapsed();
    if (!opened) {
        std::fprintf(stderr, "cannot read %s\n", argv[1]);
        return 2;
    }
    QApplication::processEvents();   // the list is drawn
    const int rows = view.findChild<QTableView*>()->model()->rowCount();
    std::printf("capture: %zu packets, %d connections; list in %lld ms; longest stall %lld ms (%d over 100 ms, "
                "%d of them busy); peak RSS %ld MB; %.0f bytes/packet resident\n",
                packets, rows, static_cast<long long>(listMs), static_cast<long long>(stalls.longest), stalls.over100,
                stalls.busyOver100, peakRssKb() / 1024,
                packets ? double(currentRssKb() - before) * 1024.0 / double(packets) : 0.0);
    // The ladder of rows spread over the list: built, laid out and painted.
    auto* ladder = view.findChild<LadderView*>();
    qint64 slowest = 0;
    for (int i = 0; i < shown && rows > 0; ++i) {
        const int row = static_cast<int>(static_cast<long long>(rows - 1) * i / std::max(1, shown - 1));
        QElapsedTimer one;
        one.start();
        view.showRow(row);
        ladder->grab();
        const qint64 ms = one.elapsed();
        slowest = std::max(slowest, ms);
        std::printf("row %d: ladder of %d events in %lld ms\n", row, view.ladderModel()->rowCount(),
                    static_cast<long long>(ms));
    }
    std::printf("slowest ladder: %lld ms\n", static_cast<long long>(slowest));
    return 0;
}
