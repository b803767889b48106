// SPDX-License-Identifier: GPL-3.0-or-later
#include "architecturedraft.h"

#include "db/dbcheck.h"
#include "formula/context.h"
#include "formula/library.h"
#include "model/modelloader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryDir>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace lmp::agent {

namespace {

using Json = db::Json;

constexpr std::size_t kMaxListed = 10; // names listed per kind of difference in a refusal
constexpr qsizetype kMaxSourceChars = 200 * 1024; // one source file in the prompt
constexpr qint64 kMaxDumpBytes = 256 * 1024 * 1024;
constexpr int kMaxDumpFiles = 64; // *.json files of a model folder sniffed for a module-tree dump
constexpr std::size_t kMaxNames = 16; // names one definition may serve

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

QString q(std::string_view s)
{
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

Refusal refusal(std::string rule, std::string message)
{
    Refusal r;
    r.rule = std::move(rule);
    r.message = std::move(message);
    return r;
}

std::string grouped(formula::Int n)
{
    return formula::grouped(formula::Number::integer(n));
}

// A Python identifier of at most 100 characters: safe in a file name and a module path.
bool isPlainIdentifier(const std::string& text)
{
    return source::isIdentifier(q(text));
}

QString readResource(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

// "a, b, c (and 7 more)"
std::string listed(const std::vector<std::string>& names, std::size_t cap = kMaxListed)
{
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < cap; ++i)
        out += (i ? "; " : "") + names[i];
    if (names.size() > cap)
        out += "; ... and " + std::to_string(names.size() - cap) + " more";
    return out;
}

// The keys an entry's templates call, as its module_depends lists declare them (db check holds them to the truth).
std::vector<std::string> declaredDependencies(const Json& entry)
{
    std::vector<std::string> out;
    for (const char* section : { "flop_analysis", "memory_analysis" }) {
        const auto s = entry.find(section);
        if (s == entry.end() || !s->is_object())
            continue;
        const auto d = s->find("module_depends");
        if (d == s->end() || !d->is_array())
            continue;
        for (const auto& k : *d) {
            if (k.is_string() && formula::isValidModuleKey(k.get_ref<const std::string&>()))
                out.push_back(formula::normalizeModuleKey(k.get_ref<const std::string&>()));
        }
    }
    return out;
}

// The status of the winning entry of a key, or nullopt when the database lacks it (or it is invalid).
std::optional<db::Status> entryStatus(const db::LayeredDatabase& database, const std::string& key)
{
    const db::ModuleDatabase* layer = database.databaseOf(key);
    return layer ? layer->status(key) : std::nullopt;
}

// ---- answers ----

struct Block
{
    std::string_view text;
    std::size_t offset = 0;
};

// The ```json (or bare ```) fenced blocks of a text.
std::vector<Block> fencedBlocks(std::string_view text)
{
    std::vector<Block> blocks;
    std::size_t pos = 0;
    while (true) {
        const std::size_t open = text.find("```", pos);
        if (open == std::string_view::npos)
            break;
        // Only a fence at the start of a line.
        if (open > 0 && text[open - 1] != '\n') {
            pos = open + 3;
            continue;
        }
        const std::size_t lineEnd = text.find('\n', open);
        if (lineEnd == std::string_view::npos)
            break;
        std::string info(text.substr(open + 3, lineEnd - open - 3));
        while (!info.empty() && std::isspace(static_cast<unsigned char>(info.back())))
            info.pop_back();
        std::transform(info.begin(), info.end(), info.begin(), [](unsigned char c) { return std::tolower(c); });
        std::size_t close = lineEnd + 1;
        while (true) {
            close = text.find("```", close);
            if (close == std::string_view::npos || text[close - 1] == '\n')
                break;
            close += 3;
        }
        if (close == std::string_view::npos)
            break;
        if (info.empty() || info == "json")
            blocks.push_back({ text.substr(lineEnd + 1, close - lineEnd - 1), lineEnd + 1 });
        const std::size_t after = text.find('\n', close);
        pos = after == std::string_view::npos ? text.size() : after + 1;
    }
    return blocks;
}

std::string parseErrorText(const db::JsonTextError& e, const std::string& where, int maxDepth)
{
    if (e.kind == db::JsonTextError::Kind::TooDeep)
        return where + " nests deeper than " + std::to_string(maxDepth) + " levels";
    std::string out = where + " is not JSON";
    if (e.line > 0)
        out += " (line " + std::to_string(e.line) + ", column " + std::to_string(e.column) + ")";
    return out + ": " + e.message;
}

// Every string in a value longer than max, as pointers.
void longStrings(const Json& value, std::size_t max, const std::string& at, std::vector<std::string>& out)
{
    if (value.is_string()) {
        if (value.get_ref<const std::string&>().size() > max)
            out.push_back(at.empty() ? "/" : at);
    } else if (value.is_object()) {
        for (const auto& [k, v] : value.items())
            longStrings(v, max, at + "/" + k, out);
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            longStrings(value[i], max, at + "/" + std::to_string(i), out);
    }
}

void readAnswerObject(const Json& object, const ArchitectureAnswerLimits& limits, ExtractedArchitecture& out)
{
    for (const auto& [key, value] : object.items()) {
        if (key != "architecture" && key != "entries" && key != "notes")
            out.reasons.push_back("the answer object has a field \"" + key
                + "\": only \"architecture\", \"entries\" and \"notes\" are read");
    }
    const auto arch = object.find("architecture");
    if (arch == object.end() || !arch->is_object()) {
        out.reasons.push_back("\"architecture\" must be the definition (a JSON object)");
    } else {
        const std::size_t bytes = arch->dump().size();
        if (bytes > limits.maxDefinitionBytes)
            out.reasons.push_back("the definition is " + std::to_string(bytes) + " bytes, more than the limit of "
                + std::to_string(limits.maxDefinitionBytes));
        else
            out.definition = *arch;
    }
    if (const auto notes = object.find("notes"); notes != object.end()) {
        if (notes->is_string())
            out.notes = notes->get<std::string>();
        else if (!notes->is_null())
            out.reasons.push_back("\"notes\" must be a string");
    }
    const auto entries = object.find("entries");
    if (entries == object.end() || entries->is_null())
        return;
    if (!entries->is_object()) {
        out.reasons.push_back("\"entries\" must be an object {\"<module key>\": {...entry...}}");
        return;
    }
    if (entries->size() > limits.maxEntries)
        out.reasons.push_back("the answer has " + std::to_string(entries->size()) + " entries, more than the limit of "
            + std::to_string(limits.maxEntries));
    std::set<std::string> seen;
    for (const auto& [key, entry] : entries->items()) {
        if (!formula::isValidModuleKey(key)) {
            out.reasons.push_back("\"" + key + "\" is not a module key (torch__nn__Linear or torch.nn.Linear)");
            continue;
        }
        const std::string normalized = formula::normalizeModuleKey(key);
        if (!seen.insert(normalized).second) {
            out.reasons.push_back("two entries for " + normalized);
            continue;
        }
        if (!entry.is_object()) {
            out.reasons.push_back("the entry for " + normalized + " is not a JSON object");
            continue;
        }
        const std::size_t bytes = entry.dump().size();
        if (bytes > limits.entry.maxEntryBytes) {
            out.reasons.push_back("the entry for " + normalized + " is " + std::to_string(bytes)
                + " bytes, more than the limit of " + std::to_string(limits.entry.maxEntryBytes));
            continue;
        }
        std::vector<std::string> tooLong;
        for (const char* section : { "flop_analysis", "memory_analysis" }) {
            const auto s = entry.find(section);
            if (s == entry.end() || !s->is_object())
                continue;
            for (const auto& [field, value] : s->items()) {
                if (field != "thinking_process")
                    longStrings(
                        value, limits.entry.maxTemplateBytes, std::string("/") + section + "/" + field, tooLong);
            }
        }
        if (!tooLong.empty()) {
            out.reasons.push_back("the entry for " + normalized + " has templates longer than "
                + std::to_string(limits.entry.maxTemplateBytes) + " bytes: " + listed(tooLong));
            continue;
        }
        out.entries.emplace_back(normalized, entry);
    }
}

// ---- checks ----

// The tensors of a module-tree dump as a checkpoint (tied ones are the same tensor: left out).
model::Checkpoint dumpTensors(const model::ModuleTree& tree, const QString& file)
{
    model::Checkpoint checkpoint;
    checkpoint.files << file;
    tree.walk([&](const std::string& name, const model::Node& node, int) {
        for (const auto& t : node.tensors) {
            if (!t.tiedTo.empty())
                continue;
            model::CheckpointTensor ct;
            ct.name = name.empty() ? t.name : name + "." + t.name;
            ct.shape = t.shape;
            ct.file = file;
            checkpoint.tensors.push_back(std::move(ct));
        }
        return true;
    });
    return checkpoint;
}

// Checkpoint tensors that are buffers, not parameters: older checkpoints save some.
bool isKnownBuffer(const std::string& name)
{
    const std::string last = name.substr(name.rfind('.') + 1);
    static const std::set<std::string> buffers { "inv_freq", "position_ids", "masked_bias", "cos_cached", "sin_cached",
        "running_mean", "running_var", "num_batches_tracked", "_float_tensor", "token_type_ids" };
    return buffers.count(last) > 0;
}

void compareWithCheckpoint(const model::ModuleTree& tree, const model::Checkpoint& checkpoint, bool partial,
    bool buffersAllowed, const std::string& what, ArchitectureCheck& out)
{
    const model::CheckpointComparison c = model::compareCheckpoint(tree, checkpoint);
    std::vector<std::string> unexplained;
    for (const auto& name : c.extra) {
        if (!buffersAllowed || !isKnownBuffer(name))
            unexplained.push_back(name);
    }
    const std::string rule = buffersAllowed ? "checkpoint" : "dump";
    if (!c.shapeMismatches.empty())
        out.refusals.push_back(refusal(rule,
            "tensor shapes differ from " + what + " (" + std::to_string(c.shapeMismatches.size())
                + "): " + listed(c.shapeMismatches)));
    if (!partial && !c.missing.empty())
        out.refusals.push_back(refusal(rule,
            "tensors of the tree missing from " + what + " (" + std::to_string(c.missing.size())
                + "): " + listed(c.missing)));
    if (!unexplained.empty())
        out.refusals.push_back(refusal(rule,
            "tensors of " + what + " that are no parameter of the tree (" + std::to_string(unexplained.size())
                + "): " + listed(unexplained)));
    if (!partial && c.treeParams != c.checkpointParams) {
        formula::Int total = 0; // the checkpoint's own count: every tensor that is no buffer
        for (const auto& t : checkpoint.tensors) {
            if (!(buffersAllowed && isKnownBuffer(t.name)))
                total += t.elements();
        }
        out.refusals.push_back(
            refusal(rule, "the tree has " + grouped(c.treeParams) + " parameters, " + what + " " + grouped(total)));
    }
    if (!out.comparison) {
        out.comparison = c;
        out.checkpoint = checkpoint;
    }
}

// The module names and classes of two trees: every module of one that the other lacks, or has with another class.
void compareModules(
    const model::ModuleTree& tree, const model::ModuleTree& dump, const std::string& what, ArchitectureCheck& out)
{
    std::map<std::string, std::string> mine;
    std::map<std::string, std::string> theirs;
    tree.walk([&](const std::string& name, const model::Node& node, int) {
        mine.emplace(name, node.classPath);
        return true;
    });
    dump.walk([&](const std::string& name, const model::Node& node, int) {
        theirs.emplace(name, node.classPath);
        return true;
    });
    std::vector<std::string> missing;
    std::vector<std::string> extra;
    std::vector<std::string> classes;
    for (const auto& [name, cls] : theirs) {
        const auto it = mine.find(name);
        if (it == mine.end())
            missing.push_back(name.empty() ? "(root)" : name);
        else if (it->second != cls)
            classes.push_back((name.empty() ? "(root)" : name) + ": tree " + it->second + ", dump " + cls);
    }
    for (const auto& [name, cls] : mine) {
        if (!theirs.count(name))
            extra.push_back(name.empty() ? "(root)" : name);
    }
    if (!missing.empty())
        out.refusals.push_back(refusal("dump",
            "modules of " + what + " the tree lacks (" + std::to_string(missing.size()) + "): " + listed(missing)));
    if (!extra.empty())
        out.refusals.push_back(refusal("dump",
            "modules of the tree that " + what + " lacks (" + std::to_string(extra.size()) + "): " + listed(extra)));
    if (!classes.empty())
        out.refusals.push_back(refusal("dump",
            "module classes differ from " + what + " (" + std::to_string(classes.size()) + "): " + listed(classes)));
}

// Module-tree dumps of a folder (besides config.json and the safetensors index), sniffed by their first 4 KB.
QStringList dumpFiles(const QString& folder)
{
    QStringList out;
    const QDir dir(folder);
    int looked = 0;
    for (const QFileInfo& info : dir.entryInfoList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        if (++looked > kMaxDumpFiles)
            break;
        const QString name = info.fileName();
        if (name == QStringLiteral("config.json") || name.endsWith(QStringLiteral(".index.json"))
            || name.startsWith(QStringLiteral("tokenizer")) || info.size() > kMaxDumpBytes)
            continue;
        QFile f(info.filePath());
        if (f.open(QIODevice::ReadOnly) && f.read(4096).contains("lmp-module-dump"))
            out << info.filePath();
    }
    return out;
}

QString modelFolderOf(const ArchitectureCheckContext& context)
{
    if (!context.modelFolder.isEmpty())
        return context.modelFolder;
    if (context.config.path.isEmpty() || context.config.path.startsWith(u':'))
        return {};
    return QFileInfo(context.config.path).absolutePath();
}

// Whether an existing file may be replaced by an agent's draft of the architecture: nullopt, or why not.
std::optional<std::string> replaceable(const QString& path, const std::string& architecture)
{
    if (!QFileInfo::exists(path))
        return std::nullopt;
    const std::string file = path.toStdString();
    auto read = model::ArchitectureRegistry::readDefinition(path);
    if (const auto* e = std::get_if<model::ModelError>(&read))
        return file + " exists and is not a definition an agent drafted (" + e->describe() + "): it is not replaced";
    const model::Architecture& existing = std::get<model::Architecture>(read);
    if (existing.names.empty() || existing.names.front() != architecture)
        return file + " defines " + (existing.names.empty() ? std::string("nothing") : existing.names.front())
            + ", not " + architecture + ": it is not replaced";
    const auto history = existing.json.find("history");
    const bool drafted = history != existing.json.end() && history->is_array() && !history->empty()
        && history->front().is_object() && history->front().value("action", std::string()) == "draft";
    if (!drafted)
        return file + " was not drafted by an agent (a person's definition): it is not replaced";
    if (existing.status == model::ArchitectureStatus::Validated)
        return file + " is an approved definition: a draft does not replace it (remove the file to draft again)";
    return std::nullopt;
}

std::string today(const QDateTime& now)
{
    return now.toUTC().date().toString(Qt::ISODate).toStdString();
}

std::string isoTime(const QDateTime& now)
{
    return now.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ")).toStdString();
}

std::optional<std::string> writeAtomically(const QString& path, const QByteArray& bytes)
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return "cannot create the folder " + QFileInfo(path).absolutePath().toStdString();
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return "cannot write " + path.toStdString() + ": " + f.errorString().toStdString();
    if (f.write(bytes) != bytes.size() || !f.commit())
        return "cannot write " + path.toStdString() + ": " + f.errorString().toStdString();
    return std::nullopt;
}

QByteArray definitionBytes(const Json& definition)
{
    return QByteArray::fromStdString(definition.dump(2) + "\n");
}

int nextRevision(const Json& definition)
{
    int last = 0;
    if (const auto h = definition.find("history"); h != definition.end() && h->is_array()) {
        for (const auto& r : *h) {
            if (r.is_object() && r.contains("revision") && r["revision"].is_number_integer())
                last = std::max<int>(last, r["revision"].get<int>());
        }
    }
    return last + 1;
}

// The answer's entries in an order where each comes after the answer's entries it calls; cycles at the end.
std::vector<std::size_t> dependencyOrder(const std::vector<std::pair<std::string, Json>>& entries)
{
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < entries.size(); ++i)
        index[entries[i].first] = i;
    std::vector<int> state(entries.size(), 0); // 0 new, 1 visiting, 2 done
    std::vector<std::size_t> order;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (state[i] != 0)
            return;
        state[i] = 1;
        for (const auto& d : declaredDependencies(entries[i].second)) {
            const auto it = index.find(d);
            if (it != index.end())
                visit(it->second);
        }
        state[i] = 2;
        order.push_back(i);
    };
    for (std::size_t i = 0; i < entries.size(); ++i)
        visit(i);
    return order;
}

