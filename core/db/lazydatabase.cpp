// SPDX-License-Identifier: GPL-3.0-or-later
#include "lazydatabase.h"

#include <QFile>
#include <QResource>

#include <algorithm>

namespace lmp::db {

std::optional<std::vector<EntrySpan>> scanEntries(std::string_view text)
{
    return databaseEntries(text);
}

namespace {

// A resource's bytes, in place when it is stored uncompressed; empty when there is no such resource.
QByteArray resourceBytes(const QString& name)
{
    QResource resource(name);
    if (!resource.isValid())
        return {};
    if (resource.compressionAlgorithm() == QResource::NoCompression)
        return QByteArray::fromRawData(reinterpret_cast<const char*>(resource.data()), resource.size());
    return resource.uncompressedData();
}

} // namespace

std::variant<LazyDatabase, DbError> LazyDatabase::withBuiltin(const QString& userPath)
{
    const QString origin = QString::fromLatin1(LayeredDatabase::kBuiltinResource);
    QByteArray text = resourceBytes(origin);
    // The build's index of the entries (entryindex.h): the start then reads the text only where an entry is used.
    // One that does not fit this text is not used, and the text is scanned instead.
    const QByteArray index = resourceBytes(QString::fromLatin1(kBuiltinIndexResource));
    std::optional<std::vector<EntrySpan>> spans;
    if (!index.isEmpty())
        spans = readEntryIndex(std::string_view(index.constData(), static_cast<std::size_t>(index.size())),
            static_cast<std::size_t>(text.size()));
    if (!spans) {
        const std::string_view view(text.constData(), static_cast<std::size_t>(text.size()));
        spans = scanEntries(view);
    }
    return open(std::move(text), std::move(spans), origin, userPath,
        resourceBytes(QString::fromLatin1(kBuiltinDigestResource)));
}

std::variant<LazyDatabase, DbError> LazyDatabase::fromText(
    QByteArray builtinText, const QString& origin, const QString& userPath, QByteArray digest)
{
    auto spans = scanEntries(std::string_view(builtinText.constData(), static_cast<std::size_t>(builtinText.size())));
    return open(std::move(builtinText), std::move(spans), origin, userPath, std::move(digest));
}

std::variant<LazyDatabase, DbError> LazyDatabase::open(QByteArray builtinText,
    std::optional<std::vector<EntrySpan>> spans, const QString& origin, const QString& userPath, QByteArray digest)
{
    LazyDatabase db;
    db.m_origin = origin;
    const std::string_view text(builtinText.constData(), static_cast<std::size_t>(builtinText.size()));
    for (std::size_t i = 0; spans && i < spans->size(); ++i) {
        const std::string& key = (*spans)[i].key;
        // Keys a whole load reports (malformed, the same module twice): read it whole, as it does.
        if (!formula::isValidModuleKey(key) || !db.m_position.emplace(formula::normalizeModuleKey(key), i).second)
            spans.reset();
    }
    std::variant<LayeredDatabase, DbError> opened = DbError {};
    if (spans) {
        db.m_spans = std::move(*spans);
        db.m_text = std::move(builtinText);
        db.m_digestBytes = std::move(digest);
        db.m_digests = EntryDigests::open(
            std::string_view(db.m_digestBytes.constData(), static_cast<std::size_t>(db.m_digestBytes.size())),
            static_cast<std::size_t>(db.m_text.size()), db.m_spans.size());
        opened = LayeredDatabase::open(ModuleDatabase(), userPath);
    } else {
        db.m_position.clear();
        auto whole = ModuleDatabase::fromJson(text, origin);
        if (auto* e = std::get_if<DbError>(&whole))
            return *e;
        opened = LayeredDatabase::open(std::get<ModuleDatabase>(std::move(whole)), userPath);
    }
    if (auto* e = std::get_if<DbError>(&opened))
        return *e;
    auto layered = std::make_shared<const LayeredDatabase>(std::get<LayeredDatabase>(std::move(opened)));
    (spans ? db.m_user : db.m_eager) = layered;
    // Positions in LayeredDatabase::keys(): the built-in keys in file order, then the user-only keys in theirs.
    if (db.m_eager) {
        for (const std::string& key : db.m_eager->builtin().keys())
            db.m_position.emplace(formula::normalizeModuleKey(key), db.m_position.size());
    }
    if (const ModuleDatabase* user = layered->user()) {
        for (const std::string& key : user->keys())
            db.m_position.emplace(formula::normalizeModuleKey(key), db.m_position.size());
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

std::vector<std::string> LazyDatabase::keys() const
{
    if (m_eager)
        return m_eager->keys();
    std::vector<std::string> out = builtinKeys();
    for (const std::string& key : m_user->keys()) { // the user layer's (its built-in layer is empty)
        const auto it = m_position.find(formula::normalizeModuleKey(key));
        if (it != m_position.end() && it->second >= m_spans.size())
            out.push_back(key);
    }
    return out;
}

std::variant<ModuleDatabase, DbError> LazyDatabase::readSpan(
    const EntrySpan& span, std::optional<std::size_t> linesBefore) const
{
    // The span is the entry's (an index that does not fit the text would point elsewhere).
    const std::string_view builtin(m_text.constData(), static_cast<std::size_t>(m_text.size()));
    if (span.keyBegin >= span.keyEnd || span.keyEnd > span.begin || span.begin >= span.end || span.end > builtin.size()
        || builtin.substr(span.keyBegin, span.keyEnd - span.keyBegin) != '"' + span.key + '"'
        || builtin[span.begin] != '{')
        return DbError { m_origin, 0, 0, {}, span.key, "the built-in index does not fit the built-in text" };
    // A database of that one entry, read by the whole-file loader: the same parse, the same schema checks.
    std::string text = "{\"schema_version\": 2, \"modules\": {";
    if (linesBefore) {
        // Whitespace in front of the key puts it at its line and column in the file (columns count characters);
        // what lies between the key and the entry (the colon, perhaps a line break) is the file's.
        const std::size_t newline = builtin.rfind('\n', span.keyBegin);
        const std::size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
        std::size_t column = 0; // characters before the key on its line
        for (std::size_t i = lineStart; i < span.keyBegin; ++i)
            column += (static_cast<unsigned char>(builtin[i]) & 0xC0) != 0x80;
        if (*linesBefore > 0) {
            text.append(*linesBefore, '\n');
            text.append(column, ' ');
        } else if (column >= text.size()) {
            text.append(column - text.size(), ' ');
        }
        text.append(builtin.substr(span.keyBegin, span.begin - span.keyBegin));
    } else {
        text.append(builtin.substr(span.keyBegin, span.keyEnd - span.keyBegin));
        text += ": ";
    }
    text.append(builtin.substr(span.begin, span.end - span.begin));
    text += "}}";
    return ModuleDatabase::fromJson(text, m_origin);
}

std::optional<ModuleDatabase> LazyDatabase::builtinEntry(std::string_view key) const
{
    const auto it = m_position.find(formula::normalizeModuleKey(key));
    if (m_eager || it == m_position.end() || it->second >= m_spans.size())
        return std::nullopt;
    auto read = readSpan(m_spans[it->second], std::nullopt);
    if (auto* db = std::get_if<ModuleDatabase>(&read))
        return std::move(*db);
    return std::nullopt;
}

std::vector<std::variant<ModuleDatabase, DbError>> LazyDatabase::builtinEntries() const
{
    std::vector<std::variant<ModuleDatabase, DbError>> out;
    out.reserve(m_spans.size());
    const std::string_view builtin(m_text.constData(), static_cast<std::size_t>(m_text.size()));
    std::size_t counted = 0, lines = 0; // line breaks in builtin[0, counted)
    for (const EntrySpan& span : m_spans) {
        // Spans are in text order: the line breaks before each key's line are counted once in all.
        const std::size_t newline = builtin.rfind('\n', span.keyBegin);
        const std::size_t lineStart = newline == std::string_view::npos ? 0 : newline + 1;
        if (lineStart < counted) // not in text order (an index that does not fit: readSpan refuses it anyway)
            counted = lines = 0;
        lines += static_cast<std::size_t>(std::count(builtin.begin() + static_cast<std::ptrdiff_t>(counted),
            builtin.begin() + static_cast<std::ptrdiff_t>(lineStart), '\n'));
        counted = lineStart;
        out.push_back(readSpan(span, lines));
    }
    return out;
}

namespace {

// The selection's reason or spec from the winning entry's review fields; spec() gives the entry's spec.
template <typename SpecOf>
void choose(LazyDatabase::Selection& out, const std::optional<Validation>& validation, bool validatedOnly,
    SpecOf&& spec, const char* layer)
{
    if (!validation) {
        out.excludedReason = "invalid: the entry has schema errors (lmp db check)";
    } else if (validation->status == Status::Rejected) {
        out.excludedReason = "rejected";
    } else if (validatedOnly && validation->status != Status::Validated) {
        out.excludedReason = std::string(statusName(validation->status)) + ": excluded by --validated-only";
    } else if (std::optional<formula::ModuleSpec> s = spec()) {
        s->status = std::string(statusName(validation->status));
        s->validator = validation->validator.value_or(std::string());
        s->reviewDate = validation->date.value_or(std::string());
        s->layer = layer;
        out.spec = std::move(s);
    }
}

} // namespace

LazyDatabase::Selection LazyDatabase::select(std::string_view key, bool validatedOnly) const
{
    Selection out;
    const std::string normalized = formula::normalizeModuleKey(key);
    const auto position = m_position.find(normalized);
    if (position == m_position.end())
        return out;
    out.position = position->second;
    const LayeredDatabase& layered = m_eager ? *m_eager : *m_user;
    const ModuleDatabase* db = layered.user() && layered.user()->contains(normalized) ? layered.user() : nullptr;
    std::optional<ModuleDatabase> single;
    if (!db && m_eager) {
        db = &m_eager->builtin();
    } else if (!db) {
        // The build's digest of the entry: what reading its JSON below gives, without the parse.
        if (m_digests && position->second < m_spans.size()) {
            if (auto digest = m_digests->read(position->second);
                digest && digest->key == m_spans[position->second].key) {
                if (!digest->reads)
                    return out;
                out.found = true;
                out.fileKey = std::move(digest->fileKey);
                choose(
                    out, digest->validation, validatedOnly, [&] { return std::move(digest->spec); }, "builtin");
                return out;
            }
        }
        single = builtinEntry(normalized);
        if (!single)
            return out;
        db = &*single;
    }
    out.found = true;
    out.fileKey = db->fileKey(normalized).value_or(std::string(key));
    choose(
        out, db->validation(normalized), validatedOnly, [&] { return db->moduleSpec(normalized); },
        db == layered.user() ? "user" : "builtin");
    return out;
}

} // namespace lmp::db
