// SPDX-License-Identifier: GPL-3.0-or-later
// Report speed. Target: the HTML report of DeepSeek-V3 (every expert an instance, tens of thousands of modules)
// written in under 200 ms, charts included. Run: QT_QPA_PLATFORM=offscreen build/bin/bench_report
// What is timed: the analysis, the report, the charts (drawn off-screen) and the HTML written to a file; the
// model and the database are read once before.

#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "report/report.h"
#include "report/writers.h"
#include "reportcharts.h"

#include <QApplication>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <iostream>

using namespace lmp;

namespace {

const analysis::Workspace& workspace()
{
    static const analysis::Workspace w = [] {
        QStandardPaths::setTestModeEnabled(true);
        auto loaded = analysis::Workspace::load();
        if (auto* e = std::get_if<QString>(&loaded)) {
            std::cerr << e->toStdString() << "\n";
            std::exit(2);
        }
        return std::get<analysis::Workspace>(std::move(loaded));
    }();
    return w;
}

std::shared_ptr<const model::LoadedModel> model(const char* id)
{
    auto loaded = workspace().loadModel(QString::fromLatin1(id));
    if (auto* e = std::get_if<model::ModelError>(&loaded)) {
        std::cerr << e->describe() << "\n";
        std::exit(2);
    }
    return std::make_shared<const model::LoadedModel>(std::get<model::LoadedModel>(std::move(loaded)));
}

void writeFile(const QString& path, const std::string& text)
{
    QSaveFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text.data(), static_cast<qint64>(text.size()));
    f.commit();
}

void htmlReport(benchmark::State& state, const char* modelId, bool charts)
{
    const auto m = model(modelId);
    const hardware::Profile* hw = workspace().catalogue.find("nvidia-h100-sxm");
    analysis::Settings settings;
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("report.html"));
    std::size_t bytes = 0;
    std::size_t rows = 0;
    for (auto _ : state) {
        const auto snapshot = widgets::makeSnapshot(m, workspace().library, settings, *hw);
        const report::Report r = widgets::reportOf(*snapshot);
        const std::string html =
            report::writeHtml(r, charts ? widgets::reportCharts(snapshot) : std::vector<report::Chart>());
        writeFile(file, html);
        bytes = html.size();
        rows = r.rows.size();
    }
    state.counters["html_kB"] = static_cast<double>(bytes) / 1000.0;
    state.counters["rows"] = static_cast<double>(rows);
    state.counters["modules"] = static_cast<double>(m->tree.moduleCount());
}

} // namespace

BENCHMARK_CAPTURE(htmlReport, DeepSeekV3, "deepseek-ai/DeepSeek-V3", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(htmlReport, DeepSeekV3_no_charts, "deepseek-ai/DeepSeek-V3", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(htmlReport, Llama31_8B, "meta-llama/Llama-3.1-8B", true)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
