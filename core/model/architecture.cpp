// SPDX-License-Identifier: GPL-3.0-or-later
#include "architecture.h"

#include "formula/evaluator.h"
#include "formula/library.h"
#include "formula/token.h"
#include "storedweights.h"

#include <QDir>
#include <QFile>
#include <QResource>
#include <QStandardPaths>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lmp::model {

using Json = nlohmann::ordered_json;
using formula::Number;

namespace {

// Whether any formula in a definition's JSON (every string, keys excluded) uses one of the ${names}.
bool usesParameter(const Json& root, const std::vector<std::string>& names)
{
    std::vector<const Json*> stack { &root };
    while (!stack.empty()) {
        const Json* j = stack.back();
        stack.pop_back();
        if (j->is_string()) {
            const std::string& text = j->get_ref<const std::string&>();
            if (text.find("${") == std::string::npos)
                continue;
            for (const formula::Token& t : formula::tokenize(text)) {
                if (t.kind == formula::TokenKind::Parameter
                    && std::find(names.begin(), names.end(), t.innerText(text)) != names.end())
                    return true;
            }
        } else if (j->is_structured()) {
            for (const auto& child : *j)
                stack.push_back(&child);
        }
    }
    return false;
}

constexpr Int kMaxDimension = Int(1) << 40; // one tensor dimension
constexpr Int kMaxTensorElements = Int(1) << 44; // about 1.8e13 elements in one tensor
constexpr Int kMaxRepeat = 1'000'000;

struct BuildError
{
    std::string field;
    std::string message;
};

std::variant<Json, ModelError> readJsonFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return ModelError { path, {}, "cannot read: " + f.errorString().toStdString() };
    const std::string text = f.readAll().toStdString();
    try {
        return Json::parse(text);
    } catch (const std::exception& e) {
        return ModelError { path, {}, std::string("not valid JSON: ") + e.what() };
    }
}

// Builds one config's tree from its architecture definition.
class TreeBuilder
{
public:
    TreeBuilder(
        const Architecture& arch, const Json& sharedClasses, const Json& sharedSwitches, const ModelConfig& config)
        : m_arch(arch)
        , m_sharedClasses(sharedClasses)
        , m_sharedSwitches(sharedSwitches)
        , m_config(config)
        , m_evaluator(m_library)
    {
        const auto it = arch.json.find("classes");
        if (it != arch.json.end() && it->is_object())
            m_ownClasses = &*it;
    }

    ModuleTree run()
    {
        readConfig();
        const auto rootIt = m_arch.json.find("root");
        if (rootIt == m_arch.json.end() || !rootIt->is_object())
            throw BuildError { "root", "the architecture definition has no root node" };
        m_rootDef = &*rootIt;
        // A task head of the family ("heads": {"LlamaForSequenceClassification": {...}}) is built in place of the
        // root; its nodes may "ref" the root's subtrees (the base model).
        const Json* top = &*rootIt;
        if (const Json* heads = member(m_arch.json, "heads"); heads && heads->is_object()) {
            if (const auto h = heads->find(m_config.architecture); h != heads->end()) {
                if (!h->is_object())
                    throw BuildError { "heads." + m_config.architecture, "a head is a node object in " + archFile() };
                top = &*h;
            }
        }
        const NodeId root = buildNode(*top, std::string());
        m_tree.setRoot(root);
        // The KV cache a step leaves behind, as a formula over the analysis names (B, S_kv, kv_bytes).
        if (const Json* kv = member(m_arch.json, "kv_cache_bytes"))
            m_tree.setKvCacheBytes(evaluateParam("kv_cache_bytes", *kv, "kv_cache_bytes"));
        // A fused engine's cache layout and attention products, where they differ from transformers'.
        if (const Json* fused = member(m_arch.json, "fused")) {
            if (!fused->is_object())
                throw BuildError { "fused",
                    "expected an object (kv_cache_bytes, attention_matmul_flops, "
                    "reference_attention_matmul_flops, note) in "
                        + archFile() };
            ModuleTree::FusedExecution f;
            for (const auto& [key, target] :
                { std::pair<const char*, std::optional<NodeParam>*> { "kv_cache_bytes", &f.kvCacheBytes },
                    { "attention_matmul_flops", &f.attentionMatmulFlops },
                    { "reference_attention_matmul_flops", &f.referenceAttentionMatmulFlops } }) {
                if (const Json* v = member(*fused, key))
                    *target = evaluateParam(key, *v, std::string("fused.") + key);
            }
            if (const Json* note = member(*fused, "note"); note && note->is_string())
                f.note = note->get<std::string>();
            m_tree.setFused(std::move(f));
        }
        // The recurrent state (Mamba, gated DeltaNet) a step leaves behind, over B and a_bytes.
        if (const Json* state = member(m_arch.json, "state_bytes"))
            m_tree.setStateBytes(evaluateParam("state_bytes", *state, "state_bytes"));
        // The tokens one input image adds to the text sequence, over image_height and image_width.
        if (const Json* image = member(m_arch.json, "image_tokens"))
            m_tree.setImageTokens(evaluateParam("image_tokens", *image, "image_tokens"));
        m_tree.setSubstitutions(std::move(m_substitutions));
        return std::move(m_tree);
    }

private:
    // Config fields become the evaluation context: numbers and booleans as numbers, strings for switches,
    // integer lists for repeat membership. Then the definition's defaults and derived values.
    void readConfig()
    {
        // Nested sub-configs (text_config, vision_config, rope_scaling) are read as text_config__hidden_size: the
        // formula language's names have no dots. Two levels deep at most.
        Json& flat = m_flat;
        for (const auto& [name, value] : m_config.json.items()) {
            if (!value.is_object()) {
                flat[name] = value;
                continue;
            }
            for (const auto& [inner, v] : value.items()) {
                if (!v.is_object()) {
                    flat[name + "__" + inner] = v;
                    continue;
                }
                for (const auto& [inner2, v2] : v.items()) {
                    if (!v2.is_object())
                        flat[name + "__" + inner + "__" + inner2] = v2;
                }
            }
        }
        for (const auto& [name, value] : flat.items()) {
            if (value.is_number_integer())
                m_evaluator.setContext(name,
                    value.is_number_unsigned() && value.get<std::uint64_t>() > INT64_MAX
                        ? Number::real(value.get<double>())
                        : Number::integer(value.get<std::int64_t>()));
            else if (value.is_number_float())
                m_evaluator.setContext(name, Number::real(value.get<double>()));
            else if (value.is_boolean())
                m_evaluator.setContext(name, Number::integer(value.get<bool>() ? 1 : 0));
            else if (value.is_string())
                m_strings[name] = value.get<std::string>();
            else if (value.is_array()) {
                // Integer (or boolean) lists: mlp_only_layers, no_rope_layers; string lists: layer_types.
                std::vector<Int> list;
                std::vector<std::string> strings;
                bool integers = true, allStrings = true;
                for (const auto& item : value) {
                    integers = integers && (item.is_number_integer() || item.is_boolean());
                    allStrings = allStrings && item.is_string();
                    if (item.is_number_integer())
                        list.push_back(item.get<std::int64_t>());
                    else if (item.is_boolean())
                        list.push_back(item.get<bool>() ? 1 : 0);
                    else if (item.is_string())
                        strings.push_back(item.get<std::string>());
                }
                // Its length, for formulas: fullatt_block_indexes__len; for a list of strings, how many items have
                // each value: layer_types__count__sliding_attention.
                m_evaluator.setContext(name + "__len", Number::integer(static_cast<Int>(value.size())));
                m_derived.insert(name + "__len");
                std::map<std::string, Int> counts;
                for (const auto& item : value) {
                    if (!item.is_string())
                        continue;
                    std::string id;
                    for (const char ch : item.get<std::string>())
                        id += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
                    ++counts[name + "__count__" + id];
                }
                for (const auto& [countName, n] : counts) {
                    m_evaluator.setContext(countName, Number::integer(n));
                    m_derived.insert(countName);
                }
                if (integers)
                    m_lists[name] = std::move(list);
                else if (allStrings)
                    m_stringLists[name] = std::move(strings);
            }
        }
        // Task heads size their classifier by the labels: num_labels, else the entries of id2label, else 2 (the
        // default of transformers' PretrainedConfig).
        if (!m_evaluator.contextValue("num_labels")) {
            const auto labels = m_config.json.find("id2label");
            m_evaluator.setContext("num_labels",
                Number::integer(labels != m_config.json.end() && labels->is_object() && !labels->empty()
                        ? static_cast<Int>(labels->size())
                        : 2));
        }
        const Json* configSection = member(m_arch.json, "config");
        if (configSection) {
            if (const Json* required = member(*configSection, "required"); required && required->is_array()) {
                for (const auto& r : *required) {
                    if (!r.is_string())
                        continue;
                    const std::string name = r.get<std::string>();
                    const auto it = m_flat.find(name);
                    if (it == m_flat.end() || it->is_null())
                        throw BuildError { name,
                            "missing: " + m_config.architecture + " needs this field (" + archFile() + ")" };
                    if (!it->is_number() && !it->is_boolean())
                        throw BuildError { name, std::string("expected a number, found ") + typeName(*it) };
                }
            }
            if (const Json* defaults = member(*configSection, "defaults"); defaults && defaults->is_object()) {
                for (const auto& [name, value] : defaults->items()) {
                    // A string default that is not a formula ("silu") is a literal string; compiled once.
                    const bool literal = value.is_string() && isLiteralString(value.get<std::string>());
                    if (literal)
                        m_stringDefaults[name] = value.get<std::string>();
                    const auto it = m_flat.find(name);
                    // A count of a list the config has: a value the list lacks counts 0, not the default.
                    if (const auto c = name.find("__count__"); c != std::string::npos && !m_derived.count(name)
                        && (m_stringLists.count(name.substr(0, c)) || m_lists.count(name.substr(0, c)))) {
                        m_evaluator.setContext(name, Number::integer(0));
                        continue;
                    }
                    // A value the config's lists give (layer_types__count__full_attention) wins over its default.
                    if ((it == m_flat.end() || it->is_null()) && !literal && m_derived.count(name))
                        continue;
                    if (it != m_flat.end() && !it->is_null()) {
                        // Present: it must have the default's kind.
                        if (literal && !it->is_string())
                            throw BuildError { name, std::string("expected a string, found ") + typeName(*it) };
                        if (!literal && !it->is_number() && !it->is_boolean())
                            throw BuildError { name, std::string("expected a number, found ") + typeName(*it) };
                        continue;
                    }
                    if (literal)
                        m_strings[name] = value.get<std::string>();
                    else
                        m_evaluator.setContext(name, evaluate(value, "config.defaults." + name));
                }
            }
        }
        if (const Json* let = member(m_arch.json, "let"); let && let->is_object()) {
            for (const auto& [name, value] : let->items())
                m_evaluator.setContext(name, evaluate(value, "let." + name));
        }
    }

