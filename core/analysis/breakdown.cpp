// SPDX-License-Identifier: GPL-3.0-or-later
#include "breakdown.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>

namespace lmp::analysis {

namespace {

bool numbered(const std::string& name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
}

} // namespace

RooflinePosition rooflinePosition(const Figures& f, const hardware::Profile* hw, Dtype actDtype)
{
    RooflinePosition p;
    const auto bytes = trafficBytes(f);
    const double flops = f[Kind::Flops] ? f[Kind::Flops]->toDouble() : 0.0;
    if (f[Kind::Flops] && bytes && bytes->toDouble() > 0)
        p.intensity = flops / bytes->toDouble();
    if (!hw)
        return p;
    p.seconds = rooflineSeconds(f, *hw, actDtype);
    if (p.seconds > 0)
        p.attained = flops / p.seconds;
    if (!hw->hasCompute() || hw->bandwidth <= 0 || !f[Kind::Flops] || !bytes)
        return p;
    const std::string dtype(dtypeName(actDtype));
    const double matmul = f[Kind::MatmulFlops] ? f[Kind::MatmulFlops]->toDouble() : 0.0;
    double compute = 0;
    if (hw->matrixPeak(dtype) > 0)
        compute += std::max(0.0, matmul) / hw->matrixPeak(dtype);
    if (hw->vectorPeak(dtype) > 0)
        compute += std::max(0.0, flops - matmul) / hw->vectorPeak(dtype);
    const double memory = std::max(0.0, bytes->toDouble()) / hw->bandwidth;
    if (compute > 0 || memory > 0)
        p.bound = compute >= memory ? Bound::Compute : Bound::Memory;
    return p;
}

std::vector<Int> instanceCounts(const model::ModuleTree& tree)
{
    std::vector<Int> counts(tree.storedNodes(), 0);
    if (counts.empty())
        return counts;
    counts[tree.root()] = 1;
    // Stored nodes are created children first: a parent's id is larger than its children's.
    for (model::NodeId id = static_cast<model::NodeId>(tree.storedNodes()); id-- > 0;) {
        if (counts[id] == 0)
            continue;
        for (const auto& c : tree.node(id).children)
            counts[c.node] += counts[id];
    }
    return counts;
}

std::vector<ClassShare> breakdownByClass(
    const model::ModuleTree& tree, const AnalysisResult& result, const hardware::Profile* hw, Dtype /*actDtype*/)
{
    const auto counts = instanceCounts(tree);
    // Expected time over every instance: a fused group's members take their share from their parent.
    std::vector<double> inclusiveTime(tree.storedNodes(), 0.0), childTime(tree.storedNodes(), 0.0);
    if (hw && result.nodes.size() == tree.storedNodes() && tree.storedNodes() > 0) {
        inclusiveTime[tree.root()] = result.nodes[tree.root()].expectedSeconds;
        for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
            if (counts[id] == 0)
                continue;
            const model::Node& node = tree.node(id);
            for (std::size_t i = 0; i < node.children.size(); ++i) {
                const double t = instanceTime(result, node, id, i).expected * static_cast<double>(counts[id]);
                inclusiveTime[node.children[i].node] += t;
                childTime[id] += t;
            }
        }
    }
    std::map<std::string, ClassShare> byClass;
    for (model::NodeId id = 0; id < tree.storedNodes() && id < result.nodes.size(); ++id) {
        if (counts[id] == 0)
            continue;
        const model::Node& node = tree.node(id);
        const NodeAnalysis& a = result.nodes[id];
        const Figures& own = node.children.empty() ? a.inclusive : a.self;
        ClassShare& share = byClass[node.classPath];
        if (share.classPath.empty()) {
            share.classPath = node.classPath;
            share.self = zeroFigures();
        }
        share.self = sum(share.self, scaled(own, counts[id]));
        share.instances += counts[id];
        if (hw)
            share.seconds += std::max(0.0, inclusiveTime[id] - childTime[id]);
    }
    std::vector<ClassShare> out;
    for (auto& [name, share] : byClass) {
        bool any = share.seconds > 0;
        for (Kind k : formula::kAllKinds) {
            if (k != Kind::Params && (!share.self[k] || share.self[k]->toDouble() != 0))
                any = true;
        }
        if (any)
            out.push_back(std::move(share));
    }
    auto flops = [](const ClassShare& s) { return s.self[Kind::Flops] ? s.self[Kind::Flops]->toDouble() : -1.0; };
    std::stable_sort(
        out.begin(), out.end(), [&](const ClassShare& a, const ClassShare& b) { return flops(a) > flops(b); });
    return out;
}

std::vector<LayerShare> breakdownByLayer(const model::ModuleTree& tree, const AnalysisResult& result)
{
    std::vector<LayerShare> out;
    if (tree.storedNodes() == 0)
        return out;
    // The list of blocks: the shallowest node with numbered children (ties: the one with more of them).
    std::vector<std::size_t> path; // child positions from the root to that list
    std::vector<std::size_t> best;
    std::size_t bestCount = 0;
    std::function<void(model::NodeId)> search = [&](model::NodeId id) {
        const model::Node& n = tree.node(id);
        const auto count = static_cast<std::size_t>(
            std::count_if(n.children.begin(), n.children.end(), [](const auto& c) { return numbered(c.name); }));
        const bool better =
            bestCount == 0 || path.size() < best.size() || (path.size() == best.size() && count > bestCount);
        if (count >= 2 && better) {
            best = path;
            bestCount = count;
        }
        if (bestCount && path.size() >= best.size())
            return; // nothing deeper can win
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            if (numbered(n.children[i].name) && i > 0 && n.children[i].node == n.children[i - 1].node)
                continue;
            path.push_back(i);
            search(n.children[i].node);
            path.pop_back();
        }
    };
    search(tree.root());

    auto entry = [&](const std::string& name, model::NodeId id, int index) {
        const NodeAnalysis& a = result.nodes[id];
        out.push_back({ name, id, a.inclusive, a.expectedSeconds, index });
    };
    std::function<void(model::NodeId, const std::string&, std::size_t)> emit =
        [&](model::NodeId id, const std::string& prefix, std::size_t depth) {
            const model::Node& n = tree.node(id);
            for (std::size_t i = 0; i < n.children.size(); ++i) {
                const auto& c = n.children[i];
                const std::string full = prefix.empty() ? c.name : prefix + "." + c.name;
                if (bestCount && depth < best.size() && best[depth] == i) {
                    emit(c.node, full, depth + 1);
                    continue;
                }
                if (bestCount && depth == best.size() && numbered(c.name)) {
                    entry(full, c.node, c.name.size() < 9 ? std::stoi(c.name) : -1);
                    continue;
                }
                entry(full, c.node, -1);
            }
        };
    emit(tree.root(), {}, 0);
    if (out.empty())
        entry({}, tree.root(), -1);
    return out;
}

} // namespace lmp::analysis
