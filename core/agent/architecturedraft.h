// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Architecture definitions an agent drafts for a config whose architectures[0] has none: the prompt, extracting the
// definition and the module entries from an untrusted answer, checking them (the real loader, a tree for the config,
// the checkpoint's tensor names, shapes and exact parameter count), landing them as pending (the definition in the
// user's architecture folder, the entries in the user database: all of them or nothing), and reviewing a landed
// definition. Nothing in an answer is ever run.

#include "agent/draft.h"
#include "agent/prompt.h"
#include "db/databasesession.h"
#include "db/jsontext.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/moduletree.h"
#include "model/safetensors.h"
#include "source/sourcelocator.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lmp::agent {

// The prompt

// A source file the prompt shows (the family's modeling and configuration code).
struct SourceFile
{
    QString path; // as found (for the reader)
    QString text;
};

// A database entry the definition's classes may bind to: its key, parameters (flop and memory, merged) and status.
struct KnownEntry
{
    std::string key; // torch__nn__Linear
    std::vector<std::string> parameters;
    std::string status; // "validated", "pending", ...
};

// What the architecture prompt is about: a config whose architectures[0] has no definition.
struct ArchitectureTask
{
    QString configPath;
    std::string configText; // the config.json as given
    std::string modelType; // "nova"
    std::string architecture; // "NovaForCausalLM"
    std::vector<SourceFile> sources; // transformers.models.<model_type>.modeling_<model_type> (and configuration_...)
    std::vector<KnownEntry> knownEntries; // every entry the database holds that is not rejected
    std::vector<std::pair<std::string, db::Json>> exampleEntries; // validated entries shown whole (without review)
};

// The task for a config: its text (pretty-printed from the parsed config), model_type and architecture, the
// database's entries (rejected ones left out), and LlamaRMSNorm / LlamaMLP / LlamaDecoderLayer as examples where
// the database holds them validated.
ArchitectureTask architectureTask(
    const model::ModelConfig& config, const db::LayeredDatabase& database, std::vector<SourceFile> sources = {});

// The family's source files: transformers.models.<model_type>.modeling_<model_type> (the file defining
// <architecture>) and configuration_<model_type> (the file defining any class), looked up in the roots and then in
// the package folder the interpreter names (pythonExecutable may be empty). Nothing is looked up unless model_type
// and the architecture are plain identifiers. message: what was not found, or empty.
std::vector<SourceFile> findModelingSources(const std::string& modelType, const std::string& architecture,
    const QList<source::SourceRoot>& roots, const QString& pythonExecutable = {}, QString* message = nullptr);

// The prompt (version kArchitecturePromptVersion): the rules, the config, the family's source, the definition
// format (resources/architectures/README.md from the resources), llama.json as a complete example, classes.json,
// the database's entries and the entry schema with examples, and the answer format: one JSON object
// {"architecture": {...}, "entries": {"<module key>": {...}, ...}} with entries only for classes the database lacks.
Prompt buildArchitecturePrompt(const ArchitectureTask& task);

// Extracting an answer

struct ArchitectureAnswerLimits
{
    std::size_t maxAnswerBytes = 2 * 1024 * 1024; // the whole reply
    std::size_t maxDefinitionBytes = 512 * 1024; // the definition as compact JSON
    std::size_t maxEntries = 32;
    int maxDepth = 64; // JSON nesting of the answer object (a definition nests about 2 per tree level)
    AnswerLimits entry; // each entry (draft.h): its size, its templates, ...
};

// The definition and the entries taken out of an answer. reasons: every reason there is none.
struct ExtractedArchitecture
{
    db::Json definition;
    std::vector<std::pair<std::string, db::Json>> entries; // normalized key (torch__nn__Linear), entry as given
    std::string notes; // the answer's optional "notes" (recorded with the draft)
    std::vector<std::string> reasons;
    bool ok() const { return reasons.empty(); }
};

// One answer object {"architecture": {...}, "entries": {...}, "notes": "..."} ("entries" and "notes" optional): in
// the ```json (or plain ```) fenced blocks when the reply has any (exactly one of them may hold an answer object),
// else the whole reply or, with prose around it, the text from its first '{' to its last '}'. Refused: over a limit,
// not UTF-8, not JSON (with line and column), nested too deeply, duplicate keys, no answer object, two answer
// objects, fields other than those three, entries that are not objects, whose keys are no module keys (two keys
// naming one module included) or whose templates are over the limit.
ExtractedArchitecture extractArchitectureAnswer(std::string_view answer, const ArchitectureAnswerLimits& limits = {});

// Checking

// What a draft is checked against.
struct ArchitectureCheckContext
{
    model::ModelConfig config; // the config it must build (architectures[0] names the definition)
    // Where the checkpoint (model.safetensors, or the index and its shards) or a module-tree dump lies. Empty: the
    // config's folder (a model folder, or a snapshot of the local Hugging Face cache); none for a built-in config.
    QString modelFolder;
    // A module-tree dump (dump_module_tree.py) to compare with, besides any *.json dump found in the model folder.
    QString moduleDump;
    // The definitions in use (built-in and the user's): names a built-in definition serves are refused.
    const model::ArchitectureRegistry* registry = nullptr;
    // The user's architecture folder: a file there that already serves a name is refused (unless it is the file
    // the draft would replace, or a rejected one). Empty: not checked.
    QString userFolder;
    // The module database, for the entries: every leaf class of the tree needs an entry (in the database or the
    // answer), and an answer's entry must be for a class of the tree the database lacks. Null: not checked.
    const db::LayeredDatabase* database = nullptr;
};

