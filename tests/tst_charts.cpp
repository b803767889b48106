// SPDX-License-Identifier: GPL-3.0-or-later
// The chart widgets on real models: the roofline's points, clicks and hover text, the breakdown's bars, the
// sweep's background analyses with stale results dropped, and export to PNG, SVG and PDF.

#include "analysis/breakdown.h"
#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "breakdownchart.h"
#include "chartutil.h"
#include "rooflineplot.h"
#include "sweepchart.h"
#include "testworkspace.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

#include <set>

using namespace lmp;
using analysis::Kind;
using formula::Int;
using widgets::BreakdownChart;
using widgets::SweepChart;

Q_DECLARE_METATYPE(lmp::model::NodeId)

namespace {

using test::workspace;

const char* const kTinyLlama = "TinyLlama/TinyLlama-1.1B-Chat-v1.0";
const char* const kLlama2 = "meta-llama/Llama-2-7b-hf";
const char* const kDeepSeek = "deepseek-ai/DeepSeek-V3";

analysis::Settings settingsFor(analysis::Phase phase, Int seq, Int past = 0)
{
    analysis::Settings s;
    s.phase = phase;
    s.batch = 1;
    s.seq = seq;
    s.past = past;
    return s;
}

// hardware "" for none.
widgets::SnapshotPtr snapshotFor(const char* id, const analysis::Settings& settings, const char* hardware)
{
    std::optional<hardware::Profile> profile;
    if (hardware && *hardware) {
        const hardware::Profile* p = workspace().catalogue.find(hardware);
        if (!p)
            qFatal("no hardware %s", hardware);
        profile = *p;
    }
    return widgets::makeSnapshot(test::loadModel(QString::fromLatin1(id)), workspace().library, settings, profile);
}

model::NodeId idOf(const model::ModuleTree& tree, const char* fullName)
{
    const model::Node* n = tree.find(fullName);
    if (!n)
        qFatal("no module %s", fullName);
    return static_cast<model::NodeId>(n - &tree.node(0));
}

// The stored nodes a roofline should show, found without instanceCounts() or rooflinePosition(): every node the
// walk reaches whose own work (a leaf: all of it; else its self part) has FLOPs and bytes of traffic.
std::set<model::NodeId> nodesWithOwnWork(const widgets::AnalysisSnapshot& s)
{
    const model::ModuleTree& tree = s.tree();
    std::set<model::NodeId> reached;
    tree.walk([&](const std::string&, const model::Node& node, int) {
        return reached.insert(static_cast<model::NodeId>(&node - &tree.node(0))).second;
    });
    std::set<model::NodeId> out;
    for (model::NodeId id : reached) {
        const auto& a = s.result.node(id);
        const analysis::Figures& f = tree.node(id).children.empty() ? a.inclusive : a.self;
        if (!f[Kind::Flops] || !f[Kind::Reads] || !f[Kind::Writes] || !f[Kind::Intermediates])
            continue;
        const double bytes =
            f[Kind::Reads]->toDouble() + f[Kind::Writes]->toDouble() + 2 * f[Kind::Intermediates]->toDouble();
        if (f[Kind::Flops]->toDouble() > 0 && bytes > 0)
            out.insert(id);
    }
    return out;
}

template <typename W> void showSized(W& widget)
{
    widget.resize(960, 620);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
}

} // namespace

class TestCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void siNumbers_data();
    void siNumbers();

    void rooflinePoints_data();
    void rooflinePoints();
    void rooflineClickEmitsNode();
    void rooflineSelectionEmitsNothing();
    void rooflineHoverText();
    void rooflineWithoutRoofs_data();
    void rooflineWithoutRoofs();
    void exportFormats_data();
    void exportFormats();

    void breakdownBars_data();
    void breakdownBars();
    void breakdownLinearFlops();
    void breakdownClicks();
    void breakdownTimeNeedsDevice();

    void sweepValues_data();
    void sweepValues();
    void sweepSettings_data();
    void sweepSettings();
    void sweepMatchesDirectAnalysis();
    void sweepDropsStaleResult();

    void renderAll();
};

