// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <iostream>
#include <map>
#include <optional>
#include <string>

namespace lmp::cli {

// What `lmp plot` was given: the option values as the command line spelled them (the parser only collects them;
// runPlot() checks each and names the bad one).
struct PlotArgs
{
    std::string kind; // roofline, breakdown or sweep
    std::string model; // a config.json, a folder, a model id (local cache, then the built-in catalogue)
    // The analysis options by name without dashes, as analysis::settingsFromOptions() takes them: phase, batch, seq,
    // past, weight-dtype, act-dtype, kv-dtype, attention, causal, logits, images, image-size.
    std::map<std::string, std::string> analysis;
    std::string hardware; // --hardware ID ("": none; the roofline needs one)
    std::optional<QString> database; // --db FILE (default: the user's data folder)
    bool validatedOnly = false; // --validated-only
    std::string output; // -o FILE: .png, .svg or .pdf
    std::string size; // --size WxH ("": 1200x800)
    std::string scale; // --scale N ("": 1; PNG only)
    // The chart's options by name without dashes: group (class|layer) and metric (time|flops|matmul_flops|traffic|
    // params) for a breakdown; over (seq|batch|past), from, to, points and metric (time|flops|traffic|intensity|
    // kv_cache|footprint) for a sweep.
    std::map<std::string, std::string> chart;
};

// The names of the options runPlot() reads from PlotArgs::chart, for the parser.
inline constexpr const char* kPlotChartOptions[] = { "group", "metric", "over", "from", "to", "points" };

// lmp plot roofline|breakdown|sweep MODEL [analysis options] -o FILE [--size WxH] [--scale N] [chart options]:
// analyzes the model and draws one chart into FILE, without a window (needs a QApplication, offscreen is enough).
// Exit 0: the file was written (its name and size on out); 2: bad usage or input, or the file could not be written
// (the reason on err; no file is left behind).
int runPlot(const PlotArgs& args, std::ostream& out, std::ostream& err);

} // namespace lmp::cli
