// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formula/number.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lmp::model {

using formula::Int;

// A parameter tensor a module owns directly (not its children's).
struct Tensor
{
    std::string name; // "weight"
    std::vector<Int> shape;
    std::string tiedTo; // full name of the tensor this one is the same Parameter as ("" if none)
    Int elements() const;
};

struct NodeParam
{
    std::string name;
    formula::Number value;
    // A param that depends on the analysis (tokens, dtypes: see isAnalysisContextName) is kept as a formula
    // over those names only, with every config value already substituted: "${T} * 8 / 256". Empty otherwise.
    std::string expression;
    bool deferred() const { return !expression.empty(); }
};

// Names the analysis sets for every evaluation (B, S, P, S_kv, T, N, w_bytes, a_bytes, kv_bytes, dtype_bytes,
// attn_eager, causal_half, logits_tokens, pos_batch). An architecture param that uses one is deferred.
bool isAnalysisContextName(std::string_view name);

using NodeId = std::uint32_t;

// A child reference: the attribute name under the parent and the (possibly shared) node.
struct ChildRef
{
    std::string name;
    NodeId node;
};

// A module class instance's structure. Identical subtrees (80 decoder layers, 256 experts) are one node
// referenced many times; instance names live in the parent's ChildRef, so per-instance detail is kept.
struct Node
{
    std::string classPath; // torch.nn.Linear
    std::vector<NodeParam> params;
    std::vector<Tensor> tensors;
    std::vector<ChildRef> children;
    Int ownParams = 0; // elements of own tensors, tied ones excluded
    Int inclusiveParams = 0; // own plus every child instance's inclusive count
    Int instances = 1; // modules in this subtree, itself included (each shared child counted per reference)

    const formula::Number* param(std::string_view name) const;
};

// A class the config selects in place of the one the family's entries were written for: hidden_act "gelu" builds
// GELUActivation where the MLP's entry calls SiLU's. The analysis runs the entries' calls to from with to's.
struct Substitution
{
    std::string from; // torch.nn.SiLU
    std::string to; // transformers.activations.GELUActivation
    std::string field; // hidden_act
    std::string value; // the config's "gelu"
    std::string defaultValue; // the definition's default "silu"
    std::string path; // the first instance of the node the switch built ("model.layers.0.mlp.act_fn")
    std::vector<std::string> equivalents; // classes the same as from at other commits (nn.SiLU for SiLUActivation)
};

// The parameters as the model's checkpoint stores them (see storedweights.h).
struct StoredWeights
{
    std::string dtype; // the config's torch_dtype, short: "bf16"
    std::string method; // "fp8", "mxfp4", "gptq", "awq"; empty when not quantized (or not modelled)
    std::string description; // "MXFP4 experts (4-bit values and one 8-bit scale per 32), bf16 elsewhere"
    double bytes = 0; // every parameter as stored, scales and zero points included
    Int quantizedParams = 0; // parameters stored quantized
    std::string note; // a quantization or dtype LM-Predictor does not model
};

// The module hierarchy of a model, as model.named_modules() lists it.
class ModuleTree
{
public:
    NodeId root() const { return m_root; }
    const Node& node(NodeId id) const { return m_nodes[id]; }
    std::size_t storedNodes() const { return m_nodes.size(); }
    // Modules in the expanded tree, as named_modules() would count them.
    Int moduleCount() const { return m_nodes.empty() ? 0 : m_nodes[m_root].instances; }
    Int totalParams() const { return m_nodes.empty() ? 0 : m_nodes[m_root].inclusiveParams; }

    // Visits every module instance in named_modules() order: full dotted name ("" for the root), the node,
    // and the depth. Return false from the visitor to skip that instance's children.
    void walk(const std::function<bool(const std::string& name, const Node& node, int depth)>& visit,
        int maxDepth = -1) const;

    // By stored node: the full name of its first instance in named_modules() order ("" for the root, and for
    // a node no instance uses).
    std::vector<std::string> firstInstanceNames() const;

    // The node of an instance by full name ("model.layers.3.mlp"), or nullptr.
    const Node* find(std::string_view fullName) const;

    // Building: nodes are added bottom-up; add() returns the id of an identical node when there is one.
    NodeId add(Node node);
    void setRoot(NodeId id) { m_root = id; }

    // Bytes of KV cache the model holds after a step, from the architecture definition's "kv_cache_bytes"
    // (usually deferred: it depends on B, S_kv and kv_bytes). Absent for families that define none.
    const std::optional<NodeParam>& kvCacheBytes() const { return m_kvCacheBytes; }
    void setKvCacheBytes(NodeParam value) { m_kvCacheBytes = std::move(value); }

    // Bytes of recurrent state (Mamba's conv and SSM states, gated DeltaNet's) the model keeps in place of (or
    // beside) a KV cache, from the definition's "state_bytes".
    const std::optional<NodeParam>& stateBytes() const { return m_stateBytes; }
    // How a fused inference engine runs the model where it differs from transformers (the definition's "fused"):
    // the KV cache it keeps (MLA: the latent), the attention matmul FLOPs it runs and those of transformers' way.
    struct FusedExecution
    {
        std::optional<NodeParam> kvCacheBytes;
        std::optional<NodeParam> attentionMatmulFlops;
        std::optional<NodeParam> referenceAttentionMatmulFlops;
        std::string note;
    };
    const FusedExecution& fused() const { return m_fused; }
    void setFused(FusedExecution f) { m_fused = std::move(f); }
    void setStateBytes(NodeParam value) { m_stateBytes = std::move(value); }
    // Tokens one input image adds to the text sequence (the processor's count), from "image_tokens".
    const std::optional<NodeParam>& imageTokens() const { return m_imageTokens; }
    void setImageTokens(NodeParam value) { m_imageTokens = std::move(value); }
    const std::vector<Substitution>& substitutions() const { return m_substitutions; }
    const std::optional<StoredWeights>& storedWeights() const { return m_storedWeights; }
    void setStoredWeights(std::optional<StoredWeights> w) { m_storedWeights = std::move(w); }
    void setSubstitutions(std::vector<Substitution> s) { m_substitutions = std::move(s); }

private:
    std::vector<Node> m_nodes;
    std::optional<NodeParam> m_stateBytes;
    FusedExecution m_fused;
    std::optional<NodeParam> m_imageTokens;
    std::vector<Substitution> m_substitutions;
    std::optional<StoredWeights> m_storedWeights;
    std::unordered_map<std::string, NodeId> m_canonical;
    NodeId m_root = 0;
    std::optional<NodeParam> m_kvCacheBytes;
};

// The tree as `lmp inspect` prints it: MODULE, CLASS and PARAMS (inclusive) columns, two spaces of indent per
// level, down to maxDepth (-1: all). Runs of numbered siblings that share one node print once ("0-31  x32", params
// "each") unless expandRuns. transformers classes show by their short name.
std::string treeTable(const ModuleTree& tree, int maxDepth = -1, bool expandRuns = false);

} // namespace lmp::model