void TestCharts::initTestCase()
{
    qRegisterMetaType<model::NodeId>("lmp::model::NodeId");
    QVERIFY(workspace().library);
}

void TestCharts::siNumbers_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << 0.0 << "0";
    QTest::addRow("fraction") << 0.1 << "0.1";
    QTest::addRow("one") << 1.0 << "1";
    QTest::addRow("hundreds") << 295.3 << "295";
    QTest::addRow("kilo") << 1000.0 << "1 k";
    QTest::addRow("giga") << 1e9 << "1 G";
    QTest::addRow("tera") << 2.5e12 << "2.5 T";
    QTest::addRow("peta") << 1e15 << "1 P";
    QTest::addRow("rounds up a prefix") << 999.7e9 << "1 T";
    QTest::addRow("negative") << -3e6 << "-3 M";
}

void TestCharts::siNumbers()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(widgets::siNumber(value), text);
}

void TestCharts::rooflinePoints_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("isDecode");
    QTest::addRow("TinyLlama prefill 128") << kTinyLlama << false;
    QTest::addRow("TinyLlama decode") << kTinyLlama << true;
    QTest::addRow("Llama-2-7B prefill 2048") << kLlama2 << false;
    QTest::addRow("DeepSeek-V3 decode") << kDeepSeek << true;
}

void TestCharts::rooflinePoints()
{
    QFETCH(QString, model);
    QFETCH(bool, isDecode);
    const auto settings = isDecode ? settingsFor(analysis::Phase::Decode, 1, 1024)
                                   : settingsFor(analysis::Phase::Prefill, model == kLlama2 ? 2048 : 128);
    const auto snapshot = snapshotFor(model.toUtf8().constData(), settings, "nvidia-h100-sxm");
    widgets::RooflinePlot plot;
    showSized(plot);
    plot.setSnapshot(snapshot);
    QVERIFY(plot.hasRoofs());
    QVERIFY(plot.message().isEmpty());
    const auto expected = nodesWithOwnWork(*snapshot);
    QCOMPARE(plot.pointCount(), expected.size());
    for (model::NodeId id : expected)
        QVERIFY2(plot.pointPosition(id, nullptr), qPrintable(QString::number(id)));
    // Identical layers are one stored node: tens of points, never one per module instance.
    QVERIFY(plot.pointCount() < 100);
    QVERIFY(plot.pointCount() < static_cast<std::size_t>(snapshot->tree().moduleCount()));
    // Every point lies inside the plotted area.
    const QRect area = plot.plot()->axisRect()->rect();
    for (model::NodeId id : expected) {
        QPointF pixel;
        QVERIFY(plot.pointPosition(id, &pixel));
        QVERIFY2(area.adjusted(-1, -1, 1, 1).contains(pixel.toPoint()), qPrintable(plot.hoverText(id)));
    }
}

void TestCharts::rooflineClickEmitsNode()
{
    const auto snapshot = snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    widgets::RooflinePlot plot;
    showSized(plot);
    plot.setSnapshot(snapshot);
    QSignalSpy spy(&plot, &widgets::RooflinePlot::nodeClicked);
    const auto nodes = nodesWithOwnWork(*snapshot);
    // Click every point that no other point covers (points closer than 3 px are the same click).
    int clicked = 0;
    for (model::NodeId id : nodes) {
        QPointF pixel;
        QVERIFY(plot.pointPosition(id, &pixel));
        bool alone = true;
        for (model::NodeId other : nodes) {
            QPointF p;
            plot.pointPosition(other, &p);
            if (other != id && QLineF(p, pixel).length() < 3)
                alone = false;
        }
        if (!alone)
            continue;
        spy.clear();
        QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, pixel.toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<model::NodeId>(), id);
        ++clicked;
    }
    QVERIFY(clicked >= 3);
    // A click far from every point emits nothing.
    spy.clear();
    QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, QPoint(2, 2));
    QCOMPARE(spy.count(), 0);
}

