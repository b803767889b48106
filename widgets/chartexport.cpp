// SPDX-License-Identifier: GPL-3.0-or-later
#include "chartexport.h"

#include "chartutil.h"

#include <QBuffer>
#include <QDir>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace lmp::widgets {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

// Lays the plot out for a size while it lives; back to the widget's own size (and a fresh picture on screen) after.
class LayoutScope
{
public:
    LayoutScope(QCustomPlot* plot, const QSize& size, const LayoutForSize& layoutFor)
        : m_plot(plot)
        , m_layoutFor(layoutFor)
    {
        if (m_layoutFor)
            m_layoutFor(size);
    }
    ~LayoutScope()
    {
        if (m_layoutFor) {
            m_layoutFor(m_plot->size());
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        }
    }
    LayoutScope(const LayoutScope&) = delete;
    LayoutScope& operator=(const LayoutScope&) = delete;

private:
    QCustomPlot* m_plot;
    const LayoutForSize& m_layoutFor;
};

// Draws the plot as vectors onto a device (an SVG generator, a PDF writer) at width x height.
bool paintVectors(QCustomPlot* plot, QPaintDevice* device, int width, int height)
{
    QCPPainter painter;
    if (!painter.begin(device))
        return false;
    painter.setMode(QCPPainter::pmVectorized);
    painter.setMode(QCPPainter::pmNoCaching);
    plot->toPainter(&painter, width, height);
    return painter.end();
}

QByteArray svgDocument(QCustomPlot* plot, const QSize& size, const QString& title)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    generator.setResolution(96); // the default 72 dpi would shrink the 9 pt text against the screen's
    generator.setTitle(title);
    generator.setDescription(QObject::tr("Chart made by LM-Predictor"));
    if (!paintVectors(plot, &generator, size.width(), size.height()))
        return {};
    return buffer.data();
}

QString formatName(ChartFormat format)
{
    switch (format) {
    case ChartFormat::Png:
        return QObject::tr("PNG image");
    case ChartFormat::Svg:
        return QObject::tr("SVG drawing");
    case ChartFormat::Pdf:
        return QObject::tr("PDF document");
    }
    return {};
}

} // namespace

std::optional<ChartFormat> chartFormatForFile(const QString& file)
{
    const QString suffix = QFileInfo(file).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return ChartFormat::Png;
    if (suffix == QLatin1String("svg"))
        return ChartFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return ChartFormat::Pdf;
    return std::nullopt;
}

