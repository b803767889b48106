// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysis.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace lmp::analysis {

// What a sweep varies. The meanings are the same for the command line and the window, and in every phase:
//  Seq:   the sequence length L. Prefill processes L new tokens after the cached ones of the base settings; a
//         decode step produces token L (its L - 1 predecessors cached; the base's new-token count is kept).
//  Batch: sequences per step; everything else as in the base settings.
//  Past:  tokens already cached before the step (P), in every phase: a prefill of the base's new tokens after
//         P cached ones (a continued, chunked prefill), a decode step after P cached ones.
// A training step caches nothing: it sweeps Seq and Batch only.
enum class SweepAxis { Seq, Batch, Past };
std::optional<SweepAxis> sweepAxisFromName(std::string_view name); // seq, batch, past
std::string_view sweepAxisName(SweepAxis axis);

// The settings of one point: the base settings in the given phase with the axis set to x. Decode keeps the
// base's new tokens when the base is a decode step, else it is one new token.
Settings sweepPointSettings(const Settings& base, SweepAxis axis, Phase phase, Int x);

// The x values of a sweep from `from` to `to` with at most `points` values: log-spaced when to/from exceeds 100,
// else evenly spaced; whole, distinct and increasing.
std::vector<Int> sweepValues(Int from, Int to, int points);
// A --values argument: a list "128,256,512" or a range "START:STOP:STEP" (at most 100,000 values, each from 0
// to 2^30). A bad one gives a message naming the text.
std::variant<std::vector<Int>, std::string> parseSweepValues(std::string_view spec);

// One analysed point: the whole model's figures.
struct SweepSample
{
    Int x = 0;
    Phase phase = Phase::Prefill;
    Settings settings;
    Figures total;
    double seconds = 0; // expected time, 0 without a device
    double roofline = 0; // the roofline bound
    std::optional<Number> kvCacheBytes;
    std::optional<Number> stateBytes;
    std::optional<Number> footprintBytes;
    bool complete = true;
};

// Why an axis does not apply to a phase ("" when it does): a training step has no cache to sweep.
std::string sweepProblem(SweepAxis axis, Phase phase);

// One analysis per value and phase, in the order of values (phases interleaved per value). A long sweep is split
// into contiguous parts run on up to threads threads (0: one per core), each part with an Analyzer of its own; the
// samples are the same whatever the split.
std::vector<SweepSample> runSweep(const model::ModuleTree& tree, const formula::Library& library, const Settings& base,
    const hardware::Profile* hardware, SweepAxis axis, const std::vector<Int>& values, const std::vector<Phase>& phases,
    unsigned threads = 0);

} // namespace lmp::analysis
