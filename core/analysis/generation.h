// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"

#include <optional>
#include <string>
#include <vector>

namespace lmp::analysis {

// One step of a generation: the prefill (token 1) or a decode step that produces token `token`.
struct GenerationStep
{
    Int token = 0; // the output token the step produces (1: the prefill's)
    Int cached = 0; // tokens in the KV cache after the step (P + token for a decode step)
    double seconds = 0; // expected (the analysis' step time)
    double roofline = 0; // the roofline bound
    std::optional<Number> kvCacheBytes;
    std::optional<Number> footprintBytes;
    bool analysed = true; // false: interpolated between analysed steps
};

// Serving one batch of requests: a prefill of the prompt, then one decode step per further output token.
struct GenerationResult
{
    Int prompt = 0;
    Int tokens = 0; // output tokens per sequence
    Int batch = 1;
    double ttft = 0; // time to first token: the prefill (the LM head on the last position only)
    double ttftRoofline = 0;
    double decodeSeconds = 0; // the tokens - 1 decode steps together
    double decodeRoofline = 0;
    double tpot = 0; // time per output token: the mean decode step (0 for a single token)
    double tpotRoofline = 0;
    double tpotFirst = 0, tpotLast = 0; // the first and the last decode step: the step grows with the cache
    double endToEnd = 0; // ttft + decodeSeconds
    double tokensPerSecond = 0; // output tokens of the whole batch over the end-to-end time
    double decodeTokensPerSecond = 0; // batch / tpot
    std::optional<Number> kvCacheBytes; // after the last step
    std::optional<Number> footprintBytes; // of the last step
    double memoryBytes = 0; // the device's
    // The context (prompt + generated) at which the footprint reaches the device memory, when the KV cache grows;
    // nullopt when it never does within 2^30 tokens or there is no cache.
    std::optional<Int> contextAtMemory;
    int analysedSteps = 0; // full analyses run
    bool sampled = false; // decode steps between analysed ones are interpolated linearly
    std::vector<GenerationStep> steps; // the prefill, then every decode step in order
    std::vector<std::string> notes;
};

struct GenerationOptions
{
    Int prompt = 1024;
    Int tokens = 256;
    // Decode runs of at most this many steps are analysed step by step; longer ones at `samples` evenly spaced
    // steps (first and last included) with the steps between interpolated: a step is affine in the cache length
    // between kinks, and the interpolation is exact at every analysed step.
    Int exactSteps = 1024;
    int samples = 65;
};

// "" or why the options cannot run (a prompt or token count out of range).
std::string generationProblem(const GenerationOptions& options);

// The generation on the settings' batch, dtypes and execution (phase, seq, past and logits are the generation's).
GenerationResult generate(const model::ModuleTree& tree, const formula::Library& library, const Settings& settings,
    const hardware::Profile& hardware, const GenerationOptions& options);

} // namespace lmp::analysis
