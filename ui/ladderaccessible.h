// SPDX-License-Identifier: MIT
#pragma once

#include <QAccessibleWidget>
#include <QHash>
#include <QPointer>

#include <vector>

class LadderView;
class TraceModel;

/// What assistive technology (screen readers, UI automation) sees of the
/// ladder: a list with one child per event drawn on it, in trace order.
/// A child's name is the event in words ("server: write(5, "456", 3) = -1
/// EPIPE") and its description the lane it is drawn in ("server, system
/// calls"). The children follow the model as a run streams in.
class LadderAccessible : public QAccessibleWidget
{
public:
    explicit LadderAccessible(LadderView* view);
    ~LadderAccessible() override;

    /// Makes Qt use this interface for every LadderView (once per process).
    static void installFactory();
    /// Tells assistive technology that the current event is now trace row
    /// `eventRow` (moves its focus there while the ladder has the keyboard).
    static void notifyCurrentEvent(LadderView* view, int eventRow);

    QAccessible::Role role() const override { return QAccessible::List; }
    QString text(QAccessible::Text t) const override;
    int childCount() const override;
    QAccessibleInterface* child(int index) const override;
    int indexOfChild(const QAccessibleInterface* child) const override;
    QAccessibleInterface* childAt(int x, int y) const override;
    QAccessibleInterface* focusChild() const override;

    LadderView* ladder() const;
    /// Trace row of child `index`, or -1.
    int eventOfChild(int index) const;
    /// Child index of trace row `eventRow`, or -1 when it is not drawn.
    int childOfEvent(int eventRow) const;
    /// Where an event is drawn, in screen coordinates (empty when not in view).
    QRect eventRect(int eventRow) const;

    /// The words for one event and for its lane (also used by the children).
    static QString eventText(const TraceModel& model, int eventRow);
    static QString laneText(const LadderView& view, int eventRow);

private:
    void refresh() const;
    void forgetChildren() const;

    mutable std::vector<int> m_events;     // trace rows drawn on the ladder, ascending
    mutable int m_scanned = 0;             // model rows looked at so far
    mutable bool m_reset = true;
    mutable QPointer<TraceModel> m_model;  // the model m_events describes
    mutable QHash<int, QAccessible::Id> m_children;   // trace row -> registered child interface
    QPointer<QObject> m_watch;             // hears model resets
};