    static const char* typeName(const Json& v)
    {
        if (v.is_string())
            return "a string";
        if (v.is_array())
            return "a list";
        if (v.is_object())
            return "an object";
        if (v.is_null())
            return "null";
        if (v.is_boolean())
            return "a boolean";
        return "a number";
    }

    // A string default that is not a formula ("silu") is a literal string.
    bool isLiteralString(const std::string& text) const { return !m_library.compile(text).ok(); }

    static const Json* member(const Json& object, const char* name)
    {
        if (!object.is_object())
            return nullptr;
        const auto it = object.find(name);
        return it == object.end() ? nullptr : &*it;
    }

    std::string archFile() const { return QFileInfo(m_arch.file).fileName().toStdString(); }

    Number evaluate(const Json& value, const std::string& where)
    {
        if (value.is_boolean())
            return Number::integer(value.get<bool>() ? 1 : 0);
        if (value.is_number_integer())
            return Number::integer(value.get<std::int64_t>());
        if (value.is_number_float())
            return Number::real(value.get<double>());
        if (!value.is_string())
            throw BuildError { where, std::string("expected a number or a formula, found ") + typeName(value) };
        return evaluateText(value.get_ref<const std::string&>(), where);
    }

    Number evaluateText(const std::string& text, const std::string& where)
    {
        auto it = m_programs.find(text);
        if (it == m_programs.end()) {
            auto compiled = m_library.compile(text, where);
            if (!compiled.ok())
                throw BuildError { where, "in " + archFile() + ": " + compiled.errors.front().describe() };
            it = m_programs.emplace(text, std::move(compiled.program)).first;
        }
        const auto result = m_evaluator.evaluate(*it->second);
        if (!result.ok()) {
            std::string message = result.error().message;
            if (result.error().kind == formula::ErrorKind::UnboundParameter)
                message += " (the config lacks a field the definition " + archFile() + " uses here)";
            throw BuildError { where, message + ": " + text };
        }
        if (!m_traces.empty())
            record(text, false, result.value(), {});
        return result.value();
    }

    // A param over analysis names (tokens, dtypes) is deferred: config values are substituted and the rest
    // is kept as a formula for the analysis.
    NodeParam evaluateParam(const std::string& name, const Json& value, const std::string& where)
    {
        if (value.is_string()) {
            const std::string& text = value.get_ref<const std::string&>();
            if (auto expression = deferredExpression(text, where)) {
                if (!m_checkedDeferred.count(*expression)) {
                    if (!m_library.compile(*expression).ok())
                        throw BuildError { where, "in " + archFile() + ": not a formula: " + text };
                    m_checkedDeferred.insert(*expression);
                }
                if (!m_traces.empty())
                    record(text, true, {}, *expression);
                return NodeParam { name, Number::integer(0), std::move(*expression) };
            }
        }
        return NodeParam { name, evaluate(value, where), {} };
    }

