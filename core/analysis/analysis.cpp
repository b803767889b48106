// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysis.h"

#include "formula/evaluator.h"
#include "formula/program.h"
#include "formula/residual.h"

#include <algorithm>
#include <cmath>
#include <list>
#include <memory>
#include <tuple>
#include <unordered_map>

namespace lmp::analysis {

namespace {

bool negative(const std::optional<Number>& n)
{
    return n && (n->isInteger() ? n->toInteger() < 0 : n->toDouble() < 0);
}

// The node's params a call signature declares, by index in node.params.
std::vector<std::uint32_t> declaredParams(const model::Node& node, const std::vector<std::string>& signature)
{
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < node.params.size(); ++i) {
        if (std::find(signature.begin(), signature.end(), node.params[i].name) != signature.end())
            out.push_back(i);
    }
    return out;
}

std::string unevaluatedParam(const model::NodeParam& p)
{
    return "param " + p.name + " = " + p.expression + " does not evaluate";
}

// A node param's value: deferred ones (over B, S, T, ...) are evaluated on the settings, once per formula.
class ParamValues
{
public:
    ParamValues(const formula::Library& library, formula::Evaluator& evaluator)
        : m_library(library)
        , m_evaluator(evaluator)
    { }

    struct Deferred
    {
        std::shared_ptr<const formula::Program> program; // null when the expression does not compile
        std::optional<Number> value;
        // Recorded (Interpreter): the value and its register, nullopt when the recording could not follow it.
        bool recordTried = false;
        std::optional<std::pair<Number, std::uint32_t>> recorded;
    };
    Deferred& deferred(const model::NodeParam& p)
    {
        auto it = m_deferred.find(p.expression);
        if (it == m_deferred.end()) {
            Deferred d;
            d.program = m_library.compile(p.expression, p.name).program;
            if (d.program) {
                if (const auto r = m_evaluator.evaluate(*d.program); r.ok())
                    d.value = r.value();
            }
            it = m_deferred.emplace(p.expression, std::move(d)).first;
        }
        return it->second;
    }

    std::optional<Number> value(const model::NodeParam& p) { return p.deferred() ? deferred(p).value : p.value; }

    void clear() { m_deferred.clear(); }

    // The node's params the signature declares, by name.
    std::vector<formula::NamedValue> bindings(
        const model::Node& node, const std::vector<std::string>& signature, std::vector<std::string>* warnings)
    {
        std::vector<formula::NamedValue> out;
        for (const std::uint32_t i : declaredParams(node, signature)) {
            const auto& p = node.params[i];
            if (const auto v = value(p))
                out.push_back({ p.name, *v });
            else if (warnings)
                warnings->push_back(unevaluatedParam(p));
        }
        return out;
    }

private:
    const formula::Library& m_library;
    formula::Evaluator& m_evaluator;
    std::unordered_map<std::string, Deferred> m_deferred;
};

// What an analysis asks of the formula engine, in the order it asks: the context, deferred params, each node's
// bindings and its templates. The interpreter answers by evaluating (and can record what it did as a Plan); the
// replayer answers from a plan's residual program run once on the new context.
class Engine
{
public:
    virtual ~Engine() = default;
    virtual void setContext(const std::vector<formula::NamedValue>& context) = 0;
    virtual std::optional<Number> deferred(const model::NodeParam& p) = 0;
    virtual void clearRedirects() = 0;
    virtual void setRedirect(formula::ModuleId from, formula::ModuleId to) = 0;
    // The node's params its entry's signature declares (a deferred one that does not evaluate is named in warnings).
    virtual void bind(const model::Node& node, formula::ModuleId entry, std::vector<std::string>* warnings) = 0;
    virtual formula::Result<Number> evaluate(formula::ModuleId entry, Kind kind) = 0;
    virtual std::uint64_t templateEvaluations() const = 0;
    // The values of the node's templates from kind from on that the engine has at hand (a replayed plan's registers),
    // in kind order (has[k]: the entry has kind k's template), written into out, their steps taken: the first kind
    // with a template that it does not give, which evaluate() answers (kKindCount when none is left). Kinds without a
    // template are left as they are.
    virtual std::size_t plannedFigures(
        const std::array<bool, formula::kKindCount>& has, std::size_t from, Figures& /*out*/)
    {
        while (from < formula::kKindCount && !has[from])
            ++from;
        return from;
    }
};

// One analysis recorded: the residual program of every value it computed from the context, and the tape of what it
// asked in order (each answer a register, or "evaluate it again": an error, or what the recording could not follow).
struct Plan
{
    enum class Answer : std::uint8_t { Value, Evaluate, Bind };
    struct Step
    {
        const void* tag = nullptr; // the param, or the node
        int kind = -1; // the template's kind for an evaluation
        Answer answer = Answer::Evaluate;
        std::uint32_t reg = formula::Residual::kConstant;
        Number constant;
        std::vector<std::uint32_t> params; // Bind: the node's params the signature declares, by index
    };
    formula::Residual residual;
    std::vector<Step> tape;
    std::vector<std::pair<std::string, std::uint32_t>> context; // the context's names and their symbols, in order
    std::uint64_t templateEvaluations = 0;
    bool usable = true;
    std::vector<std::optional<Number>> symbols; // a replay's context by library symbol (reused)
    std::vector<Number> lastContext; // the context's values in order, for values evaluated again (rare: names later)
};

class Interpreter final : public Engine
{
public:
    Interpreter(const formula::Library& library, Plan* record)
        : m_library(library)
        , m_evaluator(library)
        , m_params(library, m_evaluator)
        , m_plan(record)
    { }

    void setContext(const std::vector<formula::NamedValue>& context) override
    {
        m_evaluator.setContext(context);
        m_params.clear();
        if (m_plan) {
            // A second context in one analysis (images join the sequence) is not replayed.
            m_plan->usable = m_plan->usable && m_plan->context.empty();
            for (const auto& v : context) {
                const auto symbol = m_library.symbol(v.name);
                m_plan->context.emplace_back(v.name, symbol.value_or(formula::kNoSymbol));
            }
        }
    }

    std::optional<Number> deferred(const model::NodeParam& p) override { return std::get<0>(deferredRecorded(p)); }

    void clearRedirects() override { m_evaluator.clearRedirects(); }
    void setRedirect(formula::ModuleId from, formula::ModuleId to) override { m_evaluator.setRedirect(from, to); }

    void bind(const model::Node& node, formula::ModuleId entry, std::vector<std::string>* warnings) override
    {
        m_bindings.clear();
        m_regs.clear();
        m_node = &node;
        std::vector<std::uint32_t> declared = declaredParams(node, m_library.signature(entry));
        if (m_plan)
            m_plan->tape.push_back({ &node, -1, Plan::Answer::Bind, formula::Residual::kConstant, {}, declared });
        m_regsKnown = true;
        for (const std::uint32_t i : declared) {
            const auto& p = node.params[i];
            const auto [v, reg, recorded] = deferredRecorded(p);
            // A binding the recording could not follow (or one that is absent here and may not be elsewhere):
            // the node's templates are evaluated again in each analysis.
            m_regsKnown = m_regsKnown && recorded && v;
            if (!v) {
                if (warnings)
                    warnings->push_back(unevaluatedParam(p));
                continue;
            }
            m_bindings.push_back({ p.name, *v });
            m_regs.push_back(reg);
        }
    }

    formula::Result<Number> evaluate(formula::ModuleId entry, Kind kind) override
    {
        auto r = m_evaluator.evaluate(entry, kind, m_bindings);
        if (m_plan) {
            Plan::Step step { m_node, static_cast<int>(kind), Plan::Answer::Evaluate, formula::Residual::kConstant, {},
                {} };
            if (r.ok() && m_regsKnown) {
                const auto recorded = m_evaluator.record(m_plan->residual, entry, kind, m_bindings, m_regs);
                if (recorded && identical(recorded->first, r.value())) {
                    step.answer = Plan::Answer::Value;
                    step.reg = recorded->second;
                    step.constant = recorded->first;
                }
            }
            m_plan->tape.push_back(std::move(step));
        }
        return r;
    }

