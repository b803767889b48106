// SPDX-License-Identifier: GPL-3.0-or-later
#include "lazydatabase.h"

#include <QFile>
#include <QResource>

#include <cstring>

namespace lmp::db {

namespace {

bool space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_text(text)
    { }

    void skipSpace()
    {
        while (m_pos < m_text.size() && space(m_text[m_pos]))
            ++m_pos;
    }
    bool at(char c)
    {
        skipSpace();
        return m_pos < m_text.size() && m_text[m_pos] == c;
    }
    bool expect(char c)
    {
        if (!at(c))
            return false;
        ++m_pos;
        return true;
    }
    // A string whose content needs no unescaping: its text without quotes.
    std::optional<std::string_view> plainString()
    {
        if (!at('"'))
            return std::nullopt;
        const std::size_t start = ++m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] != '"') {
            if (m_text[m_pos] == '\\' || static_cast<unsigned char>(m_text[m_pos]) < 0x20)
                return std::nullopt;
            ++m_pos;
        }
        if (m_pos >= m_text.size())
            return std::nullopt;
        return m_text.substr(start, m_pos++ - start);
    }
    // Skips one value of any kind; false on text that is not well formed at the level the scan checks.
    bool skipValue()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return false;
        const char c = m_text[m_pos];
        if (c == '{' || c == '[') {
            std::size_t depth = 0;
            while (m_pos < m_text.size()) {
                const char d = m_text[m_pos];
                if (d == '"') {
                    if (!skipString())
                        return false;
                    continue;
                }
                if (d == '{' || d == '[') {
                    if (++depth > 512)
                        return false;
                } else if (d == '}' || d == ']') {
                    if (--depth == 0) {
                        ++m_pos;
                        return true;
                    }
                }
                ++m_pos;
            }
            return false;
        }
        if (c == '"')
            return skipString();
        const std::size_t start = m_pos;
        while (m_pos < m_text.size() && !space(m_text[m_pos]) && m_text[m_pos] != ',' && m_text[m_pos] != '}'
            && m_text[m_pos] != ']')
            ++m_pos;
        return m_pos > start;
    }
    std::size_t pos() const { return m_pos; }
    bool done()
    {
        skipSpace();
        return m_pos == m_text.size();
    }

private:
    bool skipString()
    {
        // The closing quote: the next one not escaped (preceded by an even number of backslashes).
        std::size_t from = m_pos + 1;
        while (from < m_text.size()) {
            const void* hit = std::memchr(m_text.data() + from, '"', m_text.size() - from);
            if (!hit)
                return false;
            const auto quote = static_cast<std::size_t>(static_cast<const char*>(hit) - m_text.data());
            std::size_t backslashes = 0;
            while (quote - backslashes > m_pos + 1 && m_text[quote - backslashes - 1] == '\\')
                ++backslashes;
            if (backslashes % 2 == 0) {
                m_pos = quote + 1;
                return true;
            }
            from = quote + 1;
        }
        return false;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

} // namespace

std::optional<std::vector<EntrySpan>> scanEntries(std::string_view text)
{
    Scanner s(text);
    if (!s.expect('{'))
        return std::nullopt;
    std::vector<EntrySpan> spans;
    bool version = false, modules = false;
    bool first = true;
    while (!s.at('}')) {
        if (!first && !s.expect(','))
            return std::nullopt;
        first = false;
        const auto name = s.plainString();
        if (!name || !s.expect(':'))
            return std::nullopt;
        if (*name == "schema_version") {
            s.skipSpace();
            const std::size_t start = s.pos();
            if (version || !s.skipValue() || text.substr(start, s.pos() - start) != "2")
                return std::nullopt;
            version = true;
        } else if (*name == "modules") {
            if (modules || !s.expect('{'))
                return std::nullopt;
            modules = true;
            bool firstEntry = true;
            while (!s.at('}')) {
                if (!firstEntry && !s.expect(','))
                    return std::nullopt;
                firstEntry = false;
                s.skipSpace();
                EntrySpan span;
                span.keyBegin = s.pos();
                const auto key = s.plainString();
                if (!key)
                    return std::nullopt;
                span.keyEnd = s.pos();
                if (!s.expect(':') || !s.at('{'))
                    return std::nullopt;
                span.key = std::string(*key);
                span.begin = s.pos();
                if (!s.skipValue())
                    return std::nullopt;
                span.end = s.pos();
                spans.push_back(std::move(span));
            }
            s.expect('}');
        } else if (!s.skipValue()) {
            return std::nullopt;
        }
    }
    s.expect('}');
    if (!version || !modules || !s.done())
        return std::nullopt;
    return spans;
}

std::variant<LazyDatabase, DbError> LazyDatabase::withBuiltin(const QString& userPath)
{
    const QString origin = QString::fromLatin1(LayeredDatabase::kBuiltinResource);
    // A resource stored uncompressed is read in place.
    QResource resource(origin);
    QByteArray text;
    if (resource.isValid() && resource.compressionAlgorithm() == QResource::NoCompression)
        text = QByteArray::fromRawData(reinterpret_cast<const char*>(resource.data()), resource.size());
    else
        text = resource.uncompressedData();
    return fromText(std::move(text), origin, userPath);
}

