// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/modelloader.h"
#include "plotcommand.h"
#include "report/writers.h"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class QCoreApplication;

namespace lmp::cli {

// What a report's charts are drawn from.
struct ChartSource
{
    std::shared_ptr<const model::LoadedModel> model;
    std::shared_ptr<const formula::Library> library;
    analysis::Settings settings;
    std::optional<hardware::Profile> hardware;
};

// Charts and PDF come from the window's chart widgets, in the chart module (chartsplugin.h) that lmp loads for the
// commands that draw. Without it (a build without the window, or a module that cannot be loaded) reports are written
// without charts, with a warning, and PDF and lmp plot are refused with a message that says why.

// The application of a drawing command, made by the chart module; null when the module cannot be loaded (the
// reason is kept for the messages above).
QCoreApplication* makeDrawingApplication(int& argc, char** argv);
// Whether charts can be drawn: the chart module made this process's application.
bool chartsAvailable();
std::vector<report::Chart> reportCharts(const ChartSource& source);
// The comparison's chart (each class's work on both sides), as the window's compare view draws it.
std::vector<report::Chart> comparisonCharts(const ChartSource& a, const ChartSource& b);
// "" on success, else the message (the file is not written).
std::string writePdfFile(
    const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file);
// lmp plot, drawn by the chart module (plotcommand.h's runPlot); 2 with the reason when there is none.
int plotChart(const PlotArgs& args, std::ostream& out, std::ostream& err);

} // namespace lmp::cli
