// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "architecture.h"
#include "modelconfig.h"
#include "moduletree.h"
#include "safetensors.h"

#include <QString>

#include <optional>
#include <string>
#include <variant>

namespace lmp::model {

// A model ready for analysis: its module tree, and what it was read from.
struct LoadedModel
{
    QString name; // the model id, or the file read
    std::string architecture;
    std::optional<ModelConfig> config; // absent for a module-tree dump
    ModuleTree tree;
    std::optional<Checkpoint> checkpoint; // safetensors headers found beside the config
    std::optional<CheckpointComparison> comparison;
    // The architecture definition the tree was built from and its review status; empty and nullopt for a
    // module-tree dump. A built-in definition is validated.
    QString architectureFile;
    std::optional<ArchitectureStatus> architectureStatus;

    // "architecture definition pending review (FILE)", "architecture definition needs changes (FILE)"; empty when
    // the definition is validated (or there is none: a dump).
    std::string architectureNote() const;
};

// Reads a model from a config.json (a file, a folder, a cached or built-in model id) and builds its tree
// with the registry, or imports a module-tree dump (dump_module_tree.py's JSON). Safetensors headers beside
// a config are read and compared with the tree.
std::variant<LoadedModel, ModelError> loadModel(const QString& source, const ArchitectureRegistry& registry);

// Whether JSON text is a module-tree dump ({"format": "lmp-module-dump", ...}).
bool isModuleDump(const std::string& text);
// Builds the tree of a module-tree dump: modules in named_modules() order, their classes, attributes,
// parameter tensors and ties.
std::variant<ModuleTree, ModelError> importModuleDump(
    const std::string& text, const QString& path, std::string* architecture = nullptr);

} // namespace lmp::model
