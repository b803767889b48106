// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modelconfig.h"
#include "moduletree.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace lmp::model {

// One architecture definition file (resources/architectures/*.json): the module hierarchy of a family as data.
struct Architecture
{
    QString file;
    nlohmann::ordered_json json;
    std::vector<std::string> names; // the config.architectures[0] values it builds
};

// The architecture definitions: the built-in ones and those of user folders (a user file wins for a name).
class ArchitectureRegistry
{
public:
    static constexpr const char* kBuiltinFolder = ":/lmp/architectures";
    // Loads every definition of the folders (built-in first). A file that cannot be read is an error.
    static std::variant<ArchitectureRegistry, ModelError> load(const QStringList& folders);
    static std::variant<ArchitectureRegistry, ModelError> loadBuiltin(const QStringList& userFolders = {});
    // The user folder for definitions (in the user's data folder).
    static QString defaultUserFolder();

    const Architecture* find(const std::string& architectureName) const;
    std::vector<std::string> architectureNames() const;

    // Builds the module tree of a config: its architecture's hierarchy, evaluated on the config's fields.
    std::variant<ModuleTree, ModelError> build(const ModelConfig& config) const;

private:
    std::vector<std::shared_ptr<Architecture>> m_architectures;
    std::map<std::string, std::shared_ptr<Architecture>> m_byName;
    nlohmann::ordered_json m_classes = nlohmann::ordered_json::object(); // classes.json, shared by every family
    QString m_classesFile;
};

} // namespace lmp::model
