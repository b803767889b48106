// SPDX-License-Identifier: GPL-3.0-or-later
#include "rooflineplot.h"

#include "analysis/breakdown.h"
#include "chartexportdialog.h"
#include "chartutil.h"
#include "format.h"

#include <QEvent>
#include <QFontMetricsF>
#include <QMouseEvent>
#include <QResizeEvent>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace lmp::widgets {

namespace {

constexpr std::size_t kMaxLegendClasses = 12;
// What the axes' tick labels and labels take beside and under the axis rect, about.
constexpr int kAxisDecorationWidth = 75;
constexpr int kAxisDecorationHeight = 50;
// Below this score (the axis rect's height, or its width / 1.5) with the legend, the legend is left out.
constexpr double kMinLegendPlotHeight = 110;

// The ridge's label: right of the ridge line, under the top roof; left of the line where the axis rect leaves no
// room on the right, above the roof where none below. Not drawn where it fits nowhere, never clipped.
class RidgeLabel : public QCPItemText
{
public:
    using QCPItemText::QCPItemText;

    // Whether the last draw showed it.
    bool shown() const { return m_shown; }

protected:
    void draw(QCPPainter* painter) override
    {
        m_shown = false;
        const QRectF area = clipRect();
        const QPointF anchor = position->pixelPosition();
        const QFontMetricsF metrics(mainFont());
        const QRectF text = metrics.boundingRect(QRectF(0, 0, 1e6, 1e6), Qt::AlignLeft | Qt::AlignTop, mText);
        const double width = text.width() + mPadding.left() + mPadding.right();
        const double height = text.height() + mPadding.top() + mPadding.bottom();
        if (width > area.width() || height > area.height())
            return;
        const bool fitsRight = anchor.x() + width <= area.right();
        const bool fitsLeft = anchor.x() - width >= area.left();
        if (!fitsRight && !fitsLeft)
            return; // the ridge near an edge after a zoom
        // Right of the line under the roof; left of it above the roof (under it, the bandwidth slope runs).
        const bool fitsBelow = anchor.y() + height <= area.bottom();
        const bool fitsAbove = anchor.y() - height >= area.top();
        Qt::Alignment align = fitsRight ? Qt::AlignLeft : Qt::AlignRight;
        align |= (fitsRight && fitsBelow) || !fitsAbove ? Qt::AlignTop : Qt::AlignBottom;
        setPositionAlignment(align);
        QCPItemText::draw(painter);
        m_shown = true;
    }

private:
    bool m_shown = false;
};

double decadeBelow(double value)
{
    return std::pow(10.0, std::floor(std::log10(value)));
}

double decadeAbove(double value)
{
    return std::pow(10.0, std::ceil(std::log10(value)));
}

const analysis::Figures& ownFigures(const model::Node& node, const analysis::NodeAnalysis& a)
{
    return node.children.empty() ? a.inclusive : a.self;
}

QSharedPointer<QCPAxisTicker> logTicker()
{
    QSharedPointer<SiLogTicker> ticker(new SiLogTicker);
    ticker->setLogBase(10);
    ticker->setSubTickCount(8);
    ticker->setTickCount(12);
    return ticker;
}

} // namespace

