// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "breakdownchart.h"
#include "chartexport.h"
#include "sweepchart.h"

#include <QByteArray>
#include <QSize>
#include <QString>

#include <optional>

namespace lmp::widgets {

// The charts that can be drawn without the window: for lmp plot, the HTML report and the tests.
enum class ChartKind { Roofline, Breakdown, Sweep };

// "roofline", "breakdown", "sweep" and back (nullopt for another name).
std::optional<ChartKind> chartKindFromName(const QString& name);
QString chartKindName(ChartKind kind);

// What a chart shows besides its snapshot, and the size it is drawn at.
struct ChartOptions
{
    BreakdownChart::Grouping grouping = BreakdownChart::Grouping::ByClass;
    BreakdownChart::Metric breakdownMetric = BreakdownChart::Metric::Time;
    SweepChart::Axis sweepAxis = SweepChart::Axis::Seq;
    std::optional<int> sweepFrom; // nullopt: the axis' default range (as in the window)
    std::optional<int> sweepTo;
    int sweepPoints = 12;
    SweepChart::Metric sweepMetric = SweepChart::Metric::Time;
    int sweepTimeoutMs = 120'000; // the sweep's analyses run on the thread pool; past this, an error

    QSize size { 1200, 800 }; // layout size (a PNG's pixels at scale 1)
    double scale = 1.0; // PNG only
};

// Draws a chart of a snapshot off screen (no window; needs a QApplication) into a PNG, SVG or PDF file by its suffix.
// For the sweep, waits for its analyses. false with a message naming the file (or the problem) on failure; a failed
// export leaves no file.
bool renderChart(
    ChartKind kind, SnapshotPtr snapshot, const ChartOptions& options, const QString& file, QString* error = nullptr);
// The chart as an SVG document of that size; empty on failure (error says why).
QByteArray renderChartSvg(
    ChartKind kind, SnapshotPtr snapshot, QSize size, const ChartOptions& options = {}, QString* error = nullptr);

} // namespace lmp::widgets
