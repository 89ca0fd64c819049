// SPDX-License-Identifier: MIT
#include "ui/tracemodel.h"

#include "ui/eventtext.h"

using namespace Qt::StringLiterals;

TraceModel::TraceModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &TraceModel::flush);
}

int TraceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_announced;
}

int TraceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& e = event(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(e, index.column());
    case Qt::ToolTipRole:
        return EventText::summary(e);
    case KindRole:
        return QString::fromStdString(e.kind());
    case LineRole:
        return lineOf(index.row());
    case EventIndexRole:
        return index.row();
    default:
        return {};
    }
}

QVariant TraceModel::displayData(const finscope::TraceEvent& e, int column) const
{
    switch (column) {
    case TimeColumn: return EventText::relativeTime(e.tNs, m_startNs);
    case EndpointColumn: return EventText::endpoint(e);
    case KindColumn: return QString::fromStdString(e.kind());
    case EventColumn: return EventText::summary(e);
    case LineColumn: {
        const int l = EventText::line(e);
        return l > 0 ? QVariant(l) : QVariant();
    }
    default: return {};
    }
}

QVariant TraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return u"Time"_s;
    case EndpointColumn: return u"Endpoint"_s;
    case KindColumn: return u"Kind"_s;
    case EventColumn: return u"Event"_s;
    case LineColumn: return u"Line"_s;
    default: return {};
    }
}

void TraceModel::append(std::vector<finscope::TraceEvent> events)
{
    if (events.empty())
        return;
    for (auto& e : events) {
        if (m_events.empty())
            m_startNs = e.tNs;
        if (e.as<finscope::RunEvent>() && m_run < 0)
            m_run = static_cast<int>(m_events.size());
        // Packets and states carry no line: they belong to the step that caused them.
        if (auto* step = e.as<finscope::StepEvent>())
            m_currentStepLine = step->line;
        const int row = static_cast<int>(m_events.size());
        if (auto* p = e.as<finscope::PacketEvent>(); p && p->frameId)
            m_packetOfFrame.insert(*p->frameId, row);
        else if (auto* w = e.as<finscope::WireEvent>())
            m_fateOfFrame.insert(w->frame, row);
        else if (e.as<finscope::PauseEvent>())
            m_lastPause = row;
        const int own = EventText::line(e);
        m_lines.push_back(own > 0 ? own : m_currentStepLine);
        m_events.push_back(std::move(e));
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TraceModel::flush()
{
    m_flushTimer.stop();
    const int total = static_cast<int>(m_events.size());
    if (total == m_announced)
        return;
    beginInsertRows({}, m_announced, total - 1);
    m_announced = total;
    endInsertRows();
}

void TraceModel::clear()
{
    beginResetModel();
    m_flushTimer.stop();
    m_events.clear();
    m_lines.clear();
    m_announced = 0;
    m_run = -1;
    m_currentStepLine = 0;
    m_lastPause = -1;
    m_packetOfFrame.clear();
    m_fateOfFrame.clear();
    m_startNs = 0;
    endResetModel();
}

const finscope::SummaryEvent* TraceModel::summary() const
{
    return m_announced > 0 ? event(m_announced - 1).as<finscope::SummaryEvent>() : nullptr;
}

std::vector<std::int64_t> TraceModel::heldFrames() const
{
    if (m_lastPause < 0)
        return {};
    const auto* pause = m_events[static_cast<std::size_t>(m_lastPause)].as<finscope::PauseEvent>();
    return pause->held.value_or(std::vector<std::int64_t>{});
}
