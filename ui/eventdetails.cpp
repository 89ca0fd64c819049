// SPDX-License-Identifier: MIT
#include "ui/eventdetails.h"

#include "ui/eventtext.h"
#include "ui/tracemodel.h"

using namespace Qt::StringLiterals;
using namespace finscope;

namespace {

QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

struct Table {
    QString html = u"<table cellspacing='3'>"_s;
    void row(const QString& key, const QString& valueHtml)
    {
        html += u"<tr><td style='padding-right:8px'><b>%1</b></td><td>%2</td></tr>"_s.arg(key, valueHtml);
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
    t.row(u"call"_s, u"<code>%1</code>"_s.arg(EventText::call(s).toHtmlEscaped()));
    t.row(u"endpoint"_s, esc(s.endpoint) + u" (pid %1)"_s.arg(s.pid));
    if (!s.socket.empty())
        t.row(u"descriptor"_s, esc(s.socket));
    t.row(u"returned"_s, s.ret ? QString::number(*s.ret) : u"<i>not yet: the call is blocked</i>"_s);
    // The runner names the meaning and the man page; older traces do not, so fall back to glibc's words.
    const QString man = s.man.empty() ? EventText::manPage(QString::fromStdString(s.call)) : QString::fromStdString(s.man);
    if (s.errnoName) {
        const QString name = QString::fromStdString(*s.errnoName);
        const QString meaning = s.errnoText ? QString::fromStdString(*s.errnoText) : EventText::errnoMeaning(name);
        t.row(u"errno"_s, u"<b>%1</b>: %2 — see <code>man %3</code>, ERRORS"_s.arg(name, meaning.toHtmlEscaped(), man));
    } else {
        t.row(u"errno"_s, u"not set by this call"_s);
    }
    if (s.errnoStale && s.staleErrno)
        t.row(u"stale errno"_s, u"<span style='color:gray'>errno still holds %1 from an earlier call; this call "
                                "succeeded and did not set it, so reading errno now is misleading</span>"_s
                                    .arg(esc(*s.staleErrno)));
    if (!s.result.empty())
        t.row(u"result"_s, u"<code>%1</code>"_s.arg(esc(s.result)));
    if (!s.note.empty())
        t.row(u"note"_s, esc(s.note));
    t.row(u"man page"_s, u"<code>man %1</code>"_s.arg(man));
    t.row(u"entered"_s, formatNs(s.tEnterNs, model.startNs()));
    if (s.tExitNs)
        t.row(u"returned at"_s, formatNs(*s.tExitNs, model.startNs())
                                    + u" — took %1 µs"_s.arg(static_cast<double>(*s.tExitNs - s.tEnterNs) / 1e3, 0, 'f', 1));
    t.row(u"phase"_s, QString::fromStdString(s.phase) + (s.blocked ? u" (the call blocked)"_s : QString()));
    t.row(u"scenario line"_s, QString::number(line));
    t.row(u"call id"_s, QString::number(s.callId));
    return u"<h3>System call</h3>"_s + t.done();
}

QString packetHtml(const PacketEvent& p)
{
    Table t;
    t.row(u"summary"_s, u"<code>%1</code>"_s.arg(EventText::packet(p).toHtmlEscaped()));
    t.row(u"from"_s, esc(p.src) + (p.from ? u" (%1)"_s.arg(esc(*p.from)) : QString()));
    t.row(u"to"_s, esc(p.dst) + (p.to ? u" (%1)"_s.arg(esc(*p.to)) : QString()));
    t.row(u"flags"_s, u"<code>%1</code> = %2"_s.arg(esc(p.flags), flagNames(p.flags)));
    t.row(u"seq"_s, u"%1 relative, %2 absolute"_s.arg(p.seq).arg(p.seqAbs));
    t.row(u"ack"_s, p.flags.find('.') != std::string::npos ? u"%1 relative, %2 absolute"_s.arg(p.ack).arg(p.ackAbs)
                                                          : u"— (no ACK flag)"_s);
    t.row(u"payload length"_s, QString::number(p.len));
    t.row(u"window"_s, u"%1 (as sent, unscaled)"_s.arg(p.win));
    t.row(u"connection"_s, esc(p.conn));
    QString html = u"<h3>Packet</h3>"_s + t.done();
    if (!p.payloadHex.empty())
        html += u"<p><b>payload</b> (first bytes)</p>"_s + payloadDump(p.payloadHex);
    return html;
}

QString stateHtml(const StateEvent& s)
{
    Table t;
    t.row(u"state"_s, u"<b>%1</b>"_s.arg(EventText::state(s).toHtmlEscaped()));
    t.row(u"socket"_s, esc(s.socket) + u" of "_s + esc(s.endpoint));
    t.row(u"source"_s, s.source == "derived"
        ? u"<i>derived</i> from the captured packets (RFC 9293 state machine): too brief to be sampled"_s
        : s.source == "traced" ? u"traced (kernel tracepoint)"_s : u"sampled from a NETLINK_SOCK_DIAG dump"_s);
    t.row(u"Recv-Q"_s, QString::number(s.recvQ));
    t.row(u"Send-Q"_s, QString::number(s.sendQ));
    t.row(u"local"_s, esc(s.local));
    t.row(u"remote"_s, esc(s.remote));
    t.row(u"orphan"_s, s.orphan ? u"yes: no descriptor refers to it any more; the kernel keeps it"_s : u"no"_s);
    t.row(u"timer"_s, s.timer.empty() ? u"none"_s : esc(s.timer));
    t.row(u"connection"_s, esc(s.conn));
    return u"<h3>TCP state</h3>"_s + t.done();
}

QString otherHtml(const TraceEvent& e)
{
    Table t;
    t.row(u"event"_s, EventText::summary(e).toHtmlEscaped());
    if (auto* sg = e.as<SignalEvent>()) {
        t.row(u"signal"_s, esc(sg->signal) + u" — see <code>man 7 signal</code>"_s);
        t.row(u"disposition"_s, esc(sg->disposition));
        t.row(u"action"_s, esc(sg->action));
    } else if (auto* x = e.as<ExitEvent>()) {
        t.row(u"pid"_s, QString::number(x->pid));
    } else if (auto* ex = e.as<ExpectEvent>()) {
        t.row(u"expected"_s, esc(ex->expected));
        t.row(u"actual"_s, esc(ex->actual));
    } else if (auto* r = e.as<RunEvent>()) {
        t.row(u"capture"_s, esc(r->capture) + u" "_s + esc(r->captureNote));
        t.row(u"kernel"_s, esc(r->kernel));
    }
    return u"<h3>%1</h3>"_s.arg(QString::fromStdString(e.kind())) + t.done();
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
        body = packetHtml(*p);
    else if (auto* st = e.as<StateEvent>())
        body = stateHtml(*st);
    else
        body = otherHtml(e);
    return body + u"<p><small>event #%1 at %2 · scenario line %3</small></p>"_s.arg(e.id)
                      .arg(EventText::relativeTime(e.tNs, model.startNs())).arg(model.lineOf(row));
}
