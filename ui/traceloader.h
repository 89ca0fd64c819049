// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

/// Reads a saved JSON-lines trace on a worker thread, so that a big file
/// neither freezes the window nor has to fit in memory twice: the file is
/// read in 1 MiB chunks, each line parsed where it lies, and the events
/// handed to the window in batches (eventsRead) as they come, a few batches
/// ahead at most. Only regular files are read (not /dev/zero, not a pipe);
/// a line longer than kMaxLineBytes is skipped with an error; strings
/// longer than kMaxStringBytes are cut (see bound()), so that no value in a
/// trace can make a view slow. One load at a time; destroying the loader
/// cancels it and waits for the worker.
class TraceLoader : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxLineBytes = 64 * 1024 * 1024;
    static constexpr std::size_t kMaxStringBytes = 4096;
    static constexpr std::size_t kBatchEvents = 4096;

    explicit TraceLoader(QObject* parent = nullptr);
    ~TraceLoader() override;

    /// Starts reading `path`. Returns why not when it cannot be read at all
    /// (no such file, not a regular file, no permission); empty on success.
    QString start(const QString& path);
    /// Asks the worker to stop; finished() still follows, with cancelled set.
    void cancel();
    /// While held, the worker hands over no more batches (it waits): the
    /// window holds it while its views have much left to show, so that
    /// reading never runs far ahead of what the user sees.
    void setHeld(bool held);
    bool isRunning() const { return m_running; }

    /// Cuts every string of the event longer than kMaxStringBytes (at a
    /// UTF-8 character boundary), saying how much was left out.
    static void bound(finscope::TraceEvent& event);

Q_SIGNALS:
    /// The next events of the file, in order.
    void eventsRead(const std::vector<finscope::TraceEvent>& events);
    void progress(int percent);
    /// The end: all read, or cancelled, or stopped by a read error.
    /// `errors`: the first few bad lines ("line N: why") and read errors.
    void finished(bool cancelled, const QStringList& errors);

private:
    void work(int fd, qint64 size);
    /// Hands a batch to the window's thread; waits while too many are on their way.
    void post(std::vector<finscope::TraceEvent> batch);
    void delivered();

    std::thread m_worker;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
    std::mutex m_mutex;
    std::condition_variable m_drained;
    int m_inFlight = 0;   // batches posted, not yet delivered
    bool m_held = false;  // guarded by m_mutex
};
