// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"
#include "analysis/breakdown.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/modelloader.h"

#include <optional>
#include <string>
#include <vector>

namespace lmp::report {

using formula::Int;
using formula::Kind;
using formula::Number;

// One line of a report: a module instance, or a run of identical numbered blocks collapsed into one line
// ("layers.0-31", repeat 32) the way the window's tree collapses them. Figures are those of one instance.
struct Row
{
    std::string name; // dotted name of the (first) instance, "" for the model itself
    std::string label; // "(model)", "layers.0-31", "self_attn"
    int depth = 0;
    Int repeat = 1; // instances the line stands for
    std::string classPath;
    model::NodeId node = 0;
    Int params = 0; // inclusive, one instance
    analysis::Figures figures; // inclusive, one instance; nullopt where unknown
    std::optional<Number> traffic; // reads + writes + 2 x intermediates; nullopt where unknown
    double seconds = 0; // expected time of one instance (timemodel.h), 0 without a device
    double roofline = 0; // its roofline bound
    std::optional<double> intensity; // FLOP per byte of traffic
    analysis::Bound bound = analysis::Bound::Unknown;
    std::optional<double> flopShare; // of the model's FLOPs, every instance of the line together (0..1)
    bool hasEntry = false;
    bool complete = true;
    bool restsOnUnreviewed = false;
    std::vector<std::string> unreviewed; // module paths of the unreviewed entries its own figures use
    std::vector<std::string> warnings;
};

// A database entry the figures rest on.
struct EntryUse
{
    std::string key; // torch__nn__Linear
    std::string modulePath; // torch.nn.Linear
    std::string status; // validated, pending, needs_changes
    std::string reviewer; // "" when nobody reviewed it
    std::string reviewDate; // YYYY-MM-DD, "" when none
    std::string layer; // builtin, user
    Int instances = 0; // module instances of this class in the model (0: only called by other entries)
};

// Everything an analysis says, computed once; every writer, the window's summary and every export render it.
struct Report
{
    // What was analysed
    std::string model; // the model id or file
    std::string architecture;
    std::string architectureStatus; // validated, pending, needs_changes; "" for a module-tree dump
    std::string architectureNote; // "" when the definition is validated
    std::string generator; // "LM-Predictor 1.2.0"
    // How
    analysis::Settings settings;
    std::optional<hardware::Profile> hardware;
    bool validatedOnly = false;
    // Totals of the whole model
    analysis::Figures total;
    Int params = 0;
    Int modules = 0; // module instances
    Int distinctModules = 0; // stored nodes (identical layers are one)
    std::optional<Number> traffic;
    double seconds = 0; // expected time of the step, 0 without a device
    double roofline = 0; // the roofline bound of the step
    double kernels = 0; // kernels launched in the step
    double launchSeconds = 0; // the host's time to launch them; the step takes the longer of the two
    std::optional<double> intensity;
    analysis::Bound bound = analysis::Bound::Unknown;
    Number weightBytes;
    std::string storedWeights;
    std::optional<Number> kvCacheBytes;
    std::optional<Number> stateBytes;
    std::optional<Number> footprintBytes;
    std::optional<bool> fitsMemory; // nullopt without a device
    Int imageTokens = 0;
    bool complete = true;
    // Detail
    std::vector<Row> rows; // named_modules() order
    std::vector<analysis::ClassShare> classes; // where the work goes, per class (largest FLOPs first)
    std::vector<EntryUse> entries; // the entries the figures rest on, by key
    std::vector<std::string> warnings; // "class: message", one per module with a problem
    std::vector<std::string> notes; // the analysis' notes (selected activations, ignored images)
    std::vector<std::string> conventions; // what every number counts, one sentence each
    std::vector<std::string> unreviewedEntries; // "key (status)"
    Int unreviewedModules = 0;
    std::vector<std::string> excludedEntries; // "key: rejected"

    // "every formula used was validated" or the unreviewed summary; plus validated-only and entries not used.
    std::string formulasLine() const;
    // "prefill of 2,048 tokens, batch 1" and the like.
    std::string settingsLine() const;
    // "weights bf16" / "weights as stored (fp8 e4m3 with 128x128 block scales)"
    std::string weightsText() const;
};

struct ReportOptions
{
    int depth = -1; // rows down to this depth below the model (-1: all)
    bool expand = false; // a row per instance instead of collapsed runs
    bool validatedOnly = false; // the library holds validated entries only
    std::string generator; // "LM-Predictor 1.2.0"
};

Report makeReport(const model::LoadedModel& model, const formula::Library& library, const analysis::Settings& settings,
    const hardware::Profile* hardware, const analysis::AnalysisResult& result, const ReportOptions& options = {});

// Text forms shared by every writer. An unknown figure is a dash.
// Exact digits in groups of three; a real (bytes of averaged weights) with two decimals at most: 57,284,783,629.94.
std::string exactText(const Number& n);
std::string groupedText(const std::optional<Number>& n); // 1,234,567 / -
// v as printf's "%.Nf" (fixed) or "%.Ng" writes it in the C locale, whatever the process' locale.
std::string decimalText(double v, int precision, bool fixed);
std::string siText(const std::optional<Number>& n, const std::string& unit = {}); // 29.3 T / -
std::string siText(double value, const std::string& unit = {});
std::string secondsText(double seconds); // 21.4 ms / 830 us / 0
std::string percentText(double fraction); // 45.6 % / 0.062 %
std::string boundName(analysis::Bound bound); // compute, memory, -
std::string shortClass(const std::string& classPath); // LlamaMLP for transformers classes

} // namespace lmp::report
