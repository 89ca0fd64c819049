// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

/// The scenario catalogue: built-in scenarios by group, the user's own
/// files under "My scenarios", and a filter box that matches titles,
/// summaries and groups.
class CatalogueView : public QWidget
{
    Q_OBJECT
public:
    struct Entry {
        QString id;
        QString path;
        QString title;
        QString group;
        QString summary;
    };

    explicit CatalogueView(QWidget* parent = nullptr);

    void setEntries(const QList<Entry>& entries);
    /// Adds (or finds) a user's file and selects it.
    void addUserScenario(const Entry& entry);
    void selectFirst();
    /// Selects the entry with this id or path; false if there is none.
    bool select(const QString& idOrPath);
    QString currentPath() const;
    int entryCount() const;
    QLineEdit* filterEdit() const { return m_filter; }

Q_SIGNALS:
    /// The user chose a scenario (by click, keyboard, or select()).
    void scenarioSelected(const QString& path, const QString& id);

private:
    QTreeWidgetItem* groupItem(const QString& group);
    QTreeWidgetItem* addEntry(const Entry& entry);
    void applyFilter(const QString& text);

    QLineEdit* m_filter;
    QTreeWidget* m_tree;
};