    // The formula a param over analysis names keeps, with the config's values substituted; nullopt for a param
    // that names none (it is evaluated now).
    std::optional<std::string> deferredExpression(const std::string& text, const std::string& where)
    {
        // The tokens, not a pattern: ${ name } with spaces is one parameter too, and a '${' inside a broken
        // formula is not taken for one.
        auto tokensIt = m_tokens.find(text);
        if (tokensIt == m_tokens.end()) {
            std::vector<formula::Token> tokens = formula::tokenize(text);
            bool usesAnalysis = false;
            for (const auto& t : tokens)
                usesAnalysis = usesAnalysis
                    || (t.kind == formula::TokenKind::Parameter && isAnalysisContextName(t.innerText(text)));
            if (!usesAnalysis)
                tokens.clear(); // evaluated now: nothing to substitute
            tokensIt = m_tokens.emplace(text, std::move(tokens)).first;
        }
        const std::vector<formula::Token>& tokens = tokensIt->second;
        if (tokens.empty())
            return std::nullopt;
        std::string expression;
        std::size_t last = 0;
        for (const auto& t : tokens) {
            if (t.kind != formula::TokenKind::Parameter)
                continue;
            const std::string n(t.innerText(text));
            expression.append(text, last, t.range.begin - last);
            last = t.range.end;
            if (isAnalysisContextName(n)) {
                expression += "${" + n + "}";
                continue;
            }
            const auto v = m_evaluator.contextValue(n);
            if (!v)
                throw BuildError { where,
                    "unbound parameter '" + n + "' (the config lacks a field the definition " + archFile()
                        + " uses here): " + text };
            expression += "(" + v->toString() + ")";
        }
        expression.append(text, last, std::string::npos);
        return expression;
    }

    // The evaluations an item's build makes that read a repeat's per-index names (its index and members), with
    // their results. The build is a function of the definition and the values it evaluates, so another index
    // whose evaluations of those formulas give the same results builds the same subtree (replays()).
    struct Trace
    {
        struct Step
        {
            std::string text;
            bool deferred = false; // a deferred param: expression is its substituted formula
            Number value;
            std::string expression;
        };
        const std::vector<std::string>* names = nullptr;
        std::unordered_map<std::string, bool> mentions; // formula text -> whether it names one of names
        std::vector<Step> steps;
        bool overflow = false; // too many steps to be worth replaying
    };
    static constexpr std::size_t kMaxTraceSteps = 4096;

    static bool mentions(Trace& trace, const std::string& text)
    {
        const auto it = trace.mentions.find(text);
        if (it != trace.mentions.end())
            return it->second;
        bool found = false;
        if (text.find("${") != std::string::npos) {
            for (const formula::Token& t : formula::tokenize(text)) {
                found = found
                    || (t.kind == formula::TokenKind::Parameter
                        && std::find(trace.names->begin(), trace.names->end(), t.innerText(text))
                            != trace.names->end());
            }
        }
        trace.mentions.emplace(text, found);
        return found;
    }

    void record(const std::string& text, bool deferred, const Number& value, const std::string& expression)
    {
        for (Trace* trace : m_traces) {
            if (trace->overflow || !mentions(*trace, text))
                continue;
            if (trace->steps.size() >= kMaxTraceSteps)
                trace->overflow = true;
            else
                trace->steps.push_back({ text, deferred, value, expression });
        }
    }

    // Whether the recorded evaluations give the same results under the present context (false as well where one
    // fails: the build then runs, and reports it).
    bool replays(const std::vector<Trace::Step>& steps)
    {
        try {
            for (const auto& step : steps) {
                if (step.deferred) {
                    const auto expression = deferredExpression(step.text, step.text);
                    if (!expression || *expression != step.expression)
                        return false;
                } else if (!identical(evaluateText(step.text, step.text), step.value)) {
                    return false;
                }
            }
        } catch (const BuildError&) {
            return false;
        }
        return true;
    }

    // "if": a formula, or {"field": "position_embedding_type", "equals": "rope" | ["rope", ...]} on a string field.
    bool condition(const Json& node, const std::string& path)
    {
        const Json* cond = member(node, "if");
        if (cond && cond->is_object()) {
            const Json* field = member(*cond, "field");
            const Json* equals = member(*cond, "equals");
            if (!field || !field->is_string() || !equals)
                throw BuildError { path + " (if)",
                    "a string condition is {\"field\": NAME, \"equals\": VALUE or [VALUES]} in " + archFile() };
            const auto value = m_strings.find(field->get<std::string>());
            if (value == m_strings.end())
                throw BuildError { field->get<std::string>(),
                    "missing: a string is needed to decide whether " + path + " exists (" + archFile() + ")" };
            if (equals->is_string())
                return equals->get_ref<const std::string&>() == value->second;
            if (equals->is_array())
                return std::any_of(equals->begin(), equals->end(),
                    [&](const Json& v) { return v.is_string() && v.get_ref<const std::string&>() == value->second; });
            throw BuildError { path + " (if)", "\"equals\" is a string or a list of strings" };
        }
        return !cond || evaluate(*cond, path + " (if)").isTruthy();
    }

    Int wholeNumber(const Number& n, const std::string& where, const char* what)
    {
        if (!n.isWhole())
            throw BuildError { where, std::string(what) + " must be a whole number, got " + n.toString() };
        if (n.isInteger())
            return n.toInteger();
        if (std::fabs(n.toDouble()) >= 1e30)
            throw BuildError { where, std::string(what) + " is absurdly large: " + n.toString() };
        return static_cast<Int>(n.toDouble());
    }

