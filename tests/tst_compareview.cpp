// SPDX-License-Identifier: GPL-3.0-or-later
// The compare view: its tree model under the model tester, hand-derived comparisons (fp8 against bf16 weights,
// an A100 against an H100), the exports, side B analysed off the GUI thread, and a model that does not load.
#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "comparemodel.h"
#include "compareview.h"
#include "settingspanel.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <cmath>

using namespace lmp;
using report::Metric;
using widgets::CompareModel;
using widgets::CompareView;

namespace {

const char* const kLlama = "meta-llama/Llama-3.1-8B";

// 8,030,261,248 parameters: bf16 stores 2 bytes each, fp8 one.
constexpr qint64 kLlamaParams = 8030261248;

analysis::Settings decode(analysis::Dtype weights)
{
    analysis::Settings s;
    s.phase = analysis::Phase::Decode;
    s.seq = 1;
    s.past = 2047;
    s.weightDtype = weights;
    s.checkpointWeights = false;
    return s;
}

analysis::Settings prefill(formula::Int seq)
{
    analysis::Settings s;
    s.phase = analysis::Phase::Prefill;
    s.seq = seq;
    return s;
}

std::shared_ptr<const model::LoadedModel> llama()
{
    static const auto model = test::loadModel(QString::fromLatin1(kLlama));
    return model;
}

widgets::SnapshotPtr snapshot(
    std::shared_ptr<const model::LoadedModel> m, const analysis::Settings& s, const char* hardware = "nvidia-h100-sxm")
{
    std::optional<hardware::Profile> hw;
    if (hardware)
        hw = *test::workspace().catalogue.find(hardware);
    return widgets::makeSnapshot(std::move(m), test::workspace().library, s, hw);
}

// The bf16 matrix peak of a built-in profile, read from its JSON file (not through the catalogue).
double bf16MatrixPeak(const QString& id)
{
    QFile file(QStringLiteral(LMP_TEST_DATA_DIR "/../../resources/hardware/") + id + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("no profile %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object().value("matrix_flops").toObject().value("bf16").toDouble();
}

QString cellTooltip(const QTableWidget& table, const QString& name, int column)
{
    for (int r = 0; r < table.rowCount(); ++r) {
        if (table.item(r, 0)->text() == name)
            return table.item(r, column)->toolTip();
    }
    return {};
}

QString cellText(const QTableWidget& table, const QString& name, int column)
{
    for (int r = 0; r < table.rowCount(); ++r) {
        if (table.item(r, 0)->text() == name)
            return table.item(r, column)->text();
    }
    return {};
}

} // namespace

class TestCompareView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelTester();
    void treeRows();
    void onlyOneSide();
    void weightDtypes();
    void devices_data();
    void devices();
    void exports_data();
    void exports();
    void sideBOffThread();
    void unknownModel();
    void swap();
    void screenshot();

private:
    widgets::SnapshotPtr m_bf16;
    widgets::SnapshotPtr m_fp8;
    widgets::SnapshotPtr m_a100;
    widgets::SnapshotPtr m_h100;
};

void TestCompareView::initTestCase()
{
    m_bf16 = snapshot(llama(), decode(analysis::Dtype::BF16));
    m_fp8 = snapshot(llama(), decode(analysis::Dtype::FP8));
    m_a100 = snapshot(llama(), prefill(2048), "nvidia-a100-80gb");
    m_h100 = snapshot(llama(), prefill(2048), "nvidia-h100-sxm");
}

void TestCompareView::modelTester()
{
    CompareModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(CompareModel::SortRole);
    // Made before any data arrives: the testers check the resets too.
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    CompareView view(test::sharedWorkspace());
    view.setComparison(m_bf16, m_fp8);
    model.setComparison(view.comparison());
    QVERIFY(model.rowCount() > 0);
    for (const Metric metric : report::kAllMetrics) {
        model.setMetric(metric);
        proxy.sort(CompareModel::RatioColumn, Qt::DescendingOrder);
        proxy.sort(CompareModel::DifferenceColumn, Qt::AscendingOrder);
    }
    proxy.sort(CompareModel::NameColumn, Qt::AscendingOrder);
    view.setComparison(m_a100, m_h100);
    model.setComparison(view.comparison());
    model.setComparison(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void TestCompareView::treeRows()
{
    CompareView view(test::sharedWorkspace());
    view.setComparison(m_bf16, m_fp8);
    CompareModel* model = view.model();
    QCOMPARE(model->rowCount(), 1);
    const QModelIndex root = model->index(0, 0);
    QCOMPARE(root.data().toString(), QStringLiteral("(model)"));
    // The layers are one row, collapsed like the window's tree.
    const QModelIndex layers = model->indexForName("model.layers.0");
    QVERIFY(layers.isValid());
    QVERIFY(layers.data().toString().contains(QStringLiteral("×32")));
    QCOMPARE(layers.data(CompareModel::SidesRole).toString(), QStringLiteral("both"));
    QCOMPARE(model->parent(layers).data(CompareModel::FullNameRole).toString(), QStringLiteral("model.layers"));
    QCOMPARE(model->parent(model->parent(layers)), model->indexForName("model"));
    // Every row's parent is the nearest row above it that is less deep.
    const auto& rows = view.comparison()->rows;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const QModelIndex index = model->indexForName(QString::fromStdString(rows[i].name));
        QVERIFY(index.isValid());
        const report::ComparedRow* parent = model->comparedRow(model->parent(index));
        QCOMPARE(parent ? parent->depth + 1 : 0, rows[i].depth);
    }

    // The same FLOPs on both sides: ratio 1, difference 0; the exact digits in the tooltips.
    view.setMetric(Metric::Flops);
    const QModelIndex proj = model->indexForName("model.layers.0.mlp.down_proj");
    QVERIFY(proj.isValid());
    const report::Delta d = model->delta(proj);
    QVERIFY(d.a && d.b && d.ratio);
    QCOMPARE(*d.ratio, 1.0);
    QCOMPARE(proj.siblingAtColumn(CompareModel::DifferenceColumn).data().toString(), QStringLiteral("0"));
    QCOMPARE(proj.siblingAtColumn(CompareModel::AColumn).data(Qt::ToolTipRole).toString(),
        QString::fromStdString(formula::grouped(*d.a)));
    QVERIFY(!proj.siblingAtColumn(CompareModel::RatioColumn).data(Qt::ForegroundRole).isValid());
    QCOMPARE(proj.siblingAtColumn(CompareModel::AColumn).data(CompareModel::SortRole).toDouble(), d.a->toDouble());

    // Bytes read: fp8 weights read half the weight bytes, so B reads less: green.
    view.setMetric(Metric::Reads);
    const report::Delta reads = model->delta(proj);
    QVERIFY(reads.ratio && *reads.ratio < 1);
    QCOMPARE(
        proj.siblingAtColumn(CompareModel::RatioColumn).data(Qt::ForegroundRole).value<QColor>().green() > 0x60, true);
    QVERIFY(proj.siblingAtColumn(CompareModel::DifferenceColumn).data().toString().startsWith(QChar(0x2212)));
}

void TestCompareView::onlyOneSide()
{
    // Two different models: modules only one side has are there, marked, their other side a dash.
    const auto gpt2 = test::loadModel(QStringLiteral("openai-community/gpt2"));
    CompareView view(test::sharedWorkspace());
    view.setComparison(m_bf16, snapshot(gpt2, decode(analysis::Dtype::BF16)));
    CompareModel* model = view.model();
    const QModelIndex onlyA = model->indexForName("model.layers.0.mlp.down_proj");
    QVERIFY(onlyA.isValid());
    QCOMPARE(onlyA.data(CompareModel::SidesRole).toString(), QStringLiteral("a"));
    QCOMPARE(onlyA.siblingAtColumn(CompareModel::BColumn).data().toString(), QStringLiteral("\u2013"));
    QCOMPARE(onlyA.siblingAtColumn(CompareModel::DifferenceColumn).data().toString(), QStringLiteral("\u2013"));
    QCOMPARE(onlyA.siblingAtColumn(CompareModel::RatioColumn).data().toString(), QStringLiteral("only in A"));
    QVERIFY(onlyA.data(Qt::ToolTipRole).toString().contains(QStringLiteral("Only side A")));
    QVERIFY(!onlyA.siblingAtColumn(CompareModel::BColumn).data(CompareModel::SortRole).isValid());
    bool foundB = false;
    for (const auto& row : view.comparison()->rows) {
        if (!row.a) {
            const QModelIndex onlyB = model->indexForName(QString::fromStdString(row.name));
            QCOMPARE(onlyB.siblingAtColumn(CompareModel::AColumn).data().toString(), QStringLiteral("\u2013"));
            QCOMPARE(onlyB.siblingAtColumn(CompareModel::RatioColumn).data().toString(), QStringLiteral("only in B"));
            foundB = true;
            break;
        }
    }
    QVERIFY(foundB);
}

void TestCompareView::weightDtypes()
{
    // Llama-3.1-8B decoding, bf16 against fp8 weights: 8,030,261,248 parameters of 2 and of 1 byte.
    CompareView view(test::sharedWorkspace());
    view.setComparison(m_bf16, m_fp8);
    const report::Comparison& c = *view.comparison();
    QCOMPARE(c.a.params, formula::Int(kLlamaParams));
    QCOMPARE(c.b.params, formula::Int(kLlamaParams));
    QVERIFY(c.a.weightBytes.isInteger() && c.b.weightBytes.isInteger());
    QCOMPARE(c.a.weightBytes.toInteger(), formula::Int(kLlamaParams) * 2);
    QCOMPARE(c.b.weightBytes.toInteger(), formula::Int(kLlamaParams));
    QCOMPARE(c.a.weightBytes.toInteger(), formula::Int(16060522496LL));
    QCOMPARE(c.b.weightBytes.toInteger() * 2, c.a.weightBytes.toInteger());
    const report::Delta flops = c.total(Metric::Flops);
    QVERIFY(flops.ratio);
    QCOMPARE(*flops.ratio, 1.0);
    QVERIFY(flops.difference && flops.difference->isInteger() && flops.difference->toInteger() == 0);

    // The totals table: the exact digits in the tooltips, the difference and the ratio.
    const QTableWidget& totals = *view.totalsTable();
    QCOMPARE(cellTooltip(totals, "Weight bytes", 1), QStringLiteral("16,060,522,496"));
    QCOMPARE(cellTooltip(totals, "Weight bytes", 2), QStringLiteral("8,030,261,248"));
    QCOMPARE(cellTooltip(totals, "Weight bytes", 3), QStringLiteral("B \u2212 A = -8,030,261,248"));
    QCOMPARE(cellText(totals, "Weight bytes", 4), QStringLiteral("0.500\u00d7"));
    QCOMPARE(cellText(totals, "FLOPs", 4), QStringLiteral("1.000\u00d7"));
    QCOMPARE(cellTooltip(totals, "Parameters", 1), QStringLiteral("8,030,261,248"));
    // Both sides named by what tells them apart.
    QVERIFY(view.headerText().contains(QStringLiteral("fp8")));

    // The chart: FLOPs per class are the same on both sides.
    view.setMetric(Metric::Flops);
    QVERIFY(view.barCount() > 3);
    QVERIFY(view.barCount() <= 13);
    for (int i = 0; i < view.barCount(); ++i)
        QCOMPARE(view.barValueA(i), view.barValueB(i));
    QVERIFY(view.barValueA(0) >= view.barValueA(1));
}

void TestCompareView::devices_data()
{
    QTest::addColumn<QString>("module");
    QTest::addRow("q_proj") << "model.layers.0.self_attn.q_proj";
    QTest::addRow("o_proj") << "model.layers.0.self_attn.o_proj";
    QTest::addRow("gate_proj") << "model.layers.0.mlp.gate_proj";
    QTest::addRow("up_proj") << "model.layers.0.mlp.up_proj";
    QTest::addRow("down_proj") << "model.layers.0.mlp.down_proj";
    QTest::addRow("lm_head") << "lm_head";
}

void TestCompareView::devices()
{
    // Prefill of 2048 tokens on an A100 (A) and an H100 (B): a compute-bound linear layer takes its matmul FLOPs
    // over the bf16 matrix peak, so the time ratio B / A is the ratio of the peaks, A100 over H100.
    QFETCH(QString, module);
    CompareView view(test::sharedWorkspace());
    view.setComparison(m_a100, m_h100);
    view.setMetric(Metric::Seconds);
    const QModelIndex index = view.model()->indexForName(module);
    QVERIFY(index.isValid());
    const report::ComparedRow* row = view.model()->comparedRow(index);
    QVERIFY(row->a && row->b);
    const report::Comparison& c = *view.comparison();
    QCOMPARE(c.a.rows[*row->a].bound, analysis::Bound::Compute);
    QCOMPARE(c.b.rows[*row->b].bound, analysis::Bound::Compute);
    const double a100 = bf16MatrixPeak("nvidia-a100-80gb");
    const double h100 = bf16MatrixPeak("nvidia-h100-sxm");
    QCOMPARE(a100, 312e12);
    QCOMPARE(h100, 989.4e12);
    const report::Delta d = view.model()->delta(index);
    QVERIFY(d.ratio);
    // The roofline bounds: the ratio of the peaks.
    const auto& ra = c.a.rows[*row->a];
    const auto& rb = c.b.rows[*row->b];
    const double expected = a100 / h100;
    QVERIFY2(std::fabs(rb.roofline / ra.roofline - expected) <= 1e-9 * expected,
        qPrintable(
            QStringLiteral("%1 against %2").arg(rb.roofline / ra.roofline, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    // The expected times: one GEMM each (eager), at each device's fitted efficiency and floor.
    auto gemm = [&](const report::Row& r, const char* id) {
        const auto& hw = *test::workspace().catalogue.find(id);
        return analysis::gemmKernelSeconds(hw, r.figures[analysis::Kind::MatmulFlops]->toDouble(),
            r.figures[analysis::Kind::Reads]->toDouble() + r.figures[analysis::Kind::Writes]->toDouble(),
            hw.matrixPeak("bf16"));
    };
    const double timeRatio = gemm(rb, "nvidia-h100-sxm") / gemm(ra, "nvidia-a100-80gb");
    QVERIFY2(std::fabs(*d.ratio - timeRatio) <= 1e-9 * timeRatio,
        qPrintable(QStringLiteral("%1 against %2").arg(*d.ratio, 0, 'g', 17).arg(timeRatio, 0, 'g', 17)));
    // FLOPs do not depend on the device.
    QCOMPARE(*c.row(*row, Metric::Flops).ratio, 1.0);
    QCOMPARE(index.siblingAtColumn(CompareModel::RatioColumn).data(Qt::ForegroundRole).value<QColor>(),
        QColor(0x1e, 0x7b, 0x34));
}

void TestCompareView::exports_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::addRow("html") << "html";
    QTest::addRow("markdown") << "md";
    QTest::addRow("csv") << "csv";
    QTest::addRow("json") << "json";
    QTest::addRow("text") << "txt";
    QTest::addRow("pdf") << "pdf";
    QTest::addRow("png chart") << "png";
    QTest::addRow("svg chart") << "svg";
}

void TestCompareView::exports()
{
    QFETCH(QString, suffix);
    CompareView view(test::sharedWorkspace());
    view.resize(1400, 600);
    view.setComparison(m_bf16, m_fp8);
    QTemporaryDir dir;
    const QString file = dir.filePath("comparison." + suffix);
    QCOMPARE(view.exportComparison(file), QString());
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QVERIFY(!bytes.isEmpty());
    const report::Comparison& c = *view.comparison();
    if (suffix == "html") {
        QVERIFY(bytes.contains("<html"));
        QVERIFY(bytes.trimmed().endsWith("</html>"));
        QCOMPARE(bytes.count("<table"), bytes.count("</table>"));
        QCOMPARE(bytes.count("<tr"), bytes.count("</tr>"));
        QVERIFY(bytes.contains("16,060,522,496"));
        QVERIFY(bytes.contains("8,030,261,248"));
        QVERIFY(bytes.contains("<svg")); // the bar chart, inline
        QVERIFY(bytes.contains("Where the work goes, A against B"));
    } else if (suffix == "md") {
        QVERIFY(bytes.contains("16,060,522,496"));
    } else if (suffix == "csv") {
        // A header and one line per compared row.
        QCOMPARE(bytes.count('\n'), static_cast<qsizetype>(c.rows.size() + 1));
        QVERIFY(bytes.startsWith("module,"));
    } else if (suffix == "json") {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QVERIFY(doc.object().value("a").isObject());
        QVERIFY(doc.object().value("b").isObject());
        QCOMPARE(doc.object().value("nodes").toArray().size(), static_cast<qsizetype>(c.rows.size()));
        const QJsonObject weights = doc.object().value("total").toObject().value("weight_bytes").toObject();
        QCOMPARE(weights.value("a").toVariant().toLongLong(), kLlamaParams * 2);
        QCOMPARE(weights.value("b").toVariant().toLongLong(), kLlamaParams);
    } else if (suffix == "txt") {
        QVERIFY(bytes.startsWith("A: "));
    } else if (suffix == "pdf") {
        QVERIFY(bytes.startsWith("%PDF"));
    } else if (suffix == "png") {
        QVERIFY(bytes.startsWith("\x89PNG"));
    } else if (suffix == "svg") {
        QVERIFY(bytes.contains("<svg"));
    }
    // An unknown suffix is an error, and writes nothing.
    QVERIFY(!view.exportComparison(dir.filePath("comparison.xyz")).isEmpty());
    QVERIFY(!QFile::exists(dir.filePath("comparison.xyz")));
}

void TestCompareView::sideBOffThread()
{
    // A is the window's analysis; B starts as A, then the form asks for fp8 weights: analysed off the GUI thread.
    CompareView view(test::sharedWorkspace());
    view.show();
    view.setCurrentAnalysis(m_bf16, QString::fromLatin1(kLlama));
    QCOMPARE(view.sideB(), m_bf16);
    QCOMPARE(view.modelBox()->currentText(), QString::fromLatin1(kLlama));
    QCOMPARE(view.sideBSettings()->settings(), m_bf16->settings);
    QVERIFY(view.comparison());

    QSignalSpy changed(&view, &CompareView::comparisonChanged);
    view.setSideB(QString::fromLatin1(kLlama), decode(analysis::Dtype::FP8), "nvidia-h100-sxm");
    QVERIFY(view.waitForIdle());
    QVERIFY(changed.count() >= 1);
    QCOMPARE(view.errorText(), QString());
    QCOMPARE(view.sideA(), m_bf16);
    QVERIFY(view.sideB() != m_bf16);
    // The model read for A is reused, not read again.
    QCOMPARE(view.sideB()->model, m_bf16->model);
    QCOMPARE(view.comparison()->b.weightBytes.toInteger(), formula::Int(kLlamaParams));

    // A newer request makes an older one stale: only the last settings arrive.
    view.setSideB(QString::fromLatin1(kLlama), decode(analysis::Dtype::INT8), "nvidia-h100-sxm");
    view.setSideB(QString::fromLatin1(kLlama), decode(analysis::Dtype::INT4), "nvidia-h100-sxm");
    QVERIFY(view.waitForIdle());
    QCOMPARE(view.sideB()->settings.weightDtype, analysis::Dtype::INT4);

    // Another model is read off the GUI thread too.
    view.setSideB(QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"), decode(analysis::Dtype::BF16), "");
    QVERIFY(view.waitForIdle());
    QCOMPARE(view.errorText(), QString());
    QCOMPARE(view.sideB()->model->name, QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
    QVERIFY(!view.sideB()->hardware);
    QCOMPARE(view.sideBSource(), QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
}

void TestCompareView::unknownModel()
{
    CompareView view(test::sharedWorkspace());
    view.show();
    view.setCurrentAnalysis(m_bf16, QString::fromLatin1(kLlama));
    const auto before = view.comparison();
    view.modelBox()->setEditText(QStringLiteral("no-such-org/no-such-model-7b"));
    QTest::keyClick(view.modelBox()->lineEdit(), Qt::Key_Return);
    QVERIFY(view.waitForIdle());
    QVERIFY(view.errorText().contains(QStringLiteral("no-such-org/no-such-model-7b")));
    QCOMPARE(view.sideA(), m_bf16);
    QVERIFY(view.comparison());
    QCOMPARE(view.comparison()->a.model, std::string(kLlama));

    // A broken config.json: an error too, never a crash.
    QTemporaryDir dir;
    QFile config(dir.filePath("config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{ \"model_type\": \"llama\", \"hidden_size\": ");
    config.close();
    view.setSideB(config.fileName(), decode(analysis::Dtype::BF16), "");
    QVERIFY(view.waitForIdle());
    QVERIFY(!view.errorText().isEmpty());
    QCOMPARE(view.sideA(), m_bf16);

    // An empty model box says what is missing.
    view.modelBox()->setEditText(QString());
    view.requestSideB();
    QVERIFY(view.errorText().contains(QStringLiteral("needs a model")));
}

void TestCompareView::swap()
{
    CompareView view(test::sharedWorkspace());
    view.show();
    view.setCurrentAnalysis(m_bf16, QString::fromLatin1(kLlama));
    view.setSideB(QString::fromLatin1(kLlama), decode(analysis::Dtype::FP8), "nvidia-h100-sxm");
    QVERIFY(view.waitForIdle());
    const widgets::SnapshotPtr b = view.sideB();
    QSignalSpy requested(&view, &CompareView::sideARequested);
    view.swapSides();
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.first().at(0).toString(), QString::fromLatin1(kLlama));
    QCOMPARE(requested.first().at(1).value<analysis::Settings>().weightDtype, analysis::Dtype::FP8);
    QCOMPARE(requested.first().at(2).toString(), QStringLiteral("nvidia-h100-sxm"));
    QCOMPARE(view.sideA(), b);
    QCOMPARE(view.sideB(), m_bf16);
    QCOMPARE(view.sideBSettings()->settings().weightDtype, analysis::Dtype::BF16);
    QCOMPARE(view.comparison()->a.weightBytes.toInteger(), formula::Int(kLlamaParams));
    // Reset: B is A again.
    view.resetSideB();
    QVERIFY(view.waitForIdle());
    QCOMPARE(view.sideB()->settings, b->settings);
    QCOMPARE(*view.comparison()->total(Metric::Reads).ratio, 1.0);
}

void TestCompareView::screenshot()
{
    // The view as a person sees it, for LMP_COMPARE_SCREENSHOT=file.png; else only checks that it draws.
    CompareView view(test::sharedWorkspace());
    view.resize(1280, 660); // about what the dock gets in a 1600 x 1000 window
    view.show();
    view.setCurrentAnalysis(m_a100, QString::fromLatin1(kLlama));
    analysis::Settings fp8 = prefill(2048);
    fp8.weightDtype = analysis::Dtype::FP8;
    fp8.checkpointWeights = false;
    view.setSideB(QString::fromLatin1(kLlama), fp8, "nvidia-h100-sxm");
    QVERIFY(view.waitForIdle());
    view.setMetric(Metric::Seconds);
    view.treeView()->expand(view.treeView()->model()->index(0, 0));
    QCoreApplication::processEvents();
    const QImage image = view.grab().toImage();
    QVERIFY(!image.isNull());
    if (!qEnvironmentVariableIsEmpty("LMP_COMPARE_SCREENSHOT"))
        QVERIFY(image.save(qEnvironmentVariable("LMP_COMPARE_SCREENSHOT")));
    // The chart's tab draws too (saved beside the figures as NAME-chart.png).
    view.pages()->setCurrentIndex(1);
    QCoreApplication::processEvents();
    const QImage chart = view.grab().toImage();
    QVERIFY(!chart.isNull());
    if (!qEnvironmentVariableIsEmpty("LMP_COMPARE_SCREENSHOT")) {
        QString name = qEnvironmentVariable("LMP_COMPARE_SCREENSHOT");
        name.insert(name.lastIndexOf(QLatin1Char('.')), QStringLiteral("-chart"));
        QVERIFY(chart.save(name));
    }
}

QTEST_MAIN(TestCompareView)
#include "tst_compareview.moc"
