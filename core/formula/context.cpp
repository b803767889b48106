// SPDX-License-Identifier: GPL-3.0-or-later
#include "context.h"

#include <array>

namespace lmp::formula {

namespace {

constexpr std::array kContext = {
    ContextVariable { "B", "batch size: sequences in the step" },
    ContextVariable { "S", "new tokens per sequence in this step (a decode step: 1)" },
    ContextVariable {
        "P", "tokens already cached per sequence before this step (a prefill continues after them; 0 by default)" },
    ContextVariable { "S_kv", "key/value length attention sees: P + S" },
    ContextVariable { "T", "tokens in the step: B * S" },
    ContextVariable { "N", "rows a token-wise module sees: B * S (the seed's name for T)" },
    ContextVariable { "w_bytes", "bytes per weight element (bf16: 2, int4: 0.5)" },
    ContextVariable { "a_bytes", "bytes per activation element" },
    ContextVariable { "kv_bytes", "bytes per KV-cache element" },
    ContextVariable { "dtype_bytes", "bytes per element of the seed's templates: a_bytes" },
    ContextVariable { "attn_eager", "1 when attention is eager (the score matrix is materialized), 0 for SDPA/flash" },
    ContextVariable { "causal_half", "1 to count causal attention as fused kernels run it (masked half skipped)" },
    ContextVariable { "logits_tokens", "positions the LM head runs on: T, or B with last-position logits" },
    ContextVariable { "pos_batch", "batch of the position ids rotary embeddings see (1: shared by the batch)" },
    ContextVariable { "images", "input images per sequence (multimodal models; 0: text only)" },
    ContextVariable { "image_height", "height in pixels of each input image" },
    ContextVariable { "image_width", "width in pixels of each input image" },
};

constexpr std::array kFunctions = {
    FunctionInfo { "if", 3, 3, "if(condition, then, else)",
        "then when condition is not 0, else otherwise; only "
        "the chosen branch is evaluated" },
    FunctionInfo { "min", 1, -1, "min(a, b, ...)", "the smallest argument" },
    FunctionInfo { "max", 1, -1, "max(a, b, ...)", "the largest argument" },
    FunctionInfo { "ceil", 1, 1, "ceil(x)", "the smallest integer not below x" },
    FunctionInfo { "floor", 1, 1, "floor(x)", "the largest integer not above x" },
    FunctionInfo { "ceil_div", 2, 2, "ceil_div(a, b)", "a / b rounded up, exact for integers" },
    FunctionInfo { "log2", 1, 1, "log2(x)", "base-2 logarithm (a real number)" },
    FunctionInfo { "sqrt", 1, 1, "sqrt(x)", "square root (a real number)" },
};

} // namespace

std::span<const ContextVariable> contextVariables()
{
    return kContext;
}

const ContextVariable* findContextVariable(std::string_view name)
{
    for (const auto& v : kContext) {
        if (v.name == name)
            return &v;
    }
    return nullptr;
}

std::span<const FunctionInfo> functions()
{
    return kFunctions;
}

const FunctionInfo* findFunction(std::string_view name)
{
    for (const auto& f : kFunctions) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

} // namespace lmp::formula
