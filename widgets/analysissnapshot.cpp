// SPDX-License-Identifier: GPL-3.0-or-later
#include "analysissnapshot.h"

#include "analysis/breakdown.h"

namespace lmp::widgets {

SnapshotPtr makeSnapshot(std::shared_ptr<const model::LoadedModel> model,
    std::shared_ptr<const formula::Library> library, const analysis::Settings& settings,
    std::optional<hardware::Profile> hardware, std::uint64_t generation)
{
    auto s = std::make_shared<AnalysisSnapshot>();
    s->model = std::move(model);
    s->library = std::move(library);
    s->settings = settings;
    s->hardware = std::move(hardware);
    s->generation = generation;
    s->result = analysis::analyze(s->model->tree, *s->library, settings, s->profile());
    s->instances = analysis::instanceCounts(s->model->tree);
    return s;
}

} // namespace lmp::widgets
