// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Best-effort positions of JSON values in the text they were parsed from, for error messages.
// Tolerant of any input: never throws, never reads out of bounds, no recursion.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lmp::db {

// 1-based line and column (in UTF-8 code points) of a byte offset; an offset past the end is clamped to it.
std::pair<int, int> lineColumnAt(std::string_view text, std::size_t offset);

// The unescaped tokens of a JSON pointer: "/a~1b/0" -> {"a/b", "0"}.
std::vector<std::string> splitPointer(std::string_view pointer);

// Byte offset of the value at an RFC 6901 JSON pointer ("/modules/torch__nn__Linear/flop_analysis/parameters/1";
// "" is the whole document). When the pointer leads nowhere (a missing field, an index past the end, text that is
// not JSON), the offset of the deepest value found on the way. A key that occurs twice in an object resolves to
// its last occurrence, as the parser keeps the last value.
std::size_t locatePointerOffset(std::string_view text, std::string_view jsonPointer);

// lineColumnAt(text, locatePointerOffset(text, jsonPointer)): {0, 0} for an empty text.
std::pair<int, int> locatePointer(std::string_view text, std::string_view jsonPointer);

// Where one member of an object sits: its key (unescaped), the key's quoted text [keyBegin, keyEnd) and the value's
// text [begin, end).
struct MemberSpan
{
    std::string key;
    std::size_t keyBegin = 0, keyEnd = 0;
    std::size_t begin = 0, end = 0;
};
struct ObjectSpan
{
    std::vector<MemberSpan> members; // in text order
    std::size_t end = 0; // past the closing brace
};
// The members of the object that starts at offset (after whitespace), found without parsing the values; nullopt
// unless its keys, colons, commas and closing brace are where they belong and each value's brackets close.
std::optional<ObjectSpan> objectMembers(std::string_view text, std::size_t offset = 0);

// One pointer component, escaped per RFC 6901 ("a/b" -> "a~1b", "~" -> "~0").
std::string escapePointerToken(std::string_view token);

} // namespace lmp::db
