// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

/// Copies of unsaved editor text, so that a crash, a kill or a power cut
/// loses at most the last second of a student's typing. One file per
/// document in QStandardPaths::AppDataLocation/backups, written atomically
/// (QSaveFile) and removed once the text is saved or deliberately discarded.
/// What is still there at the next start was never saved: the window
/// offers to restore it.
namespace ScenarioBackup {

struct Entry {
    QString documentPath;   ///< the file the text belongs to; empty for a new, never-saved scenario
    QString text;
    QDateTime written;
    QString backupFile;
};

QString directory();
/// Writes (replaces) the backup of `documentPath`; false when the disk refuses.
bool write(const QString& documentPath, const QString& text);
/// Removes the backup of `documentPath`, if any.
void remove(const QString& documentPath);
/// Every backup left, newest first.
QList<Entry> pending();
/// Removes one backup file found by pending().
void discard(const Entry& entry);

} // namespace ScenarioBackup
