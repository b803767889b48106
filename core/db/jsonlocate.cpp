// SPDX-License-Identifier: GPL-3.0-or-later
#include "jsonlocate.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

namespace lmp::db {

namespace {

bool isWhitespace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void appendUtf8(std::string& out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// A forgiving walker over JSON text: it only ever moves forward and stops at the end of the text.
class Walker
{
public:
    explicit Walker(std::string_view text)
        : m_text(text)
    {
        if (m_text.substr(0, 3) == "\xEF\xBB\xBF")
            m_pos = 3;
    }

    std::size_t pos() const { return m_pos; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void advance() { ++m_pos; }
    void seek(std::size_t pos) { m_pos = pos < m_text.size() ? pos : m_text.size(); }

    void skipWhitespace()
    {
        while (!atEnd() && isWhitespace(m_text[m_pos]))
            ++m_pos;
    }

    // At '"': moves past the closing quote and returns the unescaped string.
    std::optional<std::string> readString()
    {
        if (peek() != '"')
            return std::nullopt;
        ++m_pos;
        std::string out;
        while (!atEnd()) {
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (atEnd())
                break;
            const char e = m_text[m_pos++];
            switch (e) {
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!readHex4(cp))
                    return std::nullopt;
                if (cp >= 0xD800 && cp < 0xDC00 && m_text.substr(m_pos, 2) == "\\u") {
                    const std::size_t save = m_pos;
                    m_pos += 2;
                    std::uint32_t low = 0;
                    if (readHex4(low) && low >= 0xDC00 && low < 0xE000)
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    else
                        m_pos = save;
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                out += e;
                break;
            }
        }
        return std::nullopt;
    }

    // Skips one value of any kind: strings, literals, and nested containers without recursion.
    void skipValue()
    {
        skipWhitespace();
        const char c = peek();
        if (c == '"') {
            skipString();
            return;
        }
        if (c != '{' && c != '[') {
            while (!atEnd()) {
                const char d = m_text[m_pos];
                if (d == ',' || d == '}' || d == ']' || d == ':' || isWhitespace(d))
                    break;
                ++m_pos;
            }
            return;
        }
        std::size_t depth = 0;
        while (!atEnd()) {
            const char d = m_text[m_pos];
            if (d == '"') {
                skipString();
                continue;
            }
            ++m_pos;
            if (d == '{' || d == '[') {
                ++depth;
            } else if (d == '}' || d == ']') {
                if (--depth == 0)
                    return;
            }
        }
    }

private:
    void skipString()
    {
        // The closing quote is the next one after an even number of backslashes.
        std::size_t from = m_pos + 1;
        while (from < m_text.size()) {
            const void* hit = std::memchr(m_text.data() + from, '"', m_text.size() - from);
            if (!hit)
                break;
            const auto quote = static_cast<std::size_t>(static_cast<const char*>(hit) - m_text.data());
            std::size_t backslashes = 0;
            while (quote - backslashes > m_pos + 1 && m_text[quote - backslashes - 1] == '\\')
                ++backslashes;
            if (backslashes % 2 == 0) {
                m_pos = quote + 1;
                return;
            }
            from = quote + 1;
        }
        m_pos = m_text.size();
    }

    bool readHex4(std::uint32_t& out)
    {
        if (m_pos + 4 > m_text.size())
            return false;
        out = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            out <<= 4;
            if (h >= '0' && h <= '9')
                out |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                out |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                out |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

std::optional<std::size_t> parseIndex(const std::string& token)
{
    if (token.empty() || token.size() > 9)
        return std::nullopt;
    std::size_t value = 0;
    for (char c : token) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

} // namespace

std::vector<std::string> splitPointer(std::string_view pointer)
{
    std::vector<std::string> tokens;
    if (pointer.empty())
        return tokens;
    std::size_t start = pointer.front() == '/' ? 1 : 0;
    while (true) {
        const std::size_t slash = pointer.find('/', start);
        const std::string_view raw = pointer.substr(start, slash == std::string_view::npos ? slash : slash - start);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                token += raw[i];
            }
        }
        tokens.push_back(std::move(token));
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    return tokens;
}

std::pair<int, int> lineColumnAt(std::string_view text, std::size_t offset)
{
    if (offset > text.size())
        offset = text.size();
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return { line, column };
}

std::size_t locatePointerOffset(std::string_view text, std::string_view jsonPointer)
{
    Walker w(text);
    w.skipWhitespace();
    std::size_t found = w.pos();
    for (const std::string& token : splitPointer(jsonPointer)) {
        w.skipWhitespace();
        if (w.peek() == '{') {
            w.advance();
            std::optional<std::size_t> match;
            while (true) {
                w.skipWhitespace();
                const auto key = w.readString();
                if (!key)
                    break;
                w.skipWhitespace();
                if (w.peek() != ':')
                    break;
                w.advance();
                w.skipWhitespace();
                if (*key == token)
                    match = w.pos(); // keep looking: the last duplicate is the one the parser keeps
                w.skipValue();
                w.skipWhitespace();
                if (w.peek() != ',')
                    break;
                w.advance();
            }
            if (!match)
                return found;
            found = *match;
            w.seek(found);
        } else if (w.peek() == '[') {
            const auto index = parseIndex(token);
            if (!index)
                return found;
            w.advance();
            bool ok = true;
            for (std::size_t i = 0; i < *index && ok; ++i) {
                w.skipWhitespace();
                if (w.peek() == ']' || w.atEnd()) {
                    ok = false;
                    break;
                }
                w.skipValue();
                w.skipWhitespace();
                if (w.peek() != ',')
                    ok = false;
                else
                    w.advance();
            }
            w.skipWhitespace();
            if (!ok || w.atEnd() || w.peek() == ']')
                return found;
            found = w.pos();
        } else {
            return found;
        }
    }
    return found;
}

std::optional<ObjectSpan> objectMembers(std::string_view text, std::size_t offset)
{
    Walker w(text);
    w.seek(std::max(offset, w.pos()));
    w.skipWhitespace();
    if (w.peek() != '{')
        return std::nullopt;
    w.advance();
    ObjectSpan out;
    w.skipWhitespace();
    if (w.peek() == '}') {
        w.advance();
        out.end = w.pos();
        return out;
    }
    while (true) {
        w.skipWhitespace();
        MemberSpan m;
        m.keyBegin = w.pos();
        auto key = w.readString();
        if (!key)
            return std::nullopt;
        m.key = std::move(*key);
        m.keyEnd = w.pos();
        w.skipWhitespace();
        if (w.peek() != ':')
            return std::nullopt;
        w.advance();
        w.skipWhitespace();
        m.begin = w.pos();
        const char open = w.peek();
        w.skipValue();
        m.end = w.pos();
        // The walker stops at the end of the text when a string or a bracket does not close.
        const char last = m.end > m.begin ? text[m.end - 1] : '\0';
        if (m.end == m.begin || (open == '{' && last != '}') || (open == '[' && last != ']')
            || (open == '"' && (m.end - m.begin < 2 || last != '"')))
            return std::nullopt;
        out.members.push_back(std::move(m));
        w.skipWhitespace();
        if (w.peek() == '}') {
            w.advance();
            out.end = w.pos();
            return out;
        }
        if (w.peek() != ',')
            return std::nullopt;
        w.advance();
    }
}

std::pair<int, int> locatePointer(std::string_view text, std::string_view jsonPointer)
{
    if (text.empty())
        return { 0, 0 };
    return lineColumnAt(text, locatePointerOffset(text, jsonPointer));
}

std::string escapePointerToken(std::string_view token)
{
    std::string out;
    out.reserve(token.size());
    for (char c : token) {
        if (c == '~')
            out += "~0";
        else if (c == '/')
            out += "~1";
        else
            out += c;
    }
    return out;
}

} // namespace lmp::db
