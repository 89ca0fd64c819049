// SPDX-License-Identifier: MIT
#include "ui/ladderlinks.h"

void LadderLinks::clear()
{
    m_indexById.clear();
    m_causes.clear();
    m_effects.clear();
}

void LadderLinks::append(const finscope::TraceEvent& event, int eventIndex)
{
    m_indexById.insert(event.id, eventIndex);
    for (std::int64_t id : event.causes) {
        const int cause = m_indexById.value(id, -1);
        // Causes are earlier events; an id we have not seen is ignored rather than guessed.
        if (cause < 0 || cause == eventIndex)
            continue;
        m_causes[eventIndex].append(cause);
        m_effects[cause].append(eventIndex);
    }
}

QSet<int> LadderLinks::chain(int eventIndex) const
{
    QSet<int> seen;
    if (!m_causes.contains(eventIndex) && !m_effects.contains(eventIndex))
        return seen;
    // Backwards and forwards separately: the causes of an effect's other causes
    // are not part of this event's story.
    for (const auto* graph : {&m_causes, &m_effects}) {
        QList<int> todo{eventIndex};
        QSet<int> visited;
        while (!todo.isEmpty()) {
            const int e = todo.takeLast();
            if (visited.contains(e))
                continue;
            visited.insert(e);
            todo.append(graph->value(e));
        }
        seen.unite(visited);
    }
    return seen;
}

std::vector<std::pair<int, int>> LadderLinks::links(const QSet<int>& chain) const
{
    std::vector<std::pair<int, int>> out;
    for (int effect : chain)
        for (int cause : m_causes.value(effect))
            if (chain.contains(cause))
                out.emplace_back(cause, effect);
    return out;
}
