// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The module database (module_db.json): per-module formula templates, reviewed by people.
// The parsed JSON document is the source of truth; typed views are derived from it and mutations edit it,
// so that unknown fields at any level and the key order survive a load/save round trip byte for byte.

#include "formula/kind.h"
#include "formula/library.h"
#include "jsontext.h"

#include <QDateTime>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

namespace lmp::db {

// The schema this program writes. It reads 1 (the seed's flat object of entries) and 2.
inline constexpr int kSchemaVersion = 2;

enum class Status { Pending, Validated, Rejected, NeedsChanges };
// "pending", "validated", "rejected", "needs_changes"
std::string_view statusName(Status status);
std::optional<Status> statusFromName(std::string_view name);
// The history action a review with that outcome records: "edit", "validate", "reject", "request_changes".
std::string_view statusAction(Status status);

// A problem with a database file: a load error, or a schema problem of one entry.
struct DbError
{
    QString file;
    int line = 0; // 1-based; 0 when not known
    int column = 0; // 1-based, in characters
    std::string pointer; // JSON pointer of the field in the file: /modules/torch__nn__Linear/flop_analysis/parameters/1
    std::string key; // the module key the problem belongs to; empty for a problem of the whole file
    std::string message;

    // "db.json:12:7: /modules/x/flop_analysis/parameters/1: expected a string, found number"
    std::string describe() const;
};

// The review state of an entry (validation {...}).
struct Validation
{
    Status status = Status::Pending;
    std::optional<std::string> validator;
    std::optional<std::string> date; // YYYY-MM-DD
    std::optional<std::string> notes;
};

// One earlier revision of an entry (history [...]).
struct Revision
{
    struct Change
    {
        std::string pointer; // inside the entry: /validation/status
        Json oldValue; // null where the field did not exist
        Json newValue; // null where the field was removed
    };
    int revision = 0;
    std::string date; // ISO 8601, UTC: 2024-05-01T12:00:00Z
    std::string author;
    std::string action; // validate, reject, request_changes, edit, create
    std::string notes;
    std::vector<Change> changes;
};

// The schema problems of one entry, as (JSON pointer inside the entry, message), in the order of its fields: wrong
// types, missing required fields, bad status, date, parameter names or history. The key is not checked here.
std::vector<std::pair<std::string, std::string>> entrySchemaProblems(const Json& entry);
// The library's view of an entry without schema problems (entrySchemaProblems() empty); key in either form.
formula::ModuleSpec moduleSpecFromEntry(std::string_view key, const Json& entry);

class ModuleDatabase
{
public:
    // An empty schema-2 database.
    ModuleDatabase();

    // Reads a file (or a Qt resource such as :/lmp/module_db.json). Errors: unreadable path, not UTF-8, not JSON
    // (with the line and column), top level not an object, unsupported schema_version. Problems inside entries do
    // not fail the load: see schemaErrors().
    static std::variant<ModuleDatabase, DbError> loadFile(const QString& path);
    // The same from text; origin names it in errors. Never throws, whatever the bytes.
    static std::variant<ModuleDatabase, DbError> fromJson(std::string_view text, const QString& origin);

    const QString& origin() const { return m_origin; }
    // The schema of the text it was loaded from (1 or 2); the document itself is always in schema 2's form.
    int sourceSchemaVersion() const { return m_sourceSchema; }
    // {"schema_version": 2, "modules": {...}, ...unknown fields}
    const Json& document() const { return m_doc; }

    // Keys in file order, as written in the file.
    std::vector<std::string> keys() const;
    std::size_t size() const;
    // Lookups accept either key form (torch__nn__Linear or torch.nn.Linear).
    bool contains(std::string_view key) const;
    // The key as written in the file, if the database holds that module.
    std::optional<std::string> fileKey(std::string_view key) const;
    const Json* entry(std::string_view key) const;

    // Schema problems of entries (wrong type, missing required field, bad status, duplicate key), in file order.
    const std::vector<DbError>& schemaErrors() const { return m_schemaErrors; }
    // Present and without schema problems.
    bool isValid(std::string_view key) const;

