// SPDX-License-Identifier: GPL-3.0-or-later
#include "moduledatabase.h"

#include "jsonlocate.h"

#include <QCryptographicHash>
#include <QDate>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <limits>
#include <utility>

namespace lmp::db {

namespace {

using ObjectT = Json::object_t;
using Members = ObjectT::Container; // ordered_map is a vector of (key, value) pairs in file order

const Members& members(const Json& object)
{
    return object.get_ref<const ObjectT&>();
}

Members& members(Json& object)
{
    return object.get_ref<ObjectT&>();
}

bool isParameterName(std::string_view name)
{
    if (name.empty() || name.size() > 256)
        return false;
    auto start = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!start(name.front()))
        return false;
    return std::all_of(name.begin(), name.end(), [&](char c) { return start(c) || (c >= '0' && c <= '9'); });
}

bool isIsoDate(const std::string& text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return false;
    return QDate::fromString(QString::fromStdString(text), Qt::ISODate).isValid();
}

std::string found(const Json& value)
{
    if (value.is_number_float())
        return "found number " + value.dump();
    return std::string("found ") + value.type_name();
}

// Walks an entry and lists its schema problems as (pointer inside the entry, message).
class EntryValidator
{
public:
    using Issues = std::vector<std::pair<std::string, std::string>>;

    explicit EntryValidator(Issues& issues)
        : m_issues(issues)
    { }

    void validate(const Json& entry)
    {
        if (!entry.is_object()) {
            add("", "expected an object (a module entry), " + found(entry));
            return;
        }
        string(entry, "", "module_path", true);
        if (const Json* loc = object(entry, "", "code_location", true)) {
            string(*loc, "/code_location", "file", true);
            integer(*loc, "/code_location", "line_start", true);
            integer(*loc, "/code_location", "line_end", true);
        }
        if (const Json* flop = object(entry, "", "flop_analysis", true)) {
            const std::string at = "/flop_analysis";
            string(*flop, at, "thinking_process", true);
            parameterList(*flop, at, "parameters");
            string(*flop, at, "formula_template", true);
            stringOrNull(*flop, at, "matmul_template", false);
            stringList(*flop, at, "module_depends");
            if (const Json* breakdown = field(*flop, at, "breakdown", false); breakdown && !breakdown->is_null()) {
                if (!breakdown->is_object()) {
                    add(at + "/breakdown", "expected an object of named FLOP expressions, " + found(*breakdown));
                } else {
                    for (const auto& [name, value] : breakdown->items()) {
                        if (!value.is_string())
                            add(at + "/breakdown/" + escapePointerToken(name), "expected a string, " + found(value));
                    }
                }
            }
        }
        if (const Json* mem = object(entry, "", "memory_analysis", true)) {
            const std::string at = "/memory_analysis";
            string(*mem, at, "thinking_process", true);
            parameterList(*mem, at, "parameters");
            string(*mem, at, "reads_template", true);
            string(*mem, at, "writes_template", true);
            string(*mem, at, "intermediates_template", true);
            stringOrNull(*mem, at, "params_template", false);
            stringList(*mem, at, "module_depends");
        }
        if (const Json* val = object(entry, "", "validation", true)) {
            const std::string at = "/validation";
            if (const Json* status = string(*val, at, "status", true)) {
                if (!statusFromName(status->get_ref<const std::string&>()))
                    add(at + "/status",
                        "unknown status '" + status->get<std::string>()
                            + "': expected one of pending, validated, rejected, needs_changes");
            }
            stringOrNull(*val, at, "validator", false);
            if (const Json* date = stringOrNull(*val, at, "date", false); date && date->is_string()) {
                if (!isIsoDate(date->get<std::string>()))
                    add(at + "/date", "expected a date YYYY-MM-DD, found '" + date->get<std::string>() + "'");
            }
            stringOrNull(*val, at, "notes", false);
        }
        if (const Json* history = field(entry, "", "history", false)) {
            if (!history->is_array()) {
                add("/history", "expected an array of revisions, " + found(*history));
            } else {
                for (std::size_t i = 0; i < history->size(); ++i)
                    revision((*history)[i], "/history/" + std::to_string(i));
            }
        }
    }

private:
    void add(std::string pointer, std::string message)
    {
        m_issues.emplace_back(std::move(pointer), std::move(message));
    }

