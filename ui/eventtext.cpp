// SPDX-License-Identifier: MIT
#include "ui/eventtext.h"

#include "core/names.h"
#include "core/textrenderer.h"

#include <QCoreApplication>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace EventText {

QString call(const finscope::SyscallEvent& s)
{
    return QString::fromStdString(s.call) + u'(' + QString::fromStdString(s.args) + u')';
}

QString result(const finscope::SyscallEvent& s)
{
    if (!s.ret)
        return s.phase == "blocked" ? QCoreApplication::translate("EventText", "blocked…")
                                    : QCoreApplication::translate("EventText", "no return");
    QString text = QString::number(*s.ret);
    if (s.errnoName)
        text += u' ' + QString::fromStdString(*s.errnoName);
    return text;
}

QString packet(const finscope::PacketEvent& p)
{
    return QString::fromStdString(finscope::packetLabel(p));
}

QString fate(const std::string& fate)
{
    if (fate == "held")
        return QCoreApplication::translate("EventText", "held");
    if (fate == "delivered")
        return QCoreApplication::translate("EventText", "delivered");
    if (fate == "dropped")
        return QCoreApplication::translate("EventText", "dropped");
    if (fate == "in-flight")
        return QCoreApplication::translate("EventText", "in flight");
    return QString::fromStdString(fate);
}

QString frame(std::int64_t frame, const std::string& fateName, const std::string& dropReason)
{
    const QString what = dropReason.empty() ? fate(fateName)
                                            : QCoreApplication::translate("EventText", "%1 (%2)")
                                                  .arg(fate(fateName), QString::fromStdString(dropReason));
    return QCoreApplication::translate("EventText", "frame %1, %2").arg(frame).arg(what);
}

QString state(const finscope::StateEvent& s)
{
    QString text = QString::fromStdString(s.state == "CLOSE" ? std::string("CLOSED") : s.state);
    if (s.orphan)
        text += u" (orphan)"_s;
    return text;
}

namespace {

QString syscallSummary(const finscope::SyscallEvent& s)
{
    if (s.phase == "blocked")
        return QCoreApplication::translate("EventText", "%1 blocks").arg(call(s));
    return call(s) + u" → "_s + result(s);
}

QString signalSummary(const finscope::SignalEvent& s)
{
    return QString::fromStdString(s.signal) + u' ' + QString::fromStdString(s.disposition)
        + (s.action == "terminate" ? QCoreApplication::translate("EventText", " (terminates)") : QString());
}

QString exitSummary(const finscope::ExitEvent& x)
{
    if (x.signal)
        return QCoreApplication::translate("EventText", "killed by %1").arg(QString::fromStdString(*x.signal));
    return QCoreApplication::translate("EventText", "exited with status %1").arg(x.status.value_or(0));
}

} // namespace

QString summary(const finscope::TraceEvent& e)
{
    using namespace finscope;
    if (auto* s = e.as<SyscallEvent>())
        return syscallSummary(*s);
    if (auto* p = e.as<PacketEvent>())
        return QString::fromStdString(p->from.value_or(p->src)) + u" → "_s
            + QString::fromStdString(p->to.value_or(p->dst)) + u"  "_s + packet(*p)
            + (p->frameId ? u"  · "_s + frame(*p->frameId, p->fate, p->dropReason) : QString());
    if (auto* w = e.as<WireEvent>())
        return frame(w->frame, w->fate, w->dropReason);
    if (auto* st = e.as<StateEvent>())
        return QString::fromStdString(st->socket) + u": "_s + state(*st);
    if (auto* sg = e.as<SignalEvent>())
        return signalSummary(*sg);
    if (auto* x = e.as<ExitEvent>())
        return exitSummary(*x);
    if (auto* st = e.as<StepEvent>())
        return QCoreApplication::translate("EventText", "step %1: %2: %3")
            .arg(st->index + 1)
            .arg(QString::fromStdString(st->endpoint), QString::fromStdString(st->text));
    if (auto* x = e.as<ExpectEvent>())
        return (x->ok ? QCoreApplication::translate("EventText", "expected %1, got %2") : QCoreApplication::translate("EventText", "MISSED: expected %1, got %2"))
            .arg(QString::fromStdString(x->expected), QString::fromStdString(x->actual));
    if (auto* n = e.as<NoteEvent>())
        return QString::fromStdString(n->text);
    if (auto* r = e.as<RunEvent>())
        return QCoreApplication::translate("EventText", "run %1").arg(QString::fromStdString(r->scenario));
    if (auto* p = e.as<PauseEvent>()) {
        QString text = QCoreApplication::translate("EventText", "paused before step %1").arg(p->index + 1);
        if (p->held && !p->held->empty()) {
            QStringList frames;
            for (std::int64_t f : *p->held)
                frames << QString::number(f);
            text += QCoreApplication::translate("EventText", "; held on the wire: %1").arg(frames.join(u", "_s));
        }
        return text;
    }
    if (auto* s = e.as<SummaryEvent>())
        return s->ok ? QCoreApplication::translate("EventText", "run completed")
                     : QCoreApplication::translate("EventText", "run completed with %1 failed expectation(s)").arg(s->failed);
    return QString::fromStdString(e.kind());
}

QString endpoint(const finscope::TraceEvent& e)
{
    using namespace finscope;
    return std::visit([](const auto& body) -> QString {
        if constexpr (requires { body.endpoint; })
            return QString::fromStdString(body.endpoint);
        else
            return QString();
    }, e.body);
}

int line(const finscope::TraceEvent& e)
{
    return std::visit([](const auto& body) -> int {
        if constexpr (requires { body.line; })
            return body.line;
        else
            return 0;
    }, e.body);
}

QString relativeTime(std::int64_t tNs, std::int64_t t0Ns)
{
    const double ms = static_cast<double>(tNs - t0Ns) / 1e6;
    return u"%1%2 ms"_s.arg(ms < 0 ? u"−"_s : u"+"_s).arg(std::abs(ms), 0, 'f', 3);
}

QString errnoMeaning(const QString& errnoName)
{
    // For traces written without errno_text: the engine's own table, so both say the same.
    const auto value = finscope::names::errnoValue(errnoName.toStdString());
    return value ? QString::fromStdString(finscope::names::errnoMeaning(*value)) : QString();
}

QString manPage(const QString& callName)
{
    return QString::fromStdString(finscope::names::errnoManPage(callName.toStdString(), 0));
}

bool isFin(const finscope::PacketEvent& p) { return p.flags.find('F') != std::string::npos; }
bool isRst(const finscope::PacketEvent& p) { return p.flags.find('R') != std::string::npos; }
bool isSyn(const finscope::PacketEvent& p) { return p.flags.find('S') != std::string::npos; }

} // namespace EventText
