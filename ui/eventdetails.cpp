// SPDX-License-Identifier: MIT
#include "ui/eventdetails.h"

#include "ui/eventtext.h"
#include "ui/tracemodel.h"
#include "ui/uilanguage.h"
#include "ui/whytext.h"

#include "core/names_zh.h"

#include <QCoreApplication>

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;
using namespace finscope;

namespace {

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

struct Table {
    QString html = u"<table cellspacing='3'>"_s;
    /// `key` is marked with QT_TRANSLATE_NOOP: the label in the interface's language.
    void row(const char* key, const QString& valueHtml)
    {
        html += u"<tr><td style='padding-right:8px'><b>%1</b></td><td>%2</td></tr>"_s.arg(
            QCoreApplication::translate("EventDetails", key), valueHtml);
    }
    QString done() const { return html + u"</table>"_s; }
};

QString formatNs(std::int64_t ns, std::int64_t t0)
{
    return EventText::relativeTime(ns, t0) + u" <small>(%1 ns)</small>"_s.arg(ns);
}

QString payloadDump(const std::string& hex)
{
    const QByteArray bytes = QByteArray::fromHex(QByteArray::fromStdString(hex));
    QString out;
    for (qsizetype off = 0; off < bytes.size(); off += 16) {
        const QByteArray chunk = bytes.mid(off, 16);
        QString text;
        for (char c : chunk)
            text += (c >= 0x20 && c < 0x7f) ? QChar::fromLatin1(c) : u'.';
        out += u"%1  %2  %3\n"_s.arg(static_cast<qlonglong>(off), 4, 16, QChar(u'0')).arg(QString::fromLatin1(chunk.toHex(' ')), -47).arg(text);
    }
    return u"<pre>%1</pre>"_s.arg(out.toHtmlEscaped());
}

QString flagNames(const std::string& flags)
{
    QStringList names;
    for (char c : flags) {
        switch (c) {
        case 'S': names << u"SYN"_s; break;
        case 'F': names << u"FIN"_s; break;
        case 'R': names << u"RST"_s; break;
        case 'P': names << u"PSH"_s; break;
        case 'U': names << u"URG"_s; break;
        case '.': names << u"ACK"_s; break;
        default: break;
        }
    }
    return names.join(u'|');
}

QString syscallHtml(const TraceModel& model, const SyscallEvent& s, int line)
{
    Table t;
    t.row(QT_TRANSLATE_NOOP("EventDetails", "call"), u"<code>%1</code>"_s.arg(EventText::call(s).toHtmlEscaped()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "endpoint"), esc(s.endpoint) + u" (pid %1)"_s.arg(s.pid));
    if (!s.socket.empty())
        t.row(QT_TRANSLATE_NOOP("EventDetails", "descriptor"), esc(s.socket));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "returned"), s.ret ? QString::number(*s.ret) : u"<i>%1</i>"_s.arg(QCoreApplication::translate("EventDetails", "not yet: the call is blocked")));
    // The runner names the meaning and the man page; older traces do not, so fall back to glibc's words.
    const QString man = s.man.empty() ? EventText::manPage(QString::fromStdString(s.call)) : QString::fromStdString(s.man);
    if (s.errnoName) {
        const QString name = QString::fromStdString(*s.errnoName);
        QString meaning = s.errnoText ? QString::fromStdString(*s.errnoText) : EventText::errnoMeaning(name);
        // In Chinese: glibc's zh_CN words for the errno and a hint for learners (core/names_zh.h).
        if (UiLanguage::isChinese()) {
            const QString zh = QString::fromStdString(finscope::names::errnoMeaningZh(name.toStdString()));
            const QString hint = QString::fromStdString(finscope::names::errnoHintZh(name.toStdString()));
            if (!zh.isEmpty())
                meaning = hint.isEmpty() ? zh : zh + u"。"_s + hint;
        }
        if (UiLanguage::isChinese())
            t.row(QT_TRANSLATE_NOOP("EventDetails", "errno"), u"<b>%1</b>：%2 —— %3"_s.arg(
                name, meaning.toHtmlEscaped(),
                QString::fromStdString(finscope::names::manPageHintZh(man.toStdString())).toHtmlEscaped()));
        else
            t.row(QT_TRANSLATE_NOOP("EventDetails", "errno"), u"<b>%1</b>: %2 — see <code>man %3</code>, ERRORS"_s.arg(name, meaning.toHtmlEscaped(), man));
    } else {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "errno"), QCoreApplication::translate("EventDetails", "not set by this call"));
    }
    if (s.errnoStale && s.staleErrno)
        t.row(QT_TRANSLATE_NOOP("EventDetails", "stale errno"), u"<span style='color:gray'>%1</span>"_s.arg(
              QCoreApplication::translate("EventDetails", "errno still holds %1 from an earlier call; this call "
                                                          "succeeded and did not set it, so reading errno now is "
                                                          "misleading")
                  .arg(esc(*s.staleErrno))));
    if (!s.result.empty())
        t.row(QT_TRANSLATE_NOOP("EventDetails", "result"), u"<code>%1</code>"_s.arg(esc(s.result)));
    if (!s.note.empty())
        t.row(QT_TRANSLATE_NOOP("EventDetails", "note"), esc(s.note));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "man page"), u"<code>man %1</code>"_s.arg(man));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "entered"), formatNs(s.tEnterNs, model.startNs()));
    if (s.tExitNs)
        t.row(QT_TRANSLATE_NOOP("EventDetails", "returned at"), formatNs(*s.tExitNs, model.startNs())
                                    + QCoreApplication::translate("EventDetails", " — took %1 µs").arg(static_cast<double>(*s.tExitNs - s.tEnterNs) / 1e3, 0, 'f', 1));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "phase"), QString::fromStdString(s.phase) + (s.blocked ? QCoreApplication::translate("EventDetails", " (the call blocked)") : QString()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "scenario line"), QString::number(line));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "call id"), QString::number(s.callId));
    return u"<h3>%1</h3>"_s.arg(QCoreApplication::translate("EventDetails", "System call")) + t.done();
}

