// SPDX-License-Identifier: GPL-3.0-or-later
#include "moduletreeproxy.h"

#include "moduletreemodel.h"

namespace lmp::widgets {

ModuleTreeProxy::ModuleTreeProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ModuleTreeModel::SortRole);
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(true);
}

void ModuleTreeProxy::setFilterText(const QString& text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    m_text = t;
    invalidateRowsFilter();
}

void ModuleTreeProxy::setWarningsOnly(bool only)
{
    if (only == m_warningsOnly)
        return;
    m_warningsOnly = only;
    invalidateRowsFilter();
}

bool ModuleTreeProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_text.isEmpty() && !m_warningsOnly)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_warningsOnly && index.data(ModuleTreeModel::WarningRole).toString().isEmpty())
        return false;
    if (m_text.isEmpty())
        return true;
    // The module or one of its ancestors matches: a match shows what is inside it too.
    for (QModelIndex i = index; i.isValid(); i = i.parent()) {
        if (i.data(ModuleTreeModel::FullNameRole).toString().contains(m_text, Qt::CaseInsensitive)
            || i.data(ModuleTreeModel::ClassRole).toString().contains(m_text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace lmp::widgets
