// SPDX-License-Identifier: MIT
// MainWindow's editor half: saving, templates, backups, the language menu and
// running unsaved text. The window itself is assembled in mainwindow.cpp.
#include "ui/mainwindow.h"

#include "core/catalogue.h"
#include "core/tracejson.h"
#include "ui/catalogueview.h"
#include "ui/compare/comparebar.h"
#include "ui/compare/comparewindow.h"
#include "ui/eventdetails.h"
#include "ui/explanationpanel.h"
#include "ui/ladderaccessible.h"
#include "ui/ladderexport.h"
#include "ui/ladderlegend.h"
#include "ui/ladderview.h"
#include "ui/predict/predictpanel.h"
#include "ui/capture/captureview.h"
#include "ui/problemspanel.h"
#include "ui/scenariobackup.h"
#include "ui/scenariofilewatcher.h"
#include "ui/scenariolinter.h"
#include "ui/scenariotextview.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"
#include "ui/userscenarios.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QLocale>
#include <QMimeData>
#include <QSaveFile>
#include <QTemporaryDir>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QSysInfo>
#include <QTableView>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

// ---- The editor: save, backups, running unsaved text ----

void MainWindow::createEditorActions(QMenu* file)
{
    file->addSeparator();
    file->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Scenario"), QKeySequence::New, this,
                    &MainWindow::newFromTemplate)
        ->setToolTip(tr("Start a new scenario from a template that runs"));
    file->addAction(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save Scenario"), QKeySequence::Save, this,
                    [this] { save(); })
        ->setToolTip(tr("Save the scenario text; a built-in scenario is saved as your own copy"));
    file->addAction(tr("Save Scenario &As…"), QKeySequence::SaveAs, this, [this] { saveAs(); });
    file->addAction(tr("Re&vert"), this, &MainWindow::revert)->setToolTip(tr("Read the file again, dropping unsaved edits"));
}

void MainWindow::createLanguageMenu()
{
    QMenu* menu = m_viewMenu->addMenu(tr("&Language"));
    auto* group = new QActionGroup(menu);
    const QString chosen = UiLanguage::choice();
    const auto add = [&](const QString& text, const QString& code) {
        QAction* a = menu->addAction(text);
        a->setCheckable(true);
        a->setChecked(chosen == code);
        a->setData(code);
        group->addAction(a);
    };
    add(tr("System language"), QString());
    add(u"English"_s, u"en"_s);          // each language in its own words
    add(u"简体中文"_s, u"zh_CN"_s);
    connect(group, &QActionGroup::triggered, this, [this](QAction* a) {
        UiLanguage::setChoice(a->data().toString());
        if (UiLanguage::effective() != UiLanguage::current())
            QMessageBox::information(this, tr("Language"),
                                     tr("The new language is used from the next start of FinScope."));
    });
}

bool MainWindow::isModified() const
{
    return m_untitled || m_text->document()->isModified();
}

bool MainWindow::isCatalogueFile(const QString& path) const
{
    if (!m_catalogueData || m_catalogueData->dir().empty() || path.isEmpty())
        return false;
    return QFileInfo(path).canonicalPath() == QFileInfo(QString::fromStdString(m_catalogueData->dir())).canonicalFilePath();
}

void MainWindow::updateTitle()
{
    const QString name = m_untitled ? tr("New scenario") : m_shownTitle;
    setWindowTitle(tr("%1 — FinScope").arg(name) + (isModified() ? u" *"_s : QString()));
    m_textDock->setWindowTitle(isModified() ? tr("Scenario text (unsaved)") : tr("Scenario text"));
}

void MainWindow::newFromTemplate()
{
    if (!settleUnsavedEdits())
        return;
    if (m_runner->isActive())
        m_runner->stop();
    m_untitled = true;
    m_scenarioPath.clear();
    m_watcher->watch(QString());
    m_text->setSource(UserScenarios::templateText());
    m_linter->setPath(QString());
    m_model->clear();
    m_explanation->clearRun();
    m_explanation->setScenario(tr("New scenario"),
                               tr("Write the steps, press F5 to run them on the kernel. Save keeps the file in your "
                                  "scenarios folder."), QString());
    m_shownTitle = tr("New scenario");
    m_textDock->raise();
    m_text->setFocus();
    m_linter->lintNow();
    updateTitle();
    writeBackup();
}

bool MainWindow::writeTo(const QString& path)
{
    // Atomic: a failed save leaves the old file as it was.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text->toPlainText().toUtf8()) < 0 || !file.commit()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot save %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool MainWindow::save()
{
    // A built-in scenario is never overwritten (it may not even be writable):
    // the edits become the user's own copy.
    if (m_untitled || isCatalogueFile(m_scenarioPath)) {
        const QString base = m_untitled ? u"my-scenario.fsc"_s : QFileInfo(m_scenarioPath).fileName();
        const QString copy = UserScenarios::copyPathFor(base);
        if (!m_untitled)
            return saveAs(copy);
        return saveAs();
    }
    if (!writeTo(m_scenarioPath))
        return false;
    m_watcher->watch(m_scenarioPath);   // our own write is not a change from outside
    ScenarioBackup::remove(m_scenarioPath);
    m_text->document()->setModified(false);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(m_scenarioPath)), 5000);
    return true;
}

