// SPDX-License-Identifier: MIT
#include "ui/compare/comparewindow.h"

#include "core/catalogue.h"
#include "ui/compare/comparemodel.h"
#include "ui/compare/difftext.h"
#include "ui/ladderview.h"
#include "ui/runnerprocess.h"
#include "ui/tracemodel.h"
#include "ui/tracereader.h"
#include "ui/uilanguage.h"

#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

CompareWindow::CompareWindow(QWidget* parent) : QWidget(parent, Qt::Window), m_compare(new CompareModel(this))
{
    setWindowTitle(tr("Compare two runs — FinScope"));
    m_summary = new QLabel(tr("Running both sides…"), this);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(6, 4, 6, 4);

    auto* ladders = new QSplitter(Qt::Horizontal, this);
    ladders->addWidget(createSide(0));
    ladders->addWidget(createSide(1));

    m_table = new QTableView(this);
    m_table->setModel(m_compare);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { if (current.isValid()) selectRow(current.row()); });

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(ladders);
    split->addWidget(m_table);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);
    resize(1300, 740);
}

CompareWindow::~CompareWindow()
{
    for (auto& s : m_sides)
        if (s.runner)
            s.runner->stop();
}

QWidget* CompareWindow::createSide(int index)
{
    Side& side = m_sides[static_cast<std::size_t>(index)];
    auto* box = new QWidget(this);
    side.model = new TraceModel(this);
    side.selection = new QItemSelectionModel(side.model, this);
    side.ladder = new LadderView(box);
    side.ladder->setModel(side.model);
    side.ladder->setSelectionModel(side.selection);
    side.title = new QLabel(box);
    side.title->setWordWrap(true);
    side.title->setContentsMargins(6, 2, 6, 2);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(side.title);
    layout->addWidget(side.ladder, 1);
    connect(side.selection, &QItemSelectionModel::currentRowChanged, this,
            [this, index](const QModelIndex& current) { onLadderCurrent(index, current.isValid() ? current.row() : -1); });
    connect(side.ladder->verticalScrollBar(), &QScrollBar::valueChanged, this, [this, index] { syncScroll(index); });
    return box;
}

bool CompareWindow::isTraceFile(const QString& path)
{
    const QFileInfo info(path);
    if (!info.isFile())
        return false;
    const QString suffix = info.suffix().toLower();
    if (suffix == u"jsonl"_s || suffix == u"json"_s)
        return true;
    if (suffix == u"fsc"_s)
        return false;
    QFile file(path);
    return file.open(QIODevice::ReadOnly) && file.read(256).trimmed().startsWith('{');
}

void CompareWindow::compare(const QString& a, const QString& b)
{
    m_compare->clear();
    load(0, a);
    load(1, b);
}

void CompareWindow::load(int index, const QString& what)
{
    Side& side = m_sides[static_cast<std::size_t>(index)];
    side.source = what;
    side.events.clear();
    side.model->clear();
    side.done = false;
    side.error.clear();
    const QString letter = index == 0 ? u"A"_s : u"B"_s;
    if (isTraceFile(what)) {
        side.title->setText(tr("<b>%1</b> — saved trace %2").arg(letter, QFileInfo(what).fileName().toHtmlEscaped()));
        QFile file(what);
        if (!file.open(QIODevice::ReadOnly)) {
            side.error = tr("cannot read %1: %2").arg(what, file.errorString());
        } else {
            TraceReader reader;
            append(index, reader.feed(file.readAll()));
            append(index, reader.finish());
            if (!reader.errors().isEmpty())
                side.error = reader.errors().join(u"; "_s);
        }
        return sideDone(index);
    }
    // A scenario: its title from the file, then a run of its own.
    const auto catalogue = finscope::Catalogue::load();
    auto entry = catalogue.find(what.toStdString());
    const auto entries = catalogue.entries();
    // Only a catalogue scenario has a translated title; a user's file with the same id does not.
    if (entry && std::any_of(entries.begin(), entries.end(), [&](const auto& e) { return e.path == entry->path; }))
        entry = catalogue.localized(*entry, UiLanguage::current().toStdString());
    const QString path = entry ? QString::fromStdString(entry->path) : what;
    const QString title = entry ? QString::fromStdString(entry->title) : QFileInfo(what).fileName();
    side.title->setText(tr("<b>%1</b> — %2").arg(letter, title.toHtmlEscaped()));
    if (!side.runner) {
        side.runner = new RunnerProcess(this);
        connect(side.runner, &RunnerProcess::eventsRead, this,
                [this, index](const std::vector<finscope::TraceEvent>& events) { append(index, events); });
        connect(side.runner, &RunnerProcess::problem, this,
                [this, index](const QString& message) { m_sides[static_cast<std::size_t>(index)].error = message; });
        connect(side.runner, &RunnerProcess::finished, this, [this, index] { sideDone(index); });
    }
    if (!side.runner->start(path, false))
        sideDone(index);
}

