// SPDX-License-Identifier: GPL-3.0-or-later
#include "modelloader.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <unordered_map>

namespace lmp::model {

namespace {

using Json = nlohmann::json;
constexpr std::size_t kMaxDumpModules = 2'000'000;

} // namespace

std::string LoadedModel::architectureNote() const
{
    if (!architectureStatus || *architectureStatus == ArchitectureStatus::Validated)
        return {};
    const std::string file = architectureFile.toStdString();
    switch (*architectureStatus) {
    case ArchitectureStatus::Pending:
        return "architecture definition pending review (" + file + ")";
    case ArchitectureStatus::NeedsChanges:
        return "architecture definition needs changes (" + file + ")";
    case ArchitectureStatus::Rejected: // never used to build a tree; for completeness
        return "architecture definition rejected (" + file + ")";
    case ArchitectureStatus::Validated:
        break;
    }
    return {};
}

bool isModuleDump(const std::string& text)
{
    // Cheap sniff before a full parse: the format tag sits near the top of the file.
    if (text.substr(0, 4096).find("lmp-module-dump") == std::string::npos)
        return false;
    const Json json = Json::parse(text, nullptr, false);
    return json.is_object() && json.value("format", std::string()) == "lmp-module-dump";
}

std::variant<ModuleTree, ModelError> importModuleDump(
    const std::string& text, const QString& path, std::string* architecture)
{
    const Json json = Json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object())
        return ModelError { path, {}, "not valid JSON" };
    if (json.value("version", 0) != 1)
        return ModelError { path, "version", "this module dump version is not supported (expected 1)" };
    const auto modulesIt = json.find("modules");
    if (modulesIt == json.end() || !modulesIt->is_array() || modulesIt->empty())
        return ModelError { path, "modules", "expected the list of named_modules()" };
    if (modulesIt->size() > kMaxDumpModules)
        return ModelError { path, "modules", "more than 2,000,000 modules" };
    if (architecture) {
        const auto a = json.find("architecture");
        *architecture = a != json.end() && a->is_string() ? a->get<std::string>() : std::string();
    }
    std::unordered_map<std::string, std::string> tied;
    if (const auto t = json.find("tied"); t != json.end() && t->is_object()) {
        for (const auto& [name, target] : t->items()) {
            if (target.is_string())
                tied[name] = target.get<std::string>();
        }
    }
    const auto& modules = *modulesIt;
    // Parents precede children in named_modules() order, so building from the end sees children first.
    std::unordered_map<std::string, std::vector<ChildRef>> pendingChildren;
    ModuleTree tree;
    std::optional<NodeId> root;
    for (std::size_t k = modules.size(); k-- > 0;) {
        const Json& m = modules[k];
        const std::string where = "modules[" + std::to_string(k) + "]";
        if (!m.is_object() || !m.contains("name") || !m["name"].is_string() || !m.contains("class")
            || !m["class"].is_string())
            return ModelError { path, where, "expected {name, class, attributes, parameters}" };
        const std::string name = m["name"].get<std::string>();
        Node node;
        node.classPath = m["class"].get<std::string>();
        if (const auto a = m.find("attributes"); a != m.end() && a->is_object()) {
            for (const auto& [key, value] : a->items()) {
                if (value.is_boolean())
                    node.params.push_back({ key, formula::Number::integer(value.get<bool>() ? 1 : 0), {} });
                else if (value.is_number_integer())
                    node.params.push_back({ key, formula::Number::integer(value.get<std::int64_t>()), {} });
                else if (value.is_number_float())
                    node.params.push_back({ key, formula::Number::real(value.get<double>()), {} });
            }
        }
        if (const auto p = m.find("parameters"); p != m.end() && p->is_array()) {
            for (const auto& t : *p) {
                if (!t.is_object() || !t.contains("name") || !t["name"].is_string() || !t.contains("shape")
                    || !t["shape"].is_array())
                    return ModelError { path, where + ".parameters", "expected {name, shape, dtype}" };
                Tensor tensor;
                tensor.name = t["name"].get<std::string>();
                Int elements = 1;
                for (const auto& d : t["shape"]) {
                    if (!d.is_number_integer() || d.get<std::int64_t>() < 0
                        || d.get<std::int64_t>() > (std::int64_t(1) << 40))
                        return ModelError { path, where + ".parameters." + tensor.name,
                            "sizes must be non-negative integers" };
                    tensor.shape.push_back(d.get<std::int64_t>());
                    elements *= d.get<std::int64_t>();
                    if (elements > (Int(1) << 50))
                        return ModelError { path, where + ".parameters." + tensor.name, "absurdly large tensor" };
                }
                const std::string full = name.empty() ? tensor.name : name + "." + tensor.name;
                if (const auto it = tied.find(full); it != tied.end())
                    tensor.tiedTo = it->second;
                node.tensors.push_back(std::move(tensor));
            }
        }
        // A module's bias is a parameter (or None), never an attribute: the dump says it by listing the tensor.
        // Linear, the convolutions and the norms bind "bias" from that, as the configs' definitions do.
        if (std::none_of(node.params.begin(), node.params.end(), [](const NodeParam& p) { return p.name == "bias"; })) {
            const bool hasBias =
                std::any_of(node.tensors.begin(), node.tensors.end(), [](const Tensor& t) { return t.name == "bias"; });
            const bool hasWeight = std::any_of(
                node.tensors.begin(), node.tensors.end(), [](const Tensor& t) { return t.name == "weight"; });
            if (hasBias || hasWeight)
                node.params.push_back({ "bias", formula::Number::integer(hasBias ? 1 : 0), {} });
        }
        if (const auto it = pendingChildren.find(name); it != pendingChildren.end()) {
            node.children.assign(it->second.rbegin(), it->second.rend());
            pendingChildren.erase(it);
        }
        const NodeId id = tree.add(std::move(node));
        if (name.empty()) {
            root = id;
            continue;
        }
        const auto dot = name.rfind('.');
        const std::string parent = dot == std::string::npos ? std::string() : name.substr(0, dot);
        pendingChildren[parent].push_back({ dot == std::string::npos ? name : name.substr(dot + 1), id });
    }
    if (!root)
        return ModelError { path, "modules", "no root module (the entry named \"\")" };
    if (!pendingChildren.empty())
        return ModelError { path, "modules",
            "module '" + pendingChildren.begin()->second.front().name + "' has no parent '"
                + pendingChildren.begin()->first + "' listed before it" };
    tree.setRoot(*root);
    return tree;
}