    std::string resolveClass(const Json& node, const std::string& path)
    {
        const Json* cls = member(node, "class");
        if (!cls)
            throw BuildError { path.empty() ? "root" : path, "node without a class in " + archFile() };
        if (cls->is_string())
            return cls->get<std::string>();
        const Json* field = member(*cls, "switch");
        const Json* cases = member(*cls, "cases");
        // "cases": "ACT2FN" names a table that classes.json shares ("switches").
        std::string table;
        if (cases && cases->is_string()) {
            table = cases->get<std::string>();
            cases = member(m_sharedSwitches, table.c_str());
            if (!cases)
                throw BuildError { path,
                    "no shared switch table '" + table + "' (classes.json \"switches\") for " + archFile() };
        }
        if (!field || !field->is_string() || !cases || !cases->is_object())
            throw BuildError { path,
                "class must be a string or {\"switch\": field, \"cases\": {...} or \"TABLE\"} in " + archFile() };
        const std::string name = field->get<std::string>();
        const auto value = m_strings.find(name);
        if (value == m_strings.end())
            throw BuildError { name, "missing: a string is needed to choose the class of " + path };
        const auto lookup = [&](const std::string& v) -> const Json* {
            const auto it = cases->find(v);
            return it == cases->end() || !it->is_string() ? nullptr : &*it;
        };
        const Json* chosen = lookup(value->second);
        if (!chosen) {
            std::string known;
            for (const auto& [k, v] : cases->items())
                known += (known.empty() ? "" : ", ") + k;
            throw BuildError { name,
                "'" + value->second + "' is not a value " + (table.empty() ? archFile() : table + " (transformers)")
                    + " knows, so the class of " + path + " is unknown (known: " + known + ")" };
        }
        // The family's entries were written for the field's default (the config class's "silu"): where the config
        // chooses another class, calls to the default's entry are redirected to the chosen one.
        const std::string chosenClass = chosen->get<std::string>();
        if (const auto d = m_stringDefaults.find(name); d != m_stringDefaults.end()) {
            if (const Json* def = lookup(d->second); def && def->get<std::string>() != chosenClass) {
                // One per switch node: the analysis redirects the calls of the entries above that node only, to the
                // default's class and to the classes equivalent to it (SiLUActivation and nn.SiLU: entries written
                // at an older commit call the one of their time).
                Substitution s { def->get<std::string>(), chosenClass, name, value->second, d->second, path, {} };
                if (const Json* eq = member(m_sharedSwitches, "equivalent_classes"); eq && eq->is_array()) {
                    for (const auto& group : *eq) {
                        if (!group.is_array()
                            || std::none_of(group.begin(), group.end(), [&](const Json& g) { return g == s.from; }))
                            continue;
                        for (const auto& g : group) {
                            if (g.is_string() && g != s.from && g != s.to)
                                s.equivalents.push_back(g.get<std::string>());
                        }
                    }
                }
                m_substitutions.push_back(std::move(s));
            }
        }
        return chosenClass;
    }

    const Json* classInfo(const std::string& classPath) const
    {
        if (m_ownClasses) {
            const auto it = m_ownClasses->find(classPath);
            if (it != m_ownClasses->end())
                return &*it;
        }
        const auto it = m_sharedClasses.find(classPath);
        return it == m_sharedClasses.end() ? nullptr : &*it;
    }

    // Tensors from a {name: shape | {shape, if}} object, in the current context.
    void addTensors(const Json& tensors, Node& node, const std::string& path)
    {
        for (const auto& [name, spec] : tensors.items()) {
            const std::string where = path + "." + name;
            const Json* shape = &spec;
            if (spec.is_object()) {
                if (const Json* cond = member(spec, "if"); cond && !evaluate(*cond, where + " (if)").isTruthy())
                    continue;
                shape = member(spec, "shape");
            }
            if (!shape || !shape->is_array())
                throw BuildError { where, "a tensor shape must be a list of sizes in " + archFile() };
            Tensor t;
            t.name = name;
            Int elements = 1;
            for (std::size_t k = 0; k < shape->size(); ++k) {
                const Int d = wholeNumber(evaluate((*shape)[k], where), where, "a tensor size");
                if (d < 0 || d > kMaxDimension)
                    throw BuildError { where,
                        "dimension " + std::to_string(k) + " is " + formula::toString(d)
                            + (d < 0 ? ", negative" : ", absurdly large") + ": check the config fields of "
                            + (*shape)[k].dump() };
                t.shape.push_back(d);
                elements *= d;
                if (elements > kMaxTensorElements)
                    throw BuildError { where, "the tensor has more than 2^44 elements: check the config's sizes" };
            }
            node.tensors.push_back(std::move(t));
        }
    }

    // The root's subtree at a dotted path of child names ("model", "bert.pooler").
    const Json& referenced(const std::string& ref, const std::string& path)
    {
        const Json* at = m_rootDef;
        std::size_t start = 0;
        while (at && start <= ref.size() && !ref.empty()) {
            const std::size_t dot = ref.find('.', start);
            const std::string part = ref.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
            const Json* children = member(*at, "children");
            const Json* found = nullptr;
            if (children && children->is_array()) {
                for (const auto& c : *children) {
                    const Json* n = member(c, "name");
                    if (n && n->is_string() && n->get_ref<const std::string&>() == part && condition(c, path)) {
                        found = &c;
                        break;
                    }
                }
            }
            at = found;
            if (dot == std::string::npos)
                break;
            start = dot + 1;
        }
        if (!at || ref.empty())
            throw BuildError { path, "\"ref\": \"" + ref + "\" names no node under the root of " + archFile() };
        return *at;
    }

