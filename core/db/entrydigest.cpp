// SPDX-License-Identifier: GPL-3.0-or-later
#include "entrydigest.h"

#include "entryindex.h"
#include "lazydatabase.h"

#include <cstdint>

namespace lmp::db {

namespace {

constexpr std::string_view kMagic = "lmp-module-digest 1 ";

// A field added to ModuleSpec must be written and read here, and compared in sameSpec().
static_assert(sizeof(formula::ModuleSpec) == 32 + 2 * 24 + formula::kKindCount * 40 + 24 + 4 * 32,
    "ModuleSpec changed: write its new fields in the digest");

class Writer
{
public:
    void u32(std::size_t v)
    {
        for (int i = 0; i < 4; ++i)
            out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
    void flag(bool b) { out.push_back(b ? '\1' : '\0'); }
    void str(std::string_view s)
    {
        u32(s.size());
        out.append(s);
    }
    void optStr(const std::optional<std::string>& s)
    {
        flag(s.has_value());
        if (s)
            str(*s);
    }
    void strs(const std::vector<std::string>& v)
    {
        u32(v.size());
        for (const auto& s : v)
            str(s);
    }
    std::string out;
};

class Reader
{
public:
    explicit Reader(std::string_view bytes)
        : m_in(bytes)
    { }
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_in.empty(); }
    std::uint32_t u32()
    {
        if (m_in.size() < 4)
            return fail(), 0;
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= static_cast<std::uint32_t>(static_cast<unsigned char>(m_in[static_cast<std::size_t>(i)])) << (8 * i);
        m_in.remove_prefix(4);
        return v;
    }
    bool flag()
    {
        if (m_in.empty() || static_cast<unsigned char>(m_in[0]) > 1)
            return fail(), false;
        const bool b = m_in[0] == '\1';
        m_in.remove_prefix(1);
        return b;
    }
    std::string str()
    {
        const std::uint32_t n = u32();
        if (!m_ok || n > m_in.size())
            return fail(), std::string();
        std::string s(m_in.substr(0, n));
        m_in.remove_prefix(n);
        return s;
    }
    std::optional<std::string> optStr()
    {
        if (!flag())
            return std::nullopt;
        return str();
    }
    std::vector<std::string> strs()
    {
        const std::uint32_t n = u32();
        std::vector<std::string> v;
        if (!m_ok || n > m_in.size() / 4) // each string takes at least its length
            return fail(), v;
        v.reserve(n);
        for (std::uint32_t i = 0; i < n && m_ok; ++i)
            v.push_back(str());
        return v;
    }

private:
    void fail()
    {
        m_ok = false;
        m_in = {};
    }
    std::string_view m_in;
    bool m_ok = true;
};

} // namespace

bool sameSpec(const formula::ModuleSpec& a, const formula::ModuleSpec& b)
{
    return a.key == b.key && a.flopParameters == b.flopParameters && a.memoryParameters == b.memoryParameters
        && a.templates == b.templates && a.breakdown == b.breakdown && a.status == b.status
        && a.validator == b.validator && a.reviewDate == b.reviewDate && a.layer == b.layer;
}

bool sameDigest(const EntryDigest& a, const EntryDigest& b)
{
    const bool sameValidation = a.validation.has_value() == b.validation.has_value()
        && (!a.validation
            || (a.validation->status == b.validation->status && a.validation->validator == b.validation->validator
                && a.validation->date == b.validation->date));
    const bool sameSpecs = a.spec.has_value() == b.spec.has_value() && (!a.spec || sameSpec(*a.spec, *b.spec));
    return a.key == b.key && a.reads == b.reads && a.fileKey == b.fileKey && sameValidation && sameSpecs;
}

std::vector<EntryDigest> digestBuiltinEntries(const LazyDatabase& database)
{
    std::vector<EntryDigest> out;
    if (!database.indexed())
        return out;
    for (const std::string& key : database.builtinKeys()) {
        EntryDigest d;
        d.key = key;
        if (const auto single = database.builtinEntry(key)) {
            d.reads = true;
            d.fileKey = single->fileKey(key).value_or(key);
            d.validation = single->validation(key);
            if (d.validation)
                d.validation->notes.reset();
            d.spec = single->moduleSpec(key);
        }
        out.push_back(std::move(d));
    }
    return out;
}

std::string writeEntryDigests(std::size_t textSize, const std::vector<EntryDigest>& digests)
{
    std::vector<std::string> records;
    records.reserve(digests.size());
    for (const EntryDigest& d : digests) {
        Writer w;
        w.str(d.key);
        w.flag(d.reads);
        w.str(d.fileKey);
        w.flag(d.validation.has_value());
        if (d.validation) {
            w.str(statusName(d.validation->status));
            w.optStr(d.validation->validator);
            w.optStr(d.validation->date);
        }
        w.flag(d.spec.has_value());
        if (d.spec) {
            const formula::ModuleSpec& s = *d.spec;
            w.str(s.key);
            w.strs(s.flopParameters);
            w.strs(s.memoryParameters);
            for (const auto& t : s.templates)
                w.optStr(t);
            w.u32(s.breakdown.size());
            for (const auto& [name, expression] : s.breakdown) {
                w.str(name);
                w.str(expression);
            }
            w.str(s.status);
            w.str(s.validator);
            w.str(s.reviewDate);
            w.str(s.layer);
        }
        records.push_back(std::move(w.out));
    }
    std::string out(kMagic);
    out += std::to_string(textSize) + ' ' + std::to_string(digests.size()) + '\n';
    Writer table;
    std::size_t offset = 0;
    for (const std::string& r : records) {
        table.u32(offset);
        offset += r.size();
    }
    table.u32(offset);
    out += table.out;
    for (const std::string& r : records)
        out += r;
    return out;
}

std::optional<EntryDigests> EntryDigests::open(std::string_view bytes, std::size_t textSize, std::size_t count)
{
    if (!bytes.starts_with(kMagic))
        return std::nullopt;
    std::string_view rest = bytes.substr(kMagic.size());
    std::size_t size = 0, listed = 0;
    if (!readHeaderNumber(rest, size, ' ') || size != textSize || !readHeaderNumber(rest, listed, '\n')
        || listed != count)
        return std::nullopt;
    EntryDigests out;
    out.m_bytes = bytes;
    out.m_table = bytes.size() - rest.size();
    if ((bytes.size() - out.m_table) / 4 < count + 1)
        return std::nullopt;
    out.m_records = out.m_table + 4 * (count + 1);
    out.m_count = count;
    // The last offset is the records' total size.
    Reader last(bytes.substr(out.m_table + 4 * count, 4));
    if (last.u32() != bytes.size() - out.m_records)
        return std::nullopt;
    return out;
}

std::optional<EntryDigest> EntryDigests::read(std::size_t i) const
{
    if (i >= m_count)
        return std::nullopt;
    Reader offsets(m_bytes.substr(m_table + 4 * i, 8));
    const std::size_t begin = offsets.u32();
    const std::size_t end = offsets.u32();
    if (!offsets.ok() || begin > end || end > m_bytes.size() - m_records)
        return std::nullopt;
    Reader r(m_bytes.substr(m_records + begin, end - begin));
    EntryDigest d;
    d.key = r.str();
    d.reads = r.flag();
    d.fileKey = r.str();
    if (r.flag()) {
        const auto status = statusFromName(r.str());
        if (!status)
            return std::nullopt;
        d.validation = Validation { *status, r.optStr(), r.optStr(), std::nullopt };
    }
    if (r.flag()) {
        formula::ModuleSpec& s = d.spec.emplace();
        s.key = r.str();
        s.flopParameters = r.strs();
        s.memoryParameters = r.strs();
        for (auto& t : s.templates)
            t = r.optStr();
        const std::uint32_t n = r.u32();
        if (!r.ok())
            return std::nullopt;
        for (std::uint32_t k = 0; k < n && r.ok(); ++k) {
            std::string name = r.str();
            std::string expression = r.str();
            s.breakdown.emplace_back(std::move(name), std::move(expression));
        }
        s.status = r.str();
        s.validator = r.str();
        s.reviewDate = r.str();
        s.layer = r.str();
    }
    if (!r.ok() || !r.atEnd())
        return std::nullopt;
    return d;
}

} // namespace lmp::db
