// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The names every template may use without declaring them (the analysis context) and the functions of the
// formula language: defined once here, for the compiler, the database check, the architecture builder, the
// analysis, the command line's help and the formula editor's completion.

#include <span>
#include <string_view>

namespace lmp::formula {

struct ContextVariable
{
    std::string_view name;
    std::string_view description; // one line, for help texts and completion
};

// B, S, P, S_kv, T, N, w_bytes, a_bytes, kv_bytes, dtype_bytes, attn_eager, causal_half, logits_tokens, pos_batch.
std::span<const ContextVariable> contextVariables();
const ContextVariable* findContextVariable(std::string_view name);
inline bool isContextVariable(std::string_view name)
{
    return findContextVariable(name) != nullptr;
}

struct FunctionInfo
{
    std::string_view name;
    int minArguments;
    int maxArguments; // -1: any number
    std::string_view signature; // "ceil_div(a, b)"
    std::string_view description; // one line
};

// The function whitelist: if, min, max, ceil, floor, ceil_div, log2, sqrt.
std::span<const FunctionInfo> functions();
const FunctionInfo* findFunction(std::string_view name);

} // namespace lmp::formula
