// SPDX-License-Identifier: GPL-3.0-or-later
#include "dbcheck.h"

#include "formula/evaluator.h"
#include "formula/library.h"
#include "jsonlocate.h"
#include "layereddatabase.h"
#include "moduledatabase.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lmp::db {

namespace {

using formula::Int;
using formula::Kind;
using formula::Library;
using formula::ModuleId;
using formula::Number;

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

// ${name} occurrences in a template's text, for attributing a name to one breakdown item.
bool textUses(const std::string& text, const std::string& name)
{
    return text.find("${" + name + "}") != std::string::npos;
}

bool textCalls(const std::string& text, const std::string& normalizedKey)
{
    return text.find("{" + normalizedKey + "}") != std::string::npos
        || text.find("{" + formula::modulePathFromKey(normalizedKey) + "}") != std::string::npos;
}

struct Sample
{
    std::vector<formula::NamedValue> context;
    Int parameterDefault;
    const char* description;
};

const std::vector<Sample>& samples()
{
    auto set = [](Int b, Int s, Int p, Int defaultValue, const char* description) {
        std::vector<formula::NamedValue> context;
        auto add = [&](const char* name, Int value) { context.push_back({ name, Number::integer(value) }); };
        add("B", b);
        add("S", s);
        add("P", p);
        add("S_kv", p + s);
        add("T", b * s);
        add("w_bytes", 2);
        add("a_bytes", 2);
        add("kv_bytes", 2);
        add("dtype_bytes", 2);
        return Sample { std::move(context), defaultValue, description };
    };
    static const std::vector<Sample> kSamples = { set(2, 128, 0, 64, "B=2, S=128, P=0, S_kv=128, T=256, byte sizes 2"),
        set(3, 96, 0, 96, "B=3, S=96, P=0, S_kv=96, T=288, byte sizes 2") };
    return kSamples;
}

struct Item
{
    std::string key; // as in its file
    std::string normalized;
    const ModuleDatabase* db = nullptr;
    const Json* entry = nullptr;
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
    Checker(std::vector<Item> items, std::vector<const ModuleDatabase*> layers, std::vector<formula::ModuleSpec> specs)
        : m_items(std::move(items))
        , m_layers(std::move(layers))
        , m_specs(std::move(specs))
    {
        for (std::size_t i = 0; i < m_items.size(); ++i)
            m_byKey.emplace(m_items[i].normalized, i);
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
    }

