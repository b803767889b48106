// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the config reader and the tree builder over every built-in architecture definition, and the
// module-tree dump importer: arbitrary text must give a module tree or a clear error, never a crash, a hang
// or an exception.

#include "analysis/analysis.h"
#include "db/layereddatabase.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace lmp::model;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const ArchitectureRegistry registry = [] {
        auto loaded = ArchitectureRegistry::loadBuiltin();
        if (!std::holds_alternative<ArchitectureRegistry>(loaded))
            __builtin_trap();
        return std::get<ArchitectureRegistry>(std::move(loaded));
    }();
    const std::string text(reinterpret_cast<const char*>(data), size);
    // The same bytes as a module-tree dump (dump_module_tree.py's JSON).
    if (isModuleDump(text)) {
        auto dumped = importModuleDump(text, QStringLiteral("fuzz/dump.json"));
        if (auto* e = std::get_if<ModelError>(&dumped))
            (void)e->describe();
        else
            (void)std::get<ModuleTree>(dumped).totalParams();
    }
    auto parsed = parseModelConfig(text, QStringLiteral("fuzz/config.json"));
    if (auto* e = std::get_if<ModelError>(&parsed)) {
        (void)e->describe();
        return 0;
    }
    auto built = registry.build(std::get<ModelConfig>(parsed));
    if (auto* e = std::get_if<ModelError>(&built)) {
        (void)e->describe();
        return 0;
    }
    const ModuleTree& tree = std::get<ModuleTree>(built);
    (void)tree.totalParams();
    // And the analysis of that tree with the built-in database, prefill and decode.
    static const lmp::formula::Library library = [] {
        auto db = lmp::db::LayeredDatabase::withBuiltin(QString());
        if (!std::holds_alternative<lmp::db::LayeredDatabase>(db))
            __builtin_trap();
        return lmp::formula::Library::build(std::get<lmp::db::LayeredDatabase>(db).moduleSpecs());
    }();
    lmp::analysis::Settings settings;
    settings.batch = 2;
    settings.seq = 16;
    (void)lmp::analysis::analyze(tree, library, settings);
    settings.phase = lmp::analysis::Phase::Decode;
    settings.seq = 1;
    settings.past = 15;
    settings.eagerAttention = true;
    (void)lmp::analysis::analyze(tree, library, settings);
    // Walk a bounded number of instances: a legal config may have millions of modules.
    int visited = 0;
    tree.walk([&](const std::string&, const Node&, int) { return ++visited < 5000; });
    return 0;
}
