// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The chart module: lmp's charts, PDF and `lmp plot` drawn by the window's chart widgets. lmp loads it only for the
// commands that draw (reportoutput.cpp), so that every other command starts without the GUI libraries.

#include "plotcommand.h"
#include "reportoutput.h"

class QCoreApplication;

namespace lmp::cli {

struct ChartsPlugin
{
    // Changed with any change to this table or to the types it passes: lmp refuses a module of another version.
    static constexpr int kVersion = 1;
    int version = kVersion;
    const char* projectVersion = nullptr; // LMP_VERSION of the module's build
    // The application of a drawing command (a QApplication).
    QCoreApplication* (*makeApplication)(int& argc, char** argv) = nullptr;
    std::vector<report::Chart> (*reportCharts)(const ChartSource& source) = nullptr;
    std::vector<report::Chart> (*comparisonCharts)(const ChartSource& a, const ChartSource& b) = nullptr;
    std::string (*writePdfFile)(
        const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file) = nullptr;
    int (*runPlot)(const PlotArgs& args, std::ostream& out, std::ostream& err) = nullptr;
};

} // namespace lmp::cli

// The module's one exported symbol.
extern "C" const lmp::cli::ChartsPlugin* lmp_charts_plugin();
