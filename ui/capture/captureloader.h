// SPDX-License-Identifier: MIT
#pragma once

#include "core/capture/captureimport.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

/// Imports a capture on a worker thread so that the window stays
/// responsive: progress() as the file is read, finished() once with the
/// result (partial if damaged or cancelled; its `error` says why). One load
/// at a time; destroying the loader cancels and waits for the worker.
class CaptureLoader : public QObject {
    Q_OBJECT
public:
    explicit CaptureLoader(QObject* parent = nullptr);
    ~CaptureLoader() override;

    /// Starts reading `path`; false if a load is already running.
    bool start(const QString& path);
    /// Asks the worker to stop; finished() still follows, with cancelled set.
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(int percent);
    void finished(std::shared_ptr<const finscope::CaptureImport> capture);

private:
    std::thread m_worker;
    std::atomic<bool> m_cancel{false};
    bool m_running = false;
};