// The outcome of a check: every refusal, and what was built and compared.
struct ArchitectureCheck
{
    std::vector<Refusal> refusals; // rules: "answer", "definition", "architectures", "builtin", "user_file",
                                   // "build", "checkpoint", "dump", "entries"
    db::Json definition; // as it would land (sanitized: the answer's own validation and history dropped)
    std::optional<model::ModuleTree> tree; // the tree for the config, when it builds
    std::optional<model::Checkpoint> checkpoint; // the checkpoint (or a dump's tensors) compared with
    std::optional<model::CheckpointComparison> comparison;
    QString comparedWith; // the files compared with ("" when none was found)
    std::vector<std::string> notes; // what could not be compared, and why (no checkpoint, missing shards)
    bool ok() const { return refusals.empty(); }
};

// The definition without what an answer may not claim (validation, history).
db::Json sanitizeArchitectureDraft(db::Json definition);

// Checks a definition: format 1; architectures[0] is the config's, every name a plain identifier, none served by a
// built-in definition nor by another user file; it loads with the real loader (ArchitectureRegistry::load on a
// temporary folder beside the built-in definitions); it builds a tree for the config; and where the model folder
// holds safetensors headers (or an index and shards) or a module-tree dump, the tree's tensor names, shapes and
// exact parameter count equal them, with no checkpoint tensor left unexplained (buffers such as inv_freq excepted).
// With a database, the entries as described at ArchitectureCheckContext::database. Every reason is listed.
ArchitectureCheck checkArchitectureDraft(const db::Json& definition, const ArchitectureCheckContext& context,
    const std::vector<std::pair<std::string, db::Json>>& entries = {});

// Landing

// The file a definition lands in: <userFolder>/<architectures[0] lower-case>.json (empty when the name is no plain
// identifier).
QString architectureDraftPath(const db::Json& definition, const QString& userFolder);

// Writes the definition (sanitized) to architectureDraftPath() atomically, with validation {pending, "agent:<id>",
// today} and a history revision {action "draft", the prompt's version and hash, notes}. An existing file is
// replaced only when it is itself an agent draft of the same architecture that no person approved (its history
// begins with a draft, its status is not validated); its history is kept. Returns the file, or why not.
std::variant<QString, std::string> landArchitectureDraft(const db::Json& definition, const DraftOrigin& origin,
    const QString& userFolder, const QDateTime& now = QDateTime::currentDateTimeUtc(), const QString& notes = {});

// What landing a whole answer did.
struct ArchitectureLanding
{
    std::vector<Refusal> refusals; // every reason nothing landed
    QString file; // the definition written
    std::vector<std::string> entryKeys; // the entries added to the session (pending), in the order added
    ArchitectureCheck check;
    bool ok() const { return refusals.empty(); }
};

// Lands a whole answer or nothing: checks the definition (checkArchitectureDraft, with the session's database) and
// every entry (sanitizeDraft + checkDraft on the model the definition builds, each against the session's database
// with the answer's other entries it calls, in dependency order) before anything is written; then adds the entries
// to the session as pending drafts (DatabaseSession::addDraft), writes the definition, and, when saveDatabase, saves
// the session. A failure on the way takes back what was done (the session's entries, the definition file).
ArchitectureLanding landArchitectureAnswer(const ExtractedArchitecture& answer, const ArchitectureCheckContext& context,
    db::DatabaseSession& session, const DraftOrigin& origin, const QString& userFolder, bool saveDatabase = true,
    const QDateTime& now = QDateTime::currentDateTimeUtc(), const AnswerLimits& limits = {});

// Reviewing

// Sets a user definition's validation {status, reviewer, today's date, notes (null when empty)} and appends a history
// revision (action "validate", "request_changes", "reject" or "edit" for pending, with the changed fields), written
// atomically; nothing is written when nothing changes. Refused: a built-in definition, a file that is not a
// definition, an empty reviewer. Returns why not, or nullopt.
std::optional<std::string> reviewArchitecture(const QString& file, model::ArchitectureStatus status,
    const QString& reviewer, const QString& notes, const QDateTime& now = QDateTime::currentDateTimeUtc());

// The module tree as `lmp inspect` prints it: a header (parameters, modules), then one line per module with its
// indented name, class (transformers.models.* shortened to the class name) and inclusive parameters; runs of
// numbered children that share one node print once ("0-31  x32" under "layers", parameters "each").
QString moduleTreeText(const model::ModuleTree& tree, const QString& title = {}, int maxDepth = -1);
// "matches: 12 tensors, 107,072 parameters" or the differences (missing, extra, shapes), each list capped.
QString comparisonText(
    const model::CheckpointComparison& comparison, const model::Checkpoint& checkpoint, std::size_t cap = 10);

// What the review UI shows for a definition on a config.
struct ArchitectureSummary
{
    std::string error; // the definition does not build for the config (the message), else empty
    std::optional<model::ModuleTree> tree;
    QString treeText; // moduleTreeText()
    std::optional<model::Checkpoint> checkpoint;
    std::optional<model::CheckpointComparison> comparison;
    QString comparisonText; // comparisonText(), or why there is nothing to compare with
};
// Builds the definition (whatever its status) for the config with the registry's shared classes, and compares the
// tree with the checkpoint of modelFolder (empty: the config's folder).
ArchitectureSummary summarizeArchitecture(const model::Architecture& definition,
    const model::ArchitectureRegistry& registry, const model::ModelConfig& config, const QString& modelFolder = {});

} // namespace lmp::agent