void TestCharts::rooflineSelectionEmitsNothing()
{
    const auto snapshot = snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    widgets::RooflinePlot plot;
    showSized(plot);
    plot.setSnapshot(snapshot);
    QSignalSpy spy(&plot, &widgets::RooflinePlot::nodeClicked);
    const model::ModuleTree& tree = snapshot->tree();
    const std::vector<model::NodeId> selection { idOf(tree, "lm_head"), idOf(tree, "model.layers.0.mlp.down_proj"),
        tree.root() }; // the root has no work of its own: no point, ignored
    plot.setSelectedNodes(selection);
    QCOMPARE(spy.count(), 0);
    QCOMPARE(plot.selectedNodes(), selection);
    // The rings: a graph outside the legend with a point per selected node that has one.
    auto ringCount = [&] {
        for (int i = 0; i < plot.plot()->graphCount(); ++i) {
            QCPGraph* g = plot.plot()->graph(i);
            if (!plot.plot()->legend->hasItemWithPlottable(g))
                return g->dataCount();
        }
        return -1;
    };
    QCOMPARE(ringCount(), 2);
    plot.setSelectedNodes({});
    QCOMPARE(ringCount(), 0);
    QCOMPARE(spy.count(), 0);
}

void TestCharts::rooflineHoverText()
{
    const auto snapshot = snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    widgets::RooflinePlot plot;
    showSized(plot);
    plot.setSnapshot(snapshot);
    const model::ModuleTree& tree = snapshot->tree();
    // TinyLlama: 22 layers, hidden 2048, 32 heads, 4 KV heads: q and o are 2048x2048 (one stored node, 2 per
    // layer), k and v 2048x256.
    const model::NodeId q = idOf(tree, "model.layers.0.self_attn.q_proj");
    QCOMPARE(idOf(tree, "model.layers.7.self_attn.o_proj"), q);
    const QString text = plot.hoverText(q);
    QVERIFY2(text.contains("torch.nn.Linear"), qPrintable(text));
    QVERIFY2(text.contains("model.layers.0.self_attn.q_proj"), qPrintable(text)); // the first instance
    QVERIFY2(text.contains("44 instances"), qPrintable(text));
    QVERIFY2(text.contains("FLOP"), qPrintable(text));
    QVERIFY2(text.contains("bound"), qPrintable(text));
    const QString head = plot.hoverText(idOf(tree, "lm_head"));
    QVERIFY2(head.contains("lm_head") && !head.contains("instances"), qPrintable(head));
    QVERIFY(plot.hoverText(tree.root()).isEmpty());
    // The point under the mouse, for the tooltip.
    QPointF pixel;
    QVERIFY(plot.pointPosition(q, &pixel));
    const auto under = plot.nodeAt(pixel + QPointF(0.2, 0)); // q's point, or one drawn on top of it
    QVERIFY(under);
    QPointF underPixel;
    QVERIFY(plot.pointPosition(*under, &underPixel));
    QVERIFY(QLineF(underPixel, pixel).length() < 1);
    QVERIFY(!plot.nodeAt(QPointF(2, 2))); // outside the axis rect
}

void TestCharts::rooflineWithoutRoofs_data()
{
    QTest::addColumn<QString>("hardware");
    QTest::addColumn<QString>("mentions");
    QTest::addRow("no device") << ""
                               << "No hardware profile";
    QTest::addRow("no compute peaks") << "apple-m3-max"
                                      << "no compute peaks";
}

void TestCharts::rooflineWithoutRoofs()
{
    QFETCH(QString, hardware);
    QFETCH(QString, mentions);
    widgets::RooflinePlot plot;
    showSized(plot);
    plot.setSnapshot(
        snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), hardware.toUtf8().constData()));
    QVERIFY(!plot.hasRoofs());
    QVERIFY2(plot.message().contains(mentions), qPrintable(plot.message()));
    QCOMPARE(plot.pointCount(), std::size_t(0));
    QCOMPARE(plot.plot()->graphCount(), 0);
    QTemporaryDir dir;
    QVERIFY(plot.exportTo(dir.filePath("empty.png"), 400, 300));
    plot.setSnapshot(nullptr);
    QVERIFY(!plot.message().isEmpty());
}