    std::uint64_t templateEvaluations() const override { return m_evaluator.stats().templateEvaluations; }

private:
    // The value and, when recording, its register (kConstant for a value the same in every context) and whether
    // the recording followed it.
    std::tuple<std::optional<Number>, std::uint32_t, bool> deferredRecorded(const model::NodeParam& p)
    {
        if (!p.deferred())
            return { p.value, formula::Residual::kConstant, true };
        auto& d = m_params.deferred(p);
        if (!m_plan)
            return { d.value, formula::Residual::kConstant, false };
        if (!d.recordTried) {
            d.recordTried = true;
            if (d.value)
                d.recorded = m_evaluator.record(m_plan->residual, *d.program);
            if (d.recorded && !identical(d.recorded->first, *d.value))
                d.recorded.reset();
        }
        Plan::Step step { &p, -1, Plan::Answer::Evaluate, formula::Residual::kConstant, {}, {} };
        if (d.recorded) {
            step.answer = Plan::Answer::Value;
            step.reg = d.recorded->second;
            step.constant = d.recorded->first;
        }
        m_plan->tape.push_back(std::move(step));
        return { d.value, d.recorded ? d.recorded->second : formula::Residual::kConstant, d.recorded.has_value() };
    }

    const formula::Library& m_library;
    formula::Evaluator m_evaluator;
    ParamValues m_params;
    Plan* m_plan;
    std::vector<formula::NamedValue> m_bindings;
    std::vector<std::uint32_t> m_regs;
    const model::Node* m_node = nullptr;
    bool m_regsKnown = true;
};

class Replayer final : public Engine
{
public:
    Replayer(const formula::Library& library, Plan& plan)
        : m_library(library)
        , m_plan(plan)
    { }

    bool failed() const { return m_failed || m_next != m_plan.tape.size(); }

    void setContext(const std::vector<formula::NamedValue>& context) override
    {
        if (m_hasContext || context.size() != m_plan.context.size()) {
            m_failed = true;
            return;
        }
        // Each replay writes the same symbols (the names are the plan's, in its order): the others stay unset.
        if (m_plan.symbols.size() != m_library.symbolCount())
            m_plan.symbols.assign(m_library.symbolCount(), std::nullopt);
        for (std::size_t i = 0; i < context.size(); ++i) {
            const auto& [name, symbol] = m_plan.context[i];
            if (!sameName(context[i].name, name)) {
                m_failed = true;
                return;
            }
            if (symbol != formula::kNoSymbol)
                m_plan.symbols[symbol] = context[i].value;
        }
        // The caller's vector does not outlive the call: its values are kept (the names are the plan's).
        m_plan.lastContext.resize(context.size());
        for (std::size_t i = 0; i < context.size(); ++i)
            m_plan.lastContext[i] = context[i].value;
        m_hasContext = true;
        m_failed = !m_plan.residual.run(m_plan.symbols);
    }

    std::optional<Number> deferred(const model::NodeParam& p) override
    {
        if (!p.deferred())
            return p.value;
        const Plan::Step* step = next(&p, -1);
        if (!step)
            return std::nullopt;
        return step->answer == Plan::Answer::Value ? valueOf(*step) : live().deferred(p);
    }

    void clearRedirects() override
    {
        m_redirects.clear();
        if (m_live)
            m_live->clearRedirects();
    }
    void setRedirect(formula::ModuleId from, formula::ModuleId to) override
    {
        m_redirects.emplace_back(from, to);
        if (m_live)
            m_live->setRedirect(from, to);
    }

    void bind(const model::Node& node, formula::ModuleId, std::vector<std::string>* warnings) override
    {
        m_node = &node;
        const Plan::Step* step = next(&node, -1);
        if (!step || step->answer != Plan::Answer::Bind) {
            m_failed = true;
            return;
        }
        for (const std::uint32_t i : step->params) {
            if (!deferred(node.params[i]) && warnings)
                warnings->push_back(unevaluatedParam(node.params[i]));
        }
    }

    formula::Result<Number> evaluate(formula::ModuleId entry, Kind kind) override
    {
        const Plan::Step* step = next(m_node, static_cast<int>(kind));
        if (!step)
            return Number::integer(0);
        if (step->answer == Plan::Answer::Value)
            return valueOf(*step);
        // Evaluated again (an error, with its message), bound as the interpreter binds it.
        live().bind(*m_node, entry, nullptr);
        return m_live->evaluate(entry, kind);
    }

    std::uint64_t templateEvaluations() const override { return m_plan.templateEvaluations; }

    std::size_t plannedFigures(
        const std::array<bool, formula::kKindCount>& has, std::size_t from, Figures& out) override
    {
        const Plan::Step* tape = m_plan.tape.data();
        const std::size_t size = m_plan.tape.size();
        for (std::size_t k = from; k < formula::kKindCount; ++k) {
            if (!has[k])
                continue;
            if (m_failed || m_next >= size)
                return k;
            const Plan::Step& step = tape[m_next];
            if (step.tag != m_node || step.kind != static_cast<int>(k) || step.answer != Plan::Answer::Value)
                return k;
            out.values[k] = valueOf(step);
            ++m_next;
        }
        return formula::kKindCount;
    }

private:
    // The context's names are a few characters long: compared inline.
    static bool sameName(const std::string& a, const std::string& b)
    {
        if (a.size() != b.size())
            return false;
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i] != b[i])
                return false;
        }
        return true;
    }

    const Plan::Step* next(const void* tag, int kind)
    {
        if (m_failed || m_next >= m_plan.tape.size() || m_plan.tape[m_next].tag != tag
            || m_plan.tape[m_next].kind != kind) {
            m_failed = true;
            return nullptr;
        }
        return &m_plan.tape[m_next++];
    }

    Number valueOf(const Plan::Step& step) const
    {
        return step.reg == formula::Residual::kConstant ? step.constant : m_plan.residual.value(step.reg);
    }

    Interpreter& live()
    {
        if (!m_live) {
            m_live = std::make_unique<Interpreter>(m_library, nullptr);
            if (m_hasContext) {
                std::vector<formula::NamedValue> context;
                for (std::size_t i = 0; i < m_plan.context.size(); ++i)
                    context.push_back({ m_plan.context[i].first, m_plan.lastContext[i] });
                m_live->setContext(context);
            }
            for (const auto& [from, to] : m_redirects)
                m_live->setRedirect(from, to);
        }
        return *m_live;
    }

    const formula::Library& m_library;
    Plan& m_plan;
    std::size_t m_next = 0;
    bool m_failed = false;
    bool m_hasContext = false;
    std::vector<std::pair<formula::ModuleId, formula::ModuleId>> m_redirects;
    const model::Node* m_node = nullptr;
    std::unique_ptr<Interpreter> m_live; // for what the plan evaluates again
};

double value(const std::optional<Number>& n)
{
    return n ? std::max(0.0, n->toDouble()) : 0.0;
}

double paramValue(const model::Node& node, std::initializer_list<std::string_view> names)
{
    for (const auto name : names) {
        if (const Number* n = node.param(name); n && n->toDouble() > 0)
            return n->toDouble();
    }
    return 0;
}

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

// Sibling Linears an inference engine runs as one GEMM over the same input (vLLM's QKVParallelLinear,
// MergedColumnParallelLinear): by attribute name under one parent.
int fusedGroup(std::string_view name)
{
    static const std::pair<std::string_view, int> groups[] = { { "q_proj", 1 }, { "k_proj", 1 }, { "v_proj", 1 },
        { "query", 2 }, { "key", 2 }, { "value", 2 }, { "gate_proj", 3 }, { "up_proj", 3 }, { "w1", 4 }, { "w3", 4 },
        { "q_a_proj", 5 }, { "kv_a_proj_with_mqa", 5 }, { "wq", 6 }, { "wk", 6 }, { "wv", 6 } };
    for (const auto& [n, g] : groups) {
        if (n == name)
            return g;
    }
    return 0;
}

struct TimeContext
{
    const hardware::Profile& hw;
    const Settings& settings;
    double matrixPeak;
    double vectorPeak;
    double launch; // per kernel: eager PyTorch or an engine without graphs; CUDA graphs in a fused decode
    double weightBytes; // bytes per parameter
    // A fused decode's attention reads the engine's cache (MLA: the latent), not transformers': the share of the
    // attention's own traffic that remains.
    double attentionTraffic = 1.0;
};

