// SPDX-License-Identifier: GPL-3.0-or-later
#include "generation.h"

#include <algorithm>
#include <cmath>

namespace lmp::analysis {

std::string generationProblem(const GenerationOptions& o)
{
    if (o.prompt < 1 || o.prompt > (Int(1) << 26))
        return "--prompt takes a whole number of tokens from 1 to " + formula::toString(Int(1) << 26) + ", not "
            + formula::toString(o.prompt);
    if (o.tokens < 1 || o.tokens > (Int(1) << 24))
        return "--tokens takes a whole number of tokens from 1 to " + formula::toString(Int(1) << 24) + ", not "
            + formula::toString(o.tokens);
    return {};
}

GenerationResult generate(const model::ModuleTree& tree, const formula::Library& library, const Settings& settings,
    const hardware::Profile& hw, const GenerationOptions& o)
{
    GenerationResult g;
    g.prompt = o.prompt;
    g.tokens = o.tokens;
    g.batch = settings.batch;
    g.memoryBytes = hw.memoryBytes;

    Analyzer analyzer(tree, library);
    auto run = [&](Phase phase, Int seq, Int past, Int token) {
        Settings s = settings;
        s.phase = phase;
        s.seq = seq;
        s.past = past;
        s.logitsLastOnly = true;
        const AnalysisResult r = analyzer.analyze(s, &hw);
        ++g.analysedSteps;
        GenerationStep step;
        step.token = token;
        step.cached = past + seq;
        step.seconds = r.expectedSeconds;
        step.roofline = r.nodes.empty() ? 0.0 : r.node(tree.root()).seconds;
        step.kvCacheBytes = r.kvCacheBytes;
        step.footprintBytes = r.footprintBytes;
        return step;
    };

    const GenerationStep prefill = run(Phase::Prefill, o.prompt, 0, 1);
    g.ttft = prefill.seconds;
    g.ttftRoofline = prefill.roofline;
    g.steps.push_back(prefill);

    // Decode step k (1 .. tokens - 1) reads a cache of prompt + k - 1 tokens and produces token k + 1.
    const Int decodeSteps = o.tokens - 1;
    if (decodeSteps > 0) {
        std::vector<Int> analysedAt;
        if (decodeSteps <= o.exactSteps || o.samples < 2) {
            for (Int k = 1; k <= decodeSteps; ++k)
                analysedAt.push_back(k);
        } else {
            g.sampled = true;
            for (int i = 0; i < o.samples; ++i)
                analysedAt.push_back(
                    1 + static_cast<Int>(std::llround(static_cast<double>(decodeSteps - 1) * i / (o.samples - 1))));
            analysedAt.erase(std::unique(analysedAt.begin(), analysedAt.end()), analysedAt.end());
        }
        std::vector<GenerationStep> analysed;
        analysed.reserve(analysedAt.size());
        for (const Int k : analysedAt)
            analysed.push_back(run(Phase::Decode, 1, o.prompt + k - 1, k + 1));
        g.steps.reserve(static_cast<std::size_t>(decodeSteps) + 1);
        std::size_t seg = 0;
        for (Int k = 1; k <= decodeSteps; ++k) {
            while (seg + 1 < analysed.size() && analysedAt[seg + 1] <= k)
                ++seg;
            if (analysedAt[seg] == k) {
                g.steps.push_back(analysed[seg]);
            } else {
                // Between two analysed steps: linear in k.
                const auto& a = analysed[seg];
                const auto& b = analysed[seg + 1];
                const double f = static_cast<double>(k - analysedAt[seg])
                    / static_cast<double>(analysedAt[seg + 1] - analysedAt[seg]);
                GenerationStep step;
                step.token = k + 1;
                step.cached = o.prompt + k;
                step.seconds = a.seconds + f * (b.seconds - a.seconds);
                step.roofline = a.roofline + f * (b.roofline - a.roofline);
                auto lerp = [&](const std::optional<Number>& x,
                                const std::optional<Number>& y) -> std::optional<Number> {
                    if (!x || !y)
                        return std::nullopt;
                    return Number::real(x->toDouble() + f * (y->toDouble() - x->toDouble()));
                };
                step.kvCacheBytes = lerp(a.kvCacheBytes, b.kvCacheBytes);
                step.footprintBytes = lerp(a.footprintBytes, b.footprintBytes);
                step.analysed = false;
                g.steps.push_back(step);
            }
            g.decodeSeconds += g.steps.back().seconds;
            g.decodeRoofline += g.steps.back().roofline;
        }
        g.tpot = g.decodeSeconds / static_cast<double>(decodeSteps);
        g.tpotRoofline = g.decodeRoofline / static_cast<double>(decodeSteps);
        g.tpotFirst = g.steps[1].seconds;
        g.tpotLast = g.steps.back().seconds;
    }
    g.endToEnd = g.ttft + g.decodeSeconds;
    if (g.endToEnd > 0)
        g.tokensPerSecond = static_cast<double>(g.batch * g.tokens) / g.endToEnd;
    if (g.tpot > 0)
        g.decodeTokensPerSecond = static_cast<double>(g.batch) / g.tpot;
    g.kvCacheBytes = g.steps.back().kvCacheBytes;
    g.footprintBytes = g.steps.back().footprintBytes;

    // The cache grows by the same bytes per token: where the footprint meets the device memory.
    const auto& first = g.steps.front();
    const auto& last = g.steps.back();
    if (first.footprintBytes && last.footprintBytes && last.cached > first.cached && first.kvCacheBytes
        && last.kvCacheBytes) {
        const double perToken = (last.kvCacheBytes->toDouble() - first.kvCacheBytes->toDouble())
            / static_cast<double>(last.cached - first.cached);
        const double lastFootprint = last.footprintBytes->toDouble();
        if (perToken > 0 && hw.memoryBytes > 0) {
            const double context = static_cast<double>(last.cached) + (hw.memoryBytes - lastFootprint) / perToken;
            if (context >= 0 && context < 1073741824.0)
                g.contextAtMemory = static_cast<Int>(std::floor(context));
        }
    }
    if (g.sampled)
        g.notes.push_back(formula::toString(static_cast<Int>(g.analysedSteps - 1)) + " of "
            + formula::toString(decodeSteps)
            + " decode steps analysed (evenly spaced, first and last included); the steps between are interpolated "
              "linearly");
    if (g.footprintBytes && hw.memoryBytes > 0 && g.footprintBytes->toDouble() > hw.memoryBytes)
        g.notes.push_back(
            "the footprint at the end (weights, KV cache, the largest activation) exceeds " + hw.name + "'s memory");
    return g;
}

} // namespace lmp::analysis