void TestCharts::exportFormats_data()
{
    QTest::addColumn<QString>("chart");
    QTest::addColumn<QString>("suffix");
    for (const char* chart : { "roofline", "breakdown", "sweep" }) {
        for (const char* suffix : { "png", "svg", "pdf" })
            QTest::addRow("%s %s", chart, suffix) << chart << suffix;
    }
}

void TestCharts::exportFormats()
{
    QFETCH(QString, chart);
    QFETCH(QString, suffix);
    const auto snapshot = snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    QTemporaryDir dir;
    const QString file = dir.filePath("chart." + suffix);
    QString error;
    bool ok = false;
    if (chart == "roofline") {
        widgets::RooflinePlot plot;
        plot.setSnapshot(snapshot);
        ok = plot.exportTo(file, 800, 500, &error);
    } else if (chart == "breakdown") {
        BreakdownChart breakdown;
        breakdown.setSnapshot(snapshot);
        ok = breakdown.exportTo(file, 800, 500, &error);
    } else {
        SweepChart sweep;
        sweep.setSnapshot(snapshot);
        sweep.setRange(16, 256);
        sweep.setPointCount(4);
        QSignalSpy done(&sweep, &SweepChart::finished);
        sweep.recompute();
        QVERIFY(done.wait(60000));
        ok = sweep.exportTo(file, 800, 500, &error);
    }
    QVERIFY2(ok, qPrintable(error));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray head = f.read(512);
    QVERIFY(f.size() > 1000);
    if (suffix == "png") {
        const QImage image(file);
        QCOMPARE(image.size(), QSize(800, 500));
        QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white)); // white background
    } else if (suffix == "svg") {
        QVERIFY(head.contains("<svg"));
    } else {
        QVERIFY(head.startsWith("%PDF"));
    }
    // An unknown suffix is an error, with a message.
    widgets::RooflinePlot plot;
    QVERIFY(!plot.exportTo(dir.filePath("chart.bmp"), 100, 100, &error));
    QVERIFY(error.contains("bmp"));
}

void TestCharts::breakdownBars_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<bool>("isDecode");
    QTest::addRow("Llama-2-7B prefill") << kLlama2 << false;
    QTest::addRow("DeepSeek-V3 decode") << kDeepSeek << true;
}

