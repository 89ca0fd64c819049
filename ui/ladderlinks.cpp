// SPDX-License-Identifier: MIT
#include "ui/ladderlinks.h"

void LadderLinks::clear()
{
    m_indexById.clear();
    m_denseIds = 0;
    m_causes.clear();
    m_effects.clear();
}

void LadderLinks::append(const finscope::TraceEvent& event, int eventIndex)
{
    // A trace's ids are its line numbers from 0 (the engine writes them so):
    // while they are, an id is its own index and nothing is stored. A
    // million-event trace spent a tenth of its layout time filling a hash.
    if (m_indexById.isEmpty() && event.id == eventIndex && eventIndex == m_denseIds)
        ++m_denseIds;
    else
        m_indexById.insert(event.id, eventIndex);
    for (std::int64_t id : event.causes) {
        const int cause = indexOf(id);
        // Causes are earlier events; an id we have not seen is ignored rather than guessed.
        if (cause < 0 || cause == eventIndex)
            continue;
        m_causes[eventIndex].append(cause);
        m_effects[cause].append(eventIndex);
    }
}

int LadderLinks::indexOf(std::int64_t id) const
{
    // A later event with the same id wins, as when every id was in the hash.
    if (const auto it = m_indexById.constFind(id); it != m_indexById.cend())
        return *it;
    return id >= 0 && id < m_denseIds ? static_cast<int>(id) : -1;
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
