// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formula/number.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::report {

// Writes JSON text with exact integers of any size the formula engine produces (past 2^64 too, where
// JSON libraries turn integers into doubles). Pretty-printed with two-space indentation.
class JsonWriter
{
public:
    explicit JsonWriter(int indent = 2);

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    // Integers exactly; reals as the shortest text that reads back the same; non-finite reals as null.
    JsonWriter& value(const formula::Number& number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();

    // The document so far, with a final newline once the outermost value is closed.
    std::string str() const;

    static std::string quote(std::string_view text);

private:
    void beforeValue();
    void newline();

    struct Level
    {
        bool isObject;
        bool empty = true;
    };
    std::string m_out;
    std::vector<Level> m_levels;
    int m_indent;
    bool m_afterKey = false;
};

} // namespace lmp::report