const char* kSystem = R"(You write an architecture definition for LM-Predictor: the module hierarchy that a Hugging Face
transformers model builds for a config.json, as data. LM-Predictor evaluates formula templates of a reviewed module
database on that hierarchy to count FLOPs and bytes. A person reviews your answer before anyone relies on it.

Rules:
- Answer with exactly one JSON object, in a ```json fenced block or bare:
  {"architecture": {...the definition...}, "entries": {"<module key>": {...entry...}, ...}, "notes": "..."}
  Nothing else is read. Do not include "validation" or "history" anywhere: they are set when your answer is stored.
- The definition follows the format below exactly (format 1). Read the modeling source: every module that
  model.named_modules() lists, in __init__'s order, with its fully qualified class and its own parameter tensors
  with their exact shapes. Your tree is checked against the checkpoint's tensor names, shapes and exact parameter
  count: a missing bias, a wrong size or a forgotten module refuses the whole answer.
- Name each node's params after the module's own attributes and config fields, so that database entries bind by
  name. config.defaults holds the configuration class's defaults for fields a config may omit.
- "entries" holds a database entry for every class of your tree that the database lacks and that does work of its
  own (a leaf, or a module whose forward adds work to its children's: attention products, residual adds, gating
  products); a pure container may go without one (its figures are its children's). No entry for a class the
  database already has.
- Templates are data in a small formula language, never code: numbers, ${parameter}, module calls
  {module__key}(name=value, ...), + - * / // % ** (Python's meaning), comparisons, if(c, a, b) and the functions
  min max ceil floor ceil_div log2 sqrt. Every ${name} is a declared parameter or a context variable.
- Count what PyTorch really executes in forward(), as torch.utils.flop_counter does: a multiply-add is 2 FLOPs;
  both attention matmuls count; grouped-query attention repeats keys and values; a gated MLP has three projections.
  An entry's templates cover the module's whole forward: call the entries of its children instead of recounting
  them, and add its own work. matmul_template holds only the matrix products; the breakdown sums to
  formula_template exactly.)";

} // namespace

// ---- the prompt ----

ArchitectureTask architectureTask(
    const model::ModelConfig& config, const db::LayeredDatabase& database, std::vector<SourceFile> sources)
{
    ArchitectureTask task;
    task.configPath = config.path;
    task.configText = config.json.dump(2);
    task.modelType = config.modelType;
    task.architecture = config.architecture;
    task.sources = std::move(sources);
    for (const std::string& key : database.keys()) {
        const auto status = entryStatus(database, key);
        if (!status || *status == db::Status::Rejected)
            continue;
        const Json* entry = database.entry(key);
        task.knownEntries.push_back(
            { formula::normalizeModuleKey(key), entryParameterNames(*entry), std::string(db::statusName(*status)) });
    }
    for (const char* key : { "transformers__models__llama__modeling_llama__LlamaRMSNorm",
             "transformers__models__llama__modeling_llama__LlamaMLP",
             "transformers__models__llama__modeling_llama__LlamaDecoderLayer" }) {
        const auto status = entryStatus(database, key);
        if (!status || *status != db::Status::Validated)
            continue;
        Json entry = *database.entry(key);
        entry.erase("validation");
        entry.erase("history");
        task.exampleEntries.emplace_back(key, std::move(entry));
    }
    return task;
}

std::vector<SourceFile> findModelingSources(const std::string& modelType, const std::string& architecture,
    const QList<source::SourceRoot>& roots, const QString& pythonExecutable, QString* message)
{
    std::vector<SourceFile> out;
    QStringList problems;
    if (!isPlainIdentifier(modelType) || !isPlainIdentifier(architecture)) {
        if (message)
            *message = QStringLiteral("model_type '%1' or architecture '%2' is not a plain name: no source looked up")
                           .arg(q(modelType), q(architecture));
        return out;
    }
    const QString package = QStringLiteral("transformers.models.%1").arg(q(modelType));
    QList<source::SourceRoot> searched = roots;
    if (!pythonExecutable.isEmpty()) {
        if (const auto root = source::interpreterRoot(pythonExecutable, package + QStringLiteral(".x.X"), 10000))
            searched.append(*root);
    }
    // The modeling file defines the architecture class; the configuration file its config class, whatever its name.
    const QString modeling = package + QStringLiteral(".modeling_") + q(modelType) + u'.' + q(architecture);
    const source::SourceLookup lookup = source::locateClass(modeling, {}, searched);
    if (lookup.found)
        out.push_back({ lookup.file, lookup.text });
    else
        problems << QStringLiteral("%1: %2").arg(modeling, lookup.message);
    if (lookup.found) {
        const QString configuration = QFileInfo(lookup.file).absolutePath() + QStringLiteral("/configuration_")
            + q(modelType) + QStringLiteral(".py");
        if (QFileInfo(configuration).isFile()) {
            const source::SourceText text = source::readSourceFile(configuration);
            if (text.ok)
                out.push_back({ configuration, text.text });
        }
    }
    if (message)
        *message = problems.join(u'\n');
    return out;
}

Prompt buildArchitecturePrompt(const ArchitectureTask& task)
{
    Prompt prompt;
    prompt.version = QString::fromLatin1(kArchitecturePromptVersion);
    prompt.system = QString::fromUtf8(kSystem);
    QString t;
    t += QStringLiteral("# Task\n\nLM-Predictor has no architecture definition for %1 (model_type \"%2\"), the "
                        "architectures[0] of %3. Write the definition that builds its module tree, and database "
                        "entries for the classes of that tree the database lacks.\n\n")
             .arg(q(task.architecture), q(task.modelType), task.configPath);

    t += QStringLiteral("# config.json\n\n```json\n%1\n```\n\n").arg(q(task.configText));

    t += QStringLiteral("# Source of the family\n\n");
    if (task.sources.empty()) {
        t += QStringLiteral("The modeling source was not found (transformers.models.%1.modeling_%1). Say so in "
                            "\"notes\", and write the definition from what the config and the names tell.\n\n")
                 .arg(q(task.modelType));
    }
    for (const SourceFile& file : task.sources) {
        QString text = file.text;
        QString cut;
        if (text.size() > kMaxSourceChars) {
            text.truncate(kMaxSourceChars);
            cut = QStringLiteral("\n[... cut at %1 characters]").arg(kMaxSourceChars);
        }
        t += QStringLiteral("%1:\n\n```python\n%2%3\n```\n\n").arg(file.path, text, cut);
    }

    t += QStringLiteral("# The definition format\n\n");
    const QString format =
        readResource(QString::fromLatin1(model::ArchitectureRegistry::kBuiltinFolder) + QStringLiteral("/README.md"));
    t += format.isEmpty() ? QStringLiteral("(resources/architectures/README.md is missing from this build)\n\n")
                          : format + u'\n';
    t += QStringLiteral("# A complete example: llama.json\n\n```json\n%1\n```\n\n")
             .arg(readResource(
                 QString::fromLatin1(model::ArchitectureRegistry::kBuiltinFolder) + QStringLiteral("/llama.json"))
                      .trimmed());
    t += QStringLiteral("# classes.json (leaf classes every definition may use without listing tensors)\n\n```json\n"
                        "%1\n```\n\n")
             .arg(readResource(
                 QString::fromLatin1(model::ArchitectureRegistry::kBuiltinFolder) + QStringLiteral("/classes.json"))
                      .trimmed());

    t += QStringLiteral("# The module database\n\nIts entries (key, the parameters they bind by name, status). A node "
                        "whose class is listed binds to that entry: give the node those params.\n\n");
    for (const KnownEntry& e : task.knownEntries) {
        QStringList params;
        for (const auto& p : e.parameters)
            params << q(p);
        t += QStringLiteral("- %1(%2)%3\n")
                 .arg(q(e.key), params.join(QStringLiteral(", ")),
                     e.status == "validated" ? QString() : QStringLiteral(" [%1]").arg(q(e.status)));
    }
    t += u'\n';

    t += QStringLiteral("# Context variables (every template may use them without declaring them)\n\n");
    for (const auto& v : formula::contextVariables())
        t += QStringLiteral("- ${%1}: %2\n").arg(q(v.name), q(v.description));
    t += QStringLiteral("\nFunctions: ");
    QStringList functions;
    for (const auto& f : formula::functions())
        functions << q(f.signature);
    t += functions.join(QStringLiteral(", ")) + QStringLiteral("\n\n");
    const QString conventions = readResource(QStringLiteral(":/lmp/MODULE-TEMPLATES.md"));
    if (!conventions.isEmpty())
        t += QStringLiteral("# Conventions for entries\n\n%1\n").arg(conventions);

    t += QStringLiteral("# Entry schema\n\n```json\n");
    t += entrySchema(QStringLiteral("<the class, fully qualified>"));
    t += QStringLiteral("\n```\n\n");
    if (!task.exampleEntries.empty()) {
        t += QStringLiteral("# Reviewed entries, as examples\n\n");
        for (const auto& [key, entry] : task.exampleEntries)
            t +=
                QStringLiteral("%1:\n\n```json\n%2\n```\n\n").arg(q(formula::modulePathFromKey(key)), q(entry.dump(2)));
    }

    t += QStringLiteral("# Answer\n\nOne JSON object:\n\n```json\n{\n  \"architecture\": {\"format\": 1, "
                        "\"architectures\": [\"%1\"], \"model_type\": \"%2\", ...},\n  \"entries\": {\"<module key, "
                        "e.g. transformers__models__%2__modeling_%2__SomeClass>\": {...}},\n  \"notes\": \"<anything "
                        "the reviewer should know>\"\n}\n```\n\n\"architectures\" starts with %1. Entries only for "
                        "classes of your tree that the database above lacks. Every template is data in the formula "
                        "language, never code.\n")
             .arg(q(task.architecture), q(task.modelType));
    prompt.text = t;
    return prompt;
}

