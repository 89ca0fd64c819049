// SPDX-License-Identifier: MIT
#include "ui/cataloguedelegate.h"

#include <QApplication>
#include <QPainter>

void CatalogueDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QString summary = index.data(SummaryRole).toString();
    if (summary.isEmpty())
        return QStyledItemDelegate::paint(painter, option, index);

    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString title = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(2, 2, -2, -2);
    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = opt.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QFontMetrics fm(opt.font);
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->drawText(QRect(text.left(), text.top(), text.width(), fm.height()), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(title, Qt::ElideRight, text.width()));
    QFont small = opt.font;
    small.setPointSizeF(opt.font.pointSizeF() * 0.9);
    const QFontMetrics sfm(small);
    painter->setFont(small);
    QColor muted = opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::PlaceholderText);
    painter->setPen(muted);
    painter->drawText(QRect(text.left(), text.top() + fm.height() + 1, text.width(), sfm.height()),
                      Qt::AlignLeft | Qt::AlignVCenter, sfm.elidedText(summary, Qt::ElideRight, text.width()));
    painter->restore();
}

QSize CatalogueDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (!index.data(SummaryRole).toString().isEmpty())
        size.setHeight(option.fontMetrics.height() * 2 + 8);
    return size;
}
