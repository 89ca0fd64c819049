// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QFont>
#include <QString>
#include <QStringList>

#include <vector>

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
    /// Text inside a box or badge has this much room on both sides.
    static constexpr double kPad = 4.0;

    const QFont& font() const { return m_font; }
    const QFont& small() const { return m_small; }
    const QFont& bold() const { return m_bold; }
    const QFont& smallBold() const { return m_smallBold; }

    /// A call fitted to a width: one line (`call → result`) or up to kMaxLines,
    /// the call broken after a comma, the result behind its end or on a line of its own.
    struct Fit {
        QStringList lines;          ///< the call's lines: `setsockopt(4, SOL_SOCKET,`, `SO_LINGER, {…}, 8)`
        QString result;             ///< `→ -1 EPIPE ✓`
        bool resultOwnLine = false; ///< the result is a line below the call's
        int lineCount() const { return static_cast<int>(lines.size()) + (resultOwnLine ? 1 : 0); }
    };
    static constexpr int kMaxLines = 3;
    Fit fitCall(const finscope::SyscallEvent& s, const QString& mark, double width) const;
    /// Width of the call on one line with its data shrunk (what a lane would like to give it).
    double preferredCallWidth(const finscope::SyscallEvent& s, const QString& mark) const;
    /// Narrowest width at which the call still reads on one line (arguments that decide nothing dropped).
    double oneLineCallWidth(const finscope::SyscallEvent& s, const QString& mark) const;
    /// Narrowest width at which the call reads whole on at most `lines` lines.
    double minimumCallWidth(const finscope::SyscallEvent& s, const QString& mark, int lines = kMaxLines) const;
    /// Indent of the lines after the first, in pixels.
    double indentWidth() const;
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
    /// The call's text in pieces that concatenate to it (`setsockopt(4, `, `SOL_SOCKET, `, ..., `8)`),
    /// each ending where a line may break.
    QStringList callPieces(const finscope::SyscallEvent& s, int level) const;
    /// Widths of the pieces.
    std::vector<double> pieceWidths(const QStringList& pieces) const;
    /// Fills lines `width` wide with the pieces (widths given), then the result:
    /// how many lines that takes, and where each line starts.
    int wrap(const std::vector<double>& pieces, double result, double width, std::vector<int>* starts) const;

    QFont m_font, m_small, m_bold, m_smallBold;
};
