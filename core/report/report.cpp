// SPDX-License-Identifier: GPL-3.0-or-later
#include "report.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace lmp::report {

namespace {

std::vector<std::string> conventionsFor(const Report& r)
{
    const analysis::Settings& s = r.settings;
    std::vector<std::string> c;
    c.push_back("FLOPs count a multiply-add as 2 FLOPs, as torch.utils.flop_counter does (MACs are half of them).");
    c.push_back("matmul_flops are the FLOPs of matrix products (linear layers, convolutions, both attention products "
                "QK^T and PV); flops adds the elementwise work (norms, activations, softmax, rotary, residual adds).");
    switch (s.phase) {
    case analysis::Phase::Prefill:
        c.push_back("Prefill: one forward pass over the prompt's S new tokens per sequence"
            + std::string(s.past > 0 ? ", after P cached ones (attention covers P + S positions)" : "") + ".");
        break;
    case analysis::Phase::Decode:
        c.push_back("Decode: one forward step of S new tokens per sequence on a KV cache of P tokens; attention "
                    "covers P + S positions.");
        break;
    case analysis::Phase::Train:
        c.push_back("Training step: forward and backward; every matmul's backward counts as two matmuls of the "
                    "forward's size (torch.utils.flop_counter), so each figure is three times the forward's (bytes: "
                    "an estimate).");
        break;
    }
    c.push_back(s.eagerAttention
            ? "Eager attention: the B x heads x S x S_kv score matrix is materialized (written and read back)."
            : "Fused attention (SDPA / flash): both attention products are counted, the score matrix is never "
              "written to memory.");
    c.push_back(s.causalHalf ? "Causal attention is counted as fused kernels run it: masked blocks are skipped "
                               "(S x P + S x (S + 1) / 2 query-key pairs)."
                             : "Causal attention is counted over the full S x S_kv scores, as eager PyTorch and "
                               "torch.utils.flop_counter count it (the mask is applied, not skipped).");
    c.push_back(s.logitsLastOnly ? "The language-model head runs on the last position of each sequence only."
                                 : "The language-model head runs on every position.");
    c.push_back("Bytes: reads and writes are each module's inputs, weights and outputs at the chosen dtypes; "
                "intermediates are tensors a module writes and reads back inside itself. Memory traffic = reads + "
                "writes + 2 x intermediates.");
    c.push_back(r.storedWeights.empty() ? "Weights are " + std::string(analysis::dtypeName(s.weightDtype))
                + "; activations " + std::string(analysis::dtypeName(s.actDtype)) + "; KV cache "
                + std::string(analysis::dtypeName(s.kvDtype)) + "."
                                        : "Weights as the checkpoint stores them (" + r.storedWeights
                + "), scales included; activations " + std::string(analysis::dtypeName(s.actDtype)) + "; KV cache "
                + std::string(analysis::dtypeName(s.kvDtype)) + ".");
    c.push_back("Identical blocks (the decoder layers) are evaluated once and counted once per instance; every figure "
                "is exact integer arithmetic on the formulas of the module database.");
    c.push_back("Memory footprint: weights + KV cache (+ recurrent state) + the largest activation a single module "
                "writes or materializes.");
    if (r.hardware) {
        const auto& perf = r.hardware->performance;
        c.push_back(std::string(s.execution == analysis::Execution::Fused
                ? "Execution: fused, as an inference engine runs the model (QKV and gate/up as one GEMM, RMSNorm fused "
                  "with the residual add, the gate product in the activation kernel, flash attention"
                    + std::string(s.phase == analysis::Phase::Decode ? ", CUDA graphs" : "") + ")."
                : "Execution: eager, transformers' forward op by op as PyTorch runs it (one kernel per op)."));
        c.push_back(
            "The roofline bound per module: max(matmul FLOPs / matrix peak + other FLOPs / vector peak, traffic / "
            "memory bandwidth) at the datasheet's dense peaks for "
            + analysis::matrixDtypeKey(s)
            + (s.actDtype == analysis::Dtype::FP32 && !s.tf32 ? " (fp32 matmuls at the fp32 rate: TF32 is off)" : "")
            + ", over the execution's traffic: a lower bound on the measured time.");
        c.push_back("Expected time: each kernel at the efficiency measured kernels reach (GEMMs by shape, streaming "
                    "kernels, a floor per kernel, a launch cost per kernel"
            + std::string(s.execution == analysis::Execution::Fused && s.phase == analysis::Phase::Decode
                    ? ", replayed from a CUDA graph"
                    : "")
            + "); " + r.hardware->id + ": "
            + (perf.fitted ? "fitted to measured kernel times (" + perf.fit + ")"
                           : "documented defaults, not measured on this device")
            + (perf.fitted && !perf.defaulted.empty() ? "; launch costs are defaults" : "") + ".");
    }
    c.push_back("An unknown figure (no database entry, or a formula that failed) is shown as unknown, never as 0; "
                "totals leave that work out and say so.");
    return c;
}

} // namespace

