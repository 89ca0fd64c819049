// SPDX-License-Identifier: MIT
#include "ui/capture/captureloader.h"

#include <QMetaObject>
#include <QPointer>

using namespace finscope;

CaptureLoader::CaptureLoader(QObject* parent) : QObject(parent) {}

CaptureLoader::~CaptureLoader() {
    m_cancel = true;
    if (m_worker.joinable()) m_worker.join();
}

bool CaptureLoader::start(const QString& path) {
    if (m_running) return false;
    if (m_worker.joinable()) m_worker.join();
    m_running = true;
    m_cancel = false;
    const std::string file = path.toStdString();
    // Results cross back to this object's thread through queued calls; the
    // destructor joins the worker first, so `this` outlives every call made.
    m_worker = std::thread([this, file] {
        int lastPercent = -1;
        auto result = std::make_shared<const CaptureImport>(importCapture(file, [&](std::int64_t done, std::int64_t total) {
            const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 0;
            if (percent != lastPercent) {
                lastPercent = percent;
                QMetaObject::invokeMethod(this, [this, percent] { Q_EMIT progress(percent); }, Qt::QueuedConnection);
            }
            return !m_cancel.load();
        }));
        QMetaObject::invokeMethod(this, [this, result] {
            m_running = false;
            Q_EMIT finished(result);
        }, Qt::QueuedConnection);
    });
    return true;
}
