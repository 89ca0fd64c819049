// SPDX-License-Identifier: MIT
#include "ui/ladderaccessible.h"

#include "ui/eventtext.h"
#include "ui/ladderview.h"
#include "ui/tracemodel.h"

#include <QScrollBar>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

/// One event of the ladder. Not a QObject: it is identified by its parent
/// and its trace row, and registered with QAccessible so that repeated
/// queries get the same interface (screen readers compare them).
class LadderEventAccessible : public QAccessibleInterface
{
public:
    LadderEventAccessible(LadderAccessible* parent, int eventRow) : m_parent(parent), m_row(eventRow) {}

    bool isValid() const override
    {
        const LadderView* view = m_parent->ladder();
        return view && view->model() && m_row < view->model()->rowCount();
    }
    QObject* object() const override { return nullptr; }
    QWindow* window() const override { return m_parent->window(); }
    QAccessibleInterface* childAt(int, int) const override { return nullptr; }
    QAccessibleInterface* parent() const override { return m_parent; }
    QAccessibleInterface* child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface*) const override { return -1; }
    QString text(QAccessible::Text t) const override
    {
        const LadderView* view = m_parent->ladder();
        if (!isValid())
            return QString();
        switch (t) {
        case QAccessible::Name: return LadderAccessible::eventText(*view->model(), m_row);
        case QAccessible::Description: return LadderAccessible::laneText(*view, m_row);
        default: return QString();
        }
    }
    void setText(QAccessible::Text, const QString&) override {}
    QRect rect() const override { return m_parent->eventRect(m_row); }
    QAccessible::Role role() const override { return QAccessible::ListItem; }
    QAccessible::State state() const override
    {
        QAccessible::State s;
        s.selectable = true;
        s.focusable = true;
        const LadderView* view = m_parent->ladder();
        if (view && view->currentEvent() == m_row) {
            s.selected = true;
            s.focused = view->hasFocus();
        }
        s.offscreen = rect().isEmpty();
        s.invisible = s.offscreen;
        return s;
    }

private:
    LadderAccessible* m_parent;
    int m_row;
};

QAccessibleInterface* ladderFactory(const QString& className, QObject* object)
{
    if (className == u"LadderView"_s && object && object->isWidgetType())
        if (auto* view = qobject_cast<LadderView*>(object))
            return new LadderAccessible(view);
    return nullptr;
}

} // namespace

LadderAccessible::LadderAccessible(LadderView* view)
    : QAccessibleWidget(view, QAccessible::List), m_watch(new QObject(view))
{
}

LadderAccessible::~LadderAccessible()
{
    forgetChildren();
    delete m_watch.data();
}

void LadderAccessible::installFactory()
{
    static bool installed = false;
    if (!installed)
        QAccessible::installFactory(ladderFactory);
    installed = true;
}

void LadderAccessible::notifyCurrentEvent(LadderView* view, int eventRow)
{
    if (!QAccessible::isActive() || !view || !view->hasFocus())
        return;
    auto* ladder = dynamic_cast<LadderAccessible*>(QAccessible::queryAccessibleInterface(view));
    if (!ladder)
        return;
    const int index = ladder->childOfEvent(eventRow);
    if (index < 0)
        return;
    QAccessibleEvent event(view, QAccessible::Focus);
    event.setChild(index);
    QAccessible::updateAccessibility(&event);
}

LadderView* LadderAccessible::ladder() const
{
    return qobject_cast<LadderView*>(object());
}

QString LadderAccessible::text(QAccessible::Text t) const
{
    if (t == QAccessible::Name)
        return QAccessibleWidget::text(t).isEmpty() ? QCoreApplication::translate("LadderAccessible", "Ladder diagram")
                                                    : QAccessibleWidget::text(t);
    if (t == QAccessible::Description)
        return QCoreApplication::translate("LadderAccessible",
                                           "%n event(s) of the run, in time order; Up and Down move between them",
                                           nullptr, childCount());
    return QAccessibleWidget::text(t);
}

void LadderAccessible::forgetChildren() const
{
    for (const QAccessible::Id id : std::as_const(m_children))
        QAccessible::deleteAccessibleInterface(id);
    m_children.clear();
}

void LadderAccessible::refresh() const
{
    LadderView* view = ladder();
    TraceModel* model = view ? view->model() : nullptr;
    if (model != m_model.data()) {
        m_model = model;
        m_reset = true;
        if (model && m_watch)
            QObject::connect(model, &QAbstractItemModel::modelReset, m_watch.data(), [this] { m_reset = true; });
    }
    if (m_reset || (model && model->rowCount() < m_scanned)) {
        forgetChildren();
        m_events.clear();
        m_scanned = 0;
        m_reset = false;
    }
    if (!model)
        return;
    // Rows only ever arrive at the end: look at the new ones only.
    const LadderLayout& layout = view->layout();
    for (const int rows = model->rowCount(); m_scanned < rows; ++m_scanned)
        if (layout.rowOfEvent(m_scanned) >= 0)
            m_events.push_back(m_scanned);
}

int LadderAccessible::childCount() const
{
    refresh();
    return static_cast<int>(m_events.size());
}

int LadderAccessible::eventOfChild(int index) const
{
    refresh();
    return index >= 0 && index < static_cast<int>(m_events.size()) ? m_events[static_cast<std::size_t>(index)] : -1;
}

