// SPDX-License-Identifier: GPL-3.0-or-later
#include "databasesession.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace lmp::db {

std::size_t StatusCounts::of(std::optional<Status> status) const
{
    if (!status)
        return invalid;
    switch (*status) {
    case Status::Pending:
        return pending;
    case Status::Validated:
        return validated;
    case Status::Rejected:
        return rejected;
    case Status::NeedsChanges:
        return needsChanges;
    }
    return 0;
}

DatabaseSession::DatabaseSession(QObject* parent)
    : QObject(parent)
    , m_watcher(new QFileSystemWatcher(this))
{
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DatabaseSession::fileEvent);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &DatabaseSession::fileEvent);
}

DatabaseSession::~DatabaseSession() = default;

std::optional<DbError> DatabaseSession::open(const QString& userPath)
{
    auto builtin = LayeredDatabase::loadBuiltin();
    if (auto* error = std::get_if<DbError>(&builtin))
        return *error;
    return open(std::get<ModuleDatabase>(std::move(builtin)), userPath);
}

std::optional<DbError> DatabaseSession::open(ModuleDatabase builtin, const QString& userPath)
{
    auto opened = LayeredDatabase::open(std::move(builtin), userPath);
    if (auto* error = std::get_if<DbError>(&opened))
        return *error;
    open(std::get<LayeredDatabase>(std::move(opened)));
    return std::nullopt;
}

void DatabaseSession::open(LayeredDatabase database)
{
    m_db = std::move(database);
    m_changeReported = false;
    watchUserFile();
    changed();
}