    const Json* field(const Json& obj, const std::string& at, const char* name, bool required)
    {
        const auto it = obj.find(name);
        if (it == obj.end()) {
            if (required)
                add(at + "/" + name, std::string("missing required field '") + name + "'");
            return nullptr;
        }
        return &*it;
    }

    const Json* typed(
        const Json& obj, const std::string& at, const char* name, bool required, bool ok, const char* expected)
    {
        const Json* value = field(obj, at, name, required);
        if (value && !ok) {
            add(at + "/" + name, std::string("expected ") + expected + ", " + found(*value));
            return nullptr;
        }
        return value;
    }

    const Json* string(const Json& obj, const std::string& at, const char* name, bool required)
    {
        const auto it = obj.find(name);
        return typed(obj, at, name, required, it == obj.end() || it->is_string(), "a string");
    }

    const Json* stringOrNull(const Json& obj, const std::string& at, const char* name, bool required)
    {
        const auto it = obj.find(name);
        return typed(obj, at, name, required, it == obj.end() || it->is_string() || it->is_null(), "a string or null");
    }

    const Json* integer(const Json& obj, const std::string& at, const char* name, bool required)
    {
        const auto it = obj.find(name);
        return typed(obj, at, name, required, it == obj.end() || it->is_number_integer(), "an integer");
    }

    const Json* object(const Json& obj, const std::string& at, const char* name, bool required)
    {
        const auto it = obj.find(name);
        return typed(obj, at, name, required, it == obj.end() || it->is_object(), "an object");
    }

    const Json* stringList(const Json& obj, const std::string& at, const char* name)
    {
        const auto it = obj.find(name);
        const Json* list = typed(obj, at, name, true, it == obj.end() || it->is_array(), "an array of strings");
        if (!list)
            return nullptr;
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (!(*list)[i].is_string())
                add(at + "/" + name + "/" + std::to_string(i), "expected a string, " + found((*list)[i]));
        }
        return list;
    }

    void parameterList(const Json& obj, const std::string& at, const char* name)
    {
        const Json* list = stringList(obj, at, name);
        if (!list)
            return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const Json& item = (*list)[i];
            if (item.is_string() && !isParameterName(item.get_ref<const std::string&>()))
                add(at + "/" + name + "/" + std::to_string(i),
                    "'" + item.get<std::string>()
                        + "' is not a parameter name (letters, digits and '_', not starting with a digit)");
        }
    }

    void revision(const Json& rev, const std::string& at)
    {
        if (!rev.is_object()) {
            add(at, "expected an object (a revision), " + found(rev));
            return;
        }
        if (const Json* number = integer(rev, at, "revision", true); number && number->get<std::int64_t>() < 1)
            add(at + "/revision", "expected a revision number >= 1, found " + number->dump());
        string(rev, at, "date", true);
        string(rev, at, "author", true);
        if (const Json* action = string(rev, at, "action", true)) {
            static constexpr std::array<std::string_view, 5> kActions = { "validate", "reject", "request_changes",
                "edit", "create" };
            const auto& name = action->get_ref<const std::string&>();
            if (std::find(kActions.begin(), kActions.end(), name) == kActions.end())
                add(at + "/action",
                    "unknown action '" + name + "': expected one of validate, reject, request_changes, edit, create");
        }
        string(rev, at, "notes", false);
        if (const Json* changes = object(rev, at, "changes", false)) {
            for (const auto& [pointer, change] : changes->items()) {
                if (!change.is_object())
                    add(at + "/changes/" + escapePointerToken(pointer),
                        "expected an object {\"old\": ..., \"new\": ...}, " + found(change));
            }
        }
    }

    Issues& m_issues;
};
std::string joinPointer(const std::vector<std::string>& tokens, std::size_t from = 0)
{
    std::string out;
    for (std::size_t i = from; i < tokens.size(); ++i)
        out += "/" + escapePointerToken(tokens[i]);
    return out;
}