/// A wire run's frame: when it left, when (and whether) it arrived. Its fate
/// is the latest one: a `wire` event later in the trace may have changed it.
void frameRows(Table& t, const TraceModel& model, const TraceEvent& e, const PacketEvent& p)
{
    std::string fate = p.fate, reason = p.dropReason;
    std::optional<std::int64_t> delivered = p.deliveredNs;
    std::int64_t droppedNs = e.tNs;
    if (const int w = model.fateChangeOfFrame(*p.frameId); w >= 0 && w < model.rowCount()) {
        const auto& change = model.event(w);
        fate = change.as<WireEvent>()->fate;
        reason = change.as<WireEvent>()->dropReason;
        if (fate == "delivered")
            delivered = change.tNs;
        droppedNs = change.tNs;
    }
    t.row(QT_TRANSLATE_NOOP("EventDetails", "frame"), QString::number(*p.frameId));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "fate"), u"<b>%1</b>"_s.arg(EventText::fate(fate).toHtmlEscaped()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "sent"), formatNs(e.tNs, model.startNs()));
    if (delivered)
        t.row(QT_TRANSLATE_NOOP("EventDetails", "delivered"),
              formatNs(*delivered, model.startNs())
                  + QCoreApplication::translate("EventDetails", " — %1 ms on the wire")
                        .arg(static_cast<double>(*delivered - e.tNs) / 1e6, 0, 'f', 3));
    else if (fate == "dropped")
        t.row(QT_TRANSLATE_NOOP("EventDetails", "dropped"),
              formatNs(droppedNs, model.startNs()) + u" — "_s + esc(reason));
    else
        t.row(QT_TRANSLATE_NOOP("EventDetails", "delivered"),
              QCoreApplication::translate("EventDetails", "<i>not yet: the frame is still on the wire</i>"));
}

QString packetHtml(const TraceModel& model, const TraceEvent& e, const PacketEvent& p)
{
    Table t;
    if (p.frameId)
        frameRows(t, model, e, p);
    t.row(QT_TRANSLATE_NOOP("EventDetails", "summary"), u"<code>%1</code>"_s.arg(EventText::packet(p).toHtmlEscaped()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "from"), esc(p.src) + (p.from ? u" (%1)"_s.arg(esc(*p.from)) : QString()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "to"), esc(p.dst) + (p.to ? u" (%1)"_s.arg(esc(*p.to)) : QString()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "flags"), u"<code>%1</code> = %2"_s.arg(esc(p.flags), flagNames(p.flags)));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "seq"), QCoreApplication::translate("EventDetails", "%1 relative, %2 absolute").arg(p.seq).arg(p.seqAbs));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "ack"), p.flags.find('.') != std::string::npos ? QCoreApplication::translate("EventDetails", "%1 relative, %2 absolute").arg(p.ack).arg(p.ackAbs)
                                                          : QCoreApplication::translate("EventDetails", "— (no ACK flag)"));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "payload length"), QString::number(p.len));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "window"), QCoreApplication::translate("EventDetails", "%1 (as sent, unscaled)").arg(p.win));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "connection"), esc(p.conn));
    QString html = u"<h3>%1</h3>"_s.arg(QCoreApplication::translate("EventDetails", "Packet")) + t.done();
    if (!p.payloadHex.empty())
        html += QCoreApplication::translate("EventDetails", "<p><b>payload</b> (first bytes)</p>") + payloadDump(p.payloadHex);
    return html;
}