    // Typed views; nullopt for an absent or invalid entry.
    std::optional<Validation> validation(std::string_view key) const;
    std::optional<Status> status(std::string_view key) const;
    std::vector<Revision> history(std::string_view key) const;
    std::optional<formula::ModuleSpec> moduleSpec(std::string_view key) const;
    // Specs of every valid entry, in file order. A missing matmul_template or params_template is nullopt.
    std::vector<formula::ModuleSpec> moduleSpecs() const;

    // Best-effort line and column of a field of an entry ("/flop_analysis/parameters/1"; "" for the entry) in the
    // text the database was loaded from or last saved as; {0, 0} when not known.
    std::pair<int, int> locate(std::string_view key, std::string_view entryPointer) const;
    // The JSON pointer of that field in the file: /modules/<key><entryPointer> (schema 2) or /<key><entryPointer>.
    std::string filePointer(std::string_view key, std::string_view entryPointer) const;

    // Sets validation {status, validator, date (now's date, YYYY-MM-DD), notes (null when empty)} and appends a
    // history revision with the changed fields' old and new values. Changing nothing records nothing.
    std::optional<DbError> setValidation(
        std::string_view key, Status status, const QString& reviewer, const QString& notes, const QDateTime& now);
    // Adds or replaces an entry (stored under the normalized key). Records a "create" or "edit" revision with the
    // changed top-level fields; the stored entry keeps the history it had (or the one `entry` brings when new).
    std::optional<DbError> upsertEntry(
        std::string_view key, Json entry, const QString& author, const QString& notes, const QDateTime& now);
    // Puts an entry back as it was, recording no revision (nullopt: removes it): the inverse of an edit, for undo.
    // An entry the database does not hold is added at the end under `key` as given.
    void restoreEntry(std::string_view key, const std::optional<Json>& entry);
    // Changed since loaded or saved. After restoreEntry(): whether the text save() would write differs from the file.
    bool dirty() const { return m_dirty; }
    // Whether the file it was loaded from or saved to changed on disk since (written by another program, removed,
    // or created where there was none): the size, then the SHA-256 of the content. False for a resource or a
    // database not tied to a file.
    bool changedOnDisk() const;

    // The text save() writes: pretty-printed with 2 spaces, "\n" at the end. Fails on a string that is not UTF-8.
    std::variant<std::string, DbError> toJsonText() const;
    // Writes atomically (temporary file, then rename). A failed save leaves the file as it was and no temporary
    // file behind. Saving over the file it was loaded from fails if that file changed on disk meanwhile.
    // On success the database is clean, its origin is path and positions refer to the text written.
    // overwriteChanged: write even over a file that changed on disk since (the user chose to).
    std::optional<DbError> save(const QString& path, bool overwriteChanged = false);

private:
    friend class LayeredDatabase;

    struct DiskState
    {
        bool known = false; // false: not tied to a file on disk
        bool exists = false;
        qint64 size = 0;
        QByteArray sha256;
    };

    Json& modules() { return m_doc["modules"]; }
    const Json& modules() const { return m_doc.at("modules"); }
    Json* mutableEntry(std::string_view key);
    void rebuild();
    DbError errorAt(std::string key, std::string entryPointer, std::string message) const;
    std::optional<DbError> checkDisk(const QString& path) const;
    static DiskState diskStateOf(const QString& path);
    void updateDirtyFromDisk();
    void appendRevision(Json& entry, const std::string& author, const std::string& action, const std::string& notes,
        const QDateTime& now, Json changes);

    Json m_doc;
    QString m_origin;
    int m_sourceSchema = kSchemaVersion;
    std::string m_text; // the text positions refer to
    std::string m_textModulesPointer = "/modules"; // where the entries sit in m_text
    std::vector<DbError> m_parseErrors; // duplicate keys: a property of m_text, not of m_doc
    std::vector<DbError> m_schemaErrors;
    std::unordered_map<std::string, std::size_t> m_index; // normalized key -> position in modules
    std::vector<bool> m_valid; // by position in modules
    std::unordered_set<std::string> m_touched; // normalized keys changed since m_text
    DiskState m_disk;
    bool m_dirty = false;
};

} // namespace lmp::db
