// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbcheck.h"

#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"
#include "formula/syntax.h"
#include "jsonlocate.h"
#include "layereddatabase.h"
#include "lazydatabase.h"
#include "moduledatabase.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace lmp::db {

namespace {

using formula::ErrorKind;
using formula::FormulaError;
using formula::Int;
using formula::Kind;
using formula::Library;
using formula::ModuleId;
using formula::Number;
using formula::SourceRange;

struct FieldRef
{
    std::string field; // flop_analysis.formula_template
    std::string pointer; // /flop_analysis/formula_template
};

bool isFlopKind(Kind kind)
{
    return kind == Kind::Flops || kind == Kind::MatmulFlops;
}

FieldRef kindField(Kind kind)
{
    const std::string name(formula::kindTemplateField(kind));
    const std::string section = isFlopKind(kind) ? "flop_analysis" : "memory_analysis";
    return { section + "." + name, "/" + section + "/" + name };
}

FieldRef breakdownField(const std::string& name)
{
    return { "flop_analysis.breakdown." + name, "/flop_analysis/breakdown/" + escapePointerToken(name) };
}

const FieldRef kBreakdown { "flop_analysis.breakdown", "/flop_analysis/breakdown" };

// A Library diagnostic's field ("formula_template", "breakdown.q_proj") in the entry.
FieldRef libraryField(const std::string& field)
{
    if (field.rfind("breakdown.", 0) == 0)
        return breakdownField(field.substr(10));
    for (Kind kind : formula::kAllKinds) {
        if (formula::kindTemplateField(kind) == field)
            return kindField(kind);
    }
    return { field, "/" + escapePointerToken(field) };
}

// "/flop_analysis/parameters/1" -> "flop_analysis.parameters[1]", looking at the entry to tell array indices.
std::string fieldFromPointer(const Json* entry, std::string_view pointer)
{
    std::string out;
    const Json* at = entry;
    for (const std::string& token : splitPointer(pointer)) {
        if (at && at->is_array()) {
            out += "[" + token + "]";
            std::size_t index = 0;
            const bool numeric = !token.empty() && token.size() < 10
                && std::all_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (numeric)
                index = std::stoul(token);
            at = numeric && index < at->size() ? &(*at)[index] : nullptr;
            continue;
        }
        if (!out.empty())
            out += '.';
        out += token;
        if (at && at->is_object()) {
            const auto it = at->find(token);
            at = it == at->end() ? nullptr : &*it;
        } else {
            at = nullptr;
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& names, const char* separator = ", ")
{
    std::string out;
    for (const auto& name : names) {
        if (!out.empty())
            out += separator;
        out += name;
    }
    return out;
}

void appendUnique(std::vector<std::string>& list, const std::string& name)
{
    if (std::find(list.begin(), list.end(), name) == list.end())
        list.push_back(name);
}

// What a template uses and calls, read off its syntax tree (not its text: "${ h }" is the parameter h, and a '{key}'
// inside a broken template is not taken for a call).
bool textUses(const std::string& text, const std::string& name)
{
    return formula::parse(text).usesParameter(name);
}

bool textCalls(const std::string& text, const std::string& normalizedKey)
{
    return formula::parse(text).callsModule(normalizedKey);
}

// The range of the first call {key} (either key form) in a template; the whole text when there is none.
SourceRange callRange(const std::string& text, const std::string& normalizedKey)
{
    for (const auto& [key, range] : formula::parse(text).moduleCalls()) {
        if (formula::normalizeModuleKey(key) == normalizedKey)
            return range;
    }
    return { 0, static_cast<std::uint32_t>(text.size()) };
}

// The range of the first ${name} in a template; the whole text when there is none.
SourceRange parameterRange(const std::string& text, const std::string& name)
{
    for (const auto& [parameter, range] : formula::parse(text).parameters()) {
        if (parameter == name)
            return range;
    }
    return { 0, static_cast<std::uint32_t>(text.size()) };
}

struct Sample
{
    std::vector<formula::NamedValue> context;
    Int parameterDefault;
    std::string description;
};

const std::vector<Sample>& samples()
{
    auto set = [](Int b, Int s, Int p, Int defaultValue) {
        std::vector<formula::NamedValue> context;
        for (const auto& variable : formula::contextVariables())
            context.push_back(
                { std::string(variable.name), Number::integer(sampleContextValue(variable.name, b, s, p)) });
        const std::string description = "B=" + formula::toString(b) + ", S=" + formula::toString(s)
            + ", P=" + formula::toString(p) + ", S_kv=" + formula::toString(p + s) + ", T=" + formula::toString(b * s)
            + ", byte sizes 2";
        return Sample { std::move(context), defaultValue, description };
    };
    // Two prefills, then a decode step (S = 1) on a cache (P > 0); every batch above 1.
    static const std::vector<Sample> kSamples = { set(2, 128, 0, 64), set(3, 96, 0, 96), set(4, 1, 511, 32) };
    return kSamples;
}

// One entry the checker knows: of the database checked, of the base, or the candidate.
struct Item
{
    std::string key; // as in its file
    std::string normalized;
    const Json* entry = nullptr;
    const ModuleDatabase* db = nullptr; // positions in this database's file, or
    const std::string* text = nullptr; // in this text (a candidate entry)
    QString file;
    bool focus = true; // its problems are reported
    const formula::ModuleSpec* spec = nullptr; // valid entries only
    std::optional<ModuleId> id; // in the library
};

struct Edge
{
    ModuleId target;
    FieldRef field;
};

class Checker
{
public:
    Checker(std::vector<Item> items, std::vector<formula::ModuleSpec> specs)
        : m_items(std::move(items))
        , m_specs(std::move(specs))
    {
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            m_byKey.emplace(m_items[i].normalized, i);
            m_allFocus = m_allFocus && m_items[i].focus;
        }
        m_library = Library::build(m_specs);
        for (const auto& spec : m_specs) {
            const auto it = m_byKey.find(formula::normalizeModuleKey(spec.key));
            if (it == m_byKey.end())
                continue;
            Item& item = m_items[it->second];
            item.spec = &spec;
            item.id = m_library.find(spec.key);
            if (item.id)
                m_itemOf.emplace(*item.id, it->second);
        }
        for (const auto& d : m_library.diagnostics())
            m_diagnostics[formula::normalizeModuleKey(d.moduleKey)].push_back(&d);
    }

    // Rule 1 for a database: the layers' schema errors, with their positions in the files.
    void addLayerSchemaErrors(const std::vector<const ModuleDatabase*>& layers)
    {
        for (const ModuleDatabase* db : layers) {
            for (const DbError& e : db->schemaErrors()) {
                Problem p;
                p.key = e.key;
                p.field = e.pointer;
                p.message = e.message;
                p.file = e.file;
                p.line = e.line;
                p.column = e.column;
                p.rule = Rule::Schema;
                std::size_t order = 0;
                if (!e.key.empty()) {
                    const auto it = m_byKey.find(formula::normalizeModuleKey(e.key));
                    if (it != m_byKey.end())
                        order = it->second + 1;
                    const std::string prefix = db->filePointer(e.key, "");
                    p.pointer = e.pointer.rfind(prefix, 0) == 0 ? e.pointer.substr(prefix.size()) : e.pointer;
                    p.field = fieldFromPointer(db->entry(e.key), p.pointer);
                    if (p.pointer.empty()
                        && (e.message.find("is not a module key") != std::string::npos
                            || e.message.find("the same module as the earlier key") != std::string::npos))
                        p.rule = Rule::Key;
                }
                m_problems.emplace_back(order, std::move(p));
            }
        }
    }

    // Rule 1 for one candidate: the problems of its key and its schema, positions in its text.
    void addCandidateSchema(std::size_t index, bool keyValid, const std::vector<std::vector<std::string>>& duplicates)
    {
        const Item& item = m_items[index];
        if (!keyValid)
            add(item, { "key", "" }, Rule::Key,
                "'" + item.key
                    + "' is not a module key (letters, digits and '_', parts joined by '__' or '.',"
                      " not starting with a digit)");
        for (const auto& tokens : duplicates) {
            std::string pointer;
            for (const auto& token : tokens)
                pointer += "/" + escapePointerToken(token);
            add(item, { fieldFromPointer(item.entry, pointer), pointer }, Rule::Schema,
                "duplicate key '" + tokens.back() + "': only the last value is kept");
        }
        for (auto& [pointer, message] : entrySchemaProblems(*item.entry))
            add(item, { fieldFromPointer(item.entry, pointer), pointer }, Rule::Schema, std::move(message));
        if (const auto bad = findInvalidUtf8(*item.entry))
            add(item, { fieldFromPointer(item.entry, *bad), *bad }, Rule::Schema, "a string is not valid UTF-8");
    }

    std::vector<Problem> run()
    {
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            if (!m_items[i].focus)
                continue;
            checkKeyAndLocation(m_items[i]);
            checkTemplatesCompile(m_items[i]);
            checkCallsExist(m_items[i]);
            checkModuleDepends(m_items[i]);
        }
        checkParameters(); // every entry: sound() needs to know which templates use undeclared names
        checkCycles();
        checkSampleValues();
        std::stable_sort(m_problems.begin(), m_problems.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first < b.first : a.second.rule < b.second.rule;
        });
        std::vector<Problem> out;
        out.reserve(m_problems.size());
        for (auto& [order, problem] : m_problems)
            out.push_back(std::move(problem));
        return out;
    }

private:
    void add(const Item& item, const FieldRef& field, Rule rule, std::string message,
        std::optional<FormulaError> error = std::nullopt)
    {
        Problem p;
        p.key = item.key;
        p.field = field.field;
        p.message = std::move(message);
        p.file = item.db ? item.db->origin() : item.file;
        std::tie(p.line, p.column) = item.db ? item.db->locate(item.key, field.pointer)
            : item.text                      ? locatePointer(*item.text, field.pointer)
                                             : std::pair(0, 0);
        p.rule = rule;
        p.pointer = field.pointer;
        p.formulaError = std::move(error);
        m_problems.emplace_back(m_byKey.at(item.normalized) + 1, std::move(p));
    }