RooflinePlot::RooflinePlot(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    applyChartStyle(m_plot);
    m_plot->setMouseTracking(true);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setToolTip(QString());

    // Title above; the legend outside the axis rect, where it covers no point: in a column on the right when the
    // plot is wide, else in rows under it (layoutFor()).
    const TitleRows title = addTitleRows(m_plot);
    m_title = title.headline;
    m_details = title.details;
    // The axis rect and the legend share a grid of their own under the title rows, so that the titles span the
    // whole width whichever side the legend takes. (Each grid joins the plot before it adopts elements.)
    m_body = new QCPLayoutGrid;
    QCPAxisRect* axisRect = m_plot->axisRect();
    m_plot->plotLayout()->take(axisRect);
    m_plot->plotLayout()->simplify();
    m_plot->plotLayout()->addElement(2, 0, m_body);
    m_body->setColumnSpacing(0);
    m_body->setRowSpacing(0);
    m_body->addElement(0, 0, axisRect);
    m_legendBox = new QCPLayoutGrid;
    m_body->addElement(0, 1, m_legendBox);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_legendBox->addElement(0, 0, m_plot->legend);
    m_plot->legend->setVisible(true);
    m_plot->legend->setBrush(Qt::white);
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->legend->setIconSize(18, 10);

    for (QCPAxis* axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->setScaleType(QCPAxis::stLogarithmic);
        axis->setTicker(logTicker());
        axis->grid()->setSubGridVisible(true);
    }
    m_plot->xAxis->setLabel(tr("Arithmetic intensity (FLOP/byte)"));
    m_plot->yAxis->setLabel(tr("Performance (FLOP/s)"));

    m_plot->installEventFilter(this);
    installChartMenu(m_plot, this);
    connect(m_plot, &QCustomPlot::mousePress, this, &RooflinePlot::mousePressed);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &RooflinePlot::mouseReleased);
    connect(m_plot, &QCustomPlot::mouseMove, this, &RooflinePlot::mouseMoved);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) {
        resetRanges();
        m_plot->replot();
    });

    rebuild();
}

RooflinePlot::~RooflinePlot() = default;

void RooflinePlot::setSnapshot(SnapshotPtr snapshot)
{
    m_snapshot = std::move(snapshot);
    // The full name of each stored node's first instance, for the hover text.
    m_firstName = m_snapshot ? m_snapshot->tree().firstInstanceNames() : std::vector<std::string>();
    rebuild();
}

void RooflinePlot::setSelectedNodes(const std::vector<model::NodeId>& nodes)
{
    m_selected = nodes;
    updateSelection();
    m_plot->replot();
}

