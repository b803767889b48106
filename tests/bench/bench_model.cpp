// SPDX-License-Identifier: GPL-3.0-or-later
// Module tree speed and size. Targets: DeepSeek-V3 (every expert a node) built in < 20 ms and < 64 MiB;
// Llama-3.1-405B in < 2 ms. The config is read once; what is timed is building the tree from it.

#include "analysis/analysis.h"
#include "db/layereddatabase.h"
#include "model/architecture.h"
#include "model/modelconfig.h"

#include <QCoreApplication>

#include <benchmark/benchmark.h>

#include <iostream>
#include <sys/resource.h>

using namespace lmp::model;
namespace formula = lmp::formula;

namespace {

const ArchitectureRegistry& registry()
{
    static const ArchitectureRegistry r = [] {
        auto loaded = ArchitectureRegistry::loadBuiltin();
        if (auto* e = std::get_if<ModelError>(&loaded)) {
            std::cerr << e->describe() << "\n";
            std::exit(2);
        }
        return std::get<ArchitectureRegistry>(std::move(loaded));
    }();
    return r;
}

double maxRssMiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void buildTree(benchmark::State& state, const char* modelId)
{
    auto loaded = loadModelConfig(QString::fromLatin1(modelId));
    if (auto* e = std::get_if<ModelError>(&loaded)) {
        state.SkipWithError(e->describe().c_str());
        return;
    }
    const ModelConfig config = std::get<ModelConfig>(loaded);
    (void)registry();
    const double rssBefore = maxRssMiB();
    std::size_t stored = 0;
    double modules = 0;
    for (auto _ : state) {
        auto built = registry().build(config);
        const auto& tree = std::get<ModuleTree>(built);
        stored = tree.storedNodes();
        modules = static_cast<double>(tree.moduleCount());
        benchmark::DoNotOptimize(tree.totalParams());
    }
    state.counters["stored_nodes"] = static_cast<double>(stored);
    state.counters["modules"] = modules;
    state.counters["peak_rss_growth_MiB"] = maxRssMiB() - rssBefore;
}

void BM_BuildTree_DeepSeekV3(benchmark::State& state)
{
    buildTree(state, "deepseek-ai/DeepSeek-V3");
}
BENCHMARK(BM_BuildTree_DeepSeekV3)->Unit(benchmark::kMillisecond);

void BM_BuildTree_Llama31_405B(benchmark::State& state)
{
    buildTree(state, "meta-llama/Llama-3.1-405B");
}
BENCHMARK(BM_BuildTree_Llama31_405B)->Unit(benchmark::kMillisecond);

void BM_BuildTree_Qwen3_30B_A3B(benchmark::State& state)
{
    buildTree(state, "Qwen/Qwen3-30B-A3B");
}
BENCHMARK(BM_BuildTree_Qwen3_30B_A3B)->Unit(benchmark::kMillisecond);

// Visiting every instance of the expanded DeepSeek-V3 tree (about 45,000 modules), full names included.
void BM_WalkTree_DeepSeekV3(benchmark::State& state)
{
    auto loaded = loadModelConfig(QStringLiteral("deepseek-ai/DeepSeek-V3"));
    auto built = registry().build(std::get<ModelConfig>(loaded));
    const auto& tree = std::get<ModuleTree>(built);
    std::size_t visited = 0;
    for (auto _ : state) {
        visited = 0;
        tree.walk([&](const std::string&, const Node&, int) {
            ++visited;
            return true;
        });
    }
    state.counters["instances"] = static_cast<double>(visited);
}
BENCHMARK(BM_WalkTree_DeepSeekV3)->Unit(benchmark::kMillisecond);

const formula::Library& builtinLibrary()
{
    static const formula::Library lib = [] {
        auto db = lmp::db::LayeredDatabase::withBuiltin(QString());
        return formula::Library::build(std::get<lmp::db::LayeredDatabase>(db).moduleSpecs());
    }();
    return lib;
}

// A full prefill analysis of DeepSeek-V3 (every stored node; the result covers all 75,397 instances).
void BM_Analyze_DeepSeekV3(benchmark::State& state)
{
    auto loaded = loadModelConfig(QStringLiteral("deepseek-ai/DeepSeek-V3"));
    auto built = registry().build(std::get<ModelConfig>(loaded));
    const auto& tree = std::get<ModuleTree>(built);
    auto catalogue = lmp::hardware::Catalogue::loadBuiltin();
    const auto* h100 = std::get<lmp::hardware::Catalogue>(catalogue).find("nvidia-h100-sxm");
    lmp::analysis::Settings settings;
    settings.seq = 2048;
    for (auto _ : state) {
        auto r = lmp::analysis::analyze(tree, builtinLibrary(), settings, h100);
        benchmark::DoNotOptimize(r.nodes.data());
    }
}
BENCHMARK(BM_Analyze_DeepSeekV3)->Unit(benchmark::kMillisecond);

// A 100-point sequence-length sweep of Llama-3.1-405B: 100 full analyses.
void BM_Sweep100_Llama31_405B(benchmark::State& state)
{
    auto loaded = loadModelConfig(QStringLiteral("meta-llama/Llama-3.1-405B"));
    auto built = registry().build(std::get<ModelConfig>(loaded));
    const auto& tree = std::get<ModuleTree>(built);
    auto catalogue = lmp::hardware::Catalogue::loadBuiltin();
    const auto* h100 = std::get<lmp::hardware::Catalogue>(catalogue).find("nvidia-h100-sxm");
    for (auto _ : state) {
        for (int i = 1; i <= 100; ++i) {
            lmp::analysis::Settings settings;
            settings.seq = 128 * i;
            auto r = lmp::analysis::analyze(tree, builtinLibrary(), settings, h100);
            benchmark::DoNotOptimize(r.nodes.data());
        }
    }
}
BENCHMARK(BM_Sweep100_Llama31_405B)->Unit(benchmark::kMillisecond);

// Every catalogue model: its tree built from the config, then one prefill analysis of 2,048 tokens on an H100
// (registered per model in main: BM_Catalogue/<model id>).
void catalogueModel(benchmark::State& state, const QString& id)
{
    auto loaded = loadModelConfig(id);
    if (auto* e = std::get_if<ModelError>(&loaded)) {
        state.SkipWithError(e->describe().c_str());
        return;
    }
    const ModelConfig config = std::get<ModelConfig>(loaded);
    auto catalogue = lmp::hardware::Catalogue::loadBuiltin();
    const auto* h100 = std::get<lmp::hardware::Catalogue>(catalogue).find("nvidia-h100-sxm");
    lmp::analysis::Settings settings;
    settings.seq = 2048;
    (void)builtinLibrary();
    double modules = 0;
    for (auto _ : state) {
        auto built = registry().build(config);
        if (auto* e = std::get_if<ModelError>(&built)) {
            state.SkipWithError(e->describe().c_str());
            return;
        }
        const auto& tree = std::get<ModuleTree>(built);
        modules = static_cast<double>(tree.moduleCount());
        auto r = lmp::analysis::analyze(tree, builtinLibrary(), settings, h100);
        benchmark::DoNotOptimize(r.nodes.data());
    }
    state.counters["modules"] = modules;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    for (const QString& id : builtinModelIds())
        benchmark::RegisterBenchmark(("BM_Catalogue/" + id.toStdString()).c_str(), [id](benchmark::State& state) {
            catalogueModel(state, id);
        })->Unit(benchmark::kMillisecond);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
