// SPDX-License-Identifier: GPL-3.0-or-later
#include "layereddatabase.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace lmp::db {

QString LayerInfo::name() const
{
    return layer == Layer::Builtin ? QStringLiteral("built-in") : QStringLiteral("user");
}

QString LayeredDatabase::defaultUserPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/module_db.json");
}

std::variant<ModuleDatabase, DbError> LayeredDatabase::loadBuiltin()
{
    return ModuleDatabase::loadFile(QString::fromLatin1(kBuiltinResource));
}

std::variant<LayeredDatabase, DbError> LayeredDatabase::withBuiltin(const QString& userPath)
{
    auto builtin = loadBuiltin();
    if (auto* error = std::get_if<DbError>(&builtin))
        return *error;
    return open(std::get<ModuleDatabase>(std::move(builtin)), userPath);
}

std::variant<LayeredDatabase, DbError> LayeredDatabase::open(ModuleDatabase builtin, const QString& userPath)
{
    LayeredDatabase db(std::move(builtin));
    if (userPath.isEmpty())
        return db;
    const QFileInfo info(userPath);
    if (!info.exists() && !info.isSymLink()) {
        db.m_user = emptyUserLayer(userPath);
        return db;
    }
    auto user = ModuleDatabase::loadFile(userPath);
    if (auto* error = std::get_if<DbError>(&user))
        return *error;
    db.m_user = std::get<ModuleDatabase>(std::move(user));
    return db;
}

ModuleDatabase LayeredDatabase::emptyUserLayer(const QString& path)
{
    ModuleDatabase empty;
    empty.m_origin = path;
    empty.m_disk = ModuleDatabase::DiskState { true, false, 0, {} };
    return empty;
}

LayeredDatabase::LayeredDatabase(ModuleDatabase builtin)
    : m_builtin(std::move(builtin))
{ }

std::vector<std::string> LayeredDatabase::keys() const
{
    // A second key for the same module inside one layer ("torch.nn.Linear" after "torch__nn__Linear") is a schema
    // error of that layer, not a module of its own.
    std::vector<std::string> out;
    for (const std::string& key : m_builtin.keys()) {
        if (m_builtin.fileKey(key) == key)
            out.push_back(key);
    }
    if (m_user) {
        for (const std::string& key : m_user->keys()) {
            if (m_user->fileKey(key) == key && !m_builtin.contains(key))
                out.push_back(key);
        }
    }
    return out;
}

bool LayeredDatabase::contains(std::string_view key) const
{
    return databaseOf(key) != nullptr;
}

const ModuleDatabase* LayeredDatabase::databaseOf(std::string_view key) const
{
    if (m_user && m_user->contains(key))
        return &*m_user;
    if (m_builtin.contains(key))
        return &m_builtin;
    return nullptr;
}

const Json* LayeredDatabase::entry(std::string_view key) const
{
    const ModuleDatabase* db = databaseOf(key);
    return db ? db->entry(key) : nullptr;
}

std::optional<LayerInfo> LayeredDatabase::layerOf(std::string_view key) const
{
    const ModuleDatabase* db = databaseOf(key);
    if (!db)
        return std::nullopt;
    return LayerInfo { db == &m_builtin ? Layer::Builtin : Layer::User, db->origin() };
}

std::vector<formula::ModuleSpec> LayeredDatabase::moduleSpecs() const
{
    std::vector<formula::ModuleSpec> out;
    for (const std::string& key : keys()) {
        if (auto spec = databaseOf(key)->moduleSpec(key))
            out.push_back(std::move(*spec));
    }
    return out;
}

SpecSelection LayeredDatabase::moduleSpecs(bool validatedOnly) const
{
    SpecSelection out;
    for (const std::string& key : keys()) {
        const ModuleDatabase* db = databaseOf(key);
        const std::string fileKey = db->fileKey(key).value_or(key);
        const auto status = db->status(key);
        if (!status) {
            out.excluded.emplace_back(fileKey, "invalid: the entry has schema errors (lmp db check)");
        } else if (*status == Status::Rejected) {
            out.excluded.emplace_back(fileKey, "rejected");
        } else if (validatedOnly && *status != Status::Validated) {
            out.excluded.emplace_back(fileKey, std::string(statusName(*status)) + ": excluded by --validated-only");
        } else if (auto spec = db->moduleSpec(key)) {
            out.specs.push_back(std::move(*spec));
        }
    }
    return out;
}

