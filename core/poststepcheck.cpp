// SPDX-License-Identifier: MIT
#include "core/poststepcheck.h"

#include "core/expectationcheck.h"

namespace finscope {

void PostStepCheck::defer(const Step& step, ExpectEvent result, std::int64_t startNs) {
    m_pending.push_back({&step, std::move(result), startNs});
}

void PostStepCheck::observe(const std::vector<TraceEvent>& batch) {
    // Kept even when nothing waits yet: a call that blocked is deferred
    // only when it returns, and its segments from before count too. Bounded,
    // for long runs without wire= at all.
    if (m_packets.size() > 100000) m_packets.erase(m_packets.begin(), m_packets.begin() + 50000);
    for (const auto& e : batch)
        if (const auto* p = std::get_if<PacketEvent>(&e.body))
            m_packets.push_back({e.tNs, p->from.value_or(""), p->to.value_or(""), p->flags, p->len});
}

std::vector<ExpectEvent> PostStepCheck::finish(const std::vector<SocketView>& sockets) {
    std::vector<ExpectEvent> out;
    for (auto& pending : m_pending) {
        const Step& step = *pending.step;
        const Expectation& e = *step.expect;
        ExpectEvent ev = std::move(pending.result);
        if (e.wire) {
            std::vector<WirePattern> seen;
            for (const auto& p : m_packets) {
                if (p.tNs < pending.startNs || (p.from != step.endpoint && p.to != step.endpoint)) continue;
                seen.push_back({p.from == step.endpoint, p.flags, static_cast<std::int64_t>(p.len)});
            }
            ev.ok = ev.ok && wireMatches(*e.wire, seen);
            ev.actual += ", " + describeWire(seen);
        }
        if (e.state || e.orphan) {
            const SocketView* found = nullptr;
            for (const auto& s : sockets)
                if (s.endpoint == step.endpoint && s.socket == e.stateSocket) found = &s;
            // A socket the kernel no longer lists is closed and gone.
            const std::string state = found ? found->state : "CLOSE";
            if (e.state) {
                ev.ok = ev.ok && state == *e.state;
                ev.actual += ", state=" + state;
            }
            if (e.orphan) {
                const bool orphan = found && found->orphan;
                ev.ok = ev.ok && found && orphan == *e.orphan;
                ev.actual += std::string(", orphan=") + (found ? (orphan ? "yes" : "no") : "(no such socket)");
            }
        }
        out.push_back(std::move(ev));
    }
    m_pending.clear();
    return out;
}

} // namespace finscope
