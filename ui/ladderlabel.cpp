// SPDX-License-Identifier: MIT
#include "ui/ladderlabel.h"

#include "ui/eventtext.h"

#include <QFontMetricsF>
#include <QRegularExpression>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace {
constexpr int kDataKeep = 4;    // characters of a long string kept in front of the ellipsis
constexpr double kPad = 4.0;    // text inside a box has this on both sides (LadderItemPainter)

/// Splits `5, "a, b", {x=1, y=2}` at the commas that separate arguments.
QStringList splitArgs(const QString& args)
{
    QStringList out;
    int depth = 0;
    bool quoted = false;
    QString cur;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QChar c = args[i];
        if (quoted) {
            cur += c;
            if (c == u'\\' && i + 1 < args.size())
                cur += args[++i];
            else if (c == u'"')
                quoted = false;
            continue;
        }
        if (c == u'"')
            quoted = true;
        else if (c == u'{' || c == u'[' || c == u'(')
            ++depth;
        else if (c == u'}' || c == u']' || c == u')')
            --depth;
        if (c == u',' && depth == 0) {
            out << cur.trimmed();
            cur.clear();
            continue;
        }
        cur += c;
    }
    if (!cur.trimmed().isEmpty())
        out << cur.trimmed();
    return out;
}

bool isNumber(const QString& a)
{
    bool ok = false;
    a.toLongLong(&ok);
    return ok;
}

/// Arguments that only say where the data goes: nothing about the outcome.
bool isPlace(const QString& a)
{
    return a == u"buf"_s || a == u"NULL"_s || a == u"fds"_s || a == u"sv"_s || a.startsWith(u'&');
}
} // namespace

LadderLabel::LadderLabel(const QFont& font)
    : m_font(font), m_small(font), m_bold(font), m_smallBold(font)
{
    m_small.setPointSizeF(font.pointSizeF() * 0.85);
    m_smallBold = m_small;
    m_bold.setBold(true);
    m_smallBold.setBold(true);
}

QString LadderLabel::shrinkData(const QString& args)
{
    static const QRegularExpression quoted(uR"re("((?:[^"\\]|\\.)*)")re"_s);
    QString out;
    qsizetype last = 0;
    for (auto it = quoted.globalMatch(args); it.hasNext();) {
        const auto m = it.next();
        out += args.mid(last, m.capturedStart() - last);
        const QString body = m.captured(1);
        if (body.size() > kDataKeep + 3)
            out += u'"' + body.left(kDataKeep) + u"…\"("_s + QString::number(body.size()) + u')';
        else
            out += m.captured(0);
        last = m.capturedEnd();
    }
    return out + args.mid(last);
}

QString LadderLabel::keepDeciding(const QString& args)
{
    const QStringList parts = splitArgs(args);
    QStringList kept;
    bool previousDropped = false;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString& a = parts[i];
        // A length after a buffer or a string says how much, not what happens.
        const bool lengthAfterData = i > 0 && isNumber(a)
            && (isPlace(parts[i - 1]) || parts[i - 1].startsWith(u'"')) && a != u"0"_s;
        const bool drop = i > 0 && (isPlace(a) || lengthAfterData);
        if (drop) {
            if (!previousDropped)
                kept << u"…"_s;
        } else {
            kept << a;
        }
        previousDropped = drop;
    }
    return kept.join(u", "_s);
}

QString LadderLabel::resultText(const finscope::SyscallEvent& s, const QString& mark)
{
    if (s.phase == "blocked")
        return u"blocks…"_s;
    return u"→ "_s + EventText::result(s) + mark;
}

bool LadderLabel::failed(const finscope::SyscallEvent& s)
{
    return s.errnoName.has_value() || (s.ret && *s.ret < 0);
}

QString LadderLabel::callText(const finscope::SyscallEvent& s, int level) const
{
    QString args = QString::fromStdString(s.args);
    if (level >= 1)
        args = shrinkData(args);
    if (level >= 2)
        args = keepDeciding(args);
    QString text = QString::fromStdString(s.call) + u'(' + args + u')';
    if (s.phase == "return")
        text = u"↳ "_s + text;
    return text;
}

QStringList LadderLabel::callPieces(const finscope::SyscallEvent& s, int level) const
{
    QString args = QString::fromStdString(s.args);
    if (level >= 1)
        args = shrinkData(args);
    if (level >= 2)
        args = keepDeciding(args);
    QStringList pieces = splitArgs(args);
    const QString head = (s.phase == "return" ? u"↳ "_s : QString()) + QString::fromStdString(s.call) + u'(';
    if (pieces.isEmpty())
        return {head + u')'};
    pieces.first().prepend(head);
    pieces.last().append(u')');
    return pieces;
}

double LadderLabel::indentWidth() const
{
    return QFontMetricsF(m_font).horizontalAdvance(u"  "_s);
}

std::pair<double, int> LadderLabel::narrowestBreak(const QStringList& pieces, double resultWidth) const
{
    // Break k: pieces [0, k) end the first line with a comma, the rest lead the second.
    const QFontMetricsF fm(m_font);
    std::pair<double, int> best{-1.0, -1};
    for (qsizetype k = 1; k < pieces.size(); ++k) {
        const double first = fm.horizontalAdvance(pieces.mid(0, k).join(u", "_s) + u',');
        const double second = indentWidth() + fm.horizontalAdvance(pieces.mid(k).join(u", "_s)) + kPad + resultWidth;
        const double w = std::max(first, second);
        if (best.second < 0 || w < best.first)
            best = {w, static_cast<int>(k)};
    }
    return best;
}

double LadderLabel::preferredCallWidth(const finscope::SyscallEvent& s, const QString& mark) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    return fm.horizontalAdvance(callText(s, 1)) + kPad + rm.horizontalAdvance(resultText(s, mark)) + 2 * kPad;
}

double LadderLabel::minimumCallWidth(const finscope::SyscallEvent& s, const QString& mark) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    const double result = rm.horizontalAdvance(resultText(s, mark));
    // The call above, the result below; or the call broken after a comma, the result behind its end.
    double narrowest = std::max(fm.horizontalAdvance(callText(s, 2)), indentWidth() + result);
    if (const auto split = narrowestBreak(callPieces(s, 2), result); split.second > 0)
        narrowest = std::min(narrowest, split.first);
    return narrowest + 2 * kPad;
}