void RooflinePlot::rebuild()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_plot->legend->clearItems();
    m_groupGraphs.clear();
    m_points.clear();
    m_pointOf.clear();
    m_selectionGraph = nullptr;
    m_ridgeLabel = nullptr;
    m_messageText.clear();
    m_hasRoofs = false;

    const hardware::Profile* profile = m_snapshot ? m_snapshot->profile() : nullptr;
    m_title->setText(profile ? tr("Roofline: %1").arg(QString::fromStdString(profile->name)) : tr("Roofline"));
    // The device is in the headline: the details name the model and the step, on two short lines.
    m_details->setText(m_snapshot
            ? QStringLiteral("%1\n%2 · %3")
                  .arg(m_snapshot->model->name, stepText(m_snapshot->settings),
                      QString::fromLatin1(analysis::dtypeName(m_snapshot->settings.actDtype).data(),
                          static_cast<qsizetype>(analysis::dtypeName(m_snapshot->settings.actDtype).size())))
            : QString());

    if (!m_snapshot) {
        showMessage(tr("No analysis yet."));
    } else if (!profile) {
        showMessage(tr("No hardware profile selected.\nChoose a device to see the roofline."));
    } else if (!profile->hasCompute() || profile->bandwidth <= 0) {
        showMessage(tr("%1 publishes no compute peaks (or no bandwidth),\nso it has no roofline.")
                        .arg(QString::fromStdString(profile->name)));
    }
    if (!m_messageText.isEmpty()) {
        m_xLow = 0.1;
        m_xHigh = 1e4;
        m_yLow = 1e9;
        m_yHigh = 1e16;
        resetRanges();
        layoutFor(m_plot->size());
        m_plot->replot();
        return;
    }

    // One point per stored node with work of its own.
    const model::ModuleTree& tree = m_snapshot->tree();
    const analysis::AnalysisResult& result = m_snapshot->result;
    const analysis::Dtype dtype = m_snapshot->settings.actDtype;
    std::map<std::string, double> classWeight; // time of every instance: which classes get a legend entry
    std::vector<std::string> classOf;
    for (model::NodeId id = 0; id < tree.storedNodes() && id < result.nodes.size(); ++id) {
        if (id >= m_snapshot->instances.size() || m_snapshot->instances[id] <= 0)
            continue;
        const model::Node& node = tree.node(id);
        const analysis::Figures& figures = ownFigures(node, result.nodes[id]);
        const analysis::RooflinePosition pos = analysis::rooflinePosition(figures, profile, dtype);
        if (!pos.intensity || pos.attained <= 0 || !std::isfinite(pos.attained))
            continue;
        Point p;
        p.node = id;
        p.intensity = *pos.intensity;
        p.attained = pos.attained;
        p.seconds = pos.seconds;
        p.computeBound = pos.bound == analysis::Bound::Compute;
        m_points.push_back(p);
        classOf.push_back(node.classPath);
        classWeight[node.classPath] += pos.seconds * static_cast<double>(m_snapshot->instances[id]);
    }

    // Classes by their share of the time; the first kMaxLegendClasses get a colour and a legend entry.
    std::vector<std::pair<std::string, double>> ranked(classWeight.begin(), classWeight.end());
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    const bool needOther = ranked.size() > kMaxLegendClasses + 1;
    const std::size_t named = needOther ? kMaxLegendClasses : ranked.size();
    QStringList classNames;
    std::map<std::string, std::size_t> groupOf;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        groupOf[ranked[i].first] = std::min(i, named);
        if (i < named)
            classNames << QString::fromStdString(ranked[i].first);
    }

    // Axis ranges: every point and the ridge, padded to whole decades.
    const std::string dtypeKey(analysis::dtypeName(dtype));
    const double matrixPeak = profile->matrixPeak(dtypeKey);
    const double vectorPeak = profile->vectorPeak(dtypeKey);
    const double topPeak = std::max(matrixPeak, vectorPeak);
    const double ridge = topPeak / profile->bandwidth;
    double xMin = ridge, xMax = ridge, yMin = topPeak;
    for (const Point& p : m_points) {
        xMin = std::min(xMin, p.intensity);
        xMax = std::max(xMax, p.intensity);
        yMin = std::min(yMin, p.attained);
    }
    m_xLow = decadeBelow(xMin / 2);
    m_xHigh = decadeAbove(std::max(xMax * 2, ridge * 10)); // room right of the ridge for its label
    m_yLow = decadeBelow(std::min(yMin, m_xLow * profile->bandwidth * 2) / 2);
    m_yHigh = decadeAbove(topPeak * 2.5);
    buildRoofs(*profile, m_xLow, m_xHigh);

    const std::vector<QColor> colors = classColors(classNames);
    for (std::size_t g = 0; g <= named && (g < named || needOther); ++g) {
        QCPGraph* graph = m_plot->addGraph();
        const QColor color = g < named ? colors[g] : otherColor();
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color.darker(135), color, 8));
        graph->setName(g < named ? classShortName(classNames[static_cast<qsizetype>(g)]) : tr("other"));
        m_groupGraphs.push_back(graph);
    }
    for (std::size_t i = 0; i < m_points.size(); ++i) {
        Point& p = m_points[i];
        p.group = groupOf[classOf[i]];
        m_groupGraphs[p.group]->addData(p.intensity, p.attained);
        m_pointOf[p.node] = i;
    }

    m_selectionGraph = m_plot->addGraph();
    m_selectionGraph->setLineStyle(QCPGraph::lsNone);
    m_selectionGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(0x20, 0x20, 0x20), 2), Qt::NoBrush, 16));
    m_selectionGraph->removeFromLegend();
    updateSelection();

    resetRanges();
    layoutFor(m_plot->size());
    m_plot->replot();
}