std::string toUtf8(const QString& text)
{
    return text.toStdString();
}

Json nullIfEmpty(const QString& text)
{
    return text.isEmpty() ? Json(nullptr) : Json(toUtf8(text));
}

QByteArray sha256(std::string_view bytes)
{
    return QCryptographicHash::hash(
        QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())), QCryptographicHash::Sha256);
}

} // namespace

std::string_view statusName(Status status)
{
    switch (status) {
    case Status::Pending:
        return "pending";
    case Status::Validated:
        return "validated";
    case Status::Rejected:
        return "rejected";
    case Status::NeedsChanges:
        return "needs_changes";
    }
    return "pending";
}

std::optional<Status> statusFromName(std::string_view name)
{
    for (Status s : { Status::Pending, Status::Validated, Status::Rejected, Status::NeedsChanges }) {
        if (statusName(s) == name)
            return s;
    }
    return std::nullopt;
}

std::string_view statusAction(Status status)
{
    switch (status) {
    case Status::Pending:
        return "edit";
    case Status::Validated:
        return "validate";
    case Status::Rejected:
        return "reject";
    case Status::NeedsChanges:
        return "request_changes";
    }
    return "edit";
}

std::vector<std::pair<std::string, std::string>> entrySchemaProblems(const Json& entry)
{
    EntryValidator::Issues issues;
    EntryValidator(issues).validate(entry);
    return issues;
}

std::string DbError::describe() const
{
    std::string out = file.toStdString();
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
    }
    if (!out.empty())
        out += ": ";
    if (!pointer.empty())
        out += pointer + ": ";
    out += message;
    return out;
}

// ---------------------------------------------------------------------------------------------------------------

ModuleDatabase::ModuleDatabase()
    : m_doc(Json::object())
{
    m_doc["schema_version"] = kSchemaVersion;
    m_doc["modules"] = Json::object();
}

std::variant<ModuleDatabase, DbError> ModuleDatabase::loadFile(const QString& path)
{
    const QFileInfo info(path);
    auto fail = [&](std::string message) { return DbError { path, 0, 0, {}, {}, std::move(message) }; };
    if (path.isEmpty())
        return fail("no file name given");
    if (!info.exists())
        return fail("no such file");
    if (info.isDir())
        return fail("is a directory, not a database file");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail("cannot read: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return fail("cannot read: " + file.errorString().toStdString());
    auto result = fromJson(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())), path);
    if (auto* db = std::get_if<ModuleDatabase>(&result)) {
        if (!path.startsWith(QLatin1Char(':')))
            db->m_disk =
                DiskState { true, true, bytes.size(), sha256(std::string_view(bytes.constData(), bytes.size())) };
    }
    return result;
}

