// SPDX-License-Identifier: GPL-3.0-or-later
#include "pythonexport.h"

#include "db/layereddatabase.h"
#include "db/moduledatabase.h"
#include "formula/kind.h"
#include "formula/library.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <set>

namespace lmp::pythonexport {

namespace {

using db::Json;

// The static files of the package, embedded from resources/python/generated_modules.
constexpr std::array kStaticFiles = { "__init__.py", "base.py", "registry.py", "formula.py" };

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

char toLower(char c)
{
    return isUpper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}

char toUpper(char c)
{
    return isLower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

bool isPythonKeyword(std::string_view word)
{
    static const std::set<std::string_view> kKeywords = { "False", "None", "True", "and", "as", "assert", "async",
        "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
        "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
        "while", "with", "yield" };
    return kKeywords.count(word) != 0;
}

// "LlamaAttention" -> "llama_attention", "Qwen2MLP" -> "qwen2_mlp", "GPTNeoXAttention" -> "gpt_neo_x_attention".
std::string snakeCase(std::string_view name)
{
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (isUpper(c) && i > 0) {
            const char before = name[i - 1];
            const bool nextLower = i + 1 < name.size() && isLower(name[i + 1]);
            if (isLower(before) || isDigit(before) || (isUpper(before) && nextLower))
                out += '_';
        }
        out += toLower(c);
    }
    // Runs of '_' become one; no '_' at either end.
    std::string collapsed;
    for (char c : out) {
        if (c == '_' && (collapsed.empty() || collapsed.back() == '_'))
            continue;
        collapsed += c;
    }
    while (!collapsed.empty() && collapsed.back() == '_')
        collapsed.pop_back();
    return collapsed;
}

// "transformers" -> "Transformers", "modeling_qwen2_vl" -> "ModelingQwen2Vl".
std::string camelCase(std::string_view name)
{
    std::string out;
    bool upper = true;
    for (char c : name) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? toUpper(c) : c;
        upper = false;
    }
    return out;
}

std::vector<std::string> split(const std::string& path, char separator)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = path.find(separator, start);
        parts.push_back(path.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos)
            return parts;
        start = at + 1;
    }
}

// A long file name is cut and given a stable hash of the whole, so that it stays unique and within file-system limits.
std::string limitedFileName(const std::string& stem)
{
    constexpr std::size_t kMax = 120;
    if (stem.size() <= kMax)
        return stem;
    const QByteArray hash =
        QCryptographicHash::hash(QByteArray::fromStdString(stem), QCryptographicHash::Sha256).toHex().left(10);
    return stem.substr(0, kMax - 11) + "_" + hash.toStdString();
}

std::string folderName(const std::string& library)
{
    static const std::set<std::string> kReserved = { "base", "registry", "formula", "generated_modules" };
    // Lower case: libraries that differ in case only share a folder, also on file systems that ignore case.
    std::string folder;
    for (char c : library)
        folder += toLower(c);
    if (!folder.empty() && folder.front() == '_')
        folder = "lib" + folder;
    if (kReserved.count(folder) || isPythonKeyword(folder))
        folder += "_lib";
    return folder;
}

std::string pythonStringList(const std::vector<std::string>& items)
{
    if (items.empty())
        return "()";
    std::string out = "(";
    for (std::size_t i = 0; i < items.size(); ++i)
        out += (i ? ", " : "") + pythonString(items[i]);
    return out + (items.size() == 1 ? ",)" : ")");
}

struct ModuleFile
{
    PythonName name;
    std::string text;
};

std::string classFile(const PythonName& name, const formula::ModuleSpec& spec, std::size_t order, const Json& entry,
    const db::Validation& validation, const QString& layer)
{
    using formula::Kind;
    std::string out;
    out += "# SPDX-License-Identifier: GPL-3.0-or-later\n";
    out += "# Written by lmp export-python from the module database; do not edit, export again instead.\n";
    out += "\"\"\"" + formula::modulePathFromKey(spec.key) + "\"\"\"\n\n";
    out += "from ..base import BaseModule\n\n\n";
    out += "class " + name.className + "(BaseModule):\n";
    out += "    key = " + pythonString(spec.key) + "\n";
    out += "    module_path = " + pythonString(formula::modulePathFromKey(spec.key)) + "\n";
    out += "    order = " + std::to_string(order) + "\n";
    out += "    flop_parameters = " + pythonStringList(spec.flopParameters) + "\n";
    out += "    memory_parameters = " + pythonStringList(spec.memoryParameters) + "\n";
    out += "    templates = {\n";
    for (Kind kind : formula::kAllKinds) {
        const auto& text = spec.templates[static_cast<std::size_t>(kind)];
        if (text)
            out += "        " + pythonString(formula::kindName(kind)) + ": " + pythonString(*text) + ",\n";
    }
    out += "    }\n";
    out += "    breakdown = (\n";
    for (const auto& [item, text] : spec.breakdown)
        out += "        (" + pythonString(item) + ", " + pythonString(text) + "),\n";
    out += "    )\n";
    std::vector<std::string> depends;
    for (const char* section : { "flop_analysis", "memory_analysis" }) {
        const auto s = entry.find(section);
        if (s == entry.end() || !s->is_object())
            continue;
        const auto list = s->find("module_depends");
        if (list == s->end() || !list->is_array())
            continue;
        for (const auto& item : *list) {
            if (!item.is_string())
                continue;
            std::string key = formula::normalizeModuleKey(item.get<std::string>());
            if (std::find(depends.begin(), depends.end(), key) == depends.end())
                depends.push_back(std::move(key));
        }
    }
    out += "    depends = " + pythonStringList(depends) + "\n";
    out += "    status = " + pythonString(db::statusName(validation.status)) + "\n";
    out +=
        "    validator = " + (validation.validator ? pythonString(*validation.validator) : std::string("None")) + "\n";
    out += "    layer = " + pythonString(layer.toStdString()) + "\n";
    return out;
}