std::variant<LoadedModel, ModelError> loadModel(const QString& source, const ArchitectureRegistry& registry)
{
    // A module-tree dump is a file of its own kind.
    if (QFileInfo(source).isFile()) {
        QFile f(source);
        if (f.open(QIODevice::ReadOnly) && f.size() < 1024 * 1024 * 1024) {
            const std::string text = f.readAll().toStdString();
            if (isModuleDump(text)) {
                LoadedModel model;
                model.name = source;
                auto tree = importModuleDump(text, source, &model.architecture);
                if (auto* e = std::get_if<ModelError>(&tree))
                    return *e;
                model.tree = std::move(std::get<ModuleTree>(tree));
                return model;
            }
        }
    }
    auto config = loadModelConfig(source);
    if (auto* e = std::get_if<ModelError>(&config))
        return *e;
    LoadedModel model;
    model.config = std::move(std::get<ModelConfig>(config));
    model.name = model.config->modelId.isEmpty() ? model.config->path : model.config->modelId;
    model.architecture = model.config->architecture;
    auto tree = registry.build(*model.config);
    if (auto* e = std::get_if<ModelError>(&tree))
        return *e;
    model.tree = std::move(std::get<ModuleTree>(tree));
    if (const Architecture* arch = registry.find(model.architecture)) {
        model.architectureFile = arch->file;
        model.architectureStatus = arch->status;
    }
    if (!model.config->path.startsWith(u':')) {
        auto checkpoint = readCheckpointFolder(QFileInfo(model.config->path).absolutePath());
        if (auto* e = std::get_if<ModelError>(&checkpoint))
            return *e;
        if (!std::get<Checkpoint>(checkpoint).files.isEmpty()) {
            model.checkpoint = std::move(std::get<Checkpoint>(checkpoint));
            model.comparison = compareCheckpoint(model.tree, *model.checkpoint);
        }
    }
    return model;
}

} // namespace lmp::model