QString stateHtml(const StateEvent& s)
{
    Table t;
    t.row(QT_TRANSLATE_NOOP("EventDetails", "state"), u"<b>%1</b>"_s.arg(EventText::state(s).toHtmlEscaped()));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "socket"), QCoreApplication::translate("EventDetails", "%1 of %2").arg(esc(s.socket), esc(s.endpoint)));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "source"), s.source == "derived"
        ? QCoreApplication::translate("EventDetails", "<i>derived</i> from the captured packets (RFC 9293 state machine): too brief to be sampled")
        : s.source == "traced" ? QCoreApplication::translate("EventDetails", "traced (kernel tracepoint)") : QCoreApplication::translate("EventDetails", "sampled from a NETLINK_SOCK_DIAG dump"));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "Recv-Q"), QString::number(s.recvQ));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "Send-Q"), QString::number(s.sendQ));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "local"), esc(s.local));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "remote"), esc(s.remote));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "orphan"), s.orphan ? QCoreApplication::translate("EventDetails", "yes: no descriptor refers to it any more; the kernel keeps it") : QCoreApplication::translate("EventDetails", "no"));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "timer"), s.timer.empty() ? QCoreApplication::translate("EventDetails", "none") : esc(s.timer));
    t.row(QT_TRANSLATE_NOOP("EventDetails", "connection"), esc(s.conn));
    return u"<h3>%1</h3>"_s.arg(QCoreApplication::translate("EventDetails", "TCP state")) + t.done();
}

QString otherHtml(const TraceEvent& e)
{
    Table t;
    t.row(QT_TRANSLATE_NOOP("EventDetails", "event"), EventText::summary(e).toHtmlEscaped());
    if (auto* sg = e.as<SignalEvent>()) {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "signal"), esc(sg->signal) + QCoreApplication::translate("EventDetails", " — see <code>man 7 signal</code>"));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "disposition"), esc(sg->disposition));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "action"), esc(sg->action));
    } else if (auto* x = e.as<ExitEvent>()) {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "pid"), QString::number(x->pid));
    } else if (auto* ex = e.as<ExpectEvent>()) {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "expected"), esc(ex->expected));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "actual"), esc(ex->actual));
    } else if (auto* r = e.as<RunEvent>()) {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "capture"), esc(r->capture) + u" "_s + esc(r->captureNote));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "kernel"), esc(r->kernel));
    } else if (auto* w = e.as<WireEvent>()) {
        t.row(QT_TRANSLATE_NOOP("EventDetails", "frame"), QString::number(w->frame));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "fate"), u"<b>%1</b>"_s.arg(EventText::fate(w->fate).toHtmlEscaped()));
        if (!w->dropReason.empty())
            t.row(QT_TRANSLATE_NOOP("EventDetails", "drop reason"), esc(w->dropReason));
        t.row(QT_TRANSLATE_NOOP("EventDetails", "connection"), esc(w->conn));
    }
    // The kinds' names as the interface says them; lupdate finds them here.
    static constexpr const char* kinds[] = {
        QT_TRANSLATE_NOOP("EventDetails", "run"),    QT_TRANSLATE_NOOP("EventDetails", "step"),
        QT_TRANSLATE_NOOP("EventDetails", "signal"), QT_TRANSLATE_NOOP("EventDetails", "exit"),
        QT_TRANSLATE_NOOP("EventDetails", "expect"), QT_TRANSLATE_NOOP("EventDetails", "note"),
        QT_TRANSLATE_NOOP("EventDetails", "summary"), QT_TRANSLATE_NOOP("EventDetails", "pause")};
    const std::string kind = e.kind();
    const bool known = std::any_of(std::begin(kinds), std::end(kinds), [&](const char* k) { return kind == k; });
    return u"<h3>%1</h3>"_s.arg(known ? QCoreApplication::translate("EventDetails", kind.c_str())
                                      : QString::fromStdString(kind)) + t.done();
}

} // namespace

EventDetails::EventDetails(QWidget* parent)
    : QTextBrowser(parent)
{
    clearEvent();
}

void EventDetails::clearEvent()
{
    setHtml(tr("<p><i>Select an event in the ladder to see its details.</i></p>"));
}

void EventDetails::showEvent(const TraceModel& model, int row)
{
    setHtml(html(model, row));
}

QString EventDetails::html(const TraceModel& model, int row)
{
    if (row < 0 || row >= model.rowCount())
        return {};
    const TraceEvent& e = model.event(row);
    QString body;
    if (auto* s = e.as<SyscallEvent>())
        body = syscallHtml(model, *s, model.lineOf(row));
    else if (auto* p = e.as<PacketEvent>())
        body = packetHtml(model, e, *p);
    else if (auto* st = e.as<StateEvent>())
        body = stateHtml(*st);
    else
        body = otherHtml(e);
    // The engine's reason, in the interface's language (the same line the ladder shows under the figure).
    if (!e.why.empty())
        body += u"<p>%1</p>"_s.arg(
            QCoreApplication::translate("LadderWhy", "why: %1").arg(WhyText::shown(e.why)).toHtmlEscaped());
    return body + u"<p><small>%1</small></p>"_s.arg(tr("event #%1 at %2 · scenario line %3").arg(e.id)
                                                          .arg(EventText::relativeTime(e.tNs, model.startNs()))
                                                          .arg(model.lineOf(row)));
}
