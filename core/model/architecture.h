// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "modelconfig.h"
#include "moduletree.h"

#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::model {

// The review status of a definition ("validation": {"status": ...}). A file without one is validated (the built-in
// definitions, and definitions a person wrote); an agent's draft lands as pending.
enum class ArchitectureStatus { Validated, Pending, NeedsChanges, Rejected };
// "validated", "pending", "needs_changes", "rejected" (the module database's names)
std::string_view architectureStatusName(ArchitectureStatus status);
std::optional<ArchitectureStatus> architectureStatusFromName(std::string_view name);

// One architecture definition file (resources/architectures/*.json): the module hierarchy of a family as data.
struct Architecture
{
    QString file;
    nlohmann::ordered_json json;
    std::vector<std::string> names; // the config.architectures[0] values it builds
    bool builtin = false; // shipped in the program's resources
    ArchitectureStatus status = ArchitectureStatus::Validated;
    // From "validation" (empty when absent or null).
    std::string validator;
    std::string date;
    std::string notes;
};

// The architecture definitions: the built-in ones and those of user folders (a user file wins for a name).
class ArchitectureRegistry
{
public:
    static constexpr const char* kBuiltinFolder = ":/lmp/architectures";
    // Loads every definition of the folders (built-in first). A file that cannot be read is an error, and so is a
    // "validation" that is not {"status": "pending" | "validated" | "rejected" | "needs_changes", ...}. A rejected
    // definition is kept (definitions()) but never used: find() does not return it, and build() says it is rejected.
    // The built-in folder comes first; its definitions are read when a name they build is first asked for (their
    // names come from an index made at build time), with the same results as reading them all at once.
    static std::variant<ArchitectureRegistry, ModelError> load(const QStringList& folders);
    static std::variant<ArchitectureRegistry, ModelError> loadBuiltin(const QStringList& userFolders = {});
    // The user folder for definitions (in the user's data folder).
    static QString defaultUserFolder();

    // One definition as load() reads it (parsed, its names and its review status checked); builtin is set for a
    // path in the resources (":/...").
    static std::variant<Architecture, ModelError> readDefinition(const QString& path);
    static std::variant<Architecture, ModelError> parseDefinition(nlohmann::ordered_json json, const QString& path);

    // The definition used for a name: the last folder's that is not rejected.
    const Architecture* find(const std::string& architectureName) const;
    // The built-in definition of a name, whether or not a user file overrides it.
    const Architecture* findBuiltin(const std::string& architectureName) const;
    // A rejected definition of a name that no usable definition serves, or nullptr.
    const Architecture* findRejected(const std::string& architectureName) const;
    std::vector<std::string> architectureNames() const;
    // Every definition loaded, in load order, rejected ones included.
    const std::vector<std::shared_ptr<Architecture>>& definitions() const;

    ArchitectureRegistry();
    ~ArchitectureRegistry();
    ArchitectureRegistry(const ArchitectureRegistry& other);
    ArchitectureRegistry& operator=(const ArchitectureRegistry& other);
    ArchitectureRegistry(ArchitectureRegistry&&) noexcept;
    ArchitectureRegistry& operator=(ArchitectureRegistry&&) noexcept;

    // Builds the module tree of a config: its architecture's hierarchy, evaluated on the config's fields.
    std::variant<ModuleTree, ModelError> build(const ModelConfig& config) const;
    // The same with a given definition (whatever its status or names), with the registry's shared classes.
    std::variant<ModuleTree, ModelError> build(const ModelConfig& config, const Architecture& architecture) const;

private:
    struct Lazy;
    // Registers a definition read in load order rank (the built-in files first, by name, then the user folders').
    void add(std::shared_ptr<Architecture> arch, int rank) const;
    // Reads the built-in definitions not read yet that build name (every one for an empty name).
    void readPending(const std::string& name) const;

    mutable std::vector<std::shared_ptr<Architecture>> m_architectures;
    mutable std::map<std::string, std::shared_ptr<Architecture>> m_byName;
    mutable std::map<std::string, std::shared_ptr<Architecture>> m_builtinByName;
    mutable std::map<std::string, std::shared_ptr<Architecture>> m_rejectedByName;
    std::unique_ptr<Lazy> m_lazy;
    nlohmann::ordered_json m_classes = nlohmann::ordered_json::object(); // classes.json, shared by every family
    nlohmann::ordered_json m_switches = nlohmann::ordered_json::object(); // classes.json's "switches" (ACT2FN)
    QString m_classesFile;
};

} // namespace lmp::model