void TestCharts::breakdownBars()
{
    QFETCH(QString, model);
    QFETCH(bool, isDecode);
    const auto settings =
        isDecode ? settingsFor(analysis::Phase::Decode, 1, 1024) : settingsFor(analysis::Phase::Prefill, 128);
    const auto snapshot = snapshotFor(model.toUtf8().constData(), settings, "nvidia-h100-sxm");
    BreakdownChart chart;
    showSized(chart);
    chart.setSnapshot(snapshot);
    chart.setMetric(BreakdownChart::Metric::Flops);

    // By class: every class with FLOPs, the top 15 and one "other" bar when more than 16.
    chart.setGrouping(BreakdownChart::Grouping::ByClass);
    const auto classes = analysis::breakdownByClass(
        snapshot->tree(), snapshot->result, snapshot->profile(), snapshot->settings.actDtype);
    int withFlops = 0;
    for (const auto& c : classes)
        withFlops += c.self[Kind::Flops] && c.self[Kind::Flops]->toDouble() > 0 ? 1 : 0;
    QCOMPARE(chart.barCount(), withFlops > 16 ? 16 : withFlops);
    QCOMPARE(chart.barLabel(0), QStringLiteral("Linear")); // matmuls dominate
    for (int i = 1; i < chart.barCount(); ++i) {
        if (chart.barLabel(i) != "other")
            QVERIFY(chart.barValue(i - 1) >= chart.barValue(i));
    }

    // By layer: one bar per entry of breakdownByLayer, in model order.
    chart.setGrouping(BreakdownChart::Grouping::ByLayer);
    const auto layers = analysis::breakdownByLayer(snapshot->tree(), snapshot->result);
    QCOMPARE(chart.barCount(), int(layers.size()));
    QCOMPARE(chart.barLabel(0), QStringLiteral("model.embed_tokens"));
    QCOMPARE(chart.barLabel(1), QStringLiteral("model.layers.0"));
    QCOMPARE(chart.barLabel(chart.barCount() - 1), QStringLiteral("lm_head"));
    double sum = 0;
    for (int i = 0; i < chart.barCount(); ++i)
        sum += chart.barValue(i);
    const double total = snapshot->result.node(snapshot->tree().root()).inclusive[Kind::Flops]->toDouble();
    QVERIFY(qAbs(sum - total) <= 1e-9 * total);

    // Every metric draws bars; the grouping and metric survive a new snapshot.
    for (auto m : { BreakdownChart::Metric::Time, BreakdownChart::Metric::MatmulFlops, BreakdownChart::Metric::Traffic,
             BreakdownChart::Metric::Params }) {
        chart.setMetric(m);
        QCOMPARE(chart.shownMetric(), m);
        QVERIFY(chart.barCount() > 0);
    }
    chart.setSnapshot(snapshot);
    QCOMPARE(chart.grouping(), BreakdownChart::Grouping::ByLayer);
    QCOMPARE(chart.metric(), BreakdownChart::Metric::Params);
}