std::variant<ModuleDatabase, DbError> ModuleDatabase::fromJson(std::string_view text, const QString& origin)
{
    auto failAt = [&](std::size_t offset, std::string message, std::string pointer = {}) {
        const auto [line, column] = lineColumnAt(text, offset);
        return DbError { origin, line, column, std::move(pointer), {}, std::move(message) };
    };
    auto parsed = parseJsonText(text, kMaxJsonDepth);
    if (auto* error = std::get_if<JsonTextError>(&parsed)) {
        DbError out { origin, error->line, error->column, {}, {}, error->message };
        switch (error->kind) {
        case JsonTextError::Kind::InvalidUtf8:
            break;
        case JsonTextError::Kind::Empty:
            out.message = "the file is empty: expected a JSON object";
            break;
        case JsonTextError::Kind::Syntax:
        case JsonTextError::Kind::Other:
            out.message = "invalid JSON: " + error->message;
            break;
        case JsonTextError::Kind::TooDeep:
            out.message = "invalid database: " + error->message;
            break;
        }
        return out;
    }
    Json top = std::move(std::get<ParsedJson>(parsed).value);
    const auto duplicates = std::move(std::get<ParsedJson>(parsed).duplicateKeys);

    if (!top.is_object())
        return failAt(locatePointerOffset(text, ""),
            std::string("the top level is ")
                + (top.is_array()       ? "an array"
                        : top.is_null() ? "null"
                                        : "a ")
                + (top.is_array() || top.is_null() ? "" : top.type_name()) + ", expected an object of module entries");

    ModuleDatabase db;
    db.m_origin = origin;
    db.m_text = std::string(text);
    const bool hasVersion = top.contains("schema_version");
    const bool hasModules = top.contains("modules") && top["modules"].is_object();
    if (hasVersion || hasModules) {
        if (!hasVersion)
            return failAt(locatePointerOffset(text, ""),
                "missing schema_version (a database with a \"modules\" object is schema 2)");
        const Json& version = top["schema_version"];
        if (!version.is_number_integer())
            return failAt(locatePointerOffset(text, "/schema_version"),
                "expected an integer schema_version, " + found(version), "/schema_version");
        if (version != Json(kSchemaVersion))
            return failAt(locatePointerOffset(text, "/schema_version"),
                "unsupported schema_version " + version.dump()
                    + ": this program reads schema 2 and the flat schema-1 form",
                "/schema_version");
        if (!top.contains("modules"))
            return failAt(locatePointerOffset(text, ""), "missing \"modules\" object", "/modules");
        if (!top["modules"].is_object())
            return failAt(locatePointerOffset(text, "/modules"),
                "expected \"modules\" to be an object of module entries, " + found(top["modules"]), "/modules");
        db.m_doc = std::move(top);
        db.m_sourceSchema = 2;
        db.m_textModulesPointer = "/modules";
    } else {
        db.m_doc["modules"] = std::move(top);
        db.m_sourceSchema = 1;
        db.m_textModulesPointer = "";
    }

    for (const auto& tokens : duplicates) {
        const std::string pointer = joinPointer(tokens);
        std::string key;
        const std::size_t keyDepth = db.m_sourceSchema == 2 ? 1 : 0;
        if (tokens.size() > keyDepth && (db.m_sourceSchema == 1 || tokens.front() == "modules"))
            key = tokens[keyDepth];
        const auto [line, column] = locatePointer(text, pointer);
        db.m_parseErrors.push_back(DbError { origin, line, column, pointer, key,
            "duplicate key '" + tokens.back() + "': only the last value is kept, the others are lost on save" });
    }
    db.rebuild();
    return db;
}

std::vector<std::string> ModuleDatabase::keys() const
{
    std::vector<std::string> out;
    const auto& obj = members(modules());
    out.reserve(obj.size());
    for (const auto& [key, value] : obj)
        out.push_back(key);
    return out;
}

std::size_t ModuleDatabase::size() const
{
    return modules().size();
}

bool ModuleDatabase::contains(std::string_view key) const
{
    return m_index.count(formula::normalizeModuleKey(key)) > 0;
}

std::optional<std::string> ModuleDatabase::fileKey(std::string_view key) const
{
    const auto it = m_index.find(formula::normalizeModuleKey(key));
    if (it == m_index.end())
        return std::nullopt;
    return members(modules())[it->second].first;
}

const Json* ModuleDatabase::entry(std::string_view key) const
{
    const auto it = m_index.find(formula::normalizeModuleKey(key));
    if (it == m_index.end())
        return nullptr;
    return &members(modules())[it->second].second;
}

Json* ModuleDatabase::mutableEntry(std::string_view key)
{
    const auto it = m_index.find(formula::normalizeModuleKey(key));
    if (it == m_index.end())
        return nullptr;
    return &members(modules())[it->second].second;
}

bool ModuleDatabase::isValid(std::string_view key) const
{
    const auto it = m_index.find(formula::normalizeModuleKey(key));
    return it != m_index.end() && m_valid[it->second];
}

