// SPDX-License-Identifier: GPL-3.0-or-later
#include "plotcommand.h"

#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "chartrender.h"
#include "cli.h"

#include <QFileInfo>
#include <QStringList>

#include <array>
#include <cmath>
#include <memory>
#include <string_view>
#include <utility>

namespace lmp::cli {

namespace {

using widgets::BreakdownChart;
using widgets::ChartKind;
using widgets::SweepChart;

// A value of a closed set by its name; nullopt (with the accepted names in `accepted`) for another.
template <typename T, std::size_t N>
std::optional<T> oneOf(
    const std::string& value, const std::array<std::pair<const char*, T>, N>& names, std::string& accepted)
{
    for (const auto& [name, item] : names) {
        if (value == name)
            return item;
    }
    for (std::size_t i = 0; i < N; ++i)
        accepted += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(names[i].first);
    return std::nullopt;
}

std::optional<int> wholeNumber(const std::string& text, int low, int high)
{
    bool ok = false;
    const int value = QString::fromStdString(text).toInt(&ok);
    if (!ok || value < low || value > high)
        return std::nullopt;
    return value;
}

// The chart options of args for its kind; false with a message on err for a bad value or an option of another kind.
bool chartOptions(ChartKind kind, const PlotArgs& args, widgets::ChartOptions& o, std::ostream& err)
{
    for (const auto& [name, value] : args.chart) {
        std::string accepted;
        const bool breakdownOption = name == "group";
        const bool sweepOption = name == "over" || name == "from" || name == "to" || name == "points";
        if ((breakdownOption && kind != ChartKind::Breakdown) || (sweepOption && kind != ChartKind::Sweep)
            || (name == "metric" && kind == ChartKind::Roofline)) {
            err << "lmp: plot " << args.kind << " takes no --" << name << "\n";
            return false;
        }
        if (name == "group") {
            static constexpr std::array<std::pair<const char*, BreakdownChart::Grouping>, 2> names { {
                { "class", BreakdownChart::Grouping::ByClass },
                { "layer", BreakdownChart::Grouping::ByLayer },
            } };
            const auto grouping = oneOf(value, names, accepted);
            if (!grouping) {
                err << "lmp: --group takes " << accepted << ", not '" << value << "'\n";
                return false;
            }
            o.grouping = *grouping;
        } else if (name == "metric" && kind == ChartKind::Breakdown) {
            static constexpr std::array<std::pair<const char*, BreakdownChart::Metric>, 5> names { {
                { "time", BreakdownChart::Metric::Time },
                { "flops", BreakdownChart::Metric::Flops },
                { "matmul_flops", BreakdownChart::Metric::MatmulFlops },
                { "traffic", BreakdownChart::Metric::Traffic },
                { "params", BreakdownChart::Metric::Params },
            } };
            const auto metric = oneOf(value, names, accepted);
            if (!metric) {
                err << "lmp: --metric of a breakdown takes " << accepted << ", not '" << value << "'\n";
                return false;
            }
            o.breakdownMetric = *metric;
        } else if (name == "metric") {
            static constexpr std::array<std::pair<const char*, SweepChart::Metric>, 6> names { {
                { "time", SweepChart::Metric::Time },
                { "flops", SweepChart::Metric::Flops },
                { "traffic", SweepChart::Metric::Traffic },
                { "intensity", SweepChart::Metric::Intensity },
                { "kv_cache", SweepChart::Metric::KvCache },
                { "footprint", SweepChart::Metric::Footprint },
            } };
            const auto metric = oneOf(value, names, accepted);
            if (!metric) {
                err << "lmp: --metric of a sweep takes " << accepted << ", not '" << value << "'\n";
                return false;
            }
            o.sweepMetric = *metric;
        } else if (name == "over") {
            static constexpr std::array<std::pair<const char*, SweepChart::Axis>, 3> names { {
                { "seq", SweepChart::Axis::Seq },
                { "batch", SweepChart::Axis::Batch },
                { "past", SweepChart::Axis::Past },
            } };
            const auto axis = oneOf(value, names, accepted);
            if (!axis) {
                err << "lmp: --over takes " << accepted << ", not '" << value << "'\n";
                return false;
            }
            o.sweepAxis = *axis;
        } else if (name == "from" || name == "to") {
            const auto number = wholeNumber(value, 1, 100'000'000);
            if (!number) {
                err << "lmp: --" << name << " takes a whole number from 1 to 100000000, not '" << value << "'\n";
                return false;
            }
            (name == "from" ? o.sweepFrom : o.sweepTo) = *number;
        } else if (name == "points") {
            const auto number = wholeNumber(value, 2, 64);
            if (!number) {
                err << "lmp: --points takes a whole number from 2 to 64, not '" << value << "'\n";
                return false;
            }
            o.sweepPoints = *number;
        } else {
            err << "lmp: plot has no option --" << name << "\n";
            return false;
        }
    }
    if (o.sweepFrom && o.sweepTo && *o.sweepFrom >= *o.sweepTo) {
        err << "lmp: --from must be less than --to\n";
        return false;
    }
    return true;
}

// --size WxH and --scale N into the options; false with a message on err.
bool sizeAndScale(const PlotArgs& args, widgets::ChartOptions& o, std::ostream& err)
{
    if (!args.size.empty()) {
        const QStringList parts = QString::fromStdString(args.size).split(QLatin1Char('x'));
        bool wOk = false, hOk = false;
        const int w = parts.size() == 2 ? parts[0].toInt(&wOk) : 0;
        const int h = parts.size() == 2 ? parts[1].toInt(&hOk) : 0;
        if (!wOk || !hOk || w < widgets::kMinExportSide || h < widgets::kMinExportSide || w > widgets::kMaxExportSide
            || h > widgets::kMaxExportSide) {
            err << "lmp: --size takes WIDTHxHEIGHT, each from " << widgets::kMinExportSide << " to "
                << widgets::kMaxExportSide << " pixels (e.g. 1200x800), not '" << args.size << "'\n";
            return false;
        }
        o.size = QSize(w, h);
    }
    if (!args.scale.empty()) {
        bool ok = false;
        const double scale = QString::fromStdString(args.scale).toDouble(&ok);
        if (!ok || !std::isfinite(scale) || scale <= 0 || scale > widgets::kMaxExportScale) {
            err << "lmp: --scale takes a number above 0 and at most " << widgets::kMaxExportScale << " (2 for "
                << "slides), not '" << args.scale << "'\n";
            return false;
        }
        o.scale = scale;
    }
    return true;
}

} // namespace

int runPlot(const PlotArgs& args, std::ostream& out, std::ostream& err)
{
    const auto kind = widgets::chartKindFromName(QString::fromStdString(args.kind));
    if (!kind) {
        err << "lmp: plot draws roofline, breakdown or sweep, not '" << args.kind << "'\n";
        return BadInput;
    }
    if (args.model.empty()) {
        err << "lmp: plot " << args.kind << " takes a MODEL (a config.json, a folder or a model id)\n";
        return BadInput;
    }
    const QString file = QString::fromStdString(args.output);
    if (file.isEmpty()) {
        err << "lmp: plot needs -o FILE (.png, .svg or .pdf)\n";
        return BadInput;
    }
    const auto format = widgets::chartFormatForFile(file);
    if (!format) {
        err << "lmp: -o takes a .png, .svg or .pdf file, not '" << args.output << "'\n";
        return BadInput;
    }
    widgets::ChartOptions options;
    if (!chartOptions(*kind, args, options, err) || !sizeAndScale(args, options, err))
        return BadInput;
    if (!args.scale.empty() && *format != widgets::ChartFormat::Png) {
        err << "lmp: --scale is for PNG images (SVG and PDF are drawn as vectors)\n";
        return BadInput;
    }
    if (*kind == ChartKind::Roofline && args.hardware.empty()) {
        err << "lmp: plot roofline needs --hardware ID (lmp hardware list)\n";
        return BadInput;
    }

    auto loaded = analysis::Workspace::load(args.database.value_or(QString()), args.validatedOnly);
    if (const auto* e = std::get_if<QString>(&loaded)) {
        err << "lmp: " << e->toStdString() << "\n";
        return BadInput;
    }
    const analysis::Workspace& workspace = std::get<analysis::Workspace>(loaded);
    for (const QString& warning : workspace.warnings)
        err << "lmp: " << warning.toStdString() << "\n";

    std::optional<hardware::Profile> profile;
    if (!args.hardware.empty()) {
        const hardware::Profile* p = workspace.catalogue.find(args.hardware);
        if (!p) {
            err << "lmp: no hardware profile '" << args.hardware << "' (lmp hardware list)\n";
            return BadInput;
        }
        profile = *p;
    }
    const auto settings = analysis::settingsFromOptions(args.analysis);
    if (const auto* e = std::get_if<std::string>(&settings)) {
        err << "lmp: " << *e << "\n";
        return BadInput;
    }
    auto loadedModel = workspace.loadModel(QString::fromStdString(args.model));
    if (const auto* e = std::get_if<model::ModelError>(&loadedModel)) {
        err << "lmp: " << e->describe() << "\n";
        return BadInput;
    }
    const auto snapshot = widgets::makeSnapshot(
        std::make_shared<const model::LoadedModel>(std::move(std::get<model::LoadedModel>(loadedModel))),
        workspace.library, std::get<analysis::Settings>(settings), profile);

    QString error;
    if (!widgets::renderChart(*kind, snapshot, options, file, &error)) {
        err << "lmp: " << error.toStdString() << "\n";
        return BadInput;
    }
    const QSize pixels = *format == widgets::ChartFormat::Png
        ? QSize(static_cast<int>(std::lround(options.size.width() * options.scale)),
            static_cast<int>(std::lround(options.size.height() * options.scale)))
        : options.size;
    out << args.output << ": " << args.kind << ", " << pixels.width() << " x " << pixels.height()
        << (*format == widgets::ChartFormat::Png ? " pixels\n" : " (vector)\n");
    return Success;
}

} // namespace lmp::cli
