// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace lmp::widgets {

// Paints a share of the total as a bar behind the cell's text (the value from ModuleTreeModel::ShareRole).
class CostDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CostDelegate(QObject* parent = nullptr);
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace lmp::widgets
