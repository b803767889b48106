// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <iostream>
#include <optional>
#include <string>

namespace lmp::cli {

// What `lmp export-python` was given.
struct ExportPythonArgs
{
    std::string dir; // DIR: the package is written to DIR/generated_modules
    std::optional<std::string> db; // --db FILE (default: the user's data folder)
    bool noBuiltin = false; // --no-builtin: the --db file alone
    bool validatedOnly = false; // --validated-only: validated entries only
};

// lmp export-python DIR: writes the module database an analysis uses as the Python package DIR/generated_modules
// (registry, base class, one class per module, a safe evaluator of the templates). Exit 0 on success, 2 on bad input
// (no DIR, --no-builtin without --db, a database that does not load, a DIR/generated_modules that an export did not
// write, a write that failed), with the message on err.
int runExportPython(const ExportPythonArgs& args, std::ostream& out, std::ostream& err);

} // namespace lmp::cli
