// SPDX-License-Identifier: GPL-3.0-or-later
#include "history.h"

#include "jsonlocate.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>

namespace lmp::db {

namespace {

bool sameRevision(const Revision& a, const Revision& b)
{
    if (a.revision != b.revision || a.date != b.date || a.author != b.author || a.action != b.action
        || a.notes != b.notes || a.changes.size() != b.changes.size())
        return false;
    for (std::size_t i = 0; i < a.changes.size(); ++i) {
        const auto& x = a.changes[i];
        const auto& y = b.changes[i];
        if (x.pointer != y.pointer || x.oldValue != y.oldValue || x.newValue != y.newValue)
            return false;
    }
    return true;
}

std::optional<std::int64_t> revisionNumber(const Json& revision)
{
    if (!revision.is_object())
        return std::nullopt;
    const auto it = revision.find("revision");
    if (it == revision.end() || !it->is_number_integer())
        return std::nullopt;
    return it->get<std::int64_t>();
}

// Whether a field whose old value is null held null (a nullable field) rather than not existing.
bool nullableField(const std::vector<std::string>& tokens)
{
    static constexpr std::array<std::string_view, 5> kNullable = { "validator", "date", "notes", "matmul_template",
        "params_template" };
    return tokens.size() >= 2 && std::find(kNullable.begin(), kNullable.end(), tokens.back()) != kNullable.end();
}

// Sets the value at pointer to `old` (or removes the field), creating the objects on the way.
void undoChange(Json& entry, const std::string& pointer, const Json& old)
{
    if (pointer.empty()) {
        entry = old;
        return;
    }
    const std::vector<std::string> tokens = splitPointer(pointer);
    const Json::json_pointer at(pointer); // throws on a malformed pointer
    if (!old.is_null() || nullableField(tokens)) {
        entry[at] = old;
        return;
    }
    const Json::json_pointer parent = at.parent_pointer();
    if (!entry.contains(parent))
        return;
    Json& container = entry.at(parent);
    if (container.is_object())
        container.erase(tokens.back());
}

} // namespace

std::vector<LayerRevision> mergedHistory(const LayeredDatabase& database, std::string_view key)
{
    std::vector<LayerRevision> out;
    std::vector<Revision> builtin;
    if (database.builtin().contains(key))
        builtin = database.builtin().history(key);
    for (const Revision& r : builtin)
        out.push_back({ Layer::Builtin, r });
    if (database.user() && database.user()->contains(key)) {
        for (const Revision& r : database.user()->history(key)) {
            const bool copied =
                std::any_of(builtin.begin(), builtin.end(), [&](const Revision& b) { return sameRevision(b, r); });
            if (!copied)
                out.push_back({ Layer::User, r });
        }
    }
    return out;
}

std::variant<std::optional<Json>, std::string> replayToRevision(const Json& current, int revision)
{
    if (!current.is_object())
        return std::string("the entry is not an object");
    if (revision < 0)
        return std::optional<Json>(current);
    const auto it = current.find("history");
    const Json history = it != current.end() ? *it : Json::array();
    if (!history.is_array())
        return std::string("its history is not an array");
    bool known = revision == 0;
    for (const Json& r : history)
        known = known || revisionNumber(r) == revision;
    if (!known) {
        std::string numbers;
        for (const Json& r : history) {
            if (const auto n = revisionNumber(r))
                numbers += (numbers.empty() ? "" : ", ") + std::to_string(*n);
        }
        return "no revision " + std::to_string(revision) + " (the revisions are "
            + (numbers.empty() ? std::string("none") : numbers) + ")";
    }

    Json entry = current;
    bool existed = true;
    try {
        for (auto r = history.rbegin(); r != history.rend(); ++r) {
            const auto number = revisionNumber(*r);
            if (!number || *number <= revision)
                continue;
            if (const auto changes = r->find("changes"); changes != r->end() && changes->is_object()) {
                for (const auto& [pointer, change] : changes->items()) {
                    if (!change.is_object())
                        continue;
                    undoChange(entry, pointer, change.value("old", Json(nullptr)));
                }
            }
            if (r->value("action", std::string()) == "create")
                existed = false;
        }
    } catch (const std::exception& e) {
        return "its history cannot be replayed: " + jsonErrorMessage(e.what());
    }
    if (!existed)
        return std::optional<Json>();
    if (entry.is_object()) {
        Json kept = Json::array();
        for (const Json& r : history) {
            const auto number = revisionNumber(r);
            if (!number || *number <= revision)
                kept.push_back(r);
        }
        if (kept.empty())
            entry.erase("history");
        else
            entry["history"] = std::move(kept);
    }
    return std::optional<Json>(std::move(entry));
}

std::variant<std::optional<Json>, DbError> entryAtRevision(
    const LayeredDatabase& database, std::string_view key, const RevisionRef& at)
{
    const ModuleDatabase* layer = at.layer == Layer::Builtin ? &database.builtin() : database.user();
    const std::string k(key);
    if (!layer || !layer->contains(key)) {
        const char* name = at.layer == Layer::Builtin ? "built-in" : "user";
        return DbError { layer ? layer->origin() : QString(), 0, 0, {}, k,
            "no entry '" + k + "' in the " + name + " database" };
    }
    auto result = replayToRevision(*layer->entry(key), at.revision);
    if (auto* message = std::get_if<std::string>(&result)) {
        const auto [line, column] = layer->locate(key, "/history");
        return DbError { layer->origin(), line, column, layer->filePointer(key, "/history"), k, k + ": " + *message };
    }
    return std::get<std::optional<Json>>(std::move(result));
}

std::string revisionText(const std::optional<Json>& entry)
{
    if (!entry)
        return {};
    Json shown = *entry;
    if (shown.is_object())
        shown.erase("history");
    return shown.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::variant<std::vector<DiffHunk>, DbError> diffRevisions(
    const LayeredDatabase& database, std::string_view key, const RevisionRef& from, const RevisionRef& to)
{
    auto a = entryAtRevision(database, key, from);
    if (auto* error = std::get_if<DbError>(&a))
        return *error;
    auto b = entryAtRevision(database, key, to);
    if (auto* error = std::get_if<DbError>(&b))
        return *error;
    return wordDiff(revisionText(std::get<std::optional<Json>>(a)), revisionText(std::get<std::optional<Json>>(b)));
}

} // namespace lmp::db
