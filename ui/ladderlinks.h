// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QHash>
#include <QList>
#include <QSet>

#include <utility>
#include <vector>

/// Cause and effect between trace events, as the engine recorded them in
/// `causes` (docs/trace-format.md): the ladder never guesses a link. Kept
/// up to date as events arrive (O(causes) per event); asked for the chain
/// of one event when it is selected.
class LadderLinks
{
public:
    void clear();
    void append(const finscope::TraceEvent& event, int eventIndex);

    /// Every event linked to this one through `causes`, followed backwards
    /// (what made it happen) and forwards (what it made happen), transitively.
    /// Includes the event itself; empty when it has no links.
    QSet<int> chain(int eventIndex) const;
    /// The links (cause, effect) between events of a chain.
    std::vector<std::pair<int, int>> links(const QSet<int>& chain) const;
    /// Trace indices of an event's direct causes.
    QList<int> causesOf(int eventIndex) const { return m_causes.value(eventIndex); }

private:
    /// The trace index of the event with this id, or -1.
    int indexOf(std::int64_t id) const;

    int m_denseIds = 0;                  // events 0..m_denseIds-1 have id == index
    QHash<std::int64_t, int> m_indexById; // the ids of the others
    QHash<int, QList<int>> m_causes;    // effect -> causes (trace indices)
    QHash<int, QList<int>> m_effects;   // cause -> effects
};
