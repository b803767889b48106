// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/modelloader.h"
#include "report/writers.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lmp::cli {

// What a report's charts are drawn from.
struct ChartSource
{
    std::shared_ptr<const model::LoadedModel> model;
    std::shared_ptr<const formula::Library> library;
    analysis::Settings settings;
    std::optional<hardware::Profile> hardware;
};

// Charts and PDF come from the window's chart widgets. A build without the window writes reports without charts
// and refuses PDF with a message.
bool chartsAvailable();
std::vector<report::Chart> reportCharts(const ChartSource& source);
// The comparison's chart (each class's work on both sides), as the window's compare view draws it.
std::vector<report::Chart> comparisonCharts(const ChartSource& a, const ChartSource& b);
// "" on success, else the message (the file is not written).
std::string writePdfFile(
    const std::string& printHtml, const std::vector<report::Chart>& charts, const std::string& file);

} // namespace lmp::cli
