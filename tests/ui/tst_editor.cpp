// SPDX-License-Identifier: MIT
// The scenario editor: live errors, colours, completion, saving (a
// catalogue scenario becomes the user's copy), running unsaved text, the
// crash backup, and never losing edits to a quit or a change on disk.
#include "ui/catalogueview.h"
#include "ui/mainwindow.h"
#include "ui/problemspanel.h"
#include "ui/scenariobackup.h"
#include "ui/scenariofilewatcher.h"
#include "ui/scenariohighlighter.h"
#include "ui/scenariolinter.h"
#include "ui/scenariotextview.h"
#include "ui/scenariovocabulary.h"
#include "ui/userscenarios.h"

#include <QCompleter>
#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextLayout>

using namespace Qt::StringLiterals;

namespace {

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
}

void appendText(ScenarioTextView* view, const QString& text)
{
    QTextCursor cursor(view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
}

/// Answers every question the window asks with `answer`, and counts them.
struct Answerer {
    QMessageBox::StandardButton answer = QMessageBox::Cancel;
    int asked = 0;
    MainWindow::AskFunction function()
    {
        return [this](const QString&, const QString&, QMessageBox::StandardButtons) {
            ++asked;
            return answer;
        };
    }
};

const char* const kScenario = "title: Mine\nserver: listen()\nclient: connect() => 0\nserver: accept()\n";

} // namespace

class TestEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);   // backups and "My scenarios" under ~/.qttest
        QCoreApplication::setOrganizationName(u"FinScopeTests"_s);
        QCoreApplication::setApplicationName(u"FinScopeEditorTest"_s);
        qputenv("FINSCOPE_RUNNER", FAKE_RUNNER);
        qputenv("FAKE_RUNNER_TRACE", UI_TEST_DATA "/write-after-peer-close.jsonl");
    }

    void init()
    {
        QDir(ScenarioBackup::directory()).removeRecursively();
        QDir(UserScenarios::directory()).removeRecursively();
    }

    void errorsAreUnderlinedAsYouType()
    {
        MainWindow window;
        Answerer answers;
        window.setAskFunction(answers.function());
        window.newFromTemplate();
        QVERIFY(window.scenarioText()->diagnostics().isEmpty());   // the template itself is valid
        QSignalSpy checked(window.linter(), &ScenarioLinter::checked);
        const int lastLine = window.scenarioText()->blockCount();
        appendText(window.scenarioText(), u"client: slep(1)\n"_s);
        QVERIFY(checked.wait());
        const auto diagnostics = window.scenarioText()->diagnostics();
        QCOMPARE(diagnostics.size(), 1);
        QCOMPARE(diagnostics.front().line, lastLine);
        QCOMPARE(diagnostics.front().column, 9);   // at the call's name
        QVERIFY2(diagnostics.front().message.contains(u"sleep"_s), qPrintable(diagnostics.front().message));
        QCOMPARE(window.problems()->locatedErrors().size(), 1);
        // Fixing it clears the underline.
        QTextCursor cursor(window.scenarioText()->document()->findBlockByNumber(lastLine - 1));
        cursor.movePosition(QTextCursor::Right, QTextCursor::MoveAnchor, 11);
        cursor.insertText(u"e"_s);
        QVERIFY(checked.wait());
        QVERIFY2(window.scenarioText()->diagnostics().isEmpty(), qPrintable(window.scenarioText()->diagnosticTextAt(lastLine)));
    }

    void highlighterTellsCallsConstantsAndComments()
    {
        ScenarioTextView view;
        view.setSource(u"title: T\nserver: write(\"x\", MSG_NOSIGNAL) => -1 EPIPE  # comment\n"_s);
        const QTextBlock block = view.document()->findBlockByNumber(1);
        const QString text = block.text();
        const auto formatAt = [&block](int pos) {
            for (const auto& range : block.layout()->formats())
                if (pos >= range.start && pos < range.start + range.length)
                    return range.format;
            return QTextCharFormat();
        };
        const ScenarioHighlighter* h = view.highlighter();
        QCOMPARE(formatAt(static_cast<int>(text.indexOf(u"write"_s))).foreground(),
                 h->format(ScenarioHighlighter::Kind::Call).foreground());
        QCOMPARE(formatAt(static_cast<int>(text.indexOf(u"MSG_NOSIGNAL"_s))).foreground(),
                 h->format(ScenarioHighlighter::Kind::Constant).foreground());
        QCOMPARE(formatAt(static_cast<int>(text.indexOf(u"EPIPE"_s))).foreground(),
                 h->format(ScenarioHighlighter::Kind::Constant).foreground());
        QCOMPARE(formatAt(static_cast<int>(text.indexOf(u"\"x\""_s))).foreground(),
                 h->format(ScenarioHighlighter::Kind::String).foreground());
        QCOMPARE(formatAt(static_cast<int>(text.indexOf(u"comment"_s))).foreground(),
                 h->format(ScenarioHighlighter::Kind::Comment).foreground());
        QCOMPARE(formatAt(0).foreground(), h->format(ScenarioHighlighter::Kind::Endpoint).foreground());
    }

    void completesCallsFlagsErrnoAndSignals()
    {
        const QStringList words = ScenarioVocabulary::completions();
        for (const QString& w : {u"shutdown"_s, u"setsockopt"_s, u"MSG_NOSIGNAL"_s, u"SO_LINGER"_s, u"EPIPE"_s,
                                 u"ECONNRESET"_s, u"SIGPIPE"_s, u"POLLRDHUP"_s, u"SHUT_WR"_s})
            QVERIFY2(words.contains(w), qPrintable(w));
        ScenarioTextView view;
        view.setSource(u"title: T\nserver: send(\"x\", "_s);
        view.moveCursor(QTextCursor::End);
        view.show();
        QTest::keyClicks(&view, u"MSG_NOS"_s);
        QVERIFY(view.completer()->popup()->isVisible());
        QCOMPARE(view.completer()->currentCompletion(), u"MSG_NOSIGNAL"_s);
        QTest::keyClick(view.completer()->popup(), Qt::Key_Return);
        QVERIFY2(view.toPlainText().endsWith(u"send(\"x\", MSG_NOSIGNAL"_s), qPrintable(view.toPlainText()));
    }

    void runsTheUnsavedTextNotTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, kScenario);
        MainWindow window;
        Answerer answers;
        window.setAskFunction(answers.function());
        QVERIFY(window.openFile(path));
        appendText(window.scenarioText(), u"client: close() => 0\n"_s);
        QVERIFY(window.isModified());
        QSignalSpy finished(&window, &MainWindow::runFinished);
        window.run();
        QVERIFY(finished.wait());
        QVERIFY(window.lastRunPath() != path);
        QCOMPARE(QFileInfo(window.lastRunPath()).fileName(), u"mine.fsc"_s);
        QCOMPARE(QString::fromUtf8(readFile(window.lastRunPath())), window.scenarioText()->toPlainText());
        QCOMPARE(readFile(path), QByteArray(kScenario));   // the file is untouched until Save
        QVERIFY(window.isModified());
        QCOMPARE(answers.asked, 0);
    }

    void aCatalogueScenarioIsSavedAsTheUsersCopy()
    {
        MainWindow window;
        Answerer answers;
        window.setAskFunction(answers.function());
        const QString original = window.currentScenarioPath();
        QVERIFY(!original.isEmpty());
        const QByteArray before = readFile(original);
        appendText(window.scenarioText(), u"# my note\n"_s);
        QVERIFY(window.save());
        const QString copy = window.currentScenarioPath();
        QCOMPARE(QFileInfo(copy).absolutePath(), QDir(UserScenarios::directory()).absolutePath());
        QCOMPARE(QFileInfo(copy).fileName(), QFileInfo(original).fileName());
        QVERIFY(readFile(copy).endsWith("# my note\n"));
        QCOMPARE(readFile(original), before);
        QVERIFY(!window.isModified());
        // Listed under "My scenarios" in this window and in the next one.
        QCOMPARE(window.catalogue()->currentPath(), copy);
        MainWindow next;
        QVERIFY(next.catalogue()->select(copy));
    }

    void unsavedTextSurvivesACrash()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, kScenario);
        const QString typed = u"client: close() => 0\n"_s;
        {
            auto* window = new MainWindow;
            QVERIFY(window->openFile(path));
            appendText(window->scenarioText(), typed);
            window->writeBackup();
            delete window;   // as abrupt as a crash: no close event, no question, no save
        }
        QCOMPARE(ScenarioBackup::pending().size(), 1);
        QCOMPARE(readFile(path), QByteArray(kScenario));

        MainWindow window;
        Answerer answers{QMessageBox::Yes};
        window.setAskFunction(answers.function());
        window.offerBackups();
        QCOMPARE(answers.asked, 1);
        QCOMPARE(window.currentScenarioPath(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(window.scenarioText()->toPlainText(), QString::fromUtf8(kScenario) + typed);
        QVERIFY(window.isModified());
        QVERIFY(window.save());
        QCOMPARE(QString::fromUtf8(readFile(path)), QString::fromUtf8(kScenario) + typed);
        QVERIFY(ScenarioBackup::pending().isEmpty());
    }

    void aDeclinedBackupIsDiscarded()
    {
        QVERIFY(ScenarioBackup::write(QString(), u"title: lost\n"_s));
        MainWindow window;
        Answerer answers{QMessageBox::No};
        window.setAskFunction(answers.function());
        window.offerBackups();
        QCOMPARE(answers.asked, 1);
        QVERIFY(ScenarioBackup::pending().isEmpty());
        QVERIFY(!window.isModified());
    }

    void quittingWithUnsavedChangesAsks()
    {
        MainWindow window;
        Answerer answers{QMessageBox::Cancel};
        window.setAskFunction(answers.function());
        window.show();
        QVERIFY(window.close());   // nothing edited: no question
        QCOMPARE(answers.asked, 0);
        window.show();
        window.newFromTemplate();
        QVERIFY(!window.close());   // cancelled: the window and the text stay
        QCOMPARE(answers.asked, 1);
        QVERIFY(window.isVisible());
        QVERIFY(window.isModified());
        answers.answer = QMessageBox::Discard;
        QVERIFY(window.close());
        QCOMPARE(answers.asked, 2);
        QVERIFY(ScenarioBackup::pending().isEmpty());
    }

    void aChangeOnDiskKeepsUnsavedEdits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"mine.fsc"_s);
        writeFile(path, kScenario);
        MainWindow window;
        QVERIFY(window.openFile(path));
        auto* watcher = window.findChild<ScenarioFileWatcher*>();
        QVERIFY(watcher);
        appendText(window.scenarioText(), u"client: close()\n"_s);
        const QString edited = window.scenarioText()->toPlainText();
        QSignalSpy changed(watcher, &ScenarioFileWatcher::changed);
        writeFile(path, "title: Changed elsewhere\nserver: listen()\n");
        QVERIFY(changed.wait());
        QCOMPARE(window.scenarioText()->toPlainText(), edited);
        QVERIFY(window.isModified());
        bool warned = false;
        for (int i = 0; i < window.problems()->count(); ++i)
            warned = warned || window.problems()->item(i)->text().contains(u"changed on disk"_s);
        QVERIFY(warned);
        // Unedited, the text follows the file as before.
        window.revert();
        QVERIFY(!window.isModified());
        QVERIFY(window.scenarioText()->toPlainText().contains(u"Changed elsewhere"_s));
    }
};

QTEST_MAIN(TestEditor)
#include "tst_editor.moc"
