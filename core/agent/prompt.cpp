// SPDX-License-Identifier: GPL-3.0-or-later
#include "prompt.h"

#include "formula/context.h"
#include "formula/library.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <iterator>
#include <map>
#include <string_view>

namespace lmp::agent {

namespace {

constexpr int kMaxHelpers = 6; // module-level functions forward calls, shown with the class
constexpr int kMaxHelperLines = 120;
constexpr int kMaxClassLines = 600;

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Lines first..last (1-based, inclusive) of text, numbered as in the file.
QString numberedLines(const QStringList& lines, int first, int last)
{
    QString out;
    last = std::min<int>(last, static_cast<int>(lines.size()));
    for (int i = std::max(1, first); i <= last; ++i)
        out += QStringLiteral("%1  %2\n").arg(i, 5).arg(lines[i - 1]);
    return out;
}

// The module-level functions of the file that the class's forward (or the class) uses by name, and those they use:
// their ranges.
std::vector<std::pair<QString, std::pair<int, int>>> helperFunctions(
    const QStringList& lines, int classStart, int classEnd, int forwardStart, int forwardEnd)
{
    // Every top-level "def name(": its extent runs to the next top-level statement.
    static const QRegularExpression def(QStringLiteral("^def\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\("));
    std::map<QString, std::pair<int, int>> functions;
    for (int i = 0; i < lines.size(); ++i) {
        const auto m = def.match(lines[i]);
        if (!m.hasMatch())
            continue;
        int end = i + 1;
        for (int j = i + 1; j < lines.size(); ++j) {
            const QString& l = lines[j];
            if (!l.isEmpty() && !l[0].isSpace() && !l.startsWith(u'#') && !l.startsWith(u')')) {
                end = j;
                break;
            }
            end = j + 1;
        }
        while (end > i + 1 && lines[end - 1].trimmed().isEmpty())
            --end;
        functions.emplace(m.captured(1), std::make_pair(i + 1, end));
    }
    const int from = forwardStart > 0 ? forwardStart : classStart;
    const int to = forwardStart > 0 ? forwardEnd : classEnd;
    QString body;
    for (int i = from; i <= to && i <= lines.size(); ++i)
        body += lines[i - 1] + u'\n';
    // Names the body uses (called, or passed on as eager_attention_forward is), then the names those helpers use
    // in turn (apply_rotary_pos_emb -> rotate_half), breadth first, up to kMaxHelpers.
    std::vector<std::pair<QString, std::pair<int, int>>> out;
    static const QRegularExpression identifier(QStringLiteral("\\b([A-Za-z_][A-Za-z0-9_]*)\\b"));
    QSet<QString> seen;
    std::vector<QString> bodies { body };
    for (std::size_t b = 0; b < bodies.size() && static_cast<int>(out.size()) < kMaxHelpers; ++b) {
        for (auto it = identifier.globalMatch(bodies[b]); it.hasNext() && static_cast<int>(out.size()) < kMaxHelpers;) {
            const QString name = it.next().captured(1);
            if (seen.contains(name))
                continue;
            seen.insert(name);
            const auto f = functions.find(name);
            if (f == functions.end() || (f->second.first >= classStart && f->second.first <= classEnd))
                continue;
            out.emplace_back(name, f->second);
            QString helper;
            for (int i = f->second.first; i <= f->second.second && i <= lines.size(); ++i)
                helper += lines[i - 1] + u'\n';
            bodies.push_back(std::move(helper));
        }
    }
    return out;
}

QString entrySignature(const db::Json& entry)
{
    QStringList names;
    for (const std::string& name : entryParameterNames(entry))
        names << q(name);
    return names.join(QStringLiteral(", "));
}

QString templateOf(const db::Json& entry, const char* section, const char* field)
{
    const auto s = entry.find(section);
    if (s == entry.end() || !s->is_object())
        return {};
    const auto t = s->find(field);
    return t != s->end() && t->is_string() ? q(t->get<std::string>()) : QString();
}

bool validated(const db::LayeredDatabase& database, const std::string& key)
{
    const auto* layer = database.databaseOf(key);
    const auto status = layer ? layer->status(key) : std::nullopt;
    return status && *status == db::Status::Validated;
}

// One or two validated entries like the class (by the end of its name), then torch.nn.Linear as the base leaf.
std::vector<std::string> exampleKeys(const db::LayeredDatabase& database, const std::string& modulePath)
{
    const std::string className = modulePath.substr(modulePath.rfind('.') + 1);
    static const std::vector<std::pair<std::string, std::string>> kinds = {
        { "MLP", "transformers__models__llama__modeling_llama__LlamaMLP" },
        { "FeedForward", "transformers__models__llama__modeling_llama__LlamaMLP" },
        { "Attention", "transformers__models__llama__modeling_llama__LlamaAttention" },
        { "RMSNorm", "transformers__models__llama__modeling_llama__LlamaRMSNorm" },
        { "Norm", "transformers__models__llama__modeling_llama__LlamaRMSNorm" },
        { "DecoderLayer", "transformers__models__llama__modeling_llama__LlamaDecoderLayer" },
        { "Layer", "transformers__models__llama__modeling_llama__LlamaDecoderLayer" },
        { "Block", "transformers__models__llama__modeling_llama__LlamaDecoderLayer" },
        { "Embedding", "transformers__models__llama__modeling_llama__LlamaRotaryEmbedding" },
    };
    std::vector<std::string> out;
    for (const auto& [suffix, key] : kinds) {
        if (className.size() >= suffix.size()
            && className.compare(className.size() - suffix.size(), suffix.size(), suffix) == 0 && database.contains(key)
            && validated(database, key)) {
            out.push_back(key);
            break;
        }
    }
    if (out.empty() && database.contains("transformers__models__llama__modeling_llama__LlamaMLP"))
        out.push_back("transformers__models__llama__modeling_llama__LlamaMLP");
    if (database.contains("torch__nn__Linear") && validated(database, "torch__nn__Linear"))
        out.push_back("torch__nn__Linear");
    return out;
}

const char* kSystem = R"(You write one formula entry for LM-Predictor's module database: how many FLOPs a PyTorch module
performs and how many bytes it reads and writes, as formula templates over its parameters. A person reviews
your entry before anyone relies on it, so explain your reasoning in the thinking processes.

Rules:
- Answer with exactly one JSON object: the entry (the schema below), in a ```json fenced block or bare. Nothing
  else is read. Do not include "validation" or "history": they are set when your entry is stored.
- Templates are data in a small formula language, never code: numbers, ${parameter}, module calls
  {module__key}(name=value, ...), + - * / // % ** (Python's meaning), comparisons, if(c, a, b) and the
  functions min max ceil floor ceil_div log2 sqrt. Every ${name} is a declared parameter or a context variable.
- Count what PyTorch really executes in forward(), as torch.utils.flop_counter does: a multiply-add is 2 FLOPs;
  both attention matmuls count; grouped-query attention repeats keys and values; a gated MLP has three
  projections. Call the entries of child modules (the modules it owns) instead of recounting their work, and
  add the work the module does itself (elementwise products, residual adds, softmax, scaling, routing).
- matmul_template holds only the matrix products (what flop_counter counts); formula_template all FLOPs.
- The breakdown names the parts of formula_template; it must sum to it exactly.
- Memory in bytes: reads_template, writes_template and intermediates_template (temporaries written and read back
  inside the module), with ${w_bytes}, ${a_bytes}, ${kv_bytes} for the element sizes; a container's figures are
  its children's (call them) plus its own kernels' traffic. params_template counts parameter elements (inclusive).
- A decode step has S = 1 new token after P cached ones (S_kv = P + S); a prefill has P = 0. Every template must
  be finite and non-negative for both.)";

} // namespace

std::vector<std::string> entryParameterNames(const db::Json& entry)
{
    std::vector<std::string> names;
    for (const char* section : { "flop_analysis", "memory_analysis" }) {
        const auto s = entry.find(section);
        if (s == entry.end() || !s->is_object())
            continue;
        const auto p = s->find("parameters");
        if (p == s->end() || !p->is_array())
            continue;
        for (const auto& n : *p) {
            if (n.is_string() && std::find(names.begin(), names.end(), n.get<std::string>()) == names.end())
                names.push_back(n.get<std::string>());
        }
    }
    return names;
}

QString Prompt::hash() const
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData((version + u'\n' + system + u'\n' + text).toUtf8());
    return QStringLiteral("sha256:") + QString::fromLatin1(h.result().toHex());
}

std::vector<std::string> missingClasses(const model::ModuleTree& tree, const formula::Library& library)
{
    static const std::string_view kContainers[] = { "torch.nn.ModuleList", "torch.nn.ModuleDict", "torch.nn.Sequential",
        "torch.nn.ParameterList", "torch.nn.ParameterDict" };
    std::vector<std::string> out;
    if (!tree.storedNodes())
        return out;
    std::vector<char> seen(tree.storedNodes(), 0);
    // Post-order over distinct nodes, without recursion (trees can be deep).
    std::vector<std::pair<model::NodeId, std::size_t>> stack { { tree.root(), 0 } };
    seen[tree.root()] = 1;
    while (!stack.empty()) {
        auto& [id, next] = stack.back();
        const model::Node& node = tree.node(id);
        if (next < node.children.size()) {
            const model::NodeId child = node.children[next++].node;
            if (!seen[child]) {
                seen[child] = 1;
                stack.push_back({ child, 0 });
            }
            continue;
        }
        stack.pop_back();
        const bool container = !node.children.empty()
            && std::find(std::begin(kContainers), std::end(kContainers), node.classPath) != std::end(kContainers);
        if (container || library.find(node.classPath) || !library.exclusionReason(node.classPath).empty())
            continue;
        if (std::find(out.begin(), out.end(), node.classPath) == out.end())
            out.push_back(node.classPath);
    }
    return out;
}

ModuleTask moduleTask(const model::ModuleTree& tree, const std::string& classPath)
{
    ModuleTask task;
    task.modulePath = classPath;
    const std::vector<std::string> names = tree.firstInstanceNames();
    std::vector<std::vector<std::pair<std::string, std::string>>> seen;
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        const model::Node& node = tree.node(id);
        if (node.classPath != classPath)
            continue;
        std::vector<std::pair<std::string, std::string>> values;
        for (const auto& p : node.params)
            values.emplace_back(p.name, p.deferred() ? p.expression : p.value.toString());
        for (const auto& c : node.children) {
            const std::string& child = tree.node(c.node).classPath;
            if (std::find(task.childClasses.begin(), task.childClasses.end(), child) == task.childClasses.end())
                task.childClasses.push_back(child);
        }
        if (std::find(seen.begin(), seen.end(), values) != seen.end())
            continue;
        seen.push_back(values);
        task.bindings.push_back({ id < names.size() ? names[id] : std::string(), std::move(values) });
    }
    return task;
}

QString entrySchema(const QString& modulePath)
{
    return QStringLiteral(R"({
  "module_path": "%1",
  "code_location": {"file": "<repository-relative path>", "line_start": 1, "line_end": 2},
  "flop_analysis": {
    "thinking_process": "<what forward() computes, step by step, and how each term counts it (Markdown)>",
    "parameters": ["<names the FLOP templates use>"],
    "formula_template": "<all FLOPs>",
    "matmul_template": "<the matrix products only>",
    "module_depends": ["<keys the FLOP templates and the breakdown call>"],
    "breakdown": {"<part>": "<template>", "...": "<they sum to formula_template>"}
  },
  "memory_analysis": {
    "thinking_process": "<what it reads, writes and materializes>",
    "parameters": ["<names the memory templates use>"],
    "reads_template": "<bytes>",
    "writes_template": "<bytes>",
    "intermediates_template": "<bytes>",
    "params_template": "<parameter elements, inclusive>",
    "module_depends": ["<keys the memory templates call>"]
  }
})")
        .arg(modulePath);
}

Prompt buildModulePrompt(const ModuleTask& task, const db::LayeredDatabase& database,
    const QList<source::SourceRoot>& roots, const QString& pythonExecutable, source::SourceLookup* lookupOut)
{
    Prompt prompt;
    prompt.version = QString::fromLatin1(kModulePromptVersion);
    prompt.system = QString::fromUtf8(kSystem);
    const QString modulePath = q(task.modulePath);
    const std::string key = formula::normalizeModuleKey(task.modulePath);
    QString t;
    t += QStringLiteral("# Module\n\n%1 (database key %2). Write its entry.\n\n").arg(modulePath, q(key));

    // The source: the configured folders first, then the package folder the interpreter names.
    QList<source::SourceRoot> searched = roots;
    if (!pythonExecutable.isEmpty()) {
        if (const auto root = source::interpreterRoot(pythonExecutable, modulePath, 10000))
            searched.append(*root);
    }
    const source::SourceLookup lookup = source::locateClass(modulePath, {}, searched);
    if (lookupOut)
        *lookupOut = lookup;
    t += QStringLiteral("# Source\n\n");
    if (lookup.found) {
        const QStringList lines = lookup.text.split(u'\n');
        const int last = std::min(lookup.classEnd, lookup.classStart + kMaxClassLines - 1);
        t += QStringLiteral("From %1, lines %2-%3 (%4):\n\n```python\n")
                 .arg(lookup.file)
                 .arg(lookup.classStart)
                 .arg(last)
                 .arg(lookup.version.isEmpty() ? QStringLiteral("version unknown") : lookup.version);
        t += numberedLines(lines, lookup.classStart, last);
        t += QStringLiteral("```\n\n");
        if (lookup.forwardStart > 0)
            t += QStringLiteral("forward() is at lines %1-%2.\n\n").arg(lookup.forwardStart).arg(lookup.forwardEnd);
        else
            t += QStringLiteral("The class defines no forward() of its own: it inherits one (find what it "
                                "computes from its base class).\n\n");
        const auto helpers =
            helperFunctions(lines, lookup.classStart, lookup.classEnd, lookup.forwardStart, lookup.forwardEnd);
        if (!helpers.empty()) {
            t += QStringLiteral("Module-level functions it uses, and those they use:\n\n```python\n");
            for (const auto& [name, range] : helpers)
                t += numberedLines(lines, range.first, std::min(range.second, range.first + kMaxHelperLines - 1))
                    + u'\n';
            t += QStringLiteral("```\n\n");
        }
    } else {
        t += QStringLiteral("The source was not found (%1). Write the entry from what the class name, its "
                            "children and its parameters tell, and say in the thinking process that the source "
                            "was not seen.\n\n")
                 .arg(lookup.message.isEmpty() ? QStringLiteral("no source folder configured") : lookup.message);
    }