// ---- extracting ----

ExtractedArchitecture extractArchitectureAnswer(std::string_view answer, const ArchitectureAnswerLimits& limits)
{
    ExtractedArchitecture out;
    if (answer.size() > limits.maxAnswerBytes) {
        out.reasons.push_back("the answer is " + std::to_string(answer.size()) + " bytes, more than the limit of "
            + std::to_string(limits.maxAnswerBytes));
        return out;
    }
    if (const auto bad = db::firstInvalidUtf8(answer)) {
        out.reasons.push_back("the answer is not UTF-8 (byte " + std::to_string(*bad) + ")");
        return out;
    }
    std::size_t begin = 0;
    std::size_t end = answer.size();
    while (begin < end && std::isspace(static_cast<unsigned char>(answer[begin])))
        ++begin;
    while (end > begin && std::isspace(static_cast<unsigned char>(answer[end - 1])))
        --end;
    if (begin == end) {
        out.reasons.push_back("the answer is empty");
        return out;
    }

    struct Candidate
    {
        std::string where;
        std::string_view text;
    };
    std::vector<Candidate> candidates;
    const std::string_view trimmed = answer.substr(begin, end - begin);
    const std::vector<Block> blocks = fencedBlocks(answer);
    if (!blocks.empty()) {
        for (std::size_t i = 0; i < blocks.size(); ++i)
            candidates.push_back({ "fenced block " + std::to_string(i + 1), blocks[i].text });
    } else {
        // The whole answer, or the object prose surrounds: from the first '{' to the last '}'.
        const std::size_t open = trimmed.find('{');
        const std::size_t close = trimmed.rfind('}');
        if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
            out.reasons.push_back("the answer holds no JSON object");
            return out;
        }
        candidates.push_back(
            { open == 0 && close + 1 == trimmed.size() ? "the answer" : "the JSON object in the answer",
                trimmed.substr(open, close - open + 1) });
    }

    std::vector<std::pair<std::string, Json>> objects;
    std::vector<std::string> errors;
    for (const auto& c : candidates) {
        auto parsed = db::parseJsonText(c.text, limits.maxDepth);
        if (const auto* e = std::get_if<db::JsonTextError>(&parsed)) {
            errors.push_back(parseErrorText(*e, c.where, limits.maxDepth));
            continue;
        }
        auto& p = std::get<db::ParsedJson>(parsed);
        if (!p.value.is_object() || !p.value.contains("architecture"))
            continue;
        if (!p.duplicateKeys.empty()) {
            std::vector<std::string> pointers;
            for (const auto& tokens : p.duplicateKeys) {
                std::string pointer;
                for (const auto& t : tokens)
                    pointer += "/" + t;
                pointers.push_back(pointer);
            }
            errors.push_back(c.where + " has keys that occur twice: " + listed(pointers));
            continue;
        }
        objects.emplace_back(c.where, std::move(p.value));
    }
    if (objects.size() > 1) {
        std::vector<std::string> where;
        for (const auto& o : objects)
            where.push_back(o.first);
        out.reasons.push_back("the answer holds " + std::to_string(objects.size()) + " answer objects (" + listed(where)
            + "): exactly one is read");
        return out;
    }
    if (objects.empty()) {
        out.reasons = errors;
        if (out.reasons.empty())
            out.reasons.push_back("the answer holds no answer object {\"architecture\": {...}, \"entries\": {...}}");
        return out;
    }
    readAnswerObject(objects.front().second, limits, out);
    if (!out.ok()) {
        out.definition = Json();
        out.entries.clear();
    }
    return out;
}