std::string Report::weightsText() const
{
    return storedWeights.empty() ? std::string(analysis::dtypeName(settings.weightDtype))
                                 : "as stored (" + storedWeights + ")";
}

std::string Report::settingsLine() const
{
    const auto& s = settings;
    std::string out = std::string(analysis::phaseName(s.phase)) + ", batch " + formula::toString(s.batch) + ", "
        + formula::toString(s.seq) + (s.seq == 1 ? " new token, " : " new tokens, ")
        + formula::toString(s.phase == analysis::Phase::Train ? 0 : s.past) + " cached; weights " + weightsText()
        + ", activations " + std::string(analysis::dtypeName(s.actDtype)) + ", KV cache "
        + std::string(analysis::dtypeName(s.kvDtype)) + "; "
        + (s.eagerAttention && s.execution == analysis::Execution::Eager ? "eager" : "fused") + " attention";
    out += std::string("; ") + (s.execution == analysis::Execution::Fused ? "fused" : "eager") + " execution";
    if (s.tf32 && s.actDtype == analysis::Dtype::FP32)
        out += ", TF32";
    if (s.causalHalf)
        out += ", causal half";
    if (s.logitsLastOnly)
        out += ", logits of the last position";
    if (s.images > 0)
        out += "; " + formula::toString(s.images) + " image" + (s.images == 1 ? "" : "s") + " of "
            + formula::toString(s.imageWidth) + "x" + formula::toString(s.imageHeight);
    if (hardware)
        out += "; " + hardware->name;
    return out;
}

std::string Report::formulasLine() const
{
    std::string line = unreviewedEntries.empty() ? std::string("every formula used was validated")
                                                 : formula::toString(unreviewedModules)
            + (unreviewedModules == 1 ? " module uses" : " modules use") + " unreviewed formulas (";
    if (!unreviewedEntries.empty()) {
        for (std::size_t i = 0; i < unreviewedEntries.size(); ++i)
            line += (i ? ", " : "") + unreviewedEntries[i];
        line += ")";
    }
    if (validatedOnly)
        line += "; validated entries only";
    if (!excludedEntries.empty()) {
        line += "; not used: ";
        for (std::size_t i = 0; i < excludedEntries.size(); ++i)
            line += (i ? ", " : "") + excludedEntries[i];
    }
    return line;
}

