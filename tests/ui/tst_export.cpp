// SPDX-License-Identifier: MIT
#include "exportcheck.h"
#include "ladderfixture.h"

#include "ui/ladderexport.h"

#include <QDir>
#include <QItemSelectionModel>
#include <QLoggingCategory>
#include <QProcess>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/// The ladder as a file: SVG, PDF and PNG through the ladder's own painter,
/// and `finscope-gui --export` without a display (runner faked here; the
/// real runs of every catalogue scenario are in tst_headlessexport).
class TestExport : public QObject
{
    Q_OBJECT
private:
    struct Gui {
        int status = -1;
        QString err;
    };

    /// Runs finscope-gui with the fake runner in `mode`, as a user would from a terminal without a display.
    static Gui runGui(const QStringList& args, const QByteArray& mode, const QByteArray& exitStatus = "0")
    {
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"QT_QPA_PLATFORM"_s);   // --export must not need it
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        env.insert(u"FINSCOPE_RUNNER"_s, QStringLiteral(FAKE_RUNNER));
        env.insert(u"FAKE_RUNNER_MODE"_s, QString::fromLatin1(mode));
        env.insert(u"FAKE_RUNNER_EXIT"_s, QString::fromLatin1(exitStatus));
        env.insert(u"FAKE_RUNNER_TRACE"_s, QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH), args);
        if (!gui.waitForFinished(60000))
            qFatal("finscope-gui did not finish");
        return {gui.exitStatus() == QProcess::NormalExit ? gui.exitCode() : -1, QString::fromLocal8Bit(gui.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_view.resize(1100, 700);
        m_view.setModel(&m_model);
        m_model.append(fixture::cannedTrace());
        m_model.flush();
        QVERIFY(m_dir.isValid());
        // QtSvg reads SVG Tiny and warns about the hatch patterns a browser draws.
        QLoggingCategory::setFilterRules(u"qt.svg.warning=false"_s);
    }

    void formatsByTheirSuffix()
    {
        QCOMPARE(LadderExport::formatFor(u"a/b/Figure.SVG"_s), LadderExport::Format::Svg);
        QCOMPARE(LadderExport::formatFor(u"x.pdf"_s), LadderExport::Format::Pdf);
        QCOMPARE(LadderExport::formatFor(u"x.png"_s), LadderExport::Format::Png);
        QVERIFY(!LadderExport::formatFor(u"x.jpg"_s));
        QVERIFY(!LadderExport::formatFor(u"svg"_s));
    }

    void svgIsWellFormedWithTextAsText()
    {
        // A window shorter than the figure, so the export must hold more than what is on screen.
        const QSize before = m_view.size();
        m_view.resize(before.width(), 160);
        m_view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&m_view));
        const QString path = m_dir.filePath(u"ladder.svg"_s);
        QCOMPARE(LadderExport::write(m_view, path), QString());
        QString error;
        const QStringList texts = exportcheck::svgTexts(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(exportcheck::containsText(texts, u"EPIPE"_s));
        QVERIFY(exportcheck::containsText(texts, u"server"_s));
        QVERIFY(exportcheck::containsText(texts, u"CLOSE_WAIT"_s));
        QSvgRenderer renderer(path);
        QVERIFY(renderer.isValid());
        // The whole figure, not the part that fits the window.
        QCOMPARE(renderer.viewBox().size(), m_view.figureSize());
        QVERIFY(m_view.figureSize().height() > m_view.viewport()->height());
        m_view.hide();
        m_view.resize(before);
    }

    void pdfIsOnePageTheFigure()
    {
        const QString path = m_dir.filePath(u"ladder.pdf"_s);
        QCOMPARE(LadderExport::write(m_view, path), QString());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray pdf = file.readAll();
        QVERIFY(pdf.startsWith("%PDF-"));
        QVERIFY(pdf.trimmed().endsWith("%%EOF"));
        QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page "), 1);
        // Text stays text: the fonts are embedded, not the glyphs drawn as paths.
        QVERIFY(pdf.contains("/FontFile") || pdf.contains("/Font"));
    }

    void pngIsTheFigureInPixels()
    {
        const QString path = m_dir.filePath(u"ladder.png"_s);
        QCOMPARE(LadderExport::write(m_view, path), QString());
        QImage image(path);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), m_view.figureSize() * std::max<qreal>(1.0, m_view.devicePixelRatioF()));
    }

    void theSelectedEventsWhyGoesBelowTheFigure()
    {
        auto events = fixture::cannedTrace();
        int epipe = -1;
        for (std::size_t i = 0; i < events.size(); ++i)
            if (const auto* s = events[i].as<finscope::SyscallEvent>(); s && s->errnoName == "EPIPE" && epipe < 0)
                epipe = static_cast<int>(i);
        QVERIFY(epipe >= 0);
        events[static_cast<std::size_t>(epipe)].why = "the peer reset the connection, and the kernel says so to the next write";
        TraceModel model;
        LadderView view;
        QItemSelectionModel selection(&model);
        view.resize(1100, 700);
        view.setModel(&model);
        view.setSelectionModel(&selection);
        model.append(std::move(events));
        model.flush();
        // Nothing selected: nothing below the figure.
        const QSize plain = view.figureSize();
        const QString without = m_dir.filePath(u"without-why.svg"_s);
        QCOMPARE(LadderExport::write(view, without), QString());
        QString error;
        QVERIFY(!exportcheck::containsText(exportcheck::svgTexts(without, &error), u"why:"_s));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        // The selected event's sentence, as the window shows it, and the figure grows to hold it.
        selection.setCurrentIndex(model.index(epipe, 0), QItemSelectionModel::ClearAndSelect);
        QVERIFY(view.figureSize().height() > plain.height());
        QCOMPARE(view.figureSize().width(), plain.width());
        const QString with = m_dir.filePath(u"with-why.svg"_s);
        QCOMPARE(LadderExport::write(view, with), QString());
        const QStringList texts = exportcheck::svgTexts(with, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(exportcheck::containsText(texts, u"why:"_s));
        QVERIFY(exportcheck::containsText(texts, u"reset the connection"_s));
        QCOMPARE(QSvgRenderer(with).viewBox().size(), view.figureSize());
    }

    void aFailedExportLeavesNothingBehind()
    {
        const QString missingDir = m_dir.filePath(u"not/there/ladder.svg"_s);
        const QString error = LadderExport::write(m_view, missingDir);
        QVERIFY(error.contains(u"Cannot write"_s));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"not"_s)));
        QVERIFY(LadderExport::write(m_view, m_dir.filePath(u"ladder.gif"_s)).contains(u".svg, .pdf or .png"_s));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"ladder.gif"_s)));
    }

    void anExistingFileIsReplacedWhole()
    {
        const QString path = m_dir.filePath(u"mine.svg"_s);
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write(QByteArray(500000, 'x'));   // longer than the new figure: no tail may survive
        }
        QCOMPARE(LadderExport::write(m_view, path), QString());
        QString error;
        exportcheck::svgTexts(path, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QStringList leftovers = QDir(m_dir.path()).entryList({u"mine.svg*"_s}, QDir::Files | QDir::Hidden);
        QCOMPARE(leftovers, QStringList{u"mine.svg"_s});
    }

    void headlessExportWithoutADisplay()
    {
        const QString path = m_dir.filePath(u"headless.svg"_s);
        const Gui gui = runGui({u"--scenario"_s, u"write-after-peer-close"_s, u"--run"_s, u"--export"_s, path}, "trace");
        QVERIFY2(gui.status == 0, qPrintable(gui.err));
        QString error;
        QVERIFY(exportcheck::containsText(exportcheck::svgTexts(path, &error), u"EPIPE"_s));
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }

    void headlessExportTakesTheIdAsArgument_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("pdf") << u"pdf"_s;
        QTest::newRow("png") << u"png"_s;
    }

    void headlessExportTakesTheIdAsArgument()
    {
        QFETCH(QString, suffix);
        const QString path = m_dir.filePath(u"by-id."_s + suffix);
        const Gui gui = runGui({u"write-after-peer-close"_s, u"--run"_s, u"--export"_s, path}, "trace");
        QVERIFY2(gui.status == 0, qPrintable(gui.err));
        QVERIFY(QFileInfo(path).size() > 1000);
    }

    void aFailedRunExitsNonZero_data()
    {
        QTest::addColumn<QByteArray>("mode");
        QTest::addColumn<QByteArray>("runnerExit");
        QTest::newRow("expectation missed (runner exit 1)") << QByteArray("trace") << QByteArray("1");
        QTest::newRow("runner crashed") << QByteArray("crash") << QByteArray("0");
        QTest::newRow("scenario errors (runner exit 2)") << QByteArray("error") << QByteArray("0");
        QTest::newRow("no summary") << QByteArray("nosummary") << QByteArray("0");
    }

    void aFailedRunExitsNonZero()
    {
        QFETCH(QByteArray, mode);
        QFETCH(QByteArray, runnerExit);
        const QString path = m_dir.filePath(u"failed.svg"_s);
        const Gui gui = runGui({u"--scenario"_s, u"write-after-peer-close"_s, u"--run"_s, u"--export"_s, path}, mode,
                               runnerExit);
        QCOMPARE(gui.status, 1);
        QVERIFY2(gui.err.contains(u"the run failed"_s), qPrintable(gui.err));
    }

    void anUnwritableExportIsAnErrorAndWritesNothing()
    {
        const QString path = m_dir.filePath(u"nowhere/x.svg"_s);
        const Gui gui = runGui({u"--scenario"_s, u"write-after-peer-close"_s, u"--run"_s, u"--export"_s, path}, "trace");
        QCOMPARE(gui.status, 2);
        QVERIFY2(gui.err.contains(u"Cannot write"_s), qPrintable(gui.err));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"nowhere"_s)));
    }

    void anUnknownScenarioIsAnError_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("--scenario") << QStringList{u"--scenario"_s, u"no-such-scenario"_s, u"--run"_s, u"--export"_s,
                                                   m_dir.filePath(u"unknown.svg"_s)};
        QTest::newRow("positional") << QStringList{u"no-such-scenario"_s};
        QTest::newRow("bad suffix") << QStringList{u"graceful-close"_s, u"--run"_s, u"--export"_s, u"x.jpg"_s};
        QTest::newRow("export without run") << QStringList{u"graceful-close"_s, u"--export"_s, u"x.svg"_s};
        QTest::newRow("save-trace without run") << QStringList{u"graceful-close"_s, u"--save-trace"_s, u"x.jsonl"_s};
    }

    void anUnknownScenarioIsAnError()
    {
        QFETCH(QStringList, args);
        const Gui gui = runGui(args, "trace");
        QCOMPARE(gui.status, 2);
        QVERIFY(gui.err.startsWith(u"finscope-gui: "_s));
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"unknown.svg"_s)));
    }

    void helpAndVersionNeedNoDisplay()
    {
        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"QT_QPA_PLATFORM"_s);
        env.remove(u"DISPLAY"_s);
        env.remove(u"WAYLAND_DISPLAY"_s);
        gui.setProcessEnvironment(env);
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH), {u"--help"_s});
        QVERIFY(gui.waitForFinished(30000));
        QCOMPARE(gui.exitCode(), 0);
        QVERIFY(gui.readAllStandardOutput().contains("--export"));
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH), {u"--version"_s});
        QVERIFY(gui.waitForFinished(30000));
        QCOMPARE(gui.exitCode(), 0);
        QVERIFY(gui.readAllStandardOutput().startsWith("FinScope "));
    }

private:
    TraceModel m_model;
    LadderView m_view;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestExport)
#include "tst_export.moc"
