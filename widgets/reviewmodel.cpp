// SPDX-License-Identifier: GPL-3.0-or-later
#include "reviewmodel.h"

#include "formula/library.h"

#include <QColor>
#include <QFont>
#include <QIcon>
#include <QPainter>
#include <QPixmap>

#include <unordered_set>

namespace lmp::widgets {

namespace {

// Top-level rows carry no parent; an entry row carries its group + 1.
constexpr quintptr kTopLevel = 0;

QString jsonText(const db::Json& object, const char* field)
{
    if (!object.is_object())
        return {};
    const auto it = object.find(field);
    if (it == object.end() || !it->is_string())
        return {};
    return QString::fromStdString(it->get<std::string>());
}

QColor groupColor(ReviewModel::Group group)
{
    switch (group) {
    case ReviewModel::PendingGroup:
        return QColor(0xe0, 0x9a, 0x10);
    case ReviewModel::NeedsChangesGroup:
        return QColor(0xd0, 0x60, 0x20);
    case ReviewModel::ValidatedGroup:
        return QColor(0x2e, 0x9a, 0x4a);
    case ReviewModel::RejectedGroup:
        return QColor(0xc0, 0x30, 0x30);
    case ReviewModel::InvalidGroup:
    case ReviewModel::GroupCount:
        break;
    }
    return QColor(0x80, 0x80, 0x80);
}

QIcon groupIcon(ReviewModel::Group group)
{
    static const std::vector<QIcon> icons = [] {
        std::vector<QIcon> out;
        for (int g = 0; g < ReviewModel::GroupCount; ++g) {
            QPixmap pixmap(32, 32);
            pixmap.fill(Qt::transparent);
            QPainter painter(&pixmap);
            painter.setRenderHint(QPainter::Antialiasing);
            painter.setPen(Qt::NoPen);
            painter.setBrush(groupColor(static_cast<ReviewModel::Group>(g)));
            painter.drawEllipse(QRectF(6, 6, 20, 20));
            out.push_back(QIcon(pixmap));
        }
        return out;
    }();
    return icons[group];
}

} // namespace

ReviewModel::ReviewModel(db::DatabaseSession* session, QObject* parent)
    : QAbstractItemModel(parent)
    , m_session(session)
    , m_groups(GroupCount)
{
    m_groups = readGroups();
    connect(m_session, &db::DatabaseSession::entriesChanged, this, &ReviewModel::refresh);
}

ReviewModel::~ReviewModel() = default;

ReviewModel::Group ReviewModel::groupOf(const std::optional<db::Status>& status)
{
    if (!status)
        return InvalidGroup;
    switch (*status) {
    case db::Status::Pending:
        return PendingGroup;
    case db::Status::NeedsChanges:
        return NeedsChangesGroup;
    case db::Status::Validated:
        return ValidatedGroup;
    case db::Status::Rejected:
        return RejectedGroup;
    }
    return InvalidGroup;
}

std::optional<db::Status> ReviewModel::statusOf(Group group)
{
    switch (group) {
    case PendingGroup:
        return db::Status::Pending;
    case NeedsChangesGroup:
        return db::Status::NeedsChanges;
    case ValidatedGroup:
        return db::Status::Validated;
    case RejectedGroup:
        return db::Status::Rejected;
    case InvalidGroup:
    case GroupCount:
        break;
    }
    return std::nullopt;
}

QString ReviewModel::groupName(Group group)
{
    switch (group) {
    case PendingGroup:
        return tr("Pending");
    case NeedsChangesGroup:
        return tr("Needs changes");
    case ValidatedGroup:
        return tr("Validated");
    case RejectedGroup:
        return tr("Rejected");
    case InvalidGroup:
    case GroupCount:
        break;
    }
    return tr("Invalid");
}

std::vector<std::vector<ReviewModel::Item>> ReviewModel::readGroups() const
{
    std::vector<std::vector<Item>> groups(GroupCount);
    int order = 0;
    for (const db::DatabaseSession::Entry& e : m_session->entries()) {
        Item item;
        item.key = e.key;
        item.normalizedKey = formula::normalizeModuleKey(e.key);
        item.layer = e.layer;
        item.overridesBuiltin = e.overridesBuiltin;
        item.order = order++;
        const db::Json* entry = m_session->database().entry(e.key);
        if (entry)
            item.modulePath = jsonText(*entry, "module_path");
        if (item.modulePath.isEmpty())
            item.modulePath = QString::fromStdString(formula::modulePathFromKey(e.key));
        if (entry && entry->is_object() && entry->contains("validation")) {
            const db::Json& validation = entry->at("validation");
            item.validator = jsonText(validation, "validator");
            item.date = jsonText(validation, "date");
            item.notes = jsonText(validation, "notes");
        }
        groups[groupOf(e.status)].push_back(std::move(item));
    }
    return groups;
}

void ReviewModel::refresh()
{
    Q_EMIT aboutToRefresh();
    std::vector<std::vector<Item>> fresh = readGroups();

    // Rows move by removals and insertions only while the entries both lists hold keep their relative order; a
    // reload may reorder them, and then the model resets.
    bool incremental = true;
    for (int g = 0; g < GroupCount && incremental; ++g) {
        std::unordered_set<std::string> oldKeys, newKeys;
        for (const Item& i : m_groups[g])
            oldKeys.insert(i.normalizedKey);
        for (const Item& i : fresh[g])
            newKeys.insert(i.normalizedKey);
        std::vector<std::string> a, b;
        for (const Item& i : m_groups[g]) {
            if (newKeys.count(i.normalizedKey))
                a.push_back(i.normalizedKey);
        }
        for (const Item& i : fresh[g]) {
            if (oldKeys.count(i.normalizedKey))
                b.push_back(i.normalizedKey);
        }
        incremental = a == b;
    }

    if (!incremental) {
        beginResetModel();
        m_groups = std::move(fresh);
        endResetModel();
    } else {
        for (int g = 0; g < GroupCount; ++g)
            updateGroup(g, std::move(fresh[g]));
        Q_EMIT dataChanged(index(0, 0), index(GroupCount - 1, NumColumns - 1));
    }
    Q_EMIT refreshed();
}

void ReviewModel::updateGroup(int group, std::vector<Item> items)
{
    std::vector<Item>& rows = m_groups[group];
    const QModelIndex parent = index(group, 0);

    std::unordered_set<std::string> newKeys;
    for (const Item& i : items)
        newKeys.insert(i.normalizedKey);
    // Removals, last runs first so that earlier row numbers stay valid.
    for (int last = static_cast<int>(rows.size()) - 1; last >= 0;) {
        if (newKeys.count(rows[last].normalizedKey)) {
            --last;
            continue;
        }
        int first = last;
        while (first > 0 && !newKeys.count(rows[first - 1].normalizedKey))
            --first;
        beginRemoveRows(parent, first, last);
        rows.erase(rows.begin() + first, rows.begin() + last + 1);
        endRemoveRows();
        last = first - 1;
    }

    // Insertions in runs; the rows kept take their new data.
    std::unordered_set<std::string> oldKeys;
    for (const Item& i : rows)
        oldKeys.insert(i.normalizedKey);
    int changedFirst = -1, changedLast = -1;
    std::size_t row = 0;
    for (std::size_t j = 0; j < items.size();) {
        if (oldKeys.count(items[j].normalizedKey)) {
            if (!(rows[row] == items[j])) {
                rows[row] = items[j];
                changedFirst = changedFirst < 0 ? static_cast<int>(row) : changedFirst;
                changedLast = static_cast<int>(row);
            }
            ++row;
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end < items.size() && !oldKeys.count(items[end].normalizedKey))
            ++end;
        beginInsertRows(parent, static_cast<int>(row), static_cast<int>(row + (end - j) - 1));
        rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(row), items.begin() + static_cast<std::ptrdiff_t>(j),
            items.begin() + static_cast<std::ptrdiff_t>(end));
        endInsertRows();
        row += end - j;
        j = end;
    }
    if (changedFirst >= 0)
        Q_EMIT dataChanged(index(changedFirst, 0, parent), index(changedLast, NumColumns - 1, parent));
}