std::string manifest(std::size_t modules, const std::vector<std::pair<std::string, std::string>>& excluded,
    bool validatedOnly, const std::vector<std::pair<std::string, PythonName>>& names)
{
    Json doc = Json::object();
    doc["generator"] = kGenerator;
    doc["format"] = 1;
    doc["validated_only"] = validatedOnly;
    doc["module_count"] = modules;
    Json list = Json::array();
    for (const auto& [key, reason] : excluded)
        list.push_back(Json::array({ key, reason }));
    doc["excluded"] = std::move(list);
    Json classes = Json::object();
    for (const auto& [key, name] : names)
        classes[key] = name.folder + "/" + name.file + ".py:" + name.className;
    doc["modules"] = std::move(classes);
    return doc.dump(2) + "\n";
}

std::optional<std::string> writeFile(const QString& path, const std::string& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return "cannot write " + path.toStdString() + ": " + file.errorString().toStdString();
    const auto size = static_cast<qint64>(text.size());
    if (file.write(text.data(), size) != size || !file.flush())
        return "cannot write " + path.toStdString() + ": " + file.errorString().toStdString();
    file.close();
    return std::nullopt;
}

// Whether an existing folder is a package an earlier export wrote.
bool writtenByUs(const QString& packageDir)
{
    QFile file(QDir(packageDir).filePath(QString::fromLatin1(kManifestName)));
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const Json doc = Json::parse(file.readAll().toStdString(), nullptr, false);
    return doc.is_object() && doc.contains("generator") && doc["generator"] == kGenerator;
}

} // namespace