// The rows a row-wise kernel of this module runs over (one thread block each): its output over the width its params
// give; 0 when they give none (a plain elementwise kernel).
double streamRows(const model::Node& node, double writes, const Settings& settings)
{
    const double width = paramValue(node,
        { "hidden_size", "normalized_shape", "features", "dim", "num_features", "embed_dim", "intermediate_size",
            "head_dim" });
    const double aBytes = dtypeBytes(settings.actDtype).toDouble();
    return width > 0 && aBytes > 0 ? std::max(1.0, writes / (width * aBytes)) : 0.0;
}

// A GEMM leaf: a module that runs one matrix product (Linear, Conv1D) with its shape among its params.
bool isGemmLeaf(const model::Node& node, const Figures& f)
{
    return node.children.empty() && value(f[Kind::MatmulFlops]) > 0 && paramValue(node, { "in_features", "nx" }) > 0
        && paramValue(node, { "out_features", "nf" }) > 0;
}

// The kernels of work (a leaf's inclusive figures, a parent's own) in the settings' execution model.
WorkTime workTime(const model::Node& node, bool leaf, const Figures& f, const TimeContext& c)
{
    WorkTime t;
    const bool fused = c.settings.execution == Execution::Fused;
    const double matmul = value(f[Kind::MatmulFlops]);
    const double other = std::max(0.0, value(f[Kind::Flops]) - matmul);
    const double reads = value(f[Kind::Reads]), writes = value(f[Kind::Writes]);
    const double intermediates = value(f[Kind::Intermediates]);
    if (matmul <= 0 && other <= 0 && reads <= 0 && writes <= 0 && intermediates <= 0)
        return t;
    // Eager PyTorch writes every intermediate tensor and reads it back; a fused kernel keeps it on chip.
    const double eagerBytes = reads + writes + 2 * intermediates;
    const double fusedBytes = reads + writes;
    const double bytes = (fused ? fusedBytes : eagerBytes) * (!leaf && matmul > 0 ? c.attentionTraffic : 1.0);
    // What comes from memory for sure: weights, and the KV cache a module's own attention reads (written steps
    // ago); a kernel may find activations the kernel before it wrote in the L2 cache.
    t.bound = boundSeconds(c.hw, matmul, c.matrixPeak, other, c.vectorPeak, bytes,
        leaf             ? static_cast<double>(node.ownParams) * c.weightBytes
            : matmul > 0 ? bytes
                         : 0.0);
    const auto& p = c.hw.performance;
    const double vectorTime = c.vectorPeak > 0 ? other / c.vectorPeak : 0.0;
    if (matmul > 0) {
        if (leaf) {
            // One GEMM (a bias add runs in its epilogue).
            t.kernels = 1;
            t.expected = gemmKernelSeconds(c.hw, matmul, bytes, c.matrixPeak);
            t.floors = p.gemmFloor;
        } else {
            // A module's own matrix products: attention's QK^T and PV. Fused: one flash-attention kernel plus one
            // for rotary and the cache write. Eager: SDPA (or, with eager attention, its matmuls, scaling, mask and
            // softmax) plus rotary's and the cache update's elementwise ops, about 16 kernels (20 eager).
            t.kernels = fused ? 2 : c.settings.eagerAttention ? 20 : 16;
            const double compute = c.matrixPeak > 0 ? matmul / (c.matrixPeak * p.gemmEfficiency) : 0.0;
            const double memory = c.hw.bandwidth > 0 ? bytes / (c.hw.bandwidth * p.memoryEfficiency) : 0.0;
            t.expected = std::max(compute + vectorTime, memory) + t.kernels * p.kernelFloor;
            t.floors = t.kernels * p.kernelFloor;
        }
    } else if (leaf) {
        // A streaming module: norms, activations, embeddings, rotary tables.
        if (fused) {
            // One kernel. Row-wise kernels (norms, activations: one thread block per row, as vLLM runs them)
            // are limited by a block's bandwidth when there are few rows; RMSNorm-like kernels read their input
            // twice (the variance pass and the normalize pass).
            const double rows = streamRows(node, writes, c.settings);
            const bool norm = contains(node.classPath, "Norm");
            t.kernels = 1;
            t.expected = std::max(
                streamKernelSeconds(c.hw, fusedBytes + (norm ? writes : 0.0), rows), vectorTime + p.kernelFloor);
            t.floors = p.kernelFloor;
        } else {
            // PyTorch runs one kernel per op; an op-by-op module (RMSNorm) materializes one tensor per op, so its
            // kernels are about one plus its intermediates over its output.
            t.kernels = 1 + std::min(15.0, std::round(writes > 0 ? intermediates / writes : 0.0));
            const double memory = c.hw.bandwidth > 0 ? bytes / (c.hw.bandwidth * p.memoryEfficiency) : 0.0;
            t.expected = std::max(memory, vectorTime) + t.kernels * p.kernelFloor;
            t.floors = t.kernels * p.kernelFloor;
        }
    } else {
        // A module's own elementwise work: residual adds, the gate * up product, routing weights.
        if (fused) {
            // Fused into a neighbouring kernel (the residual add into RMSNorm, the product into SiluAndMul): no
            // launch; the operand it brings in is read once more.
            t.kernels = 0;
            const double memory = c.hw.bandwidth > 0 ? reads / (c.hw.bandwidth * p.memoryEfficiency) : 0.0;
            t.expected = std::max(memory, vectorTime);
            t.bound = boundSeconds(c.hw, 0, c.matrixPeak, other, c.vectorPeak, reads, 0);
        } else {
            t.kernels = 1 + std::min(15.0, std::round(writes > 0 ? intermediates / writes : 0.0));
            const double memory = c.hw.bandwidth > 0 ? bytes / (c.hw.bandwidth * p.memoryEfficiency) : 0.0;
            t.expected = std::max(memory, vectorTime) + t.kernels * p.kernelFloor;
            t.floors = t.kernels * p.kernelFloor;
        }
    }
    return t;
}

// Sibling GEMM leaves over the same input that the fused engine runs as one GEMM (fusedGroup): one kernel, the
// input read once. Each member's share of the group's times (by FLOPs) goes to parent.childTimes, and the sums
// of the children's times are corrected.
void fuseGemmGroups(const model::ModuleTree& tree, const AnalysisResult& result, const model::Node& node,
    const TimeContext& c, NodeAnalysis& out, double& childSeconds, double& childExpected, double& childKernels)
{
    std::vector<std::pair<int, std::uint32_t>> members; // group, child index
    for (std::uint32_t i = 0; i < node.children.size(); ++i) {
        const int g = fusedGroup(node.children[i].name);
        if (g && isGemmLeaf(tree.node(node.children[i].node), result.nodes[node.children[i].node].inclusive))
            members.emplace_back(g, i);
    }
    std::sort(members.begin(), members.end());
    const double aBytes = dtypeBytes(c.settings.actDtype).toDouble();
    for (std::size_t first = 0; first < members.size();) {
        std::size_t last = first;
        while (last < members.size() && members[last].first == members[first].first)
            ++last;
        // One input: every member has the same rows and input width.
        double k = 0, m = 0, flops = 0, other = 0, bytes = 0, seconds = 0, expected = 0, weights = 0;
        bool same = last - first > 1;
        for (std::size_t j = first; j < last && same; ++j) {
            const auto& ref = node.children[members[j].second];
            const model::Node& child = tree.node(ref.node);
            const Figures& f = result.nodes[ref.node].inclusive;
            const double kj = paramValue(child, { "in_features", "nx" });
            const double nj = paramValue(child, { "out_features", "nf" });
            const double mm = value(f[Kind::MatmulFlops]);
            const double mj = mm / (2 * kj * nj);
            if (j == first) {
                k = kj;
                m = mj;
            }
            same = kj == k && std::abs(mj - m) <= 1e-9 * std::max(1.0, m);
            flops += mm;
            other += std::max(0.0, value(f[Kind::Flops]) - mm);
            bytes += value(f[Kind::Reads]) + value(f[Kind::Writes]);
            weights += static_cast<double>(child.ownParams) * c.weightBytes;
            seconds += result.nodes[ref.node].seconds;
            expected += result.nodes[ref.node].expectedSeconds;
        }
        if (same) {
            const double n = static_cast<double>(last - first);
            bytes -= (n - 1) * m * k * aBytes;
            const double groupBound = boundSeconds(c.hw, flops, c.matrixPeak, other, c.vectorPeak, bytes, weights);
            const double groupExpected = gemmKernelSeconds(c.hw, flops, bytes, c.matrixPeak);
            for (std::size_t j = first; j < last; ++j) {
                const auto& f = result.nodes[node.children[members[j].second].node].inclusive;
                const double share = flops > 0 ? value(f[Kind::MatmulFlops]) / flops : 1.0 / n;
                out.childTimes.push_back({ members[j].second, groupExpected * share, groupBound * share });
            }
            childSeconds += groupBound - seconds;
            childExpected += groupExpected - expected;
            childKernels -= n - 1;
        }
        first = last;
    }
}

