// SPDX-License-Identifier: MIT
#include "core/textrenderer.h"

#include "core/names.h"

#include <cstdio>

namespace finscope {
namespace {

constexpr const char* kRed = "31";
constexpr const char* kGreen = "32";
constexpr const char* kYellow = "33";
constexpr const char* kBlue = "34";
constexpr const char* kMagenta = "35";
constexpr const char* kDim = "2";

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) s.append(width - s.size(), ' ');
    return s;
}

} // namespace

std::string describeSyscall(const SyscallEvent& e) {
    std::string text = e.call + "(" + e.args + ")";
    if (e.phase == "blocked") return text + " ... blocks";
    if (!e.ret) return text + " (does not return)";
    std::string out = text + " = " + std::to_string(*e.ret);
    if (e.errnoName) {
        auto value = names::errnoValue(*e.errnoName);
        out += " " + *e.errnoName + (value ? " (" + names::errnoMeaning(*value) + ")" : "");
    }
    if (!e.result.empty()) out += "  " + e.result;
    // The trap is reading errno after a read that "failed" by returning 0;
    // elsewhere a leftover errno is just noise in a terminal (JSON has it all).
    bool isRead = e.call == "read" || e.call == "recv";
    if (e.errnoStale && e.staleErrno && isRead)
        out += "  [errno still says " + *e.staleErrno + ": stale, not set by this call]";
    return out;
}

std::string packetLabel(const PacketEvent& e) {
    std::string s = e.flags + " " + std::to_string(e.seq) + ":" + std::to_string(e.seq + e.len) + "(" +
                    std::to_string(e.len) + ")";
    if (e.flags.find('.') != std::string::npos) s += " ack " + std::to_string(e.ack);
    return s;
}

std::string describePacket(const PacketEvent& e) { return packetLabel(e) + " win " + std::to_string(e.win); }

TextRenderer::TextRenderer(std::ostream& out, bool colour) : m_out(out), m_colour(colour) {}

std::string TextRenderer::paint(const std::string& text, const char* code) const {
    return m_colour ? "\x1b[" + std::string(code) + "m" + text + "\x1b[0m" : text;
}

std::string TextRenderer::stamp(std::int64_t tNs) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%10.6f", static_cast<double>(tNs - m_start) / 1e9);
    return buf;
}

void TextRenderer::line(std::int64_t tNs, const std::string& who, const std::string& text) {
    m_out << stamp(tNs) << "  " << pad(who, 9) << " " << text << '\n';
}

void TextRenderer::because(const std::string& why) {
    // Under the event's text, so that the timeline's columns stay readable.
    if (!why.empty()) m_out << std::string(22, ' ') << paint("why: " + why, kDim) << '\n';
}

