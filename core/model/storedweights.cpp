// SPDX-License-Identifier: GPL-3.0-or-later
#include "storedweights.h"

#include <array>
#include <cmath>
#include <functional>
#include <optional>

namespace lmp::model {

namespace {

using Json = nlohmann::ordered_json;

// Bytes per element of a torch dtype name as config.json writes it ("bfloat16", "float32").
std::optional<double> dtypeBytes(const std::string& name)
{
    if (name == "bfloat16" || name == "float16" || name == "half")
        return 2;
    if (name == "float32" || name == "float")
        return 4;
    if (name == "float8_e4m3fn" || name == "int8" || name == "uint8")
        return 1;
    return std::nullopt;
}

std::string shortDtype(const std::string& name)
{
    if (name == "bfloat16")
        return "bf16";
    if (name == "float16" || name == "half")
        return "fp16";
    if (name == "float32" || name == "float")
        return "fp32";
    return name;
}

// modules_to_not_convert patterns ("model.layers.*.self_attn", "lm_head"): a pattern matches a module path or
// one of its prefixes, '*' standing for one path component.
bool matches(const std::string& pattern, const std::string& path)
{
    std::size_t p = 0, s = 0;
    while (p < pattern.size()) {
        const std::size_t pe = std::min(pattern.find('.', p), pattern.size());
        const std::size_t se = std::min(path.find('.', s), path.size());
        if (s >= path.size() + (path.empty() ? 1 : 0))
            return false;
        const std::string_view pc(pattern.data() + p, pe - p);
        const std::string_view sc(path.data() + s, se - s);
        if (pc != "*" && pc != sc)
            return false;
        p = pe + 1;
        s = se + 1;
        if (pe >= pattern.size())
            return true;
        if (se >= path.size())
            return false;
    }
    return true;
}

} // namespace

std::optional<StoredWeights> storedWeights(const nlohmann::ordered_json& config, const ModuleTree& tree)
{
    std::string dtypeName;
    for (const char* key : { "torch_dtype", "dtype" }) {
        const auto it = config.find(key);
        if (it != config.end() && it->is_string()) {
            dtypeName = it->get<std::string>();
            break;
        }
    }
    const auto q = config.find("quantization_config");
    const bool quantized = q != config.end() && q->is_object();
    if (dtypeName.empty() && !quantized)
        return std::nullopt;
    StoredWeights w;
    const double base = dtypeBytes(dtypeName).value_or(2);
    w.dtype = dtypeName.empty() ? "bf16" : shortDtype(dtypeName);
    if (!dtypeBytes(dtypeName) && !dtypeName.empty())
        w.note = "torch_dtype '" + dtypeName + "' is not one LM-Predictor knows: weights counted at 2 bytes";

    std::vector<std::string> keep; // modules_to_not_convert / ignored layers
    Int bits = 4, group = 128, blockOut = 0, blockIn = 0;
    if (quantized) {
        w.method = q->value("quant_method", std::string());
        for (const char* key : { "modules_to_not_convert", "ignored_layers" }) {
            if (const auto m = q->find(key); m != q->end() && m->is_array()) {
                for (const auto& p : *m)
                    if (p.is_string())
                        keep.push_back(p.get<std::string>());
            }
        }
        if (const auto b = q->find("bits"); b != q->end() && b->is_number_integer())
            bits = b->get<std::int64_t>();
        if (const auto g = q->find("group_size"); g != q->end() && g->is_number_integer())
            group = g->get<std::int64_t>();
        if (const auto b = q->find("weight_block_size"); b != q->end() && b->is_array() && b->size() == 2
            && (*b)[0].is_number_integer() && (*b)[1].is_number_integer()) {
            blockOut = (*b)[0].get<std::int64_t>();
            blockIn = (*b)[1].get<std::int64_t>();
        }
        if (w.method == "fp8")
            w.description = blockOut > 0
                ? "fp8 (e4m3) Linear weights with one fp32 scale per "
                    + std::to_string(static_cast<long long>(blockOut)) + "x"
                    + std::to_string(static_cast<long long>(blockIn)) + " block, " + w.dtype + " elsewhere"
                : "fp8 Linear weights with one fp32 scale per tensor, " + w.dtype + " elsewhere";
        else if (w.method == "mxfp4")
            w.description = "MXFP4 experts (4-bit values and one 8-bit scale per 32), " + w.dtype + " elsewhere";
        else if (w.method == "gptq" || w.method == "awq")
            w.description = w.method + " int" + std::to_string(static_cast<long long>(bits))
                + " Linear weights with fp16 scales and " + std::to_string(static_cast<long long>(bits))
                + "-bit zero points per group of " + std::to_string(static_cast<long long>(group))
                + (w.method == "gptq" ? " and an int32 group index per input" : "") + ", " + w.dtype + " elsewhere";
        else {
            w.note = "quantization '" + w.method + "' is not modelled: weights counted at " + w.dtype;
            w.method.clear();
        }
    }
    if (w.description.empty())
        w.description = w.dtype + " weights";
    if (bits <= 0 || bits > 16)
        bits = 4;

    // The bytes of one module's own tensors (instance name: only whether it is kept or the output head matters).
    struct Own
    {
        double bytes = 0;
        Int quantizedParams = 0;
    };
    const auto own = [&](const Node& node, bool kept, bool head) {
        Own o;
        const bool linear = node.classPath == "torch.nn.Linear";
        for (const auto& t : node.tensors) {
            if (!t.tiedTo.empty())
                continue;
            const Int n = t.elements();
            const double elements = static_cast<double>(n);
            bool done = false;
            if (!kept && !head && !w.method.empty()) {
                if (w.method == "fp8" && linear && t.name == "weight" && t.shape.size() == 2) {
                    const Int out = t.shape[0], in = t.shape[1];
                    const double scales = blockOut > 0
                        ? static_cast<double>(((out + blockOut - 1) / blockOut) * ((in + blockIn - 1) / blockIn))
                        : 1.0;
                    o.bytes += elements + 4 * scales;
                    done = true;
                } else if (w.method == "mxfp4" && t.shape.size() == 3
                    && (t.name == "gate_up_proj" || t.name == "down_proj")) {
                    o.bytes += elements * 17.0 / 32.0; // 16 bytes of values and 1 scale byte per 32 values
                    done = true;
                } else if ((w.method == "gptq" || w.method == "awq") && linear && t.name == "weight"
                    && t.shape.size() == 2) {
                    const Int out = t.shape[0], in = t.shape[1];
                    const double groups = static_cast<double>(group > 0 ? (in + group - 1) / group : 1);
                    o.bytes += elements * bits / 8.0 + static_cast<double>(out) * groups * (2.0 + bits / 8.0);
                    if (w.method == "gptq")
                        o.bytes += 4.0 * static_cast<double>(in);
                    done = true;
                }
            }
            if (done)
                o.quantizedParams += n;
            else
                o.bytes += elements * base;
        }
        return o;
    };
    // Pre-quantized checkpoints leave the output head and the embeddings in the base dtype.
    const auto isHead = [](const std::string& name) {
        return name == "lm_head" || name.ends_with(".lm_head") || name.ends_with("embed_out");
    };
    double bytes = 0;
    Int quantizedParams = 0;
    if (keep.empty()) {
        // Without names to keep, a subtree's bytes depend on the stored node and whether it is the head: each
        // stored subtree is counted once. Every figure is a whole number of bytes below 2^53, so the order of the
        // sums does not change them.
        std::vector<std::array<std::optional<Own>, 2>> memo(tree.storedNodes());
        const std::function<Own(NodeId, bool)> subtree = [&](NodeId id, bool head) {
            auto& slot = memo[id][head ? 1 : 0];
            if (!slot) {
                const Node& node = tree.node(id);
                Own o = own(node, false, head);
                for (const auto& c : node.children) {
                    const Own child = subtree(c.node, isHead(c.name));
                    o.bytes += child.bytes;
                    o.quantizedParams += child.quantizedParams;
                }
                slot = o;
            }
            return *slot;
        };
        const Own all = subtree(tree.root(), false);
        bytes = all.bytes;
        quantizedParams = all.quantizedParams;
    } else {
        tree.walk([&](const std::string& name, const Node& node, int) {
            const bool kept =
                std::any_of(keep.begin(), keep.end(), [&](const std::string& p) { return matches(p, name); });
            const Own o = own(node, kept, isHead(name));
            bytes += o.bytes;
            quantizedParams += o.quantizedParams;
            return true;
        });
    }
    w.bytes = bytes;
    w.quantizedParams = quantizedParams;
    return w;
}

} // namespace lmp::model