// A gated MLP in the fused engine: act(gate) * up is one kernel (vLLM's SiluAndMul) that reads gate and up and
// writes the product. The activation child takes that kernel's time; the parent's own product costs nothing more.
void fuseGatedActivation(const model::ModuleTree& tree, const AnalysisResult& result, const model::Node& node,
    const TimeContext& c, NodeAnalysis& out, WorkTime& own, double& childSeconds, double& childExpected)
{
    bool gated = false;
    for (const auto& ref : node.children) {
        const int g = fusedGroup(ref.name);
        gated = gated || ((g == 3 || g == 4) && (ref.name == "up_proj" || ref.name == "w3"));
    }
    if (!gated || (own.kernels <= 0 && own.expected <= 0))
        return;
    for (std::uint32_t i = 0; i < node.children.size(); ++i) {
        const model::Node& child = tree.node(node.children[i].node);
        const NodeAnalysis& a = result.nodes[node.children[i].node];
        if (!child.children.empty() || value(a.inclusive[Kind::MatmulFlops]) > 0 || fusedGroup(node.children[i].name)
            || contains(child.classPath, "Norm") || contains(child.classPath, "Dropout"))
            continue;
        const double reads = value(a.inclusive[Kind::Reads]), writes = value(a.inclusive[Kind::Writes]);
        if (reads <= 0 || writes <= 0)
            continue;
        const double bytes = 2 * reads + writes;
        const double flops = value(a.inclusive[Kind::Flops]) + value(out.self[Kind::Flops]);
        const double vectorTime = c.vectorPeak > 0 ? flops / c.vectorPeak : 0.0;
        const double expected = std::max({ streamKernelSeconds(c.hw, bytes, streamRows(child, writes, c.settings)),
            vectorTime + c.hw.performance.kernelFloor });
        const double bound = boundSeconds(c.hw, 0, c.matrixPeak, flops, c.vectorPeak, bytes, 0);
        out.childTimes.push_back({ i, expected, bound });
        childSeconds += bound - a.seconds;
        childExpected += expected - a.expectedSeconds;
        own = WorkTime {};
        return;
    }
}

} // namespace

std::optional<Number> addFigures(const std::optional<Number>& a, const std::optional<Number>& b)
{
    if (!a || !b)
        return std::nullopt;
    if (a->isInteger() && b->isInteger()) {
        Int r;
        if (__builtin_add_overflow(a->toInteger(), b->toInteger(), &r))
            return Number::real(a->toDouble() + b->toDouble());
        return Number::integer(r);
    }
    return Number::real(a->toDouble() + b->toDouble());
}

// out = a - b, written in place (the per-node loop of an analysis: no temporary to copy back).
static inline void subtractInto(
    std::optional<Number>& out, const std::optional<Number>& a, const std::optional<Number>& b)
{
    if (!a || !b) {
        out.reset();
        return;
    }
    if (a->isInteger() && b->isInteger()) {
        Int r;
        if (!__builtin_sub_overflow(a->toInteger(), b->toInteger(), &r)) {
            out.emplace(Number::integer(r));
            return;
        }
        out.emplace(Number::real(a->toDouble() - b->toDouble()));
        return;
    }
    // Reals from divided shares (routed experts): round-off below a part in 1e9 is zero.
    const double d = a->toDouble() - b->toDouble();
    const double scale = std::max(std::fabs(a->toDouble()), std::fabs(b->toDouble()));
    out.emplace(Number::real(std::fabs(d) <= scale * 1e-9 ? 0.0 : d));
}

std::optional<Number> subtractFigures(const std::optional<Number>& a, const std::optional<Number>& b)
{
    std::optional<Number> out;
    subtractInto(out, a, b);
    return out;
}

std::optional<Number> scaleFigure(const std::optional<Number>& n, Int factor)
{
    if (!n)
        return std::nullopt;
    Int r;
    if (n->isInteger() && !__builtin_mul_overflow(n->toInteger(), factor, &r))
        return Number::integer(r);
    return Number::real(n->toDouble() * static_cast<double>(factor));
}

std::vector<formula::NamedValue> nodeBindings(const model::Node& node, const std::vector<std::string>& signature,
    const formula::Library& library, const Settings& settings, std::vector<std::string>* warnings)
{
    formula::Evaluator evaluator(library);
    evaluator.setContext(settings.context());
    ParamValues params(library, evaluator);
    return params.bindings(node, signature, warnings);
}

Figures scaled(const Figures& figures, Int factor)
{
    Figures out;
    for (Kind k : formula::kAllKinds)
        out[k] = scaleFigure(figures[k], factor);
    return out;
}

Figures sum(const Figures& a, const Figures& b)
{
    Figures out;
    for (Kind k : formula::kAllKinds)
        out[k] = addFigures(a[k], b[k]);
    return out;
}

// to += n x figures, per kind but Params (a node's parameters come from the tree: the caller sets them): what n
// additions give, in one multiplication where the sums are exact integers that stay in range (every partial sum then
// does too), else by adding n times.
static void addRepeated(Figures& to, const Figures& figures, Int n)
{
    static_assert(formula::kAllKinds.back() == Kind::Params);
    for (std::size_t i = 0; i + 1 < formula::kKindCount; ++i) {
        const Kind k = formula::kAllKinds[i];
        auto& acc = to[k];
        const auto& v = figures[k];
        if (!acc || !v) {
            acc.reset(); // adding an unknown gives an unknown
            continue;
        }
        Int product, total;
        // Within 64 bits both ways, the product cannot leave 128 bits: no overflow check needed for it.
        const bool narrow = acc->isInteger() && v->isInteger()
            && static_cast<Int>(static_cast<std::int64_t>(v->toInteger())) == v->toInteger()
            && static_cast<Int>(static_cast<std::int64_t>(n)) == n;
        if (narrow)
            product = v->toInteger() * n;
        if ((narrow || (acc->isInteger() && v->isInteger() && !__builtin_mul_overflow(v->toInteger(), n, &product)))
            && !__builtin_add_overflow(acc->toInteger(), product, &total)) {
            acc = Number::integer(total);
            continue;
        }
        if (!acc->isInteger() || !v->isInteger()) {
            // Reals throughout: the same n additions, without re-wrapping each partial sum.
            double a = acc->toDouble();
            const double b = v->toDouble();
            for (Int j = 0; j < n; ++j)
                a += b;
            acc = Number::real(a);
            continue;
        }
        for (Int j = 0; j < n; ++j)
            acc = addFigures(acc, v);
    }
}

Figures zeroFigures()
{
    Figures out;
    for (Kind k : formula::kAllKinds)
        out[k] = Number::integer(0);
    return out;
}

