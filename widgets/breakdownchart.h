// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "chartexport.h"

#include <QPoint>
#include <QString>
#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QCustomPlot;
class QCPTextElement;
class QLabel;
class QMouseEvent;

namespace lmp::widgets {

// Horizontal bars of where the work goes: per module class (every instance summed, top 15 and "other") or
// per top-level module with the decoder layers expanded, for one metric.
class BreakdownChart : public QWidget, public ExportableChart
{
    Q_OBJECT
public:
    enum class Grouping { ByClass, ByLayer };
    enum class Metric { Time, Flops, MatmulFlops, Traffic, Params };

    explicit BreakdownChart(QWidget* parent = nullptr);
    ~BreakdownChart() override;

    void setSnapshot(SnapshotPtr snapshot);
    const SnapshotPtr& snapshot() const { return m_snapshot; }

    void setGrouping(Grouping grouping);
    Grouping grouping() const { return m_grouping; }
    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }
    // The metric drawn: FLOPs when Time is chosen without a device.
    Metric shownMetric() const { return m_shownMetric; }

    int barCount() const { return static_cast<int>(m_bars.size()); }
    // A bar's label and value in the shown metric's unit (seconds, FLOPs, bytes, parameters), top bar first.
    QString barLabel(int index) const;
    double barValue(int index) const;
    // The note under the toolbar ("" when none).
    QString note() const;
    // The bar under a pixel of plot(), or -1.
    int barAt(const QPointF& pixel) const;

    QCustomPlot* plot() const { return m_plot; }
    // The headline over the plot.
    QCPTextElement* titleElement() const;

    // PNG, SVG or PDF by the file's suffix.
    bool exportTo(const QString& file, int width, int height, QString* error = nullptr);
    bool exportTo(const QString& file, const ExportOptions& options, QString* error = nullptr) override;
    QImage toImage(const QSize& size, double scale = 1.0) override;
    QByteArray toSvg(const QSize& size) override;
    QString chartTitle() const override;
    QString chartFileName() const override;
    QSize shownSize() const override;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    void nodeClicked(lmp::model::NodeId node); // a bar of the layer view
    void classClicked(const QString& classPath); // a bar of the class view ("other" emits nothing)

private:
    struct Bar
    {
        QString label; // shown on the axis
        QString fullName; // class path or dotted module name
        double value = 0;
        std::optional<model::NodeId> node; // layer view
        QString classPath; // class view, "" for "other"
        int layerIndex = -1; // layer view: the block's number in the run of decoder layers
        QColor color;
    };

    void rebuild();
    void collectByClass();
    void collectByLayer();
    void updateTickLabels(int plotHeight);
    QString valueText(double value) const;
    void mousePressed(QMouseEvent* event);
    void mouseReleased(QMouseEvent* event);
    void mouseMoved(QMouseEvent* event);

    SnapshotPtr m_snapshot;
    Grouping m_grouping = Grouping::ByClass;
    Metric m_metric = Metric::Time;
    Metric m_shownMetric = Metric::Time;
    QComboBox* m_groupingBox = nullptr;
    QComboBox* m_metricBox = nullptr;
    QLabel* m_note = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPTextElement* m_details = nullptr; // the line under the title
    std::vector<Bar> m_bars;
    double m_total = 0; // the sum of every bar: the denominator of the shares
    double m_scale = 1; // value shown = value * m_scale (a time unit)
    QPoint m_pressPos;
};

} // namespace lmp::widgets
