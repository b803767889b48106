// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include <functional>
#include <optional>

class QCustomPlot;

namespace lmp::widgets {

// The formats a chart is written in, chosen by the file's suffix.
enum class ChartFormat { Png, Svg, Pdf };

// ".png" -> Png, ".SVG" -> Svg, ".pdf" -> Pdf; nullopt for any other suffix.
std::optional<ChartFormat> chartFormatForFile(const QString& file);
QString chartFormatSuffix(ChartFormat format); // "png", "svg", "pdf"

// How a chart is written. The chart is laid out at width x height pixels of 1/96 inch (an SVG's user units; a PDF's
// page is that size at 96 dpi); a PNG has width x scale by height x scale pixels: the same picture, sharper (2 for
// slides).
struct ExportOptions
{
    ChartFormat format = ChartFormat::Png;
    int width = 1200;
    int height = 800;
    double scale = 1.0;

    // The options for a file: its format from the suffix (nullopt for an unknown one), the size and scale given.
    static std::optional<ExportOptions> forFile(const QString& file, int width, int height, double scale = 1.0);
    // The PNG's size in pixels (the layout size for SVG and PDF).
    QSize outputSize() const;
};

// Lays a chart out for a size before it is drawn at that size, and back (the widget's own size) afterwards: what a
// chart's layout does on a resize (which legend arrangement, which tick labels), for a size it is not shown at.
using LayoutForSize = std::function<void(const QSize& size)>;

// Writes the plot to the file in options.format. The file is written atomically (QSaveFile): a failed export leaves
// no file and never a half one, and keeps a file that was there before. false with a message naming the file on a
// bad size or scale, a suffix that does not match the format, or a file that cannot be written.
bool exportChart(QCustomPlot* plot, const QString& file, const ExportOptions& options, QString* error = nullptr,
    const LayoutForSize& layoutFor = {});
// exportChart() with the format from the file's suffix (an unknown one is an error naming it), scale 1.
bool exportPlot(QCustomPlot* plot, const QString& file, int width, int height, QString* error = nullptr,
    const LayoutForSize& layoutFor = {});

// The plot as an image of size x scale pixels, and as an SVG document of that size (null on failure).
QImage chartImage(QCustomPlot* plot, const QSize& size, double scale = 1.0, const LayoutForSize& layoutFor = {});
QByteArray chartSvg(QCustomPlot* plot, const QSize& size, const LayoutForSize& layoutFor = {});

// What every chart offers to its context menu, the window's File > Export and the headless renderer.
class ExportableChart
{
public:
    virtual ~ExportableChart() = default;
    // The chart's name in a window title ("Roofline") and in a suggested file name ("roofline").
    virtual QString chartTitle() const = 0;
    virtual QString chartFileName() const = 0;
    // The chart's plot, laid out for size while it is drawn.
    virtual bool exportTo(const QString& file, const ExportOptions& options, QString* error = nullptr) = 0;
    virtual QImage toImage(const QSize& size, double scale = 1.0) = 0;
    virtual QByteArray toSvg(const QSize& size) = 0;
    // The size the chart has on screen.
    virtual QSize shownSize() const = 0;
};

// The suffixes exportChart() accepts, for a file dialog's filter.
QString exportFileFilter();

// Limits of the export's size and scale.
constexpr int kMinExportSide = 100;
constexpr int kMaxExportSide = 10000;
constexpr double kMaxExportScale = 8.0;

} // namespace lmp::widgets