// ---- checking ----

Json sanitizeArchitectureDraft(Json definition)
{
    if (definition.is_object()) {
        definition.erase("validation");
        definition.erase("history");
    }
    return definition;
}

QString architectureDraftPath(const Json& definition, const QString& userFolder)
{
    if (!definition.is_object())
        return {};
    const auto names = definition.find("architectures");
    if (names == definition.end() || !names->is_array() || names->empty() || !names->front().is_string())
        return {};
    const std::string name = names->front().get<std::string>();
    if (!isPlainIdentifier(name))
        return {};
    return QDir(userFolder).filePath(q(name).toLower() + QStringLiteral(".json"));
}

ArchitectureCheck checkArchitectureDraft(const Json& definition, const ArchitectureCheckContext& context,
    const std::vector<std::pair<std::string, Json>>& entries)
{
    ArchitectureCheck out;
    auto refuse = [&](const char* rule, std::string message) {
        out.refusals.push_back(refusal(rule, std::move(message)));
    };
    if (!definition.is_object()) {
        refuse("answer", "the definition is not a JSON object");
        return out;
    }
    out.definition = sanitizeArchitectureDraft(definition);
    const Json& def = out.definition;

    // The names it serves.
    const auto format = def.find("format");
    if (format == def.end() || !format->is_number_integer() || format->get<std::int64_t>() != 1)
        refuse("definition", "\"format\" must be 1");
    std::vector<std::string> names;
    const auto namesIt = def.find("architectures");
    if (namesIt == def.end() || !namesIt->is_array() || namesIt->empty()) {
        refuse("architectures",
            "\"architectures\" must list the class names the definition builds, starting with "
                + context.config.architecture);
    } else {
        for (const auto& n : *namesIt) {
            if (!n.is_string() || !isPlainIdentifier(n.get<std::string>())) {
                refuse("architectures", "\"architectures\" holds " + n.dump() + ": a class name (a plain identifier)");
                continue;
            }
            names.push_back(n.get<std::string>());
        }
        if (namesIt->size() > kMaxNames)
            refuse("architectures", "\"architectures\" lists more than " + std::to_string(kMaxNames) + " names");
        if (namesIt->front() != Json(context.config.architecture))
            refuse("architectures",
                "\"architectures\" must start with the config's architectures[0], " + context.config.architecture
                    + ", not " + namesIt->front().dump());
    }
    if (context.config.architecture.empty() || !isPlainIdentifier(context.config.architecture))
        refuse("architectures",
            "the config's architectures[0] (\"" + context.config.architecture + "\") is not a class name");
    if (context.registry) {
        for (const auto& n : names) {
            if (const model::Architecture* builtin = context.registry->findBuiltin(n))
                refuse("builtin",
                    n + " has a built-in definition (" + builtin->file.toStdString() + "): a draft never replaces it");
        }
    }
    const QString target = context.userFolder.isEmpty() ? QString() : architectureDraftPath(def, context.userFolder);
    if (!target.isEmpty()) {
        if (const auto why = replaceable(target, context.config.architecture))
            refuse("user_file", *why);
        const QDir dir(context.userFolder);
        for (const QString& fileName : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
            const QString path = dir.filePath(fileName);
            if (fileName == QStringLiteral("classes.json") || QFileInfo(path) == QFileInfo(target))
                continue;
            auto read = model::ArchitectureRegistry::readDefinition(path);
            const auto* existing = std::get_if<model::Architecture>(&read);
            if (!existing || existing->status == model::ArchitectureStatus::Rejected)
                continue;
            for (const auto& n : names) {
                if (std::find(existing->names.begin(), existing->names.end(), n) != existing->names.end())
                    refuse("user_file", path.toStdString() + " already defines " + n);
            }
        }
    }
    if (!out.refusals.empty() && (names.empty() || names.front() != context.config.architecture))
        return out;

    // The real loader, on a temporary folder beside the built-in definitions, with the status it would land with.
    QTemporaryDir scratch;
    if (!scratch.isValid()) {
        refuse("definition", "cannot create a temporary folder to load the definition in");
        return out;
    }
    Json landed = def;
    landed["validation"] =
        Json { { "status", "pending" }, { "validator", nullptr }, { "date", nullptr }, { "notes", nullptr } };
    const QString file = scratch.filePath(q(context.config.architecture).toLower() + QStringLiteral(".json"));
    if (const auto error = writeAtomically(file, definitionBytes(landed))) {
        refuse("definition", *error);
        return out;
    }
    auto loaded = model::ArchitectureRegistry::load(
        { QString::fromLatin1(model::ArchitectureRegistry::kBuiltinFolder), scratch.path() });
    if (const auto* e = std::get_if<model::ModelError>(&loaded)) {
        model::ModelError error = *e;
        if (error.file == file)
            error.file = QStringLiteral("the definition");
        refuse("definition", "the definition does not load: " + error.describe());
        return out;
    }
    const auto& registry = std::get<model::ArchitectureRegistry>(loaded);
    const model::Architecture* arch = registry.find(context.config.architecture);
    if (!arch || arch->file != file) {
        refuse("definition", "the definition does not serve " + context.config.architecture);
        return out;
    }
    auto built = registry.build(context.config, *arch);
    if (const auto* e = std::get_if<model::ModelError>(&built)) {
        refuse("build",
            "the definition does not build a tree for " + context.config.path.toStdString() + ": "
                + (e->field.empty() ? "" : e->field + ": ") + e->message);
        return out;
    }
    out.tree = std::move(std::get<model::ModuleTree>(built));
    const model::ModuleTree& tree = *out.tree;

    // The checkpoint and any module-tree dump.
    const QString folder = modelFolderOf(context);
    if (!folder.isEmpty()) {
        auto checkpoint = model::readCheckpointFolder(folder);
        if (const auto* e = std::get_if<model::ModelError>(&checkpoint)) {
            refuse("checkpoint", "the checkpoint cannot be read to check the tree: " + e->describe());
        } else {
            const auto& ck = std::get<model::Checkpoint>(checkpoint);
            if (!ck.files.isEmpty()) {
                const bool partial = !ck.missingShards.isEmpty();
                if (partial)
                    out.notes.push_back(std::to_string(ck.missingShards.size())
                        + " shard(s) of the index are not downloaded: the names and shapes present were compared, "
                          "not the parameter count");
                out.comparedWith = ck.files.join(QStringLiteral(", "));
                compareWithCheckpoint(tree, ck, partial, true, "the checkpoint", out);
            } else if (!ck.missingShards.isEmpty()) {
                out.notes.push_back("no shard of the checkpoint index is downloaded: nothing to compare with");
            }
        }
    }
    QStringList dumps = folder.isEmpty() ? QStringList() : dumpFiles(folder);
    if (!context.moduleDump.isEmpty() && !dumps.contains(context.moduleDump))
        dumps.prepend(context.moduleDump);
    for (const QString& dumpPath : dumps) {
        QFile f(dumpPath);
        if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxDumpBytes) {
            refuse("dump", "the module-tree dump " + dumpPath.toStdString() + " cannot be read");
            continue;
        }
        const std::string text = f.readAll().toStdString();
        std::string dumpArchitecture;
        auto imported = model::importModuleDump(text, dumpPath, &dumpArchitecture);
        if (const auto* e = std::get_if<model::ModelError>(&imported)) {
            refuse("dump", "the module-tree dump cannot be read: " + e->describe());
            continue;
        }
        if (!dumpArchitecture.empty() && dumpArchitecture != context.config.architecture) {
            out.notes.push_back(dumpPath.toStdString() + " is a dump of " + dumpArchitecture + ": not compared");
            continue;
        }
        const auto& dumpTree = std::get<model::ModuleTree>(imported);
        const std::string what = "the module-tree dump " + QFileInfo(dumpPath).fileName().toStdString();
        compareWithCheckpoint(tree, dumpTensors(dumpTree, dumpPath), false, false, what, out);
        compareModules(tree, dumpTree, what, out);
        out.comparedWith += (out.comparedWith.isEmpty() ? QString() : QStringLiteral(", ")) + dumpPath;
    }
    if (out.comparedWith.isEmpty())
        out.notes.push_back("no checkpoint or module-tree dump at hand: the tree's tensors were not compared with one"
            + (folder.isEmpty() ? std::string() : " (" + folder.toStdString() + ")"));

    // The entries: every leaf class has one (the database's or the answer's); the answer's are new classes of the tree.
    if (context.database) {
        std::map<std::string, std::string> classes; // normalized key -> first instance
        std::map<std::string, std::string> leaves;
        tree.walk([&](const std::string& name, const model::Node& node, int) {
            const std::string key = formula::normalizeModuleKey(node.classPath);
            classes.emplace(key, name);
            if (node.children.empty())
                leaves.emplace(key, name);
            return true;
        });
        std::set<std::string> answered;
        for (const auto& [key, entry] : entries) {
            answered.insert(key);
            if (!classes.count(key))
                refuse("entries",
                    "the answer has an entry for " + formula::modulePathFromKey(key)
                        + ", which is no class of the tree");
            const auto status = entryStatus(*context.database, key);
            if (context.database->contains(key) && status != db::Status::Rejected)
                refuse("entries",
                    "the database already has an entry for " + formula::modulePathFromKey(key)
                        + (status ? " (" + std::string(db::statusName(*status)) + ")" : std::string(" (invalid)"))
                        + ": the answer's entries are for classes it lacks");
        }
        for (const auto& [key, instance] : leaves) {
            if (answered.count(key))
                continue;
            const auto status = entryStatus(*context.database, key);
            if (!status || *status == db::Status::Rejected)
                refuse("entries",
                    "no entry for " + formula::modulePathFromKey(key) + " (" + instance
                        + "), a leaf module of the tree: the database lacks one"
                        + (status ? " (its entry is rejected)" : "") + ", so the answer must bring it");
        }
    }
    return out;
}