    const Item& itemOf(ModuleId id) const { return m_items[m_itemOf.at(id)]; }

    // The text of the template a field names ("/flop_analysis/formula_template", "/flop_analysis/breakdown/x").
    static const std::string* templateText(const Item& item, const FieldRef& field)
    {
        if (!item.spec)
            return nullptr;
        for (Kind kind : formula::kAllKinds) {
            const auto& text = item.spec->templates[static_cast<std::size_t>(kind)];
            if (text && kindField(kind).pointer == field.pointer)
                return &*text;
        }
        for (const auto& [name, text] : item.spec->breakdown) {
            if (breakdownField(name).pointer == field.pointer)
                return &text;
        }
        return nullptr;
    }

    // An error for a problem the library does not report itself, placed in the field's template.
    static std::optional<FormulaError> templateError(
        const Item& item, const FieldRef& field, ErrorKind kind, std::string message, const SourceRange* range)
    {
        const std::string* text = templateText(item, field);
        if (!text)
            return std::nullopt;
        FormulaError e;
        e.kind = kind;
        e.range = range ? *range : SourceRange { 0, static_cast<std::uint32_t>(text->size()) };
        e.message = std::move(message);
        e.where = item.normalized + " " + field.field.substr(field.field.find('.') + 1);
        e.text = *text;
        return e;
    }

