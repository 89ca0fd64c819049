// SPDX-License-Identifier: MIT
// MainWindow's file half: scenarios, traces and captures in; traces,
// packets and figures out; recent files; drops. The editor half is in
// mainwindoweditor.cpp.
#include "ui/mainwindow.h"

#include "core/catalogue.h"
#include "core/tracejson.h"
#include "ui/capture/captureview.h"
#include "ui/catalogueview.h"
#include "ui/explanationpanel.h"
#include "ui/ladderexport.h"
#include "ui/ladderview.h"
#include "ui/problemspanel.h"
#include "ui/tracemodel.h"
#include "ui/traceloader.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenu>
#include <QMimeData>
#include <QProgressBar>
#include <QSaveFile>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace {
constexpr int kMaxRecent = 8;
const QString kPacketFileName = u"packets.pcapng"_s;
}

void MainWindow::createFileActions(QMenu* file)
{
    file->addSeparator();
    file->addAction(tr("Open &Trace…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Trace"), QString(),
                                                          tr("FinScope traces (*.jsonl *.json);;All files (*)"));
        if (!path.isEmpty())
            loadTrace(path);
    });
    file->addAction(tr("Open &Capture…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Open Capture"), QString(),
                                                          tr("Packet captures (*.pcap *.pcapng *.cap);;All files (*)"));
        if (!path.isEmpty())
            openCapture(path);
    });
    file->addAction(tr("Save Tr&ace…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Trace"), u"trace.jsonl"_s,
                                                          tr("FinScope traces (*.jsonl)"));
        if (!path.isEmpty())
            saveTrace(path);
    });
    m_exportPacketsAction = file->addAction(tr("Export Pac&kets…"), this, &MainWindow::exportPacketsDialog);
    file->addSeparator();
    m_exportActions = {
        file->addAction(tr("Export as S&VG…"), this, [this] { exportDialog(u"svg"_s, tr("SVG images (*.svg)")); }),
        file->addAction(tr("Export as &PDF…"), this, [this] { exportDialog(u"pdf"_s, tr("PDF documents (*.pdf)")); }),
        file->addAction(tr("Export as P&NG…"), this, [this] { exportDialog(u"png"_s, tr("PNG images (*.png)")); }),
    };
    for (QAction* a : std::as_const(m_exportActions))
        a->setToolTip(tr("Save the whole ladder as a figure, for handouts, slides and bug reports"));
    // A menu shows tooltips only when asked to: the disabled Export Packets says why it is disabled.
    file->setToolTipsVisible(true);

    createLoadProgress();
}

bool MainWindow::openFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot open %1: no such file").arg(path));
        return false;
    }
    const auto result = finscope::loadScenarioFile(info.absoluteFilePath().toStdString());
    CatalogueView::Entry entry{info.completeBaseName(), info.absoluteFilePath(), info.fileName(), QString(), QString()};
    if (result.scenario) {
        entry.title = QString::fromStdString(result.scenario->title);
        entry.summary = QString::fromStdString(result.scenario->summary);
    } else if (!result.errors.empty()) {
        entry.summary = tr("has errors");
    }
    m_catalogue->addUserScenario(entry);
    addRecent(info.absoluteFilePath());
    return true;
}

