// SPDX-License-Identifier: GPL-3.0-or-later
// Generation speed. Target: 4,096 generated tokens of Llama-3.1-405B (prompt 1,024, H100, fused) in under 100 ms.
// Run: build/bin/bench_generate. What is timed: analysis::generate (the prefill and the decode steps it analyses);
// the model and the database are read once before.

#include "../testworkspace.h"
#include "analysis/generation.h"

#include <benchmark/benchmark.h>

using namespace lmp;

namespace {

void generate(benchmark::State& state, const char* modelId, analysis::Int tokens)
{
    const auto m = test::loadModel(QString::fromLatin1(modelId));
    const auto* hw = test::workspace().catalogue.find("nvidia-h100-sxm");
    analysis::Settings s;
    s.execution = analysis::Execution::Fused;
    analysis::GenerationOptions o;
    o.prompt = 1024;
    o.tokens = tokens;
    int analysed = 0;
    for (auto _ : state) {
        const auto g = analysis::generate(m->tree, *test::workspace().library, s, *hw, o);
        analysed = g.analysedSteps;
        benchmark::DoNotOptimize(g.endToEnd);
    }
    state.counters["analyses"] = analysed;
}

} // namespace

BENCHMARK_CAPTURE(generate, llama_405b_4096, "meta-llama/Llama-3.1-405B", 4096)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generate, llama_8b_256, "meta-llama/Llama-3.1-8B", 256)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(generate, deepseek_v3_4096, "deepseek-ai/DeepSeek-V3", 4096)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
