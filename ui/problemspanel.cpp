// SPDX-License-Identifier: MIT
#include "ui/problemspanel.h"

#include <QApplication>
#include <QRegularExpression>
#include <QStyle>

using namespace Qt::StringLiterals;

namespace {
constexpr int LineRole = Qt::UserRole + 1;
constexpr int ColumnRole = Qt::UserRole + 2;
constexpr int LevelRole = Qt::UserRole + 3;
constexpr int MessageRole = Qt::UserRole + 4;
// A trace can hold a million warnings and a note of any length: the list
// shows the first ones, each cut to what a reader reads, and counts the rest.
constexpr int kMaxProblems = 500;
constexpr qsizetype kMaxProblemText = 2000;
}

ProblemsPanel::ProblemsPanel(QWidget* parent)
    : QListWidget(parent)
{
    setWordWrap(true);
    setAlternatingRowColors(true);
    auto jump = [this](QListWidgetItem* item) {
        const int line = item->data(LineRole).toInt();
        if (line > 0)
            Q_EMIT locationActivated(line, item->data(ColumnRole).toInt());
    };
    connect(this, &QListWidget::itemClicked, this, jump);
    connect(this, &QListWidget::itemActivated, this, jump);
}

void ProblemsPanel::addProblem(Level level, const QString& fullText, int line, int column)
{
    if (count() >= kMaxProblems) {
        ++m_notListed;
        if (!m_moreItem)
            m_moreItem = new QListWidgetItem(style()->standardIcon(QStyle::SP_MessageBoxInformation), QString(), this);
        m_moreItem->setText(tr("%n more problem(s) not listed", nullptr, m_notListed));
        return;
    }
    QString text = fullText;
    if (text.size() > kMaxProblemText)
        text = tr("%1 … [%n more character(s) not shown]", nullptr, static_cast<int>(text.size() - kMaxProblemText))
                   .arg(text.left(kMaxProblemText));
    const QStyle::StandardPixmap icon = level == Level::Error ? QStyle::SP_MessageBoxCritical
        : level == Level::Warning ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation;
    auto* item = new QListWidgetItem(style()->standardIcon(icon),
                                     line > 0 ? tr("line %1:%2 — %3").arg(line).arg(column).arg(text) : text, this);
    item->setData(LineRole, line);
    item->setData(ColumnRole, column);
    item->setData(LevelRole, static_cast<int>(level));
    item->setData(MessageRole, text);
    if (line > 0)
        item->setToolTip(tr("Click to show line %1 in the scenario text").arg(line));
    scrollToItem(item);
    Q_EMIT problemAdded();
}

int ProblemsPanel::addDiagnostics(const QString& text)
{
    static const QRegularExpression located(u"^(.*):(\\d+):(\\d+): (.*)$"_s);
    int count = 0;
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty())
            continue;
        const auto match = located.match(line);
        if (match.hasMatch()) {
            addProblem(Level::Error, match.captured(4), match.captured(2).toInt(), match.captured(3).toInt());
            ++count;
        } else {
            addProblem(Level::Error, line);
        }
    }
    return count;
}

QList<ProblemsPanel::Located> ProblemsPanel::locatedErrors() const
{
    QList<Located> located;
    for (int i = 0; i < count(); ++i) {
        const QListWidgetItem* it = item(i);
        if (it->data(LevelRole).toInt() == static_cast<int>(Level::Error) && it->data(LineRole).toInt() > 0)
            located.append({it->data(LineRole).toInt(), it->data(ColumnRole).toInt(), it->data(MessageRole).toString()});
    }
    return located;
}

void ProblemsPanel::clear()
{
    QListWidget::clear();
    m_moreItem = nullptr;
    m_notListed = 0;
}