std::string pythonString(std::string_view utf8)
{
    std::string out = "\"";
    const QString text = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
    for (const char32_t c : text.toUcs4()) {
        switch (c) {
        case '\\':
            out += "\\\\";
            continue;
        case '"':
            out += "\\\"";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        char buffer[16];
        if (c < 0x20 || c == 0x7F)
            std::snprintf(buffer, sizeof buffer, "\\x%02x", static_cast<unsigned>(c));
        else if (c < 0x7F)
            std::snprintf(buffer, sizeof buffer, "%c", static_cast<char>(c));
        else if (c <= 0xFFFF)
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
        else
            std::snprintf(buffer, sizeof buffer, "\\U%08x", static_cast<unsigned>(c));
        out += buffer;
    }
    return out + "\"";
}

std::vector<PythonName> pythonNames(const std::vector<std::string>& keys)
{
    std::vector<PythonName> out;
    std::set<std::pair<std::string, std::string>> files; // (folder, file)
    std::set<std::string> classes;
    for (const std::string& key : keys) {
        const std::vector<std::string> parts = split(formula::modulePathFromKey(formula::normalizeModuleKey(key)), '.');
        PythonName name;
        const bool hasLibrary = parts.size() > 1;
        name.folder = hasLibrary ? folderName(parts.front()) : std::string("local");
        std::string stem;
        for (std::size_t i = hasLibrary ? 1 : 0; i < parts.size(); ++i) {
            const std::string piece = snakeCase(parts[i]);
            if (!piece.empty())
                stem += (stem.empty() ? "" : "_") + piece;
        }
        if (stem.empty())
            stem = "module";
        stem = limitedFileName(stem);
        std::string file = stem;
        for (int n = 2; files.count({ name.folder, file }); ++n)
            file = stem + "_" + std::to_string(n);
        files.insert({ name.folder, file });
        name.file = file;

        const std::string prefix = hasLibrary ? camelCase(parts.front()) : std::string();
        std::string className = prefix + parts.back();
        // Taken: the distinguishing path parts, from the right, then a number.
        for (std::size_t used = 1; classes.count(className) && parts.size() > used + 1; ++used) {
            std::string middle;
            for (std::size_t i = parts.size() - 1 - used; i + 1 < parts.size(); ++i)
                middle += camelCase(parts[i]);
            className = prefix + middle + parts.back();
        }
        const std::string base = className;
        for (int n = 2; classes.count(className); ++n)
            className = base + "_" + std::to_string(n);
        if (isPythonKeyword(className))
            className += "_";
        classes.insert(className);
        name.className = className;
        out.push_back(std::move(name));
    }
    return out;
}

std::variant<ExportSummary, std::string> exportPython(
    const db::LayeredDatabase& database, const QString& directory, bool validatedOnly)
{
    if (directory.isEmpty())
        return std::string("no folder given");
    const QString dirPath = QDir::cleanPath(QDir(directory).absolutePath());
    const QFileInfo dirInfo(dirPath);
    if (dirInfo.exists() && !dirInfo.isDir())
        return dirPath.toStdString() + " is not a folder";
    if (!dirInfo.exists() && !QDir().mkpath(dirPath))
        return "cannot create the folder " + dirPath.toStdString();
    const QString packageDir = QDir(dirPath).filePath(QString::fromLatin1(kPackageName));
    const QFileInfo packageInfo(packageDir);
    const bool replacing = packageInfo.exists() || packageInfo.isSymLink();
    if (replacing && (!packageInfo.isDir() || packageInfo.isSymLink() || !writtenByUs(packageDir)))
        return packageDir.toStdString() + " exists and was not written by lmp export-python (it has no " + kManifestName
            + "); remove it or export into another folder";

    // What an analysis uses: the same selection as analysis::libraryFrom.
    db::SpecSelection selection = database.moduleSpecs(validatedOnly);
    for (auto& [key, reason] : selection.excluded)
        key = formula::normalizeModuleKey(key);
    std::vector<std::string> keys;
    for (const auto& spec : selection.specs)
        keys.push_back(spec.key);
    const std::vector<PythonName> names = pythonNames(keys);

    std::vector<ModuleFile> files;
    std::vector<std::pair<std::string, PythonName>> manifestNames;
    for (std::size_t i = 0; i < selection.specs.size(); ++i) {
        formula::ModuleSpec& spec = selection.specs[i];
        const db::ModuleDatabase* layer = database.databaseOf(spec.key);
        const Json* entry = layer ? layer->entry(spec.key) : nullptr;
        const auto validation = layer ? layer->validation(spec.key) : std::nullopt;
        if (!entry || !validation)
            return "the entry " + spec.key + " cannot be read";
        const auto info = database.layerOf(spec.key);
        files.push_back({ names[i],
            classFile(names[i], spec, i, *entry, *validation, info ? info->name() : QStringLiteral("built-in")) });
        manifestNames.emplace_back(spec.key, names[i]);
    }

    // Everything goes into a temporary folder beside the package, which is then renamed into place.
    QTemporaryDir staging(QDir(dirPath).filePath(QStringLiteral(".generated_modules-XXXXXX")));
    if (!staging.isValid())
        return "cannot create a temporary folder in " + dirPath.toStdString() + ": "
            + staging.errorString().toStdString();
    const QDir out(staging.path());
    for (const char* name : kStaticFiles) {
        QFile resource(QStringLiteral(":/lmp/python/generated_modules/") + QString::fromLatin1(name));
        if (!resource.open(QIODevice::ReadOnly))
            return "the program lacks its Python file " + std::string(name);
        if (auto error = writeFile(out.filePath(QString::fromLatin1(name)), resource.readAll().toStdString()))
            return *error;
    }
    std::set<std::string> folders;
    for (const ModuleFile& f : files) {
        const QString folder = QString::fromStdString(f.name.folder);
        if (folders.insert(f.name.folder).second) {
            if (!out.mkdir(folder))
                return "cannot create " + out.filePath(folder).toStdString();
            if (auto error = writeFile(out.filePath(folder + QStringLiteral("/__init__.py")),
                    "# SPDX-License-Identifier: GPL-3.0-or-later\n# The " + f.name.folder
                        + " modules of the database, one class per file. Written by lmp export-python.\n"))
                return *error;
        }
        if (auto error = writeFile(
                out.filePath(folder + QLatin1Char('/') + QString::fromStdString(f.name.file) + QStringLiteral(".py")),
                f.text))
            return *error;
    }
    if (auto error = writeFile(out.filePath(QString::fromLatin1(kManifestName)),
            manifest(files.size(), selection.excluded, validatedOnly, manifestNames)))
        return *error;

    // Into place: an earlier export is moved aside first and removed once the new package is there.
    QString aside;
    if (replacing) {
        QTemporaryDir asideDir(QDir(dirPath).filePath(QStringLiteral(".generated_modules-old-XXXXXX")));
        if (!asideDir.isValid())
            return "cannot create a temporary folder in " + dirPath.toStdString();
        aside = asideDir.path();
        asideDir.setAutoRemove(false);
        if (!QDir().rmdir(aside) || !QDir().rename(packageDir, aside))
            return "cannot move the earlier " + packageDir.toStdString() + " aside";
    }
    if (!QDir().rename(staging.path(), packageDir)) {
        if (!aside.isEmpty())
            QDir().rename(aside, packageDir);
        return "cannot rename " + staging.path().toStdString() + " to " + packageDir.toStdString();
    }
    staging.setAutoRemove(false);
    if (!aside.isEmpty())
        QDir(aside).removeRecursively();

    ExportSummary summary;
    summary.packageDir = packageDir;
    summary.modules = files.size();
    summary.excluded = std::move(selection.excluded);
    return summary;
}

} // namespace lmp::pythonexport