void RooflinePlot::buildRoofs(const hardware::Profile& profile, double xLow, double xHigh)
{
    const std::string dtype(analysis::dtypeName(m_snapshot->settings.actDtype));
    const double bandwidth = profile.bandwidth;
    auto roof = [&](double peak, const QPen& pen, const QString& name) {
        const double knee = peak / bandwidth;
        QCPGraph* graph = m_plot->addGraph();
        graph->setPen(pen);
        graph->setName(name);
        graph->addData(xLow, std::min(peak, xLow * bandwidth));
        if (knee > xLow && knee < xHigh)
            graph->addData(knee, peak);
        graph->addData(xHigh, std::min(peak, xHigh * bandwidth));
    };
    const double matrixPeak = profile.matrixPeak(dtype);
    const double vectorPeak = profile.vectorPeak(dtype);
    const QString dtypeText = QString::fromStdString(dtype);
    if (matrixPeak > 0) {
        roof(matrixPeak, QPen(QColor(0x22, 0x22, 0x22), 2),
            tr("Matrix roof %1 (%2)").arg(siText(matrixPeak, QStringLiteral("FLOP/s")), dtypeText));
    }
    if (vectorPeak > 0) {
        roof(vectorPeak, QPen(QColor(0x55, 0x55, 0x55), 1.5, Qt::DashLine),
            tr("Vector roof %1").arg(siText(vectorPeak, QStringLiteral("FLOP/s"))));
    }
    m_hasRoofs = matrixPeak > 0 || vectorPeak > 0;

    // The ridge: where the top roof meets the bandwidth slope. Left of it, memory bounds the work.
    const double peak = std::max(matrixPeak, vectorPeak);
    const double ridge = peak / bandwidth;
    auto* line = new QCPItemLine(m_plot);
    line->setPen(QPen(QColor(0x80, 0x80, 0x80), 1, Qt::DotLine));
    line->start->setTypeX(QCPItemPosition::ptPlotCoords);
    line->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->start->setCoords(ridge, 1.0);
    line->end->setCoords(ridge, peak);
    auto* label = new RidgeLabel(m_plot);
    m_ridgeLabel = label;
    label->position->setCoords(ridge, peak);
    label->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setPadding(QMargins(4, 3, 2, 2));
    label->setFont(chartFont(9));
    label->setColor(QColor(0x50, 0x50, 0x50));
    label->setText(tr("ridge %1 FLOP/B").arg(siNumber(ridge)));
    label->setClipToAxisRect(true);
}

void RooflinePlot::showMessage(const QString& text)
{
    m_messageText = text;
    auto* item = new QCPItemText(m_plot);
    item->position->setType(QCPItemPosition::ptAxisRectRatio);
    item->position->setCoords(0.5, 0.5);
    item->setPositionAlignment(Qt::AlignCenter);
    item->setTextAlignment(Qt::AlignCenter);
    item->setFont(chartFont(10));
    item->setColor(QColor(0x60, 0x60, 0x60));
    item->setText(text);
}

void RooflinePlot::updateSelection()
{
    if (!m_selectionGraph)
        return;
    QVector<double> keys, values;
    for (model::NodeId id : m_selected) {
        const auto it = m_pointOf.find(id);
        if (it == m_pointOf.end())
            continue;
        keys << m_points[it->second].intensity;
        values << m_points[it->second].attained;
    }
    m_selectionGraph->setData(keys, values);
}

void RooflinePlot::resetRanges()
{
    m_plot->xAxis->setRange(m_xLow, m_xHigh);
    m_plot->yAxis->setRange(m_yLow, m_yHigh);
}

bool RooflinePlot::pointPosition(model::NodeId node, QPointF* pixel) const
{
    const auto it = m_pointOf.find(node);
    if (it == m_pointOf.end())
        return false;
    const Point& p = m_points[it->second];
    if (pixel)
        *pixel = QPointF(m_plot->xAxis->coordToPixel(p.intensity), m_plot->yAxis->coordToPixel(p.attained));
    return true;
}

std::optional<model::NodeId> RooflinePlot::nodeAt(const QPointF& pixel, double radius) const
{
    if (!m_plot->axisRect()->rect().contains(pixel.toPoint()))
        return std::nullopt;
    std::optional<model::NodeId> best;
    double bestDistance = radius * radius;
    for (const Point& p : m_points) {
        const double dx = m_plot->xAxis->coordToPixel(p.intensity) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(p.attained) - pixel.y();
        const double d = dx * dx + dy * dy;
        if (d <= bestDistance) {
            bestDistance = d;
            best = p.node;
        }
    }
    return best;
}