std::variant<Settings, std::string> settingsFromOptions(const std::map<std::string, std::string>& a, Settings s)
{
    std::string error;
    auto integer = [&](const char* name, Int& target, Int min, Int max) {
        const auto it = a.find(name);
        if (it == a.end())
            return true;
        const auto n = Number::parse(it->second);
        if (!n || !n->isInteger() || n->toInteger() < min || n->toInteger() > max) {
            error = std::string("--") + name + " takes a whole number from " + formula::toString(min) + " to "
                + formula::toString(max) + ", not '" + it->second + "'";
            return false;
        }
        target = n->toInteger();
        return true;
    };
    if (const auto it = a.find("phase"); it != a.end()) {
        const auto phase = phaseFromName(it->second);
        if (!phase)
            return "--phase is prefill, decode or train, not '" + it->second + "'";
        s.phase = *phase;
        if (s.phase == Phase::Decode) {
            s.seq = 1;
            s.past = 2047;
        } else {
            s.past = 0;
        }
    }
    if (!integer("batch", s.batch, 1, Int(1) << 24) || !integer("seq", s.seq, 1, Int(1) << 26)
        || !integer("past", s.past, 0, Int(1) << 30))
        return error;
    if (s.phase == Phase::Train && s.past > 0)
        return "--past is for prefill and decode: a training step caches nothing";
    if (a.count("weight-dtype"))
        s.checkpointWeights = false;
    for (auto [name, target] : { std::pair<const char*, Dtype*> { "weight-dtype", &s.weightDtype },
             { "act-dtype", &s.actDtype }, { "kv-dtype", &s.kvDtype } }) {
        const auto it = a.find(name);
        if (it == a.end())
            continue;
        const auto d = dtypeFromName(it->second);
        if (!d)
            return std::string("--") + name + " is fp32, bf16, fp16, fp8, int8 or int4, not '" + it->second + "'";
        *target = *d;
    }
    auto choice = [&](const char* name, const char* yes, const char* no, bool& target) {
        const auto it = a.find(name);
        if (it == a.end())
            return true;
        if (it->second != yes && it->second != no) {
            error = std::string("--") + name + " is " + yes + " or " + no + ", not '" + it->second + "'";
            return false;
        }
        target = it->second == yes;
        return true;
    };
    if (!choice("attention", "eager", "sdpa", s.eagerAttention) || !choice("causal", "half", "full", s.causalHalf)
        || !choice("logits", "last", "all", s.logitsLastOnly))
        return error;
    if (!choice("tf32", "on", "off", s.tf32))
        return error;
    if (const auto it = a.find("execution"); it != a.end()) {
        const auto e = executionFromName(it->second);
        if (!e)
            return "--execution is eager or fused, not '" + it->second + "'";
        s.execution = *e;
    }
    if (!integer("images", s.images, 0, 1024))
        return error;
    if (const auto it = a.find("image-size"); it != a.end()) {
        // 1024x768 (width x height) or 896 for a square image.
        const std::string& v = it->second;
        const std::size_t x = v.find('x');
        Int w = 0, h = 0;
        const auto parse = [](const std::string& text, Int& out) {
            if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
                return false;
            out = std::stoll(text);
            return out >= 1 && out <= 100000;
        };
        const bool ok =
            x == std::string::npos ? parse(v, w) && parse(v, h) : parse(v.substr(0, x), w) && parse(v.substr(x + 1), h);
        if (!ok)
            return "--image-size is WIDTHxHEIGHT in pixels (1 to 100000), e.g. 1024x768, or one number for a square "
                   "image, not '"
                + v + "'";
        s.imageWidth = w;
        s.imageHeight = h;
    }
    return s;
}

std::optional<Dtype> dtypeFromName(std::string_view name)
{
    if (name == "fp32" || name == "float32")
        return Dtype::FP32;
    if (name == "bf16" || name == "bfloat16")
        return Dtype::BF16;
    if (name == "fp16" || name == "float16")
        return Dtype::FP16;
    if (name == "fp8")
        return Dtype::FP8;
    if (name == "int8")
        return Dtype::INT8;
    if (name == "int4")
        return Dtype::INT4;
    return std::nullopt;
}

std::string_view dtypeName(Dtype dtype)
{
    switch (dtype) {
    case Dtype::FP32:
        return "fp32";
    case Dtype::BF16:
        return "bf16";
    case Dtype::FP16:
        return "fp16";
    case Dtype::FP8:
        return "fp8";
    case Dtype::INT8:
        return "int8";
    case Dtype::INT4:
        return "int4";
    }
    return "bf16";
}

Number dtypeBytes(Dtype dtype)
{
    switch (dtype) {
    case Dtype::FP32:
        return Number::integer(4);
    case Dtype::BF16:
    case Dtype::FP16:
        return Number::integer(2);
    case Dtype::FP8:
    case Dtype::INT8:
        return Number::integer(1);
    case Dtype::INT4:
        return Number::real(0.5);
    }
    return Number::integer(2);
}

std::optional<Phase> phaseFromName(std::string_view name)
{
    if (name == "prefill")
        return Phase::Prefill;
    if (name == "decode")
        return Phase::Decode;
    if (name == "train")
        return Phase::Train;
    return std::nullopt;
}

std::string_view phaseName(Phase phase)
{
    switch (phase) {
    case Phase::Prefill:
        return "prefill";
    case Phase::Decode:
        return "decode";
    case Phase::Train:
        return "train";
    }
    return "prefill";
}

// Settings::context() written into out: the names once (into a vector of another size; one of this size is one this
// function wrote), the values each time, so that an analysis does not build seventeen names each time it runs.
static void contextInto(const Settings& settings, std::vector<formula::NamedValue>& out)
{
    const Int s = settings.seq;
    const Int p = settings.phase == Phase::Train ? 0 : settings.past; // a prefill continues after cached tokens too
    const Int t = settings.batch * s;
    const std::pair<const char*, Number> values[] = {
        { "B", Number::integer(settings.batch) },
        { "S", Number::integer(s) },
        { "P", Number::integer(p) },
        { "S_kv", Number::integer(p + s) },
        { "T", Number::integer(t) },
        { "N", Number::integer(t) },
        { "w_bytes", dtypeBytes(settings.weightDtype) },
        { "a_bytes", dtypeBytes(settings.actDtype) },
        { "kv_bytes", dtypeBytes(settings.kvDtype) },
        { "dtype_bytes", dtypeBytes(settings.actDtype) },
        { "attn_eager", Number::integer(settings.eagerAttention && settings.execution == Execution::Eager ? 1 : 0) },
        { "causal_half", Number::integer(settings.causalHalf ? 1 : 0) },
        { "logits_tokens", Number::integer(settings.logitsLastOnly ? settings.batch : t) },
        { "pos_batch", Number::integer(1) },
        { "images", Number::integer(settings.images) },
        { "image_height", Number::integer(settings.imageHeight) },
        { "image_width", Number::integer(settings.imageWidth) },
    };
    constexpr std::size_t n = std::size(values);
    if (out.size() != n) { // a vector only this function writes: of this size, it holds these names
        out.clear();
        for (const auto& [name, value] : values)
            out.push_back({ name, value });
        return;
    }
    for (std::size_t i = 0; i < n; ++i)
        out[i].value = values[i].second;
}

std::vector<formula::NamedValue> Settings::context() const
{
    std::vector<formula::NamedValue> out;
    contextInto(*this, out);
    return out;
}

std::optional<Number> trafficBytes(const Figures& f)
{
    // Exact while the figures are integers.
    return addFigures(addFigures(f[Kind::Reads], f[Kind::Writes]), scaleFigure(f[Kind::Intermediates], 2));
}

std::string matrixDtypeKey(const Settings& settings)
{
    return settings.tf32 && settings.actDtype == Dtype::FP32 ? std::string("tf32")
                                                             : std::string(dtypeName(settings.actDtype));
}

double rooflineSeconds(const Figures& f, const hardware::Profile& hw, Dtype actDtype, bool tf32)
{
    const std::string dtype = tf32 && actDtype == Dtype::FP32 ? std::string("tf32") : std::string(dtypeName(actDtype));
    const double flops = f[Kind::Flops] ? f[Kind::Flops]->toDouble() : 0.0;
    const double matmul = f[Kind::MatmulFlops] ? f[Kind::MatmulFlops]->toDouble() : 0.0;
    const double matrixPeak = hw.matrixPeak(dtype);
    const double vectorPeak = hw.vectorPeak(dtype == "tf32" ? "fp32" : dtype);
    double compute = 0;
    if (matrixPeak > 0)
        compute += std::max(0.0, matmul) / matrixPeak;
    if (vectorPeak > 0)
        compute += std::max(0.0, flops - matmul) / vectorPeak;
    const auto bytes = trafficBytes(f);
    const double memory = bytes && hw.bandwidth > 0 ? std::max(0.0, bytes->toDouble()) / hw.bandwidth : 0.0;
    return std::max(compute, memory);
}

