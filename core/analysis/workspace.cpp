// SPDX-License-Identifier: GPL-3.0-or-later
#include "workspace.h"

#include "db/layereddatabase.h"
#include "db/lazydatabase.h"
#include "formula/token.h"

#include <algorithm>
#include <set>

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

std::optional<formula::Library> libraryFor(
    const db::LazyDatabase& database, const model::ModuleTree& tree, bool validatedOnly)
{
    // (key, whether a template calls it)
    std::vector<std::pair<std::string, bool>> pending;
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id)
        pending.emplace_back(tree.node(id).classPath, false);
    for (const auto& s : tree.substitutions()) {
        pending.emplace_back(s.from, false);
        pending.emplace_back(s.to, false);
        for (const auto& e : s.equivalents)
            pending.emplace_back(e, false);
    }
    std::set<std::string> seen, missing;
    std::vector<std::pair<std::size_t, formula::ModuleSpec>> specs;
    std::vector<std::pair<std::size_t, std::pair<std::string, std::string>>> excluded;
    while (!pending.empty()) {
        std::vector<formula::ModuleSpec> added;
        for (const auto& [key, called] : pending) {
            const std::string normalized = formula::normalizeModuleKey(key);
            if (!seen.insert(normalized).second) {
                if (called && missing.count(normalized))
                    return std::nullopt;
                continue;
            }
            auto selected = database.select(key, validatedOnly);
            if (!selected.found) {
                // A class without an entry is the analysis' to report; a template's call to an unknown module is
                // worded by the whole library (with the nearest key it knows).
                if (called)
                    return std::nullopt;
                missing.insert(normalized);
                continue;
            }
            if (!selected.excludedReason.empty())
                excluded.push_back({ selected.position,
                    { formula::normalizeModuleKey(selected.fileKey), std::move(selected.excludedReason) } });
            else if (selected.spec) {
                added.push_back(*selected.spec);
                specs.emplace_back(selected.position, std::move(*selected.spec));
            }
        }
        pending.clear();
        // The modules the new entries' templates call: the module keys their tokens name, without compiling them
        // (the library below compiles each template once). Where a template does not lex, the entries are compiled
        // for the calls the compiler finds, as the library will.
        bool lexes = true;
        std::vector<std::pair<std::string, bool>> calls;
        const auto scan = [&](const std::string& text) {
            for (const formula::Token& t : formula::tokenize(text)) {
                if (t.kind == formula::TokenKind::Error)
                    lexes = false;
                else if (t.kind == formula::TokenKind::ModuleKey)
                    calls.emplace_back(std::string(t.innerText(text)), true);
            }
        };
        for (const formula::ModuleSpec& spec : added) {
            for (const auto& text : spec.templates) {
                if (text)
                    scan(*text);
            }
            for (const auto& item : spec.breakdown)
                scan(item.second);
        }
        if (lexes) {
            pending = std::move(calls);
            continue;
        }
        const formula::Library probe = formula::Library::build(added);
        for (formula::ModuleId id = 0; id < probe.moduleCount(); ++id) {
            for (const std::string& key : probe.breakdownCalledModules(id))
                pending.emplace_back(key, true);
            for (formula::Kind kind : formula::kAllKinds) {
                for (const std::string& key : probe.calledModules(id, kind))
                    pending.emplace_back(key, true);
            }
        }
    }
    std::sort(specs.begin(), specs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(excluded.begin(), excluded.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<formula::ModuleSpec> ordered;
    ordered.reserve(specs.size());
    for (auto& s : specs)
        ordered.push_back(std::move(s.second));
    std::vector<std::pair<std::string, std::string>> reasons;
    for (auto& e : excluded)
        reasons.push_back(std::move(e.second));
    return formula::Library::build(ordered, {}, std::move(reasons));
}

namespace {

// The architectures and hardware profiles, built in plus the user's folders.
std::optional<QString> loadDefinitions(Workspace& w)
{
    auto registry = model::ArchitectureRegistry::loadBuiltin({ model::ArchitectureRegistry::defaultUserFolder() });
    if (const auto* e = std::get_if<model::ModelError>(&registry))
        return QString::fromStdString(e->describe());
    w.registry = std::move(std::get<model::ArchitectureRegistry>(registry));
    auto catalogue = hardware::Catalogue::loadBuiltin({ hardware::Catalogue::defaultUserFolder() });
    if (const auto* e = std::get_if<hardware::ProfileError>(&catalogue))
        return QString::fromStdString(e->describe());
    w.catalogue = std::move(std::get<hardware::Catalogue>(catalogue));
    return std::nullopt;
}

} // namespace

LoadedDatabase Workspace::loadDatabase(const QString& userDatabase, bool validatedOnly)
{
    LoadedDatabase out;
    const QString userPath = userDatabase.isEmpty() ? db::LayeredDatabase::defaultUserPath() : userDatabase;
    auto opened = db::LayeredDatabase::withBuiltin(userPath);
    if (const auto* e = std::get_if<db::DbError>(&opened)) {
        // A user database that does not load must not stop the program: use the built-in one, and say so.
        out.warnings << QString::fromStdString(e->describe());
        auto plain = db::LayeredDatabase::loadBuiltin();
        if (const auto* b = std::get_if<db::DbError>(&plain)) {
            out.error = QString::fromStdString(b->describe());
            return out;
        }
        opened = db::LayeredDatabase(std::move(std::get<db::ModuleDatabase>(plain)));
    } else {
        out.databasePath = userPath;
    }
    out.database = std::make_shared<db::LayeredDatabase>(std::move(std::get<db::LayeredDatabase>(opened)));
    out.library = buildLibrary(*out.database, validatedOnly);
    return out;
}

std::variant<Workspace, QString> Workspace::load(
    const QString& userDatabase, bool validatedOnly, std::optional<db::LayeredDatabase>* database)
{
    Workspace w;
    if (auto error = loadDefinitions(w))
        return *error;
    LoadedDatabase loaded = loadDatabase(userDatabase, validatedOnly);
    if (!loaded.error.isEmpty())
        return loaded.error;
    w.library = std::move(loaded.library);
    w.databasePath = loaded.databasePath;
    w.warnings = loaded.warnings;
    w.validatedOnly = validatedOnly;
    if (database)
        database->emplace(std::move(*loaded.database));
    return w;
}

std::variant<Workspace, QString> Workspace::loadLazily(const QString& userDatabase, bool validatedOnly)
{
    Workspace w;
    if (auto error = loadDefinitions(w))
        return *error;
    const QString userPath = userDatabase.isEmpty() ? db::LayeredDatabase::defaultUserPath() : userDatabase;
    auto opened = db::LazyDatabase::withBuiltin(userPath);
    if (std::holds_alternative<db::DbError>(opened)) {
        // A user database that does not load: the built-in one alone (loadDatabase() says why, as load() does).
        opened = db::LazyDatabase::withBuiltin(QString());
        if (const auto* b = std::get_if<db::DbError>(&opened))
            return QString::fromStdString(b->describe());
    }
    w.lazyDatabase = std::make_shared<const db::LazyDatabase>(std::get<db::LazyDatabase>(std::move(opened)));
    w.databasePath = userPath;
    w.validatedOnly = validatedOnly;
    return w;
}

std::shared_ptr<const formula::Library> Workspace::libraryForTree(const model::ModuleTree& tree) const
{
    if (library)
        return library;
    if (!lazyDatabase)
        return nullptr;
    if (auto lazy = libraryFor(*lazyDatabase, tree, validatedOnly))
        return std::make_shared<const formula::Library>(std::move(*lazy));
    // A template calls a module no layer holds: the whole library words the error.
    if (const db::LayeredDatabase* eager = lazyDatabase->eager())
        return buildLibrary(*eager, validatedOnly);
    return loadDatabase(lazyDatabase->userPath(), validatedOnly).library;
}

std::variant<model::LoadedModel, model::ModelError> Workspace::loadModel(const QString& source) const
{
    return model::loadModel(source, registry);
}

} // namespace lmp::analysis