bool MainWindow::saveAs(const QString& requested)
{
    QString path = requested;
    if (path.isEmpty()) {
        QDir().mkpath(UserScenarios::directory());
        const QString suggestion = UserScenarios::copyPathFor(
            m_untitled ? u"my-scenario.fsc"_s : QFileInfo(m_scenarioPath).fileName());
        path = QFileDialog::getSaveFileName(this, tr("Save Scenario"), suggestion,
                                            tr("FinScope scenarios (*.fsc)"));
        if (path.isEmpty())
            return false;
        if (QFileInfo(path).suffix().isEmpty())
            path += u".fsc"_s;
    }
    if (!writeTo(path))
        return false;
    const QString oldPath = m_untitled ? QString() : m_scenarioPath;
    ScenarioBackup::remove(oldPath);
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_untitled = false;
    m_scenarioPath = absolute;
    m_watcher->watch(absolute);
    m_linter->setPath(absolute);
    m_text->document()->setModified(false);
    // Listed (and selected, which shows what was saved) under "My scenarios".
    const auto parsed = ScenarioLinter::check(m_text->toPlainText(), absolute);
    const auto scenario = finscope::parseScenario(m_text->toPlainText().toStdString(), absolute.toStdString());
    CatalogueView::Entry entry{QFileInfo(absolute).completeBaseName(), absolute, QFileInfo(absolute).fileName(),
                               QString(), parsed.ok ? QString() : tr("has errors")};
    if (scenario.scenario) {
        entry.title = QString::fromStdString(scenario.scenario->title);
        entry.summary = QString::fromStdString(scenario.scenario->summary);
        m_shownTitle = entry.title;
    }
    m_catalogue->addUserScenario(entry);
    addRecent(absolute);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(absolute)), 5000);
    return true;
}

void MainWindow::revert()
{
    if (m_untitled || m_scenarioPath.isEmpty())
        return;
    ScenarioBackup::remove(m_scenarioPath);
    const QStringList endpoints = reloadScenario();
    if (m_model->rowCount() == 0)
        m_ladder->setEndpoints(endpoints);
}

bool MainWindow::settleUnsavedEdits()
{
    if (!isModified())
        return true;
    const QString name = m_untitled ? tr("the new scenario") : QFileInfo(m_scenarioPath).fileName();
    const auto answer = m_ask(tr("Unsaved changes"),
                              tr("Save your changes to %1 first?").arg(name),
                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Save)
        return save();
    if (answer == QMessageBox::Discard) {
        ScenarioBackup::remove(m_untitled ? QString() : m_scenarioPath);
        m_untitled = false;
        m_text->document()->setModified(false);
        return true;
    }
    return false;
}

void MainWindow::writeBackup()
{
    m_backupTimer.stop();
    if (!isModified())
        return;
    if (!ScenarioBackup::write(m_untitled ? QString() : m_scenarioPath, m_text->toPlainText()))
        statusBar()->showMessage(tr("Cannot write the backup of your unsaved text to %1")
                                     .arg(QDir::toNativeSeparators(ScenarioBackup::directory())), 10000);
}

void MainWindow::offerBackups()
{
    const auto backups = ScenarioBackup::pending();
    if (backups.isEmpty())
        return;
    // One text is edited at a time: offer the newest; older ones wait for the next start.
    const ScenarioBackup::Entry& b = backups.front();
    const QString name = b.documentPath.isEmpty() ? tr("a new scenario") : QFileInfo(b.documentPath).fileName();
    const auto answer = m_ask(tr("Restore unsaved changes?"),
                              tr("FinScope was closed without saving your changes to %1 (%2). Restore them?")
                                  .arg(name, QLocale().toString(b.written.toLocalTime(), QLocale::ShortFormat)),
                              QMessageBox::Yes | QMessageBox::No);
    if (answer != QMessageBox::Yes) {
        if (answer == QMessageBox::No)
            ScenarioBackup::discard(b);
        return;
    }
    if (b.documentPath.isEmpty() || !QFileInfo(b.documentPath).isFile()) {
        newFromTemplate();
    } else if (!m_catalogue->select(b.documentPath)) {
        openFile(b.documentPath);
    }
    if (!b.documentPath.isEmpty() && !QFileInfo(b.documentPath).isFile())
        m_shownTitle = QFileInfo(b.documentPath).fileName();
    // Replacing the text as an edit: it counts as unsaved and can be undone.
    QTextCursor cursor(m_text->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(b.text);
    m_text->document()->setModified(true);
    m_linter->lintNow();
    updateTitle();
}

QString MainWindow::prepareRunFile(QStringList& endpoints)
{
    if (!isModified()) {
        endpoints = reloadScenario();
        return m_scenarioPath;
    }
    m_linter->cancel();
    const QString name = m_untitled ? u"untitled.fsc"_s : QFileInfo(m_scenarioPath).fileName();
    const auto result = ScenarioLinter::check(m_text->toPlainText(), name);
    m_problems->clear();
    for (const auto& e : result.errors)
        m_problems->addProblem(ProblemsPanel::Level::Error, e.message, e.line, e.column);
    m_text->setDiagnostics(result.errors);
    m_scenarioOk = result.ok;
    endpoints = result.ok ? result.endpoints : QStringList{u"client"_s, u"server"_s};
    if (!result.ok)
        return QString();
    // Same file name, so the run's scenario id is the one the user expects.
    if (!m_runDir || !m_runDir->isValid())
        m_runDir = std::make_unique<QTemporaryDir>();
    const QString path = m_runDir->filePath(name);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(m_text->toPlainText().toUtf8()) < 0 || !file.commit()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot write %1: %2").arg(path, file.errorString()));
        m_scenarioOk = false;
        return QString();
    }
    return path;
}
