// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "report.h"
#include "writers.h"

#include <optional>
#include <string>
#include <vector>

namespace lmp::report {

// The figures a comparison sets side by side.
enum class Metric { Flops, MatmulFlops, Reads, Writes, Intermediates, Traffic, Params, Seconds };
inline constexpr Metric kAllMetrics[] = { Metric::Flops, Metric::MatmulFlops, Metric::Reads, Metric::Writes,
    Metric::Intermediates, Metric::Traffic, Metric::Params, Metric::Seconds };
std::string_view metricName(
    Metric metric); // flops, matmul_flops, reads, writes, intermediates, traffic, params, time_s
std::string_view metricUnit(Metric metric); // FLOP, B, "", s

// One figure on both sides: B - A exactly while both are integers, B / A as a real.
struct Delta
{
    std::optional<Number> a;
    std::optional<Number> b;
    std::optional<Number> difference; // nullopt when either side is unknown
    std::optional<double> ratio; // nullopt when either side is unknown or A is 0
};
Delta delta(const std::optional<Number>& a, const std::optional<Number>& b);

// A row's metric as one instance of it (Seconds as a real; nullopt without a device).
std::optional<Number> rowMetric(const Report& report, const Row& row, Metric metric);
std::optional<Number> totalMetric(const Report& report, Metric metric);

// A module on both sides, matched by its dotted name (the first instance of a collapsed run); a module only one
// side has is there with the other side absent.
struct ComparedRow
{
    std::string name;
    std::string label; // A's label, or B's where A lacks the module ("layers.0-31 | layers.0-79" when they differ)
    int depth = 0;
    std::optional<std::size_t> a; // index into Comparison::a.rows
    std::optional<std::size_t> b;
};

struct Comparison
{
    std::string labelA; // "A: meta-llama/Llama-3.1-8B, bf16" — what distinguishes each side
    std::string labelB;
    Report a;
    Report b;
    std::vector<ComparedRow> rows;

    Delta total(Metric metric) const;
    // Per instance; a side without the module is unknown.
    Delta row(const ComparedRow& row, Metric metric) const;
};

// Matches the rows of two reports; labels default to the model and what differs in the settings.
Comparison compare(Report a, Report b, std::string labelA = {}, std::string labelB = {});
// What tells the sides apart: the model when they differ, then each setting that differs ("fp8 weights",
// "decode", "AMD Instinct MI300X").
std::pair<std::string, std::string> sideLabels(const Report& a, const Report& b);

std::string writeText(const Comparison& comparison);
std::string writeMarkdown(const Comparison& comparison);
std::string writeCsv(const Comparison& comparison);
std::string writeJson(const Comparison& comparison);
std::string writeHtml(const Comparison& comparison, const std::vector<Chart>& charts = {});
std::string writePrintHtml(const Comparison& comparison, const std::vector<Chart>& charts = {});

} // namespace lmp::report
