// SPDX-License-Identifier: GPL-3.0-or-later
#include "draft.h"

#include "analysis/entryevaluation.h"
#include "db/dbcheck.h"
#include "db/jsonlocate.h"
#include "db/jsontext.h"
#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <utility>

namespace lmp::agent {

namespace {

using db::Json;
using formula::Int;
using formula::Kind;
using formula::Number;

// At most this many reasons of one kind (every string over the limit, every HTML tag, ...): an answer with
// thousands of them needs no thousand sentences.
constexpr std::size_t kMaxReasonsOfAKind = 8;

std::string bytesText(std::size_t n)
{
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
        digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

// "/flop_analysis/breakdown/q_proj" -> "flop_analysis.breakdown.q_proj"; "" -> "the entry"
std::string fieldName(const std::string& pointer)
{
    if (pointer.empty())
        return "the entry";
    std::string out;
    std::size_t i = 1;
    while (i <= pointer.size()) {
        const std::size_t end = std::min(pointer.find('/', i), pointer.size());
        std::string token = pointer.substr(i, end - i);
        for (std::size_t p = 0; (p = token.find('~', p)) != std::string::npos; ++p) {
            if (p + 1 < token.size())
                token.replace(p, 2, token[p + 1] == '1' ? "/" : "~");
        }
        const bool index =
            !token.empty() && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (index)
            out += "[" + token + "]";
        else
            out += (out.empty() ? "" : ".") + token;
        i = end + 1;
    }
    return out;
}

bool isEntryObject(const Json& value)
{
    return value.is_object() && (value.contains("flop_analysis") || value.contains("memory_analysis"));
}

bool sameModule(std::string_view a, std::string_view b)
{
    return formula::normalizeModuleKey(a) == formula::normalizeModuleKey(b);
}

// ---------------------------------------------------------------------------------------------------------------
// Finding the JSON in an answer

struct Candidate
{
    std::string text;
    int firstLine = 1; // the answer's line of the text's first line
    bool fenced = false;
};

// Fenced code blocks (``` or ~~~, three or more, indented at most three spaces) whose info string is empty or
// json; an unclosed block runs to the end of the answer, as in CommonMark.
std::vector<Candidate> fencedBlocks(std::string_view answer)
{
    std::vector<Candidate> out;
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= answer.size();) {
        const std::size_t end = std::min(answer.find('\n', start), answer.size());
        lines.push_back(answer.substr(start, end - start));
        start = end + 1;
    }
    auto fenceOf = [](std::string_view line, char& fenceChar, std::size_t& length, std::string_view& info) {
        std::size_t i = 0;
        while (i < line.size() && i < 3 && line[i] == ' ')
            ++i;
        if (i >= line.size() || (line[i] != '`' && line[i] != '~'))
            return false;
        const char c = line[i];
        std::size_t n = 0;
        while (i + n < line.size() && line[i + n] == c)
            ++n;
        if (n < 3)
            return false;
        fenceChar = c;
        length = n;
        info = line.substr(i + n);
        return true;
    };
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        char fenceChar = 0;
        std::size_t length = 0;
        std::string_view info;
        if (!fenceOf(lines[i], fenceChar, length, info))
            continue;
        info = trim(info);
        if (fenceChar == '`' && info.find('`') != std::string_view::npos)
            continue; // not a fence: an inline code span
        std::string language(info.substr(0, std::min(info.find(' '), info.size())));
        std::transform(language.begin(), language.end(), language.begin(),
            [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
        std::size_t close = i + 1;
        for (; close < lines.size(); ++close) {
            char c = 0;
            std::size_t n = 0;
            std::string_view rest;
            if (fenceOf(lines[close], c, n, rest) && c == fenceChar && n >= length && trim(rest).empty())
                break;
        }
        if (language.empty() || language == "json" || language == "jsonc" || language == "json5") {
            Candidate block;
            block.firstLine = static_cast<int>(i) + 2;
            block.fenced = true;
            for (std::size_t l = i + 1; l < close; ++l) {
                block.text += lines[l];
                block.text += '\n';
            }
            out.push_back(std::move(block));
        }
        i = close;
    }
    return out;
}

// What one parsed JSON value holds.
struct Found
{
    int entries = 0; // module entries in it
    std::string key; // of the one entry: as written, or "" for a bare entry
    Json entry;
};

Found entriesIn(Json& value)
{
    Found found;
    if (!value.is_object())
        return found;
    if (isEntryObject(value)) {
        found.entries = 1;
        found.entry = std::move(value);
        return found;
    }
    Json* members = &value;
    if (const auto modules = value.find("modules"); modules != value.end() && modules->is_object())
        members = &*modules;
    for (auto& [name, member] : members->items()) {
        if (!isEntryObject(member))
            continue;
        if (++found.entries == 1) {
            found.key = name;
            found.entry = member;
        }
    }
    return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Limits and texts

void walkStrings(const Json& value, const std::string& pointer,
    const std::function<void(const std::string& pointer, const std::string& text, bool isKey)>& visit)
{
    if (value.is_string()) {
        visit(pointer, value.get_ref<const std::string&>(), false);
    } else if (value.is_object()) {
        for (const auto& [name, member] : value.items()) {
            const std::string at = pointer + "/" + db::escapePointerToken(name);
            visit(at, name, true);
            walkStrings(member, at, visit);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            walkStrings(value[i], pointer + "/" + std::to_string(i), visit);
    }
}

std::vector<std::string> limitReasons(const Json& entry, const AnswerLimits& limits)
{
    std::vector<std::string> out;
    const int depth = db::jsonDepth(entry, limits.maxDepth);
    if (depth > limits.maxDepth) {
        out.push_back("the entry nests deeper than " + std::to_string(limits.maxDepth)
            + " levels of JSON (maxDepth): an entry needs about 4");
        return out; // the walks below would follow it down
    }
    std::string compact;
    try {
        compact = entry.dump(-1, ' ', false, Json::error_handler_t::replace);
    } catch (const std::exception& e) {
        out.push_back(std::string("the entry cannot be written as JSON: ") + db::jsonErrorMessage(e.what()));
        return out;
    }
    if (compact.size() > limits.maxEntryBytes)
        out.push_back("the entry is " + bytesText(compact.size()) + " bytes of JSON, over the limit of "
            + bytesText(limits.maxEntryBytes) + " bytes (maxEntryBytes)");
    std::size_t longStrings = 0;
    walkStrings(entry, "", [&](const std::string& pointer, const std::string& text, bool isKey) {
        if (text.size() <= limits.maxTemplateBytes)
            return;
        if (++longStrings <= kMaxReasonsOfAKind)
            out.push_back(std::string(isKey ? "a key in " : "") + fieldName(pointer) + " is " + bytesText(text.size())
                + " bytes, over the limit of " + bytesText(limits.maxTemplateBytes)
                + " bytes per string (maxTemplateBytes)");
    });
    if (longStrings > kMaxReasonsOfAKind)
        out.push_back("and " + std::to_string(longStrings - kMaxReasonsOfAKind) + " more strings over that limit");
    if (entry.is_object()) {
        if (const auto flop = entry.find("flop_analysis"); flop != entry.end() && flop->is_object()) {
            if (const auto b = flop->find("breakdown");
                b != flop->end() && b->is_object() && b->size() > limits.maxBreakdownItems)
                out.push_back("flop_analysis.breakdown has " + std::to_string(b->size()) + " items, over the limit of "
                    + std::to_string(limits.maxBreakdownItems) + " (maxBreakdownItems)");
        }
        for (const char* section : { "flop_analysis", "memory_analysis" }) {
            const auto s = entry.find(section);
            if (s == entry.end() || !s->is_object())
                continue;
            if (const auto p = s->find("parameters");
                p != s->end() && p->is_array() && p->size() > limits.maxParameters)
                out.push_back(std::string(section) + ".parameters has " + std::to_string(p->size())
                    + " parameters, over the limit of " + std::to_string(limits.maxParameters) + " (maxParameters)");
        }
    }
    return out;
}

// Text with fenced code blocks and inline code spans blanked out: HTML inside them is code, shown as it is.
std::string withoutCode(const std::string& text)
{
    std::string out = text;
    // Fenced blocks: lines between ``` (or ~~~) fences.
    bool inFence = false;
    std::size_t start = 0;
    while (start < out.size()) {
        const std::size_t end = std::min(out.find('\n', start), out.size());
        std::size_t i = start;
        while (i < end && i - start < 3 && out[i] == ' ')
            ++i;
        const bool fence = end - i >= 3 && ((out.compare(i, 3, "```") == 0) || (out.compare(i, 3, "~~~") == 0));
        if (fence || inFence)
            std::fill(
                out.begin() + static_cast<std::ptrdiff_t>(start), out.begin() + static_cast<std::ptrdiff_t>(end), ' ');
        if (fence)
            inFence = !inFence;
        start = end + 1;
    }
    // Inline spans: a run of n backticks up to the next run of exactly n.
    for (std::size_t i = 0; i < out.size();) {
        if (out[i] != '`') {
            ++i;
            continue;
        }
        std::size_t n = 0;
        while (i + n < out.size() && out[i + n] == '`')
            ++n;
        std::size_t j = i + n;
        std::size_t close = std::string::npos;
        while (j < out.size()) {
            if (out[j] != '`') {
                ++j;
                continue;
            }
            std::size_t m = 0;
            while (j + m < out.size() && out[j + m] == '`')
                ++m;
            if (m == n) {
                close = j;
                break;
            }
            j += m;
        }
        if (close == std::string::npos) {
            i += n;
            continue;
        }
        std::fill(
            out.begin() + static_cast<std::ptrdiff_t>(i), out.begin() + static_cast<std::ptrdiff_t>(close + n), ' ');
        i = close + n;
    }
    return out;
}

bool asciiLetter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The first thing in text that a Markdown or rich-text view would take for HTML: a tag (<b>, </div>, <script
// src=...>, <br/>), a comment, a declaration or a processing instruction. nullopt: none.
std::optional<std::string> firstHtmlTag(const std::string& text)
{
    for (std::size_t i = text.find('<'); i != std::string::npos; i = text.find('<', i + 1)) {
        const std::size_t rest = text.size() - i;
        if (rest >= 4 && text.compare(i, 4, "<!--") == 0)
            return std::string("<!--");
        if (rest >= 2 && (text[i + 1] == '?' || (text[i + 1] == '!' && rest >= 3 && asciiLetter(text[i + 2]))))
            return text.substr(i, std::min<std::size_t>(rest, 12));
        std::size_t j = i + 1;
        if (j < text.size() && text[j] == '/')
            ++j;
        if (j >= text.size() || !asciiLetter(text[j]))
            continue;
        while (j < text.size() && (asciiLetter(text[j]) || (text[j] >= '0' && text[j] <= '9') || text[j] == '-'))
            ++j;
        if (j >= text.size())
            continue;
        const char next = text[j];
        std::size_t close = std::string::npos;
        if (next == '>')
            close = j;
        else if (next == '/' && j + 1 < text.size() && text[j + 1] == '>')
            close = j + 1;
        else if (next == ' ' || next == '\t' || next == '\n' || next == '\r') {
            // Attributes: up to a '>' before another '<', within a few lines.
            for (std::size_t k = j; k < text.size() && k < j + 1024; ++k) {
                if (text[k] == '<')
                    break;
                if (text[k] == '>') {
                    close = k;
                    break;
                }
            }
        }
        if (close != std::string::npos)
            return text.substr(i, std::min<std::size_t>(close + 1 - i, 40));
    }
    return std::nullopt;
}

// The first control character (other than tab, line feed and carriage return) or invisible direction / zero-width
// character in UTF-8 text, as "U+202E" and its byte offset.
std::optional<std::pair<std::string, std::size_t>> firstHiddenCharacter(const std::string& text)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::uint32_t cp = c;
        std::size_t n = 1;
        if (c >= 0xF0 && i + 3 < text.size()) {
            cp = (c & 0x07u) << 18 | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 12
                | (static_cast<unsigned char>(text[i + 2]) & 0x3Fu) << 6
                | (static_cast<unsigned char>(text[i + 3]) & 0x3Fu);
            n = 4;
        } else if (c >= 0xE0 && i + 2 < text.size()) {
            cp = (c & 0x0Fu) << 12 | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu) << 6
                | (static_cast<unsigned char>(text[i + 2]) & 0x3Fu);
            n = 3;
        } else if (c >= 0xC0 && i + 1 < text.size()) {
            cp = (c & 0x1Fu) << 6 | (static_cast<unsigned char>(text[i + 1]) & 0x3Fu);
            n = 2;
        }
        const bool hidden = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || (cp >= 0x7F && cp <= 0x9F)
            || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069)
            || cp == 0xFEFF;
        if (hidden) {
            char name[16];
            std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
            return std::make_pair(std::string(name), i);
        }
        i += n;
    }
    return std::nullopt;
}

std::vector<Refusal> textRefusals(const Json& entry)
{
    std::vector<Refusal> out;
    std::size_t markup = 0, hidden = 0;
    walkStrings(entry, "", [&](const std::string& pointer, const std::string& text, bool isKey) {
        const bool thinking =
            !isKey && pointer.size() >= 17 && pointer.compare(pointer.size() - 17, 17, "/thinking_process") == 0;
        if (const auto tag = firstHtmlTag(thinking ? withoutCode(text) : text)) {
            if (++markup <= kMaxReasonsOfAKind)
                out.push_back({ "markup",
                    std::string(isKey ? "a key in " : "") + fieldName(pointer) + " holds HTML (" + *tag
                        + "): texts are Markdown without HTML; write code in backticks",
                    fieldName(pointer), 0, 0, std::nullopt });
        }
        if (const auto character = firstHiddenCharacter(text)) {
            if (++hidden <= kMaxReasonsOfAKind)
                out.push_back({ "text",
                    std::string(isKey ? "a key in " : "") + fieldName(pointer) + " holds the invisible character "
                        + character->first + " at byte " + std::to_string(character->second)
                        + ": control, direction and zero-width characters are refused",
                    fieldName(pointer), 0, 0, std::nullopt });
        }
    });
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

// The library an analysis would use with the candidate entry in it, as pending.
std::shared_ptr<const formula::Library> candidateLibrary(
    std::string_view key, const Json& entry, const db::LayeredDatabase& database)
{
    const std::string normalized = formula::normalizeModuleKey(key);
    db::SpecSelection selection = database.moduleSpecs(false);
    std::erase_if(selection.specs,
        [&](const formula::ModuleSpec& s) { return formula::normalizeModuleKey(s.key) == normalized; });
    for (formula::ModuleSpec& spec : selection.specs) {
        const auto* layer = database.databaseOf(spec.key);
        const auto status = layer ? layer->status(spec.key) : std::nullopt;
        spec.status = std::string(db::statusName(status.value_or(db::Status::Pending)));
    }
    std::erase_if(
        selection.excluded, [&](const auto& e) { return formula::normalizeModuleKey(e.first) == normalized; });
    for (auto& [excludedKey, reason] : selection.excluded)
        excludedKey = formula::normalizeModuleKey(excludedKey);
    formula::ModuleSpec candidate = db::moduleSpecFromEntry(normalized, entry);
    candidate.status = std::string(db::statusName(db::Status::Pending));
    selection.specs.push_back(std::move(candidate));
    return std::make_shared<const formula::Library>(
        formula::Library::build(selection.specs, {}, std::move(selection.excluded)));
}

std::string settingsText(const analysis::Settings& s)
{
    std::string out = s.phase == analysis::Phase::Decode ? "decode step" : std::string(analysis::phaseName(s.phase));
    out += " (batch " + formula::toString(s.batch);
    if (s.phase == analysis::Phase::Decode)
        out += ", " + formula::toString(s.seq) + (s.seq == 1 ? " token" : " tokens") + " after "
            + formula::toString(s.past) + " cached";
    else
        out += ", " + formula::toString(s.seq) + " tokens";
    return out + ")";
}

std::string kindField(Kind kind)
{
    switch (kind) {
    case Kind::Flops:
        return "flop_analysis.formula_template";
    case Kind::MatmulFlops:
        return "flop_analysis.matmul_template";
    case Kind::Reads:
        return "memory_analysis.reads_template";
    case Kind::Writes:
        return "memory_analysis.writes_template";
    case Kind::Intermediates:
        return "memory_analysis.intermediates_template";
    case Kind::Params:
        return "memory_analysis.params_template";
    }
    return {};
}

bool badValue(const Number& n)
{
    if (n.isInteger())
        return n.toInteger() < 0;
    return !std::isfinite(n.toDouble()) || n.toDouble() < 0;
}

// On every node of the class in the model, with both settings. False when the model has no such node.
bool modelRefusals(
    std::string_view key, const formula::Library& library, const DraftContext& context, std::vector<Refusal>& out)
{
    bool any = false;
    for (const analysis::Settings* settings : { &context.prefill, &context.decode }) {
        const analysis::ClassIndex index(analysis::analyzeModel(context.model, library, *settings));
        if (index.nodesOf(key).empty())
            return false;
        any = true;
        const analysis::EntryEvaluation evaluation = analysis::evaluateEntry(library, key, index);
        for (const analysis::EntryCheck& check : evaluation.checks) {
            // The parameter count against the tensors is the reviewer's to judge (tied weights, buffers).
            if (check.passed || check.id == QLatin1String("params"))
                continue;
            const bool self = check.id == QLatin1String("self");
            out.push_back({ self ? "children" : "evaluation",
                "on " + check.where.toStdString() + " in a " + settingsText(*settings) + ": "
                    + check.title.toStdString() + ": " + check.reason.toStdString()
                    + (self ? " (the module's children count more than the entry: it misses their work)" : ""),
                {}, 0, 0, std::nullopt });
        }
    }
    return any;
}

// The values of the entry's check_values that are numbers (db check reports the rest).
std::vector<std::pair<std::string, Number>> checkValues(const Json& entry)
{
    std::vector<std::pair<std::string, Number>> out;
    const auto it = entry.find("check_values");
    if (it == entry.end() || !it->is_object())
        return out;
    for (const auto& [name, value] : it->items()) {
        if (value.is_number_unsigned())
            out.emplace_back(name, Number::integer(static_cast<Int>(value.get<std::uint64_t>())));
        else if (value.is_number_integer())
            out.emplace_back(name, Number::integer(static_cast<Int>(value.get<std::int64_t>())));
        else if (value.is_number())
            out.emplace_back(name, Number::real(value.get<double>()));
    }
    return out;
}

// On db check's three sample sets (two prefills, a decode step on a cache): figures finite and non-negative,
// matmul <= FLOPs. Evaluation errors are db check's to report.
void sampleRefusals(std::string_view key, const Json& entry, const formula::Library& library, std::vector<Refusal>& out)
{
    const auto id = library.find(key);
    if (!id)
        return;
    struct Sample
    {
        Int batch, seq, past, parameters;
    };
    static constexpr std::array<Sample, 3> kSamples { Sample { 2, 128, 0, 64 }, Sample { 3, 96, 0, 96 },
        Sample { 4, 1, 511, 32 } };
    const auto overrides = checkValues(entry);
    formula::Evaluator evaluator(library);
    // One reason per field: the first sample set it fails on.
    std::vector<std::string> reported;
    auto report = [&](const std::string& field, std::string message) {
        if (std::find(reported.begin(), reported.end(), field) != reported.end()
            || reported.size() >= kMaxReasonsOfAKind)
            return;
        reported.push_back(field);
        out.push_back({ "evaluation", std::move(message), field, 0, 0, std::nullopt });
    };
    for (const Sample& sample : kSamples) {
        analysis::Settings settings;
        settings.phase = sample.past > 0 ? analysis::Phase::Decode : analysis::Phase::Prefill;
        settings.batch = sample.batch;
        settings.seq = sample.seq;
        settings.past = sample.past;
        evaluator.setContext(settings.context());
        std::vector<formula::NamedValue> bindings;
        std::string bound;
        for (const std::string& name : library.signature(*id)) {
            const auto o =
                std::find_if(overrides.begin(), overrides.end(), [&](const auto& v) { return v.first == name; });
            if (o != overrides.end())
                bindings.push_back({ name, o->second });
            else if (!formula::isContextVariable(name))
                bindings.push_back({ name, Number::integer(sample.parameters) });
            else
                continue;
            bound += (bound.empty() ? "" : ", ") + name + "=" + bindings.back().value.toString();
        }
        for (const auto& [name, value] : overrides) {
            const bool isBound =
                std::any_of(bindings.begin(), bindings.end(), [&name = name](const auto& b) { return b.name == name; });
            if (formula::isContextVariable(name) && !isBound) {
                evaluator.setContext(name, value);
                bound += (bound.empty() ? "" : ", ") + name + "=" + value.toString();
            }
        }
        const std::string where = "on sample values (B=" + formula::toString(sample.batch)
            + ", S=" + formula::toString(sample.seq) + ", P=" + formula::toString(sample.past) + ", byte sizes 2"
            + (bound.empty() ? "" : "; " + bound) + ")";
        const std::string hint = "; if these sample values are not realistic for the module, give realistic ones in"
                                 " the entry's check_values";
        analysis::Figures figures;
        for (Kind kind : formula::kAllKinds) {
            if (!library.hasTemplate(*id, kind))
                continue;
            const auto r = evaluator.evaluate(*id, kind, bindings);
            if (!r.ok())
                continue;
            figures[kind] = r.value();
            if (badValue(r.value()))
                report(kindField(kind),
                    kindField(kind) + " gives " + r.value().toString() + " " + where
                        + ": every figure must be finite and >= 0" + hint);
        }
        for (std::size_t i = 0; i < library.breakdownSize(*id); ++i) {
            const auto r = evaluator.evaluateBreakdown(*id, i, bindings);
            if (r.ok() && badValue(r.value())) {
                const std::string field = "flop_analysis.breakdown." + library.breakdownName(*id, i);
                report(field,
                    field + " gives " + r.value().toString() + " " + where + ": every item must be finite and >= 0"
                        + hint);
            }
        }
        const auto& flops = figures[Kind::Flops];
        const auto& matmul = figures[Kind::MatmulFlops];
        if (flops && matmul && !badValue(*flops) && !badValue(*matmul)) {
            const bool over = flops->isInteger() && matmul->isInteger()
                ? matmul->toInteger() > flops->toInteger()
                : matmul->toDouble() > flops->toDouble() * (1 + 1e-9);
            if (over)
                report("flop_analysis.matmul_template",
                    "flop_analysis.matmul_template gives " + matmul->toString() + ", more than formula_template's "
                        + flops->toString() + " " + where + ": the matmul FLOPs are part of the FLOPs");
        }
    }
}

Refusal problemRefusal(const db::Problem& p)
{
    Refusal r;
    r.rule = std::string(db::ruleName(p.rule));
    r.field = p.field;
    r.line = p.line;
    r.column = p.column;
    r.formulaError = p.formulaError;
    std::string where = p.field.empty() ? std::string("the entry") : p.field;
    if (p.line > 0)
        where += " (entry line " + std::to_string(p.line) + (p.column > 0 ? ":" + std::to_string(p.column) : "") + ")";
    r.message = where + ": " + p.message;
    if (p.formulaError && !p.formulaError->text.empty()) {
        const formula::FormulaError& e = *p.formulaError;
        const auto [endLine, endColumn] = formula::lineAndColumn(e.text, e.range.end);
        r.message += " [template " + std::to_string(e.line()) + ":" + std::to_string(e.column()) + "-"
            + std::to_string(endLine) + ":" + std::to_string(endColumn) + "]";
    }
    return r;
}

// Rules after which the entry cannot be evaluated meaningfully: it does not compile, or calls what is not there.
bool blocksEvaluation(db::Rule rule)
{
    switch (rule) {
    case db::Rule::Json:
    case db::Rule::Schema:
    case db::Rule::Key:
    case db::Rule::ModulePath:
    case db::Rule::TemplateSyntax:
    case db::Rule::UnknownModule:
    case db::Rule::Cycle:
    case db::Rule::UndeclaredParameter:
    case db::Rule::CheckValues:
        return true;
    case db::Rule::CodeLocation:
    case db::Rule::ModuleDepends:
    case db::Rule::SampleValues:
    case db::Rule::BreakdownSum:
        return false;
    }
    return true;
}

} // namespace

std::string Refusal::describe() const
{
    std::string out = rule + ": " + message;
    if (formulaError && !formulaError->text.empty()) {
        const std::string withSource = formulaError->describeWithSource();
        if (const auto newline = withSource.find('\n'); newline != std::string::npos)
            out += withSource.substr(newline);
    }
    return out;
}

analysis::Settings defaultDraftPrefill()
{
    analysis::Settings s;
    s.phase = analysis::Phase::Prefill;
    s.batch = 1;
    s.seq = 128;
    s.past = 0;
    return s;
}

analysis::Settings defaultDraftDecode()
{
    analysis::Settings s;
    s.phase = analysis::Phase::Decode;
    s.batch = 1;
    s.seq = 1;
    s.past = 127;
    return s;
}

QString DraftOrigin::validator() const
{
    return QStringLiteral("agent:") + agentId;
}

QString DraftOrigin::notes() const
{
    QString out = QStringLiteral("drafted by %1").arg(agentId);
    if (!promptVersion.isEmpty() || !promptHash.isEmpty())
        out += QStringLiteral(" from prompt %1").arg(QStringList({ promptVersion, promptHash }).join(u' ').trimmed());
    return out;
}

ExtractedEntry extractEntry(std::string_view answer, std::string_view expectedKey, const AnswerLimits& limits)
{
    ExtractedEntry out;
    try {
        out.key = formula::normalizeModuleKey(expectedKey);
        if (answer.size() > limits.maxAnswerBytes) {
            out.reasons.push_back("the answer is " + bytesText(answer.size()) + " bytes, over the limit of "
                + bytesText(limits.maxAnswerBytes) + " bytes (maxAnswerBytes)");
            return out;
        }
        if (const auto bad = db::firstInvalidUtf8(answer)) {
            out.reasons.push_back("the answer is not valid UTF-8 (byte " + std::to_string(*bad) + ")");
            return out;
        }

        std::vector<Candidate> candidates;
        std::optional<db::JsonTextError> wholeError;
        std::vector<std::pair<Candidate, db::JsonTextError>> blockErrors;
        std::vector<std::pair<Candidate, db::ParsedJson>> parsed;
        auto parse = [&](Candidate c) -> std::optional<db::JsonTextError> {
            auto result = db::parseJsonText(c.text, limits.maxDepth);
            if (auto* error = std::get_if<db::JsonTextError>(&result))
                return *error;
            parsed.emplace_back(std::move(c), std::move(std::get<db::ParsedJson>(result)));
            return std::nullopt;
        };
        wholeError = parse(Candidate { std::string(answer), 1, false });
        if (wholeError) {
            for (Candidate& block : fencedBlocks(answer)) {
                Candidate copy = block;
                if (auto error = parse(std::move(block)))
                    blockErrors.emplace_back(std::move(copy), std::move(*error));
            }
        }

        auto errorText = [](const db::JsonTextError& e, int firstLine) {
            if (e.kind == db::JsonTextError::Kind::TooDeep)
                return e.message;
            const int line = e.line > 0 ? e.line + firstLine - 1 : 0;
            if (line == 0)
                return e.message;
            return "line " + std::to_string(line) + ", column " + std::to_string(e.column) + ": " + e.message;
        };

        // Which parsed texts hold entries.
        struct Hit
        {
            int firstLine;
            bool fenced;
            Found found;
            std::vector<std::vector<std::string>> duplicates;
        };
        std::vector<Hit> hits;
        int entries = 0;
        for (auto& [candidate, json] : parsed) {
            Found found = entriesIn(json.value);
            if (found.entries == 0)
                continue;
            entries += found.entries;
            hits.push_back({ candidate.firstLine, candidate.fenced, std::move(found), std::move(json.duplicateKeys) });
        }

        if (entries == 0) {
            if (wholeError && parsed.empty() && blockErrors.empty()) {
                out.reasons.push_back("the answer is not JSON (" + errorText(*wholeError, 1)
                    + ") and holds no ```json block: answer with the entry as JSON");
            } else if (!blockErrors.empty()) {
                for (const auto& [block, error] : blockErrors)
                    out.reasons.push_back("the ```json block at line " + std::to_string(block.firstLine - 1)
                        + " is not JSON (" + errorText(error, block.firstLine) + ")");
            } else {
                out.reasons.push_back("the answer holds no module entry (an object with flop_analysis and "
                                      "memory_analysis)");
            }
            return out;
        }
        if (entries > 1) {
            std::string where;
            for (const Hit& h : hits)
                where += (where.empty() ? "" : ", ") + std::string(h.fenced ? "the block at line " : "line ")
                    + std::to_string(h.fenced ? h.firstLine - 1 : h.firstLine)
                    + (h.found.entries > 1 ? " (" + std::to_string(h.found.entries) + ")" : "");
            out.reasons.push_back("the answer holds " + std::to_string(entries) + " entries (" + where
                + "), not one: answer with exactly one entry, for " + formula::modulePathFromKey(out.key));
            return out;
        }

        Hit& hit = hits.front();
        const std::string asked = formula::modulePathFromKey(out.key);
        if (!hit.found.key.empty()) {
            if (!formula::isValidModuleKey(hit.found.key) || !sameModule(hit.found.key, out.key)) {
                out.reasons.push_back(
                    "the answer's entry is for '" + hit.found.key + "', not for " + asked + " that was asked");
                return out;
            }
        }
        if (const auto path = hit.found.entry.find("module_path"); path != hit.found.entry.end() && path->is_string()) {
            const std::string& named = path->get_ref<const std::string&>();
            if (!formula::isValidModuleKey(named) || !sameModule(named, out.key)) {
                out.reasons.push_back(
                    "the entry's module_path names '" + named + "', not " + asked + " that was asked");
                return out;
            }
        }
        for (const auto& tokens : hit.duplicates) {
            std::string pointer;
            for (const auto& t : tokens)
                pointer += "/" + db::escapePointerToken(t);
            if (out.reasons.size() < kMaxReasonsOfAKind)
                out.reasons.push_back("the JSON names " + fieldName(pointer)
                    + " twice: every key once, so that what is reviewed is what is used");
        }
        if (!out.reasons.empty())
            return out;
        out.reasons = limitReasons(hit.found.entry, limits);
        if (out.reasons.empty())
            out.entry = std::move(hit.found.entry);
    } catch (const std::exception& e) {
        out.entry = nullptr;
        out.reasons.push_back(std::string("the answer cannot be read: ") + db::jsonErrorMessage(e.what()));
    } catch (...) {
        out.entry = nullptr;
        out.reasons.push_back("the answer cannot be read");
    }
    return out;
}

db::Json sanitizeDraft(std::string_view key, db::Json entry)
{
    if (!entry.is_object())
        return entry;
    const std::string path = formula::modulePathFromKey(formula::normalizeModuleKey(key));
    // The schema's fields, in its order; what a draft says about its own review (validation, history) and
    // anything else is dropped.
    static const std::array<std::pair<const char*, std::vector<const char*>>, 4> kKept { {
        { "code_location", { "file", "line_start", "line_end", "commit" } },
        { "flop_analysis",
            { "thinking_process", "parameters", "formula_template", "matmul_template", "module_depends",
                "breakdown" } },
        { "memory_analysis",
            { "thinking_process", "parameters", "reads_template", "writes_template", "intermediates_template",
                "params_template", "module_depends" } },
        { "check_values", {} },
    } };
    Json out = Json::object();
    out["module_path"] = path;
    for (const auto& [name, fields] : kKept) {
        const auto it = entry.find(name);
        if (it == entry.end())
            continue;
        if (!it->is_object() || fields.empty()) {
            out[name] = std::move(*it);
            continue;
        }
        Json section = Json::object();
        for (const char* field : fields) {
            if (const auto f = it->find(field); f != it->end())
                section[field] = std::move(*f);
        }
        out[name] = std::move(section);
    }
    out["validation"] = Json { { "status", std::string(db::statusName(db::Status::Pending)) }, { "validator", nullptr },
        { "date", nullptr }, { "notes", nullptr } };
    return out;
}

std::optional<Refusal> shadowRefusal(std::string_view key, const db::LayeredDatabase& database)
{
    const std::string path = formula::modulePathFromKey(formula::normalizeModuleKey(key));
    if (database.builtin().status(key) == db::Status::Validated)
        return Refusal { "shadow",
            "the draft would shadow the validated built-in entry " + path + "; edit it in the review pane instead", {},
            0, 0, std::nullopt };
    if (database.user() && database.user()->status(key) == db::Status::Validated)
        return Refusal { "shadow",
            "the draft would replace the validated entry " + path
                + " of the user database; edit it in the review pane instead",
            {}, 0, 0, std::nullopt };
    return std::nullopt;
}

std::vector<Refusal> checkDraft(std::string_view givenKey, const db::Json& entry, const db::DatabaseSession& session,
    const DraftContext& context, const AnswerLimits& limits)
{
    std::vector<Refusal> out;
    try {
        if (!formula::isValidModuleKey(givenKey)) {
            out.push_back({ "key", "'" + std::string(givenKey) + "' is not a module key", {}, 0, 0, std::nullopt });
            return out;
        }
        const std::string key = formula::normalizeModuleKey(givenKey);
        for (std::string& reason : limitReasons(entry, limits))
            out.push_back({ "limit", std::move(reason), {}, 0, 0, std::nullopt });
        if (!out.empty())
            return out; // the checks below would work through what the limits are there to keep out
        if (auto shadow = shadowRefusal(key, session.database()))
            out.push_back(std::move(*shadow));
        for (Refusal& r : textRefusals(entry))
            out.push_back(std::move(r));

        const std::vector<db::Problem> problems = db::checkEntry(key, entry, session.database());
        bool evaluable = db::entrySchemaProblems(entry).empty();
        for (const db::Problem& p : problems) {
            out.push_back(problemRefusal(p));
            evaluable = evaluable && !blocksEvaluation(p.rule);
        }
        if (!evaluable)
            return out;
        const auto library = candidateLibrary(key, entry, session.database());
        const bool onModel = context.model && modelRefusals(key, *library, context, out);
        if (!onModel)
            sampleRefusals(key, entry, *library, out);
    } catch (const std::exception& e) {
        out.push_back({ "answer", std::string("the draft cannot be checked: ") + e.what(), {}, 0, 0, std::nullopt });
    }
    return out;
}

ExaminedAnswer examineAnswer(std::string_view answer, std::string_view key, const db::DatabaseSession& session,
    const DraftContext& context, const AnswerLimits& limits)
{
    ExaminedAnswer out;
    out.key = formula::normalizeModuleKey(key);
    ExtractedEntry extracted = extractEntry(answer, key, limits);
    if (!extracted.ok()) {
        for (std::string& reason : extracted.reasons)
            out.refusals.push_back({ "answer", std::move(reason), {}, 0, 0, std::nullopt });
        return out;
    }
    out.entry = sanitizeDraft(out.key, std::move(extracted.entry));
    out.refusals = checkDraft(out.key, out.entry, session, context, limits);
    return out;
}

} // namespace lmp::agent