void CompareWindow::append(int index, const std::vector<finscope::TraceEvent>& events)
{
    Side& side = m_sides[static_cast<std::size_t>(index)];
    side.events.insert(side.events.end(), events.begin(), events.end());
    side.model->append(events);
}

bool CompareWindow::isReady() const
{
    return m_sides[0].done && m_sides[1].done;
}

void CompareWindow::sideDone(int index)
{
    Side& side = m_sides[static_cast<std::size_t>(index)];
    side.done = true;
    side.model->flush();
    if (!isReady())
        return;
    m_compare->setTraces(m_sides[0].events, m_sides[1].events);
    m_table->resizeColumnToContents(CompareModel::StepAColumn);
    m_table->resizeColumnToContents(CompareModel::StepBColumn);
    const int differing = m_compare->differingRows();
    QString text = differing == 0 ? tr("<b>The two runs do the same</b>, step for step (times, ports and sequence "
                                       "numbers aside).")
                                  : tr("<b>%1 of %2 steps differ</b> (highlighted below). Choose a step to see it in "
                                       "both ladders.").arg(differing).arg(m_compare->rowCount());
    QStringList notes;
    for (const auto& n : m_compare->diff().notes)
        notes.append(DiffText::note(n).toHtmlEscaped());
    for (const Side& s : m_sides)
        if (!s.error.isEmpty())
            notes.append(s.error.toHtmlEscaped());
    if (!notes.isEmpty())
        text += u"<br><i>"_s + notes.join(u"<br>"_s) + u"</i>"_s;
    m_summary->setText(text);
    // Start at the first difference: that is what the comparison is for.
    for (int row = 0; row < m_compare->rowCount(); ++row)
        if (m_compare->data(m_compare->index(row, 0), CompareModel::DiffersRole).toBool()) {
            m_table->selectRow(row);
            break;
        }
    Q_EMIT ready();
}

void CompareWindow::selectRow(int row)
{
    if (m_syncing)
        return;
    m_syncing = true;
    for (int i = 0; i < 2; ++i) {
        const int traceRow = m_compare->traceRow(row, i);
        Side& side = m_sides[static_cast<std::size_t>(i)];
        if (traceRow >= 0 && traceRow < side.model->rowCount())
            side.selection->setCurrentIndex(side.model->index(traceRow, 0),
                                            QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        else
            side.selection->clear();
    }
    if (m_table->currentIndex().row() != row)
        m_table->selectRow(row);
    m_syncing = false;
}

void CompareWindow::onLadderCurrent(int side, int traceRow)
{
    if (m_syncing || traceRow < 0)
        return;
    const int row = m_compare->rowForTraceRow(side, traceRow);
    if (row < 0)
        return;
    m_syncing = true;
    m_table->selectRow(row);
    // The other ladder goes to the same step; this one keeps the event clicked.
    Side& other = m_sides[static_cast<std::size_t>(1 - side)];
    const int otherRow = m_compare->traceRow(row, 1 - side);
    if (otherRow >= 0 && otherRow < other.model->rowCount())
        other.selection->setCurrentIndex(other.model->index(otherRow, 0),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_syncing = false;
}

void CompareWindow::syncScroll(int from)
{
    if (m_syncing)
        return;
    // Same place in both figures, by proportion: aligned steps sit at about
    // the same height when the runs have the same steps.
    QScrollBar* src = m_sides[static_cast<std::size_t>(from)].ladder->verticalScrollBar();
    QScrollBar* dst = m_sides[static_cast<std::size_t>(1 - from)].ladder->verticalScrollBar();
    const double f = src->maximum() > 0 ? static_cast<double>(src->value()) / src->maximum() : 0.0;
    m_syncing = true;
    dst->setValue(static_cast<int>(f * dst->maximum() + 0.5));
    m_syncing = false;
}
