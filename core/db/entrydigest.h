// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What an analysis takes from each built-in entry (its review fields and its spec), as the whole loader reads the
// entry, written by the build beside the built-in database. A start then takes a model's entries from it without
// parsing their JSON. The text's index (entryindex.h) says where each entry is; the digest holds one record per
// indexed entry, in the same order.

#include "moduledatabase.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::db {

class LazyDatabase;

// One built-in entry as LazyDatabase::select() reads it from its span.
struct EntryDigest
{
    std::string key; // as the index lists it (as written in the file)
    bool reads = false; // the entry read on its own (LazyDatabase::builtinEntry() gave a database)
    std::string fileKey; // ModuleDatabase::fileKey()
    std::optional<Validation> validation; // ModuleDatabase::validation() (notes are not kept)
    std::optional<formula::ModuleSpec> spec; // ModuleDatabase::moduleSpec()
};

// Whether two specs hold the same fields.
bool sameSpec(const formula::ModuleSpec& a, const formula::ModuleSpec& b);
bool sameDigest(const EntryDigest& a, const EntryDigest& b);

// The digest of each built-in entry of an indexed database, in index order (empty when it is not indexed).
std::vector<EntryDigest> digestBuiltinEntries(const LazyDatabase& database);

// The digest file for a built-in text of textSize bytes: a header line "lmp-module-digest 1 SIZE COUNT", the
// records' offsets and the records (lengths and counts as 32-bit little-endian numbers).
std::string writeEntryDigests(std::size_t textSize, const std::vector<EntryDigest>& digests);

// The records of a digest file, read one at a time. Every read checks its bounds: a record that does not decode
// (another version, a truncated or corrupt file) is nullopt, and the caller reads the entry's JSON instead.
class EntryDigests
{
public:
    // nullopt unless bytes is a digest written for a text of textSize bytes with count records.
    static std::optional<EntryDigests> open(std::string_view bytes, std::size_t textSize, std::size_t count);
    std::size_t size() const { return m_count; }
    std::optional<EntryDigest> read(std::size_t i) const;

private:
    std::string_view m_bytes;
    std::size_t m_table = 0; // where the offsets start
    std::size_t m_records = 0; // where the records start
    std::size_t m_count = 0;
};

} // namespace lmp::db