    NodeId buildNode(const Json& given, const std::string& path)
    {
        // {"name": "model", "ref": "model", "params": {...}}: the root's node at that path, with this node's own
        // name, condition, activity and params (merged over the referenced ones).
        Json merged;
        const Json* refDef = member(given, "ref");
        if (refDef) {
            if (!refDef->is_string())
                throw BuildError { path, "\"ref\" is the dotted path of a node under the root in " + archFile() };
            if (++m_refDepth > 16)
                throw BuildError { path, "\"ref\" nests too deep in " + archFile() };
            merged = referenced(refDef->get<std::string>(), path);
            for (const auto& [k, v] : given.items()) {
                if (k == "ref")
                    continue;
                if (k == "params" && v.is_object() && merged.contains("params") && merged["params"].is_object()) {
                    for (const auto& [pk, pv] : v.items())
                        merged["params"][pk] = pv;
                    continue;
                }
                merged[k] = v;
            }
        }
        const Json& def = refDef ? merged : given;
        struct RefDepth
        {
            int& depth;
            bool active;
            ~RefDepth()
            {
                if (active)
                    --depth;
            }
        } refDepthGuard { m_refDepth, refDef != nullptr };
        Node node;
        node.classPath = resolveClass(def, path);
        const Json* classDef = classInfo(node.classPath);

        // Params: evaluated, then visible by name to the node's tensor shapes and children.
        std::vector<std::pair<std::string, std::optional<Number>>> saved;
        if (const Json* params = member(def, "params"); params && params->is_object()) {
            for (const auto& [name, value] : params->items())
                node.params.push_back(
                    evaluateParam(name, value, (path.empty() ? std::string("root") : path) + "." + name));
        }
        // "active": a condition over the analysis names under which the subtree runs in a step (an encoder
        // runs in prefill only). Every node below inherits it, so an inactive subtree shares no node with
        // the rest of the model.
        bool pushedActive = false;
        if (const Json* active = member(def, "active")) {
            NodeParam a = evaluateParam("active", *active, path + " (active)");
            if (!m_active.empty())
                a.expression = "(" + m_active.back().expression + ") * (" + a.expression + ")";
            m_active.push_back(std::move(a));
            pushedActive = true;
        }
        if (!m_active.empty() && !node.param("active"))
            node.params.push_back(m_active.back());
        if (classDef) {
            if (const Json* needed = member(*classDef, "params"); needed && needed->is_array()) {
                for (const auto& n : *needed) {
                    if (n.is_string() && !node.param(n.get_ref<const std::string&>()))
                        throw BuildError { path,
                            node.classPath + " needs the param '" + n.get<std::string>() + "' in " + archFile() };
                }
            }
        }
        for (const auto& p : node.params) {
            if (p.deferred())
                continue;
            saved.emplace_back(p.name, m_evaluator.contextValue(p.name));
            m_evaluator.setContext(p.name, p.value);
        }
        const Json* tensors = member(def, "tensors");
        if (!tensors && classDef)
            tensors = member(*classDef, "tensors");
        if (tensors && tensors->is_object())
            addTensors(*tensors, node, path);
        // Tied tensors: the same Parameter as another module's; listed, counted once.
        if (const Json* tied = member(def, "tied"); tied && tied->is_object()) {
            for (const auto& [key, target] : tied->items()) {
                const std::string name = key;
                const std::string where = path + "." + name;
                auto it = std::find_if(
                    node.tensors.begin(), node.tensors.end(), [&](const Tensor& t) { return t.name == name; });
                if (it == node.tensors.end())
                    throw BuildError { where, "tied tensor '" + name + "' is not a tensor of " + node.classPath };
                const Json* to = &target;
                if (target.is_object()) {
                    // {"to": "model.embed_tokens.weight", "if": "${tie_word_embeddings}"}
                    const Json* cond = member(target, "if");
                    if (cond && !evaluate(*cond, where + " (tied if)").isTruthy())
                        continue;
                    to = member(target, "to");
                }
                if (!to || !to->is_string())
                    throw BuildError { where,
                        "a tied tensor names another tensor, e.g. \"model.embed_tokens.weight\", or "
                        "{\"to\": ..., \"if\": ...}" };
                it->tiedTo = to->get<std::string>();
            }
        }

        if (const Json* repeat = member(def, "repeat")) {
            buildRepeat(*repeat, def, node, path);
        } else if (const Json* children = member(def, "children"); children && children->is_array()) {
            for (const auto& child : *children) {
                const Json* name = member(child, "name");
                if (!name || !name->is_string())
                    throw BuildError { path, "a child node without a name in " + archFile() };
                const std::string childPath =
                    path.empty() ? name->get<std::string>() : path + "." + name->get<std::string>();
                if (!condition(child, childPath))
                    continue;
                for (const auto& existing : node.children) {
                    if (existing.name == name->get<std::string>())
                        throw BuildError { childPath,
                            "two children of the same name exist for this config in " + archFile()
                                + ": their 'if' conditions overlap" };
                }
                node.children.push_back({ name->get<std::string>(), buildNode(child, childPath) });
            }
        }
        if (pushedActive)
            m_active.pop_back();
        for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
            if (it->second)
                m_evaluator.setContext(it->first, *it->second);
            else
                m_evaluator.unsetContext(it->first);
        }
        return m_tree.add(std::move(node));
    }

    void buildRepeat(const Json& repeat, const Json& def, Node& node, const std::string& path)
    {
        const Json* item = member(def, "item");
        if (!item || !item->is_object())
            throw BuildError { path, "a repeat needs an item node in " + archFile() };
        const Json* countDef = member(repeat, "count");
        if (!countDef)
            throw BuildError { path, "a repeat needs a count in " + archFile() };
        const Int count = wholeNumber(evaluate(*countDef, path + " (repeat count)"), path, "a repeat count");
        if (count < 0 || count > kMaxRepeat)
            throw BuildError { path, "the repeat count is " + formula::toString(count) + ": check the config" };
        std::string index = "i";
        if (const Json* idx = member(repeat, "index"); idx && idx->is_string())
            index = idx->get<std::string>();
        std::vector<std::pair<std::string, const std::vector<Int>*>> members;
        // Per-index values of a config list: {"list": "layer_types", "equals": "sliding_attention"} (1 where the
        // item equals, 0 elsewhere) or {"list": "no_rope_layers", "item": true} (the item itself), with a
        // "default" formula over the index for configs without the list.
        struct ItemMember
        {
            std::string var;
            const std::vector<Int>* integers = nullptr;
            const std::vector<std::string>* strings = nullptr;
            std::optional<std::string> equals;
            bool contains = false; // 1 where the index is in the list (moe_layers), with a default without the list
            const Json* fallback = nullptr;
            std::string listName;
        };
        std::vector<ItemMember> itemMembers;
        static const std::vector<Int> kEmpty;
        if (const Json* m = member(repeat, "members"); m && m->is_object()) {
            for (const auto& [var, spec] : m->items()) {
                if (spec.is_string()) {
                    const auto it = m_lists.find(spec.get<std::string>());
                    members.emplace_back(var, it == m_lists.end() ? &kEmpty : &it->second);
                    continue;
                }
                const Json* list = member(spec, "list");
                if (!list || !list->is_string())
                    throw BuildError { path + ".repeat.members." + var,
                        "a member is a list name, or {\"list\": NAME, \"equals\": VALUE | \"item\": true, "
                        "\"default\": FORMULA} in "
                            + archFile() };
                ItemMember im;
                im.var = var;
                im.listName = list->get<std::string>();
                if (const auto it = m_lists.find(im.listName); it != m_lists.end())
                    im.integers = &it->second;
                if (const auto it = m_stringLists.find(im.listName); it != m_stringLists.end())
                    im.strings = &it->second;
                if (const Json* eq = member(spec, "equals")) {
                    if (eq->is_string())
                        im.equals = eq->get<std::string>();
                    else if (eq->is_number_integer() || eq->is_boolean())
                        im.equals = std::to_string(eq->is_boolean() ? int(eq->get<bool>()) : eq->get<std::int64_t>());
                    else
                        throw BuildError { path + ".repeat.members." + var, "\"equals\" is a string or an integer" };
                }
                if (const Json* c = member(spec, "contains"); c && c->is_boolean())
                    im.contains = c->get<bool>();
                im.fallback = member(spec, "default");
                itemMembers.push_back(std::move(im));
            }
        }
        // An item that does not use its index (or membership) is built once and shared by every child.
        std::vector<std::string> indexNames { index };
        for (const auto& [var, list] : members)
            indexNames.push_back(var);
        for (const auto& im : itemMembers)
            indexNames.push_back(im.var);
        const bool dependsOnIndex = usesParameter(*item, indexNames);
        const auto previous = m_evaluator.contextValue(index);
        std::optional<NodeId> shared;
        node.children.reserve(static_cast<std::size_t>(count));
        // An item that does: each index's evaluations of the formulas that read it are checked against those of the
        // last few indexes built, and the subtree of one they agree with is taken (layers alike but for their index,
        // or a few kinds of layer in turn).
        std::vector<std::pair<std::vector<Trace::Step>, NodeId>> built; // the latest first
        constexpr std::size_t kMaxBuilt = 8;
        for (Int k = 0; k < count; ++k) {
            std::string name = formula::toString(k);
            NodeId child;
            if (shared) {
                child = *shared;
            } else {
                const std::string childPath = path + "." + name;
                m_evaluator.setContext(index, Number::integer(k));
                for (const auto& [var, list] : members)
                    m_evaluator.setContext(
                        var, Number::integer(std::find(list->begin(), list->end(), k) != list->end() ? 1 : 0));
                for (const auto& im : itemMembers)
                    m_evaluator.setContext(im.var,
                        im.contains && im.integers && !im.integers->empty()
                            ? Number::integer(
                                std::find(im.integers->begin(), im.integers->end(), k) != im.integers->end() ? 1 : 0)
                            : itemValue(im.var, im.listName, im.contains ? nullptr : im.integers,
                                im.contains ? nullptr : im.strings, im.equals, im.fallback, k, count, childPath));
                if (!condition(*item, childPath))
                    continue;
                if (!dependsOnIndex) {
                    child = buildNode(*item, childPath);
                    shared = child;
                } else if (const auto same = std::find_if(
                               built.begin(), built.end(), [&](const auto& b) { return replays(b.first); });
                           same != built.end()) {
                    child = same->second;
                } else {
                    Trace trace;
                    trace.names = &indexNames;
                    m_traces.push_back(&trace);
                    struct Pop
                    {
                        std::vector<Trace*>& traces;
                        ~Pop() { traces.pop_back(); }
                    } pop { m_traces };
                    child = buildNode(*item, childPath);
                    if (!trace.overflow) {
                        built.emplace(built.begin(), std::move(trace.steps), child);
                        if (built.size() > kMaxBuilt)
                            built.pop_back();
                    }
                }
            }
            node.children.push_back({ std::move(name), child });
        }
        if (previous)
            m_evaluator.setContext(index, *previous);
        else
            m_evaluator.unsetContext(index);
    }

    // The k-th item of a config list for a repeat member, or its default formula where the config has no list.
    Number itemValue(const std::string& var, const std::string& listName, const std::vector<Int>* integers,
        const std::vector<std::string>* strings, const std::optional<std::string>& equals, const Json* fallback, Int k,
        Int count, const std::string& where)
    {
        const std::size_t size = integers ? integers->size() : strings ? strings->size() : 0;
        // An empty list is no list (transformers treats no_rope_layers [] as absent and applies its default rule).
        if ((!integers && !strings) || (size == 0 && fallback)) {
            if (!fallback)
                throw BuildError { listName,
                    "missing: " + m_config.architecture + " needs this list (per layer) for " + where + " ("
                        + archFile() + ")" };
            return evaluate(*fallback, where + " (" + var + " default)");
        }
        if (size != static_cast<std::size_t>(count))
            throw BuildError { listName,
                "has " + std::to_string(size) + " items where the model has " + formula::toString(count)
                    + " (one per layer)" };
        const auto i = static_cast<std::size_t>(k);
        if (equals) {
            const std::string item = strings ? (*strings)[i] : formula::toString((*integers)[i]);
            return Number::integer(item == *equals ? 1 : 0);
        }
        if (!integers)
            throw BuildError { listName, "expected numbers or booleans for " + var + ", found strings" };
        return Number::integer((*integers)[i]);
    }

    const Architecture& m_arch;
    const Json& m_sharedClasses;
    const Json& m_sharedSwitches;
    const Json* m_rootDef = nullptr;
    int m_refDepth = 0;
    std::unordered_map<std::string, std::string> m_stringDefaults; // the definition's literal string defaults
    std::vector<Substitution> m_substitutions;
    const Json* m_ownClasses = nullptr;
    const ModelConfig& m_config;
    formula::Library m_library;
    formula::Evaluator m_evaluator;
    std::unordered_map<std::string, std::shared_ptr<const formula::Program>> m_programs;
    std::unordered_map<std::string, std::string> m_strings;
    std::unordered_map<std::string, std::vector<Int>> m_lists;
    std::unordered_map<std::string, std::vector<std::string>> m_stringLists;
    Json m_flat = Json::object(); // the config with nested objects flattened (text_config__hidden_size)
    std::set<std::string> m_derived; // names derived from the config's lists (X__len, X__count__value)
    std::unordered_set<std::string> m_checkedDeferred; // deferred params already compiled once
    std::unordered_map<std::string, std::vector<formula::Token>> m_tokens; // a param's tokens (empty: not deferred)
    std::vector<Trace*> m_traces; // the repeats whose item is being built, innermost last
    std::vector<NodeParam> m_active; // the "active" conditions of the enclosing nodes
    ModuleTree m_tree;
};

} // namespace

