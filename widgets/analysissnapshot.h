// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis/analysis.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/modelloader.h"

#include <QMetaType>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace lmp::widgets {

// One finished analysis, shared read-only by the tree model and every chart. A new analysis makes a new
// snapshot; views swap it in on the GUI thread. The model and library are shared between snapshots of the
// same model, so a settings change copies nothing but the results.
struct AnalysisSnapshot
{
    std::shared_ptr<const model::LoadedModel> model;
    std::shared_ptr<const formula::Library> library;
    analysis::Settings settings;
    std::optional<hardware::Profile> hardware;
    analysis::AnalysisResult result;
    std::vector<formula::Int> instances; // analysis::instanceCounts(model->tree)
    std::uint64_t generation = 0; // increases with every analysis request

    const model::ModuleTree& tree() const { return model->tree; }
    const hardware::Profile* profile() const { return hardware ? &*hardware : nullptr; }
};

using SnapshotPtr = std::shared_ptr<const AnalysisSnapshot>;

// Runs the analysis and fills a snapshot. Pure computation: safe on any thread.
SnapshotPtr makeSnapshot(std::shared_ptr<const model::LoadedModel> model,
    std::shared_ptr<const formula::Library> library, const analysis::Settings& settings,
    std::optional<hardware::Profile> hardware, std::uint64_t generation = 0);

} // namespace lmp::widgets

Q_DECLARE_METATYPE(lmp::widgets::SnapshotPtr)
