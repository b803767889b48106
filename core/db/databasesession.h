// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The module database as an interactive reviewer works on it (the review pane, an agent's drafts): the built-in
// database under the user's file, entries by status, edits and reviews that an undo stack can take back, the
// history on both layers with word-level diffs, and a user file that another program may change meanwhile.

#include "dbcheck.h"
#include "history.h"
#include "layereddatabase.h"
#include "moduledatabase.h"
#include "worddiff.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

class QFileSystemWatcher;

namespace lmp::db {

// Counts over the winning entries (one per module).
struct StatusCounts
{
    std::size_t pending = 0;
    std::size_t validated = 0;
    std::size_t rejected = 0;
    std::size_t needsChanges = 0;
    std::size_t invalid = 0; // entries with schema errors: no status can be read

    // nullopt: invalid
    std::size_t of(std::optional<Status> status) const;
    std::size_t total() const { return pending + validated + rejected + needsChanges + invalid; }
};

class DatabaseSession : public QObject
{
    Q_OBJECT

public:
    struct Entry
    {
        std::string key; // as in its file
        Layer layer = Layer::Builtin; // the layer whose entry wins
        std::optional<Status> status; // nullopt: the entry is invalid (schema errors)
        bool overridesBuiltin = false; // a user entry hiding a built-in one
    };

    // What an undo needs: the user layer's entry for a key before a change, or nullopt when the user layer did not
    // hold that key (undoing the first edit of a built-in entry removes the user copy again).
    struct UndoState
    {
        std::string key;
        std::optional<Json> userEntry;
    };

    // An empty built-in layer and no user file, until open().
    explicit DatabaseSession(QObject* parent = nullptr);
    ~DatabaseSession() override;

    // Opens the built-in database (the Qt resource) under the user file (an absent file is an empty layer, created
    // by the first save). A file that does not load is refused with its file, line and column; then the session
    // stays as it was and the file is not touched.
    std::optional<DbError> open(const QString& userPath = LayeredDatabase::defaultUserPath());
    std::optional<DbError> open(ModuleDatabase builtin, const QString& userPath);
    // Takes over a database opened already (the one the program's library was built from).
    void open(LayeredDatabase database);

    const LayeredDatabase& database() const { return m_db; }
    QString userPath() const { return m_db.userPath(); }

    // Entries
    // The winning entries in LayeredDatabase::keys() order.
    std::vector<Entry> entries() const;
    // Those with one status (nullopt: the invalid ones).
    std::vector<Entry> entries(std::optional<Status> status) const;
    StatusCounts counts() const;

    // Changes. Each goes to the user layer (a built-in entry is copied there first) with a history revision, and
    // returns what restore() needs to take it back; on an error nothing changed.
    // Replaces an entry (or adds one): a new revision with status pending (validator and date cleared).
    std::variant<UndoState, DbError> editEntry(std::string_view key, Json entry, const QString& author,
        const QString& notes, const QDateTime& now = QDateTime::currentDateTimeUtc());
    // The same from JSON text (untrusted: not JSON is an error with its line and column).
    std::variant<UndoState, DbError> editEntryText(std::string_view key, std::string_view text, const QString& author,
        const QString& notes, const QDateTime& now = QDateTime::currentDateTimeUtc());
    // Lands an agent's draft (already sanitized and checked: agent::sanitizeDraft(), agent::checkDraft()) in the user
    // layer: validation {status pending, validator (e.g. "agent:anthropic/claude-sonnet-4-5"), date (now's,
    // YYYY-MM-DD), notes}, and a revision by the validator with those notes ("drafted by ... from prompt
    // lmp-module-prompt/1 sha256:..."); any history the entry claims is dropped. An existing user entry is replaced as
    // a new revision, its history kept (a built-in entry is copied to the user layer first). The revision's action is
    // the database's: "create" for a new entry, "edit" for a replaced one (its author says it was an agent).
    std::variant<UndoState, DbError> addDraft(std::string_view key, Json entry, const QString& validator,
        const QString& notes, const QDateTime& now = QDateTime::currentDateTimeUtc());
    // A review: validation {status, validator, date, notes} and a revision.
    std::variant<UndoState, DbError> setStatus(std::string_view key, Status status, const QString& reviewer,
        const QString& notes, const QDateTime& now = QDateTime::currentDateTimeUtc());
    std::variant<UndoState, DbError> approve(std::string_view key, const QString& reviewer, const QString& notes,
        const QDateTime& now = QDateTime::currentDateTimeUtc());
    std::variant<UndoState, DbError> reject(std::string_view key, const QString& reviewer, const QString& notes,
        const QDateTime& now = QDateTime::currentDateTimeUtc());
    std::variant<UndoState, DbError> requestChanges(std::string_view key, const QString& reviewer, const QString& notes,
        const QDateTime& now = QDateTime::currentDateTimeUtc());
    // Puts a state back exactly (no revision is recorded) and returns the state it replaced: undo restores what a
    // change returned, redo restores what undo returned.
    std::variant<UndoState, DbError> restore(const UndoState& state);

    // Checks an entry against the session's database without changing it (see db::checkEntry()).
    std::vector<Problem> checkEntry(std::string_view key, const Json& entry) const;
    std::vector<Problem> checkEntry(std::string_view key, std::string_view text) const;
    std::vector<Problem> checkEntry(std::string_view key, const std::string& text) const
    {
        return checkEntry(key, std::string_view(text));
    }
    std::vector<Problem> checkEntry(std::string_view key, const char* text) const
    {
        return checkEntry(key, std::string_view(text));
    }

    // History
    std::vector<LayerRevision> history(std::string_view key) const;
    std::variant<std::optional<Json>, DbError> entryAt(std::string_view key, const RevisionRef& at) const;
    std::variant<std::vector<DiffHunk>, DbError> diff(
        std::string_view key, const RevisionRef& from, const RevisionRef& to) const;

    // The analysis' view: see LayeredDatabase::moduleSpecs(bool).
    SpecSelection moduleSpecs(bool validatedOnly) const { return m_db.moduleSpecs(validatedOnly); }

    // The user file
    // Changed since opened, reloaded or saved (an undo back to the saved state is clean again).
    bool dirty() const { return m_db.dirty(); }
    // Whether another program changed the user file since it was loaded or saved (size, then SHA-256).
    bool changedOnDisk() const { return m_db.userChangedOnDisk(); }
    // Reads the user file again, dropping unsaved changes (an undo stack holding states of the old file should be
    // cleared). A file that does not load is an error, and then neither the session nor the file changes.
    std::optional<DbError> reload();
    // Writes the user layer atomically (temporary file, then rename), creating the file and its folder. Refuses to
    // overwrite a file changed on disk unless overwriteChanged.
    std::optional<DbError> save(bool overwriteChanged = false);

Q_SIGNALS:
    // Entries changed: an edit, a review, a restore, a reload or an open.
    void entriesChanged();
    void dirtyChanged(bool dirty);
    // Another program changed (or removed, or created) the user file: once per change, until reload() or save().
    void fileChangedOnDisk();

private:
    std::variant<UndoState, DbError> afterChange(UndoState before, std::optional<DbError> error);
    void changed();
    void watchUserFile();
    void fileEvent();

    LayeredDatabase m_db;
    QFileSystemWatcher* m_watcher = nullptr;
    bool m_lastDirty = false;
    bool m_changeReported = false;
};

} // namespace lmp::db
