// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweep.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>

namespace lmp::analysis {

std::optional<SweepAxis> sweepAxisFromName(std::string_view name)
{
    if (name == "seq")
        return SweepAxis::Seq;
    if (name == "batch")
        return SweepAxis::Batch;
    if (name == "past")
        return SweepAxis::Past;
    return std::nullopt;
}

std::string_view sweepAxisName(SweepAxis axis)
{
    switch (axis) {
    case SweepAxis::Seq:
        return "seq";
    case SweepAxis::Batch:
        return "batch";
    case SweepAxis::Past:
        return "past";
    }
    return "seq";
}

Settings sweepPointSettings(const Settings& base, SweepAxis axis, Phase phase, Int x)
{
    Settings s = base;
    s.phase = phase;
    // What the base settings say about the request: the prompt a prefill processes (after the tokens it continues
    // from), and the new tokens of a decode step.
    const bool baseDecode = base.phase == Phase::Decode;
    const Int prefillPast = base.phase == Phase::Prefill ? base.past : 0;
    const Int prompt = baseDecode ? std::max<Int>(1, base.past) : std::max<Int>(1, base.seq);
    const Int decodeTokens = baseDecode ? std::max<Int>(1, base.seq) : 1;
    const Int value = std::max<Int>(0, x);
    const bool decode = phase == Phase::Decode;
    switch (axis) {
    case SweepAxis::Seq: // the sequence length after the step: cached + new tokens
        if (decode) {
            s.seq = decodeTokens;
            s.past = std::max<Int>(0, value - decodeTokens);
        } else {
            s.past = phase == Phase::Train ? 0 : prefillPast;
            s.seq = std::max<Int>(1, value - s.past);
        }
        break;
    case SweepAxis::Batch:
        s.batch = std::max<Int>(1, value);
        if (decode) {
            s.seq = decodeTokens;
            s.past = baseDecode ? base.past : prefillPast + prompt;
        } else {
            s.seq = prompt;
            s.past = phase == Phase::Train ? 0 : prefillPast;
        }
        break;
    case SweepAxis::Past:
        s.seq = decode ? decodeTokens : prompt;
        s.past = phase == Phase::Train ? 0 : value;
        break;
    }
    return s;
}

std::vector<Int> sweepValues(Int from, Int to, int points)
{
    const Int lo = std::max<Int>(1, std::min(from, to));
    const Int hi = std::max<Int>(lo, std::max(from, to));
    points = std::max(points, 1);
    std::vector<Int> xs;
    if (points == 1 || lo == hi)
        return { lo };
    const bool logSpaced = static_cast<double>(hi) / static_cast<double>(lo) > 100;
    for (int i = 0; i < points; ++i) {
        const double t = static_cast<double>(i) / (points - 1);
        const double v = logSpaced ? static_cast<double>(lo) * std::pow(static_cast<double>(hi) / lo, t)
                                   : static_cast<double>(lo) + static_cast<double>(hi - lo) * t;
        const Int x = std::clamp<Int>(static_cast<Int>(std::llround(v)), lo, hi);
        if (xs.empty() || x > xs.back())
            xs.push_back(x);
    }
    return xs;
}

std::variant<std::vector<Int>, std::string> parseSweepValues(std::string_view spec)
{
    constexpr std::size_t kMaxPoints = 100000;
    auto parseInt = [](std::string_view t) -> std::optional<Int> {
        const auto n = Number::parse(t);
        if (!n || !n->isInteger() || n->toInteger() < 0 || n->toInteger() > (Int(1) << 30))
            return std::nullopt;
        return n->toInteger();
    };
    auto split = [](std::string_view text, char sep) {
        std::vector<std::string_view> parts;
        std::size_t start = 0;
        while (true) {
            const auto c = text.find(sep, start);
            parts.push_back(text.substr(start, c == std::string_view::npos ? std::string_view::npos : c - start));
            if (c == std::string_view::npos)
                return parts;
            start = c + 1;
        }
    };
    std::vector<Int> values;
    if (spec.find(':') != std::string_view::npos) {
        const auto parts = split(spec, ':');
        std::vector<std::optional<Int>> n;
        for (auto p : parts)
            n.push_back(parseInt(p));
        if (n.size() != 3 || !n[0] || !n[1] || !n[2] || *n[2] <= 0 || *n[1] < *n[0]
            || static_cast<std::size_t>((*n[1] - *n[0]) / *n[2]) >= kMaxPoints)
            return "--values START:STOP:STEP needs whole numbers from 0 to 2^30, STOP >= START, STEP > 0 and at "
                   "most 100,000 points, not '"
                + std::string(spec) + "'";
        for (Int v = *n[0]; v <= *n[1]; v += *n[2])
            values.push_back(v);
        return values;
    }
    for (auto part : split(spec, ',')) {
        const auto v = parseInt(part);
        if (!v || values.size() >= kMaxPoints)
            return "--values: '" + std::string(spec)
                + "' is not a list of whole numbers from 0 to 2^30 (at most 100,000), nor a range START:STOP:STEP";
        values.push_back(*v);
    }
    return values;
}

std::string sweepProblem(SweepAxis axis, Phase phase)
{
    if (axis == SweepAxis::Past && phase == Phase::Train)
        return "a training step caches nothing: sweep seq or batch";
    return {};
}

namespace {

SweepSample sweepPoint(Analyzer& analyzer, const model::ModuleTree& tree, const Settings& base,
    const hardware::Profile* hardware, SweepAxis axis, Int x, Phase phase)
{
    SweepSample sample;
    sample.x = x;
    sample.phase = phase;
    sample.settings = sweepPointSettings(base, axis, phase, x);
    const AnalysisResult r = analyzer.analyze(sample.settings, hardware);
    const NodeAnalysis& total = r.node(tree.root());
    sample.total = total.inclusive;
    sample.seconds = r.expectedSeconds;
    sample.roofline = total.seconds;
    sample.kvCacheBytes = r.kvCacheBytes;
    sample.stateBytes = r.stateBytes;
    sample.footprintBytes = r.footprintBytes;
    sample.complete = total.complete;
    return sample;
}

} // namespace

std::vector<SweepSample> runSweep(const model::ModuleTree& tree, const formula::Library& library, const Settings& base,
    const hardware::Profile* hardware, SweepAxis axis, const std::vector<Int>& values, const std::vector<Phase>& phases,
    unsigned threads)
{
    const std::size_t count = values.size() * phases.size();
    std::vector<SweepSample> samples(count);
    // Points [begin, end) with an analyzer of their own: each point's analysis is the same whichever thread runs it.
    const auto run = [&](std::size_t begin, std::size_t end) {
        Analyzer analyzer(tree, library);
        for (std::size_t i = begin; i < end; ++i)
            samples[i] =
                sweepPoint(analyzer, tree, base, hardware, axis, values[i / phases.size()], phases[i % phases.size()]);
    };
    // A thread takes at least kMinPoints points: fewer do not pay for its start and its first, recorded analysis.
    constexpr std::size_t kMinPoints = 128;
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::clamp<std::size_t>(count / kMinPoints, 1, threads);
    if (workers == 1) {
        run(0, count);
        return samples;
    }
    std::vector<std::exception_ptr> errors(workers);
    const auto part = [&](std::size_t w) {
        try {
            run(count * w / workers, count * (w + 1) / workers);
        } catch (...) {
            errors[w] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> pool;
        pool.reserve(workers - 1);
        for (std::size_t w = 1; w < workers; ++w)
            pool.emplace_back(part, w);
        part(0);
    } // joins
    for (const auto& e : errors) {
        if (e)
            std::rethrow_exception(e);
    }
    return samples;
}

} // namespace lmp::analysis
