// SPDX-License-Identifier: GPL-3.0-or-later
#include "breakdownchart.h"

#include "analysis/breakdown.h"
#include "chartexportdialog.h"
#include "chartutil.h"
#include "format.h"

#include <QComboBox>
#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <map>

namespace lmp::widgets {

namespace {

constexpr std::size_t kMaxClasses = 15;
constexpr int kMaxValueLabels = 24; // more bars than this: no value text at their ends
constexpr int kLabelWidth = 210; // pixels a layer name may take before it is elided

using analysis::Kind;

std::optional<double> metricValue(const analysis::Figures& f, double seconds, BreakdownChart::Metric metric)
{
    auto value = [&](Kind kind) -> std::optional<double> {
        if (!f[kind])
            return std::nullopt;
        return f[kind]->toDouble();
    };
    switch (metric) {
    case BreakdownChart::Metric::Time:
        return seconds;
    case BreakdownChart::Metric::Flops:
        return value(Kind::Flops);
    case BreakdownChart::Metric::MatmulFlops:
        return value(Kind::MatmulFlops);
    case BreakdownChart::Metric::Traffic:
        if (const auto bytes = analysis::trafficBytes(f))
            return bytes->toDouble();
        return std::nullopt;
    case BreakdownChart::Metric::Params:
        return value(Kind::Params);
    }
    return std::nullopt;
}

} // namespace

BreakdownChart::BreakdownChart(QWidget* parent)
    : QWidget(parent)
    , m_groupingBox(new QComboBox(this))
    , m_metricBox(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_plot(new QCustomPlot(this))
{
    m_groupingBox->addItem(tr("By module class"));
    m_groupingBox->addItem(tr("By layer"));
    m_groupingBox->setToolTip(tr("Module class: the work of every instance of a class, summed.\n"
                                 "Layer: each top-level module, with every decoder layer on its own bar."));
    m_metricBox->addItem(tr("Time"));
    m_metricBox->addItem(tr("FLOPs"));
    m_metricBox->addItem(tr("Matmul FLOPs"));
    m_metricBox->addItem(tr("Memory traffic (bytes)"));
    m_metricBox->addItem(tr("Parameters"));
    m_metricBox->setToolTip(
        tr("Time is the expected time on the selected device (the roofline bound with the time model's "
           "efficiencies and launch costs); memory traffic counts reads, writes and each intermediate "
           "twice."));

    auto* toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(4, 2, 4, 2);
    toolbar->addWidget(new QLabel(tr("Group:"), this));
    toolbar->addWidget(m_groupingBox);
    toolbar->addSpacing(8);
    toolbar->addWidget(new QLabel(tr("Metric:"), this));
    toolbar->addWidget(m_metricBox);
    toolbar->addStretch(1);
    m_note->setVisible(false);
    m_note->setWordWrap(true);
    m_note->setContentsMargins(6, 0, 6, 0);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(toolbar);
    layout->addWidget(m_note);
    layout->addWidget(m_plot, 1);

    applyChartStyle(m_plot);
    m_plot->setMouseTracking(true);
    installChartMenu(m_plot, this);
    const TitleRows title = addTitleRows(m_plot);
    m_title = title.headline;
    m_details = title.details;
    m_plot->yAxis->setRangeReversed(true); // the first bar on top
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->yAxis->setTickLength(0, 2);
    m_plot->yAxis->setSubTicks(false);
    m_plot->xAxis->setTicker(QSharedPointer<SiTicker>(new SiTicker));
    m_plot->xAxis->setPadding(4);
    m_plot->installEventFilter(this);

    connect(m_groupingBox, &QComboBox::currentIndexChanged, this,
        [this](int index) { setGrouping(static_cast<Grouping>(index)); });
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
        [this](int index) { setMetric(static_cast<Metric>(index)); });
    connect(m_plot, &QCustomPlot::mousePress, this, &BreakdownChart::mousePressed);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &BreakdownChart::mouseReleased);
    connect(m_plot, &QCustomPlot::mouseMove, this, &BreakdownChart::mouseMoved);