    // A called module that is missing, or whose entry is invalid.
    bool calleeUnusable(const std::string& callee) const
    {
        const auto it = m_byKey.find(formula::normalizeModuleKey(callee));
        return it == m_byKey.end() || !m_items[it->second].id;
    }

    // Rule 1, the parts beyond the schema: the key's form, module_path against the key, code_location's lines.
    void checkKeyAndLocation(const Item& item)
    {
        const Json& e = *item.entry;
        if (!e.is_object())
            return;
        if (item.key.find('.') != std::string::npos && formula::isValidModuleKey(item.key))
            add(item, { "key", "" }, Rule::Key,
                "the key '" + item.key + "' is a dotted path; module keys join the parts with '__': '" + item.normalized
                    + "'");
        if (const auto path = e.find("module_path"); path != e.end() && path->is_string()) {
            const std::string& text = path->get_ref<const std::string&>();
            if (!formula::isValidModuleKey(text))
                add(item, { "module_path", "/module_path" }, Rule::ModulePath,
                    "'" + text + "' is not a dotted class path");
            else if (formula::isValidModuleKey(item.key) && formula::normalizeModuleKey(text) != item.normalized)
                add(item, { "module_path", "/module_path" }, Rule::ModulePath,
                    "module_path '" + text + "' does not match the key '" + item.key + "' (expected '"
                        + formula::modulePathFromKey(item.normalized) + "')");
        }
        const auto loc = e.find("code_location");
        if (loc == e.end() || !loc->is_object())
            return;
        const auto start = loc->find("line_start");
        const auto end = loc->find("line_end");
        const bool startOk = start != loc->end() && start->is_number_integer();
        const bool endOk = end != loc->end() && end->is_number_integer();
        const std::int64_t first = startOk ? start->get<std::int64_t>() : 0;
        const std::int64_t last = endOk ? end->get<std::int64_t>() : 0;
        if (startOk && first < 1)
            add(item, { "code_location.line_start", "/code_location/line_start" }, Rule::CodeLocation,
                "line_start " + start->dump() + " is not a line number (lines start at 1)");
        if (endOk && last < 1)
            add(item, { "code_location.line_end", "/code_location/line_end" }, Rule::CodeLocation,
                "line_end " + end->dump() + " is not a line number (lines start at 1)");
        if (startOk && endOk && first >= 1 && last >= 1 && first > last)
            add(item, { "code_location.line_end", "/code_location/line_end" }, Rule::CodeLocation,
                "line_end " + std::to_string(last) + " is before line_start " + std::to_string(first));
    }

    // The {key} a library error points at, without the braces.
    static std::string calledToken(const FormulaError& error)
    {
        const auto& r = error.range;
        std::string token =
            r.end <= error.text.size() && r.begin < r.end ? error.text.substr(r.begin, r.end - r.begin) : std::string();
        if (token.size() >= 2 && token.front() == '{' && token.back() == '}')
            token = token.substr(1, token.size() - 2);
        return token;
    }

    const std::vector<const formula::TemplateDiagnostic*>& diagnosticsOf(const Item& item) const
    {
        static const std::vector<const formula::TemplateDiagnostic*> kNone;
        const auto it = m_diagnostics.find(item.normalized);
        return it == m_diagnostics.end() ? kNone : it->second;
    }

    // Rule 2.
    void checkTemplatesCompile(const Item& item)
    {
        if (!item.id)
            return;
        for (const formula::TemplateDiagnostic* d : diagnosticsOf(item)) {
            if (d->error.kind == ErrorKind::Cycle)
                continue; // rule 4
            if (d->error.kind == ErrorKind::UnknownModule) {
                const std::string token = calledToken(d->error);
                if (token.empty() || calleeUnusable(token))
                    continue; // rule 3
            }
            add(item, libraryField(d->field), Rule::TemplateSyntax, d->error.describe(), d->error);
        }
    }

    // The library's error for a call of a missing module in a field, or one made up at the call.
    std::optional<FormulaError> unknownModuleError(
        const Item& item, const FieldRef& field, const std::string& callee, const std::string& message) const
    {
        for (const formula::TemplateDiagnostic* d : diagnosticsOf(item)) {
            if (d->error.kind == ErrorKind::UnknownModule && libraryField(d->field).pointer == field.pointer
                && formula::normalizeModuleKey(calledToken(d->error)) == callee)
                return d->error;
        }
        const std::string* text = templateText(item, field);
        if (!text)
            return std::nullopt;
        const SourceRange range = callRange(*text, callee);
        return templateError(item, field, ErrorKind::UnknownModule, message, &range);
    }

    // Rule 3: a callee the database does not hold; for an entry checked alone, also one whose entry is invalid
    // (in a whole database, that entry's own schema problems say it).
    void checkCallsExist(const Item& item)
    {
        if (!item.id)
            return;
        auto problemWith = [&](const std::string& callee) -> std::optional<std::string> {
            const auto it = m_byKey.find(callee);
            if (it == m_byKey.end())
                return "calls {" + callee + "}, which is not in the database";
            const Item& target = m_items[it->second];
            if (!target.id && !target.focus)
                return "calls {" + callee + "}, whose entry has schema errors (lmp db check)";
            return std::nullopt;
        };
        for (Kind kind : formula::kAllKinds) {
            if (!m_library.hasTemplate(*item.id, kind))
                continue;
            for (const auto& callee : m_library.calledModules(*item.id, kind)) {
                if (auto message = problemWith(callee))
                    add(item, kindField(kind), Rule::UnknownModule, *message,
                        unknownModuleError(item, kindField(kind), callee, *message));
            }
        }
        for (const auto& callee : m_library.breakdownCalledModules(*item.id)) {
            const auto message = problemWith(callee);
            if (!message)
                continue;
            bool attributed = false;
            for (const auto& [name, text] : item.spec->breakdown) {
                if (textCalls(text, callee)) {
                    add(item, breakdownField(name), Rule::UnknownModule, *message,
                        unknownModuleError(item, breakdownField(name), callee, *message));
                    attributed = true;
                }
            }
            if (!attributed)
                add(item, kBreakdown, Rule::UnknownModule, *message);
        }
    }

