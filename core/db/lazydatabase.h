// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The database as an analysis reads it: the built-in entries indexed, not parsed, so that a command or a window that
// analyses one model pays for the handful of entries that model uses, not for all of them.

#include "entrydigest.h"
#include "entryindex.h"
#include "layereddatabase.h"

#include <QByteArray>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace lmp::db {

// Where each entry of a schema-2 database text sits (jsonlocate's objectMembers of "modules"), found without parsing
// the entries. nullopt when the text is not a schema-2 object of entries whose keys are written without escapes
// (the caller then reads it whole).
using EntrySpan = MemberSpan;
std::optional<std::vector<EntrySpan>> scanEntries(std::string_view text);

// The built-in database (indexed) under the user's (read whole, as LayeredDatabase reads it). select() parses the one
// entry it is asked for, through the same loader and schema checks as a whole load, so that what it returns is what
// LayeredDatabase::moduleSpecs() and analysis::libraryFrom() would have given for that key.
class LazyDatabase
{
public:
    // The build's index of the built-in text's entries (entryindex.h).
    static constexpr const char* kBuiltinIndexResource = ":/lmp/module_db.index";
    // The build's digest of the built-in entries (entrydigest.h): select() takes a built-in entry from it.
    static constexpr const char* kBuiltinDigestResource = ":/lmp/module_db.digest";

    // userPath as LayeredDatabase::withBuiltin takes it (empty: no user layer). A built-in text the index cannot
    // read is loaded whole instead (eager()), with the same results.
    static std::variant<LazyDatabase, DbError> withBuiltin(
        const QString& userPath = LayeredDatabase::defaultUserPath());
    // The same over a given built-in text (tests): origin names it in errors. A digest of its entries
    // (writeEntryDigests) is used where it fits the text; without one, select() reads each entry's JSON.
    static std::variant<LazyDatabase, DbError> fromText(
        QByteArray builtinText, const QString& origin, const QString& userPath, QByteArray digest = {});

    // What an analysis takes for a key: the winning entry's spec with its review fields (status, validator, date,
    // layer), or the reason it is left out ("rejected", "invalid: ...", "pending: excluded by --validated-only").
    struct Selection
    {
        bool found = false; // some layer holds the key
        std::optional<formula::ModuleSpec> spec;
        std::string fileKey; // as written in its file
        std::string excludedReason; // "" when the spec is used
        std::size_t position = 0; // its place in LayeredDatabase::keys()
    };
    Selection select(std::string_view key, bool validatedOnly) const;

    // Whether the built-in text was indexed (false: it was read whole, see eager()).
    bool indexed() const { return m_eager == nullptr; }
    // Whether select() takes built-in entries from a digest that fits the text (else from their JSON).
    bool digested() const { return m_digests.has_value(); }
    // The whole database, when the built-in text could not be indexed; null otherwise.
    const LayeredDatabase* eager() const { return m_eager.get(); }
    const ModuleDatabase* user() const;
    QString userPath() const;
    // Built-in keys in file order (the index's).
    std::vector<std::string> builtinKeys() const;
    // Every key, as LayeredDatabase::keys() lists them: the built-in keys in file order, then the user-only keys.
    std::vector<std::string> keys() const;
    // The built-in entry of a key parsed on its own, as select() reads it (tests compare it with a whole load); its
    // positions are in a text of that entry alone. nullopt where the entry does not read on its own or the index
    // does not fit the text.
    std::optional<ModuleDatabase> builtinEntry(std::string_view key) const;
    // Every built-in entry read on its own the same way, in file order, each standing at the line and column it has
    // in the built-in text so that its schema errors and locate() name the file's positions (db check): the entry's
    // database, or the error reading it gives (a syntax error inside it, at its place in the file).
    std::vector<std::variant<ModuleDatabase, DbError>> builtinEntries() const;

private:
    // linesBefore: the line breaks before the line the entry's key is on (the entry then stands at its position in
    // the file); nullopt: the entry alone.
    std::variant<ModuleDatabase, DbError> readSpan(const EntrySpan& span, std::optional<std::size_t> linesBefore) const;
    // spans: the text's entries (nullopt: read the text whole).
    static std::variant<LazyDatabase, DbError> open(QByteArray builtinText, std::optional<std::vector<EntrySpan>> spans,
        const QString& origin, const QString& userPath, QByteArray digest);

    QByteArray m_text; // the built-in text (a resource's bytes: not copied)
    QString m_origin;
    std::vector<EntrySpan> m_spans; // indexed: the built-in entries
    // Normalized key -> its place in LayeredDatabase::keys() (below m_spans.size(): the built-in entry's span).
    std::unordered_map<std::string, std::size_t> m_position;
    std::shared_ptr<const LayeredDatabase> m_user; // indexed: an empty built-in layer under the user's
    std::shared_ptr<const LayeredDatabase> m_eager; // not indexed: both layers read whole
    QByteArray m_digestBytes; // a resource's bytes: not copied
    // Views m_digestBytes, one record per span (a QByteArray's data stays put when it is moved or shared).
    std::optional<EntryDigests> m_digests;
};

} // namespace lmp::db
