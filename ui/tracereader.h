// SPDX-License-Identifier: MIT
#pragma once

#include "core/traceevent.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

/// Cuts the runner's stdout into JSON lines and parses each with
/// finscope::parseTraceLine(). Chunks from readyRead() end anywhere, even
/// inside a UTF-8 sequence, so an incomplete last line is kept until the
/// next chunk (or finish()) completes it.
class TraceReader
{
public:
    /// Parses every complete line in buffer + chunk; keeps the rest.
    std::vector<finscope::TraceEvent> feed(QByteArrayView chunk);
    /// The stream ended: parses a last line that had no newline.
    std::vector<finscope::TraceEvent> finish();
    void reset();

    /// Lines that were not trace events, as "line N: why" (at most a few kept).
    const QStringList& errors() const { return m_errors; }
    qsizetype linesRead() const { return m_lineNumber; }

private:
    void parseLine(QByteArrayView line, std::vector<finscope::TraceEvent>& out);

    QByteArray m_pending;
    QStringList m_errors;
    qsizetype m_lineNumber = 0;
};
