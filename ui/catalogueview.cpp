// SPDX-License-Identifier: MIT
#include "ui/catalogueview.h"

#include "ui/cataloguedelegate.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {
constexpr int PathRole = Qt::UserRole + 1;
constexpr int IdRole = Qt::UserRole + 2;
constexpr int SearchRole = Qt::UserRole + 3;
}

CatalogueView::CatalogueView(QWidget* parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_tree(new QTreeWidget(this))
{
    m_filter->setPlaceholderText(tr("Filter scenarios (e.g. RST, SIGPIPE, linger)"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(false);
    m_tree->setIndentation(8);
    m_tree->setItemDelegate(new CatalogueDelegate(m_tree));
    m_tree->setUniformRowHeights(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree);

    connect(m_filter, &QLineEdit::textChanged, this, &CatalogueView::applyFilter);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (current && !current->data(0, PathRole).toString().isEmpty())
            Q_EMIT scenarioSelected(current->data(0, PathRole).toString(), current->data(0, IdRole).toString());
    });
}

QTreeWidgetItem* CatalogueView::groupItem(const QString& group)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        if (m_tree->topLevelItem(i)->text(0) == group)
            return m_tree->topLevelItem(i);
    auto* item = new QTreeWidgetItem(m_tree, QStringList{group});
    item->setFlags(Qt::ItemIsEnabled);
    QFont font = item->font(0);
    font.setBold(true);
    item->setFont(0, font);
    item->setExpanded(true);
    return item;
}

QTreeWidgetItem* CatalogueView::addEntry(const Entry& entry)
{
    auto* item = new QTreeWidgetItem(groupItem(entry.group.isEmpty() ? tr("My scenarios") : entry.group),
                                     QStringList{entry.title.isEmpty() ? entry.id : entry.title});
    item->setData(0, PathRole, entry.path);
    item->setData(0, IdRole, entry.id);
    item->setData(0, CatalogueDelegate::SummaryRole, entry.summary.isEmpty() ? entry.path : entry.summary);
    item->setData(0, SearchRole, QStringList{entry.id, entry.title, entry.group, entry.summary}.join(u' '));
    item->setToolTip(0, entry.summary + u"\n"_s + entry.path);
    return item;
}

void CatalogueView::setEntries(const QList<Entry>& entries)
{
    m_tree->clear();
    for (const auto& entry : entries)
        addEntry(entry);
    m_tree->expandAll();
}

void CatalogueView::addUserScenario(const Entry& entry)
{
    if (!select(entry.path)) {
        Entry mine = entry;
        mine.group = tr("My scenarios");
        m_tree->setCurrentItem(addEntry(mine));
    }
}

void CatalogueView::selectFirst()
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if (!(*it)->data(0, PathRole).toString().isEmpty()) {
            m_tree->setCurrentItem(*it);
            return;
        }
}

bool CatalogueView::select(const QString& idOrPath)
{
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        if ((*it)->data(0, PathRole).toString() == idOrPath || (*it)->data(0, IdRole).toString() == idOrPath) {
            m_tree->setCurrentItem(*it);
            return true;
        }
    return false;
}

QString CatalogueView::currentPath() const
{
    return m_tree->currentItem() ? m_tree->currentItem()->data(0, PathRole).toString() : QString();
}

int CatalogueView::entryCount() const
{
    int count = 0;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        count += (*it)->data(0, PathRole).toString().isEmpty() ? 0 : 1;
    return count;
}

void CatalogueView::applyFilter(const QString& text)
{
    for (int g = 0; g < m_tree->topLevelItemCount(); ++g) {
        QTreeWidgetItem* group = m_tree->topLevelItem(g);
        const bool groupMatches = group->text(0).contains(text, Qt::CaseInsensitive);
        bool any = false;
        for (int i = 0; i < group->childCount(); ++i) {
            QTreeWidgetItem* item = group->child(i);
            const bool match = groupMatches || item->data(0, SearchRole).toString().contains(text, Qt::CaseInsensitive);
            item->setHidden(!match);
            any = any || match;
        }
        group->setHidden(!any);
    }
}