void TestCharts::breakdownLinearFlops()
{
    BreakdownChart chart;
    chart.setSnapshot(snapshotFor(kLlama2, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm"));
    chart.setGrouping(BreakdownChart::Grouping::ByClass);
    chart.setMetric(BreakdownChart::Metric::MatmulFlops);
    QCOMPARE(chart.barLabel(0), QStringLiteral("Linear"));
    // Llama-2-7B at T = 128: 2*T*(32 layers x (4 x 4096^2 + 3 x 4096 x 11008) + 4096 x 32000).
    const double expected = 2.0 * 128 * (32.0 * (4.0 * 4096 * 4096 + 3.0 * 4096 * 11008) + 4096.0 * 32000);
    QCOMPARE(chart.barValue(0), expected);
}

void TestCharts::breakdownClicks()
{
    const auto snapshot = snapshotFor(kLlama2, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    BreakdownChart chart;
    showSized(chart);
    chart.setSnapshot(snapshot);
    chart.setMetric(BreakdownChart::Metric::Flops);
    QSignalSpy nodes(&chart, &BreakdownChart::nodeClicked);
    QSignalSpy classes(&chart, &BreakdownChart::classClicked);
    QCustomPlot* plot = chart.plot();
    auto barPixel = [&](int index) {
        return QPoint(plot->axisRect()->center().x(), qRound(plot->yAxis->coordToPixel(index + 1)));
    };

    chart.setGrouping(BreakdownChart::Grouping::ByClass);
    QCOMPARE(chart.barAt(barPixel(0)), 0);
    QTest::mouseClick(plot, Qt::LeftButton, {}, barPixel(0));
    QCOMPARE(classes.count(), 1);
    QCOMPARE(classes.at(0).at(0).toString(), QStringLiteral("torch.nn.Linear"));
    QCOMPARE(nodes.count(), 0);

    chart.setGrouping(BreakdownChart::Grouping::ByLayer);
    const model::ModuleTree& tree = snapshot->tree();
    for (int index : { 0, 5, chart.barCount() - 1 }) {
        nodes.clear();
        QCOMPARE(chart.barAt(barPixel(index)), index);
        QTest::mouseClick(plot, Qt::LeftButton, {}, barPixel(index));
        QCOMPARE(nodes.count(), 1);
        const QString name = chart.barLabel(index);
        QCOMPARE(nodes.at(0).at(0).value<model::NodeId>(), idOf(tree, name.toUtf8().constData()));
    }
    QCOMPARE(classes.count(), 1);
}

void TestCharts::breakdownTimeNeedsDevice()
{
    BreakdownChart chart;
    chart.setSnapshot(snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), ""));
    chart.setMetric(BreakdownChart::Metric::Time);
    QCOMPARE(chart.metric(), BreakdownChart::Metric::Time);
    QCOMPARE(chart.shownMetric(), BreakdownChart::Metric::Flops);
    QVERIFY(chart.note().contains("FLOPs"));
    QVERIFY(chart.barCount() > 0);
    QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("FLOPs"));
    chart.setSnapshot(snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm"));
    QCOMPARE(chart.shownMetric(), BreakdownChart::Metric::Time);
    QVERIFY(chart.note().isEmpty());
    QVERIFY(chart.plot()->xAxis->label().startsWith("Time ("));
}

void TestCharts::sweepValues_data()
{
    QTest::addColumn<int>("from");
    QTest::addColumn<int>("to");
    QTest::addColumn<int>("points");
    QTest::addColumn<QList<qlonglong>>("values");
    // 2048 / 128 = 16: one decade and a bit, evenly spaced by (2048 - 128) / 4 = 480.
    QTest::addRow("linear") << 128 << 2048 << 5 << QList<qlonglong> { 128, 608, 1088, 1568, 2048 };
    // 1e5 / 1 spans five decades: one point per decade.
    QTest::addRow("log") << 1 << 100000 << 6 << QList<qlonglong> { 1, 10, 100, 1000, 10000, 100000 };
    // More points than whole numbers: each once.
    QTest::addRow("dense") << 1 << 3 << 8 << QList<qlonglong> { 1, 2, 3 };
    QTest::addRow("reversed") << 10 << 1 << 2 << QList<qlonglong> { 1, 10 };
}

void TestCharts::sweepValues()
{
    QFETCH(int, from);
    QFETCH(int, to);
    QFETCH(int, points);
    QFETCH(QList<qlonglong>, values);
    QList<qlonglong> got;
    for (std::int64_t v : SweepChart::sweepValues(from, to, points))
        got << v;
    QCOMPARE(got, values);
}

void TestCharts::sweepSettings_data()
{
    QTest::addColumn<int>("axis");
    QTest::addColumn<int>("series");
    QTest::addColumn<QString>("expected"); // phase batch seq past
    // The base: a prefill of 512 tokens at batch 4.
    QTest::addRow("seq, prefill") << int(SweepChart::Axis::Seq) << int(SweepChart::Prefill) << "prefill 4 100 0";
    QTest::addRow("seq, decode") << int(SweepChart::Axis::Seq) << int(SweepChart::Decode) << "decode 4 1 99";
    QTest::addRow("batch, prefill") << int(SweepChart::Axis::Batch) << int(SweepChart::Prefill) << "prefill 100 512 0";
    QTest::addRow("batch, decode") << int(SweepChart::Axis::Batch) << int(SweepChart::Decode) << "decode 100 1 512";
    // Cached tokens mean the same in both phases: the prefill of the base's 512 tokens continues after 100 cached.
    QTest::addRow("past, prefill") << int(SweepChart::Axis::Past) << int(SweepChart::Prefill) << "prefill 4 512 100";
    QTest::addRow("past, decode") << int(SweepChart::Axis::Past) << int(SweepChart::Decode) << "decode 4 1 100";
}

void TestCharts::sweepSettings()
{
    QFETCH(int, axis);
    QFETCH(int, series);
    QFETCH(QString, expected);
    analysis::Settings base = settingsFor(analysis::Phase::Prefill, 512);
    base.batch = 4;
    base.actDtype = analysis::Dtype::FP8;
    const auto s = SweepChart::pointSettings(
        base, static_cast<SweepChart::Axis>(axis), static_cast<SweepChart::SeriesIndex>(series), 100);
    const QString got =
        QStringLiteral("%1 %2 %3 %4")
            .arg(QString::fromLatin1(analysis::phaseName(s.phase).data()), QString::number(qlonglong(s.batch)),
                QString::number(qlonglong(s.seq)), QString::number(qlonglong(s.past)));
    QCOMPARE(got, expected);
    QCOMPARE(s.actDtype, analysis::Dtype::FP8); // the rest of the settings carry over
}

void TestCharts::sweepMatchesDirectAnalysis()
{
    const auto snapshot = snapshotFor(kLlama2, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    SweepChart sweep;
    QSignalSpy done(&sweep, &SweepChart::finished);
    sweep.setSnapshot(snapshot);
    sweep.setAxis(SweepChart::Axis::Seq);
    sweep.setRange(128, 2048);
    sweep.setPointCount(5);
    sweep.setMetric(SweepChart::Metric::Flops);
    sweep.recompute();
    QVERIFY(sweep.isBusy());
    QVERIFY(done.wait(120000));
    QCOMPARE(done.count(), 1);
    QVERIFY(!sweep.isBusy());

    const QVector<QPointF> prefill = sweep.series(SweepChart::Prefill);
    const QVector<QPointF> decode = sweep.series(SweepChart::Decode);
    QCOMPARE(prefill.size(), 5);
    QCOMPARE(decode.size(), 5);
    QCOMPARE(prefill[0].x(), 128.0);
    QCOMPARE(prefill[4].x(), 2048.0);
    const model::ModuleTree& tree = snapshot->tree();
    const auto direct = analysis::analyze(tree, *workspace().library, settingsFor(analysis::Phase::Prefill, 128));
    QCOMPARE(prefill[0].y(), direct.node(tree.root()).inclusive[Kind::Flops]->toDouble());
    // Also the published figure for this step (SOURCES.md: 1,700,001,759,232 matmul FLOPs at B=1 S=128).
    QVERIFY(prefill[0].y() >= 1700001759232.0);
    // Decode at x = 128: one token after 127 cached.
    const auto step = analysis::analyze(tree, *workspace().library, settingsFor(analysis::Phase::Decode, 1, 127));
    QCOMPARE(decode[0].y(), step.node(tree.root()).inclusive[Kind::Flops]->toDouble());
    // Prefill grows faster than linearly with the tokens (attention), decode by far less.
    QVERIFY(prefill[4].y() > 16 * prefill[0].y());
    QVERIFY(decode[4].y() < 2 * decode[0].y());

    // Switching the metric needs no new analysis.
    sweep.setMetric(SweepChart::Metric::KvCache);
    QCOMPARE(sweep.series(SweepChart::Prefill).size(), 5);
    QVERIFY(!sweep.isBusy());
    sweep.setMetric(SweepChart::Metric::Time);
    QCOMPARE(sweep.series(SweepChart::Decode).size(), 5);
    QVERIFY(sweep.series(SweepChart::Decode)[0].y() > 0);
}

void TestCharts::sweepDropsStaleResult()
{
    const auto snapshot = snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), "nvidia-h100-sxm");
    SweepChart sweep;
    QSignalSpy done(&sweep, &SweepChart::finished);
    sweep.setSnapshot(snapshot);
    sweep.setMetric(SweepChart::Metric::Flops);
    sweep.setAxis(SweepChart::Axis::Seq);
    sweep.setPointCount(6);
    sweep.setRange(128, 2048);
    sweep.recompute();
    QVERIFY(sweep.isBusy());
    sweep.setRange(256, 4096); // a newer request while the first runs
    sweep.recompute();
    QVERIFY(done.wait(120000));
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(100); // a stale result, had it been queued, would arrive now
    QCOMPARE(done.count(), 1);
    QVERIFY(!sweep.isBusy());
    const QVector<QPointF> prefill = sweep.series(SweepChart::Prefill);
    QCOMPARE(prefill.size(), 6);
    QCOMPARE(prefill.first().x(), 256.0);
    QCOMPARE(prefill.last().x(), 4096.0);
    // The pending debounce of the setters was cancelled by recompute(): nothing else arrives.
    QTest::qWait(400);
    QCOMPARE(done.count(), 1);
}