std::string_view architectureStatusName(ArchitectureStatus status)
{
    switch (status) {
    case ArchitectureStatus::Validated:
        return "validated";
    case ArchitectureStatus::Pending:
        return "pending";
    case ArchitectureStatus::NeedsChanges:
        return "needs_changes";
    case ArchitectureStatus::Rejected:
        return "rejected";
    }
    return "pending";
}

std::optional<ArchitectureStatus> architectureStatusFromName(std::string_view name)
{
    for (ArchitectureStatus s : { ArchitectureStatus::Validated, ArchitectureStatus::Pending,
             ArchitectureStatus::NeedsChanges, ArchitectureStatus::Rejected }) {
        if (architectureStatusName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString ArchitectureRegistry::defaultUserFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/architectures");
}

std::variant<ArchitectureRegistry, ModelError> ArchitectureRegistry::loadBuiltin(const QStringList& userFolders)
{
    return load(QStringList { QString::fromLatin1(kBuiltinFolder) } + userFolders);
}

std::variant<Architecture, ModelError> ArchitectureRegistry::parseDefinition(Json json, const QString& path)
{
    if (!json.is_object())
        return ModelError { path, {}, "an architecture definition must be a JSON object" };
    Architecture arch;
    arch.file = path;
    arch.builtin = path.startsWith(u':');
    const auto names = json.find("architectures");
    if (names == json.end() || !names->is_array() || names->empty())
        return ModelError { path, "architectures", "expected a list of the class names this file builds" };
    for (const auto& n : *names) {
        if (!n.is_string())
            return ModelError { path, "architectures", "expected class names (strings)" };
        arch.names.push_back(n.get<std::string>());
    }
    // Task heads built from the same definition: more names it serves.
    if (const auto heads = json.find("heads"); heads != json.end()) {
        if (!heads->is_object())
            return ModelError { path, "heads", "expected {\"XForSequenceClassification\": node, ...}" };
        for (const auto& [name, node] : heads->items()) {
            if (!node.is_object())
                return ModelError { path, "heads." + name, "a head is a node object" };
            if (std::find(arch.names.begin(), arch.names.end(), name) == arch.names.end())
                arch.names.push_back(name);
        }
    }
    // The review status: absent is validated (built-in definitions, and those a person wrote).
    if (const auto v = json.find("validation"); v != json.end() && !v->is_null()) {
        if (!v->is_object())
            return ModelError { path, "validation",
                "expected {\"status\": ..., \"validator\": ..., \"date\": ..., \"notes\": ...}" };
        const auto status = v->find("status");
        if (status == v->end() || !status->is_string())
            return ModelError { path, "validation.status",
                "expected one of \"pending\", \"validated\", \"rejected\", \"needs_changes\"" };
        const auto parsed = architectureStatusFromName(status->get_ref<const std::string&>());
        if (!parsed)
            return ModelError { path, "validation.status",
                "unknown status '" + status->get<std::string>()
                    + "': expected one of pending, validated, rejected, needs_changes" };
        arch.status = *parsed;
        for (const auto& [field, target] : { std::pair { "validator", &arch.validator },
                 std::pair { "date", &arch.date }, std::pair { "notes", &arch.notes } }) {
            const auto it = v->find(field);
            if (it == v->end() || it->is_null())
                continue;
            if (!it->is_string())
                return ModelError { path, std::string("validation.") + field, "expected a string or null" };
            *target = it->get<std::string>();
        }
    }
    if (const auto h = json.find("history"); h != json.end() && !h->is_array())
        return ModelError { path, "history", "expected a list of revisions" };
    arch.json = std::move(json);
    return arch;
}

std::variant<Architecture, ModelError> ArchitectureRegistry::readDefinition(const QString& path)
{
    auto read = readJsonFile(path);
    if (auto* e = std::get_if<ModelError>(&read))
        return *e;
    return parseDefinition(std::move(std::get<Json>(read)), path);
}

// The built-in definitions not read yet, with the names the build-time index says they build.
struct ArchitectureRegistry::Lazy
{
    struct Pending
    {
        QString path;
        std::vector<std::string> names;
        int rank = 0;
        bool read = false;
    };
    std::vector<Pending> pending;
    std::map<const Architecture*, int> ranks;
    std::optional<ModelError> error; // a built-in file that did not read (found when it was first needed)
    mutable std::recursive_mutex mutex;

    Lazy() = default;
    Lazy(const Lazy& other)
    {
        const std::lock_guard lock(other.mutex);
        pending = other.pending;
        ranks = other.ranks;
        error = other.error;
    }
};

ArchitectureRegistry::ArchitectureRegistry()
    : m_lazy(std::make_unique<Lazy>())
{ }

ArchitectureRegistry::~ArchitectureRegistry() = default;
ArchitectureRegistry::ArchitectureRegistry(ArchitectureRegistry&&) noexcept = default;
ArchitectureRegistry& ArchitectureRegistry::operator=(ArchitectureRegistry&&) noexcept = default;

ArchitectureRegistry::ArchitectureRegistry(const ArchitectureRegistry& other)
    : m_classes(other.m_classes)
    , m_switches(other.m_switches)
    , m_classesFile(other.m_classesFile)
{
    const std::lock_guard lock(other.m_lazy->mutex);
    m_architectures = other.m_architectures;
    m_byName = other.m_byName;
    m_builtinByName = other.m_builtinByName;
    m_rejectedByName = other.m_rejectedByName;
    m_lazy = std::make_unique<Lazy>(*other.m_lazy);
}

ArchitectureRegistry& ArchitectureRegistry::operator=(const ArchitectureRegistry& other)
{
    if (this != &other)
        *this = ArchitectureRegistry(other);
    return *this;
}

void ArchitectureRegistry::add(std::shared_ptr<Architecture> arch, int rank) const
{
    // A name goes to the definition read last in load order (the user's over the built-in one), whenever it is read.
    const auto later = [&](const std::map<std::string, std::shared_ptr<Architecture>>& map, const std::string& n) {
        const auto it = map.find(n);
        return it == map.end() || m_lazy->ranks.at(it->second.get()) <= rank;
    };
    m_lazy->ranks[arch.get()] = rank;
    for (const auto& n : arch->names) {
        if (arch->builtin && later(m_builtinByName, n))
            m_builtinByName[n] = arch;
        if (arch->status == ArchitectureStatus::Rejected) {
            if (later(m_rejectedByName, n))
                m_rejectedByName[n] = arch; // never used; build() says why
            continue;
        }
        if (later(m_byName, n))
            m_byName[n] = arch;
    }
    const auto at = std::upper_bound(m_architectures.begin(), m_architectures.end(), rank,
        [&](int r, const std::shared_ptr<Architecture>& a) { return r < m_lazy->ranks.at(a.get()); });
    m_architectures.insert(at, std::move(arch));
}

void ArchitectureRegistry::readPending(const std::string& name) const
{
    const std::lock_guard lock(m_lazy->mutex);
    for (auto& p : m_lazy->pending) {
        if (p.read || (!name.empty() && std::find(p.names.begin(), p.names.end(), name) == p.names.end()))
            continue;
        p.read = true;
        auto read = readDefinition(p.path);
        if (auto* e = std::get_if<ModelError>(&read)) {
            if (!m_lazy->error)
                m_lazy->error = *e;
            continue;
        }
        add(std::make_shared<Architecture>(std::move(std::get<Architecture>(read))), p.rank);
    }
}

const std::vector<std::shared_ptr<Architecture>>& ArchitectureRegistry::definitions() const
{
    readPending({});
    return m_architectures;
}

namespace {

// The build-time index of the built-in definitions: "file.json<TAB>Name Name ..." per line.
std::optional<std::vector<std::pair<QString, std::vector<std::string>>>> builtinIndex()
{
    QFile f(QStringLiteral(":/lmp/architecture-index.txt"));
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    std::vector<std::pair<QString, std::vector<std::string>>> out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.isEmpty())
            continue;
        const QList<QByteArray> parts = line.split('\t');
        if (parts.size() != 2)
            return std::nullopt;
        std::vector<std::string> names;
        for (const QByteArray& n : parts[1].split(' ')) {
            if (!n.isEmpty())
                names.push_back(n.toStdString());
        }
        out.emplace_back(QString::fromUtf8(parts[0]), std::move(names));
    }
    return out;
}

} // namespace