    // What the model binds.
    t += QStringLiteral("# Parameters on the model\n\n");
    if (task.bindings.empty()) {
        t += QStringLiteral("No model is open: name the parameters after the module's attributes and its config "
                            "fields (in_features, hidden_size, num_key_value_heads).\n\n");
    } else {
        t += QStringLiteral("The model's modules of this class carry these parameters (declare the ones your "
                            "templates use, by these names; they are bound by name):\n\n");
        for (const auto& b : task.bindings) {
            QStringList values;
            for (const auto& [name, value] : b.values)
                values << q(name) + QStringLiteral(" = ") + q(value);
            t += QStringLiteral("- %1: %2\n")
                     .arg(q(b.instance),
                         values.isEmpty() ? QStringLiteral("(none)") : values.join(QStringLiteral(", ")));
        }
        t += u'\n';
    }

    t += QStringLiteral("# Context variables (every template may use them without declaring them)\n\n");
    for (const auto& v : formula::contextVariables())
        t += QStringLiteral("- ${%1}: %2\n")
                 .arg(QString::fromUtf8(v.name.data(), static_cast<qsizetype>(v.name.size())),
                     QString::fromUtf8(v.description.data(), static_cast<qsizetype>(v.description.size())));
    t += u'\n';

    // The entries it may call.
    t += QStringLiteral("# Entries it may call\n\n");
    std::vector<std::string> callable = task.childClasses;
    for (const char* leaf : { "torch.nn.Linear", "torch.nn.SiLU", "torch.nn.GELU", "torch.nn.Dropout" }) {
        if (std::find(callable.begin(), callable.end(), leaf) == callable.end())
            callable.push_back(leaf);
    }
    for (const auto& c : callable) {
        const std::string k = formula::normalizeModuleKey(c);
        const db::Json* entry = database.entry(k);
        if (!entry) {
            t += QStringLiteral("- {%1}: no entry yet (a child module: it gets its own entry; call it by this "
                                "key with the parameters its module carries)\n")
                     .arg(q(k));
            continue;
        }
        t += QStringLiteral("- {%1}(%2): FLOPs = %3\n")
                 .arg(q(k), entrySignature(*entry), templateOf(*entry, "flop_analysis", "formula_template"));
    }
    t += u'\n';

    t += QStringLiteral("# Entry schema\n\n```json\n");
    t += entrySchema(modulePath);
    t += QStringLiteral("\n```\n\n");

    t += QStringLiteral("# Reviewed examples\n\n");
    for (const std::string& example : exampleKeys(database, task.modulePath)) {
        db::Json entry = *database.entry(example);
        entry.erase("validation");
        entry.erase("history");
        t +=
            QStringLiteral("%1:\n\n```json\n%2\n```\n\n").arg(q(formula::modulePathFromKey(example)), q(entry.dump(2)));
    }
    t += QStringLiteral("Answer with the entry for %1.\n").arg(modulePath);
    prompt.text = t;
    return prompt;
}

} // namespace lmp::agent
