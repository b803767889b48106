// SPDX-License-Identifier: GPL-3.0-or-later
// Analyses in microseconds: one prefill analysis of Llama-2-7B and of DeepSeek-V3 (every expert an instance), and a
// 1,000-point sequence sweep of Llama-3.1-405B, each with the library an analysis of that model needs (read lazily, as
// lmp analyze reads it). "Analyzer" runs repeat the analysis through analysis::Analyzer (the recording replayed, the
// way a sweep, generation and the window run it); "Cold" runs are analysis::analyze() (every template evaluated).
// Targets: Llama-2-7B under 5 us, DeepSeek-V3 under 20 us, the sweep under 5 ms.

#include "analysis/analysis.h"
#include "analysis/sweep.h"
#include "analysis/workspace.h"
#include "db/lazydatabase.h"
#include "model/architecture.h"
#include "model/modelloader.h"

#include <QCoreApplication>

#include <benchmark/benchmark.h>

#include <iostream>
#include <map>
#include <memory>

using namespace lmp;

namespace {

struct Loaded
{
    model::LoadedModel model;
    std::shared_ptr<const formula::Library> library;
};

const Loaded& loaded(const char* id)
{
    static std::map<std::string, std::unique_ptr<Loaded>> cache;
    auto& slot = cache[id];
    if (!slot) {
        auto registry = model::ArchitectureRegistry::loadBuiltin();
        auto m = model::loadModel(QString::fromLatin1(id), std::get<model::ArchitectureRegistry>(registry));
        if (auto* e = std::get_if<model::ModelError>(&m)) {
            std::cerr << e->describe() << "\n";
            std::exit(2);
        }
        auto db = db::LazyDatabase::withBuiltin(QString());
        slot = std::make_unique<Loaded>();
        slot->model = std::move(std::get<model::LoadedModel>(m));
        auto lib = analysis::libraryFor(std::get<db::LazyDatabase>(db), slot->model.tree);
        slot->library = std::make_shared<const formula::Library>(std::move(*lib));
    }
    return *slot;
}

const hardware::Profile* h100()
{
    static const hardware::Catalogue catalogue = std::get<hardware::Catalogue>(hardware::Catalogue::loadBuiltin());
    return catalogue.find("nvidia-h100-sxm");
}

void analyzer(benchmark::State& state, const char* id, bool withHardware, analysis::Phase phase)
{
    const Loaded& m = loaded(id);
    analysis::Analyzer a(m.model.tree, *m.library);
    analysis::Settings settings;
    settings.phase = phase;
    if (phase == analysis::Phase::Decode) {
        settings.seq = 1;
        settings.past = 2047;
    }
    const hardware::Profile* hw = withHardware ? h100() : nullptr;
    for (auto _ : state) {
        auto r = a.analyze(settings, hw);
        benchmark::DoNotOptimize(r.nodes.data());
    }
    state.counters["recorded"] = static_cast<double>(a.stats().recorded);
}

void cold(benchmark::State& state, const char* id, bool withHardware)
{
    const Loaded& m = loaded(id);
    analysis::Settings settings;
    const hardware::Profile* hw = withHardware ? h100() : nullptr;
    std::uint64_t evaluations = 0;
    for (auto _ : state) {
        auto r = analysis::analyze(m.model.tree, *m.library, settings, hw);
        evaluations = r.templateEvaluations;
        benchmark::DoNotOptimize(r.nodes.data());
    }
    state.counters["evaluations"] = static_cast<double>(evaluations);
    state.counters["modules"] = static_cast<double>(m.library->moduleCount());
}

void BM_Analyzer_Llama2_7B_Prefill(benchmark::State& s)
{
    analyzer(s, "meta-llama/Llama-2-7b-hf", false, analysis::Phase::Prefill);
}
void BM_Analyzer_Llama2_7B_Decode(benchmark::State& s)
{
    analyzer(s, "meta-llama/Llama-2-7b-hf", false, analysis::Phase::Decode);
}
void BM_Analyzer_Llama2_7B_Prefill_H100(benchmark::State& s)
{
    analyzer(s, "meta-llama/Llama-2-7b-hf", true, analysis::Phase::Prefill);
}
void BM_Analyzer_Llama2_7B_Decode_H100(benchmark::State& s)
{
    analyzer(s, "meta-llama/Llama-2-7b-hf", true, analysis::Phase::Decode);
}
void BM_Analyzer_DeepSeekV3_Prefill(benchmark::State& s)
{
    analyzer(s, "deepseek-ai/DeepSeek-V3", false, analysis::Phase::Prefill);
}
void BM_Analyzer_DeepSeekV3_Prefill_H100(benchmark::State& s)
{
    analyzer(s, "deepseek-ai/DeepSeek-V3", true, analysis::Phase::Prefill);
}
void BM_Cold_Llama2_7B_Prefill(benchmark::State& s)
{
    cold(s, "meta-llama/Llama-2-7b-hf", false);
}
void BM_Cold_DeepSeekV3_Prefill(benchmark::State& s)
{
    cold(s, "deepseek-ai/DeepSeek-V3", false);
}
BENCHMARK(BM_Analyzer_Llama2_7B_Prefill)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyzer_Llama2_7B_Decode)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyzer_Llama2_7B_Prefill_H100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyzer_Llama2_7B_Decode_H100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyzer_DeepSeekV3_Prefill)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Analyzer_DeepSeekV3_Prefill_H100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cold_Llama2_7B_Prefill)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Cold_DeepSeekV3_Prefill)->Unit(benchmark::kMicrosecond);

// 1,000 sequence lengths (8 to 8,000 tokens) through runSweep: one Analyzer per thread, one analysis per point. The
// wall time is reported (the sweep runs on one thread per core, or on threads threads).
void sweep(benchmark::State& state, bool withHardware, unsigned threads = 0)
{
    const Loaded& m = loaded("meta-llama/Llama-3.1-405B");
    std::vector<formula::Int> xs;
    for (int i = 1; i <= 1000; ++i)
        xs.push_back(8 * i);
    const hardware::Profile* hw = withHardware ? h100() : nullptr;
    for (auto _ : state) {
        auto samples = analysis::runSweep(m.model.tree, *m.library, analysis::Settings {}, hw, analysis::SweepAxis::Seq,
            xs, { analysis::Phase::Prefill }, threads);
        benchmark::DoNotOptimize(samples.data());
    }
}

void BM_Sweep1000_Llama31_405B(benchmark::State& s)
{
    sweep(s, false);
}
void BM_Sweep1000_Llama31_405B_H100(benchmark::State& s)
{
    sweep(s, true);
}
void BM_Sweep1000_Llama31_405B_OneThread(benchmark::State& s)
{
    sweep(s, false, 1);
}
BENCHMARK(BM_Sweep1000_Llama31_405B)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sweep1000_Llama31_405B_H100)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Sweep1000_Llama31_405B_OneThread)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
