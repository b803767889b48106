// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Parsing untrusted JSON text (a database file, an entry an agent wrote): any bytes, never throws, errors with the
// line and column, a depth limit, and the keys that occur twice in an object (the parser keeps the last value).

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::db {

using Json = nlohmann::ordered_json;

// Containers nested deeper than this are refused (a database needs about 8).
inline constexpr int kMaxJsonDepth = 128;

struct JsonTextError
{
    enum class Kind {
        InvalidUtf8, // message: "not valid UTF-8 (byte 0xC3)"
        Empty, // nothing but whitespace
        Syntax, // message: nlohmann's, without its prefix: "syntax error while parsing object - ..."
        TooDeep, // nested deeper than the limit
        Other, // e.g. a number too large for a double; no position
    };
    Kind kind = Kind::Syntax;
    std::size_t offset = 0; // byte offset of the problem
    int line = 0; // 1-based; 0 when not known (Kind::Other)
    int column = 0; // 1-based, in characters
    std::string message;
};

struct ParsedJson
{
    Json value;
    // Each duplicate key as the tokens of its JSON pointer: {"modules", "torch__nn__SiLU"}.
    std::vector<std::vector<std::string>> duplicateKeys;
};

std::variant<ParsedJson, JsonTextError> parseJsonText(std::string_view text, int maxDepth = kMaxJsonDepth);

// The first byte offset that is not part of well-formed UTF-8 (no overlongs, surrogates or code points past
// U+10FFFF), or nullopt.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);

// The pointer of the first string (value or key) in a document that is not UTF-8 ("" is the root), or nullopt.
std::optional<std::string> findInvalidUtf8(const Json& value, const std::string& at = {});

// How deeply containers nest in a value (a scalar: 0), without recursion; stops counting past limit + 1.
int jsonDepth(const Json& value, int limit = kMaxJsonDepth);

// nlohmann's exception text without its "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
std::string jsonErrorMessage(const char* what);

} // namespace lmp::db
