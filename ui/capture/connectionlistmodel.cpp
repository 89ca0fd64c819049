// SPDX-License-Identifier: MIT
#include "ui/capture/connectionlistmodel.h"

#include "core/capture/connectionverdict.h"
#include "core/capture/importjson.h"

using namespace finscope;

ConnectionListModel::ConnectionListModel(QObject* parent) : QAbstractTableModel(parent) {}

void ConnectionListModel::setCapture(std::shared_ptr<const CaptureImport> capture) {
    beginResetModel();
    m_capture = std::move(capture);
    m_order = m_capture ? listOrder(m_capture->table) : std::vector<std::size_t>{};
    m_t0 = m_capture && !m_capture->table.packets().empty() ? m_capture->table.packets().front().tNs : 0;
    endResetModel();
}

int ConnectionListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_order.size());
}

int ConnectionListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ConnectionListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const std::size_t i = m_order[static_cast<std::size_t>(index.row())];
    const Connection& c = m_capture->table.connections()[i];
    if (role == IndexRole) return QVariant::fromValue(static_cast<qulonglong>(i));
    if (role == UnusualRole) return c.ending != Ending::OrderlyClose;
    const double startS = static_cast<double>(c.firstNs - m_t0) / 1e9;
    const double durationMs = static_cast<double>(c.lastNs - c.firstNs) / 1e6;
    if (role == SortRole) {
        switch (index.column()) {
        case Id: return c.id;
        case Start: return startS;
        case Duration: return durationMs;
        case BytesAToB: return static_cast<qulonglong>(c.side[0].bytes);
        case BytesBToA: return static_cast<qulonglong>(c.side[1].bytes);
        case Ending: return static_cast<int>(c.ending);
        default: break;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != EndpointA && index.column() != EndpointB &&
        index.column() != Ending)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole && index.column() == Ending)
        return QString::fromStdString(verdictOf(c).diagnosis);
    if (role != Qt::DisplayRole && role != SortRole) return {};
    switch (index.column()) {
    case Id: return c.id;
    case EndpointA: return QString::fromStdString(c.a.text());
    case EndpointB: return QString::fromStdString(c.b.text());
    case Start: return QString::number(startS, 'f', 6);
    case Duration: return QString::number(durationMs, 'f', 3);
    case BytesAToB: return static_cast<qulonglong>(c.side[0].bytes);
    case BytesBToA: return static_cast<qulonglong>(c.side[1].bytes);
    case Ending: return QString::fromStdString(verdictOf(c).ending);
    default: return {};
    }
}

QVariant ConnectionListModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return tr("#");
    case EndpointA: return tr("A (opened)");
    case EndpointB: return tr("B");
    case Start: return tr("Start (s)");
    case Duration: return tr("Duration (ms)");
    case BytesAToB: return tr("Bytes A→B");
    case BytesBToA: return tr("Bytes B→A");
    case Ending: return tr("How it ended");
    default: return {};
    }
}
