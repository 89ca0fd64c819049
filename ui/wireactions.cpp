// SPDX-License-Identifier: MIT
#include "ui/wireactions.h"

#include "ui/runnerprocess.h"
#include "ui/tracemodel.h"

#include <QAction>
#include <QItemSelectionModel>
#include <QKeySequence>

#include <algorithm>

using namespace Qt::StringLiterals;

WireActions::WireActions(RunnerProcess* runner, TraceModel* model, QItemSelectionModel* selection, QObject* parent)
    : QObject(parent), m_runner(runner), m_model(model), m_selection(selection)
{
    m_deliver = new QAction(tr("&Deliver Held Frame"), this);
    m_deliver->setShortcut(Qt::Key_D);
    m_deliver->setToolTip(tr("Deliver the selected held frame (or the oldest) to its receiver now (D)"));
    m_drop = new QAction(tr("Dro&p Held Frame"), this);
    m_drop->setShortcut(Qt::Key_X);
    m_drop->setToolTip(tr("Drop the selected held frame (or the oldest): it never arrives, as if lost (X)"));
    m_release = new QAction(tr("Re&lease All Held Frames"), this);
    m_release->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_D));
    m_release->setToolTip(tr("Deliver every held frame, in the order they reached the wire (Shift+D)"));
    connect(m_deliver, &QAction::triggered, this, [this] {
        if (const std::int64_t f = targetFrame(); f >= 0)
            m_runner->deliverFrame(f);
    });
    connect(m_drop, &QAction::triggered, this, [this] {
        if (const std::int64_t f = targetFrame(); f >= 0)
            m_runner->dropFrame(f);
    });
    connect(m_release, &QAction::triggered, m_runner, &RunnerProcess::releaseFrames);
    connect(m_runner, &RunnerProcess::stateChanged, this, &WireActions::update);
    connect(m_runner, &RunnerProcess::paused, this, &WireActions::update);
    connect(m_selection, &QItemSelectionModel::currentRowChanged, this, &WireActions::update);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &WireActions::update);
    connect(m_model, &QAbstractItemModel::modelReset, this, &WireActions::update);
    update();
}

std::int64_t WireActions::frameOfRow(int row) const
{
    if (row < 0 || row >= m_model->rowCount())
        return -1;
    const auto& e = m_model->event(row);
    if (const auto* p = e.as<finscope::PacketEvent>(); p && p->frameId)
        return *p->frameId;
    if (const auto* w = e.as<finscope::WireEvent>())
        return w->frame;
    return -1;
}

std::int64_t WireActions::targetFrame() const
{
    const auto& held = m_runner->heldFrames();
    if (held.empty())
        return -1;
    const std::int64_t selected = frameOfRow(m_selection->currentIndex().isValid() ? m_selection->currentIndex().row() : -1);
    return std::find(held.begin(), held.end(), selected) != held.end() ? selected : held.front();
}

QString WireActions::pausedHint() const
{
    const auto& held = m_runner->heldFrames();
    if (held.empty() || m_runner->state() != RunnerProcess::State::Paused)
        return {};
    QStringList frames;
    for (std::int64_t f : held)
        frames << QString::number(f);
    const QString which = held.size() == 1 ? tr("Frame %1 is held on the wire").arg(held.front())
                                           : tr("Frames %1 are held on the wire").arg(frames.join(u", "_s));
    // The keys, not the frame they act on: selecting another held frame changes that, and the banner would lie.
    return which + tr(" — D delivers one (the selected, or the oldest), X drops it, Shift+D releases all");
}

void WireActions::update()
{
    const bool wireRun = m_model->run() && m_model->run()->wire.has_value();
    if (wireRun != m_wireRun) {
        m_wireRun = wireRun;
        Q_EMIT wireRunChanged(wireRun);
    }
    const bool paused = m_runner->state() == RunnerProcess::State::Paused;
    const std::int64_t target = paused ? targetFrame() : -1;
    m_deliver->setEnabled(target >= 0);
    m_drop->setEnabled(target >= 0);
    m_release->setEnabled(target >= 0);
    // Name the frame the key will move, so the user knows before pressing it.
    m_deliver->setText(target >= 0 ? tr("&Deliver Frame %1").arg(target) : tr("&Deliver Held Frame"));
    m_drop->setText(target >= 0 ? tr("Dro&p Frame %1").arg(target) : tr("Dro&p Held Frame"));
}
