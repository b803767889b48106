// SPDX-License-Identifier: GPL-3.0-or-later
// Report charts and PDF in a build with the window's widgets.
#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "compareview.h"
#include "reportcharts.h"
#include "reportoutput.h"
#include "reportpdf.h"

#include <QApplication>

namespace lmp::cli {

bool chartsAvailable()
{
    return qobject_cast<QApplication*>(QCoreApplication::instance()) != nullptr;
}

std::vector<report::Chart> reportCharts(const ChartSource& source)
{
    if (!chartsAvailable())
        return {};
    return widgets::reportCharts(widgets::makeSnapshot(source.model, source.library, source.settings, source.hardware));
}

std::vector<report::Chart> comparisonCharts(const ChartSource& a, const ChartSource& b)
{
    if (!chartsAvailable())
        return {};
    // The compare view draws the chart; it needs no workspace for two finished analyses.
    widgets::CompareView view(std::make_shared<const analysis::Workspace>());
    view.setComparison(widgets::makeSnapshot(a.model, a.library, a.settings, a.hardware),
        widgets::makeSnapshot(b.model, b.library, b.settings, b.hardware));
    return { view.chart() };
}

std::string writePdfFile(
    const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file)
{
    if (!chartsAvailable())
        return "PDF needs the graphical libraries, which this process did not start";
    return widgets::writePdf(printHtml, charts, QString::fromStdString(file)).toStdString();
}

} // namespace lmp::cli