QModelIndex ReviewModel::groupIndex(Group group, int column) const
{
    return index(group, column);
}

QModelIndex ReviewModel::indexForKey(const QString& key, int column) const
{
    const std::string wanted = formula::normalizeModuleKey(key.toStdString());
    for (int g = 0; g < GroupCount; ++g) {
        for (std::size_t r = 0; r < m_groups[g].size(); ++r) {
            if (m_groups[g][r].normalizedKey == wanted)
                return index(static_cast<int>(r), column, index(g, 0));
        }
    }
    return {};
}

QString ReviewModel::keyAt(const QModelIndex& index) const
{
    const Item* item = itemAt(index);
    return item ? QString::fromStdString(item->key) : QString();
}

int ReviewModel::entryCount(Group group) const
{
    return static_cast<int>(m_groups[group].size());
}

QStringList ReviewModel::keys(Group group) const
{
    QStringList out;
    for (const Item& i : m_groups[group])
        out << QString::fromStdString(i.key);
    return out;
}

const ReviewModel::Item* ReviewModel::itemAt(const QModelIndex& index) const
{
    if (!index.isValid() || index.model() != this || index.internalId() == kTopLevel)
        return nullptr;
    const auto group = static_cast<std::size_t>(index.internalId() - 1);
    if (group >= m_groups.size() || index.row() >= static_cast<int>(m_groups[group].size()))
        return nullptr;
    return &m_groups[group][static_cast<std::size_t>(index.row())];
}