std::variant<LazyDatabase, DbError> LazyDatabase::fromText(
    QByteArray builtinText, const QString& origin, const QString& userPath)
{
    LazyDatabase db;
    db.m_origin = origin;
    auto spans = scanEntries(std::string_view(builtinText.constData(), static_cast<std::size_t>(builtinText.size())));
    bool indexable = spans.has_value();
    if (spans) {
        for (std::size_t i = 0; i < spans->size() && indexable; ++i) {
            const std::string& key = (*spans)[i].key;
            // Keys a whole load would report (malformed, the same module twice): read it whole, as it does.
            indexable =
                formula::isValidModuleKey(key) && db.m_index.emplace(formula::normalizeModuleKey(key), i).second;
        }
    }
    if (!indexable) {
        auto whole = ModuleDatabase::fromJson(
            std::string_view(builtinText.constData(), static_cast<std::size_t>(builtinText.size())), origin);
        if (auto* e = std::get_if<DbError>(&whole))
            return *e;
        auto opened = LayeredDatabase::open(std::get<ModuleDatabase>(std::move(whole)), userPath);
        if (auto* e = std::get_if<DbError>(&opened))
            return *e;
        db.m_eager = std::make_shared<const LayeredDatabase>(std::get<LayeredDatabase>(std::move(opened)));
        db.m_index.clear();
        return db;
    }
    db.m_spans = std::move(*spans);
    db.m_text = std::move(builtinText);
    auto opened = LayeredDatabase::open(ModuleDatabase(), userPath);
    if (auto* e = std::get_if<DbError>(&opened))
        return *e;
    db.m_user = std::make_shared<const LayeredDatabase>(std::get<LayeredDatabase>(std::move(opened)));
    if (const ModuleDatabase* user = db.m_user->user()) {
        std::size_t next = db.m_spans.size();
        for (const std::string& key : user->keys()) {
            const std::string normalized = formula::normalizeModuleKey(key);
            if (!db.m_index.count(normalized))
                db.m_userPosition.emplace(normalized, next++);
        }
    }
    return db;
}

const ModuleDatabase* LazyDatabase::user() const
{
    return m_eager ? m_eager->user() : m_user->user();
}

QString LazyDatabase::userPath() const
{
    return m_eager ? m_eager->userPath() : m_user->userPath();
}

std::vector<std::string> LazyDatabase::builtinKeys() const
{
    if (m_eager)
        return m_eager->builtin().keys();
    std::vector<std::string> keys;
    keys.reserve(m_spans.size());
    for (const auto& s : m_spans)
        keys.push_back(s.key);
    return keys;
}

std::optional<ModuleDatabase> LazyDatabase::builtinEntry(std::string_view key) const
{
    const auto it = m_index.find(formula::normalizeModuleKey(key));
    if (it == m_index.end())
        return std::nullopt;
    const EntrySpan& span = m_spans[it->second];
    // A database of that one entry, read by the whole-file loader: the same parse, the same schema checks.
    std::string text = "{\"schema_version\": 2, \"modules\": {";
    text.append(m_text.constData() + span.keyBegin, span.keyEnd - span.keyBegin);
    text += ": ";
    text.append(m_text.constData() + span.begin, span.end - span.begin);
    text += "}}";
    auto loaded = ModuleDatabase::fromJson(text, m_origin);
    if (auto* db = std::get_if<ModuleDatabase>(&loaded))
        return std::move(*db);
    return std::nullopt;
}

LazyDatabase::Selection LazyDatabase::select(std::string_view key, bool validatedOnly) const
{
    Selection out;
    const std::string normalized = formula::normalizeModuleKey(key);
    const LayeredDatabase& layered = m_eager ? *m_eager : *m_user;
    const ModuleDatabase* db = nullptr;
    std::optional<ModuleDatabase> single;
    const auto builtin = m_index.find(normalized);
    if (m_eager) {
        db = m_eager->databaseOf(normalized);
        if (!db)
            return out;
        const auto keys = m_eager->keys();
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (formula::normalizeModuleKey(keys[i]) == normalized) {
                out.position = i;
                break;
            }
        }
    } else if (layered.user() && layered.user()->contains(normalized)) {
        db = layered.user();
        out.position = builtin != m_index.end() ? builtin->second : m_userPosition.at(normalized);
    } else if (builtin != m_index.end()) {
        single = builtinEntry(normalized);
        if (!single)
            return out;
        db = &*single;
        out.position = builtin->second;
    } else {
        return out;
    }
    out.found = true;
    out.fileKey = db->fileKey(normalized).value_or(std::string(key));
    const auto validation = db->validation(normalized);
    if (!validation) {
        out.excludedReason = "invalid: the entry has schema errors (lmp db check)";
    } else if (validation->status == Status::Rejected) {
        out.excludedReason = "rejected";
    } else if (validatedOnly && validation->status != Status::Validated) {
        out.excludedReason = std::string(statusName(validation->status)) + ": excluded by --validated-only";
    } else if (auto spec = db->moduleSpec(normalized)) {
        spec->status = std::string(statusName(validation->status));
        spec->validator = validation->validator.value_or(std::string());
        spec->reviewDate = validation->date.value_or(std::string());
        spec->layer = db == layered.user() ? "user" : "builtin";
        out.spec = std::move(spec);
    }
    return out;
}

} // namespace lmp::db