QString RooflinePlot::hoverText(model::NodeId node) const
{
    const auto it = m_pointOf.find(node);
    if (it == m_pointOf.end() || !m_snapshot)
        return {};
    const Point& p = m_points[it->second];
    const model::Node& n = m_snapshot->tree().node(node);
    const analysis::Figures& f = ownFigures(n, m_snapshot->result.node(node));
    const auto instances = m_snapshot->instances[node];
    const auto bytes = analysis::trafficBytes(f);
    const double flops = f[analysis::Kind::Flops] ? f[analysis::Kind::Flops]->toDouble() : 0.0;
    const QString name = node < m_firstName.size() && !m_firstName[node].empty()
        ? QString::fromStdString(m_firstName[node])
        : tr("(model)");

    QStringList lines;
    lines << QString::fromStdString(n.classPath);
    lines << (instances > 1
            ? tr("%1 (first of %2 instances)").arg(name, QString::fromStdString(formula::toString(instances)))
            : name);
    if (!n.children.empty())
        lines << tr("Own work only (its children are separate points)");
    lines << tr("Per instance: %1, %2 of traffic")
                 .arg(siText(flops, QStringLiteral("FLOP")),
                     siText(bytes ? bytes->toDouble() : 0.0, QStringLiteral("B")));
    lines << tr("Intensity: %1 FLOP/B").arg(siNumber(p.intensity));
    lines << tr("Attained: %1").arg(siText(p.attained, QStringLiteral("FLOP/s")));
    lines << (instances > 1 ? tr("Time: %1 per instance, %2 for all")
                                  .arg(secondsText(p.seconds), secondsText(p.seconds * static_cast<double>(instances)))
                            : tr("Time: %1").arg(secondsText(p.seconds)));
    lines << (p.computeBound ? tr("Compute-bound") : tr("Memory-bound"));
    return lines.join(QLatin1Char('\n'));
}

QCPTextElement* RooflinePlot::titleElement() const
{
    return m_title;
}

bool RooflinePlot::ridgeLabelShown() const
{
    return m_ridgeLabel && static_cast<const RidgeLabel*>(m_ridgeLabel)->shown();
}

QCPTextElement* RooflinePlot::detailsElement() const
{
    return m_details;
}

