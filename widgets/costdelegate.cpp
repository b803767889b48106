// SPDX-License-Identifier: GPL-3.0-or-later
#include "costdelegate.h"

#include "moduletreemodel.h"

#include <QPainter>

#include <algorithm>

namespace lmp::widgets {

CostDelegate::CostDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

void CostDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant share = index.data(ModuleTreeModel::ShareRole);
    if (share.isValid()) {
        const double fraction = std::clamp(share.toDouble(), 0.0, 1.0);
        QRect bar = option.rect.adjusted(2, 3, -2, -3);
        bar.setWidth(std::max(0, static_cast<int>(bar.width() * fraction)));
        painter->save();
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xe6, 0x8a, 0x3c, 150));
        painter->drawRect(bar);
        painter->restore();
    }
    QStyledItemDelegate::paint(painter, option, index);
}

} // namespace lmp::widgets
