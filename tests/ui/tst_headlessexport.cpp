// SPDX-License-Identifier: MIT
#include "exportcheck.h"
#include "ladderfixture.h"

#include "core/catalogue.h"

#include <QFileInfo>
#include <QLoggingCategory>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// `finscope-gui --scenario ID --run --export ID.svg` for every catalogue
/// scenario, on the real kernel through the real runner, without a display:
/// the run holds its expectations (exit status 0), the SVG is well-formed,
/// opens in QSvgRenderer, and names as text every errno the run produced.
class TestHeadlessExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo(QStringLiteral(FINSCOPE_RUNNER_PATH)).isExecutable())
            QSKIP("the runner is not built; build the `finscope` target");
        QVERIFY(m_dir.isValid());
        // QtSvg reads SVG Tiny and warns about the hatch patterns a browser draws.
        QLoggingCategory::setFilterRules(u"qt.svg.warning=false"_s);
    }

    void everyScenarioExports_data()
    {
        QTest::addColumn<QString>("id");
        const auto entries = finscope::Catalogue::load().entries();
        QVERIFY2(!entries.empty(), "no catalogue scenarios found");
        for (const auto& e : entries)
            QTest::newRow(e.id.c_str()) << QString::fromStdString(e.id);
    }

    void everyScenarioExports()
    {
        QFETCH(QString, id);
        const QString svg = m_dir.filePath(id + u".svg"_s);
        const QString trace = m_dir.filePath(id + u".jsonl"_s);
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"DISPLAY"_s);
        env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        env.insert(u"FINSCOPE_RUNNER"_s, QStringLiteral(FINSCOPE_RUNNER_PATH));
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH),
                  {u"--scenario"_s, id, u"--run"_s, u"--export"_s, svg, u"--save-trace"_s, trace});
        QVERIFY(gui.waitForFinished(120000));
        const QString err = QString::fromLocal8Bit(gui.readAllStandardError());

        const auto events = fixture::readTrace(trace);
        QVERIFY2(!events.empty() && events.front().as<finscope::RunEvent>(), qPrintable(err));
        const auto& run = *events.front().as<finscope::RunEvent>();
        if (run.capture == "none")
            QSKIP(qPrintable(u"no packet capture here: %1"_s.arg(QString::fromStdString(run.captureNote))));
        QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
        QVERIFY2(gui.exitCode() == 0, qPrintable(err));   // the catalogue's expectations hold on Linux

        QString error;
        const QStringList texts = exportcheck::svgTexts(svg, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(QSvgRenderer(svg).isValid());

        QSet<QString> errnos, sockets;
        for (const auto& e : events) {
            if (const auto* s = e.as<finscope::SyscallEvent>()) {
                if (s->errnoName)
                    errnos.insert(QString::fromStdString(*s->errnoName));
            }
            // TCP sockets have state tracks titled with their names; pipes and
            // AF_UNIX socketpairs (socketpair-and-pipe) have no TCP state to draw.
            // "(accept queue of listenfd)" describes a connection no descriptor names yet.
            if (const auto* st = e.as<finscope::StateEvent>(); st && !st->socket.empty() && st->socket[0] != '(')
                sockets.insert(QString::fromStdString(st->socket));
        }
        for (const QString& name : std::as_const(errnos))
            QVERIFY2(exportcheck::containsText(texts, name), qPrintable(name + u" is not in "_s + svg));
        m_socketsMissing[id] = {};
        for (const QString& name : std::as_const(sockets))
            if (!exportcheck::containsText(texts, name))
                m_socketsMissing[id].append(name);
    }

    // Every socket's name is text in its figure (the track titles).
    void everyScenarioNamesItsSockets()
    {
        if (m_socketsMissing.isEmpty())
            QSKIP("no scenario was exported");
        QStringList missing;
        for (auto it = m_socketsMissing.cbegin(); it != m_socketsMissing.cend(); ++it)
            if (!it.value().isEmpty())
                missing << it.key() + u": "_s + it.value().join(u", "_s);
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(u'\n')));
    }

private:
    QTemporaryDir m_dir;
    QMap<QString, QStringList> m_socketsMissing;   // scenario id -> socket names not in its SVG
};

QTEST_GUILESS_MAIN(TestHeadlessExport)
#include "tst_headlessexport.moc"
