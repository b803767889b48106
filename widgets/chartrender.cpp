// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartrender.h"

#include "format.h"
#include "rooflineplot.h"

#include <QEventLoop>
#include <QFileInfo>
#include <QTimer>

#include <memory>

namespace lmp::widgets {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

// A chart widget of the kind, filled with the snapshot, its work done (the sweep's analyses finished); nullptr with
// a message when it cannot be had. The widget is never shown.
std::unique_ptr<QWidget> makeChart(
    ChartKind kind, SnapshotPtr snapshot, const ChartOptions& options, ExportableChart** chart, QString* error)
{
    if (!snapshot) {
        fail(error, QObject::tr("There is no analysis to draw."));
        return nullptr;
    }
    switch (kind) {
    case ChartKind::Roofline: {
        auto plot = std::make_unique<RooflinePlot>();
        plot->resize(options.size);
        plot->setSnapshot(std::move(snapshot));
        *chart = plot.get();
        return plot;
    }
    case ChartKind::Breakdown: {
        auto breakdown = std::make_unique<BreakdownChart>();
        breakdown->resize(options.size);
        breakdown->setGrouping(options.grouping);
        breakdown->setMetric(options.breakdownMetric);
        breakdown->setSnapshot(std::move(snapshot));
        *chart = breakdown.get();
        return breakdown;
    }
    case ChartKind::Sweep: {
        auto sweep = std::make_unique<SweepChart>();
        sweep->resize(options.size);
        sweep->setSnapshot(std::move(snapshot));
        sweep->setAxis(options.sweepAxis);
        if (options.sweepFrom || options.sweepTo)
            sweep->setRange(options.sweepFrom.value_or(sweep->from()), options.sweepTo.value_or(sweep->to()));
        sweep->setPointCount(options.sweepPoints);
        sweep->setMetric(options.sweepMetric);
        // recompute() starts now (and stops the setters' pending one); wait for its result here.
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(sweep.get(), &SweepChart::finished, &loop, &QEventLoop::quit);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        sweep->recompute();
        if (sweep->isBusy()) {
            timeout.start(options.sweepTimeoutMs);
            loop.exec();
        }
        if (sweep->isBusy()) {
            fail(error,
                QObject::tr("The sweep's analyses did not finish within %1 s.")
                    .arg(localNumber(options.sweepTimeoutMs / 1000.0, 'g', 3)));
            return nullptr;
        }
        *chart = sweep.get();
        return sweep;
    }
    }
    fail(error, QObject::tr("Unknown kind of chart."));
    return nullptr;
}

} // namespace

std::optional<ChartKind> chartKindFromName(const QString& name)
{
    for (const ChartKind kind : { ChartKind::Roofline, ChartKind::Breakdown, ChartKind::Sweep }) {
        if (name == chartKindName(kind))
            return kind;
    }
    return std::nullopt;
}

QString chartKindName(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Roofline:
        return QStringLiteral("roofline");
    case ChartKind::Breakdown:
        return QStringLiteral("breakdown");
    case ChartKind::Sweep:
        return QStringLiteral("sweep");
    }
    return {};
}

bool renderChart(ChartKind kind, SnapshotPtr snapshot, const ChartOptions& options, const QString& file, QString* error)
{
    const auto exportOptions = ExportOptions::forFile(file, options.size.width(), options.size.height(), options.scale);
    if (!exportOptions) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: unknown image format \"%2\" (use .png, .svg or .pdf).")
                .arg(file, QFileInfo(file).suffix()));
    }
    ExportableChart* chart = nullptr;
    QString problem;
    const auto widget = makeChart(kind, std::move(snapshot), options, &chart, &problem);
    if (!widget)
        return fail(error, QObject::tr("Cannot draw the chart for %1: %2").arg(file, problem));
    return chart->exportTo(file, *exportOptions, error);
}

QByteArray renderChartSvg(ChartKind kind, SnapshotPtr snapshot, QSize size, const ChartOptions& options, QString* error)
{
    ChartOptions sized = options;
    sized.size = size;
    ExportableChart* chart = nullptr;
    const auto widget = makeChart(kind, std::move(snapshot), sized, &chart, error);
    if (!widget)
        return {};
    QByteArray svg = chart->toSvg(size);
    if (svg.isEmpty())
        fail(error, QObject::tr("The chart could not be drawn as SVG."));
    return svg;
}

} // namespace lmp::widgets
