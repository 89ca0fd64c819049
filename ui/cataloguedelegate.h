// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

/// Draws a catalogue entry as its title with its one-line summary beneath,
/// greyed; group rows keep the default look.
class CatalogueDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int SummaryRole = Qt::UserRole + 10;

    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