    std::vector<Problem> run()
    {
        checkSchema();
        checkTemplatesCompile();
        checkCallsExist();
        checkCycles();
        checkModuleDepends();
        checkParameters();
        checkSampleValues();
        std::stable_sort(
            m_problems.begin(), m_problems.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<Problem> out;
        out.reserve(m_problems.size());
        for (auto& [order, problem] : m_problems)
            out.push_back(std::move(problem));
        return out;
    }

private:
    void add(const Item& item, const FieldRef& field, std::string message)
    {
        const auto [line, column] = item.db->locate(item.key, field.pointer);
        (void)column;
        const std::size_t order = m_byKey.at(item.normalized) + 1;
        m_problems.emplace_back(order, Problem { item.key, field.field, std::move(message), item.db->origin(), line });
    }

    const Item& itemOf(ModuleId id) const { return m_items[m_itemOf.at(id)]; }

    // A called module that is missing, or whose entry is invalid: other rules report it.
    bool calleeUnusable(const std::string& callee) const
    {
        const auto it = m_byKey.find(formula::normalizeModuleKey(callee));
        return it == m_byKey.end() || !m_items[it->second].id;
    }

    // Rule 1.
    void checkSchema()
    {
        for (const ModuleDatabase* db : m_layers) {
            for (const DbError& e : db->schemaErrors()) {
                std::size_t order = 0;
                std::string field = e.pointer;
                if (!e.key.empty()) {
                    const auto it = m_byKey.find(formula::normalizeModuleKey(e.key));
                    if (it != m_byKey.end())
                        order = it->second + 1;
                    const std::string prefix = db->filePointer(e.key, "");
                    std::string inner = e.pointer.rfind(prefix, 0) == 0 ? e.pointer.substr(prefix.size()) : e.pointer;
                    const Json* entry = db->entry(e.key);
                    field = fieldFromPointer(entry, inner);
                }
                m_problems.emplace_back(order, Problem { e.key, field, e.message, e.file, e.line });
            }
        }
        for (const Item& item : m_items) {
            const Json& e = *item.entry;
            if (!e.is_object())
                continue;
            if (item.key.find('.') != std::string::npos && formula::isValidModuleKey(item.key))
                add(item, { "key", "" },
                    "the key '" + item.key + "' is a dotted path; module keys join the parts with '__': '"
                        + item.normalized + "'");
            if (const auto path = e.find("module_path"); path != e.end() && path->is_string()) {
                const std::string& text = path->get_ref<const std::string&>();
                if (!formula::isValidModuleKey(text))
                    add(item, { "module_path", "/module_path" }, "'" + text + "' is not a dotted class path");
                else if (formula::normalizeModuleKey(text) != item.normalized)
                    add(item, { "module_path", "/module_path" },
                        "module_path '" + text + "' does not match the key '" + item.key + "' (expected '"
                            + formula::modulePathFromKey(item.normalized) + "')");
            }
            const auto loc = e.find("code_location");
            if (loc == e.end() || !loc->is_object())
                continue;
            const auto start = loc->find("line_start");
            const auto end = loc->find("line_end");
            const bool startOk = start != loc->end() && start->is_number_integer();
            const bool endOk = end != loc->end() && end->is_number_integer();
            const std::int64_t first = startOk ? start->get<std::int64_t>() : 0;
            const std::int64_t last = endOk ? end->get<std::int64_t>() : 0;
            if (startOk && first < 1)
                add(item, { "code_location.line_start", "/code_location/line_start" },
                    "line_start " + start->dump() + " is not a line number (lines start at 1)");
            if (endOk && last < 1)
                add(item, { "code_location.line_end", "/code_location/line_end" },
                    "line_end " + end->dump() + " is not a line number (lines start at 1)");
            if (startOk && endOk && first >= 1 && last >= 1 && first > last)
                add(item, { "code_location.line_end", "/code_location/line_end" },
                    "line_end " + std::to_string(last) + " is before line_start " + std::to_string(first));
        }
    }

    // Rule 2.
    void checkTemplatesCompile()
    {
        for (const auto& d : m_library.diagnostics()) {
            const auto it = m_byKey.find(formula::normalizeModuleKey(d.moduleKey));
            if (it == m_byKey.end())
                continue;
            if (d.error.kind == formula::ErrorKind::Cycle)
                continue; // rule 4
            if (d.error.kind == formula::ErrorKind::UnknownModule) {
                const auto& r = d.error.range;
                std::string token = r.end <= d.error.text.size() && r.begin < r.end
                    ? d.error.text.substr(r.begin, r.end - r.begin)
                    : std::string();
                if (token.size() >= 2 && token.front() == '{' && token.back() == '}')
                    token = token.substr(1, token.size() - 2);
                if (token.empty() || calleeUnusable(token))
                    continue; // rule 3 (missing) or rule 1 (invalid entry)
            }
            const FieldRef field = libraryField(d.field);
            add(m_items[it->second], field, d.error.describe());
        }
    }

    // Rule 3.
    void checkCallsExist()
    {
        for (const Item& item : m_items) {
            if (!item.id)
                continue;
            for (Kind kind : formula::kAllKinds) {
                if (!m_library.hasTemplate(*item.id, kind))
                    continue;
                for (const auto& callee : m_library.calledModules(*item.id, kind)) {
                    if (!m_byKey.count(callee))
                        add(item, kindField(kind), "calls {" + callee + "}, which is not in the database");
                }
            }
            for (const auto& callee : m_library.breakdownCalledModules(*item.id)) {
                if (m_byKey.count(callee))
                    continue;
                bool attributed = false;
                for (const auto& [name, text] : item.spec->breakdown) {
                    if (textCalls(text, callee)) {
                        add(item, breakdownField(name), "calls {" + callee + "}, which is not in the database");
                        attributed = true;
                    }
                }
                if (!attributed)
                    add(item, { "flop_analysis.breakdown", "/flop_analysis/breakdown" },
                        "calls {" + callee + "}, which is not in the database");
            }
        }
    }

    // Rule 4: strongly connected components (Tarjan, iterative), then the elementary cycles inside each.
    void checkCycles()
    {
        const std::size_t n = m_library.moduleCount();
        m_edges.assign(n, {});
        for (ModuleId id = 0; id < n; ++id) {
            auto addEdges = [&](const std::vector<std::string>& callees, const FieldRef& field) {
                for (const auto& callee : callees) {
                    const auto target = m_library.find(callee);
                    if (!target)
                        continue;
                    const bool known = std::any_of(
                        m_edges[id].begin(), m_edges[id].end(), [&](const Edge& e) { return e.target == *target; });
                    if (!known)
                        m_edges[id].push_back({ *target, field });
                }
            };
            for (Kind kind : formula::kAllKinds)
                addEdges(m_library.calledModules(id, kind), kindField(kind));
            addEdges(m_library.breakdownCalledModules(id), { "flop_analysis.breakdown", "/flop_analysis/breakdown" });
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
            // Cycles through `start` and nodes after it only: each cycle is found once, from its first module.
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
                        add(itemOf(start), first, "call cycle: " + join(names, " -> "));
                        ++found;
                    } else if (e.target > start && component[e.target] == comp && !onPath[e.target]
                        && path.size() < kMaxLength) {
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
    void checkModuleDepends()
    {
        for (const Item& item : m_items) {
            if (!item.id)
                continue;
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
            add(item, field,
                "module_depends lacks " + join(missing) + ": the " + what + " templates call "
                    + (missing.size() == 1 ? "it" : "them"));
        if (!superfluous.empty())
            add(item, field, "module_depends lists " + join(superfluous) + ", which no " + what + " template calls");
    }

    static bool isContextVariable(const std::string& name)
    {
        const auto& names = contextVariables();
        return std::find(names.begin(), names.end(), name) != names.end();
    }

    // Rule 6.
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
                    if (isContextVariable(name)
                        || std::find(signature.begin(), signature.end(), name) != signature.end())
                        continue;
                    m_undeclaredIn.insert({ i, field.field });
                    if (!reported.insert(name).second)
                        continue;
                    add(item, field,
                        "${" + name
                            + "} is neither a declared parameter (flop_analysis.parameters or "
                              "memory_analysis.parameters) nor a context variable");
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
        formula::FormulaError error;
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
            if (!item.id)
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
                    else if (!isContextVariable(name))
                        bindings.push_back({ name, Number::integer(sample.parameterDefault) });
                    else
                        continue;
                    bound += (bound.empty() ? "" : ", ") + name + "=" + bindings.back().value.toString();
                }
                for (const auto& [name, value] : overrides) {
                    const bool isBound = std::any_of(
                        bindings.begin(), bindings.end(), [&name = name](const auto& b) { return b.name == name; });
                    if (isContextVariable(name) && !isBound) {
                        evaluator.setContext(name, value);
                        bound += (bound.empty() ? "" : ", ") + name + "=" + value.toString();
                    }
                }
                const std::string where = std::string(sample.description) + (bound.empty() ? "" : "; " + bound);
                if (!evaluateEntry(evaluator, i, bindings, where, failures, failedTemplates))
                    break; // one report per entry: the second sample set would repeat it
            }
        }
        for (const Failure& f : failures) {
            const auto& chain = f.error.callChain;
            const std::string failing = chain.empty() ? m_items[f.item].normalized : chain.back();
            if (failing != m_items[f.item].normalized && failedTemplates.count({ failing, f.kind }))
                continue; // the callee's own check reports it
            add(m_items[f.item], f.field, "fails on sample values (" + f.sample + "): " + f.error.describe());
        }
    }