QModelIndex ReviewModel::index(int row, int column, const QModelIndex& parent) const
{
    if (row < 0 || column < 0 || column >= NumColumns)
        return {};
    if (!parent.isValid())
        return row < GroupCount ? createIndex(row, column, kTopLevel) : QModelIndex();
    if (parent.internalId() != kTopLevel || parent.row() >= GroupCount)
        return {};
    if (row >= static_cast<int>(m_groups[parent.row()].size()))
        return {};
    return createIndex(row, column, static_cast<quintptr>(parent.row() + 1));
}

QModelIndex ReviewModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kTopLevel);
}

int ReviewModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid())
        return GroupCount;
    if (parent.column() != 0 || parent.internalId() != kTopLevel)
        return 0;
    return static_cast<int>(m_groups[parent.row()].size());
}

int ReviewModel::columnCount(const QModelIndex&) const
{
    return NumColumns;
}

bool ReviewModel::hasChildren(const QModelIndex& parent) const
{
    return rowCount(parent) > 0;
}

Qt::ItemFlags ReviewModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (index.internalId() == kTopLevel)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QVariant ReviewModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.model() != this)
        return {};
    if (index.internalId() == kTopLevel) {
        const auto group = static_cast<Group>(index.row());
        switch (role) {
        case Qt::DisplayRole:
            return index.column() == ModuleColumn ? tr("%1 (%2)").arg(groupName(group)).arg(m_groups[group].size())
                                                  : QVariant();
        case Qt::DecorationRole:
            return index.column() == ModuleColumn ? QVariant(groupIcon(group)) : QVariant();
        case Qt::FontRole: {
            QFont font;
            font.setBold(true);
            return font;
        }
        case GroupRole:
            return static_cast<int>(group);
        case IsGroupRole:
            return true;
        case OrderRole:
            return -1;
        case KeyRole:
        case ModulePathRole:
            return QString();
        case CountRole:
            return static_cast<int>(m_groups[group].size());
        default:
            return {};
        }
    }

    const Item* item = itemAt(index);
    if (!item)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ModuleColumn:
            return item->modulePath;
        case LayerColumn:
            return item->layer == db::Layer::User ? tr("user") : tr("built-in");
        case ValidatorColumn:
            return item->validator;
        case DateColumn:
            return item->date;
        default:
            return {};
        }
    case Qt::ToolTipRole: {
        QStringList lines { item->modulePath, tr("Key: %1").arg(QString::fromStdString(item->key)) };
        if (item->layer == db::Layer::User)
            lines << (item->overridesBuiltin ? tr("A user entry that overrides the built-in one")
                                             : tr("A user entry (not in the built-in database)"));
        if (!item->validator.isEmpty())
            lines << tr("Reviewed by %1 on %2").arg(item->validator, item->date);
        if (!item->notes.isEmpty())
            lines << tr("Notes: %1").arg(item->notes);
        return lines.join(u'\n');
    }
    case KeyRole:
        return QString::fromStdString(item->key);
    case GroupRole:
        return static_cast<int>(index.internalId() - 1);
    case IsGroupRole:
        return false;
    case OrderRole:
        return item->order;
    case ModulePathRole:
        return item->modulePath;
    default:
        return {};
    }
}

QVariant ReviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ModuleColumn:
        return tr("Module");
    case LayerColumn:
        return tr("Layer");
    case ValidatorColumn:
        return tr("Validator");
    case DateColumn:
        return tr("Date");
    default:
        return {};
    }
}

ReviewProxy::ReviewProxy(QObject* parent)
    : QSortFilterProxyModel(parent)
{ }

void ReviewProxy::setFilterText(const QString& text)
{
    if (text == m_text)
        return;
    m_text = text;
    invalidateFilter();
}

void ReviewProxy::setGroupFilter(std::optional<ReviewModel::Group> group)
{
    if (group == m_group)
        return;
    m_group = group;
    invalidateFilter();
}

bool ReviewProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (!sourceParent.isValid())
        return !m_group || sourceRow == *m_group;
    const QString needle = m_text.trimmed();
    if (needle.isEmpty())
        return true;
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    return i.data(ReviewModel::ModulePathRole).toString().contains(needle, Qt::CaseInsensitive)
        || i.data(ReviewModel::KeyRole).toString().contains(needle, Qt::CaseInsensitive);
}

} // namespace lmp::widgets
