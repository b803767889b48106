// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the entries of a module database text sit, found without parsing them, and the same as a small text index
// that the build writes beside the built-in database, so that a start reads neither the entries it does not use nor
// the text between them. Standard library only: the build's index tool compiles it on its own.

#include "jsonlocate.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::db {

// The members of a schema-2 database's "modules" object (jsonlocate's objectMembers), in text order. nullopt unless
// the text is one object with one "schema_version": 2 and one "modules" object whose keys are written without
// escapes and whose values are objects; such a text is read whole.
std::optional<std::vector<MemberSpan>> databaseEntries(std::string_view text);

// The index of a text of textSize bytes: a header line "lmp-module-index 1 SIZE COUNT" ("none" for COUNT when
// entries is nullopt), then one line per entry: "KEY_BEGIN BEGIN END KEY".
std::string writeEntryIndex(std::size_t textSize, const std::optional<std::vector<MemberSpan>>& entries);

// Reads one unsigned number from the front of text and the character after it, which must be after; false (text
// unchanged) when there is none. The index is read with it, and the digest's header line.
bool readHeaderNumber(std::string_view& text, std::size_t& value, char after);

// The entries an index lists; nullopt when it is not an index writeEntryIndex() wrote for a text of textSize bytes
// (another version, another size, spans out of order or out of the text), or when it says the text was not indexed.
std::optional<std::vector<MemberSpan>> readEntryIndex(std::string_view index, std::size_t textSize);

} // namespace lmp::db
