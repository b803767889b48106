// SPDX-License-Identifier: GPL-3.0-or-later
#include "sweepchart.h"

#include "analysis/sweep.h"
#include "chartexportdialog.h"
#include "chartutil.h"
#include "format.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPromise>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lmp::widgets {

namespace {

using analysis::Kind;

constexpr int kDebounceMs = 250;
constexpr int kMaxValue = 100'000'000;

struct AxisDefaults
{
    int from;
    int to;
};

AxisDefaults defaultsFor(SweepChart::Axis axis)
{
    switch (axis) {
    case SweepChart::Axis::Seq:
        return { 128, 32768 };
    case SweepChart::Axis::Batch:
        return { 1, 128 };
    case SweepChart::Axis::Past:
        return { 1, 131072 };
    }
    return { 1, 1024 };
}

SweepChart::Point measure(std::int64_t x, const analysis::AnalysisResult& r, const model::ModuleTree& tree)
{
    SweepChart::Point p;
    p.x = static_cast<double>(x);
    auto set = [&](SweepChart::Metric m, std::optional<double> v) { p.values[static_cast<std::size_t>(m)] = v; };
    const analysis::NodeAnalysis& root = r.node(tree.root());
    const auto& flops = root.inclusive[Kind::Flops];
    const auto bytes = analysis::trafficBytes(root.inclusive);
    set(SweepChart::Metric::Time,
        root.expectedSeconds > 0 ? std::optional<double>(root.expectedSeconds) : std::nullopt);
    set(SweepChart::Metric::Flops, flops ? std::optional<double>(flops->toDouble()) : std::nullopt);
    set(SweepChart::Metric::Traffic, bytes ? std::optional<double>(bytes->toDouble()) : std::nullopt);
    if (flops && bytes && bytes->toDouble() > 0)
        set(SweepChart::Metric::Intensity, flops->toDouble() / bytes->toDouble());
    if (r.kvCacheBytes)
        set(SweepChart::Metric::KvCache, r.kvCacheBytes->toDouble());
    if (r.footprintBytes)
        set(SweepChart::Metric::Footprint, r.footprintBytes->toDouble());
    return p;
}

// Runs on the thread pool: every point of both series, checking for cancellation between analyses.
void runSweep(QPromise<SweepChart::Result>& promise, SnapshotPtr snapshot, SweepChart::Axis axis,
    std::vector<std::int64_t> xs, std::uint64_t generation)
{
    SweepChart::Result result;
    result.generation = generation;
    analysis::Analyzer analyzer(snapshot->tree(), *snapshot->library);
    for (const auto which : { SweepChart::Prefill, SweepChart::Decode }) {
        for (const std::int64_t x : xs) {
            if (promise.isCanceled())
                return;
            const analysis::Settings settings = SweepChart::pointSettings(snapshot->settings, axis, which, x);
            const auto r = analyzer.analyze(settings, snapshot->profile());
            result.series[which].push_back(measure(x, r, snapshot->tree()));
        }
    }
    promise.addResult(std::move(result));
}

} // namespace