std::optional<Validation> ModuleDatabase::validation(std::string_view key) const
{
    if (!isValid(key))
        return std::nullopt;
    const Json& v = entry(key)->at("validation");
    Validation out;
    out.status = statusFromName(v.at("status").get<std::string>()).value_or(Status::Pending);
    auto optional = [&](const char* name) -> std::optional<std::string> {
        const auto it = v.find(name);
        if (it == v.end() || !it->is_string())
            return std::nullopt;
        return it->get<std::string>();
    };
    out.validator = optional("validator");
    out.date = optional("date");
    out.notes = optional("notes");
    return out;
}

std::optional<Status> ModuleDatabase::status(std::string_view key) const
{
    if (auto v = validation(key))
        return v->status;
    return std::nullopt;
}

std::vector<Revision> ModuleDatabase::history(std::string_view key) const
{
    std::vector<Revision> out;
    if (!isValid(key))
        return out;
    const Json& e = *entry(key);
    const auto it = e.find("history");
    if (it == e.end())
        return out;
    for (const Json& r : *it) {
        Revision rev;
        rev.revision = static_cast<int>(r.at("revision").get<std::int64_t>());
        rev.date = r.at("date").get<std::string>();
        rev.author = r.at("author").get<std::string>();
        rev.action = r.at("action").get<std::string>();
        rev.notes = r.value("notes", std::string());
        if (const auto changes = r.find("changes"); changes != r.end()) {
            for (const auto& [pointer, change] : changes->items())
                rev.changes.push_back(
                    { pointer, change.value("old", Json(nullptr)), change.value("new", Json(nullptr)) });
        }
        out.push_back(std::move(rev));
    }
    return out;
}

formula::ModuleSpec moduleSpecFromEntry(std::string_view key, const Json& e)
{
    const Json& flop = e.at("flop_analysis");
    const Json& mem = e.at("memory_analysis");
    formula::ModuleSpec spec;
    spec.key = formula::normalizeModuleKey(key);
    spec.flopParameters = flop.at("parameters").get<std::vector<std::string>>();
    spec.memoryParameters = mem.at("parameters").get<std::vector<std::string>>();
    auto text = [](const Json& section, const char* name) -> std::optional<std::string> {
        const auto it = section.find(name);
        if (it == section.end() || !it->is_string())
            return std::nullopt;
        return it->get<std::string>();
    };
    using formula::Kind;
    auto slot = [&](Kind kind) -> std::optional<std::string>& {
        return spec.templates[static_cast<std::size_t>(kind)];
    };
    slot(Kind::Flops) = text(flop, "formula_template");
    slot(Kind::MatmulFlops) = text(flop, "matmul_template");
    slot(Kind::Reads) = text(mem, "reads_template");
    slot(Kind::Writes) = text(mem, "writes_template");
    slot(Kind::Intermediates) = text(mem, "intermediates_template");
    slot(Kind::Params) = text(mem, "params_template");
    if (const auto breakdown = flop.find("breakdown"); breakdown != flop.end() && breakdown->is_object()) {
        for (const auto& [name, value] : breakdown->items())
            spec.breakdown.emplace_back(name, value.get<std::string>());
    }
    return spec;
}

std::optional<formula::ModuleSpec> ModuleDatabase::moduleSpec(std::string_view key) const
{
    if (!isValid(key))
        return std::nullopt;
    return moduleSpecFromEntry(*fileKey(key), *entry(key));
}

std::vector<formula::ModuleSpec> ModuleDatabase::moduleSpecs() const
{
    std::vector<formula::ModuleSpec> out;
    for (const auto& key : keys()) {
        if (auto spec = moduleSpec(key))
            out.push_back(std::move(*spec));
    }
    return out;
}

std::string ModuleDatabase::filePointer(std::string_view key, std::string_view entryPointer) const
{
    const std::string k = fileKey(key).value_or(std::string(key));
    return m_textModulesPointer + "/" + escapePointerToken(k) + std::string(entryPointer);
}

std::pair<int, int> ModuleDatabase::locate(std::string_view key, std::string_view entryPointer) const
{
    if (m_text.empty() || m_touched.count(formula::normalizeModuleKey(key)))
        return { 0, 0 };
    return locatePointer(m_text, filePointer(key, entryPointer));
}

