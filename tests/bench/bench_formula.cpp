// SPDX-License-Identifier: GPL-3.0-or-later
// Formula engine and database speed. Targets: the seed's TransformerBlock FLOP template, fully evaluated with
// the memo off, at >= 1,000,000 evaluations per second on one core; the built-in database parsed in < 5 ms.

#include "db/layereddatabase.h"
#include "db/moduledatabase.h"
#include "formula/evaluator.h"
#include "formula/library.h"

#include <QCoreApplication>
#include <QFile>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>

using namespace lmp;

namespace {

std::string readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        std::cerr << "cannot read " << path.toStdString() << "\n";
        std::exit(2);
    }
    return f.readAll().toStdString();
}

formula::Library seedLibrary()
{
    const std::string text = readFile(QStringLiteral(LMP_TEST_DATA_DIR "/seed_example_db.json"));
    auto loaded = db::ModuleDatabase::fromJson(text, QStringLiteral("seed_example_db.json"));
    if (auto* e = std::get_if<db::DbError>(&loaded)) {
        std::cerr << e->describe() << "\n";
        std::exit(2);
    }
    return formula::Library::build(std::get<db::ModuleDatabase>(loaded).moduleSpecs());
}

const std::vector<formula::NamedValue> kWorkedExample {
    { "B", formula::Number::integer(1) },
    { "S", formula::Number::integer(2048) },
    { "hidden_size", formula::Number::integer(4096) },
    { "num_heads", formula::Number::integer(32) },
    { "intermediate_size", formula::Number::integer(11008) },
};

void evaluateBlock(benchmark::State& state, bool memo)
{
    const formula::Library lib = seedLibrary();
    const auto id = *lib.find("TransformerBlock");
    formula::Evaluator evaluator(lib);
    evaluator.setMemoization(memo);
    evaluator.setContext("dtype_bytes", formula::Number::integer(2));
    for (auto _ : state) {
        auto r = evaluator.evaluate(id, formula::Kind::Flops, kWorkedExample);
        benchmark::DoNotOptimize(r);
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["templates_per_eval"] = benchmark::Counter(
        static_cast<double>(evaluator.stats().templateEvaluations) / static_cast<double>(state.iterations()));
}

void BM_TransformerBlockFlops_NoMemo(benchmark::State& state)
{
    evaluateBlock(state, false);
}
BENCHMARK(BM_TransformerBlockFlops_NoMemo);

void BM_TransformerBlockFlops_Memo(benchmark::State& state)
{
    evaluateBlock(state, true);
}
BENCHMARK(BM_TransformerBlockFlops_Memo);

void BM_TransformerBlockAllKinds_NoMemo(benchmark::State& state)
{
    const formula::Library lib = seedLibrary();
    const auto id = *lib.find("TransformerBlock");
    formula::Evaluator evaluator(lib);
    evaluator.setMemoization(false);
    evaluator.setContext("dtype_bytes", formula::Number::integer(2));
    for (auto _ : state) {
        for (auto kind :
            { formula::Kind::Flops, formula::Kind::Reads, formula::Kind::Writes, formula::Kind::Intermediates }) {
            auto r = evaluator.evaluate(id, kind, kWorkedExample);
            benchmark::DoNotOptimize(r);
        }
    }
    state.SetItemsProcessed(state.iterations() * 4);
}
BENCHMARK(BM_TransformerBlockAllKinds_NoMemo);

void BM_CompileTemplate(benchmark::State& state)
{
    const formula::Library lib = seedLibrary();
    const std::string text = "3 * {torch__nn__Linear}(${B} * ${S}, ${hidden_size}, ${hidden_size}) + 2 * ${B} * "
                             "${num_heads} * ${S} * ${S} * (${hidden_size} // ${num_heads})";
    for (auto _ : state) {
        auto c = lib.compile(text);
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CompileTemplate);

// The whole built-in database: JSON parse, schema checks, every template compiled.
void BM_ParseBuiltinDatabase(benchmark::State& state)
{
    const std::string text = readFile(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
    for (auto _ : state) {
        auto loaded = db::ModuleDatabase::fromJson(text, QStringLiteral("builtin"));
        auto& database = std::get<db::ModuleDatabase>(loaded);
        auto lib = formula::Library::build(database.moduleSpecs());
        benchmark::DoNotOptimize(lib);
    }
    state.counters["bytes"] = static_cast<double>(text.size());
}
BENCHMARK(BM_ParseBuiltinDatabase)->Unit(benchmark::kMillisecond);

// The two halves of the above: reading the JSON with its schema checks, and compiling every template.
void BM_ReadBuiltinDatabaseJson(benchmark::State& state)
{
    const std::string text = readFile(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
    for (auto _ : state) {
        auto loaded = db::ModuleDatabase::fromJson(text, QStringLiteral("builtin"));
        benchmark::DoNotOptimize(loaded);
    }
}
BENCHMARK(BM_ReadBuiltinDatabaseJson)->Unit(benchmark::kMillisecond);

void BM_CompileBuiltinDatabase(benchmark::State& state)
{
    const std::string text = readFile(QString::fromLatin1(db::LayeredDatabase::kBuiltinResource));
    auto loaded = db::ModuleDatabase::fromJson(text, QStringLiteral("builtin"));
    const auto specs = std::get<db::ModuleDatabase>(loaded).moduleSpecs();
    for (auto _ : state) {
        auto lib = formula::Library::build(specs);
        benchmark::DoNotOptimize(lib);
    }
}
BENCHMARK(BM_CompileBuiltinDatabase)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
