// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "moduledatabase.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::db {

enum class Layer { Builtin, User };

struct LayerInfo
{
    Layer layer = Layer::Builtin;
    QString file;
    // "built-in" or "user"
    QString name() const;
};

// The specs an analysis may use, and the entries it may not, with the reason.
struct SpecSelection
{
    std::vector<formula::ModuleSpec> specs;
    // (key as in its file, reason): "rejected", "pending: excluded by --validated-only",
    // "needs_changes: excluded by --validated-only", "invalid: the entry has schema errors (lmp db check)"
    std::vector<std::pair<std::string, std::string>> excluded;
};

// The built-in database (shipped as a Qt resource, read-only) under an optional user database (a writable file).
// The user layer wins for a key it holds; mutations go to the user layer.
class LayeredDatabase
{
public:
    static constexpr const char* kBuiltinResource = ":/lmp/module_db.json";
    // QStandardPaths::AppDataLocation + "/module_db.json"
    static QString defaultUserPath();
    static std::variant<ModuleDatabase, DbError> loadBuiltin();

    // The built-in layer from the resource, the user layer from userPath (empty: none). An absent user file is an
    // empty layer, created on the first saveUser(); an existing file that does not load is an error.
    static std::variant<LayeredDatabase, DbError> withBuiltin(const QString& userPath = defaultUserPath());
    static std::variant<LayeredDatabase, DbError> open(ModuleDatabase builtin, const QString& userPath);
    // No user layer.
    explicit LayeredDatabase(ModuleDatabase builtin = {});

    const ModuleDatabase& builtin() const { return m_builtin; }
    // Null without a user layer.
    const ModuleDatabase* user() const { return m_user ? &*m_user : nullptr; }
    QString userPath() const { return m_user ? m_user->origin() : QString(); }

    // Built-in keys in file order, then the user-only keys in theirs.
    std::vector<std::string> keys() const;
    bool contains(std::string_view key) const;
    const Json* entry(std::string_view key) const;
    std::optional<LayerInfo> layerOf(std::string_view key) const;
    // The layer's database that holds the winning entry, or null.
    const ModuleDatabase* databaseOf(std::string_view key) const;
    // The winning entries' specs (an invalid user entry hides the built-in one: it is left out).
    std::vector<formula::ModuleSpec> moduleSpecs() const;
    // The winning entries' specs without the rejected entries, and without every entry that is not validated when
    // validatedOnly; the entries left out (invalid ones too) are listed with the reason, in keys() order.
    SpecSelection moduleSpecs(bool validatedOnly) const;
    // Schema problems of both layers.
    std::vector<DbError> schemaErrors() const;

    // As ModuleDatabase's, on the user layer; a built-in entry is first copied there.
    std::optional<DbError> setValidation(
        std::string_view key, Status status, const QString& reviewer, const QString& notes, const QDateTime& now);
    std::optional<DbError> upsertEntry(
        std::string_view key, Json entry, const QString& author, const QString& notes, const QDateTime& now);
    // The user layer's entry for a key as it is now (to undo a change), or nullopt when the layer does not hold it.
    std::optional<Json> userEntry(std::string_view key) const;
    // Puts back what userEntry() returned before a change: the entry as it was, or, for nullopt, no user entry (a
    // built-in entry shows again). Records no revision. An error without a user layer.
    std::optional<DbError> restoreUserEntry(std::string_view key, const std::optional<Json>& entry);

    bool dirty() const { return m_user && m_user->dirty(); }
    // Whether the user file changed on disk since it was loaded or saved (see ModuleDatabase::changedOnDisk()).
    bool userChangedOnDisk() const { return m_user && m_user->changedOnDisk(); }
    // Reads the user file again (unsaved changes are dropped). A file that does not load is an error, and then
    // nothing changes; a file that no longer exists is an empty layer again.
    std::optional<DbError> reloadUser();
    // Saves the user layer to its file (creating its folder); an error without a user layer, or when the file
    // changed on disk since it was loaded unless overwriteChanged.
    std::optional<DbError> saveUser(bool overwriteChanged = false);

private:
    static ModuleDatabase emptyUserLayer(const QString& path);
    std::optional<DbError> prepareUserEntry(std::string_view key, bool& copied);
    void dropUnchangedCopy(std::string_view key, bool copied, bool failed);

    ModuleDatabase m_builtin;
    std::optional<ModuleDatabase> m_user;
};

} // namespace lmp::db
