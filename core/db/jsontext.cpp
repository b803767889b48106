// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsontext.h"

#include "jsonlocate.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <unordered_set>

namespace lmp::db {

namespace {

// Thrown from the parser callback to stop a document nested too deeply.
struct TooDeep
{ };

// Tracks the parser's position to report duplicate keys with their JSON pointer.
class DuplicateTracker
{
public:
    explicit DuplicateTracker(int limit)
        : m_limit(limit)
    { }

    bool event(int depth, Json::parse_event_t event, const Json& parsed)
    {
        switch (event) {
        case Json::parse_event_t::object_start:
        case Json::parse_event_t::array_start:
            if (depth >= m_limit)
                throw TooDeep {};
            elementStarts();
            m_frames.push_back(Frame { event == Json::parse_event_t::array_start, -1, {}, {} });
            break;
        case Json::parse_event_t::object_end:
        case Json::parse_event_t::array_end:
            if (!m_frames.empty())
                m_frames.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!m_frames.empty() && parsed.is_string()) {
                Frame& top = m_frames.back();
                top.key = parsed.get<std::string>();
                if (!top.keys.insert(top.key).second)
                    m_duplicates.push_back(pointer());
            }
            break;
        case Json::parse_event_t::value:
            elementStarts();
            break;
        }
        return true;
    }

    std::vector<std::vector<std::string>> takeDuplicates() { return std::move(m_duplicates); }

private:
    struct Frame
    {
        bool array = false;
        long index = -1;
        std::string key;
        std::unordered_set<std::string> keys;
    };

    void elementStarts()
    {
        if (!m_frames.empty() && m_frames.back().array)
            ++m_frames.back().index;
    }

    std::vector<std::string> pointer() const
    {
        std::vector<std::string> tokens;
        for (const Frame& f : m_frames)
            tokens.push_back(f.array ? std::to_string(f.index) : f.key);
        return tokens;
    }

    int m_limit;
    std::vector<Frame> m_frames;
    std::vector<std::vector<std::string>> m_duplicates;
};

// The offset of the first container nested deeper than the limit.
std::size_t offsetOfDepth(std::string_view text, int limit)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit)
                return i;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return text.size();
}

} // namespace

std::string jsonErrorMessage(const char* what)
{
    std::string message(what);
    if (const auto bracket = message.find("] "); bracket != std::string::npos && message.front() == '[')
        message.erase(0, bracket + 2);
    if (message.rfind("parse error", 0) == 0) {
        if (const auto colon = message.find(": "); colon != std::string::npos)
            message.erase(0, colon + 2);
    }
    return message;
}

std::optional<std::size_t> firstInvalidUtf8(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80;
        unsigned char hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (std::size_t k = 2; k < len; ++k) {
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        }
        i += len;
    }
    return std::nullopt;
}

// The pointer of the first string (value or key) in a document that is not UTF-8.
std::optional<std::string> findInvalidUtf8(const Json& value, const std::string& at)
{
    if (value.is_string())
        return firstInvalidUtf8(value.get_ref<const std::string&>()) ? std::optional(at) : std::nullopt;
    if (value.is_object()) {
        for (const auto& [key, child] : value.items()) {
            const std::string here = at + "/" + escapePointerToken(key);
            if (firstInvalidUtf8(key))
                return here;
            if (auto p = findInvalidUtf8(child, here))
                return p;
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (auto p = findInvalidUtf8(value[i], at + "/" + std::to_string(i)))
                return p;
        }
    }
    return std::nullopt;
}

int jsonDepth(const Json& value, int limit)
{
    int deepest = 0;
    std::vector<std::pair<const Json*, int>> stack { { &value, 0 } };
    while (!stack.empty()) {
        const auto [at, depth] = stack.back();
        stack.pop_back();
        if (!at->is_structured())
            continue;
        deepest = std::max(deepest, depth + 1);
        if (deepest > limit)
            return deepest;
        for (const Json& child : *at)
            stack.emplace_back(&child, depth + 1);
    }
    return deepest;
}

std::variant<ParsedJson, JsonTextError> parseJsonText(std::string_view text, int maxDepth)
{
    auto failAt = [&](JsonTextError::Kind kind, std::size_t offset, std::string message) {
        const auto [line, column] = lineColumnAt(text, offset);
        return JsonTextError { kind, offset, line, column, std::move(message) };
    };
    if (const auto bad = firstInvalidUtf8(text)) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(text[*bad]));
        return failAt(JsonTextError::Kind::InvalidUtf8, *bad, std::string("not valid UTF-8 (byte ") + hex + ")");
    }
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return failAt(JsonTextError::Kind::Empty, text.size(), "empty: expected a JSON value");

    DuplicateTracker tracker(maxDepth);
    ParsedJson out;
    try {
        out.value = Json::parse(
            text.begin(), text.end(),
            [&tracker](
                int depth, Json::parse_event_t event, Json& parsed) { return tracker.event(depth, event, parsed); },
            true);
    } catch (const Json::parse_error& e) {
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        return failAt(JsonTextError::Kind::Syntax, offset, jsonErrorMessage(e.what()));
    } catch (const TooDeep&) {
        return failAt(JsonTextError::Kind::TooDeep, offsetOfDepth(text, maxDepth),
            "nested deeper than " + std::to_string(maxDepth) + " levels");
    } catch (const std::exception& e) {
        return JsonTextError { JsonTextError::Kind::Other, 0, 0, 0, jsonErrorMessage(e.what()) };
    }
    out.duplicateKeys = tracker.takeDuplicates();
    return out;
}

} // namespace lmp::db