int LadderAccessible::childOfEvent(int eventRow) const
{
    refresh();
    const auto it = std::lower_bound(m_events.begin(), m_events.end(), eventRow);
    return it != m_events.end() && *it == eventRow ? static_cast<int>(it - m_events.begin()) : -1;
}

QAccessibleInterface* LadderAccessible::child(int index) const
{
    const int row = eventOfChild(index);
    if (row < 0)
        return nullptr;
    if (const auto it = m_children.constFind(row); it != m_children.cend())
        return QAccessible::accessibleInterface(*it);
    auto* item = new LadderEventAccessible(const_cast<LadderAccessible*>(this), row);
    m_children.insert(row, QAccessible::registerAccessibleInterface(item));
    return item;
}

int LadderAccessible::indexOfChild(const QAccessibleInterface* child) const
{
    if (!child || child->parent() != this)
        return -1;
    const QAccessible::Id id = QAccessible::uniqueId(const_cast<QAccessibleInterface*>(child));
    for (auto it = m_children.cbegin(); it != m_children.cend(); ++it)
        if (it.value() == id)
            return childOfEvent(it.key());
    return -1;
}

QAccessibleInterface* LadderAccessible::childAt(int x, int y) const
{
    const LadderView* view = ladder();
    if (!view)
        return nullptr;
    const int row = view->eventAt(view->viewport()->mapFromGlobal(QPoint(x, y)));
    const int index = row >= 0 ? childOfEvent(row) : -1;
    return index >= 0 ? child(index) : nullptr;
}

QAccessibleInterface* LadderAccessible::focusChild() const
{
    const LadderView* view = ladder();
    if (!view || !view->hasFocus())
        return nullptr;
    const int index = childOfEvent(view->currentEvent());
    return index >= 0 ? child(index) : nullptr;
}

QRect LadderAccessible::eventRect(int eventRow) const
{
    const LadderView* view = ladder();
    if (!view)
        return QRect();
    const LadderLayout& layout = view->layout();
    const int row = layout.rowOfEvent(eventRow);
    if (row < 0)
        return QRect();
    const double top = layout.rowTop(row) + view->headerHeight() - view->verticalScrollBar()->value();
    double left = 0, right = view->viewport()->width();
    const int lane = layout.laneOfEvent(eventRow);
    const auto spans = view->laneSpans();
    if (lane >= 0 && lane < static_cast<int>(spans.size())) {
        left = spans[static_cast<std::size_t>(lane)].first - view->horizontalScrollBar()->value();
        right = spans[static_cast<std::size_t>(lane)].second - view->horizontalScrollBar()->value();
    }
    const QRect inViewport = QRectF(left, top, right - left, layout.rowHeight(row)).toAlignedRect()
                                 .intersected(view->viewport()->rect());
    if (inViewport.isEmpty())
        return QRect();
    return QRect(view->viewport()->mapToGlobal(inViewport.topLeft()), inViewport.size());
}

QString LadderAccessible::eventText(const TraceModel& model, int eventRow)
{
    const finscope::TraceEvent& e = model.event(eventRow);
    const QString who = EventText::endpoint(e);
    const QString prefix = who.isEmpty() ? QString() : who + u": "_s;
    // Words a speech synthesiser reads well: "=" rather than an arrow.
    if (auto* s = e.as<finscope::SyscallEvent>()) {
        if (s->phase == "blocked")
            return prefix + EventText::call(*s) + QCoreApplication::translate("LadderAccessible", " blocks");
        return prefix + EventText::call(*s) + u" = "_s + EventText::result(*s);
    }
    if (auto* p = e.as<finscope::PacketEvent>()) {
        QString text = QCoreApplication::translate("LadderAccessible", "packet from %1 to %2: %3")
            .arg(QString::fromStdString(p->from.value_or(p->src)), QString::fromStdString(p->to.value_or(p->dst)),
                 EventText::packet(*p));
        // A wire run's frame: what became of it so far (a later `wire` event may have changed it).
        if (p->frameId) {
            const int w = model.fateChangeOfFrame(*p->frameId);
            const auto* change = w >= 0 && w < model.rowCount() ? model.event(w).as<finscope::WireEvent>() : nullptr;
            text += u", "_s + (change ? EventText::frame(change->frame, change->fate, change->dropReason)
                                     : EventText::frame(*p->frameId, p->fate, p->dropReason));
        }
        return text;
    }
    return prefix + EventText::summary(e);
}

QString LadderAccessible::laneText(const LadderView& view, int eventRow)
{
    const LadderLayout& layout = view.layout();
    const int lane = layout.laneOfEvent(eventRow);
    if (lane < 0 || lane >= layout.laneCount())
        return QCoreApplication::translate("LadderAccessible", "across all lanes");
    const LadderLayout::Lane& l = layout.lane(lane);
    switch (l.kind) {
    case LadderLayout::LaneKind::Syscalls:
        return QCoreApplication::translate("LadderAccessible", "%1, system calls").arg(l.endpoint);
    case LadderLayout::LaneKind::State:
        return QCoreApplication::translate("LadderAccessible", "%1, TCP state").arg(l.endpoint);
    case LadderLayout::LaneKind::Peer:
        return QCoreApplication::translate("LadderAccessible", "the peer (no socket of the scenario)");
    case LadderLayout::LaneKind::Wire:
        break;
    }
    return QCoreApplication::translate("LadderAccessible", "the wire (packets)");
}