SweepChart::SweepChart(QWidget* parent)
    : QWidget(parent)
    , m_axisBox(new QComboBox(this))
    , m_fromBox(new QSpinBox(this))
    , m_toBox(new QSpinBox(this))
    , m_pointsBox(new QSpinBox(this))
    , m_metricBox(new QComboBox(this))
    , m_status(new QLabel(this))
    , m_plot(new QCustomPlot(this))
    , m_debounce(new QTimer(this))
{
    m_axisBox->addItem(tr("Sequence length"));
    m_axisBox->addItem(tr("Batch size"));
    m_axisBox->addItem(tr("Cached tokens"));
    m_axisBox->setToolTip(
        tr("Sequence length x: a prefill of x tokens; a decode step of 1 token with x − 1 cached.\n"
           "Batch size x: x sequences, a prefill of the current prompt length and a decode step after the "
           "current context (the cached tokens, or the prefill's length; at least 1).\n"
           "Cached tokens x: a decode step of 1 token after x cached; a prefill of x tokens."));
    m_metricBox->addItem(tr("Time"));
    m_metricBox->addItem(tr("FLOPs"));
    m_metricBox->addItem(tr("Memory traffic"));
    m_metricBox->addItem(tr("Arithmetic intensity"));
    m_metricBox->addItem(tr("KV cache"));
    m_metricBox->addItem(tr("Memory footprint"));
    for (QSpinBox* box : { m_fromBox, m_toBox }) {
        box->setRange(1, kMaxValue);
        box->setGroupSeparatorShown(true);
        box->setAccelerated(true);
    }
    m_fromBox->setToolTip(tr("First value of the sweep"));
    m_toBox->setToolTip(tr("Last value of the sweep"));
    m_pointsBox->setRange(2, 64);
    m_pointsBox->setValue(12);
    m_pointsBox->setToolTip(tr("Analyses per series; log-spaced when the range spans more than two decades"));
    m_pointsBox->setSuffix(tr(" points"));

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(4, 2, 4, 2);
    controls->addWidget(new QLabel(tr("Sweep:"), this));
    controls->addWidget(m_axisBox);
    controls->addWidget(new QLabel(tr("from"), this));
    controls->addWidget(m_fromBox);
    controls->addWidget(new QLabel(tr("to"), this));
    controls->addWidget(m_toBox);
    controls->addWidget(m_pointsBox);
    controls->addStretch(1);
    // A second row, so that the dock can be narrow.
    auto* second = new QHBoxLayout;
    second->setContentsMargins(4, 0, 4, 2);
    second->addWidget(new QLabel(tr("Metric:"), this));
    second->addWidget(m_metricBox);
    second->addWidget(m_status, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addLayout(second);
    layout->addWidget(m_plot, 1);

    applyChartStyle(m_plot);
    m_plot->setMouseTracking(true);
    installChartMenu(m_plot, this);
    const TitleRows title = addTitleRows(m_plot);
    m_title = title.headline;
    m_details = title.details;
    // The legend in a row under the plot, centred: inside the axis rect it would cover points of one series or the
    // other, whatever corner it took.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(Qt::white);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(2);
    m_plot->legend->setColumnSpacing(16);
    auto* legendRow = new QCPLayoutGrid;
    legendRow->addElement(0, 0, new QCPLayoutElement(m_plot));
    legendRow->addElement(0, 1, m_plot->legend);
    legendRow->addElement(0, 2, new QCPLayoutElement(m_plot));
    legendRow->setColumnStretchFactor(1, 0.001);
    legendRow->setMargins(QMargins(0, 0, 0, 6));
    m_plot->plotLayout()->addElement(3, 0, legendRow);
    m_plot->plotLayout()->setRowStretchFactor(3, 0.001);
    QCPGraph* prefill = m_plot->addGraph();
    prefill->setName(tr("Prefill"));
    prefill->setPen(QPen(QColor(0x4e, 0x79, 0xa7), 2));
    prefill->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    QCPGraph* decode = m_plot->addGraph();
    decode->setName(tr("Decode (1 token)"));
    decode->setPen(QPen(QColor(0xf2, 0x8e, 0x2b), 2));
    decode->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &SweepChart::recompute);
    connect(m_axisBox, &QComboBox::currentIndexChanged, this, [this](int index) { setAxis(static_cast<Axis>(index)); });
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
        [this](int index) { setMetric(static_cast<Metric>(index)); });
    for (QSpinBox* box : { m_fromBox, m_toBox, m_pointsBox })
        connect(box, &QSpinBox::valueChanged, this, &SweepChart::scheduleRecompute);
    connect(m_plot, &QCustomPlot::mouseMove, this, &SweepChart::mouseMoved);

    const AxisDefaults d = defaultsFor(m_axis);
    setRange(d.from, d.to);
    m_debounce->stop();
    redraw();
}

