// SPDX-License-Identifier: MIT
// Opening a saved trace: read on a worker thread, in batches, with progress
// and Cancel; nothing a file holds can exhaust memory or freeze a view.
#include "ui/ladderview.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/tracemodel.h"
#include "ui/traceloader.h"

#include "core/catalogue.h"
#include "core/tracejson.h"
#include "ui/explanationpanel.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList problemTexts(const MainWindow& window)
{
    QStringList texts;
    for (int i = 0; i < window.problems()->count(); ++i)
        texts << window.problems()->item(i)->text();
    return texts;
}

QByteArray recordedRun()
{
    QFile file(QStringLiteral(UI_TEST_DATA "/write-after-peer-close.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the recorded run");
    return file.readAll();
}

/// The recorded run's events again and again, renumbered, as one trace of `events` lines or more.
QByteArray bigTrace(int events)
{
    const QList<QByteArray> lines = recordedRun().trimmed().split('\n');
    QByteArray out;
    std::int64_t id = 0;
    while (id < events) {
        for (const QByteArray& line : lines) {
            auto parsed = finscope::parseTraceLine(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
            if (!parsed.ok)
                qFatal("bad line in the recorded run");
            parsed.event.id = id++;
            parsed.event.causes.clear();
            out += QByteArray::fromStdString(finscope::toJsonLine(parsed.event)) + '\n';
        }
    }
    return out;
}

QString writeTemp(QTemporaryDir& dir, const QString& name, const QByteArray& text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
    return path;
}

} // namespace

class TestTraceLoading : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);
    }

    void aBigTraceArrivesInBatchesWithProgress()
    {
        QTemporaryDir dir;
        const QByteArray text = bigTrace(50'000);
        const int lines = static_cast<int>(text.count('\n'));
        const QString path = writeTemp(dir, u"big.jsonl"_s, text);
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QVERIFY(window.isLoadingTrace());
        // The window is not blocked while the file is read: the event loop runs between batches.
        int turns = 0;
        while (loaded.isEmpty()) {
            QTest::qWait(1);
            ++turns;
            QVERIFY2(turns < 600'000, "the trace never finished loading");
        }
        QVERIFY2(turns > 1, "the whole file was read in one go");
        QCOMPARE(loaded.at(0).at(0).toBool(), true);
        QCOMPARE(window.traceModel()->rowCount(), lines);
        QCOMPARE(window.traceModel()->event(lines - 1).kind(), std::string("summary"));
        QCOMPARE(window.traceModel()->event(lines - 1).id, lines - 1);
        QVERIFY(window.ladder()->layout().rowCount() > 0);
        QVERIFY(!window.isLoadingTrace());
    }

    void cancelKeepsWhatWasRead()
    {
        QTemporaryDir dir;
        const QString path = writeTemp(dir, u"big.jsonl"_s, bigTrace(200'000));
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_VERIFY_WITH_TIMEOUT(window.traceModel()->rowCount() > 0 || !loaded.isEmpty(), 60000);
        window.cancelTraceLoad();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        if (window.traceModel()->rowCount() < 200'000) {
            QCOMPARE(loaded.at(0).at(0).toBool(), false);
            QVERIFY2(problemTexts(window).join(u'\n').contains(u"cancelled"_s), qPrintable(problemTexts(window).join(u'\n')));
        }
        // Every event shown is whole: the rows are the file's first ones, in order.
        const TraceModel& model = *window.traceModel();
        for (int row : {0, model.rowCount() / 2, model.rowCount() - 1})
            QCOMPARE(model.event(row).id, row);
    }

    /// The Explanation and the text beside a trace are the trace's own
    /// scenario's (its "line N" refer to that text), not whatever was shown before.
    void aTraceShowsItsOwnScenario()
    {
        MainWindow window;
        QVERIFY(window.selectScenario(u"graceful-close"_s));
        QTemporaryDir dir;
        const QByteArray text = recordedRun();
        const QString path = writeTemp(dir, u"recorded.jsonl"_s, text);
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE(loaded.count(), 1);
        QVERIFY2(window.currentScenarioPath().endsWith(u"write-after-peer-close.fsc"_s), qPrintable(window.currentScenarioPath()));
        const auto entry = finscope::Catalogue::load().find("write-after-peer-close");
        QVERIFY(entry);
        QVERIFY2(window.explanation()->toPlainText().contains(QString::fromStdString(entry->title)),
                 qPrintable(window.explanation()->toPlainText()));
        // Choosing the scenario did not cost the trace its rows.
        QCOMPARE(window.traceModel()->rowCount(), static_cast<int>(text.trimmed().count('\n')) + 1);
    }

    void aTraceOfAScenarioNotHereSaysSo()
    {
        MainWindow window;
        QVERIFY(window.selectScenario(u"graceful-close"_s));
        const QString before = window.currentScenarioPath();
        QByteArray text = recordedRun();
        text.replace(R"("scenario":"write-after-peer-close")", R"("scenario":"my-own-experiment")");
        text.replace(R"("title":")", R"("title":"My own experiment, )");
        text.replace(R"("path":")", R"("path":"/nonexistent/)");   // recorded on another machine
        QVERIFY(text.contains("my-own-experiment"));
        QTemporaryDir dir;
        const QString path = writeTemp(dir, u"mine.jsonl"_s, text);
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(window.currentScenarioPath(), before);
        const QString explanation = window.explanation()->toPlainText();
        QVERIFY2(explanation.contains(u"My own experiment"_s) && explanation.contains(u"not on this machine"_s),
                 qPrintable(explanation));
    }

    void aDeviceIsRefusedWithAClearMessage()
    {
        MainWindow window;
        QVERIFY(!window.loadTrace(u"/dev/zero"_s));
        QVERIFY(!window.isLoadingTrace());
        const QString problems = problemTexts(window).join(u'\n');
        QVERIFY2(problems.contains(u"/dev/zero"_s) && problems.contains(u"not a regular file"_s), qPrintable(problems));
    }

    void aMissingFileIsSaid()
    {
        MainWindow window;
        QVERIFY(!window.loadTrace(u"/nonexistent/trace.jsonl"_s));
        QVERIFY(problemTexts(window).join(u'\n').contains(u"No such file"_s));
    }

    void theGuiRefusesADeviceOnTheCommandLine()
    {
        QProcess gui;
        gui.setProcessEnvironment(QProcessEnvironment::systemEnvironment());
        gui.start(QStringLiteral(FINSCOPE_GUI_PATH), {u"--trace"_s, u"/dev/zero"_s, u"--export"_s, u"/tmp/never.svg"_s});
        QVERIFY(gui.waitForFinished(60000));
        QCOMPARE(gui.exitCode(), 2);
        QVERIFY2(gui.readAllStandardError().contains("not a regular file"), "no clear message on stderr");
    }

    void aHugeNoteIsCutForTheViews()
    {
        QTemporaryDir dir;
        QByteArray text = recordedRun();
        const QByteArray note = QByteArray(8 * 1024 * 1024, 'n');
        text += "{\"kind\":\"note\",\"id\":47,\"t_ns\":1,\"level\":\"warning\",\"text\":\"" + note + "\"}\n";
        const QString path = writeTemp(dir, u"note.jsonl"_s, text);
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        const TraceModel& model = *window.traceModel();
        const auto* shown = model.event(model.rowCount() - 1).as<finscope::NoteEvent>();
        QVERIFY(shown);
        QVERIFY(shown->text.size() < TraceLoader::kMaxStringBytes + 100);
        QVERIFY(shown->text.find("more bytes not shown") != std::string::npos);
        // The Problems panel lists it, cut too.
        bool listed = false;
        for (const QString& p : problemTexts(window))
            listed = listed || (p.startsWith(u"nnnn"_s) && p.size() < 5000);
        QVERIFY(listed);
    }

    void cuttingKeepsUtf8Whole()
    {
        finscope::TraceEvent e;
        std::string text(TraceLoader::kMaxStringBytes - 1, 'a');
        text += "é and more";   // the cut falls inside the two bytes of é
        e.body = finscope::NoteEvent{"info", text, 0};
        e.why = "short";
        TraceLoader::bound(e);
        const std::string& cut = e.as<finscope::NoteEvent>()->text;
        QVERIFY(QString::fromStdString(cut).toUtf8() == QByteArray::fromStdString(cut));   // valid UTF-8
        QVERIFY(cut.starts_with(std::string(TraceLoader::kMaxStringBytes - 1, 'a') + " …"));
        QCOMPARE(e.why, std::string("short"));
    }

    void aLineWithoutEndIsSkippedNotKept()
    {
        // More than kMaxLineBytes without a newline, then a good line: the long one is
        // skipped (said so), the reader's memory stays bounded, the good line is read.
        QTemporaryDir dir;
        const QString path = dir.filePath(u"long.jsonl"_s);
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            const QByteArray chunk(1024 * 1024, 'x');
            for (qsizetype i = 0; i <= TraceLoader::kMaxLineBytes / chunk.size(); ++i)
                file.write(chunk);
            file.write("\n");
            file.write(recordedRun());
        }
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QCOMPARE(loaded.at(0).at(0).toBool(), false);
        QCOMPARE(window.traceModel()->rowCount(), 47);
        QVERIFY2(problemTexts(window).join(u'\n').contains(u"line 1: longer than 64 MiB"_s),
                 qPrintable(problemTexts(window).join(u'\n')));
    }

    void badLinesAreNamedAndTheRestIsRead()
    {
        QTemporaryDir dir;
        const QString path = writeTemp(dir, u"bad.jsonl"_s, "not json\n" + recordedRun());
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(0).toBool(), false);
        QCOMPARE(window.traceModel()->rowCount(), 47);
        QVERIFY(problemTexts(window).join(u'\n').contains(u"bad.jsonl: line 1:"_s));
    }

    void aMillionWarningsDoNotFloodProblems()
    {
        QTemporaryDir dir;
        QByteArray text;
        for (int i = 0; i < 20'000; ++i)
            text += "{\"kind\":\"note\",\"id\":" + QByteArray::number(i) + ",\"t_ns\":" + QByteArray::number(i) +
                    ",\"level\":\"warning\",\"text\":\"w\"}\n";
        const QString path = writeTemp(dir, u"warnings.jsonl"_s, text);
        MainWindow window;
        QSignalSpy loaded(&window, &MainWindow::traceLoaded);
        QVERIFY(window.loadTrace(path));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.count(), 1, 60000);
        QCOMPARE(window.traceModel()->rowCount(), 20'000);
        QVERIFY(window.problems()->count() <= 501);
        QVERIFY(problemTexts(window).last().contains(u"more problem"_s));
    }
};

QTEST_MAIN(TestTraceLoading)
#include "tst_traceloading.moc"
