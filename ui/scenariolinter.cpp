// SPDX-License-Identifier: MIT
#include "ui/scenariolinter.h"

#include "core/scenarioparser.h"

#include <QTextDocument>

using namespace Qt::StringLiterals;

namespace {
// After the last key stroke: long enough not to flag a half-typed word.
constexpr int kPauseMs = 400;
}

ScenarioLinter::ScenarioLinter(QTextDocument* document, QObject* parent)
    : QObject(parent), m_document(document)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kPauseMs);
    connect(&m_timer, &QTimer::timeout, this, &ScenarioLinter::lintNow);
    connect(document, &QTextDocument::contentsChanged, this, [this] {
        if (m_enabled)
            m_timer.start();
    });
}

void ScenarioLinter::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        m_timer.stop();
}

void ScenarioLinter::lintNow()
{
    m_timer.stop();
    Q_EMIT checked(check(m_document->toPlainText(), m_path));
}

ScenarioLinter::Result ScenarioLinter::check(const QString& text, const QString& path)
{
    const QString name = path.isEmpty() ? u"untitled.fsc"_s : path;
    const auto parsed = finscope::parseScenario(text.toStdString(), name.toStdString());
    Result result;
    result.ok = parsed.ok();
    if (parsed.scenario)
        for (const auto& ep : parsed.scenario->endpoints)
            result.endpoints.append(QString::fromStdString(ep));
    for (const auto& e : parsed.errors)
        result.errors.append({e.pos.line, e.pos.column, QString::fromStdString(e.message)});
    return result;
}