namespace {

// Per stored node, what an analysis looks up in the library: its entry, or why the database's entry is not used.
struct NodeEntry
{
    std::optional<formula::ModuleId> entry;
    std::string exclusion;
    const model::NodeParam* active = nullptr; // the node's "active" param (does its subtree run in this step?)
    const model::NodeParam* routedWeights = nullptr; // a deferred w_bytes param: a routed expert's
    std::array<bool, formula::kKindCount> hasTemplate {}; // the entry's templates, by kind
    // The node's children as runs of references to one stored node (61 layers, 256 experts): node and count.
    std::vector<std::pair<model::NodeId, std::uint32_t>> runs;
};

std::vector<NodeEntry> nodeEntries(const model::ModuleTree& tree, const formula::Library& library)
{
    std::vector<NodeEntry> out(tree.storedNodes());
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        out[id].entry = library.find(tree.node(id).classPath);
        if (!out[id].entry)
            out[id].exclusion = library.exclusionReason(tree.node(id).classPath);
        else {
            for (Kind k : formula::kAllKinds)
                out[id].hasTemplate[static_cast<std::size_t>(k)] = library.hasTemplate(*out[id].entry, k);
        }
        const auto& children = tree.node(id).children;
        for (std::size_t i = 0; i < children.size(); ++i) {
            if (i > 0 && children[i].node == children[i - 1].node)
                ++out[id].runs.back().second;
            else
                out[id].runs.emplace_back(children[i].node, 1);
        }
        for (const auto& p : tree.node(id).params) {
            if (p.name == "active" && !out[id].active)
                out[id].active = &p;
            if (p.name == "w_bytes" && p.deferred() && !out[id].routedWeights)
                out[id].routedWeights = &p;
        }
    }
    return out;
}