QString chartFormatSuffix(ChartFormat format)
{
    switch (format) {
    case ChartFormat::Png:
        return QStringLiteral("png");
    case ChartFormat::Svg:
        return QStringLiteral("svg");
    case ChartFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ExportOptions> ExportOptions::forFile(const QString& file, int width, int height, double scale)
{
    const auto format = chartFormatForFile(file);
    if (!format)
        return std::nullopt;
    ExportOptions options;
    options.format = *format;
    options.width = width;
    options.height = height;
    options.scale = scale;
    return options;
}

QSize ExportOptions::outputSize() const
{
    if (format != ChartFormat::Png)
        return { width, height };
    return { static_cast<int>(std::lround(width * scale)), static_cast<int>(std::lround(height * scale)) };
}

QString exportFileFilter()
{
    return QObject::tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)");
}

bool exportChart(QCustomPlot* plot, const QString& file, const ExportOptions& options, QString* error,
    const LayoutForSize& layoutFor)
{
    const QString shown = QDir::toNativeSeparators(file);
    if (file.isEmpty())
        return fail(error, QObject::tr("No file name given for the chart."));
    const auto suffixFormat = chartFormatForFile(file);
    if (!suffixFormat) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: unknown image format \"%2\" (use .png, .svg or .pdf).")
                .arg(shown, QFileInfo(file).suffix()));
    }
    if (*suffixFormat != options.format) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: the suffix does not match the format (%2).")
                .arg(shown, formatName(options.format)));
    }
    if (options.width < kMinExportSide || options.height < kMinExportSide || options.width > kMaxExportSide
        || options.height > kMaxExportSide) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: the size %2 × %3 is not between %4 and %5 pixels a side.")
                .arg(shown)
                .arg(options.width)
                .arg(options.height)
                .arg(kMinExportSide)
                .arg(kMaxExportSide));
    }
    if (!(options.scale > 0) || options.scale > kMaxExportScale) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: the scale %2 is not above 0 and at most %3.")
                .arg(shown)
                .arg(options.scale)
                .arg(kMaxExportScale));
    }
    const QSize out = options.outputSize();
    if (out.width() > kMaxExportSide * 2 || out.height() > kMaxExportSide * 2) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: %2 × %3 pixels is too large.")
                .arg(shown)
                .arg(out.width())
                .arg(out.height()));
    }

    QSaveFile saveFile(file);
    if (!saveFile.open(QIODevice::WriteOnly))
        return fail(error, QObject::tr("Cannot write the chart to %1: %2").arg(shown, saveFile.errorString()));
    const QSize size(options.width, options.height);
    bool drawn = false;
    {
        const LayoutScope scope(plot, size, layoutFor);
        switch (options.format) {
        case ChartFormat::Png: {
            QImage image = plot->toPixmap(options.width, options.height, options.scale).toImage();
            // The physical size stays that of the layout: a 2x image is the same picture at twice the density.
            const int dotsPerMeter = static_cast<int>(std::lround(96.0 / 0.0254 * options.scale));
            image.setDotsPerMeterX(dotsPerMeter);
            image.setDotsPerMeterY(dotsPerMeter);
            drawn = !image.isNull() && image.save(&saveFile, "PNG");
            break;
        }
        case ChartFormat::Svg: {
            const QByteArray svg = svgDocument(plot, size, QFileInfo(file).completeBaseName());
            drawn = !svg.isEmpty() && saveFile.write(svg) == svg.size();
            break;
        }
        case ChartFormat::Pdf: {
            QPdfWriter writer(&saveFile);
            // A pixel of the layout is a 96th of an inch, as on screen and in the SVG: the text keeps its size
            // against the plot (at 72 dpi the 9 pt text would shrink by a quarter against the layout).
            writer.setResolution(96);
            writer.setPageSize(QPageSize(QSizeF(options.width * 0.75, options.height * 0.75), QPageSize::Point));
            writer.setPageMargins(QMarginsF(0, 0, 0, 0));
            writer.setCreator(QStringLiteral("LM-Predictor"));
            writer.setTitle(QFileInfo(file).completeBaseName());
            drawn = paintVectors(plot, &writer, options.width, options.height);
            break;
        }
        }
    }
    if (!drawn) {
        saveFile.cancelWriting();
        return fail(error,
            QObject::tr("Cannot write the chart to %1: the %2 could not be drawn.")
                .arg(shown, formatName(options.format)));
    }
    if (!saveFile.commit())
        return fail(error, QObject::tr("Cannot write the chart to %1: %2").arg(shown, saveFile.errorString()));
    return true;
}

bool exportPlot(
    QCustomPlot* plot, const QString& file, int width, int height, QString* error, const LayoutForSize& layoutFor)
{
    const auto options = ExportOptions::forFile(file, width, height);
    if (!options) {
        return fail(error,
            QObject::tr("Cannot export the chart to %1: unknown image format \"%2\" (use .png, .svg or .pdf).")
                .arg(file, QFileInfo(file).suffix()));
    }
    return exportChart(plot, file, *options, error, layoutFor);
}

QImage chartImage(QCustomPlot* plot, const QSize& size, double scale, const LayoutForSize& layoutFor)
{
    if (size.width() <= 0 || size.height() <= 0 || !(scale > 0))
        return {};
    const LayoutScope scope(plot, size, layoutFor);
    return plot->toPixmap(size.width(), size.height(), scale).toImage();
}

QByteArray chartSvg(QCustomPlot* plot, const QSize& size, const LayoutForSize& layoutFor)
{
    if (size.width() <= 0 || size.height() <= 0)
        return {};
    const LayoutScope scope(plot, size, layoutFor);
    return svgDocument(plot, size, QObject::tr("Chart"));
}

} // namespace lmp::widgets