// Writes the charts of two real cases as PNG for a person to look at: LMP_CHART_OUTPUT=/tmp/charts.
void TestCharts::renderAll()
{
    // Every chart of two real analyses, exported: into LMP_CHART_OUTPUT when set (to look at), else a
    // temporary folder. Each image must load and show more than a blank background.
    QTemporaryDir temporary;
    const QString out =
        qEnvironmentVariableIsEmpty("LMP_CHART_OUTPUT") ? temporary.path() : qEnvironmentVariable("LMP_CHART_OUTPUT");
    QDir().mkpath(out);
    struct Case
    {
        const char* name;
        const char* model;
        analysis::Settings settings;
    };
    const Case cases[] = { { "llama2-7b-prefill2048", kLlama2, settingsFor(analysis::Phase::Prefill, 2048) },
        { "deepseek-v3-decode", kDeepSeek, settingsFor(analysis::Phase::Decode, 1, 4096) } };
    for (const Case& c : cases) {
        const auto snapshot = snapshotFor(c.model, c.settings, "nvidia-h100-sxm");
        const QString base = out + "/" + c.name;
        widgets::RooflinePlot roofline;
        showSized(roofline);
        roofline.setSnapshot(snapshot);
        roofline.setSelectedNodes({ idOf(snapshot->tree(), "lm_head") });
        QVERIFY(roofline.exportTo(base + "-roofline.png", 1000, 620));
        BreakdownChart breakdown;
        showSized(breakdown);
        breakdown.setSnapshot(snapshot);
        QVERIFY(breakdown.exportTo(base + "-breakdown-class-time.png", 900, 560));
        breakdown.setGrouping(BreakdownChart::Grouping::ByLayer);
        QVERIFY(breakdown.exportTo(base + "-breakdown-layer-time.png", 900, 700));
        breakdown.setMetric(BreakdownChart::Metric::Traffic);
        QVERIFY(breakdown.exportTo(base + "-breakdown-layer-bytes.png", 900, 700));
        breakdown.grab().save(base + "-breakdown-widget.png");
        SweepChart sweep;
        showSized(sweep);
        QSignalSpy done(&sweep, &SweepChart::finished);
        sweep.setSnapshot(snapshot);
        sweep.setRange(128, 131072);
        sweep.setPointCount(11);
        sweep.recompute();
        QVERIFY(done.wait(120000));
        QVERIFY(sweep.exportTo(base + "-sweep-seq-time.png", 900, 560));
        sweep.setMetric(SweepChart::Metric::Intensity);
        QVERIFY(sweep.exportTo(base + "-sweep-seq-intensity.png", 900, 560));
        sweep.setAxis(SweepChart::Axis::Batch);
        sweep.setMetric(SweepChart::Metric::Time);
        sweep.recompute();
        QVERIFY(done.wait(120000));
        QVERIFY(sweep.exportTo(base + "-sweep-batch-time.png", 900, 560));
        sweep.grab().save(base + "-sweep-widget.png");
    }
    widgets::RooflinePlot none;
    none.setSnapshot(snapshotFor(kTinyLlama, settingsFor(analysis::Phase::Prefill, 128), ""));
    QVERIFY(none.exportTo(out + "/no-device-roofline.png", 800, 500));

    const QStringList images = QDir(out).entryList({ QStringLiteral("*.png") });
    QCOMPARE(images.size(), 2 * 9 + 1);
    for (const QString& name : images) {
        const QImage image(out + "/" + name);
        QVERIFY2(!image.isNull(), qPrintable(name));
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 5)
            for (int x = 0; x < image.width(); x += 5)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 10, qPrintable(name + QStringLiteral(": ") + QString::number(colours.size())));
    }
}

QTEST_MAIN(TestCharts)
#include "tst_charts.moc"
