// SPDX-License-Identifier: MIT
#include "ui/tracereader.h"

#include "core/tracejson.h"

#include <string_view>

namespace {
// A runner gone wrong may print thousands of bad lines; the window needs only the first few.
constexpr qsizetype kMaxErrors = 20;
}

std::vector<finscope::TraceEvent> TraceReader::feed(QByteArrayView chunk)
{
    std::vector<finscope::TraceEvent> events;
    m_pending.append(chunk);
    qsizetype start = 0;
    for (qsizetype nl = m_pending.indexOf('\n', start); nl >= 0; nl = m_pending.indexOf('\n', start)) {
        parseLine(QByteArrayView(m_pending).sliced(start, nl - start), events);
        start = nl + 1;
    }
    m_pending.remove(0, start);
    return events;
}

std::vector<finscope::TraceEvent> TraceReader::finish()
{
    std::vector<finscope::TraceEvent> events;
    if (!m_pending.isEmpty())
        parseLine(m_pending, events);
    m_pending.clear();
    return events;
}

void TraceReader::reset()
{
    m_pending.clear();
    m_errors.clear();
    m_lineNumber = 0;
}

void TraceReader::parseLine(QByteArrayView line, std::vector<finscope::TraceEvent>& out)
{
    ++m_lineNumber;
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.trimmed().isEmpty())
        return;
    auto result = finscope::parseTraceLine(std::string_view(line.data(), static_cast<std::size_t>(line.size())));
    if (result.ok) {
        out.push_back(std::move(result.event));
        return;
    }
    if (m_errors.size() < kMaxErrors)
        m_errors.append(QStringLiteral("line %1: %2").arg(m_lineNumber).arg(QString::fromStdString(result.error)));
}