// ---- landing ----

std::variant<QString, std::string> landArchitectureDraft(const Json& definition, const DraftOrigin& origin,
    const QString& userFolder, const QDateTime& now, const QString& notes)
{
    if (!definition.is_object())
        return std::string("the definition is not a JSON object");
    if (userFolder.isEmpty())
        return std::string("no user architecture folder");
    const QString path = architectureDraftPath(definition, userFolder);
    if (path.isEmpty())
        return std::string("the definition's architectures[0] is not a class name");
    const std::string architecture = definition["architectures"].front().get<std::string>();
    if (const auto why = replaceable(path, architecture))
        return *why;

    Json out = sanitizeArchitectureDraft(definition);
    Json history = Json::array();
    if (QFileInfo::exists(path)) {
        auto read = model::ArchitectureRegistry::readDefinition(path);
        if (const auto* existing = std::get_if<model::Architecture>(&read)) {
            if (const auto h = existing->json.find("history"); h != existing->json.end() && h->is_array())
                history = *h;
        }
    }
    const std::string validator = origin.validator().toStdString();
    out["validation"] =
        Json { { "status", "pending" }, { "validator", validator }, { "date", today(now) }, { "notes", nullptr } };
    Json revision = Json::object();
    Json holder = Json::object();
    holder["history"] = history;
    revision["revision"] = nextRevision(holder);
    revision["date"] = isoTime(now);
    revision["author"] = validator;
    revision["action"] = "draft";
    revision["prompt_version"] = origin.promptVersion.toStdString();
    revision["prompt_hash"] = origin.promptHash.toStdString();
    revision["notes"] = notes.toStdString();
    history.push_back(std::move(revision));
    out["history"] = std::move(history);
    if (const auto error = writeAtomically(path, definitionBytes(out)))
        return *error;
    return path;
}