    std::vector<std::pair<std::string, Number>> checkValues(const Item& item)
    {
        std::vector<std::pair<std::string, Number>> out;
        const auto it = item.entry->find("check_values");
        if (it == item.entry->end())
            return out;
        if (!it->is_object()) {
            add(item, { "check_values", "/check_values" },
                std::string("expected an object {\"name\": number}, found ") + it->type_name());
            return out;
        }
        const auto& signature = m_library.signature(*item.id);
        for (const auto& [name, value] : it->items()) {
            const FieldRef field { "check_values." + name, "/check_values/" + escapePointerToken(name) };
            if (!value.is_number()) {
                add(item, field, std::string("expected a number, found ") + value.type_name());
                continue;
            }
            if (!isContextVariable(name) && std::find(signature.begin(), signature.end(), name) == signature.end()) {
                add(item, field, "'" + name + "' is neither a declared parameter nor a context variable");
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
            add(item, { "flop_analysis.breakdown", "/flop_analysis/breakdown" },
                "the breakdown sums to " + sumText + " but formula_template gives " + total->toString()
                    + " on sample values (" + sample + "): " + join(parts, " + "));
            return false;
        }
        return ok;
    }

    std::vector<Item> m_items;
    std::vector<const ModuleDatabase*> m_layers;
    std::vector<formula::ModuleSpec> m_specs;
    Library m_library;
    std::unordered_map<std::string, std::size_t> m_byKey; // normalized key -> item
    std::unordered_map<ModuleId, std::size_t> m_itemOf;
    std::vector<std::vector<Edge>> m_edges;
    std::vector<bool> m_onCycle;
    std::set<std::pair<std::size_t, std::string>> m_undeclaredIn; // (item, field) using an undeclared parameter
    std::vector<signed char> m_sound;
    std::vector<std::pair<std::size_t, Problem>> m_problems;
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

} // namespace

std::string Problem::describe() const
{
    std::string out = file.toStdString();
    if (line > 0)
        out += ":" + std::to_string(line);
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

const std::vector<std::string>& contextVariables()
{
    static const std::vector<std::string> kNames = { "B", "S", "P", "S_kv", "T", "w_bytes", "a_bytes", "kv_bytes",
        "dtype_bytes" };
    return kNames;
}

std::vector<Problem> checkDatabase(const LayeredDatabase& database)
{
    std::vector<Item> items;
    for (const std::string& key : database.keys())
        items.push_back(makeItem(*database.databaseOf(key), key));
    std::vector<const ModuleDatabase*> layers { &database.builtin() };
    if (database.user())
        layers.push_back(database.user());
    return Checker(std::move(items), std::move(layers), database.moduleSpecs()).run();
}

std::vector<Problem> checkDatabase(const ModuleDatabase& database)
{
    std::vector<Item> items;
    for (const std::string& key : database.keys()) {
        if (database.fileKey(key) == key) // a second key for the same module is a schema error
            items.push_back(makeItem(database, key));
    }
    return Checker(std::move(items), { &database }, database.moduleSpecs()).run();
}

} // namespace lmp::db