    rebuild();
}

BreakdownChart::~BreakdownChart() = default;

void BreakdownChart::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    rebuild();
}

void BreakdownChart::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping && m_groupingBox->currentIndex() == static_cast<int>(grouping))
        return;
    m_grouping = grouping;
    const QSignalBlocker blocker(m_groupingBox);
    m_groupingBox->setCurrentIndex(static_cast<int>(grouping));
    rebuild();
}

void BreakdownChart::setMetric(Metric metric)
{
    if (metric == m_metric && m_metricBox->currentIndex() == static_cast<int>(metric))
        return;
    m_metric = metric;
    const QSignalBlocker blocker(m_metricBox);
    m_metricBox->setCurrentIndex(static_cast<int>(metric));
    rebuild();
}

QString BreakdownChart::barLabel(int index) const
{
    return index >= 0 && index < barCount() ? m_bars[static_cast<std::size_t>(index)].label : QString();
}

double BreakdownChart::barValue(int index) const
{
    return index >= 0 && index < barCount() ? m_bars[static_cast<std::size_t>(index)].value : 0.0;
}

QString BreakdownChart::note() const
{
    return m_note->text();
}

void BreakdownChart::collectByClass()
{
    const auto shares = analysis::breakdownByClass(
        m_snapshot->tree(), m_snapshot->result, m_snapshot->profile(), m_snapshot->settings.actDtype);
    std::vector<Bar> bars;
    for (const analysis::ClassShare& share : shares) {
        const auto value = metricValue(share.self, share.seconds, m_shownMetric);
        if (!value || *value <= 0)
            continue;
        Bar bar;
        bar.classPath = QString::fromStdString(share.classPath);
        bar.fullName =
            tr("%1 (%2 instances)").arg(bar.classPath, QString::fromStdString(formula::toString(share.instances)));
        bar.label = classShortName(bar.classPath);
        bar.value = *value;
        bars.push_back(std::move(bar));
    }
    std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
    if (bars.size() > kMaxClasses + 1) {
        Bar other;
        other.label = tr("other");
        other.fullName = tr("%n other classes", nullptr, static_cast<int>(bars.size() - kMaxClasses));
        other.color = otherColor();
        for (std::size_t i = kMaxClasses; i < bars.size(); ++i)
            other.value += bars[i].value;
        bars.resize(kMaxClasses);
        bars.push_back(std::move(other));
    }
    QStringList classes;
    for (const Bar& bar : bars) {
        if (!bar.classPath.isEmpty())
            classes << bar.classPath;
    }
    const std::vector<QColor> colors = classColors(classes);
    for (std::size_t i = 0, c = 0; i < bars.size(); ++i) {
        if (!bars[i].classPath.isEmpty())
            bars[i].color = colors[c++];
    }
    m_bars = std::move(bars);
}

void BreakdownChart::collectByLayer()
{
    const auto layers = analysis::breakdownByLayer(m_snapshot->tree(), m_snapshot->result);
    const QFontMetrics metrics(chartFont());
    const QColor layerColor(0x4e, 0x79, 0xa7);
    const QColor moduleColor(0xf2, 0x8e, 0x2b);
    for (const analysis::LayerShare& layer : layers) {
        Bar bar;
        bar.fullName = layer.name.empty() ? tr("(model)") : QString::fromStdString(layer.name);
        bar.label = metrics.elidedText(bar.fullName, Qt::ElideMiddle, kLabelWidth);
        bar.value = metricValue(layer.inclusive, layer.seconds, m_shownMetric).value_or(0.0);
        bar.node = layer.node;
        bar.layerIndex = layer.layerIndex;
        bar.color = layer.layerIndex >= 0 ? layerColor : moduleColor;
        m_bars.push_back(std::move(bar));
    }
}

