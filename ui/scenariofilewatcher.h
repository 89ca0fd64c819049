// SPDX-License-Identifier: MIT
#pragma once

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

/// Watches the one scenario file the window shows and says when it changed
/// on disk. Editors often save by writing a new file and renaming it over
/// the old one, which ends a plain QFileSystemWatcher's watch; this one
/// watches the directory too and picks the file up again. A burst of
/// changes (truncate, write, rename) is reported once.
class ScenarioFileWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ScenarioFileWatcher(QObject* parent = nullptr);

    /// Watches `path` instead of the previous file; empty stops watching.
    void watch(const QString& path);
    QString path() const { return m_path; }

Q_SIGNALS:
    /// The file's contents changed, or it was replaced, deleted or recreated.
    void changed(const QString& path);

private:
    void onSomethingChanged();
    void report();
    QByteArray fingerprint() const;

    QFileSystemWatcher m_watcher;
    QTimer m_settle;
    QString m_path;
    QByteArray m_fingerprint;
};
