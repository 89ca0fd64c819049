// SPDX-License-Identifier: MIT
#include "ui/compare/comparemodel.h"

#include "ui/compare/difftext.h"

#include <QBrush>
#include <QCoreApplication>
#include <QColor>
#include <QFont>

#include <map>

using namespace Qt::StringLiterals;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

QString stepText(const std::optional<finscope::StepOutcome>& s)
{
    if (!s)
        return QCoreApplication::translate("CompareModel", "—");
    if (s->index < 0)
        return QCoreApplication::translate("CompareModel", "(before the first step)");
    return u"%1  %2: %3"_s.arg(s->line).arg(qs(s->endpoint), qs(s->text));
}

/// Step index → trace row of its `step` event; -1 (before any step) → row 0.
std::map<int, int> stepRows(const std::vector<finscope::TraceEvent>& trace)
{
    std::map<int, int> rows{{-1, 0}};
    for (std::size_t i = 0; i < trace.size(); ++i)
        if (const auto* s = trace[i].as<finscope::StepEvent>())
            rows.emplace(s->index, static_cast<int>(i));
    return rows;
}

} // namespace

CompareModel::CompareModel(QObject* parent) : QAbstractTableModel(parent) {}

void CompareModel::setTraces(const std::vector<finscope::TraceEvent>& a, const std::vector<finscope::TraceEvent>& b)
{
    beginResetModel();
    m_diff = finscope::diffTraces(a, b);
    const auto rowsA = stepRows(a);
    const auto rowsB = stepRows(b);
    const auto find = [](const std::map<int, int>& rows, const std::optional<finscope::StepOutcome>& s) {
        if (!s)
            return -1;
        const auto it = rows.find(s->index);
        return it == rows.end() ? -1 : it->second;
    };
    m_traceRows.clear();
    for (const auto& s : m_diff.steps)
        m_traceRows.emplace_back(find(rowsA, s.a), find(rowsB, s.b));
    endResetModel();
}

void CompareModel::clear()
{
    beginResetModel();
    m_diff = {};
    m_traceRows.clear();
    endResetModel();
}

int CompareModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_diff.steps.size());
}

int CompareModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

int CompareModel::differingRows() const
{
    int n = 0;
    for (const auto& s : m_diff.steps)
        n += s.differs();
    return n;
}

int CompareModel::traceRow(int row, int side) const
{
    if (row < 0 || row >= rowCount())
        return -1;
    const auto& rows = m_traceRows[static_cast<std::size_t>(row)];
    return side == 0 ? rows.first : rows.second;
}

int CompareModel::rowForTraceRow(int side, int traceRow) const
{
    // The last aligned step that starts at or before that trace row.
    int best = -1, bestStart = -1;
    for (std::size_t i = 0; i < m_traceRows.size(); ++i) {
        const int start = side == 0 ? m_traceRows[i].first : m_traceRows[i].second;
        if (start >= 0 && start <= traceRow && start > bestStart) {
            best = static_cast<int>(i);
            bestStart = start;
        }
    }
    return best;
}

QString CompareModel::differences(int row) const
{
    const auto& s = m_diff.steps[static_cast<std::size_t>(row)];
    if (!s.a)
        return tr("only in B");
    if (!s.b)
        return tr("only in A");
    QStringList lines;
    if (s.textDiffers)
        lines.append(tr("the calls differ"));
    for (const auto& f : s.facts)
        lines.append(u"%1 %2: %3 | %4"_s.arg(DiffText::kind(f.kind), qs(f.lane),
                                              f.a ? DiffText::fact(f.kind, *f.a) : tr("(nothing)"),
                                              f.b ? DiffText::fact(f.kind, *f.b) : tr("(nothing)")));
    return lines.join(u'\n');
}

QVariant CompareModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& s = m_diff.steps[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case StepAColumn: return stepText(s.a);
        case StepBColumn: return stepText(s.b);
        case DifferencesColumn:
            if (s.differs())
                return differences(index.row());
            // A retransmission on one side only is timing: said, but not a difference.
            return s.timing.empty() ? tr("same") : tr("same (a packet sent again in one run only: timing)");
        }
        break;
    case Qt::BackgroundRole:
        if (s.differs())
            return QBrush(QColor(255, 226, 160));   // amber: readable in light and dark text alike
        break;
    case Qt::ForegroundRole:
        if (s.differs())
            return QBrush(Qt::black);
        break;
    case Qt::FontRole:
        if (s.differs() && index.column() == DifferencesColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case DiffersRole:
        return s.differs();
    }
    return {};
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StepAColumn: return tr("Step in A");
    case StepBColumn: return tr("Step in B");
    case DifferencesColumn: return tr("What differs (A | B)");
    }
    return {};
}
