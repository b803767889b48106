// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// `lmp export-python DIR`: the module database as the seed's Python package DIR/generated_modules: a registry, a base
// class, one class per module under library folders (torch/nn_linear.py -> TorchLinear) holding the entry's data as
// Python literals, and a safe evaluator of the formula language in pure Python (resources/python/generated_modules)
// that gives the C++ engine's numbers and error messages.

#include <QString>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lmp::db {
class LayeredDatabase;
}

namespace lmp::pythonexport {

// The folder and the file marker of an exported package.
inline constexpr const char* kPackageName = "generated_modules";
inline constexpr const char* kManifestName = "lmp_export.json";
inline constexpr const char* kGenerator = "lmp export-python";

// Where a module's class lives: <folder>/<file>.py, class <className>.
struct PythonName
{
    std::string folder; // "torch", "transformers"; "local" for a key without a library
    std::string file; // "nn_linear", "models_llama_modeling_llama_llama_attention" (no ".py")
    std::string className; // "TorchLinear", "TransformersLlamaAttention"
};

// The names of keys (in either form), in order. Deterministic: the same keys in the same order give the same names.
// The folder is the path's first part in lower case (a Python keyword or a name of the package's own files gets a
// suffix), the file the rest in snake_case joined by '_', the class the library in CamelCase, then the class name.
// A file name taken in its folder gets "_2", "_3", ...; a class name taken earlier gets the distinguishing path parts,
// from the right, in CamelCase ("TransformersModelingQwen2VlQwen2MLP"), then "_2", "_3", ...
std::vector<PythonName> pythonNames(const std::vector<std::string>& keys);

struct ExportSummary
{
    QString packageDir; // DIR/generated_modules
    std::size_t modules = 0;
    std::vector<std::pair<std::string, std::string>> excluded; // (key, reason): entries an analysis does not use
};

// Writes DIR/generated_modules from the entries an analysis uses (analysis::libraryFrom: the winning entries, without
// rejected ones, with validatedOnly only validated ones); each class records the entry's status and validator.
// The package is written into a temporary folder beside it and renamed into place, so that a failure leaves no
// half-written package; an existing DIR/generated_modules is replaced only when an earlier export wrote it (its
// lmp_export.json says so). DIR is created when missing. Returns the summary, or a message naming what failed.
std::variant<ExportSummary, std::string> exportPython(
    const db::LayeredDatabase& database, const QString& directory, bool validatedOnly = false);

// A Python string literal of UTF-8 text: "..." with escapes, ASCII only.
std::string pythonString(std::string_view utf8);

} // namespace lmp::pythonexport
