// SPDX-License-Identifier: GPL-3.0-or-later
#include "reportcharts.h"

#include "breakdownchart.h"
#include "reportpdf.h"
#include "rooflineplot.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QImage>
#include <QSaveFile>

namespace lmp::widgets {

namespace {

// SVG and PNG of one chart widget, drawn by its own export (the same pictures File > Export writes).
bool render(ExportableChart& chart, QSize size, report::Chart* out)
{
    const QByteArray svg = chart.toSvg(size);
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    const QImage image = chart.toImage(size);
    if (image.isNull() || !image.save(&buffer, "PNG"))
        return false;
    out->svg = svg.toStdString();
    out->png = png.toStdString();
    // The SVG document goes inline into HTML: drop the XML declaration.
    if (const auto start = out->svg.find("<svg"); start != std::string::npos)
        out->svg.erase(0, start);
    else
        out->svg.clear();
    return true;
}

} // namespace

std::vector<report::Chart> reportCharts(const SnapshotPtr& snapshot, QSize size)
{
    std::vector<report::Chart> charts;
    if (!snapshot)
        return charts;
    if (snapshot->profile() && snapshot->profile()->hasCompute()) {
        RooflinePlot roofline;
        roofline.setSnapshot(snapshot);
        report::Chart chart;
        chart.title = "Roofline on " + snapshot->profile()->name;
        chart.caption = "one point per distinct module with work of its own; FLOP/s attained against FLOPs per byte of "
                        "memory traffic";
        if (roofline.hasRoofs() && render(roofline, size, &chart))
            charts.push_back(std::move(chart));
    }
    for (const auto grouping : { BreakdownChart::Grouping::ByClass, BreakdownChart::Grouping::ByLayer }) {
        BreakdownChart breakdown;
        breakdown.setSnapshot(snapshot);
        breakdown.setGrouping(grouping);
        breakdown.setMetric(snapshot->profile() ? BreakdownChart::Metric::Time : BreakdownChart::Metric::Flops);
        report::Chart chart;
        const bool byClass = grouping == BreakdownChart::Grouping::ByClass;
        chart.title = byClass ? "Where the work goes, by module class" : "Where the work goes, by layer";
        chart.caption = std::string(snapshot->profile() ? "expected time" : "FLOPs")
            + (byClass ? " of every instance of a class together"
                       : " of each top-level module, decoder layers expanded");
        if (breakdown.barCount() > 0 && render(breakdown, size, &chart))
            charts.push_back(std::move(chart));
    }
    return charts;
}

report::Report reportOf(const AnalysisSnapshot& snapshot, report::ReportOptions options)
{
    if (options.generator.empty())
        options.generator = "LM-Predictor " + QCoreApplication::applicationVersion().toStdString();
    return report::makeReport(
        *snapshot.model, *snapshot.library, snapshot.settings, snapshot.profile(), snapshot.result, options);
}

QString exportReport(const SnapshotPtr& snapshot, const QString& file, report::ReportOptions options)
{
    if (!snapshot)
        return QCoreApplication::translate("lmp::widgets", "There is no analysis to export.");
    const auto format = report::formatFromFileName(file.toStdString());
    if (!format)
        return QCoreApplication::translate(
            "lmp::widgets", "Cannot tell the format of %1: name it .html, .md, .csv, .json, .pdf or .txt.")
            .arg(file);
    const report::Report r = reportOf(*snapshot, options);
    std::vector<report::Chart> charts;
    if (*format == report::Format::Html || *format == report::Format::Pdf)
        charts = reportCharts(snapshot);
    if (*format == report::Format::Pdf)
        return writePdf(report::writePrintHtml(r, charts), charts, file);
    std::string text;
    switch (*format) {
    case report::Format::Markdown:
        text = report::writeMarkdown(r);
        break;
    case report::Format::Csv:
        text = report::writeCsv(r);
        break;
    case report::Format::Json:
        text = report::writeJson(r);
        break;
    case report::Format::Html:
        text = report::writeHtml(r, charts);
        break;
    default:
        text = report::writeText(r);
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)
        || out.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size())
        || !out.commit())
        return QCoreApplication::translate("lmp::widgets", "Cannot write %1: %2").arg(file, out.errorString());
    return {};
}

} // namespace lmp::widgets
