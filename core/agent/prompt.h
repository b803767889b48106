// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The prompts the agent gets. Versioned: a draft records the version and the SHA-256 of the exact prompt it
// answered, and the user can see the prompt before anything is sent (lmp agent --dry-run, the window's preview).

#include "db/layereddatabase.h"
#include "formula/library.h"
#include "model/moduletree.h"
#include "source/sourcelocator.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace lmp::agent {

inline constexpr const char* kModulePromptVersion = "lmp-module-prompt/1";
inline constexpr const char* kArchitecturePromptVersion = "lmp-architecture-prompt/1";

struct Prompt
{
    QString version; // kModulePromptVersion, ...
    QString system;
    QString text;
    // "sha256:<64 hex>" of version + system + text, as recorded in a landed draft's history.
    QString hash() const;
};

// What the module prompt is about: a class without a database entry.
struct ModuleTask
{
    std::string modulePath; // "transformers.models.gpt_oss.modeling_gpt_oss.GptOssMLP"
    // The parameters the model's tree binds on nodes of this class: each distinct set once, with the instance
    // that shows it ("model.layers.0.mlp": hidden_size = 2880, ...). Empty without a model.
    struct Binding
    {
        std::string instance;
        std::vector<std::pair<std::string, std::string>> values; // name, value (as text)
    };
    std::vector<Binding> bindings;
    // The classes of the node's children (the entries it may call, whether the database has them or not).
    std::vector<std::string> childClasses;
};

// The parameter names an entry declares (flop_analysis, then memory_analysis), each once, in order.
std::vector<std::string> entryParameterNames(const db::Json& entry);

// The JSON shape of a module entry, as prompts show it, with the module's path filled in.
QString entrySchema(const QString& modulePath);

// Finds the class's source (the configured roots, then the Python interpreter's answer for its package) and
// builds the prompt: the class's code with its forward and the module-level helpers it uses (and theirs), the
// parameters the tree binds, the entry schema, the context variables, the entries it may call (with their
// parameters), and one or two validated entries as examples. `lookup` receives what the source search found.
Prompt buildModulePrompt(const ModuleTask& task, const db::LayeredDatabase& database,
    const QList<source::SourceRoot>& roots, const QString& pythonExecutable, source::SourceLookup* lookup = nullptr);

// The task for a class in a model: its instances' bindings and children's classes.
ModuleTask moduleTask(const model::ModuleTree& tree, const std::string& classPath);

// What the agent is asked to draft for a model: the classes of its modules (reachable from the root) that have no
// entry in the library, nor a rejected one. Containers without work of their own (torch.nn.ModuleList, ModuleDict,
// Sequential, ParameterList, ParameterDict) sum their children and are left out; every other class without an entry
// misses its own work (a residual add, a gating product), leaves and parents alike. Children before their parents,
// so that a parent's draft may call its children's entries.
std::vector<std::string> missingClasses(const model::ModuleTree& tree, const formula::Library& library);

} // namespace lmp::agent