SweepChart::~SweepChart()
{
    m_running.cancel(); // the worker holds its own snapshot reference and stops at the next point
}

void SweepChart::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    m_result = {};
    redraw();
    scheduleRecompute();
}

void SweepChart::setAxis(Axis axis)
{
    const bool changed = axis != m_axis;
    m_axis = axis;
    {
        const QSignalBlocker blocker(m_axisBox);
        m_axisBox->setCurrentIndex(static_cast<int>(axis));
    }
    if (changed) {
        const AxisDefaults d = defaultsFor(axis);
        setRange(d.from, d.to);
        m_result = {};
        redraw();
    }
    scheduleRecompute();
}

void SweepChart::setRange(int from, int to)
{
    const QSignalBlocker fromBlocker(m_fromBox);
    const QSignalBlocker toBlocker(m_toBox);
    m_fromBox->setValue(std::min(from, to));
    m_toBox->setValue(std::max(from, to));
    scheduleRecompute();
}

int SweepChart::from() const
{
    return m_fromBox->value();
}

int SweepChart::to() const
{
    return m_toBox->value();
}

void SweepChart::setPointCount(int points)
{
    const QSignalBlocker blocker(m_pointsBox);
    m_pointsBox->setValue(points);
    scheduleRecompute();
}

int SweepChart::pointCount() const
{
    return m_pointsBox->value();
}

void SweepChart::setMetric(Metric metric)
{
    m_metric = metric;
    const QSignalBlocker blocker(m_metricBox);
    m_metricBox->setCurrentIndex(static_cast<int>(metric));
    redraw();
}

SweepChart::Metric SweepChart::shownMetric() const
{
    if (m_metric == Metric::Time && !(m_snapshot && m_snapshot->profile()))
        return Metric::Flops;
    return m_metric;
}

std::vector<std::int64_t> SweepChart::sweepValues(int from, int to, int points)
{
    // Core's spacing, as lmp's: log-spaced past a ratio of 100, whole and distinct.
    std::vector<std::int64_t> xs;
    for (const analysis::Int x : analysis::sweepValues(from, to, std::max(2, points)))
        xs.push_back(static_cast<std::int64_t>(x));
    return xs;
}

analysis::Settings SweepChart::pointSettings(
    const analysis::Settings& base, Axis axis, SeriesIndex series, std::int64_t x)
{
    // The sweep's meaning is core's, the same as lmp sweep's.
    const analysis::SweepAxis a = axis == Axis::Seq ? analysis::SweepAxis::Seq
        : axis == Axis::Batch                       ? analysis::SweepAxis::Batch
                                                    : analysis::SweepAxis::Past;
    return analysis::sweepPointSettings(
        base, a, series == Prefill ? analysis::Phase::Prefill : analysis::Phase::Decode, x);
}

void SweepChart::scheduleRecompute()
{
    if (m_snapshot)
        m_debounce->start();
}

void SweepChart::recompute()
{
    m_debounce->stop();
    m_running.cancel(); // its result would be stale anyway
    if (!m_snapshot) {
        m_busy = false;
        return;
    }
    const std::uint64_t generation = ++m_generation;
    m_busy = true;
    m_status->setText(tr("Computing…"));
    auto* watcher = new QFutureWatcher<Result>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation || watcher->isCanceled() || watcher->future().resultCount() == 0)
            return; // a newer request is on its way
        showResult(watcher->result());
    });
    m_running = QtConcurrent::run(runSweep, m_snapshot, m_axis, sweepValues(from(), to(), pointCount()), generation);
    watcher->setFuture(m_running);
}

void SweepChart::showResult(Result result)
{
    m_result = std::move(result);
    m_busy = false;
    m_status->clear();
    redraw();
    Q_EMIT finished();
}