ArchitectureLanding landArchitectureAnswer(const ExtractedArchitecture& answer, const ArchitectureCheckContext& context,
    db::DatabaseSession& session, const DraftOrigin& origin, const QString& userFolder, bool saveDatabase,
    const QDateTime& now, const AnswerLimits& limits)
{
    ArchitectureLanding out;
    if (!answer.ok()) {
        for (const auto& r : answer.reasons)
            out.refusals.push_back(refusal("answer", r));
        return out;
    }
    ArchitectureCheckContext ctx = context;
    ctx.database = &session.database();
    ctx.userFolder = userFolder;
    out.check = checkArchitectureDraft(answer.definition, ctx, answer.entries);
    out.refusals = out.check.refusals;

    // Every entry, on the model the definition builds, each against the database plus the answer's entries it calls.
    DraftContext draftContext;
    if (out.check.tree) {
        auto loaded = std::make_shared<model::LoadedModel>();
        loaded->name = context.config.modelId.isEmpty() ? context.config.path : context.config.modelId;
        loaded->architecture = context.config.architecture;
        loaded->config = context.config;
        loaded->tree = *out.check.tree;
        loaded->checkpoint = out.check.checkpoint;
        loaded->comparison = out.check.comparison;
        loaded->architectureFile = architectureDraftPath(out.check.definition, userFolder);
        loaded->architectureStatus = model::ArchitectureStatus::Pending;
        draftContext.model = std::move(loaded);
    }
    std::vector<std::pair<std::string, Json>> ready; // sanitized, in dependency order
    if (!answer.entries.empty()) {
        // A scratch session holding what the session holds (its user layer as a file of its own): the answer's
        // entries are added to it one by one, so that each is checked with the ones it calls.
        QTemporaryDir scratchDir;
        db::DatabaseSession scratch;
        const QString scratchPath = scratchDir.filePath(QStringLiteral("scratch_db.json"));
        std::optional<db::DbError> opened;
        if (!scratchDir.isValid())
            opened = db::DbError { {}, 0, 0, {}, {}, "cannot create a temporary folder" };
        else if (const db::ModuleDatabase* user = session.database().user()) {
            auto text = user->toJsonText();
            if (const auto* e = std::get_if<db::DbError>(&text))
                opened = *e;
            else if (const auto error =
                         writeAtomically(scratchPath, QByteArray::fromStdString(std::get<std::string>(text))))
                opened = db::DbError { scratchPath, 0, 0, {}, {}, *error };
        }
        if (!opened)
            opened = scratch.open(session.database().builtin(), scratchPath);
        if (opened) {
            out.refusals.push_back(refusal("entries", "cannot check the entries: " + opened->describe()));
        } else {
            std::set<std::string> refused;
            for (const std::size_t i : dependencyOrder(answer.entries)) {
                const auto& [key, entry] = answer.entries[i];
                std::vector<std::string> blocked;
                for (const auto& d : declaredDependencies(entry)) {
                    if (refused.count(d))
                        blocked.push_back(d);
                }
                if (!blocked.empty()) {
                    refused.insert(key);
                    out.refusals.push_back(
                        refusal("entries", key + ": not checked: it calls " + listed(blocked) + ", refused above"));
                    continue;
                }
                Json sanitized = sanitizeDraft(key, entry);
                const std::vector<Refusal> problems = checkDraft(key, sanitized, scratch, draftContext, limits);
                if (!problems.empty()) {
                    refused.insert(key);
                    for (Refusal p : problems) {
                        p.message = key + ": " + p.message;
                        out.refusals.push_back(std::move(p));
                    }
                    continue;
                }
                const auto added = scratch.addDraft(key, sanitized, origin.validator(), origin.notes(), now);
                if (const auto* e = std::get_if<db::DbError>(&added)) {
                    refused.insert(key);
                    out.refusals.push_back(refusal("entries", key + ": " + e->describe()));
                    continue;
                }
                ready.emplace_back(key, std::move(sanitized));
            }
        }
    }
    if (!out.refusals.empty())
        return out;

    // Everything passed: the entries, then the definition, then the database file. A failure takes back the rest.
    std::vector<db::DatabaseSession::UndoState> undo;
    auto takeBack = [&] {
        for (auto it = undo.rbegin(); it != undo.rend(); ++it)
            session.restore(*it);
        undo.clear();
    };
    for (const auto& [key, entry] : ready) {
        const auto added = session.addDraft(key, entry, origin.validator(), origin.notes(), now);
        if (const auto* e = std::get_if<db::DbError>(&added)) {
            takeBack();
            out.refusals.push_back(refusal("entries", key + ": " + e->describe()));
            return out;
        }
        undo.push_back(std::get<db::DatabaseSession::UndoState>(added));
    }
    const QString path = architectureDraftPath(out.check.definition, userFolder);
    std::optional<QByteArray> previous;
    if (QFile f(path); f.open(QIODevice::ReadOnly))
        previous = f.readAll();
    auto landed = landArchitectureDraft(answer.definition, origin, userFolder, now, q(answer.notes));
    if (const auto* error = std::get_if<std::string>(&landed)) {
        takeBack();
        out.refusals.push_back(refusal("definition", *error));
        return out;
    }
    if (saveDatabase && !ready.empty()) {
        if (const auto error = session.save()) {
            takeBack();
            if (previous)
                writeAtomically(path, *previous);
            else
                QFile::remove(path);
            out.refusals.push_back(refusal("entries", "the database was not saved: " + error->describe()));
            return out;
        }
    }
    out.file = std::get<QString>(landed);
    for (const auto& [key, entry] : ready)
        out.entryKeys.push_back(key);
    return out;
}

