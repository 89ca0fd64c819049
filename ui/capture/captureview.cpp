// SPDX-License-Identifier: MIT
#include "ui/capture/captureview.h"

#include "core/capture/captureladder.h"
#include "core/capture/connectionverdict.h"
#include "core/capture/importjson.h"
#include "ui/capture/captureloader.h"
#include "ui/capture/connectionlistmodel.h"
#include "ui/ladderview.h"
#include "ui/tracemodel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

using namespace finscope;

namespace {
// A file name or error from a capture is someone else's text: bound it.
constexpr int kMaxShown = 300;
QString bounded(const std::string& s) {
    QString q = QString::fromStdString(s.substr(0, kMaxShown));
    return s.size() > kMaxShown ? q + QStringLiteral("…") : q;
}
} // namespace

CaptureView::CaptureView(QWidget* parent)
    : QWidget(parent), m_loader(new CaptureLoader(this)), m_connections(new ConnectionListModel(this)),
      m_proxy(new QSortFilterProxyModel(this)), m_trace(new TraceModel(this)), m_summary(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_filter(new QLineEdit(this)), m_table(new QTableView(this)), m_diagnosis(new QLabel(this)),
      m_ladder(new LadderView(this)) {
    m_proxy->setSourceModel(m_connections);
    m_proxy->setSortRole(ConnectionListModel::SortRole);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filter->setPlaceholderText(tr("Filter: address, port or ending (reset, refused, half-closed...)"));
    m_filter->setClearButtonEnabled(true);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);   // the model's order: unusual endings first
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_diagnosis->setWordWrap(true);
    // Two lines (the ending, then the diagnosis), even when the splitter is tight.
    m_diagnosis->setMinimumHeight(2 * fontMetrics().lineSpacing() + 6);
    m_diagnosis->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ladder->setModel(m_trace);
    // The compact figure bands a run by its steps; a capture has none, so
    // each packet gets its row and a state sits beside the packet that made it.
    m_ladder->setSpacing(LadderLayout::Spacing::EventOrder);
    m_ladder->setPlaceholderText(tr("Choose a connection above to see its ladder"));
    m_progress->hide();
    m_cancel->hide();

    auto* top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    top->addWidget(m_progress);
    top->addWidget(m_cancel);
    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(m_diagnosis);
    lowerLayout->addWidget(m_ladder, 1);
    auto* upper = new QWidget(this);
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(m_filter);
    upperLayout->addWidget(m_table, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(upper);
    split->addWidget(lower);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(m_loader, &CaptureLoader::progress, m_progress, &QProgressBar::setValue);
    connect(m_loader, &CaptureLoader::finished, this, &CaptureView::onLoaded);
    connect(m_cancel, &QPushButton::clicked, m_loader, &CaptureLoader::cancel);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showRow(current.row()); });
}

CaptureView::~CaptureView() = default;

void CaptureView::open(const QString& path) {
    if (m_loader->isRunning()) return;
    m_connections->setCapture(nullptr);
    m_trace->clear();
    m_diagnosis->clear();
    m_summary->setText(tr("Reading %1…").arg(QFileInfo(path).fileName()));
    m_progress->setValue(0);
    m_progress->show();
    m_cancel->show();
    m_loader->start(path);
}

void CaptureView::onLoaded(std::shared_ptr<const CaptureImport> capture) {
    m_progress->hide();
    m_cancel->hide();
    m_connections->setCapture(capture);
    QString text;
    if (!capture->opened) {
        text = tr("Cannot read this file: %1").arg(bounded(capture->error));
    } else {
        const auto n = capture->table.connections().size();
        const QString name = bounded(QFileInfo(QString::fromStdString(capture->path)).fileName().toStdString());
        text = (n == 1 ? tr("%1: %2 TCP connection in %3 frames (%4)") : tr("%1: %2 TCP connections in %3 frames (%4)"))
                   .arg(name, QString::number(n), QString::number(capture->frames), bounded(capture->linkType));
        if (!capture->complete) text += QStringLiteral("\n") + tr("Partial: %1").arg(bounded(capture->error));
        for (const auto& w : capture->warnings) text += QStringLiteral("\n") + bounded(w);
    }
    m_summary->setText(text);
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);
    if (m_proxy->rowCount() > 0) m_table->selectRow(0);
    Q_EMIT loaded(capture);
}

void CaptureView::showRow(int row) {
    const CaptureImport* capture = m_connections->capture();
    m_trace->clear();
    if (!capture || row < 0 || row >= m_proxy->rowCount()) {
        m_diagnosis->clear();
        return;
    }
    const auto index =
        m_proxy->index(row, 0).data(ConnectionListModel::IndexRole).toULongLong();
    const CaptureLadder ladder = buildLadder(capture->table, static_cast<std::size_t>(index));
    const Connection& c = *ladder.connection;
    const ConnectionVerdict v = verdictOf(c);
    m_diagnosis->setText(tr("<b>%1</b><br>%2").arg(QString::fromStdString(v.ending).toHtmlEscaped(),
                                                   QString::fromStdString(v.diagnosis).toHtmlEscaped()));
    // The ladder view draws a run: give it one, with the two sides as its endpoints.
    TraceEvent run;
    run.tNs = c.firstNs;
    run.body = RunEvent{"capture", "inferred from a capture", capture->path, {sideName(c, 0), sideName(c, 1)},
                        "imported", "", "", ""};
    std::vector<TraceEvent> events{run};
    for (auto& e : ladderEvents(ladder)) events.push_back(std::move(e));
    for (std::size_t i = 0; i < events.size(); ++i) events[i].id = static_cast<std::int64_t>(i);
    m_ladder->setEndpoints({QString::fromStdString(sideName(c, 0)), QString::fromStdString(sideName(c, 1))});
    m_trace->append(std::move(events));
    m_trace->flush();
    // A capture is read whole, not followed live: start at its beginning.
    m_ladder->verticalScrollBar()->setValue(0);
}