    // Rule 4: strongly connected components (Tarjan, iterative), then the elementary cycles inside each. In a
    // database every cycle is reported once, at its first module; for one entry, the cycles through it.
    void checkCycles()
    {
        const std::size_t n = m_library.moduleCount();
        m_edges.assign(n, {});
        for (ModuleId id = 0; id < n; ++id) {
            auto addEdges = [&](const std::vector<std::string>& callees, auto fieldOf) {
                for (const auto& callee : callees) {
                    const auto target = m_library.find(callee);
                    if (!target)
                        continue;
                    const bool known = std::any_of(
                        m_edges[id].begin(), m_edges[id].end(), [&](const Edge& e) { return e.target == *target; });
                    if (!known)
                        m_edges[id].push_back({ *target, fieldOf(callee) });
                }
            };
            for (Kind kind : formula::kAllKinds)
                addEdges(m_library.calledModules(id, kind), [&](const std::string&) { return kindField(kind); });
            const Item& item = itemOf(id);
            addEdges(m_library.breakdownCalledModules(id), [&](const std::string& callee) {
                for (const auto& [name, text] : item.spec->breakdown) {
                    if (textCalls(text, callee))
                        return breakdownField(name);
                }
                return kBreakdown;
            });
        }

        std::vector<int> index(n, -1), low(n, 0), component(n, -1);
        std::vector<bool> onStack(n, false);
        std::vector<ModuleId> stack;
        std::vector<std::pair<ModuleId, std::size_t>> calls;
        int counter = 0;
        int components = 0;
        for (ModuleId root = 0; root < n; ++root) {
            if (index[root] != -1)
                continue;
            auto visit = [&](ModuleId v) {
                index[v] = low[v] = counter++;
                stack.push_back(v);
                onStack[v] = true;
                calls.emplace_back(v, 0);
            };
            visit(root);
            while (!calls.empty()) {
                const ModuleId v = calls.back().first;
                const std::size_t i = calls.back().second;
                if (i < m_edges[v].size()) {
                    ++calls.back().second;
                    const ModuleId w = m_edges[v][i].target;
                    if (index[w] == -1)
                        visit(w);
                    else if (onStack[w])
                        low[v] = std::min(low[v], index[w]);
                    continue;
                }
                calls.pop_back();
                if (!calls.empty())
                    low[calls.back().first] = std::min(low[calls.back().first], low[v]);
                if (low[v] == index[v]) {
                    while (true) {
                        const ModuleId w = stack.back();
                        stack.pop_back();
                        onStack[w] = false;
                        component[w] = components;
                        if (w == v)
                            break;
                    }
                    ++components;
                }
            }
        }
        std::vector<std::vector<ModuleId>> members(static_cast<std::size_t>(components));
        for (ModuleId id = 0; id < n; ++id)
            members[static_cast<std::size_t>(component[id])].push_back(id);
        m_onCycle.assign(n, false);
        for (const auto& group : members) {
            const bool selfLoop = group.size() == 1
                && std::any_of(m_edges[group[0]].begin(), m_edges[group[0]].end(),
                    [&](const Edge& e) { return e.target == group[0]; });
            if (group.size() < 2 && !selfLoop)
                continue;
            for (ModuleId id : group)
                m_onCycle[id] = true;
            reportCycles(group, component);
        }
    }

    void reportCycles(const std::vector<ModuleId>& group, const std::vector<int>& component)
    {
        constexpr std::size_t kMaxLength = 64;
        constexpr std::size_t kMaxCycles = 100;
        constexpr std::size_t kMaxSteps = 200000;
        std::size_t steps = 0;
        std::size_t found = 0;
        std::vector<ModuleId> path;
        std::vector<bool> onPath(m_library.moduleCount(), false);
        const int comp = component[group.front()];
        for (ModuleId start : group) {
            // In a database, the cycles through `start` and modules after it only: each cycle is found once, from
            // its first module. For one entry, every cycle through it, from it.
            if (!itemOf(start).focus)
                continue;
            std::function<void(ModuleId)> walk = [&](ModuleId v) {
                if (++steps > kMaxSteps || found >= kMaxCycles)
                    return;
                for (const Edge& e : m_edges[v]) {
                    if (e.target == start) {
                        std::vector<std::string> names;
                        for (ModuleId m : path)
                            names.push_back(itemOf(m).key);
                        names.push_back(itemOf(start).key);
                        const FieldRef& first = path.size() > 1 ? edgeField(path[0], path[1]) : e.field;
                        const ModuleId next = path.size() > 1 ? path[1] : start;
                        const std::string message = "call cycle: " + join(names, " -> ");
                        const Item& item = itemOf(start);
                        std::optional<FormulaError> error;
                        if (const std::string* text = templateText(item, first)) {
                            const SourceRange range = callRange(*text, itemOf(next).normalized);
                            error = templateError(item, first, ErrorKind::Cycle, message, &range);
                        }
                        add(item, first, Rule::Cycle, message, std::move(error));
                        ++found;
                    } else if ((m_allFocus ? e.target > start : true) && component[e.target] == comp
                        && !onPath[e.target] && path.size() < kMaxLength) {
                        path.push_back(e.target);
                        onPath[e.target] = true;
                        walk(e.target);
                        onPath[e.target] = false;
                        path.pop_back();
                    }
                }
            };
            path.assign(1, start);
            onPath[start] = true;
            walk(start);
            onPath[start] = false;
        }
    }

