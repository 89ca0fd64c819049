// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QFont>
#include <QString>
#include <QStringList>

#include <utility>

/// The words on the ladder, fitted to the room they get. What decides the
/// outcome is never cut: the return value, the errno and the deciding
/// arguments (port, flags, how, linger). Long data shrinks first
/// (`"aaaa…"(4096)`), then arguments that decide nothing (`buf`, `&addr`,
/// lengths) become `…`, then the label wraps to a second line: the result
/// alone, or, when the call itself is too long, the call broken after an
/// argument's comma with the result behind its last argument.
class LadderLabel
{
public:
    explicit LadderLabel(const QFont& font);

    const QFont& font() const { return m_font; }
    const QFont& small() const { return m_small; }
    const QFont& bold() const { return m_bold; }
    const QFont& smallBold() const { return m_smallBold; }

    /// A call fitted to a width: one line (`call → result`) or two
    /// (`call` above `  tail result`, where tail is the call's broken-off end or empty).
    struct Fit {
        QString call;       ///< `write(5, "456", 3)`, or its first line `setsockopt(4, SOL_SOCKET,`
        QString tail;       ///< two lines: the call's continuation before the result (`SO_LINGER, {…}, 8)`)
        QString result;     ///< `→ -1 EPIPE ✓`
        bool twoLines = false;
    };
    /// Indent of a second line, in pixels.
    double indentWidth() const;
    Fit fitCall(const finscope::SyscallEvent& s, const QString& mark, double width) const;
    /// Width of the call on one line with its data shrunk (what a lane would like to give it).
    double preferredCallWidth(const finscope::SyscallEvent& s, const QString& mark) const;
    /// Width below which even two lines must elide.
    double minimumCallWidth(const finscope::SyscallEvent& s, const QString& mark) const;
    /// `→ -1 EPIPE`, `blocks…`, plus the expectation mark.
    static QString resultText(const finscope::SyscallEvent& s, const QString& mark);
    /// True when the result is drawn as a failure (bold, red).
    static bool failed(const finscope::SyscallEvent& s);

    /// `"aaaa…"(4096)` for every quoted string longer than a few characters.
    static QString shrinkData(const QString& args);
    /// Keeps the first argument and the deciding ones; the rest become `…`.
    static QString keepDeciding(const QString& args);

    /// The name a socket track is titled with: `listenfd`, `connfd`; the
    /// kernel's not yet accepted connection is `queued`.
    static QString socketTitle(const QString& socket);
    /// A state badge: `ESTABLISHED`, titled `connfd ESTABLISHED`.
    static QString stateText(const finscope::StateEvent& s);
    /// The queue annotation: `Recv-Q 5`, `backlog 1/16` for a listener.
    static QString queueText(const finscope::StateEvent& s);
    double badgeWidth(const finscope::StateEvent& s, bool titled) const;

private:
    QString callText(const finscope::SyscallEvent& s, int level) const;
    /// The call's text in pieces that join with ", " (`setsockopt(4`, `SOL_SOCKET`, ..., `8)`).
    QStringList callPieces(const finscope::SyscallEvent& s, int level) const;
    /// Narrowest width of `call` above `  tail result` over every break, and that break.
    std::pair<double, int> narrowestBreak(const QStringList& pieces, double resultWidth) const;

    QFont m_font, m_small, m_bold, m_smallBold;
};