QVector<QPointF> SweepChart::series(int which) const
{
    QVector<QPointF> out;
    if (which < 0 || which > 1)
        return out;
    const auto metric = static_cast<std::size_t>(shownMetric());
    for (const Point& p : m_result.series[static_cast<std::size_t>(which)]) {
        if (p.values[metric])
            out << QPointF(p.x, *p.values[metric]);
    }
    return out;
}

void SweepChart::redraw()
{
    const Metric metric = shownMetric();
    const QVector<QPointF> prefill = series(Prefill);
    const QVector<QPointF> decode = series(Decode);
    double maxValue = 0, minValue = std::numeric_limits<double>::infinity();
    double minX = std::numeric_limits<double>::infinity(), maxX = 0;
    for (const QVector<QPointF>* s : { &prefill, &decode }) {
        for (const QPointF& p : *s) {
            maxValue = std::max(maxValue, p.y());
            minValue = std::min(minValue, p.y());
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
        }
    }

    QString yLabel;
    m_scale = 1;
    switch (metric) {
    case Metric::Time: {
        const TimeUnit unit = timeUnitFor(maxValue);
        m_scale = unit.factor;
        yLabel = tr("Time (%1)").arg(unit.name);
        break;
    }
    case Metric::Flops:
        yLabel = tr("FLOPs");
        break;
    case Metric::Traffic:
        yLabel = tr("Memory traffic (bytes)");
        break;
    case Metric::Intensity:
        yLabel = tr("Arithmetic intensity (FLOP/byte)");
        break;
    case Metric::KvCache:
        yLabel = tr("KV cache (bytes)");
        break;
    case Metric::Footprint:
        yLabel = tr("Memory footprint (bytes)");
        break;
    }
    m_plot->yAxis->setLabel(yLabel);
    switch (m_axis) {
    case Axis::Seq:
        m_plot->xAxis->setLabel(tr("Sequence length (tokens)"));
        break;
    case Axis::Batch:
        m_plot->xAxis->setLabel(tr("Batch size (sequences)"));
        break;
    case Axis::Past:
        m_plot->xAxis->setLabel(tr("Cached tokens"));
        break;
    }

    for (int which : { 0, 1 }) {
        QVector<double> keys, values;
        for (const QPointF& p : which == 0 ? prefill : decode) {
            keys << p.x();
            values << p.y() * m_scale;
        }
        m_plot->graph(which)->setData(keys, values, true);
    }

    // Wide sweeps on log axes (both, when the values allow it), narrow ones on linear axes.
    const bool logX = maxX > 0 && maxX / minX > 100.0;
    const bool logY = logX && minValue > 0 && maxValue / minValue > 100.0;
    auto setScale = [](QCPAxis* axis, bool log) {
        if (log) {
            QSharedPointer<SiLogTicker> ticker(new SiLogTicker);
            ticker->setLogBase(10);
            ticker->setSubTickCount(8);
            axis->setScaleType(QCPAxis::stLogarithmic);
            axis->setTicker(ticker);
        } else {
            axis->setScaleType(QCPAxis::stLinear);
            axis->setTicker(QSharedPointer<SiTicker>(new SiTicker));
        }
    };
    setScale(m_plot->xAxis, logX);
    setScale(m_plot->yAxis, logY);
    if (maxX > 0) {
        m_plot->rescaleAxes();
        const QCPRange x = m_plot->xAxis->range();
        if (logX)
            m_plot->xAxis->setRange(x.lower / 1.3, x.upper * 1.3);
        else
            m_plot->xAxis->setRange(x.lower - 0.03 * x.size(), x.upper + 0.03 * x.size());
        const QCPRange y = m_plot->yAxis->range();
        if (logY)
            m_plot->yAxis->setRange(y.lower / 2, y.upper * 4);
        else
            m_plot->yAxis->setRange(std::min(0.0, y.lower), y.upper * 1.15 + (y.upper == 0 ? 1 : 0));
    } else {
        m_plot->xAxis->setRange(from(), to());
        m_plot->yAxis->setRange(0, 1);
    }

    if (m_snapshot) {
        const analysis::Settings& s = m_snapshot->settings;
        const QString where = m_snapshot->profile()
            ? tr("%1 on %2").arg(m_snapshot->model->name, QString::fromStdString(m_snapshot->profile()->name))
            : m_snapshot->model->name;
        QString context;
        if (m_axis == Axis::Batch) {
            const auto prefillAt = pointSettings(s, m_axis, Prefill, 1);
            const auto decodeAt = pointSettings(s, m_axis, Decode, 1);
            context = tr("prompt %1 tokens, decode after %2 cached")
                          .arg(QString::fromStdString(formula::toString(prefillAt.seq)),
                              QString::fromStdString(formula::toString(decodeAt.past)));
        } else {
            context = tr("batch %1").arg(QString::fromStdString(formula::toString(s.batch)));
        }
        const std::string_view dtype = analysis::dtypeName(s.actDtype);
        m_details->setText(
            QStringLiteral("%1 · %2 · %3")
                .arg(where, context, QString::fromUtf8(dtype.data(), static_cast<qsizetype>(dtype.size()))));
    } else {
        m_details->setText(QString());
    }
    QString against;
    switch (m_axis) {
    case Axis::Seq:
        against = tr("sequence length");
        break;
    case Axis::Batch:
        against = tr("batch size");
        break;
    case Axis::Past:
        against = tr("cached tokens");
        break;
    }
    QString title = tr("%1 against %2").arg(m_metricBox->itemText(static_cast<int>(metric)), against);
    if (metric != m_metric)
        title += tr(" (time needs a device)");
    m_title->setText(title);
    m_plot->replot();
}

