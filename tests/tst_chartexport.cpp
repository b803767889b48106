// SPDX-License-Identifier: GPL-3.0-or-later
// Chart export: every chart to PNG (size x scale), SVG (well-formed, with its axis labels) and PDF (a page), errors
// that name the file and leave none; the layout at the sizes the charts get (titles elided, the ridge's label inside
// the axis rect, the legend off the data); the off-screen renderer and lmp plot's entry point.

#include "analysissnapshot.h"
#include "breakdownchart.h"
#include "chartexport.h"
#include "chartexportdialog.h"
#include "chartrender.h"
#include "chartutil.h"
#include "plotcommand.h"
#include "rooflineplot.h"
#include "sweepchart.h"
#include "testworkspace.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QRegularExpression>
#include <QSemaphore>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QXmlStreamReader>

#include <memory>
#include <sstream>

using namespace lmp;
using widgets::BreakdownChart;
using widgets::ChartFormat;
using widgets::ExportOptions;
using widgets::RooflinePlot;
using widgets::SweepChart;

namespace {

const char* const kLlama31 = "meta-llama/Llama-3.1-8B";
const char* const kTinyLlama = "TinyLlama/TinyLlama-1.1B-Chat-v1.0";
const char* const kDeepSeek = "deepseek-ai/DeepSeek-V3";
const char* const kH100 = "nvidia-h100-sxm";

// The size the roofline dock gives its chart in the window at its default size (1440 x 900), measured.
const QSize kDockSize(560, 380);

widgets::SnapshotPtr snapshotFor(const char* id, analysis::Phase phase, formula::Int seq, formula::Int past = 0)
{
    analysis::Settings s;
    s.phase = phase;
    s.batch = 1;
    s.seq = seq;
    s.past = past;
    const hardware::Profile* p = test::workspace().catalogue.find(kH100);
    if (!p)
        qFatal("no hardware %s", kH100);
    return widgets::makeSnapshot(test::loadModel(QString::fromLatin1(id)), test::workspace().library, s, *p);
}

const widgets::SnapshotPtr& llamaPrefill()
{
    static const widgets::SnapshotPtr s = snapshotFor(kLlama31, analysis::Phase::Prefill, 2048);
    return s;
}

// A chart of a kind on the snapshot, its work done; the plot and the ExportableChart face of it.
struct Chart
{
    std::unique_ptr<QWidget> widget;
    widgets::ExportableChart* chart = nullptr;
    QCustomPlot* plot = nullptr;
};

Chart makeChart(const QString& kind, const widgets::SnapshotPtr& snapshot)
{
    Chart c;
    if (kind == "roofline") {
        auto w = std::make_unique<RooflinePlot>();
        w->setSnapshot(snapshot);
        c.chart = w.get();
        c.plot = w->plot();
        c.widget = std::move(w);
    } else if (kind == "breakdown") {
        auto w = std::make_unique<BreakdownChart>();
        w->setSnapshot(snapshot);
        c.chart = w.get();
        c.plot = w->plot();
        c.widget = std::move(w);
    } else {
        auto w = std::make_unique<SweepChart>();
        QSignalSpy done(w.get(), &SweepChart::finished);
        w->setSnapshot(snapshot);
        w->setRange(128, 8192);
        w->setPointCount(5);
        w->recompute();
        if (!done.wait(120000))
            qFatal("the sweep did not finish");
        c.chart = w.get();
        c.plot = w->plot();
        c.widget = std::move(w);
    }
    return c;
}

// The text of every element of an SVG document; empty with a message when it is no well-formed SVG.
QString svgText(const QByteArray& svg, QString* problem)
{
    QXmlStreamReader reader(svg);
    QString text;
    bool root = true;
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && root) {
            root = false;
            if (reader.name() != QLatin1String("svg")) {
                *problem = "root element " + reader.name().toString();
                return {};
            }
        }
        if (reader.isCharacters())
            text += reader.text().toString() + QLatin1Char('\n');
    }
    if (reader.hasError()) {
        *problem = reader.errorString();
        return {};
    }
    return text;
}

int pdfPages(const QByteArray& pdf)
{
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![s\\w])"));
    return static_cast<int>(QString::fromLatin1(pdf).count(page));
}

// The axis labels of a plot (what the SVG must hold as text).
QStringList axisLabels(QCustomPlot* plot)
{
    QStringList labels { plot->xAxis->label(), plot->yAxis->label() };
    labels.removeAll(QString()); // the breakdown's bars name themselves
    return labels;
}