// ---- reviewing ----

std::optional<std::string> reviewArchitecture(const QString& file, model::ArchitectureStatus status,
    const QString& reviewer, const QString& notes, const QDateTime& now)
{
    if (file.startsWith(u':'))
        return "a built-in definition is not reviewed: it ships validated";
    if (reviewer.trimmed().isEmpty())
        return std::string("a review needs the reviewer's name");
    if (status == model::ArchitectureStatus::Pending)
        return std::string("a review approves, requests changes or rejects");
    auto read = model::ArchitectureRegistry::readDefinition(file);
    if (const auto* e = std::get_if<model::ModelError>(&read))
        return "not a definition: " + e->describe();
    Json json = std::get<model::Architecture>(read).json;

    const std::string statusName(model::architectureStatusName(status));
    Json validation =
        json.contains("validation") && json["validation"].is_object() ? json["validation"] : Json::object();
    const Json before = validation;
    const Json oldStatus = validation.contains("status") ? validation["status"] : Json("validated");
    validation["status"] = statusName;
    validation["validator"] = reviewer.trimmed().toStdString();
    validation["date"] = today(now);
    validation["notes"] = notes.isEmpty() ? Json(nullptr) : Json(notes.toStdString());
    // Changing nothing (the date aside) records nothing.
    auto same = [&](const char* field) { return before.contains(field) && before[field] == validation[field]; };
    if (same("status") && same("validator") && same("notes"))
        return std::nullopt;
    Json changes = Json::object();
    for (const char* field : { "status", "validator", "date", "notes" }) {
        const Json old = before.contains(field) ? before[field] : Json(nullptr);
        if (old != validation[field])
            changes[std::string("/validation/") + field] = Json { { "old", old }, { "new", validation[field] } };
    }
    if (!before.contains("status"))
        changes["/validation/status"]["old"] = oldStatus;
    json["validation"] = validation;
    if (!json.contains("history") || !json["history"].is_array())
        json["history"] = Json::array();
    Json revision = Json::object();
    revision["revision"] = nextRevision(json);
    revision["date"] = isoTime(now);
    revision["author"] = reviewer.trimmed().toStdString();
    revision["action"] = status == model::ArchitectureStatus::Validated ? "validate"
        : status == model::ArchitectureStatus::Rejected                 ? "reject"
                                                                        : "request_changes";
    revision["notes"] = notes.toStdString();
    revision["changes"] = std::move(changes);
    json["history"].push_back(std::move(revision));
    return writeAtomically(file, definitionBytes(json));
}

