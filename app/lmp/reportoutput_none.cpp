// SPDX-License-Identifier: GPL-3.0-or-later
// Report output in a build without the window (LMP_BUILD_GUI=OFF): no charts, no PDF.
#include "reportoutput.h"

namespace lmp::cli {

bool chartsAvailable()
{
    return false;
}

std::vector<report::Chart> reportCharts(const ChartSource&)
{
    return {};
}

std::vector<report::Chart> comparisonCharts(const ChartSource&, const ChartSource&)
{
    return {};
}

std::string writePdfFile(const std::string&, const std::vector<report::Chart>&, const std::string&)
{
    return "this build of lmp has no graphical libraries (LMP_BUILD_GUI=OFF): write .html and print it instead";
}

} // namespace lmp::cli
