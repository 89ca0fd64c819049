// SPDX-License-Identifier: MIT
// The runner's trace: events are pushed into a batch, which is completed
// (owners, orphans, causes), put in time order and emitted once per step.
#include "core/run/scenariorunner.h"

#include "core/run/runnerendpoint.h"

#include "core/clock.h"

#include <algorithm>

namespace finscope {

void ScenarioRunner::push(std::int64_t tNs, EventBody body) {
    TraceEvent e;
    e.id = m_causes.newKey();  // the final id comes at the flush, once the batch is in time order
    e.tNs = tNs;
    e.body = std::move(body);
    m_batch.push_back(std::move(e));
}

void ScenarioRunner::recordExpectation(std::int64_t tNs, ExpectEvent ev) {
    ++m_summary.expectations;
    if (!ev.ok) ++m_summary.failed;
    push(tNs, std::move(ev));
}

void ScenarioRunner::note(const std::string& level, const std::string& text, int line) {
    NoteEvent n;
    n.level = level;
    n.text = text;
    n.line = line;
    push(realtimeNs(), n);
}

void ScenarioRunner::failRun(const std::string& why) {
    note("error", why);
    if (m_summary.error.empty()) m_summary.error = why;
    m_stopRequested = true;
}

void ScenarioRunner::finishExpectations() {
    for (auto& ep : m_endpoints) {
        if (!ep->alive || !ep->blocked) continue;
        const Step& st = m_scenario.steps[static_cast<std::size_t>(ep->currentStep)];
        note("info", "'" + ep->name + "' was still blocked in " + std::string(m_slots[ep->slot].call) +
                         "() when the scenario ended", st.pos.line);
        if (st.expect) {
            recordExpectation(realtimeNs(), ExpectEvent{st.pos.line, ep->name, false, st.expect->text,
                                                        "still blocked when the scenario ended", {}});
        }
    }
}

void ScenarioRunner::flushBatch() {
    for (auto& e : m_batch) {
        if (auto* p = std::get_if<PacketEvent>(&e.body)) {
            p->from = m_directory.endpointAt(p->src);
            p->to = m_directory.endpointAt(p->dst);
        } else if (auto* s = std::get_if<StateEvent>(&e.body); s && s->endpoint.empty()) {
            if (auto owner = m_directory.find(0, s->local, s->remote)) {
                s->endpoint = owner->endpoint;
                s->socket = owner->socket;
            }
            if (s->source == "derived") s->orphan = m_directory.isOrphanAt(0, s->local, s->remote, e.tNs);
        }
    }
    if (m_sandbox.mode != "namespace") {
        // On the host's loopback, other programs' traffic is not ours to show.
        std::erase_if(m_batch, [](const TraceEvent& e) {
            const auto* p = std::get_if<PacketEvent>(&e.body);
            const auto* s = std::get_if<StateEvent>(&e.body);
            return (p && !p->from && !p->to) || (s && s->endpoint.empty());
        });
    }
    m_causes.attribute(m_batch);
    m_postChecks.observe(m_batch);
    std::stable_sort(m_batch.begin(), m_batch.end(),
                     [](const TraceEvent& a, const TraceEvent& b) { return a.tNs < b.tNs; });
    for (auto& e : m_batch) m_causes.bind(e, m_nextId++);
    for (auto& e : m_batch) {
        m_causes.resolve(e);
        beforeEmitWire(e);
        if (std::holds_alternative<PacketEvent>(e.body)) ++m_packets;
        if (auto* s = std::get_if<SummaryEvent>(&e.body)) s->packets = m_packets;
        m_emit(e);
    }
    m_batch.clear();
}

} // namespace finscope