AnalysisResult analyzeWith(const model::ModuleTree& tree, const formula::Library& library, const Settings& settings,
    const hardware::Profile* hardware, Engine& engine, const std::vector<NodeEntry>& entries)
{
    AnalysisResult result;
    result.nodes.resize(tree.storedNodes());
    // Weights as stored: w_bytes is the checkpoint's bytes per parameter (an average: MXFP4 experts beside bf16
    // attention), the weight bytes its exact total.
    const auto& stored = tree.storedWeights();
    const bool asStored = settings.checkpointWeights && stored && tree.totalParams() > 0;
    // The context's vector is kept between analyses on this thread (its names are written once): an engine copies
    // what it needs from it in setContext().
    thread_local std::vector<formula::NamedValue> contextBuffer;
    const auto contextOf = [&](const Settings& s) -> const std::vector<formula::NamedValue>& {
        auto& c = contextBuffer;
        contextInto(s, c);
        if (asStored) {
            for (auto& v : c) {
                if (std::string_view(v.name) == "w_bytes") {
                    // A whole number of bytes per parameter (a bf16 or fp8 checkpoint) stays an exact integer.
                    const double perParam = stored->bytes / static_cast<double>(tree.totalParams());
                    const bool whole = stored->bytes < 9e15 && perParam == std::floor(perParam)
                        && static_cast<Int>(stored->bytes) == static_cast<Int>(perParam) * tree.totalParams();
                    v.value = whole ? Number::integer(static_cast<Int>(perParam)) : Number::real(perParam);
                }
            }
        }
        return c;
    };
    engine.setContext(contextOf(settings));
    auto valueOf = [&](const model::NodeParam& p) { return engine.deferred(p); };
    if (asStored) {
        result.storedWeights = stored->description;
        if (!stored->note.empty())
            result.notes.push_back(stored->note);
    }

    // Images join the sequence as the tokens their processor makes: the prompt in prefill, the cache after it.
    if (settings.images > 0) {
        if (const auto& perImage = tree.imageTokens()) {
            const auto n = valueOf(*perImage);
            if (n && n->isWhole() && n->toDouble() >= 0 && n->toDouble() < 1e9) {
                Settings effective = settings;
                result.imageTokens = settings.images * static_cast<Int>(n->toDouble());
                (settings.phase == Phase::Decode ? effective.past : effective.seq) += result.imageTokens;
                engine.setContext(contextOf(effective));
            } else {
                result.notes.push_back("the tokens an image adds (image_tokens) do not evaluate for a "
                    + formula::toString(settings.imageWidth) + "x" + formula::toString(settings.imageHeight)
                    + " image: the images are not counted in the sequence");
            }
        } else {
            result.notes.push_back("this model takes no images: --images is ignored");
        }
    }
    // A config that selects another class than the family's entries call (hidden_act): the calls run the
    // selected class's entry.
    struct Redirect
    {
        formula::ModuleId from, to;
    };
    std::vector<Redirect> redirects;
    // The per-node scratch vectors are kept between analyses on this thread (analyzeWith does not nest).
    thread_local std::vector<std::uint64_t> redirectMask; // the redirects that apply to each node
    redirectMask.assign(tree.storedNodes(), 0);
    for (const auto& s : tree.substitutions()) {
        const auto from = library.find(s.from);
        const auto to = library.find(s.to);
        std::string note = s.field + " '" + s.value + "' selects " + s.to + " where the family's entries (written for '"
            + s.defaultValue + "') call " + s.from;
        bool usable = false;
        if (!from)
            note += "; " + s.from + " has no entry, nothing to redirect";
        else if (!to)
            note += "; " + s.to + " has no entry: the figures still count " + s.from;
        else if (library.signature(*from) != library.signature(*to))
            note += "; their parameters differ, so the figures still count " + s.from;
        else {
            note += ": their calls count " + s.to;
            usable = true;
        }
        if (std::find(result.notes.begin(), result.notes.end(), note) == result.notes.end())
            result.notes.push_back(note);
        // Only the entries above the switch's node are redirected (a vision MLP's silu leaves the projector's gelu).
        const model::Node* at = tree.find(s.path);
        if (!usable || !at)
            continue;
        std::vector<formula::ModuleId> sources { *from };
        for (const auto& e : s.equivalents) {
            if (const auto id = library.find(e); id && library.signature(*id) == library.signature(*to))
                sources.push_back(*id);
        }
        for (const auto source : sources) {
            if (redirects.size() >= 64)
                break;
            redirectMask[static_cast<std::size_t>(at - &tree.node(0))] |= std::uint64_t(1) << redirects.size();
            redirects.push_back({ source, *to });
        }
    }
    if (!redirects.empty()) {
        for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
            for (const auto& c : tree.node(id).children)
                redirectMask[id] |= redirectMask[c.node];
        }
    }
    std::uint64_t redirecting = 0;

    std::optional<TimeContext> timing;
    if (hardware) {
        const std::string key = matrixDtypeKey(settings);
        const bool graphs = settings.execution == Execution::Fused && settings.phase == Phase::Decode;
        timing.emplace(TimeContext { *hardware, settings, hardware->matrixPeak(key),
            hardware->vectorPeak(key == "tf32" ? "fp32" : key),
            graphs ? hardware->performance.graphLaunch : hardware->performance.launch,
            asStored ? stored->bytes / static_cast<double>(tree.totalParams())
                     : dtypeBytes(settings.weightDtype).toDouble() });
        const auto& fused = tree.fused();
        if (settings.execution == Execution::Fused && settings.phase == Phase::Decode && fused.kvCacheBytes
            && tree.kvCacheBytes()) {
            const auto engine = valueOf(*fused.kvCacheBytes);
            const auto reference = valueOf(*tree.kvCacheBytes());
            if (engine && reference && reference->toDouble() > 0)
                timing->attentionTraffic = std::min(1.0, engine->toDouble() / reference->toDouble());
        }
    }

    std::vector<std::string> excludedKeys;
    thread_local std::vector<char> inactive; // subtrees that do not run in this step
    inactive.assign(tree.storedNodes(), 0);
    // Stored nodes are created children first, so one pass in id order sees every child before its parent.
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        const model::Node& node = tree.node(id);
        NodeAnalysis& out = result.nodes[id];

        static const Figures kZero = zeroFigures();
        Figures children = kZero;
        double childSeconds = 0, childExpected = 0, childKernels = 0;
        // children[Params] stays 0 here: it is set from the tree below, before anything reads it.
        for (const auto& [c, n] : entries[id].runs) {
            // A run of references to one stored node (256 experts, 61 layers) adds its figures n times at once.
            const NodeAnalysis& child = result.nodes[c];
            addRepeated(children, child.inclusive, static_cast<Int>(n));
            out.complete = out.complete && child.complete;
            // The times n times over, one addition at a time (the same rounding as child by child); zeros add
            // nothing (without a device, every time is 0).
            if (child.seconds != 0 || child.expectedSeconds != 0 || child.kernels != 0) {
                for (std::uint32_t j = 0; j < n; ++j) {
                    childSeconds += child.seconds;
                    childExpected += child.expectedSeconds;
                    childKernels += child.kernels;
                }
            }
        }

        // A subtree that does not run in this step (an encoder during decode) does no work at all.
        if (const model::NodeParam* active = entries[id].active) {
            const std::optional<Number> value = valueOf(*active);
            if (value && !value->isTruthy()) {
                inactive[id] = 1;
                for (Kind k : formula::kAllKinds) {
                    out.inclusive[k] = Number::integer(0);
                    out.self[k] = Number::integer(0);
                }
                out.inclusive[Kind::Params] = Number::integer(node.inclusiveParams);
                out.self[Kind::Params] = Number::integer(node.ownParams);
                out.seconds = 0;
                out.expectedSeconds = 0;
                out.kernels = 0;
                out.hasEntry = entries[id].entry.has_value();
                continue;
            }
        }

        const auto& entry = entries[id].entry;
        if (entry && redirectMask[id] != redirecting) {
            engine.clearRedirects();
            for (std::size_t i = 0; i < redirects.size(); ++i) {
                if (redirectMask[id] >> i & 1)
                    engine.setRedirect(redirects[i].from, redirects[i].to);
            }
            redirecting = redirectMask[id];
        }
        if (entry) {
            out.hasEntry = true;
            out.unreviewed = library.unreviewedDependencies(*entry);
            engine.bind(node, *entry, &out.warnings);
            const auto& has = entries[id].hasTemplate;
            for (Kind k : formula::kAllKinds) {
                // Unknown for a kind without a template: fall back to the children (a leaf stays unknown).
                if (!has[static_cast<std::size_t>(k)])
                    out.inclusive[k] = node.children.empty() ? std::nullopt : children[k];
            }
            for (std::size_t i = engine.plannedFigures(has, 0, out.inclusive); i < formula::kKindCount;
                 i = engine.plannedFigures(has, i + 1, out.inclusive)) {
                const Kind k = formula::kAllKinds[i];
                const auto r = engine.evaluate(*entry, k);
                if (r.ok()) {
                    out.inclusive[k] = r.value();
                } else {
                    out.warnings.push_back(std::string(formula::kindName(k)) + ": " + r.error().describe());
                    out.inclusive[k] = node.children.empty() ? std::nullopt : children[k];
                    out.complete = false;
                }
            }
        } else {
            const std::string& excluded = entries[id].exclusion;
            if (!excluded.empty()) {
                out.warnings.push_back("the database entry for " + node.classPath + " is not used: " + excluded);
                if (std::find(excludedKeys.begin(), excludedKeys.end(), node.classPath) == excludedKeys.end())
                    excludedKeys.push_back(node.classPath);
            }
            if (node.children.empty()) {
                if (excluded.empty())
                    out.warnings.push_back("no database entry for " + node.classPath);
                out.complete = false;
                for (Kind k : formula::kAllKinds)
                    out.inclusive[k] = Number::integer(0);
            } else {
                out.inclusive = children;
            }
        }
        out.restsOnUnreviewed = !out.unreviewed.empty();
        for (std::size_t i = 0; i < entries[id].runs.size() && !out.restsOnUnreviewed; ++i)
            out.restsOnUnreviewed = result.nodes[entries[id].runs[i].first].restsOnUnreviewed;
        // Parameters come from the tree: its tensors, tied ones once, exactly as model.parameters() counts them
        // (an entry's params_template cannot know that its weight is tied to another module's).
        out.inclusive[Kind::Params] = Number::integer(node.inclusiveParams);
        children[Kind::Params] = Number::integer(node.inclusiveParams - node.ownParams);
        for (Kind k : formula::kAllKinds) {
            subtractInto(out.self[k], out.inclusive[k], children[k]);
            if (negative(out.self[k]) && out.hasEntry)
                out.warnings.push_back("negative self " + std::string(formula::kindName(k)) + " ("
                    + out.self[k]->toString() + "): the entry counts less than its children");
        }
        if (timing) {
            const bool leaf = node.children.empty();
            WorkTime own = workTime(node, leaf, leaf ? out.inclusive : out.self, *timing);
            // A routed expert runs only when a token is routed to it: its launches and floors count by that chance
            // (its w_bytes param carries it, MODULE-TEMPLATES.md "MoE weight reads").
            if (const model::NodeParam* w = entries[id].routedWeights; w && timing->weightBytes > 0) {
                if (const auto v = valueOf(*w))
                    out.routedShare = std::clamp(v->toDouble() / timing->weightBytes, 0.0, 1.0);
            }
            double childFloors = 0, fullFloors = own.floors, fullKernels = own.kernels;
            for (const auto& c : node.children) {
                childFloors += result.nodes[c.node].floorSeconds;
                fullFloors += result.nodes[c.node].fullFloorSeconds;
                fullKernels += result.nodes[c.node].fullKernels;
            }
            // A fused engine runs a layer's routed experts as grouped GEMMs (vLLM's fused_moe): one launch and one
            // floor per GEMM for all of them.
            if (settings.execution == Execution::Fused) {
                for (std::size_t i = 0; i < node.children.size(); ++i) {
                    const model::NodeId e = node.children[i].node;
                    const NodeAnalysis& expert = result.nodes[e];
                    const std::string& name = node.children[i].name;
                    const bool numbered = !name.empty()
                        && std::all_of(name.begin(), name.end(), [](unsigned char ch) { return std::isdigit(ch); });
                    if (!numbered || expert.routedShare >= 1.0 || expert.routedShare <= 0.0
                        || (i > 0 && node.children[i - 1].node == e))
                        continue;
                    const auto n = static_cast<double>(std::count_if(node.children.begin(), node.children.end(),
                        [&](const model::ChildRef& r) { return r.node == e; })); // the experts of one layer
                    if (n < 2)
                        continue;
                    childExpected -= n * expert.floorSeconds - expert.fullFloorSeconds;
                    childFloors -= n * expert.floorSeconds - expert.fullFloorSeconds;
                    childKernels -= n * expert.kernels - expert.fullKernels;
                    fullFloors -= n * expert.fullFloorSeconds - expert.fullFloorSeconds;
                    fullKernels -= n * expert.fullKernels - expert.fullKernels;
                }
            }
            // (A routed expert's projections run inside the grouped MoE GEMMs instead.)
            if (settings.execution == Execution::Fused && node.children.size() > 1 && out.routedShare >= 1.0) {
                fuseGemmGroups(tree, result, node, *timing, out, childSeconds, childExpected, childKernels);
                fuseGatedActivation(tree, result, node, *timing, out, own, childSeconds, childExpected);
            }
            out.seconds = childSeconds + own.bound;
            out.expectedSeconds = childExpected + own.expected;
            out.kernels = childKernels + own.kernels;
            out.floorSeconds = childFloors + own.floors;
            out.fullFloorSeconds = fullFloors;
            out.fullKernels = fullKernels;
            if (out.routedShare < 1.0) {
                // Every kernel inside a routed expert runs by its chance of being routed to.
                out.expectedSeconds += out.routedShare * fullFloors - out.floorSeconds;
                out.floorSeconds = out.routedShare * fullFloors;
                out.kernels = out.routedShare * fullKernels;
            }
        }
    }
    result.templateEvaluations = engine.templateEvaluations();
    if (timing && !result.nodes.empty()) {
        const NodeAnalysis& root = result.nodes[tree.root()];
        result.launchSeconds = root.kernels * timing->launch;
        result.expectedSeconds = std::max(root.expectedSeconds, result.launchSeconds);
    }

    // The formulas nobody reviewed that this analysis rests on, and the module instances that use them.
    if (!result.nodes.empty()) {
        // Instances per stored node, over the subtrees that run in this step only.
        thread_local std::vector<Int> instances;
        instances.assign(tree.storedNodes(), 0);
        instances[tree.root()] = inactive[tree.root()] ? 0 : 1;
        for (model::NodeId id = static_cast<model::NodeId>(tree.storedNodes()); id-- > 0;) {
            if (instances[id] == 0)
                continue;
            for (const auto& [c, n] : entries[id].runs) {
                if (!inactive[c])
                    instances[c] += static_cast<Int>(n) * instances[id];
            }
        }
        std::vector<formula::ModuleId> used;
        for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
            const NodeAnalysis& n = result.nodes[id];
            if (n.unreviewed.empty() || instances[id] == 0)
                continue;
            result.unreviewedModules += instances[id];
            used.insert(used.end(), n.unreviewed.begin(), n.unreviewed.end());
        }
        std::sort(used.begin(), used.end());
        used.erase(std::unique(used.begin(), used.end()), used.end());
        for (formula::ModuleId m : used)
            result.unreviewedEntries.push_back(
                formula::modulePathFromKey(library.key(m)) + " (" + library.status(m) + ")");
    }
    for (const auto& key : excludedKeys)
        result.excludedEntries.push_back(key + ": " + library.exclusionReason(key));

    // Training keeps every forward activation for the backward pass: their bytes (the forward's writes).
    double forwardActivations = 0.0;
    if (!result.nodes.empty()) {
        if (const auto& writes = result.nodes[tree.root()].inclusive[Kind::Writes])
            forwardActivations = writes->toDouble();
    }

    if (settings.phase == Phase::Train) {
        // Forward plus backward: every matmul's backward is two matmuls of its size (grad input, grad weight).
        for (auto& n : result.nodes) {
            for (Kind k : formula::kAllKinds) {
                if (k == Kind::Params)
                    continue;
                n.inclusive[k] = scaleFigure(n.inclusive[k], 3);
                n.self[k] = scaleFigure(n.self[k], 3);
            }
            n.seconds *= 3;
            n.expectedSeconds *= 3;
            n.kernels *= 3;
            for (auto& c : n.childTimes) {
                c.expected *= 3;
                c.bound *= 3;
            }
        }
        result.launchSeconds *= 3;
        result.expectedSeconds *= 3;
    }

    result.weightBytes = asStored ? (std::floor(stored->bytes) == stored->bytes && stored->bytes < 9e18
                                 ? Number::integer(static_cast<Int>(stored->bytes))
                                 : Number::real(stored->bytes))
        : dtypeBytes(settings.weightDtype).isInteger()
        ? Number::integer(tree.totalParams() * dtypeBytes(settings.weightDtype).toInteger())
        : tree.totalParams() % 2 == 0 // int4: half a byte each
        ? Number::integer(tree.totalParams() / 2)
        : Number::real(static_cast<double>(tree.totalParams()) * dtypeBytes(settings.weightDtype).toDouble());
    if (const auto& kv = tree.kvCacheBytes()) {
        result.kvCacheBytes = valueOf(*kv);
    }
    // A fused engine's cache layout and attention products (MLA: the latent, absorbed projections).
    const auto& fused = tree.fused();
    if (settings.execution == Execution::Fused && settings.phase != Phase::Train) {
        if (fused.kvCacheBytes) {
            const auto transformersCache = result.kvCacheBytes;
            result.kvCacheBytes = valueOf(*fused.kvCacheBytes);
            if (result.kvCacheBytes)
                result.notes.push_back("KV cache as a fused engine keeps it: " + result.kvCacheBytes->toString()
                    + " bytes"
                    + (transformersCache ? " (transformers: " + transformersCache->toString() + " bytes)" : "")
                    + (fused.note.empty() ? "" : "; " + fused.note));
        }
        if (fused.attentionMatmulFlops && fused.referenceAttentionMatmulFlops) {
            const auto engine = valueOf(*fused.attentionMatmulFlops);
            const auto reference = valueOf(*fused.referenceAttentionMatmulFlops);
            if (engine && reference)
                result.notes.push_back("attention matmul FLOPs as the engine computes them: " + engine->toString()
                    + " (transformers' products, which the figures count: " + reference->toString() + ")");
        }
    }
    if (const auto& state = tree.stateBytes())
        result.stateBytes = valueOf(*state);
    double largestActivation = 0;
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        if (!tree.node(id).children.empty())
            continue;
        const auto& f = result.nodes[id].inclusive;
        const double a = (f[Kind::Writes] ? f[Kind::Writes]->toDouble() : 0)
            + (f[Kind::Intermediates] ? f[Kind::Intermediates]->toDouble() : 0);
        largestActivation = std::max(largestActivation, a);
    }
    if (settings.phase == Phase::Train) {
        // No KV cache in a training step (use_cache is off); weights, their gradients, Adam's two fp32
        // moments, and the activations kept for backward.
        result.kvCacheBytes = Number::integer(0);
        result.footprintBytes = Number::real(
            2 * result.weightBytes.toDouble() + 8.0 * static_cast<double>(tree.totalParams()) + forwardActivations);
    } else {
        result.footprintBytes =
            Number::real(result.weightBytes.toDouble() + (result.kvCacheBytes ? result.kvCacheBytes->toDouble() : 0.0)
                + (result.stateBytes ? result.stateBytes->toDouble() : 0.0) + largestActivation);
    }
    return result;
}

} // namespace

