// SPDX-License-Identifier: MIT
#include "ui/explanationpanel.h"

#include "ui/ladderpalette.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>

using namespace Qt::StringLiterals;

ExplanationPanel::ExplanationPanel(QWidget* parent)
    : QTextBrowser(parent)
{
    setOpenLinks(false);
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(100);
    connect(&m_renderTimer, &QTimer::timeout, this, &ExplanationPanel::render);
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == u"line"_s)
            Q_EMIT lineClicked(url.path().toInt());
    });
}

void ExplanationPanel::setScenario(const QString& title, const QString& summary, const QString& about)
{
    m_title = title;
    m_summary = summary;
    m_about = about;
    clearRun();
}

void ExplanationPanel::addExpectation(const finscope::ExpectEvent& expect)
{
    m_expects.push_back(expect);
    scheduleRender();
}

void ExplanationPanel::setSummary(const finscope::SummaryEvent& summary)
{
    m_runSummary = summary;
    scheduleRender();
}

void ExplanationPanel::clearRun()
{
    m_expects.clear();
    m_runSummary.reset();
    render();
}

namespace {
/// Scenario authors write `code` and *emphasis* in their about text, as in
/// the built-in scenarios; show them as such, everything else verbatim.
QString learnerHtml(const QString& paragraph)
{
    static const QRegularExpression code(u"`([^`]+)`"_s);
    static const QRegularExpression emphasis(u"\\*([^*\\s][^*]*)\\*"_s);
    QString html = paragraph.trimmed().toHtmlEscaped();
    html.replace(code, u"<code>\\1</code>"_s);
    html.replace(emphasis, u"<i>\\1</i>"_s);
    // Lines that start with "- " are list items; other line breaks are soft.
    QStringList lines = html.split(u'\n');
    QString out;
    for (const QString& line : lines)
        out += line.trimmed().startsWith(u"- "_s) ? u"<br>• "_s + line.trimmed().mid(2) : u" "_s + line.trimmed();
    return out;
}
}

void ExplanationPanel::setHeld(bool held)
{
    m_held = held;
    if (!held && std::exchange(m_dirty, false))
        render();
}

void ExplanationPanel::scheduleRender()
{
    if (m_held) {
        m_dirty = true;
        return;
    }
    if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ExplanationPanel::render()
{
    m_renderTimer.stop();
    QElapsedTimer clock;
    clock.start();
    renderHtml();
    // A long list of expectations takes tens of ms to lay out: while a big
    // trace streams in, render at most a tenth of the time, never more often
    // than every 100 ms (a run's few expectations still show at once).
    const auto took = static_cast<int>(clock.elapsed());
    m_renderTimer.setInterval(std::clamp(10 * took, 100, 2000));
}

void ExplanationPanel::renderHtml()
{
    const LadderPalette colours(palette());
    QString html = u"<h2>%1</h2>"_s.arg(m_title.toHtmlEscaped());
    if (!m_summary.isEmpty())
        html += u"<p><i>%1</i></p>"_s.arg(m_summary.toHtmlEscaped());
    // Paragraphs of the about text are separated by blank lines (scenario format).
    const QStringList paragraphs = m_about.split(u"\n\n"_s, Qt::SkipEmptyParts);
    for (const QString& para : paragraphs)
        html += u"<p>%1</p>"_s.arg(learnerHtml(para));

    if (!m_expects.empty() || m_runSummary) {
        html += u"<h3>%1</h3><table cellspacing='4'>"_s.arg(tr("Expectations in this run"));
        // All of them in trace order when they fit; otherwise the missed ones
        // first, since they are what the learner must look at.
        constexpr std::size_t kMaxListed = 50;
        std::vector<const finscope::ExpectEvent*> listed;
        const bool all = m_expects.size() <= kMaxListed;
        for (const auto& e : m_expects)
            if ((all || !e.ok) && listed.size() < kMaxListed)
                listed.push_back(&e);
        for (const auto& e : m_expects)
            if (!all && e.ok && listed.size() < kMaxListed)
                listed.push_back(&e);
        for (const auto* ep : listed) {
            const auto& e = *ep;
            const QColor colour = e.ok ? colours.syn() : colours.error();
            const auto code = [](const std::string& text) {
                return u"<code>%1</code>"_s.arg(QString::fromStdString(text).toHtmlEscaped());
            };
            const QString endpoint = QString::fromStdString(e.endpoint).toHtmlEscaped();
            const QString what = e.ok ? tr("%1: expected %2").arg(endpoint, code(e.expected))
                                      : tr("%1: expected %2, got %3").arg(endpoint, code(e.expected), code(e.actual));
            html += u"<tr><td style='color:%1'><b>%2</b></td><td><a href='line:%3'>%4</a></td><td>%5</td></tr>"_s
                        .arg(colour.name(), e.ok ? tr("met") : tr("MISSED"))
                        .arg(e.line)
                        .arg(tr("line %1").arg(e.line), what);
        }
        html += u"</table>"_s;
        if (m_expects.size() > listed.size())
            html += tr("<p>… and %1 more.</p>").arg(m_expects.size() - listed.size());
        if (m_runSummary) {
            const auto& s = *m_runSummary;
            // A stop the user asked for is no failure: said calmly, in the muted colour.
            const QColor colour = s.stopped ? colours.mutedText() : s.ok ? colours.syn() : colours.error();
            QString verdict = s.ok ? tr("Every expectation held.")
                                   : tr("%1 of %2 expectations missed.").arg(s.failed).arg(s.expectations);
            if (s.stopped)
                verdict = tr("Stopped before the end, as asked.");
            else if (!s.error.empty())
                verdict = tr("The run did not complete: %1").arg(QString::fromStdString(s.error).toHtmlEscaped());
            html += u"<p style='color:%1'><b>%2</b> %3</p>"_s.arg(colour.name(), verdict,
                tr("(%1 events, %2 packets, %3 ms)").arg(s.events).arg(s.packets)
                    .arg(static_cast<double>(s.durationNs) / 1e6, 0, 'f', 1));
        }
    }
    setHtml(html);
}