QCPTextElement* SweepChart::titleElement() const
{
    return m_title;
}

bool SweepChart::exportTo(const QString& file, const ExportOptions& options, QString* error)
{
    return exportChart(m_plot, file, options, error, {});
}

QImage SweepChart::toImage(const QSize& size, double scale)
{
    return chartImage(m_plot, size, scale, {});
}

QByteArray SweepChart::toSvg(const QSize& size)
{
    return chartSvg(m_plot, size, {});
}

QString SweepChart::chartTitle() const
{
    return tr("Sweep");
}

QString SweepChart::chartFileName() const
{
    return QStringLiteral("sweep");
}

QSize SweepChart::shownSize() const
{
    return m_plot->size();
}

bool SweepChart::exportTo(const QString& file, int width, int height, QString* error)
{
    return exportPlot(m_plot, file, width, height, error);
}

void SweepChart::mouseMoved(QMouseEvent* event)
{
    // The nearest point of either series within 8 pixels.
    double best = 64;
    QString text;
    for (int which : { 0, 1 }) {
        const QCPGraph* graph = m_plot->graph(which);
        for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
            const double dx = m_plot->xAxis->coordToPixel(it->key) - event->position().x();
            const double dy = m_plot->yAxis->coordToPixel(it->value) - event->position().y();
            if (dx * dx + dy * dy <= best) {
                best = dx * dx + dy * dy;
                const double raw = it->value / m_scale;
                QString value;
                switch (shownMetric()) {
                case Metric::Time:
                    value = secondsText(raw);
                    break;
                case Metric::Flops:
                    value = siText(raw, QStringLiteral("FLOP"));
                    break;
                case Metric::Intensity:
                    value = tr("%1 FLOP/B").arg(siNumber(raw));
                    break;
                default:
                    value = siText(raw, QStringLiteral("B"));
                    break;
                }
                text = tr("%1 at %2 = %3: %4")
                           .arg(graph->name(), m_plot->xAxis->label(), localNumber(it->key, 'f', 0), value);
            }
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

} // namespace lmp::widgets
