// SPDX-License-Identifier: GPL-3.0-or-later
// The chart module (chartsplugin.h): the report's charts, the comparison's chart, PDF and lmp plot, from the window's
// widgets drawn off screen.
#include "chartsplugin.h"

#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "compareview.h"
#include "reportcharts.h"
#include "reportpdf.h"

#include <QApplication>

namespace lmp::cli {

namespace {

QCoreApplication* makeApplication(int& argc, char** argv)
{
    return new QApplication(argc, argv);
}

bool drawing()
{
    return qobject_cast<QApplication*>(QCoreApplication::instance()) != nullptr;
}

std::vector<report::Chart> charts(const ChartSource& source)
{
    if (!drawing())
        return {};
    return widgets::reportCharts(widgets::makeSnapshot(source.model, source.library, source.settings, source.hardware));
}

std::vector<report::Chart> comparison(const ChartSource& a, const ChartSource& b)
{
    if (!drawing())
        return {};
    // The compare view draws the chart; it needs no workspace for two finished analyses.
    widgets::CompareView view(std::make_shared<const analysis::Workspace>());
    view.setComparison(widgets::makeSnapshot(a.model, a.library, a.settings, a.hardware),
        widgets::makeSnapshot(b.model, b.library, b.settings, b.hardware));
    return { view.chart() };
}

std::string pdf(const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file)
{
    if (!drawing())
        return "PDF needs the graphical libraries, which this process did not start";
    return widgets::writePdf(printHtml, charts, QString::fromStdString(file)).toStdString();
}

const ChartsPlugin kPlugin { ChartsPlugin::kVersion, LMP_VERSION, &makeApplication, &charts, &comparison, &pdf,
    &runPlot };

} // namespace

} // namespace lmp::cli

extern "C" __attribute__((visibility("default"))) const lmp::cli::ChartsPlugin* lmp_charts_plugin()
{
    return &lmp::cli::kPlugin;
}