LadderLabel::Fit LadderLabel::fitCall(const finscope::SyscallEvent& s, const QString& mark, double width) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    Fit fit;
    fit.result = resultText(s, mark);
    const double room = width - 2 * kPad;
    const double result = rm.horizontalAdvance(fit.result);
    for (int level = 0; level <= 2; ++level) {
        fit.call = callText(s, level);
        if (fm.horizontalAdvance(fit.call) + kPad + result <= room)
            return fit;
    }
    // Two lines. Data stays shrunk, arguments that decide nothing go only if they must.
    fit.twoLines = true;
    const bool resultFits = indentWidth() + result <= room;
    for (int level = 1; level <= 2; ++level) {
        // The call above, the result below.
        fit.call = callText(s, level);
        if (resultFits && fm.horizontalAdvance(fit.call) <= room)
            return fit;
        // The call broken after the last comma that lets both lines fit.
        const QStringList pieces = callPieces(s, level);
        for (qsizetype k = pieces.size() - 1; k >= 1; --k) {
            const QString first = pieces.mid(0, k).join(u", "_s) + u',';
            const QString second = pieces.mid(k).join(u", "_s);
            if (fm.horizontalAdvance(first) <= room
                && indentWidth() + fm.horizontalAdvance(second) + kPad + result <= room) {
                fit.call = first;
                fit.tail = second;
                return fit;
            }
        }
    }
    // Narrower than the lane's minimum (a window squeezed below it): the call elides, never the result.
    fit.call = fm.elidedText(callText(s, 2), Qt::ElideMiddle, room);
    return fit;
}

QString LadderLabel::socketTitle(const QString& socket)
{
    if (socket.startsWith(u"(accept queue"_s))
        return u"queued"_s;
    return socket;
}

QString LadderLabel::stateText(const finscope::StateEvent& s)
{
    return s.state == "CLOSE" ? u"CLOSED"_s : QString::fromStdString(s.state);
}

QString LadderLabel::queueText(const finscope::StateEvent& s)
{
    if (s.state == "LISTEN")
        return u"backlog %1/%2"_s.arg(s.recvQ).arg(s.sendQ);
    if (s.recvQ == 0 && s.sendQ == 0)
        return u"queues empty"_s;
    QStringList parts;
    if (s.recvQ > 0)
        parts << u"Recv-Q %1"_s.arg(s.recvQ);
    if (s.sendQ > 0)
        parts << u"Send-Q %1"_s.arg(s.sendQ);
    return parts.join(u' ');
}

double LadderLabel::badgeWidth(const finscope::StateEvent& s, bool titled) const
{
    double w = QFontMetricsF(m_smallBold).horizontalAdvance(stateText(s)) + 2 * kPad;
    if (titled)
        w += QFontMetricsF(m_small).horizontalAdvance(socketTitle(QString::fromStdString(s.socket))) + kPad;
    return w;
}
