// SPDX-License-Identifier: GPL-3.0-or-later
#include "entryindex.h"

#include <charconv>

namespace lmp::db {

namespace {

constexpr std::string_view kMagic = "lmp-module-index 1 ";

} // namespace

bool readHeaderNumber(std::string_view& text, std::size_t& value, char after)
{
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data() || end == text.data() + text.size() || *end != after)
        return false;
    text.remove_prefix(static_cast<std::size_t>(end - text.data()) + 1);
    return true;
}

std::optional<std::vector<MemberSpan>> databaseEntries(std::string_view text)
{
    const auto top = objectMembers(text);
    if (!top || text.find_first_not_of(" \t\r\n", top->end) != std::string_view::npos)
        return std::nullopt;
    const MemberSpan* version = nullptr;
    const MemberSpan* modules = nullptr;
    for (const MemberSpan& m : top->members) {
        const MemberSpan** slot = m.key == "schema_version" ? &version : m.key == "modules" ? &modules : nullptr;
        if (!slot)
            continue;
        if (*slot)
            return std::nullopt; // twice: the whole loader says which one it keeps
        *slot = &m;
    }
    if (!version || !modules || text.substr(version->begin, version->end - version->begin) != "2")
        return std::nullopt;
    auto entries = objectMembers(text, modules->begin);
    if (!entries)
        return std::nullopt;
    for (const MemberSpan& e : entries->members) {
        if (e.keyEnd - e.keyBegin != e.key.size() + 2 || text[e.begin] != '{')
            return std::nullopt;
    }
    return std::move(entries->members);
}

std::string writeEntryIndex(std::size_t textSize, const std::optional<std::vector<MemberSpan>>& entries)
{
    std::string out(kMagic);
    out += std::to_string(textSize) + ' ' + (entries ? std::to_string(entries->size()) : std::string("none")) + '\n';
    if (!entries)
        return out;
    for (const MemberSpan& e : *entries)
        out += std::to_string(e.keyBegin) + ' ' + std::to_string(e.begin) + ' ' + std::to_string(e.end) + ' ' + e.key
            + '\n';
    return out;
}

std::optional<std::vector<MemberSpan>> readEntryIndex(std::string_view index, std::size_t textSize)
{
    if (!index.starts_with(kMagic))
        return std::nullopt;
    index.remove_prefix(kMagic.size());
    std::size_t size = 0, count = 0;
    if (!readHeaderNumber(index, size, ' ') || size != textSize || !readHeaderNumber(index, count, '\n'))
        return std::nullopt;
    if (count > index.size())
        return std::nullopt; // each entry takes more than a byte of the index
    std::vector<MemberSpan> entries(count);
    std::size_t previousEnd = 0;
    for (MemberSpan& e : entries) {
        if (!readHeaderNumber(index, e.keyBegin, ' ') || !readHeaderNumber(index, e.begin, ' ')
            || !readHeaderNumber(index, e.end, ' '))
            return std::nullopt;
        const std::size_t keyLength = index.find('\n');
        if (keyLength == std::string_view::npos)
            return std::nullopt;
        e.key = std::string(index.substr(0, keyLength));
        index.remove_prefix(keyLength + 1);
        e.keyEnd = e.keyBegin + e.key.size() + 2;
        if (e.key.empty() || e.keyBegin < previousEnd || e.keyEnd > e.begin || e.begin >= e.end || e.end > textSize)
            return std::nullopt;
        previousEnd = e.end;
    }
    if (!index.empty())
        return std::nullopt;
    return entries;
}

} // namespace lmp::db