std::variant<ArchitectureRegistry, ModelError> ArchitectureRegistry::load(const QStringList& folders)
{
    ArchitectureRegistry registry;
    int rank = 0;
    for (const QString& folder : folders) {
        const QDir dir(folder);
        if (!dir.exists())
            continue;
        // The built-in folder: its definitions are read when first needed, from the build's index of its "*.json"
        // files (made from the same list as the folder). Any other folder is listed.
        std::optional<std::vector<std::pair<QString, std::vector<std::string>>>> index;
        if (folder == QString::fromLatin1(kBuiltinFolder) && rank == 0) {
            index = builtinIndex();
            if (index && std::any_of(index->begin(), index->end(), [](const auto& e) { return e.second.empty(); }))
                index.reset(); // a definition the index could not read: read them all now
        }
        QStringList files;
        if (index) {
            for (const auto& entry : *index)
                files << entry.first;
            files << QStringLiteral("classes.json");
        } else {
            // As entryList({"*.json"}, QDir::Files, QDir::Name) lists them, without compiling the wildcard.
            files = dir.entryList(QDir::Files, QDir::Unsorted);
            files.removeIf(
                [](const QString& name) { return !name.endsWith(QLatin1String(".json"), Qt::CaseInsensitive); });
        }
        std::sort(files.begin(), files.end());
        for (const QString& fileName : files) {
            const QString path = dir.filePath(fileName);
            if (fileName == QStringLiteral("classes.json")) {
                auto read = readJsonFile(path);
                if (auto* e = std::get_if<ModelError>(&read))
                    return *e;
                const Json& json = std::get<Json>(read);
                if (!json.is_object())
                    return ModelError { path, {}, "an architecture definition must be a JSON object" };
                const auto it = json.find("classes");
                if (it == json.end() || !it->is_object())
                    return ModelError { path, "classes", "expected an object of class definitions" };
                for (const auto& [name, value] : it->items())
                    registry.m_classes[name] = value;
                if (const auto sw = json.find("switches"); sw != json.end()) {
                    if (!sw->is_object())
                        return ModelError { path, "switches", "expected an object of switch tables" };
                    for (const auto& [name, value] : sw->items()) {
                        if (name == "equivalent_classes" && value.is_array()) {
                            registry.m_switches[name] = value;
                            continue;
                        }
                        if (!value.is_object())
                            return ModelError { path, "switches." + name, "expected {value: class, ...}" };
                        registry.m_switches[name] = value;
                    }
                }
                registry.m_classesFile = path;
                continue;
            }
            if (index) {
                const auto it = std::find_if(
                    index->begin(), index->end(), [&](const auto& entry) { return entry.first == fileName; });
                registry.m_lazy->pending.push_back({ path, it->second, rank++, false });
                continue;
            }
            auto read = readDefinition(path);
            if (auto* e = std::get_if<ModelError>(&read))
                return *e;
            registry.add(std::make_shared<Architecture>(std::move(std::get<Architecture>(read))), rank++);
        }
    }
    return registry;
}

