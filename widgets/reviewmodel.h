// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "db/databasesession.h"

#include <QAbstractItemModel>
#include <QSortFilterProxyModel>

#include <optional>
#include <string>
#include <vector>

namespace lmp::widgets {

// The entries of a database session grouped by review status: five top-level rows, "Pending (3)", "Needs changes
// (1)", "Validated (148)", "Rejected (0)" and "Invalid (0)" (entries with schema errors), always present and in that
// order; under each, its entries in the database's order (built-in keys in file order, then the user's own), with
// the module path, the layer whose entry wins, the validator and the date.
//
// The model follows the session's entriesChanged: an entry whose status changed moves from one group to another by
// row removals and insertions, so that views keep their selection, expansion and scroll position for every other
// row (a reload that reorders entries resets the model).
class ReviewModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { ModuleColumn, LayerColumn, ValidatorColumn, DateColumn, NumColumns };
    enum Group { PendingGroup, NeedsChangesGroup, ValidatedGroup, RejectedGroup, InvalidGroup, GroupCount };
    enum Role {
        KeyRole = Qt::UserRole + 1, // an entry's key as in its file ("" for a group row)
        GroupRole, // the group (Group) of the row, or of the entry's status
        IsGroupRole, // bool: a group row
        OrderRole, // int: an entry's position in the database's order (-1 for a group row)
        ModulePathRole, // "transformers.models.llama.modeling_llama.LlamaMLP"
        CountRole, // a group row: how many entries it holds
    };

    // The session outlives the model. Entries are read now and on every entriesChanged.
    explicit ReviewModel(db::DatabaseSession* session, QObject* parent = nullptr);
    ~ReviewModel() override;

    db::DatabaseSession* session() const { return m_session; }

    static Group groupOf(const std::optional<db::Status>& status);
    // nullopt for the invalid entries
    static std::optional<db::Status> statusOf(Group group);
    // "Pending", "Needs changes", "Validated", "Rejected", "Invalid"
    static QString groupName(Group group);

    QModelIndex groupIndex(Group group, int column = 0) const;
    // The row of an entry, by key in either form (torch__nn__Linear or torch.nn.Linear); invalid when none.
    QModelIndex indexForKey(const QString& key, int column = 0) const;
    // The key of an entry row as in its file; "" for a group row or an invalid index.
    QString keyAt(const QModelIndex& index) const;
    int entryCount(Group group) const;
    // Every key of a group, in the database's order.
    QStringList keys(Group group) const;

    // Reads the session's entries again (entriesChanged does it).
    void refresh();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

Q_SIGNALS:
    // Around a refresh: rows may be removed, inserted or reset in between.
    void aboutToRefresh();
    void refreshed();

private:
    struct Item
    {
        std::string key; // as in its file
        std::string normalizedKey;
        QString modulePath;
        db::Layer layer = db::Layer::Builtin;
        bool overridesBuiltin = false;
        QString validator;
        QString date;
        QString notes;
        int order = 0;

        bool operator==(const Item&) const = default;
    };

    std::vector<std::vector<Item>> readGroups() const;
    void updateGroup(int group, std::vector<Item> items);
    const Item* itemAt(const QModelIndex& index) const;

    db::DatabaseSession* m_session;
    std::vector<std::vector<Item>> m_groups; // by Group
};

// Filters the review model by text (case-insensitive, in the module path or the key) and by status. A group row
// stays while its status is shown, even when no entry of it matches the text.
class ReviewProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ReviewProxy(QObject* parent = nullptr);

    void setFilterText(const QString& text);
    QString filterText() const { return m_text; }
    // One group only; nullopt shows every group.
    void setGroupFilter(std::optional<ReviewModel::Group> group);
    std::optional<ReviewModel::Group> groupFilter() const { return m_group; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_text;
    std::optional<ReviewModel::Group> m_group;
};

} // namespace lmp::widgets