QRectF itemRect(QCPItemText* item)
{
    return QRectF(item->topLeft->pixelPosition(), item->bottomRight->pixelPosition()).normalized();
}

} // namespace

class TestChartExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        test::workspace();
    }

    void formats_data()
    {
        QTest::addColumn<QString>("chart");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QSize>("size");
        QTest::addColumn<double>("scale");
        for (const char* chart : { "roofline", "breakdown", "sweep" }) {
            QTest::addRow("%s png", chart) << chart << "png" << QSize(1200, 800) << 1.0;
            QTest::addRow("%s png 2x", chart) << chart << "png" << QSize(640, 400) << 2.0;
            QTest::addRow("%s svg", chart) << chart << "svg" << QSize(1200, 800) << 1.0;
            QTest::addRow("%s pdf", chart) << chart << "pdf" << QSize(1200, 800) << 1.0;
        }
    }

    void formats()
    {
        QFETCH(QString, chart);
        QFETCH(QString, suffix);
        QFETCH(QSize, size);
        QFETCH(double, scale);
        const Chart c = makeChart(chart, llamaPrefill());
        QTemporaryDir dir;
        const QString file = dir.filePath(chart + "." + suffix);
        const auto options = ExportOptions::forFile(file, size.width(), size.height(), scale);
        QVERIFY(options);
        QString error;
        QVERIFY2(c.chart->exportTo(file, *options, &error), qPrintable(error));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY(bytes.size() > 1000);
        if (suffix == "png") {
            const QImage image(file);
            QCOMPARE(image.size(), QSize(qRound(size.width() * scale), qRound(size.height() * scale)));
            QCOMPARE(image.pixelColor(2, 2), QColor(Qt::white));
        } else if (suffix == "svg") {
            QString problem;
            const QString text = svgText(bytes, &problem);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
            const QStringList labels = axisLabels(c.plot);
            QVERIFY(!labels.isEmpty());
            for (const QString& label : labels)
                QVERIFY2(text.contains(label), qPrintable(label));
        } else {
            QVERIFY(bytes.startsWith("%PDF"));
            QCOMPARE(pdfPages(bytes), 1);
            if (!QStandardPaths::findExecutable("pdfinfo").isEmpty()) {
                QProcess info;
                info.start("pdfinfo", { file });
                QVERIFY(info.waitForFinished(30000));
                QVERIFY(QString::fromLatin1(info.readAllStandardOutput())
                            .contains(QRegularExpression(QStringLiteral("Pages:\\s+1\\n"))));
            }
        }
        // The SVG for the HTML report: the same document, in memory.
        if (suffix == "svg") {
            QString problem;
            QVERIFY(!svgText(c.chart->toSvg(QSize(800, 500)), &problem).isEmpty());
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void errors_data()
    {
        QTest::addColumn<QString>("chart");
        for (const char* chart : { "roofline", "breakdown", "sweep" })
            QTest::addRow("%s", chart) << chart;
    }

    void errors()
    {
        QFETCH(QString, chart);
        const Chart c = makeChart(chart, snapshotFor(kTinyLlama, analysis::Phase::Prefill, 128));
        QTemporaryDir dir;
        QString error;
        // An unknown suffix: the message names the file and the suffix; no file.
        const QString bmp = dir.filePath("chart.bmp");
        QVERIFY(!widgets::exportPlot(c.plot, bmp, 400, 300, &error));
        QVERIFY2(error.contains(bmp) && error.contains("bmp"), qPrintable(error));
        QVERIFY(!QFile::exists(bmp));
        // A suffix that does not match the format asked for.
        const QString svg = dir.filePath("chart.svg");
        QVERIFY(!c.chart->exportTo(svg, ExportOptions { ChartFormat::Png, 400, 300, 1.0 }, &error));
        QVERIFY2(error.contains(svg), qPrintable(error));
        QVERIFY(!QFile::exists(svg));
        // A folder that cannot be written to (a file stands where the folder should be).
        QFile blocker(dir.filePath("not-a-folder"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        for (const char* suffix : { "png", "svg", "pdf" }) {
            const QString file = dir.filePath(QStringLiteral("not-a-folder/chart.") + suffix);
            error.clear();
            QVERIFY(!c.chart->exportTo(file, *ExportOptions::forFile(file, 400, 300), &error));
            QVERIFY2(error.contains(QDir::toNativeSeparators(file)), qPrintable(error));
            QVERIFY(!QFile::exists(file));
        }
        // A bad size fails before anything is written: a file there before is kept as it was.
        const QString kept = dir.filePath("kept.png");
        {
            QFile f(kept);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("old");
        }
        QVERIFY(!c.chart->exportTo(kept, ExportOptions { ChartFormat::Png, 5, 5, 1.0 }, &error));
        QVERIFY(error.contains(kept));
        QFile f(kept);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("old"));
        // Nothing else was left in the folder (no temporary files of QSaveFile).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList({ "kept.png", "not-a-folder" }));
    }

    // The roofline at the sizes it gets: its dock in the window, an export, a narrow dock.
    void rooflineLayout_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("legend"); // right, below or hidden
        QTest::addRow("dock") << kDockSize << "any"; // right or below, by the model's classes
        QTest::addRow("export 1200x800") << QSize(1200, 800) << "below";
        QTest::addRow("wide and low") << QSize(1100, 420) << "right";
        QTest::addRow("narrow") << QSize(240, 300) << "hidden";
    }

    void rooflineLayout()
    {
        QFETCH(QSize, size);
        QFETCH(QString, legend);
        RooflinePlot roofline;
        roofline.resize(size);
        roofline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&roofline));
        roofline.setSnapshot(llamaPrefill());
        roofline.plot()->replot();
        auto arrangement = [&roofline]() -> QString {
            return !roofline.legendShown() ? "hidden" : roofline.legendOnRight() ? "right" : "below";
        };
        const QString arranged = arrangement();
        if (legend != "any")
            QCOMPARE(arranged, legend);
        const QRect widget = roofline.plot()->rect();
        const QRect axisRect = roofline.plot()->axisRect()->rect();
        for (QCPTextElement* element : { roofline.titleElement(), roofline.detailsElement() }) {
            auto* text = dynamic_cast<widgets::ChartTextElement*>(element);
            QVERIFY(text);
            QVERIFY2(widget.contains(text->shownRect()),
                qPrintable(QStringLiteral("%1 at %2,%3 %4x%5")
                               .arg(text->shownText())
                               .arg(text->shownRect().x())
                               .arg(text->shownRect().y())
                               .arg(text->shownRect().width())
                               .arg(text->shownRect().height())));
        }
        QVERIFY(roofline.ridgeLabelShown());
        const QRectF ridge = itemRect(roofline.ridgeLabel());
        QVERIFY2(QRectF(axisRect).adjusted(-0.5, -0.5, 0.5, 0.5).contains(ridge),
            qPrintable(QStringLiteral("ridge label %1,%2 %3x%4 outside the axis rect %5,%6 %7x%8")
                           .arg(ridge.x())
                           .arg(ridge.y())
                           .arg(ridge.width())
                           .arg(ridge.height())
                           .arg(axisRect.x())
                           .arg(axisRect.y())
                           .arg(axisRect.width())
                           .arg(axisRect.height())));
        QCOMPARE(roofline.plot()->legend->visible(), arranged != "hidden");
        if (arranged != "hidden") {
            QVERIFY(!roofline.plot()->legend->outerRect().intersects(axisRect));
            QVERIFY(widget.contains(roofline.plot()->legend->outerRect()));
        }
        // The plot keeps most of the room.
        QVERIFY2(axisRect.width() >= size.width() / 2 && axisRect.height() >= size.height() * 2 / 5,
            qPrintable(QStringLiteral("%1x%2").arg(axisRect.width()).arg(axisRect.height())));

        // An export at another size lays out for it and comes back to the widget's layout afterwards.
        const QImage image = roofline.toImage(QSize(1200, 800));
        QCOMPARE(image.size(), QSize(1200, 800));
        QCOMPARE(arrangement(), arranged);
    }

    // A long headline in a narrow dock is elided, not clipped.
    void titlesElide()
    {
        RooflinePlot roofline;
        roofline.resize(220, 300);
        roofline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&roofline));
        roofline.setSnapshot(llamaPrefill());
        roofline.plot()->replot();
        auto* title = dynamic_cast<widgets::ChartTextElement*>(roofline.titleElement());
        QVERIFY(title);
        QVERIFY2(title->shownText().contains(QChar(0x2026)), qPrintable(title->shownText())); // …
        QCOMPARE(title->text(), QStringLiteral("Roofline: NVIDIA H100 SXM5 80 GB"));
        QVERIFY(roofline.plot()->rect().contains(title->shownRect()));
    }

    void sweepLegendUnderPlot()
    {
        Chart c = makeChart("sweep", llamaPrefill());
        c.widget->resize(kDockSize);
        c.widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(c.widget.get()));
        c.plot->replot();
        QVERIFY(c.plot->legend->visible());
        QVERIFY(!c.plot->legend->outerRect().intersects(c.plot->axisRect()->rect()));
        QVERIFY(c.plot->legend->outerRect().top() >= c.plot->axisRect()->rect().bottom());
    }

    void renderHeadless_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("suffix");
        for (const auto kind :
            { widgets::ChartKind::Roofline, widgets::ChartKind::Breakdown, widgets::ChartKind::Sweep })
            for (const char* suffix : { "png", "svg", "pdf" })
                QTest::addRow("%s %s", qPrintable(widgets::chartKindName(kind)), suffix)
                    << static_cast<int>(kind) << suffix;
    }

    // renderChart() without a window: the sweep's analyses are waited for.
    void renderHeadless()
    {
        QFETCH(int, kind);
        QFETCH(QString, suffix);
        widgets::ChartOptions options;
        options.size = QSize(900, 600);
        options.scale = suffix == "png" ? 1.5 : 1.0;
        options.sweepPoints = 4;
        options.sweepAxis = SweepChart::Axis::Batch;
        options.sweepFrom = 1;
        options.sweepTo = 64;
        options.grouping = BreakdownChart::Grouping::ByLayer;
        QTemporaryDir dir;
        const QString file = dir.filePath("chart." + suffix);
        QString error;
        QVERIFY2(widgets::renderChart(static_cast<widgets::ChartKind>(kind), llamaPrefill(), options, file, &error),
            qPrintable(error));
        QVERIFY(QFileInfo(file).size() > 1000);
        if (suffix == "png")
            QCOMPARE(QImage(file).size(), QSize(1350, 900));
        const QByteArray svg = widgets::renderChartSvg(
            static_cast<widgets::ChartKind>(kind), llamaPrefill(), QSize(700, 450), options, &error);
        QString problem;
        QVERIFY(!svgText(svg, &problem).isEmpty());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // A sweep that cannot finish in time is an error, and writes nothing. (Every thread of the pool is kept busy
        // meanwhile: a sweep of replayed analyses takes about a millisecond.)
        if (static_cast<widgets::ChartKind>(kind) == widgets::ChartKind::Sweep) {
            options.sweepTimeoutMs = 1;
            options.sweepPoints = 64;
            options.sweepFrom = 1;
            options.sweepTo = 100000;
            const QString late = dir.filePath("late." + suffix);
            QSemaphore busy;
            QThreadPool* pool = QThreadPool::globalInstance();
            const int threads = pool->maxThreadCount();
            for (int i = 0; i < threads; ++i)
                pool->start([&busy] { busy.acquire(); });
            const bool rendered = widgets::renderChart(widgets::ChartKind::Sweep,
                snapshotFor(kDeepSeek, analysis::Phase::Prefill, 128), options, late, &error);
            busy.release(threads);
            pool->waitForDone();
            QVERIFY(!rendered);
            QVERIFY2(error.contains("did not finish"), qPrintable(error));
            QVERIFY(!QFile::exists(late));
        }
    }

    // The dialog keeps the format and the file's suffix in step; the scale is for PNG only.
    void dialogFollowsSuffix()
    {
        widgets::ChartExportDialog dialog(
            "Roofline", "/tmp/roofline.png", ExportOptions { ChartFormat::Png, 1200, 800, 2.0 });
        auto* file = dialog.findChild<QLineEdit*>();
        auto* format = dialog.findChild<QComboBox*>();
        auto* scale = dialog.findChild<QDoubleSpinBox*>();
        QVERIFY(file && format && scale);
        QCOMPARE(dialog.options().scale, 2.0);
        QCOMPARE(dialog.options().outputSize(), QSize(2400, 1600));
        QTest::keyClicks(file, "x"); // roofline.pngx: no known suffix, the format stays
        QCOMPARE(dialog.options().format, ChartFormat::Png);
        file->clear();
        QTest::keyClicks(file, "/tmp/chart.svg");
        QCOMPARE(dialog.options().format, ChartFormat::Svg);
        QVERIFY(!scale->isEnabled());
        QCOMPARE(dialog.options().scale, 1.0);
        format->setCurrentIndex(format->findData(static_cast<int>(ChartFormat::Pdf)));
        QCOMPARE(dialog.file(), QStringLiteral("/tmp/chart.pdf"));
        if (!qEnvironmentVariableIsEmpty("LMP_CHART_OUTPUT")) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            dialog.grab().save(QDir(qEnvironmentVariable("LMP_CHART_OUTPUT")).filePath("export-dialog.png"));
        }
    }

    void runPlot_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QStringList>("chart"); // name=value pairs
        QTest::addColumn<QString>("size");
        QTest::addColumn<QString>("scale");
        QTest::addColumn<QSize>("pixels");
        QTest::addRow("roofline png") << "roofline" << kLlama31 << "roofline.png" << QStringList() << ""
                                      << "" << QSize(1200, 800);
        QTest::addRow("roofline png 2x") << "roofline" << kDeepSeek << "r.png" << QStringList() << "600x400"
                                         << "2" << QSize(1200, 800);
        QTest::addRow("breakdown svg") << "breakdown" << kDeepSeek << "breakdown.svg"
                                       << QStringList { "group=layer", "metric=traffic" } << "1000x700"
                                       << "" << QSize();
        QTest::addRow("breakdown pdf") << "breakdown" << kLlama31 << "breakdown.pdf"
                                       << QStringList { "group=class", "metric=matmul_flops" } << ""
                                       << "" << QSize();
        QTest::addRow("sweep pdf") << "sweep" << kLlama31 << "sweep.pdf"
                                   << QStringList { "over=batch", "from=1", "to=64", "points=4", "metric=intensity" }
                                   << ""
                                   << "" << QSize();
        QTest::addRow("sweep png") << "sweep" << kDeepSeek << "sweep.png"
                                   << QStringList { "over=past", "from=1024", "to=65536", "points=4",
                                          "metric=kv_cache" }
                                   << "800x500"
                                   << "1" << QSize(800, 500);
    }

    void runPlot()
    {
        QFETCH(QString, kind);
        QFETCH(QString, model);
        QFETCH(QString, output);
        QFETCH(QStringList, chart);
        QFETCH(QString, size);
        QFETCH(QString, scale);
        QFETCH(QSize, pixels);
        QTemporaryDir dir;
        cli::PlotArgs args;
        args.kind = kind.toStdString();
        args.model = model.toStdString();
        args.analysis = { { "phase", "decode" }, { "past", "4095" } };
        args.hardware = kH100;
        args.output = dir.filePath(output).toStdString();
        args.size = size.toStdString();
        args.scale = scale.toStdString();
        for (const QString& pair : chart)
            args.chart[pair.section('=', 0, 0).toStdString()] = pair.section('=', 1).toStdString();
        std::ostringstream out, err;
        QCOMPARE(cli::runPlot(args, out, err), 0);
        QVERIFY2(err.str().empty(), err.str().c_str());
        QVERIFY(QString::fromStdString(out.str()).contains(output));
        QFile f(dir.filePath(output));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        if (output.endsWith(".png")) {
            QCOMPARE(QImage(dir.filePath(output)).size(), pixels);
        } else if (output.endsWith(".svg")) {
            QString problem;
            QVERIFY(svgText(bytes, &problem).contains("bytes"));
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        } else {
            QVERIFY(bytes.startsWith("%PDF"));
            QCOMPARE(pdfPages(bytes), 1);
        }
    }

    // The examples of docs/, through lmp plot's entry point, for a person to look at: LMP_CHART_OUTPUT=/tmp/charts
    // keeps them (else a temporary folder).
    void renderExamples()
    {
        QTemporaryDir temporary;
        const QString out = qEnvironmentVariableIsEmpty("LMP_CHART_OUTPUT") ? temporary.path()
                                                                            : qEnvironmentVariable("LMP_CHART_OUTPUT");
        QVERIFY(QDir().mkpath(out));
        struct Example
        {
            const char* kind;
            const char* model;
            std::map<std::string, std::string> analysis;
            std::map<std::string, std::string> chart;
        };
        const Example examples[] = {
            { "roofline", kLlama31, { { "seq", "2048" } }, {} },
            { "breakdown", kDeepSeek, { { "phase", "decode" }, { "past", "4095" } }, { { "group", "class" } } },
            { "sweep", kLlama31, {}, { { "over", "seq" }, { "from", "128" }, { "to", "131072" }, { "points", "11" } } },
        };
        for (const Example& e : examples) {
            for (const char* suffix : { "png", "svg", "pdf" }) {
                cli::PlotArgs args;
                args.kind = e.kind;
                args.model = e.model;
                args.analysis = e.analysis;
                args.chart = e.chart;
                args.hardware = kH100;
                args.output = QDir(out).filePath(QStringLiteral("chart-%1.%2").arg(e.kind, suffix)).toStdString();
                std::ostringstream sink, err;
                QVERIFY2(cli::runPlot(args, sink, err) == 0, err.str().c_str());
            }
            const QImage image(QDir(out).filePath(QStringLiteral("chart-%1.png").arg(e.kind)));
            QCOMPARE(image.size(), QSize(1200, 800));
        }
    }

    void runPlotErrors_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("hardware");
        QTest::addColumn<QStringList>("options"); // chart options, and size= / scale= / analysis:NAME=VALUE
        QTest::addColumn<QString>("message");
        QTest::addRow("unknown kind") << "pie"
                                      << "x.png" << kH100 << QStringList() << "roofline, breakdown or sweep";
        QTest::addRow("bad suffix") << "roofline"
                                    << "x.bmp" << kH100 << QStringList() << "x.bmp";
        QTest::addRow("no output") << "roofline"
                                   << "" << kH100 << QStringList() << "-o FILE";
        QTest::addRow("roofline without device") << "roofline"
                                                 << "x.png"
                                                 << "" << QStringList() << "--hardware";
        QTest::addRow("unknown device") << "roofline"
                                        << "x.png"
                                        << "tpu-9000" << QStringList() << "tpu-9000";
        QTest::addRow("bad metric") << "breakdown"
                                    << "x.png" << kH100 << QStringList { "metric=speed" }
                                    << "time, flops, matmul_flops, traffic or params";
        QTest::addRow("sweep option on breakdown")
            << "breakdown"
            << "x.png" << kH100 << QStringList { "over=seq" } << "takes no --over";
        QTest::addRow("bad axis") << "sweep"
                                  << "x.png" << kH100 << QStringList { "over=tokens" } << "seq, batch or past";
        QTest::addRow("bad points") << "sweep"
                                    << "x.png" << kH100 << QStringList { "points=1" } << "--points";
        QTest::addRow("reversed range") << "sweep"
                                        << "x.png" << kH100 << QStringList { "from=64", "to=8" } << "--from";
        QTest::addRow("bad size") << "roofline"
                                  << "x.png" << kH100 << QStringList { "size=big" } << "--size";
        QTest::addRow("bad scale") << "roofline"
                                   << "x.png" << kH100 << QStringList { "scale=0" } << "--scale";
        QTest::addRow("scale of a pdf") << "roofline"
                                        << "x.pdf" << kH100 << QStringList { "scale=2" } << "PNG";
        QTest::addRow("bad phase") << "roofline"
                                   << "x.png" << kH100 << QStringList { "analysis:phase=train2" } << "phase";
        QTest::addRow("unwritable") << "roofline"
                                    << "missing-folder/x.png" << kH100 << QStringList() << "missing-folder";
    }

    void runPlotErrors()
    {
        QFETCH(QString, kind);
        QFETCH(QString, output);
        QFETCH(QString, hardware);
        QFETCH(QStringList, options);
        QFETCH(QString, message);
        QTemporaryDir dir;
        cli::PlotArgs args;
        args.kind = kind.toStdString();
        args.model = kTinyLlama;
        args.hardware = hardware.toStdString();
        args.output = output.isEmpty() ? std::string() : dir.filePath(output).toStdString();
        for (const QString& option : options) {
            const QString name = option.section('=', 0, 0);
            const std::string value = option.section('=', 1).toStdString();
            if (name == "size")
                args.size = value;
            else if (name == "scale")
                args.scale = value;
            else if (name.startsWith("analysis:"))
                args.analysis[name.mid(9).toStdString()] = value;
            else
                args.chart[name.toStdString()] = value;
        }
        std::ostringstream out, err;
        QCOMPARE(cli::runPlot(args, out, err), 2);
        QVERIFY2(QString::fromStdString(err.str()).contains(message), err.str().c_str());
        QVERIFY(out.str().empty());
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());
    }
};

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