std::vector<DbError> LayeredDatabase::schemaErrors() const
{
    std::vector<DbError> out = m_builtin.schemaErrors();
    if (m_user)
        out.insert(out.end(), m_user->schemaErrors().begin(), m_user->schemaErrors().end());
    return out;
}

std::optional<DbError> LayeredDatabase::prepareUserEntry(std::string_view key, bool& copied)
{
    copied = false;
    if (!m_user)
        return DbError { {}, 0, 0, {}, std::string(key), "there is no user database to write to" };
    if (m_user->contains(key) || !m_builtin.contains(key))
        return std::nullopt;
    // Copy the built-in entry as it is: the copy itself is no revision, the change made to it will be.
    const std::string fileKey = *m_builtin.fileKey(key);
    m_user->modules()[fileKey] = *m_builtin.entry(key);
    m_user->m_touched.insert(formula::normalizeModuleKey(fileKey));
    m_user->rebuild();
    copied = true;
    return std::nullopt;
}

void LayeredDatabase::dropUnchangedCopy(std::string_view key, bool copied, bool failed)
{
    if (!copied || (!failed && *m_user->entry(key) != *m_builtin.entry(key)))
        return;
    m_user->modules().erase(*m_user->fileKey(key));
    m_user->m_touched.erase(formula::normalizeModuleKey(key));
    m_user->rebuild();
}

std::optional<DbError> LayeredDatabase::setValidation(
    std::string_view key, Status status, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    bool copied = false;
    if (auto error = prepareUserEntry(key, copied))
        return error;
    auto error = m_user->setValidation(key, status, reviewer, notes, now);
    dropUnchangedCopy(key, copied, error.has_value());
    return error;
}

std::optional<DbError> LayeredDatabase::upsertEntry(
    std::string_view key, Json entry, const QString& author, const QString& notes, const QDateTime& now)
{
    bool copied = false;
    if (auto error = prepareUserEntry(key, copied))
        return error;
    auto error = m_user->upsertEntry(key, std::move(entry), author, notes, now);
    dropUnchangedCopy(key, copied, error.has_value());
    return error;
}

std::optional<Json> LayeredDatabase::userEntry(std::string_view key) const
{
    if (!m_user || !m_user->contains(key))
        return std::nullopt;
    return *m_user->entry(key);
}

std::optional<DbError> LayeredDatabase::restoreUserEntry(std::string_view key, const std::optional<Json>& entry)
{
    if (!m_user)
        return DbError { {}, 0, 0, {}, std::string(key), "there is no user database to write to" };
    if (!formula::isValidModuleKey(key))
        return DbError { m_user->origin(), 0, 0, {}, std::string(key),
            "'" + std::string(key) + "' is not a module key" };
    m_user->restoreEntry(key, entry);
    return std::nullopt;
}

std::optional<DbError> LayeredDatabase::reloadUser()
{
    if (!m_user)
        return DbError { {}, 0, 0, {}, {}, "there is no user database to reload" };
    const QString path = m_user->origin();
    const QFileInfo info(path);
    if (!info.exists() && !info.isSymLink()) {
        m_user = emptyUserLayer(path);
        return std::nullopt;
    }
    auto loaded = ModuleDatabase::loadFile(path);
    if (auto* error = std::get_if<DbError>(&loaded))
        return *error;
    m_user = std::get<ModuleDatabase>(std::move(loaded));
    return std::nullopt;
}

std::optional<DbError> LayeredDatabase::saveUser(bool overwriteChanged)
{
    if (!m_user)
        return DbError { {}, 0, 0, {}, {}, "there is no user database to save" };
    const QString path = m_user->origin();
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        return DbError { path, 0, 0, {}, {}, "cannot create the folder " + info.absolutePath().toStdString() };
    return m_user->save(path, overwriteChanged);
}

} // namespace lmp::db