    const FieldRef& edgeField(ModuleId from, ModuleId to) const
    {
        for (const Edge& e : m_edges[from]) {
            if (e.target == to)
                return e.field;
        }
        static const FieldRef kNone;
        return kNone;
    }

    // Rule 5.
    void checkModuleDepends(const Item& item)
    {
        if (!item.id)
            return;
        std::vector<std::string> flopCalls;
        std::vector<std::string> memoryCalls;
        for (Kind kind : formula::kAllKinds) {
            for (const auto& callee : m_library.calledModules(*item.id, kind))
                appendUnique(isFlopKind(kind) ? flopCalls : memoryCalls, callee);
        }
        for (const auto& callee : m_library.breakdownCalledModules(*item.id))
            appendUnique(flopCalls, callee);
        compareDepends(item, "flop_analysis", "FLOP", flopCalls);
        compareDepends(item, "memory_analysis", "memory", memoryCalls);
    }

    void compareDepends(
        const Item& item, const std::string& section, const char* what, const std::vector<std::string>& called)
    {
        std::vector<std::string> declared;
        for (const Json& name : item.entry->at(section).at("module_depends"))
            appendUnique(declared, formula::normalizeModuleKey(name.get<std::string>()));
        std::vector<std::string> missing;
        std::vector<std::string> superfluous;
        for (const auto& name : called) {
            if (std::find(declared.begin(), declared.end(), name) == declared.end())
                missing.push_back(name);
        }
        for (const auto& name : declared) {
            if (std::find(called.begin(), called.end(), name) == called.end())
                superfluous.push_back(name);
        }
        const FieldRef field { section + ".module_depends", "/" + section + "/module_depends" };
        if (!missing.empty())
            add(item, field, Rule::ModuleDepends,
                "module_depends lacks " + join(missing) + ": the " + what + " templates call "
                    + (missing.size() == 1 ? "it" : "them"));
        if (!superfluous.empty())
            add(item, field, Rule::ModuleDepends,
                "module_depends lists " + join(superfluous) + ", which no " + what + " template calls");
    }

