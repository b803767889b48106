// SPDX-License-Identifier: GPL-3.0-or-later
// Report charts and PDF in a build with the window's widgets.
#include "analysissnapshot.h"
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

std::string writePdfFile(
    const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file)
{
    if (!chartsAvailable())
        return "PDF needs the graphical libraries, which this process did not start";
    return widgets::writePdf(printHtml, charts, QString::fromStdString(file)).toStdString();
}

} // namespace lmp::cli
