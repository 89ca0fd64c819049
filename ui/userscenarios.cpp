// SPDX-License-Identifier: MIT
#include "ui/userscenarios.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

namespace UserScenarios {

QString directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/scenarios"_s;
}

QString copyPathFor(const QString& fileName)
{
    QDir().mkpath(directory());
    const QFileInfo info(fileName);
    const QString base = info.completeBaseName().isEmpty() ? u"scenario"_s : info.completeBaseName();
    QString path = directory() + u'/' + base + u".fsc"_s;
    for (int n = 2; QFileInfo::exists(path); ++n)
        path = directory() + u'/' + base + u'-' + QString::number(n) + u".fsc"_s;
    return path;
}

QString templateText()
{
    // English like the scenario language itself; the comments teach the syntax.
    return uR"(title: My scenario
summary: What this scenario shows, in one line.
about: |
  Explain here what happens and why, for the reader of the ladder.

# endpoint: call(arguments)   => what the kernel must return (optional)
# Ctrl+Space completes call names, flags, errno and signal names.
server: listen()
client: connect()                 => 0
server: accept()
client: write("hello")            => 5
server: read()                    => 5, data="hello"
client: close()                   => 0
server: read()                    => 0            # end of file: the peer's FIN
server: close()                   => 0
)"_s;
}

} // namespace UserScenarios
