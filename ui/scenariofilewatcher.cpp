// SPDX-License-Identifier: MIT
#include "ui/scenariofilewatcher.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace {
// Long enough to see an editor's truncate-write-rename as one save.
constexpr int kSettleMs = 150;
}

ScenarioFileWatcher::ScenarioFileWatcher(QObject* parent)
    : QObject(parent)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &ScenarioFileWatcher::report);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, &ScenarioFileWatcher::onSomethingChanged);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, &ScenarioFileWatcher::onSomethingChanged);
}

void ScenarioFileWatcher::watch(const QString& path)
{
    const QStringList watched = m_watcher.files() + m_watcher.directories();
    if (!watched.isEmpty())
        m_watcher.removePaths(watched);
    m_settle.stop();
    m_path = path.isEmpty() ? QString() : QFileInfo(path).absoluteFilePath();
    if (m_path.isEmpty())
        return;
    m_watcher.addPath(QFileInfo(m_path).absolutePath());
    if (QFileInfo::exists(m_path))
        m_watcher.addPath(m_path);
    m_fingerprint = fingerprint();
}

void ScenarioFileWatcher::onSomethingChanged()
{
    // A rename over the file drops it from the watch list: add it back.
    if (!m_path.isEmpty() && QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
    m_settle.start();
}

void ScenarioFileWatcher::report()
{
    // The directory changes for every file in it; only this file's content counts.
    const QByteArray now = fingerprint();
    if (now == m_fingerprint)
        return;
    m_fingerprint = now;
    Q_EMIT changed(m_path);
}

QByteArray ScenarioFileWatcher::fingerprint() const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArrayLiteral("missing");
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
}