    // Rule 6: reported for the entries in focus; recorded for every entry, for sound().
    void checkParameters()
    {
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            const Item& item = m_items[i];
            if (!item.id)
                continue;
            const auto& signature = m_library.signature(*item.id);
            std::set<std::string> reported;
            auto check = [&](const std::vector<std::string>& names, const FieldRef& field) {
                for (const auto& name : names) {
                    if (formula::isContextVariable(name)
                        || std::find(signature.begin(), signature.end(), name) != signature.end())
                        continue;
                    m_undeclaredIn.insert({ i, field.field });
                    if (!item.focus || !reported.insert(name).second)
                        continue;
                    const std::string message = "${" + name
                        + "} is neither a declared parameter (flop_analysis.parameters or "
                          "memory_analysis.parameters) nor a context variable";
                    std::optional<FormulaError> error;
                    if (const std::string* text = templateText(item, field)) {
                        const SourceRange range = parameterRange(*text, name);
                        error = templateError(item, field, ErrorKind::UnboundParameter, message, &range);
                    }
                    add(item, field, Rule::UndeclaredParameter, message, std::move(error));
                }
            };
            for (Kind kind : { Kind::Flops, Kind::MatmulFlops }) {
                if (m_library.hasTemplate(*item.id, kind))
                    check(m_library.parameterNames(*item.id, kind), kindField(kind));
            }
            for (const auto& [name, text] : item.spec->breakdown) {
                std::vector<std::string> used;
                for (const auto& p : m_library.breakdownParameterNames(*item.id)) {
                    if (textUses(text, p))
                        used.push_back(p);
                }
                check(used, breakdownField(name));
            }
            for (Kind kind : { Kind::Reads, Kind::Writes, Kind::Intermediates, Kind::Params }) {
                if (m_library.hasTemplate(*item.id, kind))
                    check(m_library.parameterNames(*item.id, kind), kindField(kind));
            }
        }
    }

    // Whether a template of this kind of this module, and everything it calls, compiled and is otherwise sound,
    // so that evaluating it tells something new. A callee without a template of the kind is fine: the evaluation
    // reports it.
    bool sound(ModuleId id, Kind kind, std::size_t depth = 0)
    {
        const std::size_t slot = static_cast<std::size_t>(id) * formula::kKindCount + static_cast<std::size_t>(kind);
        if (m_sound.empty())
            m_sound.assign(m_library.moduleCount() * formula::kKindCount, -1);
        if (m_sound[slot] != -1)
            return m_sound[slot] == 1;
        bool ok = !m_onCycle[id] && depth < 256;
        if (ok && m_library.hasTemplate(id, kind)) {
            const std::size_t item = m_itemOf.at(id);
            ok = m_library.program(id, kind) != nullptr && !m_undeclaredIn.count({ item, kindField(kind).field });
            for (const auto& callee : m_library.calledModules(id, kind)) {
                if (!ok)
                    break;
                const auto target = m_library.find(callee);
                ok = target && sound(*target, kind, depth + 1);
            }
        }
        m_sound[slot] = ok ? 1 : 0;
        return ok;
    }

    bool breakdownSound(const Item& item, std::size_t index)
    {
        if (!m_library.breakdownProgram(*item.id, index))
            return false;
        const auto& [name, text] = item.spec->breakdown[index];
        const std::size_t itemIndex = m_byKey.at(item.normalized);
        if (m_undeclaredIn.count({ itemIndex, breakdownField(name).field }))
            return false;
        for (const auto& callee : m_library.breakdownCalledModules(*item.id)) {
            if (!textCalls(text, callee))
                continue;
            const auto target = m_library.find(callee);
            if (!target || !sound(*target, Kind::Flops))
                return false;
        }
        return true;
    }

    struct Failure
    {
        std::size_t item;
        FieldRef field;
        FormulaError error;
        std::string sample;
        Kind kind;
    };

    // Rule 7.
    void checkSampleValues()
    {
        std::vector<Failure> failures;
        std::set<std::pair<std::string, Kind>> failedTemplates; // (module key, kind) failing on its own
        formula::Evaluator evaluator(m_library);
        for (std::size_t i = 0; i < m_items.size(); ++i) {
            const Item& item = m_items[i];
            if (!item.id || !item.focus)
                continue;
            std::vector<std::pair<std::string, Number>> overrides = checkValues(item);
            for (const Sample& sample : samples()) {
                evaluator.setContext(sample.context);
                std::vector<formula::NamedValue> bindings;
                std::string bound;
                for (const auto& name : m_library.signature(*item.id)) {
                    const auto it = std::find_if(
                        overrides.begin(), overrides.end(), [&](const auto& o) { return o.first == name; });
                    if (it != overrides.end())
                        bindings.push_back({ name, it->second });
                    else if (!formula::isContextVariable(name))
                        bindings.push_back({ name, Number::integer(sample.parameterDefault) });
                    else
                        continue;
                    bound += (bound.empty() ? "" : ", ") + name + "=" + bindings.back().value.toString();
                }
                for (const auto& [name, value] : overrides) {
                    const bool isBound = std::any_of(
                        bindings.begin(), bindings.end(), [&name = name](const auto& b) { return b.name == name; });
                    if (formula::isContextVariable(name) && !isBound) {
                        evaluator.setContext(name, value);
                        bound += (bound.empty() ? "" : ", ") + name + "=" + value.toString();
                    }
                }
                const std::string where = sample.description + (bound.empty() ? "" : "; " + bound);
                if (!evaluateEntry(evaluator, i, bindings, where, failures, failedTemplates))
                    break; // one report per entry: the next sample set would repeat it
            }
        }
        for (const Failure& f : failures) {
            const auto& chain = f.error.callChain;
            const std::string failing = chain.empty() ? m_items[f.item].normalized : chain.back();
            if (failing != m_items[f.item].normalized && failedTemplates.count({ failing, f.kind }))
                continue; // the callee's own check reports it
            add(m_items[f.item], f.field, Rule::SampleValues,
                "fails on sample values (" + f.sample + "): " + f.error.describe(), f.error);
        }
    }

    std::vector<std::pair<std::string, Number>> checkValues(const Item& item)
    {
        std::vector<std::pair<std::string, Number>> out;
        const auto it = item.entry->find("check_values");
        if (it == item.entry->end())
            return out;
        if (!it->is_object()) {
            add(item, { "check_values", "/check_values" }, Rule::CheckValues,
                std::string("expected an object {\"name\": number}, found ") + it->type_name());
            return out;
        }
        const auto& signature = m_library.signature(*item.id);
        for (const auto& [name, value] : it->items()) {
            const FieldRef field { "check_values." + name, "/check_values/" + escapePointerToken(name) };
            if (!value.is_number()) {
                add(item, field, Rule::CheckValues, std::string("expected a number, found ") + value.type_name());
                continue;
            }
            if (!formula::isContextVariable(name)
                && std::find(signature.begin(), signature.end(), name) == signature.end()) {
                add(item, field, Rule::CheckValues,
                    "'" + name + "' is neither a declared parameter nor a context variable");
                continue;
            }
            if (value.is_number_integer())
                out.emplace_back(name,
                    value.is_number_unsigned() ? Number::integer(static_cast<Int>(value.get<std::uint64_t>()))
                                               : Number::integer(static_cast<Int>(value.get<std::int64_t>())));
            else
                out.emplace_back(name, Number::real(value.get<double>()));
        }
        return out;
    }

    // Evaluates every sound template of one entry and checks its breakdown sum; false when something failed.
    bool evaluateEntry(formula::Evaluator& evaluator, std::size_t index,
        const std::vector<formula::NamedValue>& bindings, const std::string& sample, std::vector<Failure>& failures,
        std::set<std::pair<std::string, Kind>>& failedTemplates)
    {
        const Item& item = m_items[index];
        const ModuleId id = *item.id;
        bool ok = true;
        std::optional<Number> total;
        for (Kind kind : formula::kAllKinds) {
            if (!m_library.hasTemplate(id, kind) || !sound(id, kind))
                continue;
            auto result = evaluator.evaluate(id, kind, bindings);
            if (!result) {
                const auto& chain = result.error().callChain;
                if (chain.empty() || chain.back() == item.normalized)
                    failedTemplates.insert({ item.normalized, kind });
                failures.push_back({ index, kindField(kind), result.error(), sample, kind });
                ok = false;
            } else if (kind == Kind::Flops) {
                total = result.value();
            }
        }
        const std::size_t n = m_library.breakdownSize(id);
        if (n == 0)
            return ok;
        bool allSound = total.has_value();
        for (std::size_t b = 0; b < n && allSound; ++b)
            allSound = breakdownSound(item, b);
        if (!allSound)
            return ok;
        bool integral = true;
        Int intSum = 0;
        double realSum = 0.0;
        bool overflow = false;
        std::vector<std::string> parts;
        for (std::size_t b = 0; b < n; ++b) {
            auto result = evaluator.evaluateBreakdown(id, b, bindings);
            if (!result) {
                failures.push_back(
                    { index, breakdownField(m_library.breakdownName(id, b)), result.error(), sample, Kind::Flops });
                return false;
            }
            const Number& v = result.value();
            parts.push_back(m_library.breakdownName(id, b) + "=" + v.toString());
            realSum += v.toDouble();
            if (v.isInteger()) {
                if (__builtin_add_overflow(intSum, v.toInteger(), &intSum))
                    overflow = true;
            } else {
                integral = false;
            }
        }
        bool equal;
        std::string sumText;
        if (integral && !overflow && total->isInteger()) {
            equal = intSum == total->toInteger();
            sumText = formula::toString(intSum);
        } else {
            const double t = total->toDouble();
            equal = std::isfinite(realSum) && std::isfinite(t)
                && std::fabs(realSum - t) <= 1e-9 * std::max(std::fabs(realSum), std::fabs(t));
            sumText = Number::real(realSum).toString();
        }
        if (!equal) {
            add(item, kBreakdown, Rule::BreakdownSum,
                "the breakdown sums to " + sumText + " but formula_template gives " + total->toString()
                    + " on sample values (" + sample + "): " + join(parts, " + "));
            return false;
        }
        return ok;
    }

    std::vector<Item> m_items;
    std::vector<formula::ModuleSpec> m_specs;
    Library m_library;
    bool m_allFocus = true;
    std::unordered_map<std::string, std::size_t> m_byKey; // normalized key -> item
    std::unordered_map<ModuleId, std::size_t> m_itemOf;
    std::unordered_map<std::string, std::vector<const formula::TemplateDiagnostic*>> m_diagnostics; // by module
    std::vector<std::vector<Edge>> m_edges;
    std::vector<bool> m_onCycle;
    std::set<std::pair<std::size_t, std::string>> m_undeclaredIn; // (item, field) using an undeclared parameter
    std::vector<signed char> m_sound;
    std::vector<std::pair<std::size_t, Problem>> m_problems; // (entry's position + 1, or 0 for a file), problem
};