void TextRenderer::add(const TraceEvent& ev) {
    if (const auto* r = ev.as<RunEvent>()) {
        m_start = ev.tNs;
        m_out << paint(r->title, "1") << "  (" << r->scenario << ", FinScope " << r->version << ", Linux "
              << r->kernel << ")\n";
        std::string where = r->capture == "namespace" ? "private network namespace, packets captured on lo"
                            : r->capture == "host"    ? "host loopback, packets captured on lo"
                            : r->capture == "wire"    ? "a wire between hosts, packets recorded by its relay"
                                                      : "NO PACKET CAPTURE: system calls and states only";
        m_out << "capture: " << (r->capture == "none" ? paint(where, kRed) : where) << "\n";
        if (!r->captureNote.empty()) m_out << paint("note: " + r->captureNote, kYellow) << "\n";
        if (r->wire) {
            m_out << "wire:";
            for (const auto& [endpoint, address] : r->wire->hosts) m_out << " " << endpoint << " " << address << ",";
            m_out << " delay " << static_cast<double>(r->wire->delayNs) / 1e6 << " ms, loss "
                  << r->wire->loss * 100 << "%, seed " << r->wire->seed << "\n";
        }
        m_out << paint("   time (s)  who       event", kDim) << '\n';
    } else if (const auto* s = ev.as<StepEvent>()) {
        m_out << paint("   ---- line " + std::to_string(s->line) + ": " + s->endpoint + ": " + s->text, kDim) << '\n';
    } else if (const auto* c = ev.as<SyscallEvent>()) {
        std::string text = describeSyscall(*c);
        bool failed = c->ret && *c->ret == -1;
        line(ev.tNs, c->endpoint, failed ? paint(text, kRed) : c->phase == "blocked" ? paint(text, kYellow) : text);
        bool eof = c->ret && *c->ret == 0 && (c->call == "read" || c->call == "recv");
        if (c->errnoName || eof) because(ev.why);
    } else if (const auto* p = ev.as<PacketEvent>()) {
        std::string from = p->from.value_or(p->src), to = p->to.value_or(p->dst);
        const char* colour = p->flags.find('R') != std::string::npos   ? kRed
                             : p->flags.find('F') != std::string::npos ? kMagenta
                             : p->flags.find('S') != std::string::npos ? kBlue
                                                                       : "0";
        std::string fate;
        if (p->frameId && p->fate == "delivered" && p->deliveredNs)
            fate = "  #" + std::to_string(*p->frameId) + " arrived +" + std::to_string((*p->deliveredNs - ev.tNs) / 1000) + " us";
        else if (p->frameId)
            fate = "  #" + std::to_string(*p->frameId) + " " + p->fate + (p->dropReason.empty() ? "" : ": " + p->dropReason);
        line(ev.tNs, "wire", paint(from + " -> " + to + "  " + describePacket(*p), colour) + fate);
        if (p->flags.find_first_of("FR") != std::string::npos) because(ev.why);
    } else if (const auto* w = ev.as<WireEvent>()) {
        line(ev.tNs, "wire", "#" + std::to_string(w->frame) + " " + w->fate + (w->dropReason.empty() ? "" : ": " + w->dropReason));
    } else if (const auto* st = ev.as<StateEvent>()) {
        std::string text = "[" + st->state + "] " + (st->socket.empty() ? st->local : st->socket);
        if (st->recvQ || st->sendQ)
            text += " Recv-Q " + std::to_string(st->recvQ) + " Send-Q " + std::to_string(st->sendQ);
        if (st->orphan) text += " (no descriptor)";
        if (!st->timer.empty()) text += " timer " + st->timer;
        if (st->source != "sampled") text += " (" + st->source + ")";
        line(ev.tNs, st->endpoint.empty() ? "?" : st->endpoint, paint(text, kGreen));
    } else if (const auto* sg = ev.as<SignalEvent>()) {
        line(ev.tNs, sg->endpoint,
             paint(sg->signal + " " + sg->disposition +
                       (sg->action == "terminate" ? ": the default action kills the process"
                        : sg->action == "ignore"  ? " (SIG_IGN)"
                                                  : " to a handler"),
                   sg->disposition == "ignored" ? kYellow : kRed));
    } else if (const auto* x = ev.as<ExitEvent>()) {
        line(ev.tNs, x->endpoint,
             x->signal ? paint("process killed by " + *x->signal, kRed)
                       : "process exited with status " + std::to_string(x->status.value_or(0)));
    } else if (const auto* e = ev.as<ExpectEvent>()) {
        std::string text = e->ok ? "expected " + e->expected + ": ok"
                                 : "EXPECTED " + e->expected + " BUT GOT " + e->actual + " (line " +
                                       std::to_string(e->line) + ")";
        line(ev.tNs, e->endpoint, paint(text, e->ok ? kGreen : kRed));
    } else if (const auto* n = ev.as<NoteEvent>()) {
        line(ev.tNs, "note", paint(n->text, n->level == "info" ? kDim : n->level == "warning" ? kYellow : kRed));
    } else if (const auto* sum = ev.as<SummaryEvent>()) {
        std::string text = std::to_string(sum->expectations - sum->failed) + "/" + std::to_string(sum->expectations) +
                           " expectations held, " + std::to_string(sum->packets) + " packets";
        if (sum->capture == "none") text += " (no capture)";
        if (!sum->error.empty()) text += "; run incomplete: " + sum->error;
        m_out << (sum->ok ? paint(text, kGreen) : paint(text, kRed)) << '\n';
    }
}

} // namespace finscope
