// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analysissnapshot.h"
#include "chartexport.h"

#include <QFuture>
#include <QPointF>
#include <QVector>
#include <QWidget>

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

class QComboBox;
class QCustomPlot;
class QCPTextElement;
class QLabel;
class QMouseEvent;
class QSpinBox;
class QTimer;

namespace lmp::widgets {

// One metric of the whole model against sequence length, batch size or cached tokens, for a prefill and a
// decode step. The analyses run on the thread pool; a newer request makes older results stale.
class SweepChart : public QWidget, public ExportableChart
{
    Q_OBJECT
public:
    enum class Axis { Seq, Batch, Past };
    enum class Metric { Time, Flops, Traffic, Intensity, KvCache, Footprint };
    static constexpr int kMetricCount = 6;
    enum SeriesIndex { Prefill = 0, Decode = 1 };

    // The values of every metric at one point (nullopt where the analysis has none).
    struct Point
    {
        double x = 0;
        std::array<std::optional<double>, kMetricCount> values;
    };
    struct Result
    {
        std::uint64_t generation = 0;
        std::array<std::vector<Point>, 2> series; // Prefill, Decode
    };

    explicit SweepChart(QWidget* parent = nullptr);
    ~SweepChart() override;

    // Recomputes shortly after (coalescing with control changes).
    void setSnapshot(SnapshotPtr snapshot);
    const SnapshotPtr& snapshot() const { return m_snapshot; }

    // Also resets the range to the axis' default one.
    void setAxis(Axis axis);
    Axis axis() const { return m_axis; }
    void setRange(int from, int to);
    int from() const;
    int to() const;
    void setPointCount(int points);
    int pointCount() const;
    // Switching the metric recomputes nothing: every point holds every metric.
    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }
    // The metric drawn: FLOPs when Time is chosen without a device.
    Metric shownMetric() const;

    // The x values of a sweep: log-spaced when to/from exceeds 100, else evenly spaced; whole and distinct.
    static std::vector<std::int64_t> sweepValues(int from, int to, int points);
    // The settings of one point of the sweep, from the snapshot's settings.
    static analysis::Settings pointSettings(
        const analysis::Settings& base, Axis axis, SeriesIndex series, std::int64_t x);

    // Starts the analyses now; a result still on its way is dropped when it arrives.
    void recompute();
    bool isBusy() const { return m_busy; }
    // The shown metric (raw units: seconds, FLOPs, bytes) at each x of a series (0 prefill, 1 decode).
    QVector<QPointF> series(int which) const;

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

Q_SIGNALS:
    // A result was drawn.
    void finished();

private:
    void scheduleRecompute();
    void showResult(Result result);
    void redraw();
    void updateRangeLimits();
    void mouseMoved(QMouseEvent* event);

    SnapshotPtr m_snapshot;
    Axis m_axis = Axis::Seq;
    Metric m_metric = Metric::Time;
    QComboBox* m_axisBox = nullptr;
    QSpinBox* m_fromBox = nullptr;
    QSpinBox* m_toBox = nullptr;
    QSpinBox* m_pointsBox = nullptr;
    QComboBox* m_metricBox = nullptr;
    QLabel* m_status = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPTextElement* m_title = nullptr;
    QCPTextElement* m_details = nullptr; // the line under the title
    QTimer* m_debounce = nullptr;
    std::uint64_t m_generation = 0; // of the newest request
    bool m_busy = false;
    QFuture<Result> m_running;
    Result m_result; // the shown one
    double m_scale = 1; // plotted value = value * m_scale (a time unit)
};

} // namespace lmp::widgets
