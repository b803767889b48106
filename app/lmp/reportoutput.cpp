// SPDX-License-Identifier: GPL-3.0-or-later
// Report charts, PDF and lmp plot through the chart module (chartsplugin.h), loaded for the commands that draw.
#include "reportoutput.h"

#include <QCoreApplication>
#ifdef LMP_HAVE_CHARTS
#include "chartsplugin.h"

#include <QLibrary>

#include <filesystem>
#include <system_error>
#endif

#include <iostream>

namespace lmp::cli {

namespace {

struct Module
{
    const void* plugin = nullptr; // the ChartsPlugin, once loaded
    bool drawing = false; // it made the application
    std::string problem; // why there is none
    bool warned = false;
};

Module& module()
{
    static Module m;
    return m;
}

#ifdef LMP_HAVE_CHARTS
const ChartsPlugin* plugin()
{
    return static_cast<const ChartsPlugin*>(module().plugin);
}

// The module sits at a fixed place relative to the lmp executable, in the build and once installed.
std::string modulePath()
{
    std::error_code error;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
    const std::filesystem::path dir = error ? std::filesystem::current_path(error) : exe.parent_path();
    return (dir / LMP_CHARTS_MODULE).lexically_normal().string();
}

const ChartsPlugin* load()
{
    Module& m = module();
    if (m.plugin || !m.problem.empty())
        return plugin();
    const std::string path = modulePath();
    QLibrary library(QString::fromStdString(path));
    const auto entry = reinterpret_cast<const ChartsPlugin* (*)()>(library.resolve("lmp_charts_plugin"));
    const ChartsPlugin* p = entry ? entry() : nullptr;
    if (!entry)
        m.problem = "the chart module could not be loaded: " + library.errorString().toStdString();
    else if (!p || p->version != ChartsPlugin::kVersion || std::string(p->projectVersion) != LMP_VERSION)
        m.problem = "the chart module " + path + " belongs to another version of lmp";
    else
        m.plugin = p;
    return plugin();
}
#endif

} // namespace

QCoreApplication* makeDrawingApplication([[maybe_unused]] int& argc, [[maybe_unused]] char** argv)
{
#ifdef LMP_HAVE_CHARTS
    if (const ChartsPlugin* p = load()) {
        module().drawing = true;
        return p->makeApplication(argc, argv);
    }
#endif
    return nullptr;
}

bool chartsAvailable()
{
    return module().drawing && QCoreApplication::instance();
}

namespace {

std::string unavailable()
{
#ifdef LMP_HAVE_CHARTS
    if (!module().problem.empty())
        return module().problem;
    return "charts need the graphical libraries, which this process did not start";
#else
    return "this build of lmp has no graphical libraries (LMP_BUILD_GUI=OFF)";
#endif
}

// A report written without its charts says so once.
void warnNoCharts()
{
    Module& m = module();
    if (!m.warned)
        std::cerr << "lmp: the report has no charts: " << unavailable() << "\n";
    m.warned = true;
}

} // namespace

std::vector<report::Chart> reportCharts([[maybe_unused]] const ChartSource& source)
{
#ifdef LMP_HAVE_CHARTS
    if (chartsAvailable())
        return plugin()->reportCharts(source);
#endif
    warnNoCharts();
    return {};
}

std::vector<report::Chart> comparisonCharts(
    [[maybe_unused]] const ChartSource& a, [[maybe_unused]] const ChartSource& b)
{
#ifdef LMP_HAVE_CHARTS
    if (chartsAvailable())
        return plugin()->comparisonCharts(a, b);
#endif
    warnNoCharts();
    return {};
}

std::string writePdfFile([[maybe_unused]] const std::string& printHtml,
    [[maybe_unused]] const std::vector<report::Chart>& charts, [[maybe_unused]] const std::string& file)
{
#ifdef LMP_HAVE_CHARTS
    if (chartsAvailable())
        return plugin()->writePdfFile(printHtml, charts, file);
    return "PDF needs charts, and " + unavailable();
#else
    return unavailable() + ": write .html and print it instead";
#endif
}

int plotChart([[maybe_unused]] const PlotArgs& args, [[maybe_unused]] std::ostream& out, std::ostream& err)
{
#ifdef LMP_HAVE_CHARTS
    if (chartsAvailable())
        return plugin()->runPlot(args, out, err);
    err << "lmp: plot needs charts, and " << unavailable() << "\n";
#else
    err << "lmp: this build of lmp has no charts (LMP_BUILD_GUI=OFF)\n";
#endif
    return 2;
}

} // namespace lmp::cli