void MainWindow::openDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Scenario"), QString(),
                                                      tr("FinScope scenarios (*.fsc);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::saveTrace(const QString& path)
{
    // Written beside the target and renamed over it: a failed save leaves the old file whole.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    m_model->flush();
    for (int row = 0; row < m_model->rowCount(); ++row)
        file.write(QByteArray::fromStdString(finscope::toJsonLine(m_model->event(row))) + '\n');
    if (!file.commit()) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

void MainWindow::preparePacketFile()
{
    if (!m_packetDir || !m_packetDir->isValid())
        m_packetDir = std::make_unique<QTemporaryDir>();
    if (!m_packetDir->isValid()) {
        m_runner->setPacketFile(QString());   // the run goes on; only its packets cannot be exported
        return;
    }
    const QString path = m_packetDir->filePath(kPacketFileName);
    // The last run's packets must never pass for this run's.
    QFile::remove(path);
    m_traceFromFile = false;
    m_runner->setPacketFile(path);
}

bool MainWindow::canExportPackets(QString* why) const
{
    QString reason;
    const QString file = m_runner->packetFile();
    if (m_traceFromFile)
        reason = tr("A trace read from a JSON file has no packet bytes (JSON lines keep no frames). Run the "
                    "scenario, or use `finscope run --pcapng FILE` on the command line.");
    else if (m_runner->isActive())
        reason = tr("The packets can be saved when the run has ended.");
    else if (!m_model->run())
        reason = tr("Run a scenario first: its captured packets can then be saved for Wireshark.");
    else if (m_model->run()->capture == "none")
        reason = tr("This run captured no packets (see Problems).");
    else if (file.isEmpty() || !QFileInfo(file).isFile())
        reason = tr("The runner wrote no packet file for this run (it was killed, or it could not write it).");
    if (why)
        *why = reason;
    return reason.isEmpty();
}

void MainWindow::updateFileActions()
{
    if (!m_exportPacketsAction)
        return;
    QString why;
    const bool can = canExportPackets(&why);
    m_exportPacketsAction->setEnabled(can);
    m_exportPacketsAction->setToolTip(
        can ? tr("Save the run's packets as pcapng for Wireshark or tshark: full frames, each with why it was sent")
            : why);
}

bool MainWindow::exportPackets(const QString& path)
{
    QString why;
    if (!canExportPackets(&why)) {
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("No packets to export: %1").arg(why));
        return false;
    }
    QFile source(m_runner->packetFile());
    QSaveFile target(path);
    const auto fail = [&](const QString& reason) {
        target.cancelWriting();
        m_problems->addProblem(ProblemsPanel::Level::Error, tr("Cannot export the packets to %1: %2")
                                                                .arg(QDir::toNativeSeparators(path), reason));
        return false;
    };
    if (!source.open(QIODevice::ReadOnly))
        return fail(tr("cannot read the run's packet file (%1)").arg(source.errorString()));
    if (!target.open(QIODevice::WriteOnly))
        return fail(target.errorString());
    while (!source.atEnd()) {
        const QByteArray chunk = source.read(1 << 20);
        if (chunk.isEmpty() && source.error() != QFile::NoError)
            return fail(tr("cannot read the run's packet file (%1)").arg(source.errorString()));
        if (target.write(chunk) != chunk.size())
            return fail(target.errorString());
    }
    // Renamed over the target only now: a failure leaves an existing file as it was.
    if (!target.commit())
        return fail(target.errorString());
    statusBar()->showMessage(tr("Packets saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::exportPacketsDialog()
{
    const QString base = m_scenarioPath.isEmpty() ? u"packets"_s : QFileInfo(m_scenarioPath).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, tr("Export Packets"), base + u".pcapng"_s,
                                                tr("pcapng captures (*.pcapng);;All files (*)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty()) {
        path += u".pcapng"_s;
        // The dialog asked about the name typed, not about this one.
        if (QFileInfo::exists(path)
            && m_ask(tr("Replace file?"), tr("%1 already exists. Replace it?").arg(QDir::toNativeSeparators(path)),
                     QMessageBox::Yes | QMessageBox::No)
                   != QMessageBox::Yes)
            return;
    }
    exportPackets(path);
}

bool MainWindow::exportFigure(const QString& path)
{
    m_model->flush();
    const QString error = LadderExport::write(*m_ladder, path);
    if (!error.isEmpty())
        m_problems->addProblem(ProblemsPanel::Level::Error, error);
    else
        statusBar()->showMessage(tr("Figure saved to %1").arg(QDir::toNativeSeparators(path)), 5000);
    return error.isEmpty();
}

void MainWindow::exportDialog(const QString& suffix, const QString& filter)
{
    const QString base = m_scenarioPath.isEmpty() ? u"ladder"_s : QFileInfo(m_scenarioPath).completeBaseName();
    QString path = QFileDialog::getSaveFileName(this, tr("Export Figure"), base + u'.' + suffix, filter);
    if (path.isEmpty())
        return;
    if (!LadderExport::formatFor(path))
        path += u'.' + suffix;
    exportFigure(path);
}

bool MainWindow::isCaptureFile(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == u"pcap"_s || suffix == u"pcapng"_s || suffix == u"cap"_s;
}

CaptureView* MainWindow::openCapture(const QString& path)
{
    // A window of its own: a capture has no scenario, no runner and no
    // system calls, and the user may keep it open beside a run.
    auto* view = new CaptureView(this);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->setWindowTitle(tr("%1 — capture — FinScope").arg(QFileInfo(path).fileName()));
    view->resize(size());
    view->open(path);
    view->show();
    return view;
}

void MainWindow::addRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(u"recentFiles"_s).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(u"recentFiles"_s, recent.mid(0, kMaxRecent));
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(u"recentFiles"_s).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFile(path); })->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    for (const QUrl& url : urls)
        if (url.isLocalFile()) {
            if (isCaptureFile(url.toLocalFile()))
                openCapture(url.toLocalFile());
            else
                openFile(url.toLocalFile());
        }
}
