// SPDX-License-Identifier: GPL-3.0-or-later
#include "exportpython.h"

#include "db/layereddatabase.h"
#include "export/pythonexport.h"

#include <QFileInfo>
#include <QString>

#include <variant>

namespace lmp::cli {

namespace {
constexpr int kSuccess = 0;
constexpr int kBadInput = 2;
} // namespace

int runExportPython(const ExportPythonArgs& args, std::ostream& out, std::ostream& err)
{
    if (args.dir.empty()) {
        err << "lmp: export-python takes one DIR (the package is written to DIR/generated_modules)\n";
        return kBadInput;
    }
    if (args.noBuiltin && !args.db) {
        err << "lmp: --no-builtin needs --db FILE\n";
        return kBadInput;
    }
    const QString userPath = args.db ? QString::fromStdString(*args.db) : db::LayeredDatabase::defaultUserPath();
    if (args.db && !QFileInfo::exists(userPath)) {
        err << "lmp: " << *args.db << " does not exist\n";
        return kBadInput;
    }
    auto opened = args.noBuiltin ? db::LayeredDatabase::open(db::ModuleDatabase(), userPath)
                                 : db::LayeredDatabase::withBuiltin(userPath);
    if (const auto* e = std::get_if<db::DbError>(&opened)) {
        err << "lmp: " << e->describe() << "\n";
        return kBadInput;
    }
    const auto& database = std::get<db::LayeredDatabase>(opened);
    auto result = pythonexport::exportPython(database, QString::fromStdString(args.dir), args.validatedOnly);
    if (const auto* message = std::get_if<std::string>(&result)) {
        err << "lmp: export-python: " << *message << "\n";
        return kBadInput;
    }
    const auto& summary = std::get<pythonexport::ExportSummary>(result);
    out << "wrote " << summary.modules << " module" << (summary.modules == 1 ? "" : "s") << " to "
        << summary.packageDir.toStdString() << "\n";
    for (const auto& [key, reason] : summary.excluded)
        out << "  left out " << key << ": " << reason << "\n";
    return kSuccess;
}

} // namespace lmp::cli
