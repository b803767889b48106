// SPDX-License-Identifier: GPL-3.0-or-later
#include "session.h"

namespace lmp::cli {

int Session::models()
{
    for (const QString& id : model::builtinModelIds())
        m_out << id.toStdString() << "\n";
    return Success;
}

int Session::inspect()
{
    if (m_options.positional.size() != 2) {
        m_err << "lmp: inspect takes one MODEL (a config.json, a folder or a model id)\n";
        return BadInput;
    }
    if (!loadModelArgument())
        return BadInput;
    const model::LoadedModel& loadedModel = *m_model;
    const auto& checkpoint = loadedModel.checkpoint;
    const auto& comparison = loadedModel.comparison;
    if (m_options.format == "json")
        inspectJson(loadedModel, checkpoint, comparison);
    else
        inspectText(loadedModel);
    if (comparison) {
        if (m_options.format != "json") {
            m_out << "\ncheckpoint: " << checkpoint->files.size() << " file(s), " << checkpoint->tensors.size()
                  << " tensors, " << grouped(Number::integer(comparison->checkpointParams))
                  << " parameters of the tree, " << grouped(Number::integer(checkpoint->totalBytes())) << " bytes\n";
        }
        auto list = [&](const char* what, const std::vector<std::string>& names) {
            if (names.empty())
                return;
            m_err << "lmp: " << what << " (" << names.size() << "):";
            for (std::size_t i = 0; i < names.size() && i < 10; ++i)
                m_err << " " << names[i];
            m_err << (names.size() > 10 ? " ...\n" : "\n");
        };
        list("tensors of the tree missing from the checkpoint", comparison->missing);
        list("checkpoint tensors that are no parameter of the tree (buffers?)", comparison->extra);
        list("shapes that differ", comparison->shapeMismatches);
        for (const QString& shard : checkpoint->missingShards)
            m_err << "lmp: shard not downloaded: " << shard.toStdString() << "\n";
        if (!comparison->matches()) {
            m_err << "lmp: the checkpoint does not match the tree: tree "
                  << grouped(Number::integer(comparison->treeParams)) << " parameters, checkpoint "
                  << grouped(Number::integer(comparison->checkpointParams)) << "\n";
            return ProblemsFound;
        }
    }
    return Success;
}

void Session::inspectJson(const model::LoadedModel& loadedModel, const std::optional<model::Checkpoint>& checkpoint,
    const std::optional<model::CheckpointComparison>& comparison)
{
    report::JsonWriter w;
    w.beginObject();
    const model::ModuleTree& tree = loadedModel.tree;
    w.key("model").value(loadedModel.name.toStdString());
    w.key("architecture").value(loadedModel.architecture);
    w.key("params").value(Number::integer(tree.totalParams()));
    w.key("modules").value(Number::integer(tree.moduleCount()));
    if (checkpoint && comparison) {
        auto names = [&](const char* key, const std::vector<std::string>& list) {
            w.key(key).beginArray();
            for (const auto& n : list)
                w.value(n);
            w.endArray();
        };
        w.key("checkpoint").beginObject();
        w.key("files").value(static_cast<std::int64_t>(checkpoint->files.size()));
        w.key("tensors").value(static_cast<std::int64_t>(checkpoint->tensors.size()));
        w.key("params").value(Number::integer(comparison->checkpointParams));
        w.key("bytes").value(Number::integer(checkpoint->totalBytes()));
        w.key("matches").value(comparison->matches());
        names("missing", comparison->missing);
        names("extra", comparison->extra);
        names("shape_mismatches", comparison->shapeMismatches);
        w.endObject();
    }
    w.key("tree");
    std::function<void(const std::string&, const std::string&, model::NodeId, int)> emit =
        [&](const std::string& name, const std::string& fullName, model::NodeId id, int depth) {
            const model::Node& n = tree.node(id);
            w.beginObject();
            w.key("name").value(fullName);
            w.key("class").value(n.classPath);
            w.key("params").value(Number::integer(n.inclusiveParams));
            if (!n.params.empty()) {
                w.key("attributes").beginObject();
                for (const auto& p : n.params)
                    if (p.deferred())
                        w.key(p.name).value(p.expression);
                    else
                        w.key(p.name).value(p.value);
                w.endObject();
            }
            if (!n.tensors.empty()) {
                w.key("tensors").beginArray();
                for (const auto& t : n.tensors) {
                    w.beginObject().key("name").value(t.name).key("shape").beginArray();
                    for (auto d : t.shape)
                        w.value(Number::integer(d));
                    w.endArray();
                    if (!t.tiedTo.empty())
                        w.key("tied_to").value(t.tiedTo);
                    w.endObject();
                }
                w.endArray();
            }
            if (!n.children.empty() && (m_options.depth < 0 || depth < m_options.depth)) {
                w.key("children").beginArray();
                for (const auto& c : n.children)
                    emit(c.name, fullName.empty() ? c.name : fullName + "." + c.name, c.node, depth + 1);
                w.endArray();
            }
            w.endObject();
            (void)name;
        };
    emit({}, {}, tree.root(), 0);
    w.endObject();
    m_out << w.str();
}

void Session::inspectText(const model::LoadedModel& loadedModel)
{
    const model::ModuleTree& tree = loadedModel.tree;
    m_out << loadedModel.name.toStdString() << "  (" << loadedModel.architecture << ")\n";
    // "6,738,415,616 parameters (6.74 G)"; below 1000 the exact figure alone.
    const std::string shortParams = si(Number::integer(tree.totalParams()));
    m_out << grouped(Number::integer(tree.totalParams())) << " parameters"
          << (shortParams.empty() ? std::string() : " (" + shortParams + ")") << ", "
          << grouped(Number::integer(tree.moduleCount())) << " modules\n\n";
    m_out << model::treeTable(tree, m_options.depth, m_options.expand);
}

} // namespace lmp::cli