void BreakdownChart::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_bars.clear();
    m_total = 0;
    m_scale = 1;

    const bool hasDevice = m_snapshot && m_snapshot->profile();
    m_shownMetric = m_metric == Metric::Time && !hasDevice ? Metric::Flops : m_metric;
    const QString noteText = m_metric == Metric::Time && m_snapshot && !hasDevice
        ? tr("Time needs a device: showing FLOPs. Choose a hardware profile to see the roofline time.")
        : QString();
    m_note->setText(noteText);
    m_note->setVisible(!noteText.isEmpty());

    if (m_snapshot) {
        if (m_grouping == Grouping::ByClass)
            collectByClass();
        else
            collectByLayer();
    }
    double maxValue = 0;
    for (const Bar& bar : m_bars) {
        m_total += bar.value;
        maxValue = std::max(maxValue, bar.value);
    }

    QString axisLabel;
    switch (m_shownMetric) {
    case Metric::Time: {
        const TimeUnit unit = timeUnitFor(maxValue);
        m_scale = unit.factor;
        axisLabel = tr("Time (%1)").arg(unit.name);
        break;
    }
    case Metric::Flops:
        axisLabel = tr("FLOPs");
        break;
    case Metric::MatmulFlops:
        axisLabel = tr("Matmul FLOPs");
        break;
    case Metric::Traffic:
        axisLabel = tr("Memory traffic (bytes)");
        break;
    case Metric::Params:
        axisLabel = tr("Parameters");
        break;
    }
    m_plot->xAxis->setLabel(axisLabel);

    const QString metricName = m_metricBox->itemText(static_cast<int>(m_shownMetric));
    const QString what =
        m_grouping == Grouping::ByClass ? tr("%1 by module class").arg(metricName) : tr("%1 by layer").arg(metricName);
    m_title->setText(what);
    m_details->setText(m_snapshot ? snapshotTitle(*m_snapshot) : QString());

    // One QCPBars per colour: a bar's colour says its class (class view) or layer vs other module (layer view).
    std::map<QRgb, QCPBars*> barsByColor;
    for (std::size_t i = 0; i < m_bars.size(); ++i) {
        const Bar& bar = m_bars[i];
        QCPBars*& bars = barsByColor[bar.color.rgb()];
        if (!bars) {
            bars = new QCPBars(m_plot->yAxis, m_plot->xAxis);
            bars->setWidth(0.72);
            bars->setPen(QPen(bar.color.darker(125)));
            bars->setBrush(bar.color);
        }
        bars->addData(static_cast<double>(i + 1), bar.value * m_scale);
    }

    const bool valueLabels = barCount() <= kMaxValueLabels;
    if (valueLabels) {
        for (std::size_t i = 0; i < m_bars.size(); ++i) {
            auto* text = new QCPItemText(m_plot);
            text->position->setCoords(m_bars[i].value * m_scale, static_cast<double>(i + 1));
            text->setPositionAlignment(Qt::AlignLeft | Qt::AlignVCenter);
            text->setPadding(QMargins(4, 0, 0, 0));
            text->setFont(chartFont(8));
            text->setColor(QColor(0x40, 0x40, 0x40));
            text->setText(valueText(m_bars[i].value));
            text->setClipToAxisRect(false);
        }
    }
    const double top = maxValue > 0 ? maxValue * m_scale : 1.0;
    m_plot->xAxis->setRange(0, top * (valueLabels ? 1.3 : 1.05));
    m_plot->yAxis->setRange(0.4, std::max(1, barCount()) + 0.6);
    updateTickLabels(m_plot->height());
    m_plot->replot();
}

void BreakdownChart::updateTickLabels(int plotHeight)
{
    // Label every bar when the labels fit, else every n-th one (61 layers in a small window).
    const int rows = std::max(1, barCount());
    const double available = std::max(40, plotHeight - 90);
    const int lineHeight = QFontMetrics(chartFont()).height();
    const int step = std::max(1, static_cast<int>(std::ceil(lineHeight / (available / rows))));
    // Modules outside the run of layers first (few, unnumbered), then every step-th layer by its number, each
    // where no label within `step` bars is taken yet.
    std::vector<int> labelled;
    auto place = [&](int i) {
        for (int j : labelled) {
            if (std::abs(i - j) < step)
                return;
        }
        labelled.push_back(i);
    };
    for (int i = 0; i < barCount(); ++i) {
        if (m_bars[static_cast<std::size_t>(i)].layerIndex < 0)
            place(i);
    }
    for (int i = 0; i < barCount(); ++i) {
        const int layer = m_bars[static_cast<std::size_t>(i)].layerIndex;
        if (layer >= 0 && layer % step == 0)
            place(i);
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int i : labelled)
        ticker->addTick(i + 1, m_bars[static_cast<std::size_t>(i)].label);
    m_plot->yAxis->setTicker(ticker);
}

