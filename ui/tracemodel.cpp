// SPDX-License-Identifier: MIT
#include "ui/tracemodel.h"

#include "ui/eventtext.h"

#include <QElapsedTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

TraceModel::TraceModel(QObject* parent)
    : QAbstractTableModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &TraceModel::announceSlice);
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
    case KindColumn: {
        // The kinds in the interface's language; KindRole keeps the trace's own names.
        static constexpr const char* kinds[] = {
            QT_TR_NOOP("run"),    QT_TR_NOOP("step"), QT_TR_NOOP("syscall"), QT_TR_NOOP("packet"),
            QT_TR_NOOP("state"),  QT_TR_NOOP("signal"), QT_TR_NOOP("exit"), QT_TR_NOOP("expect"),
            QT_TR_NOOP("note"),   QT_TR_NOOP("summary"), QT_TR_NOOP("pause")};
        const std::string kind = e.kind();
        for (const char* k : kinds)
            if (kind == k)
                return tr(k);
        return QString::fromStdString(kind);
    }
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
    case TimeColumn: return tr("Time");
    case EndpointColumn: return tr("Endpoint");
    case KindColumn: return tr("Kind");
    case EventColumn: return tr("Event");
    case LineColumn: return tr("Line");
    default: return {};
    }
}

const finscope::TraceEvent& TraceModel::event(int row) const
{
    if (auto it = m_slotOfRow.find(row); it != m_slotOfRow.end())
        return m_decoded[static_cast<std::size_t>(it->second)];
    return remember(row, m_events.at(static_cast<std::size_t>(row)));
}

const finscope::TraceEvent& TraceModel::remember(int row, finscope::TraceEvent event) const
{
    if (m_decoded.empty()) {
        m_decoded.resize(kDecodedEvents);
        m_decodedRow.assign(kDecodedEvents, -1);
        m_slotOfRow.reserve(kDecodedEvents);
    }
    const int slot = m_nextSlot;
    m_nextSlot = (m_nextSlot + 1) % kDecodedEvents;
    auto& old = m_decodedRow[static_cast<std::size_t>(slot)];
    if (old >= 0)
        m_slotOfRow.erase(old);
    old = row;
    m_slotOfRow[row] = slot;
    auto& kept = m_decoded[static_cast<std::size_t>(slot)];
    kept = std::move(event);
    return kept;
}

void TraceModel::append(const std::vector<finscope::TraceEvent>& events)
{
    if (events.empty())
        return;
    for (const auto& e : events) {
        if (m_events.empty())
            m_startNs = e.tNs;
        const int row = static_cast<int>(m_events.size());
        if (e.as<finscope::RunEvent>() && !m_run)
            m_run = e;
        if (e.as<finscope::SummaryEvent>()) {
            m_summary = e;
            m_summaryRow = row;
        }
        // Packets and states carry no line: they belong to the step that caused them.
        if (auto* step = e.as<finscope::StepEvent>())
            m_currentStepLine = step->line;
        if (auto* p = e.as<finscope::PacketEvent>(); p && p->frameId)
            m_packetOfFrame.insert(*p->frameId, row);
        else if (auto* w = e.as<finscope::WireEvent>())
            m_fateOfFrame.insert(w->frame, row);
        else if (e.as<finscope::PauseEvent>())
            m_lastPause = row;
        const int own = EventText::line(e);
        m_lines.push_back(own > 0 ? own : m_currentStepLine);
        m_events.append(e);
        // The views read an event when it is announced: keep it decoded if
        // that is soon, i.e. if it will not be pushed out of the ring first.
        if (pendingRows() < kDecodedEvents / 2)
            remember(row, e);
    }
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void TraceModel::flush()
{
    m_flushTimer.stop();
    announceUpTo(static_cast<int>(m_events.size()));
}

void TraceModel::announceSlice()
{
    const int total = static_cast<int>(m_events.size());
    const int count = std::min(total - m_announced, m_sliceRows);
    if (count <= 0)
        return;
    QElapsedTimer clock;
    clock.start();
    announceUpTo(m_announced + count);
    // The views' cost per row varies (wrapped calls, a first paint): the next
    // slice is sized from this one's, so that one turn stays near the budget.
    constexpr int kMinRows = 64;
    constexpr int kMaxRows = 32768;
    const double nsPerRow = std::max(1.0, static_cast<double>(clock.nsecsElapsed()) / count);
    m_sliceRows = std::clamp(static_cast<int>(kSliceBudgetMs * 1e6 / nsPerRow), kMinRows, kMaxRows);
    if (m_announced < static_cast<int>(m_events.size()))
        m_flushTimer.start();
}

void TraceModel::announceUpTo(int total)
{
    if (total <= m_announced)
        return;
    beginInsertRows({}, m_announced, total - 1);
    m_announced = total;
    endInsertRows();
    if (m_announced == static_cast<int>(m_events.size()))
        Q_EMIT caughtUp();
}

void TraceModel::dropPending()
{
    m_flushTimer.stop();
    const auto kept = static_cast<std::size_t>(m_announced);
    if (m_events.size() == kept)
        return;
    m_events.truncate(kept);
    m_lines.resize(kept);
    // Rows appended later belong to the last step kept, not to a dropped one.
    m_currentStepLine = 0;
    for (auto row = kept; row > 0; --row) {
        const finscope::TraceEvent last = m_events.at(row - 1);
        if (const auto* step = last.as<finscope::StepEvent>())
            m_currentStepLine = step->line;
        if (m_currentStepLine > 0 || last.as<finscope::RunEvent>())
            break;   // a run starts with no step
    }
    for (int& decodedRow : m_decodedRow) {   // the ring's slots: forget the dropped rows they hold
        if (decodedRow >= m_announced) {
            m_slotOfRow.erase(decodedRow);
            decodedRow = -1;
        }
    }
    if (m_summaryRow >= m_announced) {
        m_summary.reset();
        m_summaryRow = -1;
    }
    if (m_lastPause >= m_announced)
        m_lastPause = -1;
    if (m_announced == 0)
        m_run.reset();
    const auto forgetDropped = [this](QHash<std::int64_t, int>& rows) {
        rows.removeIf([this](const auto& it) { return it.value() >= m_announced; });
    };
    forgetDropped(m_packetOfFrame);
    forgetDropped(m_fateOfFrame);
}

void TraceModel::clear()
{
    beginResetModel();
    m_flushTimer.stop();
    m_events.clear();
    m_lines.clear();
    m_announced = 0;
    m_decoded.clear();
    m_decodedRow.clear();
    m_slotOfRow.clear();
    m_nextSlot = 0;
    m_run.reset();
    m_summary.reset();
    m_summaryRow = -1;
    m_currentStepLine = 0;
    m_lastPause = -1;
    m_packetOfFrame.clear();
    m_fateOfFrame.clear();
    m_startNs = 0;
    endResetModel();
}

const finscope::SummaryEvent* TraceModel::summary() const
{
    return m_summary && m_summaryRow == m_announced - 1 ? m_summary->as<finscope::SummaryEvent>() : nullptr;
}

std::vector<std::int64_t> TraceModel::heldFrames() const
{
    if (m_lastPause < 0)
        return {};
    const auto* pause = event(m_lastPause).as<finscope::PauseEvent>();
    return pause ? pause->held.value_or(std::vector<std::int64_t>{}) : std::vector<std::int64_t>{};
}