DbError ModuleDatabase::errorAt(std::string key, std::string entryPointer, std::string message) const
{
    const auto [line, column] = locate(key, entryPointer);
    return DbError { m_origin, line, column, filePointer(key, entryPointer), std::move(key), std::move(message) };
}

void ModuleDatabase::rebuild()
{
    m_index.clear();
    m_schemaErrors.clear();
    const auto& obj = members(modules());
    m_valid.assign(obj.size(), true);
    for (const DbError& e : m_parseErrors) {
        if (e.key.empty())
            m_schemaErrors.push_back(e);
    }
    for (std::size_t i = 0; i < obj.size(); ++i) {
        const std::string& key = obj[i].first;
        const std::string normalized = formula::normalizeModuleKey(key);
        std::vector<DbError> errors;
        for (const DbError& e : m_parseErrors) {
            if (e.key == key)
                errors.push_back(e);
        }
        if (!formula::isValidModuleKey(key)) {
            errors.push_back(errorAt(key, "",
                "'" + key
                    + "' is not a module key (letters, digits and '_', parts joined by '__',"
                      " not starting with a digit)"));
        }
        const auto [it, inserted] = m_index.emplace(normalized, i);
        if (!inserted) {
            const std::string& first = obj[it->second].first;
            errors.push_back(DbError { m_origin, 0, 0, m_textModulesPointer + "/" + escapePointerToken(key), key,
                "the same module as the earlier key '" + first + "'; this entry is ignored" });
            const auto [line, column] = m_text.empty() ? std::pair(0, 0) : locatePointer(m_text, errors.back().pointer);
            errors.back().line = line;
            errors.back().column = column;
        }
        EntryValidator::Issues issues;
        EntryValidator(issues).validate(obj[i].second);
        for (auto& [pointer, message] : issues) {
            if (inserted)
                errors.push_back(errorAt(key, pointer, std::move(message)));
            else
                errors.push_back(DbError { m_origin, 0, 0,
                    m_textModulesPointer + "/" + escapePointerToken(key) + pointer, key, std::move(message) });
        }
        if (!errors.empty())
            m_valid[i] = false;
        for (auto& e : errors)
            m_schemaErrors.push_back(std::move(e));
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

void ModuleDatabase::appendRevision(Json& entry, const std::string& author, const std::string& action,
    const std::string& notes, const QDateTime& now, Json changes)
{
    Json& history = entry["history"];
    if (!history.is_array())
        history = Json::array();
    std::int64_t last = 0;
    for (const Json& r : history) {
        if (r.is_object() && r.contains("revision") && r["revision"].is_number_integer())
            last = std::max(last, r["revision"].get<std::int64_t>());
    }
    Json rev = Json::object();
    last = std::max<std::int64_t>(last, static_cast<std::int64_t>(history.size()));
    rev["revision"] = last < std::numeric_limits<std::int64_t>::max() ? last + 1 : last;
    rev["date"] = toUtf8(now.toUTC().toString(Qt::ISODate));
    rev["author"] = author;
    rev["action"] = action;
    rev["notes"] = notes;
    rev["changes"] = std::move(changes);
    history.push_back(std::move(rev));
}

std::optional<DbError> ModuleDatabase::setValidation(
    std::string_view key, Status status, const QString& reviewer, const QString& notes, const QDateTime& now)
{
    Json* e = mutableEntry(key);
    if (!e)
        return DbError { m_origin, 0, 0, {}, std::string(key), "no entry '" + std::string(key) + "' in the database" };
    if (!e->is_object())
        return errorAt(std::string(key), "", "the entry is not an object; fix it in the file first");
    if (e->contains("history") && !(*e)["history"].is_array())
        return errorAt(std::string(key), "/history", "history is not an array; fix it in the file first");
    if (!now.isValid())
        return DbError { m_origin, 0, 0, {}, std::string(key), "no valid date for the review" };

    Json wanted = Json::object();
    wanted["status"] = std::string(statusName(status));
    wanted["validator"] = nullIfEmpty(reviewer);
    wanted["date"] = toUtf8(now.date().toString(Qt::ISODate));
    wanted["notes"] = nullIfEmpty(notes);

    // First what changes, then (only if something does) the edit.
    Json changes = Json::object();
    const auto current = e->find("validation");
    if (current == e->end() || !current->is_object()) {
        changes["/validation"] = Json { { "old", current == e->end() ? Json(nullptr) : *current }, { "new", wanted } };
    } else {
        for (const auto& [name, value] : wanted.items()) {
            const auto it = current->find(name);
            const Json old = it == current->end() ? Json(nullptr) : *it;
            if (old != value)
                changes["/validation/" + name] = Json { { "old", old }, { "new", value } };
        }
    }
    if (changes.empty())
        return std::nullopt;
    Json& validation = (*e)["validation"];
    if (!validation.is_object())
        validation = Json::object();
    for (const auto& [name, value] : wanted.items())
        validation[name] = value;
    appendRevision(*e, toUtf8(reviewer), std::string(statusAction(status)), toUtf8(notes), now, std::move(changes));
    m_touched.insert(formula::normalizeModuleKey(key));
    m_dirty = true;
    rebuild();
    return std::nullopt;
}

std::optional<DbError> ModuleDatabase::upsertEntry(
    std::string_view key, Json entry, const QString& author, const QString& notes, const QDateTime& now)
{
    const std::string k(key);
    if (!formula::isValidModuleKey(key))
        return DbError { m_origin, 0, 0, {}, k, "'" + k + "' is not a module key" };
    if (!entry.is_object())
        return DbError { m_origin, 0, 0, {}, k, std::string("an entry must be an object, not ") + entry.type_name() };
    if (!now.isValid())
        return DbError { m_origin, 0, 0, {}, k, "no valid date for the revision" };

    Json* existing = mutableEntry(key);
    Json history = Json::array();
    if (existing && existing->is_object() && existing->contains("history")) {
        history = (*existing)["history"];
        if (!history.is_array())
            return errorAt(k, "/history", "history is not an array; fix it in the file first");
    } else if (!existing && entry.contains("history") && entry["history"].is_array()) {
        history = entry["history"];
    }
    entry.erase("history");

    const Json old = existing && existing->is_object() ? *existing : Json::object();
    Json changes = Json::object();
    auto compare = [&](const std::string& name) {
        if (name == "history" || changes.contains("/" + escapePointerToken(name)))
            return;
        const Json before = old.contains(name) ? old[name] : Json(nullptr);
        const Json after = entry.contains(name) ? entry[name] : Json(nullptr);
        if (before != after || old.contains(name) != entry.contains(name))
            changes["/" + escapePointerToken(name)] = Json { { "old", before }, { "new", after } };
    };
    if (existing && !existing->is_object()) {
        changes[""] = Json { { "old", *existing }, { "new", entry } };
    } else {
        for (const auto& [name, value] : old.items())
            compare(name);
        for (const auto& [name, value] : entry.items())
            compare(name);
        if (existing && changes.empty())
            return std::nullopt;
    }
    entry["history"] = std::move(history);
    appendRevision(entry, toUtf8(author), existing ? "edit" : "create", toUtf8(notes), now, std::move(changes));
    if (existing)
        *existing = std::move(entry);
    else
        modules()[formula::normalizeModuleKey(key)] = std::move(entry);
    m_touched.insert(formula::normalizeModuleKey(key));
    m_dirty = true;
    rebuild();
    return std::nullopt;
}

void ModuleDatabase::restoreEntry(std::string_view key, const std::optional<Json>& entry)
{
    const std::string normalized = formula::normalizeModuleKey(key);
    if (Json* existing = mutableEntry(key)) {
        if (entry)
            *existing = *entry;
        else
            modules().erase(*fileKey(key));
    } else if (entry) {
        modules()[std::string(key)] = *entry;
    } else {
        return;
    }
    m_touched.insert(normalized);
    rebuild();
    updateDirtyFromDisk();
}

void ModuleDatabase::updateDirtyFromDisk()
{
    if (!m_disk.known) {
        m_dirty = true;
        return;
    }
    if (!m_disk.exists) {
        m_dirty = m_doc != ModuleDatabase().m_doc;
        return;
    }
    const auto text = toJsonText();
    const auto* bytes = std::get_if<std::string>(&text);
    m_dirty = !bytes || sha256(*bytes) != m_disk.sha256;
}

// ---------------------------------------------------------------------------------------------------------------
// Saving

std::variant<std::string, DbError> ModuleDatabase::toJsonText() const
{
    try {
        return m_doc.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
    } catch (const std::exception& e) {
        const std::string pointer = findInvalidUtf8(m_doc, "").value_or(std::string());
        std::string key;
        if (pointer.rfind("/modules/", 0) == 0) {
            const auto end = pointer.find('/', 9);
            key = pointer.substr(9, end == std::string::npos ? end : end - 9);
        }
        return DbError { m_origin, 0, 0, pointer, key,
            pointer.empty() ? "cannot write the database: " + jsonErrorMessage(e.what())
                            : std::string("cannot write the database: a string is not valid UTF-8") };
    }
}

ModuleDatabase::DiskState ModuleDatabase::diskStateOf(const QString& path)
{
    DiskState state;
    state.known = true;
    QFile file(path);
    state.exists = file.exists();
    if (state.exists && file.open(QIODevice::ReadOnly)) {
        const QByteArray bytes = file.readAll();
        state.size = bytes.size();
        state.sha256 = sha256(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    }
    return state;
}

bool ModuleDatabase::changedOnDisk() const
{
    if (!m_disk.known || m_origin.isEmpty() || m_origin.startsWith(QLatin1Char(':')))
        return false;
    const QFileInfo info(m_origin);
    const bool exists = info.exists();
    if (exists != m_disk.exists)
        return true;
    if (!exists)
        return false;
    // The size first: a cheap answer for most edits. The modification time is no proof either way (its
    // granularity is coarse, and touching a file changes nothing), so equal sizes compare the content's hash.
    if (info.size() != m_disk.size)
        return true;
    return diskStateOf(m_origin).sha256 != m_disk.sha256;
}

std::optional<DbError> ModuleDatabase::checkDisk(const QString& path) const
{
    if (!m_disk.known || m_origin.isEmpty())
        return std::nullopt;
    if (QFileInfo(path).absoluteFilePath() != QFileInfo(m_origin).absoluteFilePath())
        return std::nullopt;
    if (!changedOnDisk())
        return std::nullopt;
    return DbError { path, 0, 0, {}, {},
        QFileInfo::exists(path) ? "the file changed on disk since it was loaded; not overwritten (reload it first)"
                                : "the file was removed since it was loaded; not written (reload it first)" };
}

std::optional<DbError> ModuleDatabase::save(const QString& path, bool overwriteChanged)
{
    auto text = toJsonText();
    if (auto* error = std::get_if<DbError>(&text)) {
        error->file = path;
        error->message += "; " + path.toStdString() + " was not changed";
        return *error;
    }
    const std::string& bytes = std::get<std::string>(text);
    if (auto error = overwriteChanged ? std::nullopt : checkDisk(path))
        return error;
    auto fail = [&](const QString& why) { return DbError { path, 0, 0, {}, {}, "cannot save: " + why.toStdString() }; };
    if (QFileInfo(path).isDir())
        return fail(QStringLiteral("it is a directory"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(file.errorString());
    if (file.write(bytes.data(), static_cast<qint64>(bytes.size())) != static_cast<qint64>(bytes.size())) {
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(why);
    }
    if (!file.commit())
        return fail(file.errorString());

    m_origin = path;
    m_text = bytes;
    m_textModulesPointer = "/modules";
    m_sourceSchema = kSchemaVersion;
    m_parseErrors.clear();
    m_touched.clear();
    m_disk = DiskState { true, true, static_cast<qint64>(bytes.size()), sha256(bytes) };
    m_dirty = false;
    rebuild();
    return std::nullopt;
}

} // namespace lmp::db