void RooflinePlot::layoutFor(const QSize& size)
{
    QCPLegend* legend = m_plot->legend;
    QCPLayoutGrid* main = m_body;
    const QMargins margins = legend->margins();
    // The entries' sizes, in order (the legend's grid has empty cells where its last row is not full).
    std::vector<QSize> hints;
    for (int i = 0; i < legend->itemCount(); ++i) {
        if (const QCPAbstractLegendItem* item = legend->item(i))
            hints.push_back(item->minimumOuterSizeHint());
    }
    const int items = static_cast<int>(hints.size());

    // Under the plot: as many columns as the width holds, each as wide as its widest entry.
    const int available = size.width() - margins.left() - margins.right() - 16;
    int columns = 1;
    for (int c = items; c > 1; --c) {
        int total = (c - 1) * legend->columnSpacing();
        for (int column = 0; column < c; ++column) {
            int widest = 0;
            for (int i = column; i < items; i += c)
                widest = std::max(widest, hints[static_cast<std::size_t>(i)].width());
            total += widest;
        }
        if (total <= available) {
            columns = c;
            break;
        }
    }
    int itemWidth = 0, itemHeight = 0;
    for (const QSize& hint : hints) {
        itemWidth = std::max(itemWidth, hint.width());
        itemHeight = std::max(itemHeight, hint.height());
    }
    const int rows = items == 0 ? 0 : (items + columns - 1) / columns;
    if (rows > 0)
        columns = (items + rows - 1) / rows; // as many rows, filled evenly: 5 + 4 entries rather than 8 + 1
    const int belowHeight = rows * (itemHeight + legend->rowSpacing()) + margins.top() + margins.bottom() + 6;
    const int rightWidth = itemWidth + margins.left() + margins.right() + 6;

    // The room the axis rect keeps in each arrangement (less the titles, tick labels and axis labels), scored by
    // its height and by its width at the aspect a roofline reads well in (3:2): the better one wins. Where neither
    // leaves a readable plot the legend is left out (the hover text names each point's class).
    auto rowHeight = [](const QCPLayoutElement* element) { return element->minimumOuterSizeHint().height(); };
    const int titles = rowHeight(m_title) + rowHeight(m_details);
    const int plotWidth = size.width() - kAxisDecorationWidth;
    const int plotHeight = size.height() - titles - kAxisDecorationHeight;
    auto score = [](int width, int height) { return std::min(width / 1.5, static_cast<double>(height)); };
    const double belowScore = score(plotWidth, plotHeight - belowHeight);
    const double rightScore = score(plotWidth - rightWidth, plotHeight);
    const bool shown = items > 0 && std::max(belowScore, rightScore) >= kMinLegendPlotHeight;
    const bool right = rightScore >= belowScore;

    if (m_legendBox->layout() == main)
        main->take(m_legendBox);
    main->simplify();
    m_legendBox->take(legend);
    m_legendBox->clear();
    m_legendBox->simplify();
    legend->setVisible(shown);
    if (!shown) {
        // Kept in the box, out of the layout.
        m_legendBox->addElement(0, 0, legend);
    } else if (right) {
        // A column on the right, at the top: a spacer under it takes the height it leaves.
        legend->setWrap(0);
        legend->setFillOrder(QCPLayoutGrid::foRowsFirst);
        m_legendBox->addElement(0, 0, legend);
        m_legendBox->addElement(1, 0, new QCPLayoutElement(m_plot));
        m_legendBox->setRowStretchFactor(0, 0.001);
        m_legendBox->setMargins(QMargins(0, 0, 6, 0));
        main->addElement(0, 1, m_legendBox);
        main->setColumnStretchFactor(1, 0.001);
    } else {
        // Rows under the plot, centred between two spacers.
        legend->setWrap(columns);
        legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
        m_legendBox->addElement(0, 0, new QCPLayoutElement(m_plot));
        m_legendBox->addElement(0, 1, legend);
        m_legendBox->addElement(0, 2, new QCPLayoutElement(m_plot));
        m_legendBox->setColumnStretchFactor(1, 0.001);
        m_legendBox->setMargins(QMargins(0, 0, 0, 6));
        main->addElement(1, 0, m_legendBox);
        main->setRowStretchFactor(1, 0.001);
    }
    m_legendOnRight = shown && right;
    m_legendShown = shown;
}

bool RooflinePlot::exportTo(const QString& file, int width, int height, QString* error)
{
    return exportPlot(m_plot, file, width, height, error, [this](const QSize& size) { layoutFor(size); });
}

bool RooflinePlot::exportTo(const QString& file, const ExportOptions& options, QString* error)
{
    return exportChart(m_plot, file, options, error, [this](const QSize& size) { layoutFor(size); });
}

QImage RooflinePlot::toImage(const QSize& size, double scale)
{
    return chartImage(m_plot, size, scale, [this](const QSize& s) { layoutFor(s); });
}

QByteArray RooflinePlot::toSvg(const QSize& size)
{
    return chartSvg(m_plot, size, [this](const QSize& s) { layoutFor(s); });
}

QString RooflinePlot::chartTitle() const
{
    return tr("Roofline");
}

QString RooflinePlot::chartFileName() const
{
    return QStringLiteral("roofline");
}

QSize RooflinePlot::shownSize() const
{
    return m_plot->size();
}

bool RooflinePlot::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Resize)
        layoutFor(static_cast<QResizeEvent*>(event)->size());
    return QWidget::eventFilter(watched, event);
}

void RooflinePlot::mousePressed(QMouseEvent* event)
{
    m_pressPos = event->position().toPoint();
}

void RooflinePlot::mouseReleased(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || (event->position().toPoint() - m_pressPos).manhattanLength() > 3)
        return; // a drag of the range, not a click
    if (const auto node = nodeAt(event->position()))
        Q_EMIT nodeClicked(*node);
}

void RooflinePlot::mouseMoved(QMouseEvent* event)
{
    if (event->buttons() != Qt::NoButton)
        return;
    if (const auto node = nodeAt(event->position())) {
        QToolTip::showText(event->globalPosition().toPoint(), hoverText(*node), m_plot);
    } else {
        QToolTip::hideText();
    }
}

} // namespace lmp::widgets
