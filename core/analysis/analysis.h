// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/timemodel.h"
#include "formula/evaluator.h"
#include "formula/kind.h"
#include "formula/library.h"
#include "formula/number.h"
#include "hardware/hardware.h"
#include "model/moduletree.h"

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::analysis {

using formula::Int;
using formula::Kind;
using formula::Number;

// Train: a forward and a backward step; torch.utils.flop_counter counts each matmul's backward as two
// matmuls of the forward's size, so every figure is three times the forward's (bytes: an estimate).
enum class Phase { Prefill, Decode, Train };
enum class Dtype { FP32, BF16, FP16, FP8, INT8, INT4 };

std::optional<Dtype> dtypeFromName(std::string_view name);
std::string_view dtypeName(Dtype dtype);
// Bytes per element: 4, 2, 2, 1, 1 and 0.5 (int4, a real number).
Number dtypeBytes(Dtype dtype);
std::optional<Phase> phaseFromName(std::string_view name);
std::string_view phaseName(Phase phase);

struct Settings
{
    Phase phase = Phase::Prefill;
    Int batch = 1;
    Int seq = 2048; // new tokens per sequence in this step (a decode step: 1)
    Int past = 0; // tokens already cached (prefill: 0)
    Dtype weightDtype = Dtype::BF16;
    // Weights as the model's checkpoint stores them (the config's torch_dtype and quantization_config, scales
    // included) where the config says; weightDtype otherwise. An explicit weight dtype turns it off.
    bool checkpointWeights = true;
    Dtype actDtype = Dtype::BF16;
    Dtype kvDtype = Dtype::BF16;
    bool eagerAttention = false; // eager materializes the attention scores; sdpa/flash (the default) do not
    bool causalHalf = false; // count causal attention as fused kernels run it (masked blocks skipped)
    bool logitsLastOnly = false; // generation: the LM head runs on the last position only
    // Multimodal inputs: images per sequence and their size in pixels. With images, the vision tower runs in
    // prefill and the tokens each image adds (the definition's image_tokens) join the sequence.
    Int images = 0;
    Int imageHeight = 1024;
    Int imageWidth = 1024;
    // Which kernels the forward runs (timemodel.h). Fused runs flash attention: no score matrix (attn_eager 0).
    Execution execution = Execution::Eager;
    // fp32 matmuls on TF32 tensor cores (torch.backends.cuda.matmul.allow_tf32); off by default, as in PyTorch.
    bool tf32 = false;

    // The context every template sees: B, S, P, S_kv, T, N, w_bytes, a_bytes, kv_bytes, dtype_bytes,
    // attn_eager, causal_half, logits_tokens, pos_batch, images, image_height, image_width.
    std::vector<formula::NamedValue> context() const;

    bool operator==(const Settings&) const = default;
};

// Settings from command-line options by name, without dashes: phase, batch, seq, past, weight-dtype, act-dtype,
// kv-dtype, attention (eager|sdpa), causal (half|full), logits (last|all), images, image-size (WIDTHxHEIGHT or one
// number for both), execution (eager|fused), tf32 (on|off); options not given keep base's values.
// --phase decode means one new token after 2047 cached unless --seq/--past say otherwise. A bad value gives a
// message naming the option and the accepted values.
std::variant<Settings, std::string> settingsFromOptions(
    const std::map<std::string, std::string>& options, Settings base = {});

// The six figures of a node; nullopt where unknown (no template of that kind, or an evaluation error).
struct Figures
{
    std::array<std::optional<Number>, formula::kKindCount> values;
    const std::optional<Number>& operator[](Kind kind) const { return values[static_cast<std::size_t>(kind)]; }
    std::optional<Number>& operator[](Kind kind) { return values[static_cast<std::size_t>(kind)]; }
};

// a + b, a - b and n x factor of one figure: exact while both are integers (else real), nullopt when either is
// unknown; a difference of reals smaller than a part in 1e9 of the operands is 0 (round-off of divided shares).
std::optional<Number> addFigures(const std::optional<Number>& a, const std::optional<Number>& b);
std::optional<Number> subtractFigures(const std::optional<Number>& a, const std::optional<Number>& b);
std::optional<Number> scaleFigure(const std::optional<Number>& n, Int factor);

// figures x factor and a + b per kind, exact while the values are integers (else real); nullopt stays nullopt.
Figures scaled(const Figures& figures, Int factor);
Figures sum(const Figures& a, const Figures& b);
Figures zeroFigures();

struct NodeAnalysis
{
    Figures inclusive;
    Figures self; // inclusive minus the children's inclusive
    bool hasEntry = false; // the class has a database entry
    bool complete = true; // no module inside lacks an entry or failed to evaluate
    std::vector<std::string> warnings; // this node's own problems
    // Times on the analysis' device (0 without one), in the settings' execution model: the children's plus the
    // node's own work (a fused group of sibling GEMMs counts as one kernel: see childTimes).
    double seconds = 0; // the roofline bound: datasheet peaks and minimum traffic, never above a measurement
    double expectedSeconds = 0; // on the device, with the kernels' efficiencies and floors (timemodel.h)
    double kernels = 0; // kernels launched
    double floorSeconds = 0; // the kernels' floors inside expectedSeconds
    double fullFloorSeconds = 0, fullKernels = 0; // the same as if every routed expert inside ran
    // A routed expert (its w_bytes param scales by the chance a step routes any token to it): that chance; else 1.
    double routedShare = 1.0;
    // Where the node runs some children as one kernel (fused QKV, gate/up): child index and that child's share of
    // the group's times, which replace the child's own times for this instance. Empty otherwise.
    struct ChildTime
    {
        std::uint32_t child = 0;
        double expected = 0;
        double bound = 0;
    };
    std::vector<ChildTime> childTimes;
    // The entries this node's own figures rest on that no person validated (pending or needs changes): its own
    // entry and every entry its templates call. Empty for a node without an entry.
    std::vector<formula::ModuleId> unreviewed;
    // Its inclusive figures rest on an unreviewed formula: its own, or one of a module inside it.
    bool restsOnUnreviewed = false;
};

struct AnalysisResult
{
    std::vector<NodeAnalysis> nodes; // by model::NodeId
    const NodeAnalysis& node(model::NodeId id) const { return nodes[id]; }
    std::uint64_t templateEvaluations = 0;
    // The step on the analysis' device (0 without one): the kernels' expected time, or the host's time to launch
    // them (kernels x launch cost; CUDA graphs in a fused decode) when that is longer: a launch-bound step.
    double expectedSeconds = 0;
    double launchSeconds = 0;
    std::optional<Number> kvCacheBytes; // from the architecture's kv_cache_bytes; nullopt if it has none
    std::optional<Number> stateBytes; // recurrent state (Mamba, gated DeltaNet): the definition's state_bytes
    // Tokens the input images add to each sequence (images x the definition's image_tokens); 0 without images.
    Int imageTokens = 0;
    // Conventions the figures rest on beyond the entries: a class the config selects in place of the one the
    // family's entries call ("hidden_act 'gelu': ..."), images that a text-only model ignores.
    std::vector<std::string> notes;
    Number weightBytes; // parameters x bytes per weight, or the checkpoint's bytes as stored
    // The weights as the checkpoint stores them, when the analysis used them ("MXFP4 experts ..., bf16 elsewhere").
    std::string storedWeights;
    // Weights, KV cache and the largest activation a single module writes or materializes: an estimate of
    // the memory the step needs. Training: weights, gradients, Adam's two fp32 moments and every forward
    // activation kept for the backward pass.
    std::optional<Number> footprintBytes;
    // Which formulas the figures rest on that nobody reviewed: "key (status)" of every such entry the analysis used,
    // and the module instances whose own figures use one.
    std::vector<std::string> unreviewedEntries;
    Int unreviewedModules = 0;
    // Classes of the model whose database entry exists but was not used ("key: rejected").
    std::vector<std::string> excludedEntries;
};

// "32 modules use unreviewed formulas (transformers.models.llama.modeling_llama.LlamaMLP: pending)", or "" when
// every formula the analysis used was validated.
std::string unreviewedSummary(const AnalysisResult& result);

// The values an analysis binds to an entry with this call signature on this node: the node's params the signature
// declares, deferred ones (over B, S, T, dtypes) evaluated on the settings. A param that does not evaluate is left
// out and named in warnings. Everything else the entry's templates use falls back to settings.context().
std::vector<formula::NamedValue> nodeBindings(const model::Node& node, const std::vector<std::string>& signature,
    const formula::Library& library, const Settings& settings, std::vector<std::string>* warnings = nullptr);

// Evaluates every stored node of the tree once (identical layers are one node: one evaluation).
// A node whose class has a database entry takes the entry's templates, with the node's params bound by name;
// a node without one sums its children.
AnalysisResult analyze(const model::ModuleTree& tree, const formula::Library& library, const Settings& settings,
    const hardware::Profile* hardware = nullptr);

// Analyses of one tree with one library, one after another (a sweep, generation, the window as settings change):
// the first analysis records what its formulas leave to compute once B, S, P, the dtypes and the flags are known
// (formula::Residual: each distinct node's templates specialized for its bound params, shared sub-expressions
// computed once), and the next ones run only that, without evaluating a template or allocating per node. The results
// are identical to analyze()'s: a branch a template takes on the context is a guard, and an analysis whose
// settings fail a guard, or take another path through the tree (a subtree that does not run), is evaluated and
// recorded anew; a value whose evaluation fails is evaluated again in each analysis, for its error.
// templateEvaluations of a replayed analysis is that of the analysis it replays. One per thread; the tree and the
// library must outlive it.
class Analyzer
{
public:
    Analyzer(const model::ModuleTree& tree, const formula::Library& library);
    ~Analyzer();
    Analyzer(const Analyzer&) = delete;
    Analyzer& operator=(const Analyzer&) = delete;

    AnalysisResult analyze(const Settings& settings, const hardware::Profile* hardware = nullptr);

    struct Stats
    {
        std::uint64_t recorded = 0; // analyses evaluated (and recorded)
        std::uint64_t replayed = 0; // analyses run from a recording
    };
    Stats stats() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// Roofline time of work: max(matmul / matrix peak + other FLOPs / vector peak, bytes / bandwidth), with
// bytes = reads + writes + 2 * intermediates (each intermediate is written once and read back once). fp32 matmuls
// take the fp32 matrix rate (the vector rate on GPUs without one) unless tf32.
double rooflineSeconds(const Figures& figures, const hardware::Profile& hardware, Dtype actDtype, bool tf32 = false);
// The dtype key of the matrix peak matmuls run at: the activation dtype, "tf32" for fp32 with TF32 on.
std::string matrixDtypeKey(const Settings& settings);

// The times of one instance: child index i of parent (the parent's fused-group share where it has one).
struct InstanceTime
{
    double expected = 0;
    double bound = 0;
};
InstanceTime instanceTime(
    const AnalysisResult& result, const model::Node& parent, model::NodeId parentId, std::size_t childIndex);
// Memory traffic of figures as the roofline counts it (nullopt when unknown).
std::optional<Number> trafficBytes(const Figures& figures);

} // namespace lmp::analysis
