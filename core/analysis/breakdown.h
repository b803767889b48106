// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis.h"

#include <optional>
#include <string>
#include <vector>

namespace lmp::analysis {

// Which roof bounds a piece of work on a device.
enum class Bound { Unknown, Compute, Memory };

struct RooflinePosition
{
    std::optional<double> intensity; // FLOPs per byte of traffic; nullopt when FLOPs or bytes are unknown, or no bytes
    Bound bound = Bound::Unknown; // Unknown without a device that publishes compute peaks
    double seconds = 0; // rooflineSeconds(), 0 without a device
    double attained = 0; // FLOPs / seconds: where the work sits on the roofline's y axis (FLOP/s)
};

RooflinePosition rooflinePosition(const Figures& figures, const hardware::Profile* hardware, Dtype actDtype);

// Module instances per stored node in the whole tree (a node shared by 32 layers counts 32; the root 1).
std::vector<Int> instanceCounts(const model::ModuleTree& tree);

// The work of every module instance, grouped by class: each stored node's self figures times its instances.
// A module with an entry and children (an attention with its projections inside) contributes its self part.
struct ClassShare
{
    std::string classPath;
    Figures self; // summed over every instance
    double seconds = 0; // expected time of its own work, summed over every instance (0 without a device)
    Int instances = 0;
};
// Sorted by FLOPs, largest first; classes whose work is all zero are left out.
std::vector<ClassShare> breakdownByClass(
    const model::ModuleTree& tree, const AnalysisResult& result, const hardware::Profile* hardware, Dtype actDtype);

// The model top down, with the longest numbered run of blocks (the decoder layers) expanded: "embed_tokens",
// "layers.0", ..., "layers.31", "norm", "lm_head". Every entry is one module instance, inclusive.
struct LayerShare
{
    std::string name; // full dotted name
    model::NodeId node = 0;
    Figures inclusive;
    double seconds = 0;
    int layerIndex = -1; // the block's number in the run, -1 for modules outside it
};
std::vector<LayerShare> breakdownByLayer(const model::ModuleTree& tree, const AnalysisResult& result);

} // namespace lmp::analysis