QString BreakdownChart::valueText(double value) const
{
    QString text;
    switch (m_shownMetric) {
    case Metric::Time:
        text = secondsText(value);
        break;
    case Metric::Flops:
    case Metric::MatmulFlops:
        text = siText(value, QStringLiteral("FLOP"));
        break;
    case Metric::Traffic:
        text = siText(value, QStringLiteral("B"));
        break;
    case Metric::Params:
        text = siNumber(value);
        break;
    }
    if (m_total > 0)
        text += QStringLiteral("  ") + localNumber(100.0 * value / m_total, 'f', 1) + QStringLiteral(" %");
    return text;
}

int BreakdownChart::barAt(const QPointF& pixel) const
{
    if (!m_plot->axisRect()->rect().contains(pixel.toPoint()))
        return -1;
    const double key = m_plot->yAxis->pixelToCoord(pixel.y());
    const double nearest = std::round(key);
    if (std::fabs(key - nearest) > 0.4)
        return -1;
    const int index = static_cast<int>(nearest) - 1;
    return index >= 0 && index < barCount() ? index : -1;
}

QCPTextElement* BreakdownChart::titleElement() const
{
    return m_title;
}

bool BreakdownChart::exportTo(const QString& file, const ExportOptions& options, QString* error)
{
    return exportChart(m_plot, file, options, error, [this](const QSize& size) { updateTickLabels(size.height()); });
}

QImage BreakdownChart::toImage(const QSize& size, double scale)
{
    return chartImage(m_plot, size, scale, [this](const QSize& size) { updateTickLabels(size.height()); });
}

QByteArray BreakdownChart::toSvg(const QSize& size)
{
    return chartSvg(m_plot, size, [this](const QSize& size) { updateTickLabels(size.height()); });
}

QString BreakdownChart::chartTitle() const
{
    return tr("Breakdown");
}

QString BreakdownChart::chartFileName() const
{
    return QStringLiteral("breakdown");
}

QSize BreakdownChart::shownSize() const
{
    return m_plot->size();
}

bool BreakdownChart::exportTo(const QString& file, int width, int height, QString* error)
{
    return exportPlot(
        m_plot, file, width, height, error, [this](const QSize& size) { updateTickLabels(size.height()); });
}

bool BreakdownChart::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Resize)
        updateTickLabels(static_cast<QResizeEvent*>(event)->size().height());
    return QWidget::eventFilter(watched, event);
}

void BreakdownChart::mousePressed(QMouseEvent* event)
{
    m_pressPos = event->position().toPoint();
}

void BreakdownChart::mouseReleased(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || (event->position().toPoint() - m_pressPos).manhattanLength() > 3)
        return;
    const int index = barAt(event->position());
    if (index < 0)
        return;
    const Bar& bar = m_bars[static_cast<std::size_t>(index)];
    if (bar.node)
        Q_EMIT nodeClicked(*bar.node);
    else if (!bar.classPath.isEmpty())
        Q_EMIT classClicked(bar.classPath);
}

void BreakdownChart::mouseMoved(QMouseEvent* event)
{
    const int index = barAt(event->position());
    if (index < 0) {
        QToolTip::hideText();
        return;
    }
    const Bar& bar = m_bars[static_cast<std::size_t>(index)];
    QToolTip::showText(
        event->globalPosition().toPoint(), bar.fullName + QLatin1Char('\n') + valueText(bar.value), m_plot);
}

} // namespace lmp::widgets
