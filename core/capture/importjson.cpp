// SPDX-License-Identifier: MIT
#include "core/capture/importjson.h"

#include "core/capture/connectionverdict.h"
#include "core/tracejson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace finscope {
namespace {

using nlohmann::json;

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json captureJson(const CaptureImport& c) {
    return {{"kind", "capture"},
            {"file", c.path},
            {"link_type", c.linkType},
            {"frames", c.frames},
            {"tcp_packets", c.tcpFrames},
            {"connections", c.table.connections().size()},
            {"complete", c.complete},
            {"error", c.error},
            {"warnings", c.warnings}};
}

json connectionJson(const Connection& c) {
    const ConnectionVerdict v = verdictOf(c);
    const bool ended = c.endNs >= 0 && c.ending != Ending::StillOpen && c.ending != Ending::SynUnanswered;
    return {{"kind", "connection"},
            {"conn", "c" + std::to_string(c.id)},
            {"id", c.id},
            {"a", c.a.text()},
            {"b", c.b.text()},
            {"a_role", sideName(c, 0)},
            {"b_role", sideName(c, 1)},
            {"t_ns", c.firstNs},
            {"duration_ns", c.lastNs - c.firstNs},
            {"packets", c.packets},
            {"bytes_a_to_b", c.side[0].bytes},
            {"bytes_b_to_a", c.side[1].bytes},
            {"retransmissions", c.side[0].retransmissions + c.side[1].retransmissions},
            {"ending", v.code},
            {"ending_text", v.ending},
            {"ended_by", ended ? json(c.endedBy == 0 ? "a" : "b") : json(nullptr)},
            {"end_ns", ended ? json(c.endNs) : json(nullptr)},
            {"started_mid", c.startedMid},
            {"diagnosis", v.diagnosis},
            {"scenario", v.scenario.empty() ? json(nullptr) : json(v.scenario)}};
}

} // namespace

std::vector<std::size_t> listOrder(const ConnectionTable& table) {
    const auto& conns = table.connections();
    std::vector<std::size_t> order(conns.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t x, std::size_t y) { return moreUnusual(conns[x], conns[y]); });
    return order;
}

void writeImportJson(std::ostream& out, const CaptureImport& capture) {
    out << dump(captureJson(capture)) << '\n';
    for (std::size_t i : listOrder(capture.table)) out << dump(connectionJson(capture.table.connections()[i])) << '\n';
}

std::vector<TraceEvent> ladderEvents(const CaptureLadder& ladder) {
    std::vector<TraceEvent> events;
    if (!ladder.connection) return events;
    const Connection& c = *ladder.connection;
    const auto emit = [&](std::int64_t tNs, EventBody body, std::string why = {}) {
        TraceEvent e;
        e.id = static_cast<std::int64_t>(events.size());
        e.tNs = tNs;
        e.body = std::move(body);
        e.why = std::move(why);
        events.push_back(std::move(e));
    };
    emit(c.firstNs, NoteEvent{"info", "inferred from a capture: states come from the packets (RFC 9293), "
                                      "a capture has no system calls", 0});
    for (int s = 0; s < 2; ++s)
        if (!ladder.laneNote[s].empty()) emit(c.firstNs, NoteEvent{"warning", sideName(c, s) + ": " + ladder.laneNote[s], 0});
    const std::string text[2] = {c.a.text(), c.b.text()};
    const std::string conn = "c" + std::to_string(c.id);
    std::string last[2];
    for (const LadderRow& row : ladder.rows) {
        const int d = row.packet.dir;
        PacketEvent p;
        p.src = text[d];
        p.dst = text[1 - d];
        p.from = sideName(c, d);
        p.to = sideName(c, 1 - d);
        p.flags = tcpdumpFlags(row.packet.flags);
        p.seq = row.relSeq;
        p.ack = row.relAck;
        p.seqAbs = row.packet.seq;
        p.ackAbs = row.packet.ack;
        p.len = row.packet.len;
        p.win = row.packet.win;
        p.winScaled = row.winScaled;
        p.conn = conn;
        if (row.packet.flags & tcpflag::SYN) {
            p.mss = c.side[d].mss;
            p.wscale = c.side[d].windowScale;
        }
        emit(row.packet.tNs, std::move(p), row.mark);
        for (int s = 0; s < 2; ++s) {
            if (row.state[s].empty() || row.state[s] == last[s]) continue;
            last[s] = row.state[s];
            StateEvent st;
            st.endpoint = sideName(c, s);
            st.state = row.state[s];
            st.source = "inferred";
            st.local = text[s];
            st.remote = text[1 - s];
            st.conn = conn;
            emit(row.packet.tNs, std::move(st));
        }
    }
    return events;
}

void writeLadderJson(std::ostream& out, const CaptureImport& capture, const CaptureLadder& ladder) {
    out << dump(captureJson(capture)) << '\n';
    if (!ladder.connection) return;
    out << dump(connectionJson(*ladder.connection)) << '\n';
    for (const TraceEvent& e : ladderEvents(ladder)) out << toJsonLine(e) << '\n';
}

} // namespace finscope