std::vector<DatabaseSession::Entry> DatabaseSession::entries() const
{
    std::vector<Entry> out;
    for (const std::string& key : m_db.keys()) {
        const ModuleDatabase* db = m_db.databaseOf(key);
        Entry e;
        e.key = db->fileKey(key).value_or(key);
        e.layer = m_db.layerOf(key)->layer;
        e.status = db->status(key);
        e.overridesBuiltin = e.layer == Layer::User && m_db.builtin().contains(key);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<DatabaseSession::Entry> DatabaseSession::entries(std::optional<Status> status) const
{
    std::vector<Entry> out;
    for (Entry& e : entries()) {
        if (e.status == status)
            out.push_back(std::move(e));
    }
    return out;
}

StatusCounts DatabaseSession::counts() const
{
    StatusCounts c;
    for (const Entry& e : entries()) {
        if (!e.status) {
            ++c.invalid;
            continue;
        }
        switch (*e.status) {
        case Status::Pending:
            ++c.pending;
            break;
        case Status::Validated:
            ++c.validated;
            break;
        case Status::Rejected:
            ++c.rejected;
            break;
        case Status::NeedsChanges:
            ++c.needsChanges;
            break;
        }
    }
    return c;
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::afterChange(
    UndoState before, std::optional<DbError> error)
{
    if (error)
        return *error;
    changed();
    return before;
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::editEntry(
    std::string_view key, Json entry, const QString& author, const QString& notes, const QDateTime& now)
{
    if (!entry.is_object())
        return DbError { userPath(), 0, 0, {}, std::string(key),
            std::string("an entry must be a JSON object, not ") + entry.type_name() };
    // An edited entry is a new proposal: pending until someone reviews it again.
    Json& validation = entry["validation"];
    if (!validation.is_object())
        validation = Json::object();
    validation["status"] = std::string(statusName(Status::Pending));
    validation["validator"] = nullptr;
    validation["date"] = nullptr;
    if (!validation.contains("notes"))
        validation["notes"] = nullptr;
    UndoState before { formula::normalizeModuleKey(key), m_db.userEntry(key) };
    if (m_db.user() && m_db.user()->contains(key))
        before.key = *m_db.user()->fileKey(key);
    auto error = m_db.upsertEntry(key, std::move(entry), author, notes, now);
    if (!error && m_db.user() && m_db.user()->contains(key))
        before.key = *m_db.user()->fileKey(key);
    return afterChange(std::move(before), std::move(error));
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::editEntryText(
    std::string_view key, std::string_view text, const QString& author, const QString& notes, const QDateTime& now)
{
    auto parsed = parseJsonText(text);
    if (auto* error = std::get_if<JsonTextError>(&parsed))
        return DbError { {}, error->line, error->column, {}, std::string(key), "the entry: " + error->message };
    return editEntry(key, std::move(std::get<ParsedJson>(parsed).value), author, notes, now);
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::addDraft(
    std::string_view key, Json entry, const QString& validator, const QString& notes, const QDateTime& now)
{
    if (!entry.is_object())
        return DbError { userPath(), 0, 0, {}, std::string(key),
            std::string("a draft must be a JSON object, not ") + entry.type_name() };
    if (!now.isValid())
        return DbError { userPath(), 0, 0, {}, std::string(key), "no valid date for the draft" };
    if (!m_db.user())
        return DbError { {}, 0, 0, {}, std::string(key), "there is no user database to add the draft to" };
    // What the draft claimed about its own review is not kept: its history, its validation.
    entry.erase("history");
    entry["validation"] = Json { { "status", std::string(statusName(Status::Pending)) },
        { "validator", validator.isEmpty() ? Json(nullptr) : Json(validator.toStdString()) },
        { "date", now.date().toString(Qt::ISODate).toStdString() },
        { "notes", notes.isEmpty() ? Json(nullptr) : Json(notes.toStdString()) } };
    UndoState before { formula::normalizeModuleKey(key), m_db.userEntry(key) };
    if (m_db.user()->contains(key))
        before.key = *m_db.user()->fileKey(key);
    auto error = m_db.upsertEntry(key, std::move(entry), validator, notes, now);
    if (!error && m_db.user()->contains(key))
        before.key = *m_db.user()->fileKey(key);
    return afterChange(std::move(before), std::move(error));
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::setStatus(
    std::string_view key, Status status, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    UndoState before { formula::normalizeModuleKey(key), m_db.userEntry(key) };
    auto error = m_db.setValidation(key, status, reviewer, notes, now);
    if (!error && m_db.user() && m_db.user()->contains(key))
        before.key = *m_db.user()->fileKey(key);
    return afterChange(std::move(before), std::move(error));
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::approve(
    std::string_view key, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    return setStatus(key, Status::Validated, reviewer, notes, now);
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::reject(
    std::string_view key, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    return setStatus(key, Status::Rejected, reviewer, notes, now);
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::requestChanges(
    std::string_view key, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    return setStatus(key, Status::NeedsChanges, reviewer, notes, now);
}

std::variant<DatabaseSession::UndoState, DbError> DatabaseSession::restore(const UndoState& state)
{
    UndoState before { state.key, m_db.userEntry(state.key) };
    if (m_db.user() && m_db.user()->contains(state.key))
        before.key = *m_db.user()->fileKey(state.key);
    return afterChange(std::move(before), m_db.restoreUserEntry(state.key, state.userEntry));
}

std::vector<Problem> DatabaseSession::checkEntry(std::string_view key, const Json& entry) const
{
    return db::checkEntry(key, entry, m_db, userPath());
}

std::vector<Problem> DatabaseSession::checkEntry(std::string_view key, std::string_view text) const
{
    return db::checkEntry(key, text, m_db, userPath());
}

std::vector<LayerRevision> DatabaseSession::history(std::string_view key) const
{
    return mergedHistory(m_db, key);
}

std::variant<std::optional<Json>, DbError> DatabaseSession::entryAt(std::string_view key, const RevisionRef& at) const
{
    return entryAtRevision(m_db, key, at);
}

std::variant<std::vector<DiffHunk>, DbError> DatabaseSession::diff(
    std::string_view key, const RevisionRef& from, const RevisionRef& to) const
{
    return diffRevisions(m_db, key, from, to);
}

std::optional<DbError> DatabaseSession::reload()
{
    if (auto error = m_db.reloadUser())
        return error;
    m_changeReported = false;
    watchUserFile();
    changed();
    return std::nullopt;
}

std::optional<DbError> DatabaseSession::save(bool overwriteChanged)
{
    if (!m_db.user())
        return DbError { {}, 0, 0, {}, {}, "there is no user database to save" };
    if (!overwriteChanged && m_db.userChangedOnDisk())
        return DbError { userPath(), 0, 0, {}, {},
            "the file changed on disk since it was loaded (another program wrote it); not overwritten: reload it,"
            " or save anyway" };
    if (auto error = m_db.saveUser(overwriteChanged))
        return error;
    m_changeReported = false;
    watchUserFile();
    changed();
    return std::nullopt;
}

void DatabaseSession::changed()
{
    Q_EMIT entriesChanged();
    const bool dirtyNow = dirty();
    if (dirtyNow != m_lastDirty) {
        m_lastDirty = dirtyNow;
        Q_EMIT dirtyChanged(dirtyNow);
    }
}

// Watches the user file and its folder: a program that saves atomically replaces the file (a rename), which ends
// the watch on the old file; the folder's change notice re-arms it.
void DatabaseSession::watchUserFile()
{
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.isEmpty())
        m_watcher->removePaths(watched);
    const QString path = userPath();
    if (path.isEmpty())
        return;
    const QFileInfo info(path);
    if (info.exists())
        m_watcher->addPath(path);
    if (info.absoluteDir().exists())
        m_watcher->addPath(info.absolutePath());
}

void DatabaseSession::fileEvent()
{
    const QString path = userPath();
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path) && !m_watcher->files().contains(path))
        m_watcher->addPath(path);
    if (m_changeReported || !changedOnDisk())
        return;
    m_changeReported = true;
    Q_EMIT fileChangedOnDisk();
}

} // namespace lmp::db