Item makeItem(const ModuleDatabase& db, const std::string& key)
{
    Item item;
    item.key = db.fileKey(key).value_or(key);
    item.normalized = formula::normalizeModuleKey(item.key);
    item.db = &db;
    item.entry = db.entry(key);
    return item;
}

// The entries of a base database that the checker sees: the winning entry of each module.
std::vector<Item> baseItems(const LayeredDatabase& base)
{
    std::vector<Item> items;
    for (const std::string& key : base.keys())
        items.push_back(makeItem(*base.databaseOf(key), key));
    return items;
}

std::vector<Item> baseItems(const ModuleDatabase& base)
{
    std::vector<Item> items;
    for (const std::string& key : base.keys()) {
        if (base.fileKey(key) == key) // a second key for the same module is a schema error
            items.push_back(makeItem(base, key));
    }
    return items;
}

std::vector<Problem> checkCandidate(std::string_view key, const Json& entry, const std::string& text,
    const std::vector<std::vector<std::string>>& duplicates, std::vector<Item> base, const QString& origin)
{
    const bool keyValid = formula::isValidModuleKey(key);
    Item candidate;
    candidate.key = keyValid ? formula::normalizeModuleKey(key) : std::string(key);
    candidate.normalized = candidate.key;
    candidate.entry = &entry;
    candidate.text = &text;
    candidate.file = origin;

    std::vector<Item> items;
    std::vector<formula::ModuleSpec> specs;
    std::size_t at = base.size();
    for (Item& item : base) {
        if (item.normalized == candidate.normalized) {
            at = items.size();
            continue; // replaced by the candidate
        }
        if (auto spec = item.db->moduleSpec(item.key))
            specs.push_back(std::move(*spec));
        item.focus = false;
        items.push_back(std::move(item));
    }
    at = std::min(at, items.size());
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(at), candidate);
    const bool valid = keyValid && duplicates.empty() && entrySchemaProblems(entry).empty() && !findInvalidUtf8(entry);
    if (valid)
        specs.push_back(moduleSpecFromEntry(candidate.key, entry));

    Checker checker(std::move(items), std::move(specs));
    checker.addCandidateSchema(at, keyValid, duplicates);
    return checker.run();
}

Problem jsonProblem(std::string_view key, const QString& origin, int line, int column, std::string message)
{
    Problem p;
    p.key = std::string(key);
    p.message = std::move(message);
    p.file = origin;
    p.line = line;
    p.column = column;
    p.rule = Rule::Json;
    return p;
}

std::vector<Problem> checkText(
    std::string_view key, std::string_view entryText, std::vector<Item> base, const QString& origin)
{
    auto parsed = parseJsonText(entryText, kMaxJsonDepth);
    if (const auto* error = std::get_if<JsonTextError>(&parsed)) {
        std::string message = error->message;
        switch (error->kind) {
        case JsonTextError::Kind::Empty:
            message = "the entry is empty: expected a JSON object";
            break;
        case JsonTextError::Kind::Syntax:
        case JsonTextError::Kind::Other:
            message = "invalid JSON: " + message;
            break;
        case JsonTextError::Kind::TooDeep:
            message = "the entry is " + message;
            break;
        case JsonTextError::Kind::InvalidUtf8:
            break;
        }
        return { jsonProblem(key, origin, error->line, error->column, std::move(message)) };
    }
    const auto& ok = std::get<ParsedJson>(parsed);
    return checkCandidate(key, ok.value, std::string(entryText), ok.duplicateKeys, std::move(base), origin);
}

