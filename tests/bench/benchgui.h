// SPDX-License-Identifier: MIT
// What the desktop program's benchmarks measure alike: memory, and how long
// the window's thread goes without turning its event loop.
#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QtGlobal>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <sys/resource.h>
#include <time.h>

namespace bench {

inline long peakRssKb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

inline long currentRssKb()
{
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmRSS:") {
            long kb = 0;
            status >> kb;
            return kb;
        }
        status.ignore(1 << 16, '\n');
    }
    return 0;
}

/// The window thread's own CPU time, in ms.
inline qint64 threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<qint64>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

/// Counts the longest gap between turns of the event loop (a 5 ms timer).
/// On a loaded machine a gap can be the scheduler's, not the program's: the
/// window thread's CPU time over each gap tells them apart ("busy" gaps are
/// the ones the program spent working).
struct StallMeter {
    QElapsedTimer clock;
    qint64 last = 0;
    qint64 lastCpu = threadCpuMs();
    qint64 longest = 0;
    qint64 longestBusy = 0;   // the most CPU time the window thread spent between two turns
    int over100 = 0;          // gaps a user would notice
    int busyOver100 = 0;      // of which the window thread was working 100 ms or more
    const bool verbose = qEnvironmentVariableIsSet("BENCH_LOAD_VERBOSE");   // list each busy gap of 50 ms or more
    QTimer timer;
    StallMeter()
    {
        clock.start();
        timer.setInterval(5);
        QObject::connect(&timer, &QTimer::timeout, &timer, [this] {
            const qint64 now = clock.elapsed();
            const qint64 cpu = threadCpuMs();
            longest = std::max(longest, now - last);
            longestBusy = std::max(longestBusy, cpu - lastCpu);
            over100 += now - last > 100 ? 1 : 0;
            busyOver100 += cpu - lastCpu >= 100 ? 1 : 0;
            if (verbose && cpu - lastCpu >= 50)
                std::fprintf(stderr, "busy %lld ms (window thread CPU) before %lld ms\n",
                             static_cast<long long>(cpu - lastCpu), static_cast<long long>(now));
            last = now;
            lastCpu = cpu;
        });
        timer.start();
    }
};

} // namespace bench
