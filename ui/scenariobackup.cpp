// SPDX-License-Identifier: MIT
#include "ui/scenariobackup.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace ScenarioBackup {

namespace {
QString fileFor(const QString& documentPath)
{
    // One backup per document, whatever characters its path holds.
    const QByteArray key = documentPath.isEmpty() ? QByteArray("untitled") : documentPath.toUtf8();
    return directory() + u'/'
        + QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex().left(16)) + u".json"_s;
}
}

QString directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/backups"_s;
}

bool write(const QString& documentPath, const QString& text)
{
    if (!QDir().mkpath(directory()))
        return false;
    const QJsonObject object{{u"path"_s, documentPath},
                             {u"text"_s, text},
                             {u"written"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)}};
    QSaveFile file(fileFor(documentPath));
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    return file.commit();
}

void remove(const QString& documentPath)
{
    QFile::remove(fileFor(documentPath));
}

QList<Entry> pending()
{
    QList<Entry> entries;
    const QDir dir(directory());
    const auto files = dir.entryInfoList({u"*.json"_s}, QDir::Files);
    for (const QFileInfo& info : files) {
        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
        if (!object.contains(u"text"_s))
            continue;   // not ours, or cut short: never offered, never deleted
        entries.append({object.value(u"path"_s).toString(), object.value(u"text"_s).toString(),
                        QDateTime::fromString(object.value(u"written"_s).toString(), Qt::ISODateWithMs),
                        info.absoluteFilePath()});
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.written > b.written; });
    return entries;
}

void discard(const Entry& entry)
{
    QFile::remove(entry.backupFile);
}

} // namespace ScenarioBackup