Report makeReport(const model::LoadedModel& model, const formula::Library& library, const analysis::Settings& settings,
    const hardware::Profile* hardware, const analysis::AnalysisResult& result, const ReportOptions& options)
{
    const model::ModuleTree& tree = model.tree;
    Report r;
    r.model = model.name.toStdString();
    r.architecture = model.architecture;
    if (model.architectureStatus)
        r.architectureStatus = std::string(model::architectureStatusName(*model.architectureStatus));
    r.architectureNote = model.architectureNote();
    r.generator = options.generator;
    r.settings = settings;
    if (hardware)
        r.hardware = *hardware;
    r.validatedOnly = options.validatedOnly;

    const analysis::NodeAnalysis& total = result.node(tree.root());
    r.total = total.inclusive;
    r.total[Kind::Params] = Number::integer(tree.totalParams());
    r.params = tree.totalParams();
    r.modules = static_cast<Int>(tree.moduleCount());
    r.distinctModules = static_cast<Int>(tree.storedNodes());
    r.traffic = analysis::trafficBytes(total.inclusive);
    r.seconds = result.expectedSeconds;
    r.launchSeconds = result.launchSeconds;
    r.roofline = total.seconds;
    r.kernels = total.kernels;
    const auto position = analysis::rooflinePosition(total.inclusive, hardware, settings.actDtype);
    r.intensity = position.intensity;
    r.bound = position.bound;
    r.weightBytes = result.weightBytes;
    r.storedWeights = result.storedWeights;
    r.kvCacheBytes = result.kvCacheBytes;
    r.stateBytes = result.stateBytes;
    r.footprintBytes = result.footprintBytes;
    if (hardware && hardware->memoryBytes > 0 && result.footprintBytes)
        r.fitsMemory = result.footprintBytes->toDouble() <= hardware->memoryBytes;
    r.imageTokens = result.imageTokens;
    r.complete = total.complete;
    r.notes = result.notes;
    r.unreviewedEntries = result.unreviewedEntries;
    r.unreviewedModules = result.unreviewedModules;
    r.excludedEntries = result.excludedEntries;

    const double totalFlops = total.inclusive[Kind::Flops] ? total.inclusive[Kind::Flops]->toDouble() : 0;
    auto makeRow = [&](const std::string& full, const std::string& label, model::NodeId id, int depth, Int repeat,
                       const model::Node* parent, model::NodeId parentId, std::size_t index) {
        const model::Node& node = tree.node(id);
        const analysis::NodeAnalysis& a = result.node(id);
        Row row;
        row.name = full;
        row.label = label;
        row.depth = depth;
        row.repeat = repeat;
        row.classPath = node.classPath;
        row.node = id;
        row.params = node.inclusiveParams;
        row.figures = a.inclusive;
        row.figures[Kind::Params] = Number::integer(node.inclusiveParams);
        row.traffic = analysis::trafficBytes(a.inclusive);
        const auto times = parent ? analysis::instanceTime(result, *parent, parentId, index)
                                  : analysis::InstanceTime { a.expectedSeconds, a.seconds };
        row.seconds = times.expected;
        row.roofline = times.bound;
        const auto p = analysis::rooflinePosition(a.inclusive, hardware, settings.actDtype);
        row.intensity = p.intensity;
        row.bound = p.bound;
        if (totalFlops > 0 && a.inclusive[Kind::Flops])
            row.flopShare = a.inclusive[Kind::Flops]->toDouble() * static_cast<double>(repeat) / totalFlops;
        row.hasEntry = a.hasEntry;
        row.complete = a.complete;
        row.restsOnUnreviewed = a.restsOnUnreviewed;
        for (const formula::ModuleId u : a.unreviewed)
            row.unreviewed.push_back(formula::modulePathFromKey(library.key(u)));
        row.warnings = a.warnings;
        return row;
    };
    // Every instance in named_modules() order; numbered runs of one stored node collapsed unless expand.
    std::function<void(const std::string&, const std::string&, model::NodeId, int, Int, const model::Node*,
        model::NodeId, std::size_t)>
        visit = [&](const std::string& full, const std::string& label, model::NodeId id, int depth, Int repeat,
                    const model::Node* parent, model::NodeId parentId, std::size_t index) {
            r.rows.push_back(makeRow(full, label, id, depth, repeat, parent, parentId, index));
            if (options.depth >= 0 && depth >= options.depth)
                return;
            const model::Node& n = tree.node(id);
            for (std::size_t i = 0; i < n.children.size();) {
                std::size_t j = i + 1;
                const auto& name = n.children[i].name;
                const bool numbered = !name.empty()
                    && std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
                if (!options.expand && numbered) {
                    while (j < n.children.size() && n.children[j].node == n.children[i].node)
                        ++j;
                }
                const auto& c = n.children[i];
                const std::string childFull = full.empty() ? c.name : full + "." + c.name;
                if (j - i > 1)
                    visit(childFull, c.name + "-" + n.children[j - 1].name, c.node, depth + 1, static_cast<Int>(j - i),
                        &n, id, i);
                else
                    visit(childFull, c.name, c.node, depth + 1, 1, &n, id, i);
                i = j;
            }
        };
    visit({}, "(model)", tree.root(), 0, 1, nullptr, 0, 0);

    r.classes = analysis::breakdownByClass(tree, result, hardware, settings.actDtype);

    // The entries the figures rest on: each class's own entry and everything its templates call.
    const auto counts = analysis::instanceCounts(tree);
    std::map<formula::ModuleId, Int> direct;
    for (model::NodeId id = 0; id < tree.storedNodes() && id < result.nodes.size(); ++id) {
        if (!result.nodes[id].hasEntry)
            continue;
        if (const auto e = library.find(tree.node(id).classPath))
            direct[*e] += counts[id];
    }
    std::set<formula::ModuleId> used;
    std::vector<formula::ModuleId> stack;
    for (const auto& [e, n] : direct)
        stack.push_back(e);
    while (!stack.empty()) {
        const formula::ModuleId e = stack.back();
        stack.pop_back();
        if (!used.insert(e).second)
            continue;
        for (Kind kind : formula::kAllKinds) {
            for (const auto& key : library.calledModules(e, kind)) {
                if (const auto callee = library.find(key); callee && !used.count(*callee))
                    stack.push_back(*callee);
            }
        }
    }
    for (const formula::ModuleId e : used) {
        EntryUse u;
        u.key = library.key(e);
        u.modulePath = formula::modulePathFromKey(u.key);
        u.status = library.status(e);
        u.reviewer = library.validator(e);
        u.reviewDate = library.reviewDate(e);
        u.layer = library.layer(e);
        if (const auto it = direct.find(e); it != direct.end())
            u.instances = it->second;
        r.entries.push_back(std::move(u));
    }
    std::sort(r.entries.begin(), r.entries.end(), [](const EntryUse& a, const EntryUse& b) { return a.key < b.key; });

    for (model::NodeId id = 0; id < tree.storedNodes() && id < result.nodes.size(); ++id) {
        for (const auto& w : result.nodes[id].warnings)
            r.warnings.push_back(tree.node(id).classPath + ": " + w);
    }
    r.conventions = conventionsFor(r);
    return r;
}

