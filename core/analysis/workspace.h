// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/architecture.h"
#include "model/modelloader.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <variant>

namespace lmp::db {
class LayeredDatabase;
class LazyDatabase;
} // namespace lmp::db

namespace lmp::analysis {

// The formula library an analysis uses from a database: every winning entry with its review status (results that
// rest on a pending or needs-changes entry are marked), rejected entries never (a call to one, or a module of that
// class, says it is rejected), and with validatedOnly nothing that is not validated.
formula::Library libraryFrom(const db::LayeredDatabase& database, bool validatedOnly = false);
std::shared_ptr<const formula::Library> buildLibrary(const db::LayeredDatabase& database, bool validatedOnly = false);
// The library an analysis of this tree needs and nothing more: the entries of its classes (and of the classes its
// config switches to) and every entry their templates call, read from the database lazily. Its analyses of the tree
// are identical to those with libraryFrom()'s library (the entries keep their file order, so ids sort alike); null
// when a template calls a module no layer holds (the whole library then words the error, with its suggestion).
std::optional<formula::Library> libraryFor(
    const db::LazyDatabase& database, const model::ModuleTree& tree, bool validatedOnly = false);

// The database half of Workspace::load(): the whole database (built-in plus the user's) and the library built from
// it, for a window that starts on libraryFor()'s library and takes these over when they are ready.
struct LoadedDatabase
{
    std::shared_ptr<const formula::Library> library; // null when even the built-in database did not load (error)
    std::shared_ptr<db::LayeredDatabase> database;
    QString databasePath; // the user database layered over the built-in one ("" when none)
    QStringList warnings; // a user database that does not load
    QString error; // the built-in database does not load
};

// What an analysis needs besides a model: the architecture definitions, the formula library built from the
// module database (built-in plus the user's), and the hardware profiles. Loaded once; read-only afterwards,
// so analyses on several threads may share it.
struct Workspace
{
    model::ArchitectureRegistry registry;
    std::shared_ptr<const formula::Library> library;
    hardware::Catalogue catalogue;
    QString databasePath; // the user database layered over the built-in one ("" when none)
    QStringList warnings; // problems that did not stop loading (a user database that does not load)
    // A workspace from loadLazily(): library is null until the whole database is loaded (loadDatabase()), and
    // analyses meanwhile take libraryFor() this database, the tree's entries alone.
    std::shared_ptr<const db::LazyDatabase> lazyDatabase;
    bool validatedOnly = false; // the library (or lazyDatabase's selections) holds validated entries only

    // The built-in data plus the user's folders and database (paths empty: the defaults). validatedOnly: the library
    // holds validated entries only.
    // opened, when given, receives the database the library was built from (the window's review session takes it
    // over instead of reading the files again).
    static std::variant<Workspace, QString> load(const QString& userDatabase = {}, bool validatedOnly = false,
        std::optional<db::LayeredDatabase>* database = nullptr);
    // The same without the whole database: the built-in entries indexed (lazyDatabase), the user database read,
    // library null; databasePath is the user database to load with loadDatabase().
    static std::variant<Workspace, QString> loadLazily(const QString& userDatabase = {}, bool validatedOnly = false);
    // The whole database and its library, as load() reads them (any thread).
    static LoadedDatabase loadDatabase(const QString& userDatabase = {}, bool validatedOnly = false);
    // The library an analysis of this tree uses: the whole library, or while there is none, libraryFor() the lazy
    // database (the whole database read for it where that cannot serve). Null only when neither loads.
    std::shared_ptr<const formula::Library> libraryForTree(const model::ModuleTree& tree) const;
    // Reads a model with this workspace's architectures.
    std::variant<model::LoadedModel, model::ModelError> loadModel(const QString& source) const;
};

} // namespace lmp::analysis