// ---- summaries ----

QString moduleTreeText(const model::ModuleTree& tree, const QString& title, int maxDepth)
{
    QString out;
    if (!title.isEmpty())
        out += title + u'\n';
    out += QStringLiteral("%1 parameters, %2 modules\n\n")
               .arg(q(grouped(tree.totalParams())), q(grouped(tree.moduleCount())));
    out += q(model::treeTable(tree, maxDepth));
    return out;
}

QString comparisonText(const model::CheckpointComparison& c, const model::Checkpoint& checkpoint, std::size_t cap)
{
    QString out;
    if (c.matches())
        out += QStringLiteral("matches: %1 tensors, %2 parameters (%3)\n")
                   .arg(checkpoint.tensors.size())
                   .arg(q(grouped(c.treeParams)), checkpoint.files.join(QStringLiteral(", ")));
    else
        out += QStringLiteral("does not match (%1): tree %2 parameters, checkpoint %3\n")
                   .arg(checkpoint.files.join(QStringLiteral(", ")), q(grouped(c.treeParams)),
                       q(grouped(c.checkpointParams)));
    auto list = [&](const char* what, const std::vector<std::string>& names) {
        if (names.empty())
            return;
        out += QStringLiteral("%1 (%2):\n").arg(QLatin1String(what)).arg(names.size());
        for (std::size_t i = 0; i < names.size() && i < cap; ++i)
            out += QStringLiteral("  %1\n").arg(q(names[i]));
        if (names.size() > cap)
            out += QStringLiteral("  ... and %1 more\n").arg(names.size() - cap);
    };
    list("shapes that differ", c.shapeMismatches);
    list("tensors of the tree missing from the checkpoint", c.missing);
    list("checkpoint tensors that are no parameter of the tree", c.extra);
    for (const QString& shard : checkpoint.missingShards)
        out += QStringLiteral("shard not downloaded: %1\n").arg(shard);
    return out;
}

ArchitectureSummary summarizeArchitecture(const model::Architecture& definition,
    const model::ArchitectureRegistry& registry, const model::ModelConfig& config, const QString& modelFolder)
{
    ArchitectureSummary out;
    auto built = registry.build(config, definition);
    if (const auto* e = std::get_if<model::ModelError>(&built)) {
        out.error = e->describe();
        return out;
    }
    out.tree = std::move(std::get<model::ModuleTree>(built));
    out.treeText = moduleTreeText(*out.tree,
        QStringLiteral("%1  (%2, %3)")
            .arg(config.modelId.isEmpty() ? config.path : config.modelId, q(config.architecture),
                QFileInfo(definition.file).fileName()));
    QString folder = modelFolder;
    if (folder.isEmpty() && !config.path.isEmpty() && !config.path.startsWith(u':'))
        folder = QFileInfo(config.path).absolutePath();
    if (folder.isEmpty()) {
        out.comparisonText = QStringLiteral("no model folder: nothing to compare the tree with");
        return out;
    }
    auto checkpoint = model::readCheckpointFolder(folder);
    if (const auto* e = std::get_if<model::ModelError>(&checkpoint)) {
        out.comparisonText = QStringLiteral("the checkpoint cannot be read: %1").arg(q(e->describe()));
        return out;
    }
    auto& ck = std::get<model::Checkpoint>(checkpoint);
    if (ck.files.isEmpty()) {
        out.comparisonText =
            QStringLiteral("no safetensors checkpoint in %1: nothing to compare the tree with").arg(folder);
        return out;
    }
    out.comparison = model::compareCheckpoint(*out.tree, ck);
    out.comparisonText = comparisonText(*out.comparison, ck);
    out.checkpoint = std::move(ck);
    return out;
}

} // namespace lmp::agent