std::string exactText(const Number& n)
{
    if (n.isInteger())
        return formula::grouped(n);
    const double v = n.toDouble();
    if (!std::isfinite(v) || std::fabs(v) >= 1e15)
        return n.toString();
    // A real (an average of bytes per weight makes byte counts real): grouped digits, two decimals at most.
    const double rounded = std::round(v * 100.0) / 100.0;
    const double whole = std::trunc(rounded);
    std::string out = formula::grouped(Number::integer(static_cast<Int>(whole)));
    if (rounded < 0 && whole == 0)
        out = "-" + out;
    const long cents = std::lround(std::fabs(rounded - whole) * 100.0);
    if (cents != 0) {
        out += "." + std::to_string(cents / 10);
        if (cents % 10 != 0)
            out += std::to_string(cents % 10);
    }
    return out;
}

std::string groupedText(const std::optional<Number>& n)
{
    return n ? exactText(*n) : std::string("-");
}

std::string decimalText(double v, int precision, bool fixed)
{
    char buffer[400]; // %.2f of the largest double takes 312
    const auto [end, error] = std::to_chars(
        buffer, buffer + sizeof buffer, v, fixed ? std::chars_format::fixed : std::chars_format::general, precision);
    if (error != std::errc())
        return "-";
    return std::string(buffer, end);
}

std::string siText(double v, const std::string& unit)
{
    if (!std::isfinite(v))
        return "-";
    const double a = std::fabs(v);
    static const char* prefixes[] = { "", "k", "M", "G", "T", "P", "E", "Z", "Y", "R", "Q" };
    int p = 0;
    double scaled = a;
    while (scaled >= 1000.0 && p < 10) {
        scaled /= 1000.0;
        ++p;
    }
    if (p == 0) {
        const std::string s = v == std::floor(v) ? std::to_string(static_cast<long long>(v)) : decimalText(v, 4, false);
        return unit.empty() ? s : s + " " + unit;
    }
    return decimalText(v < 0 ? -scaled : scaled, 2, true) + ' ' + prefixes[p] + unit;
}

std::string siText(const std::optional<Number>& n, const std::string& unit)
{
    if (!n)
        return "-";
    if (n->isInteger() && n->toInteger() < 1000 && n->toInteger() > -1000)
        return unit.empty() ? n->toString() : n->toString() + " " + unit;
    return siText(n->toDouble(), unit);
}

std::string secondsText(double s)
{
    if (s == 0)
        return "0";
    if (!std::isfinite(s))
        return "-";
    const char* units[] = { "s", "ms", "us", "ns" };
    int u = 0;
    while (std::fabs(s) < 1 && u < 3) {
        s *= 1000;
        ++u;
    }
    return decimalText(s, 4, false) + " " + units[u];
}

std::string percentText(double fraction)
{
    const double percent = fraction * 100;
    if (percent == 0 || std::fabs(percent) >= 0.1)
        return decimalText(percent, 1, true) + " %";
    if (std::fabs(percent) < 0.0001)
        return percent > 0 ? "<0.0001 %" : ">-0.0001 %";
    // Two significant digits, never in scientific notation: 0.023 %, 0.00065 %.
    const int decimals = std::clamp(1 - static_cast<int>(std::floor(std::log10(std::fabs(percent)))), 2, 5);
    return decimalText(percent, decimals, true) + " %";
}

std::string boundName(analysis::Bound bound)
{
    switch (bound) {
    case analysis::Bound::Compute:
        return "compute";
    case analysis::Bound::Memory:
        return "memory";
    default:
        return "-";
    }
}

std::string shortClass(const std::string& classPath)
{
    return classPath.rfind("transformers.models.", 0) == 0 ? classPath.substr(classPath.rfind('.') + 1) : classPath;
}

} // namespace lmp::report
