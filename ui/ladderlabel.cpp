// SPDX-License-Identifier: MIT
#include "ui/ladderlabel.h"

#include "ui/eventtext.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {
constexpr int kDataKeep = 4;    // characters of a long string kept in front of the ellipsis

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
    // A line may end after every ", " or "|" outside a quoted string, inside {…} and […] too:
    // `nanosleep({tv_sec=0,` / `tv_nsec=300000000}, …)`, `events=POLLIN|` / `POLLRDHUP}]`.
    // Each piece keeps the separator that ends it, so the pieces concatenate to the call.
    QStringList pieces;
    QString cur;
    bool quoted = false;
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QChar c = args[i];
        cur += c;
        if (quoted && c == u'\\' && i + 1 < args.size()) {
            cur += args[++i];
            continue;
        }
        if (c == u'"')
            quoted = !quoted;
        const bool comma = !quoted && c == u',' && i + 1 < args.size() && args[i + 1] == u' ';
        if (comma)
            cur += args[++i];
        if (comma || (!quoted && c == u'|')) {
            pieces << cur;
            cur.clear();
        }
    }
    pieces << cur;
    pieces.first().prepend((s.phase == "return" ? u"↳ "_s : QString()) + QString::fromStdString(s.call) + u'(');
    pieces.last().append(u')');
    return pieces;
}

std::vector<double> LadderLabel::pieceWidths(const QStringList& pieces) const
{
    // A line's width is the sum of its pieces' (a trailing space included: a few pixels to spare).
    const QFontMetricsF fm(m_font);
    std::vector<double> widths;
    for (const QString& piece : pieces)
        widths.push_back(fm.horizontalAdvance(piece));
    return widths;
}

double LadderLabel::indentWidth() const
{
    return QFontMetricsF(m_font).horizontalAdvance(u"  "_s);
}

int LadderLabel::wrap(const std::vector<double>& pieces, double result, double width, std::vector<int>* starts) const
{
    // Greedy: as many pieces on a line as fit (the fewest lines there can be).
    const double indent = indentWidth();
    if (starts)
        starts->assign(1, 0);
    int lines = 1;
    double used = pieces.front();
    for (std::size_t i = 1; i < pieces.size(); ++i) {
        if (used + pieces[i] <= width) {
            used += pieces[i];
            continue;
        }
        ++lines;
        used = indent + pieces[i];
        if (starts)
            starts->push_back(static_cast<int>(i));
    }
    if (used + kPad + result <= width)
        return lines;
    return lines + 1;   // the result on a line of its own
}

double LadderLabel::preferredCallWidth(const finscope::SyscallEvent& s, const QString& mark) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    return fm.horizontalAdvance(callText(s, 1)) + kPad + rm.horizontalAdvance(resultText(s, mark)) + 2 * kPad;
}

double LadderLabel::oneLineCallWidth(const finscope::SyscallEvent& s, const QString& mark) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    return fm.horizontalAdvance(callText(s, 2)) + kPad + rm.horizontalAdvance(resultText(s, mark)) + 2 * kPad;
}

double LadderLabel::minimumCallWidth(const finscope::SyscallEvent& s, const QString& mark, int lines) const
{
    const QFontMetricsF fm(m_font);
    const QFontMetricsF rm(failed(s) ? m_bold : m_font);
    const double result = rm.horizontalAdvance(resultText(s, mark));
    const std::vector<double> pieces = pieceWidths(callPieces(s, 2));
    double widest = indentWidth() + result, total = 0;
    for (double w : pieces) {
        widest = std::max(widest, indentWidth() + w);
        total += w;
    }
    // The narrowest width that needs no more lines than asked: between the widest
    // piece and everything on one line, found by halving.
    double lo = widest, hi = total + kPad + result;
    if (wrap(pieces, result, lo, nullptr) > lines)
        for (int i = 0; i < 24 && hi - lo > 0.5; ++i) {
            const double mid = (lo + hi) / 2;
            (wrap(pieces, result, mid, nullptr) <= lines ? hi : lo) = mid;
        }
    else
        hi = lo;
    return std::ceil(hi) + 1 + 2 * kPad;   // a pixel for the rounding of text that is measured whole
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
        fit.lines = QStringList{callText(s, level)};
        if (fm.horizontalAdvance(fit.lines.front()) + kPad + result <= room)
            return fit;
    }
    // More lines. Data stays shrunk; arguments that decide nothing go only if they must.
    for (int lines = 2; lines <= kMaxLines; ++lines) {
        for (int level = 1; level <= 2; ++level) {
            const QStringList pieces = callPieces(s, level);
            const std::vector<double> widths = pieceWidths(pieces);
            std::vector<int> starts;
            if (wrap(widths, result, room, &starts) > lines)
                continue;
            fit.lines.clear();
            for (std::size_t i = 0; i < starts.size(); ++i) {
                const qsizetype from = starts[i];
                const qsizetype to = i + 1 < starts.size() ? starts[i + 1] : pieces.size();
                fit.lines << pieces.mid(from, to - from).join(QString()).trimmed();
            }
            const double last = (fit.lines.size() > 1 ? indentWidth() : 0.0) + fm.horizontalAdvance(fit.lines.back());
            fit.resultOwnLine = last + kPad + result > room;
            return fit;
        }
    }
    // Narrower than the lane's minimum (a window squeezed below it): the call elides, never the result.
    fit.lines = QStringList{fm.elidedText(callText(s, 2), Qt::ElideMiddle, room)};
    fit.resultOwnLine = true;
    return fit;
}

QString LadderLabel::socketTitle(const QString& socket)
{
    if (socket.startsWith(u"(accept queue"_s))
        return QCoreApplication::translate("LadderLabel", "queued");
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
        return QCoreApplication::translate("LadderLabel", "queues empty");
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
