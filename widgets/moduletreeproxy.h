// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace lmp::widgets {

// Sorts the module tree by the raw numbers and filters it by name, class and warnings. A module that matches
// keeps its ancestors (to show where it is) and its descendants.
class ModuleTreeProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ModuleTreeProxy(QObject* parent = nullptr);

    // Case-insensitive text matched against the module's full name and class path; "" shows everything.
    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    // Only modules with warnings of their own (no entry, a formula that failed), and where they are.
    void setWarningsOnly(bool only);
    bool warningsOnly() const { return m_warningsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    bool m_warningsOnly = false;
};

} // namespace lmp::widgets