AnalysisResult analyze(const model::ModuleTree& tree, const formula::Library& library, const Settings& settings,
    const hardware::Profile* hardware)
{
    Interpreter engine(library, nullptr);
    return analyzeWith(tree, library, settings, hardware, engine, nodeEntries(tree, library));
}

struct Analyzer::Impl
{
    const model::ModuleTree& tree;
    const formula::Library& library;
    std::vector<NodeEntry> entries;
    // The plans recorded, the one used last first. A plan whose guards or tape the settings do not meet is passed
    // over; with none left, the analysis is evaluated and recorded as a new plan.
    std::list<Plan> plans;
    Stats stats;
};

Analyzer::Analyzer(const model::ModuleTree& tree, const formula::Library& library)
    : d(std::make_unique<Impl>(Impl { tree, library, nodeEntries(tree, library), {}, {} }))
{ }

Analyzer::~Analyzer() = default;

AnalysisResult Analyzer::analyze(const Settings& settings, const hardware::Profile* hardware)
{
    for (auto it = d->plans.begin(); it != d->plans.end(); ++it) {
        Replayer replayer(d->library, *it);
        AnalysisResult result = analyzeWith(d->tree, d->library, settings, hardware, replayer, d->entries);
        if (replayer.failed())
            continue;
        ++d->stats.replayed;
        d->plans.splice(d->plans.begin(), d->plans, it);
        return result;
    }
    Plan plan;
    Interpreter recorder(d->library, &plan);
    AnalysisResult result = analyzeWith(d->tree, d->library, settings, hardware, recorder, d->entries);
    plan.templateEvaluations = result.templateEvaluations;
    ++d->stats.recorded;
    if (plan.usable) {
        d->plans.push_front(std::move(plan));
        if (d->plans.size() > 4)
            d->plans.pop_back();
    }
    return result;
}

Analyzer::Stats Analyzer::stats() const
{
    return d->stats;
}

InstanceTime instanceTime(
    const AnalysisResult& result, const model::Node& parent, model::NodeId parentId, std::size_t childIndex)
{
    const NodeAnalysis& p = result.node(parentId);
    for (const auto& c : p.childTimes) {
        if (c.child == childIndex)
            return { c.expected, c.bound };
    }
    const NodeAnalysis& child = result.node(parent.children[childIndex].node);
    return { child.expectedSeconds, child.seconds };
}

std::string unreviewedSummary(const AnalysisResult& result)
{
    if (result.unreviewedEntries.empty())
        return {};
    std::string out = formula::toString(result.unreviewedModules)
        + (result.unreviewedModules == 1 ? " module uses" : " modules use") + " unreviewed formulas (";
    for (std::size_t i = 0; i < result.unreviewedEntries.size(); ++i)
        out += (i ? ", " : "") + result.unreviewedEntries[i];
    return out + ")";
}

} // namespace lmp::analysis
