// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "db/layereddatabase.h"

namespace lmp::analysis {

formula::Library libraryFrom(const db::LayeredDatabase& database, bool validatedOnly)
{
    db::SpecSelection selection = database.moduleSpecs(validatedOnly);
    for (formula::ModuleSpec& spec : selection.specs) {
        const auto* layer = database.databaseOf(spec.key);
        const auto status = layer ? layer->status(spec.key) : std::nullopt;
        spec.status = std::string(db::statusName(status.value_or(db::Status::Pending)));
        if (layer) {
            if (const auto validation = layer->validation(spec.key)) {
                spec.validator = validation->validator.value_or(std::string());
                spec.reviewDate = validation->date.value_or(std::string());
            }
            spec.layer = layer == database.user() ? "user" : "builtin";
        }
    }
    for (auto& [key, reason] : selection.excluded)
        key = formula::normalizeModuleKey(key);
    return formula::Library::build(selection.specs, {}, std::move(selection.excluded));
}

std::shared_ptr<const formula::Library> buildLibrary(const db::LayeredDatabase& database, bool validatedOnly)
{
    return std::make_shared<const formula::Library>(libraryFrom(database, validatedOnly));
}

std::variant<Workspace, QString> Workspace::load(const QString& userDatabase, bool validatedOnly)
{
    Workspace w;
    auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registry))
        return QString::fromStdString(e->describe());
    w.registry = std::move(std::get<model::ArchitectureRegistry>(registry));

    auto catalogue = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
    if (const auto* e = std::get_if<hardware::ProfileError>(&catalogue))
        return QString::fromStdString(e->describe());
    w.catalogue = std::move(std::get<hardware::Catalogue>(catalogue));

    const QString userPath = userDatabase.isEmpty() ? db::LayeredDatabase::defaultUserPath() : userDatabase;
    auto opened = db::LayeredDatabase::withBuiltin(userPath);
    if (const auto* e = std::get_if<db::DbError>(&opened)) {
        // A user database that does not load must not stop the program: use the built-in one, and say so.
        w.warnings << QString::fromStdString(e->describe());
        auto plain = db::LayeredDatabase::loadBuiltin();
        if (const auto* b = std::get_if<db::DbError>(&plain))
            return QString::fromStdString(b->describe());
        opened = db::LayeredDatabase(std::move(std::get<db::ModuleDatabase>(plain)));
    } else {
        w.databasePath = userPath;
    }
    w.library = buildLibrary(std::get<db::LayeredDatabase>(opened), validatedOnly);
    return w;
}

std::variant<model::LoadedModel, model::ModelError> Workspace::loadModel(const QString& source) const
{
    return model::loadModel(source, registry);
}

} // namespace lmp::analysis