const Architecture* ArchitectureRegistry::find(const std::string& architectureName) const
{
    readPending(architectureName);
    const std::lock_guard lock(m_lazy->mutex);
    const auto it = m_byName.find(architectureName);
    return it == m_byName.end() ? nullptr : it->second.get();
}

const Architecture* ArchitectureRegistry::findBuiltin(const std::string& architectureName) const
{
    readPending(architectureName);
    const std::lock_guard lock(m_lazy->mutex);
    const auto it = m_builtinByName.find(architectureName);
    return it == m_builtinByName.end() ? nullptr : it->second.get();
}

const Architecture* ArchitectureRegistry::findRejected(const std::string& architectureName) const
{
    if (find(architectureName))
        return nullptr;
    const std::lock_guard lock(m_lazy->mutex);
    const auto it = m_rejectedByName.find(architectureName);
    return it == m_rejectedByName.end() ? nullptr : it->second.get();
}

std::vector<std::string> ArchitectureRegistry::architectureNames() const
{
    readPending({});
    const std::lock_guard lock(m_lazy->mutex);
    std::vector<std::string> names;
    for (const auto& [name, arch] : m_byName)
        names.push_back(name);
    return names;
}

std::variant<ModuleTree, ModelError> ArchitectureRegistry::build(const ModelConfig& config) const
{
    const Architecture* arch = find(config.architecture);
    if (!arch) {
        if (const std::lock_guard lock(m_lazy->mutex); m_lazy->error)
            return *m_lazy->error;
        if (const Architecture* rejected = findRejected(config.architecture)) {
            std::string message =
                "the definition " + config.architecture + " in " + rejected->file.toStdString() + " is rejected";
            if (!rejected->validator.empty())
                message += " (by " + rejected->validator + (rejected->date.empty() ? "" : ", " + rejected->date) + ")";
            if (!rejected->notes.empty())
                message += ": " + rejected->notes;
            return ModelError { config.path, "architectures",
                message + "; a rejected definition is not used: draft or write another one" };
        }
        // A head the family does not have: name the ones it has.
        const auto familyOf = [](const std::string& name) {
            const std::size_t f = name.find("For");
            if (f != std::string::npos && f > 0)
                return name.substr(0, f);
            if (name.size() > 5 && name.ends_with("Model"))
                return name.substr(0, name.size() - 5);
            return name;
        };
        const std::string family = familyOf(config.architecture);
        std::string heads;
        for (const auto& name : architectureNames()) {
            if (familyOf(name) == family)
                heads += (heads.empty() ? "" : ", ") + name;
        }
        if (!heads.empty() && family != config.architecture)
            return ModelError { config.path, "architectures",
                "the " + family + " family is known, but not the head '" + config.architecture
                    + "'; its definitions build: " + heads };
        std::string known;
        for (const auto& name : architectureNames())
            known += (known.empty() ? "" : ", ") + name;
        return ModelError { config.path, "architectures",
            "no architecture definition for '" + config.architecture + "'; add one to the user folder ("
                + defaultUserFolder().toStdString() + ") — known: " + known };
    }
    return build(config, *arch);
}

std::variant<ModuleTree, ModelError> ArchitectureRegistry::build(
    const ModelConfig& config, const Architecture& architecture) const
{
    try {
        ModuleTree tree = TreeBuilder(architecture, m_classes, m_switches, config).run();
        tree.setStoredWeights(storedWeights(config.json, tree));
        return tree;
    } catch (const BuildError& e) {
        return ModelError { config.path, e.field, e.message };
    }
}

} // namespace lmp::model