std::vector<Problem> checkParsed(std::string_view key, const Json& entry, std::vector<Item> base, const QString& origin)
{
    if (jsonDepth(entry) > kMaxJsonDepth)
        return { jsonProblem(
            key, origin, 0, 0, "the entry is nested deeper than " + std::to_string(kMaxJsonDepth) + " levels") };
    const std::string text = entry.dump(2, ' ', false, Json::error_handler_t::replace);
    return checkCandidate(key, entry, text, {}, std::move(base), origin);
}

} // namespace

std::string_view ruleName(Rule rule)
{
    switch (rule) {
    case Rule::Json:
        return "json";
    case Rule::Schema:
        return "schema";
    case Rule::Key:
        return "key";
    case Rule::ModulePath:
        return "module_path";
    case Rule::CodeLocation:
        return "code_location";
    case Rule::TemplateSyntax:
        return "template_syntax";
    case Rule::UnknownModule:
        return "unknown_module";
    case Rule::Cycle:
        return "cycle";
    case Rule::ModuleDepends:
        return "module_depends";
    case Rule::UndeclaredParameter:
        return "undeclared_parameter";
    case Rule::CheckValues:
        return "check_values";
    case Rule::SampleValues:
        return "sample_values";
    case Rule::BreakdownSum:
        return "breakdown_sum";
    }
    return "schema";
}

std::string Problem::describe() const
{
    std::string out = file.toStdString();
    if (line > 0) {
        out += ":" + std::to_string(line);
        if (column > 0)
            out += ":" + std::to_string(column);
    }
    for (const std::string* part : { &key, &field }) {
        if (part->empty())
            continue;
        if (!out.empty())
            out += ": ";
        out += *part;
    }
    if (!out.empty())
        out += ": ";
    return out + message;
}

std::string Problem::describeWithSource() const
{
    std::string out = describe();
    if (!formulaError || formulaError->text.empty())
        return out;
    // FormulaError::describeWithSource() is its describe() line, then the template's line and the caret line.
    const std::string withSource = formulaError->describeWithSource();
    if (const auto newline = withSource.find('\n'); newline != std::string::npos)
        out += withSource.substr(newline);
    return out;
}

std::vector<Problem> checkDatabase(const LayeredDatabase& database)
{
    std::vector<const ModuleDatabase*> layers { &database.builtin() };
    if (database.user())
        layers.push_back(database.user());
    Checker checker(baseItems(database), database.moduleSpecs());
    checker.addLayerSchemaErrors(layers);
    return checker.run();
}

std::vector<Problem> checkDatabase(const ModuleDatabase& database)
{
    Checker checker(baseItems(database), database.moduleSpecs());
    checker.addLayerSchemaErrors({ &database });
    return checker.run();
}

std::vector<Problem> checkDatabase(const LazyDatabase& database)
{
    if (const LayeredDatabase* eager = database.eager())
        return checkDatabase(*eager);
    const ModuleDatabase* user = database.user();
    const std::vector<std::string> builtinKeys = database.builtinKeys();
    // Each built-in entry as an analysis reads it (kept in `entries`, which the items point into); the user layer
    // wins where it holds the key, as in LayeredDatabase.
    auto entries = database.builtinEntries();
    std::vector<Problem> unread;
    std::vector<Item> items;
    std::vector<const ModuleDatabase*> layers;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (const auto* e = std::get_if<DbError>(&entries[i])) {
            unread.push_back(jsonProblem(builtinKeys[i], e->file, e->line, e->column, e->message));
            continue;
        }
        const ModuleDatabase& single = std::get<ModuleDatabase>(entries[i]);
        layers.push_back(&single);
        items.push_back(makeItem(user && user->contains(builtinKeys[i]) ? *user : single, builtinKeys[i]));
    }
    if (user) {
        layers.push_back(user);
        const std::vector<std::string> all = database.keys();
        for (std::size_t i = builtinKeys.size(); i < all.size(); ++i)
            items.push_back(makeItem(*user, all[i]));
    }
    std::vector<formula::ModuleSpec> specs;
    for (const Item& item : items) {
        if (auto spec = item.db->moduleSpec(item.key))
            specs.push_back(std::move(*spec));
    }
    Checker checker(std::move(items), std::move(specs));
    checker.addLayerSchemaErrors(layers);
    std::vector<Problem> problems = checker.run();
    problems.insert(problems.begin(), unread.begin(), unread.end());
    return problems;
}

std::vector<Problem> checkEntry(
    std::string_view key, std::string_view entryText, const LayeredDatabase& base, const QString& origin)
{
    return checkText(key, entryText, baseItems(base), origin);
}

std::vector<Problem> checkEntry(
    std::string_view key, std::string_view entryText, const ModuleDatabase& base, const QString& origin)
{
    return checkText(key, entryText, baseItems(base), origin);
}

std::vector<Problem> checkEntry(
    std::string_view key, const Json& entry, const LayeredDatabase& base, const QString& origin)
{
    return checkParsed(key, entry, baseItems(base), origin);
}

std::vector<Problem> checkEntry(
    std::string_view key, const Json& entry, const ModuleDatabase& base, const QString& origin)
{
    return checkParsed(key, entry, baseItems(base), origin);
}

// The value of a context variable in a sample set: every name formula::contextVariables() lists gets one.
formula::Int sampleContextValue(std::string_view name, formula::Int b, formula::Int s, formula::Int p)
{
    if (name == "B")
        return b;
    if (name == "S")
        return s;
    if (name == "P")
        return p;
    if (name == "S_kv")
        return p + s;
    if (name == "T" || name == "N" || name == "logits_tokens")
        return b * s;
    if (name == "w_bytes" || name == "a_bytes" || name == "kv_bytes" || name == "dtype_bytes")
        return 2;
    if (name == "attn_eager" || name == "causal_half")
        return 0;
    return 1; // pos_batch, and any flag added later: its default
}

} // namespace lmp::db
