// SPDX-License-Identifier: GPL-3.0-or-later
// The module tree model and its proxy: rows, collapsed runs, figures, sorting, filtering, self costs, and a
// re-analysis that keeps the view's expansion and selection.
#include "analysis/workspace.h"
#include "analysissnapshot.h"
#include "db/layereddatabase.h"
#include "format.h"
#include "moduletreemodel.h"
#include "moduletreeproxy.h"
#include "testworkspace.h"

#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

using namespace lmp;
using widgets::ModuleTreeModel;
using widgets::ModuleTreeProxy;

namespace {

using test::loadModel;

analysis::Settings prefill(formula::Int seq)
{
    analysis::Settings s;
    s.phase = analysis::Phase::Prefill;
    s.seq = seq;
    return s;
}

widgets::SnapshotPtr snapshot(std::shared_ptr<const model::LoadedModel> m, const analysis::Settings& s,
    const char* hardware = "nvidia-h100-sxm", std::shared_ptr<const formula::Library> library = nullptr)
{
    std::optional<hardware::Profile> hw;
    if (hardware)
        hw = *test::workspace().catalogue.find(hardware);
    return widgets::makeSnapshot(std::move(m), library ? library : test::workspace().library, s, hw);
}

QStringList childNames(const QAbstractItemModel& model, const QModelIndex& parent)
{
    QStringList names;
    for (int r = 0; r < model.rowCount(parent); ++r)
        names << model.index(r, 0, parent).data().toString();
    return names;
}

QModelIndex childByName(const QAbstractItemModel& model, const QModelIndex& parent, const QString& name)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        if (model.index(r, 0, parent).data().toString() == name)
            return model.index(r, 0, parent);
    }
    return {};
}

qlonglong sortNumber(const QModelIndex& index, int column)
{
    return static_cast<qlonglong>(index.siblingAtColumn(column).data(ModuleTreeModel::SortRole).toDouble());
}

// Every row under parent, depth first, as full names.
void collect(const QAbstractItemModel& model, const QModelIndex& parent, QStringList& out)
{
    for (int r = 0; r < model.rowCount(parent); ++r) {
        const QModelIndex i = model.index(r, 0, parent);
        out << i.data(ModuleTreeModel::FullNameRole).toString();
        collect(model, i, out);
    }
}

} // namespace

class TestModuleTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void format_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QString>("text");
        QTest::addRow("tera") << 29261612449792.0 << "FLOP"
                              << "29.3 TFLOP";
        QTest::addRow("giga bytes") << 13476839424.0 << "B"
                                    << "13.5 GB";
        QTest::addRow("just under a kilo") << 999.0 << ""
                                           << "999";
        QTest::addRow("rounds up to kilo") << 999.7 << ""
                                           << "1.00 k";
        QTest::addRow("peta") << 1.0e15 << "FLOP/s"
                              << "1.00 PFLOP/s";
        QTest::addRow("zero") << 0.0 << ""
                              << "0";
        QTest::addRow("below one") << 0.25 << ""
                                   << "0.25";
    }
    void format()
    {
        QFETCH(double, value);
        QFETCH(QString, unit);
        QFETCH(QString, text);
        QCOMPARE(widgets::siText(value, unit), text);
    }

    void exactAndSeconds()
    {
        QCOMPARE(widgets::exactText(formula::Number::integer(1700001759232)), QStringLiteral("1,700,001,759,232"));
        QCOMPARE(widgets::exactText(formula::Number::integer(-1000)), QStringLiteral("-1,000"));
        QCOMPARE(widgets::exactText(formula::Number::integer(999)), QStringLiteral("999"));
        QCOMPARE(widgets::secondsText(0.0214), QString::fromUtf8("21.4 ms"));
        QCOMPARE(widgets::secondsText(8.3e-4), QString::fromUtf8("830 µs"));
        QCOMPARE(widgets::secondsText(1.25), QString::fromUtf8("1.25 s"));
        QCOMPARE(widgets::percentText(0.456), QStringLiteral("45.6 %"));
    }

    // The window writes figures in its language's number format; the C locale (the command line, the reports)
    // is the default. The separators are the languages' own (CLDR), written out here, not asked of QLocale.
    void figuresInTheLocale_data()
    {
        QTest::addColumn<QLocale>("locale");
        QTest::addColumn<QString>("si");
        QTest::addColumn<QString>("exact");
        QTest::addColumn<QString>("seconds");
        QTest::addColumn<QString>("percent");
        QTest::addColumn<QString>("real");
        QTest::addRow("C") << QLocale::c() << "29.3 TFLOP"
                           << "1,700,001,759,232"
                           << "21.4 ms"
                           << "45.6 %"
                           << "0.375";
        QTest::addRow("English") << QLocale(QLocale::English, QLocale::UnitedStates) << "29.3 TFLOP"
                                 << "1,700,001,759,232"
                                 << "21.4 ms"
                                 << "45.6 %"
                                 << "0.375";
        QTest::addRow("German") << QLocale(QLocale::German, QLocale::Germany) << "29,3 TFLOP"
                                << "1.700.001.759.232"
                                << "21,4 ms"
                                << "45,6 %"
                                << "0,375";
        QTest::addRow("French") << QLocale(QLocale::French, QLocale::France) << "29,3 TFLOP"
                                << QString::fromUtf8("1\u202f700\u202f001\u202f759\u202f232") << "21,4 ms"
                                << "45,6 %"
                                << "0,375";
    }
    void figuresInTheLocale()
    {
        QFETCH(QLocale, locale);
        QFETCH(QString, si);
        QFETCH(QString, exact);
        QFETCH(QString, seconds);
        QFETCH(QString, percent);
        QFETCH(QString, real);
        widgets::setDisplayLocale(locale);
        const QString gotSi = widgets::siText(29261612449792.0, QStringLiteral("FLOP"));
        const QString gotExact = widgets::exactText(formula::Number::integer(1700001759232));
        const QString gotSeconds = widgets::secondsText(0.0214);
        const QString gotPercent = widgets::percentText(0.456);
        const QString gotReal = widgets::exactText(formula::Number::real(0.375));
        const QString gotSmall = widgets::siText(2048.0, QString()); // never "2.048" read as two
        widgets::setDisplayLocale(QLocale::c());
        QCOMPARE(gotSi, si);
        QCOMPARE(gotExact, exact);
        QCOMPARE(gotSeconds, seconds);
        QCOMPARE(gotPercent, percent);
        QCOMPARE(gotReal, real);
        QCOMPARE(gotSmall, si.contains(u',') ? QStringLiteral("2,05 k") : QStringLiteral("2.05 k"));
        QCOMPARE(widgets::siText(29261612449792.0, QStringLiteral("FLOP")), QStringLiteral("29.3 TFLOP"));
    }

    // LlamaMLP's entry pending: the MLP rows use it, the decoder layers (whose entry calls it) rest on it, the
    // model's totals include it; the attention does not.
    void reviewStatusColumn()
    {
        auto layered = db::LayeredDatabase::withBuiltin(QString());
        QVERIFY(std::holds_alternative<db::LayeredDatabase>(layered));
        auto specs = std::get<db::LayeredDatabase>(layered).moduleSpecs();
        const std::string mlpKey = "transformers__models__llama__modeling_llama__LlamaMLP";
        bool found = false;
        for (auto& spec : specs) {
            if (formula::normalizeModuleKey(spec.key) == mlpKey) {
                spec.status = "pending";
                found = true;
            }
        }
        QVERIFY(found);
        const auto library = std::make_shared<const formula::Library>(formula::Library::build(specs));

        ModuleTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128), "nvidia-h100-sxm", library));
        const QModelIndex root = model.index(0, 0);
        const QModelIndex run = model.index(1, 0, model.index(0, 0, root));
        const QModelIndex layer = model.index(0, 0, run);
        const QModelIndex mlp = childByName(model, layer, "mlp");
        const QModelIndex attention = childByName(model, layer, "self_attn");
        auto review = [](const QModelIndex& i) {
            return i.siblingAtColumn(ModuleTreeModel::ReviewColumn).data().toString();
        };
        QCOMPARE(review(mlp), QStringLiteral("pending"));
        QVERIFY(mlp.data(ModuleTreeModel::UnreviewedRole).toBool());
        QVERIFY(!mlp.data(Qt::DecorationRole).isNull());
        QCOMPARE(review(attention), QStringLiteral("validated"));
        QVERIFY(!attention.data(ModuleTreeModel::UnreviewedRole).toBool());
        QVERIFY(!attention.data(ModuleTreeModel::RestsOnUnreviewedRole).toBool());
        QCOMPARE(review(layer), QStringLiteral("validated, calls unreviewed"));
        QVERIFY(run.data(ModuleTreeModel::RestsOnUnreviewedRole).toBool());
        QVERIFY(root.data(ModuleTreeModel::RestsOnUnreviewedRole).toBool());
        QVERIFY(mlp.siblingAtColumn(ModuleTreeModel::ReviewColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP (pending)")));
        // 32 MLPs, the 32 decoder layers whose entry calls LlamaMLP, LlamaModel (calls the layer) and
        // LlamaForCausalLM (calls LlamaModel).
        QCOMPARE(static_cast<long long>(model.snapshot()->result.unreviewedModules), 66LL);
    }

    // Llama-2-7B prefill of 128 tokens: the rows named_modules() has, with the 32 layers as one run.
    void llamaRows()
    {
        ModuleTreeModel model;
        ModuleTreeProxy proxy;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128)));

        QCOMPARE(model.rowCount(), 1);
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(root.data().toString(), QStringLiteral("(model)"));
        QCOMPARE(
            root.siblingAtColumn(ModuleTreeModel::ClassColumn).data().toString(), QStringLiteral("LlamaForCausalLM"));
        QCOMPARE(childNames(model, root), (QStringList { "model", "lm_head" }));
        const QModelIndex inner = model.index(0, 0, root);
        QCOMPARE(childNames(model, inner),
            (QStringList { "embed_tokens", QString::fromUtf8("layers.0–31 ×32"), "norm", "rotary_emb" }));
        const QModelIndex run = model.index(1, 0, inner);
        QCOMPARE(run.data(ModuleTreeModel::InstancesRole).toLongLong(), 32);
        QCOMPARE(run.data(ModuleTreeModel::FullNameRole).toString(), QString::fromUtf8("model.layers.0–31"));
        QCOMPARE(
            run.siblingAtColumn(ModuleTreeModel::ClassColumn).data().toString(), QStringLiteral("LlamaDecoderLayer"));
        QCOMPARE(model.rowCount(run), 32);
        QCOMPARE(model.index(31, 0, run).data().toString(), QStringLiteral("layers.31"));
        QCOMPARE(childNames(model, model.index(3, 0, run)),
            (QStringList { "self_attn", "mlp", "input_layernorm", "post_attention_layernorm" }));

        // Matmul FLOPs, by hand from the architecture (T = 128 tokens, h = 4096, 32 heads of 64... of 128):
        // per layer q,k,v,o 4 * 2*T*h*h, gate/up/down 3 * 2*T*h*11008, attention QK^T and AV 2 * 2*32*T*T*128.
        const qlonglong T = 128, h = 4096;
        const qlonglong layer = 4 * 2 * T * h * h + 3 * 2 * T * h * 11008 + 2 * (2 * 32 * T * T * 128);
        const qlonglong lmHead = 2 * T * h * 32000;
        const qlonglong rotary = 2 * 64 * T; // inv_freq[64, 1] @ positions[1, T]
        QCOMPARE(sortNumber(run, ModuleTreeModel::MatmulFlopsColumn), 32 * layer);
        QCOMPARE(sortNumber(model.index(3, 0, run), ModuleTreeModel::MatmulFlopsColumn), layer);
        QCOMPARE(sortNumber(root, ModuleTreeModel::MatmulFlopsColumn), 32 * layer + lmHead + rotary);
        QCOMPARE(32 * layer + lmHead + rotary, 1700001759232LL); // SOURCES.md's published total
        // Exact value in the tooltip, SI in the cell.
        QVERIFY(root.siblingAtColumn(ModuleTreeModel::MatmulFlopsColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("1,700,001,759,232 FLOPs")));
        QCOMPARE(root.siblingAtColumn(ModuleTreeModel::MatmulFlopsColumn).data().toString(), QStringLiteral("1.70 T"));
        // Parameters: the published 6,738,415,616, with the weights in bf16 twice that in bytes.
        QCOMPARE(sortNumber(root, ModuleTreeModel::ParamsColumn), 6738415616LL);
        QCOMPARE(sortNumber(root, ModuleTreeModel::WeightBytesColumn), 2 * 6738415616LL);
        QCOMPARE(sortNumber(run, ModuleTreeModel::ParamsColumn), 32 * (4 * h * h + 3 * h * 11008 + 2 * h));
        // Shares of the whole: the root is all of it; a run of layers most of it.
        QCOMPARE(root.siblingAtColumn(ModuleTreeModel::ShareColumn).data(ModuleTreeModel::ShareRole).toDouble(), 1.0);
        const double runShare =
            run.siblingAtColumn(ModuleTreeModel::ShareColumn).data(ModuleTreeModel::ShareRole).toDouble();
        QVERIFY2(runShare > 0.9 && runShare < 1.0, qPrintable(QString::number(runShare)));
        // A projection at T = 128 reads 32 MiB of weights for 4.3 GFLOPs: memory-bound on an H100.
        const QModelIndex qProj = model.indexForName(QStringLiteral("model.layers.7.self_attn.q_proj"));
        QVERIFY(qProj.isValid());
        QCOMPARE(
            qProj.data(ModuleTreeModel::FullNameRole).toString(), QStringLiteral("model.layers.7.self_attn.q_proj"));
        QCOMPARE(sortNumber(qProj, ModuleTreeModel::FlopsColumn), 2 * T * h * h);
        QCOMPARE(qProj.siblingAtColumn(ModuleTreeModel::BoundColumn).data().toString(), QStringLiteral("memory"));
        QVERIFY(!model.indexForName(QStringLiteral("model.layers.32")).isValid());
        QVERIFY(!model.indexForName(QStringLiteral("model.nothing")).isValid());
    }

    // DeepSeek-V3: a list with two runs (3 dense layers, 58 MoE layers) and 256 experts as one run.
    void deepseekRuns()
    {
        ModuleTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        analysis::Settings decode;
        decode.phase = analysis::Phase::Decode;
        decode.seq = 1;
        decode.past = 4095;
        model.setSnapshot(snapshot(loadModel("deepseek-ai/DeepSeek-V3"), decode));
        const QModelIndex inner = model.index(0, 0, model.index(0, 0));
        const QModelIndex layers = childByName(model, inner, "layers");
        QVERIFY(layers.isValid());
        QCOMPARE(
            childNames(model, layers), (QStringList { QString::fromUtf8("0–2 ×3"), QString::fromUtf8("3–60 ×58") }));
        const QModelIndex moe = model.index(1, 0, layers);
        QCOMPARE(moe.data(ModuleTreeModel::InstancesRole).toLongLong(), 58);
        QCOMPARE(model.index(0, 0, moe).data().toString(), QStringLiteral("3"));
        const QModelIndex experts = model.indexForName(QStringLiteral("model.layers.10.mlp.experts.255"));
        QVERIFY(experts.isValid());
        QCOMPARE(experts.data().toString(), QStringLiteral("experts.255"));
        QCOMPARE(experts.parent().data().toString(), QString::fromUtf8("experts.0–255 ×256"));
        QCOMPARE(experts.parent().data(ModuleTreeModel::InstancesRole).toLongLong(), 256);
        // Parameters: the published 671,026,404,352 (SOURCES.md).
        QCOMPARE(sortNumber(model.index(0, 0), ModuleTreeModel::ParamsColumn), 671026404352LL);
        // The first instance of the shared expert node is expert 0 of layer 3.
        const auto node = experts.data(ModuleTreeModel::NodeIdRole).toUInt();
        QCOMPARE(
            QString::fromStdString(*model.firstInstanceName(node)), QStringLiteral("model.layers.3.mlp.experts.0"));
        QCOMPARE(model.firstIndexForNode(node).data(ModuleTreeModel::FullNameRole).toString(),
            QStringLiteral("model.layers.3.mlp.experts.0"));
    }

    void sorting()
    {
        ModuleTreeModel model;
        ModuleTreeProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128)));
        const QModelIndex layerSource = model.indexForName(QStringLiteral("model.layers.0"));
        proxy.sort(ModuleTreeModel::FlopsColumn, Qt::DescendingOrder);
        const QModelIndex layer = proxy.mapFromSource(layerSource);
        // At T = 128 the MLP (3 * 2*T*h*11008 = 34.6 GFLOPs) outweighs attention (4 * 2*T*h*h = 17.2 GFLOPs plus
        // the score matmuls), and both outweigh the norms.
        QCOMPARE(childNames(proxy, layer).mid(0, 2), (QStringList { "mlp", "self_attn" }));
        const QModelIndex mlp = proxy.index(0, 0, layer);
        // The three projections (equal FLOPs) before the activation.
        QCOMPARE(childNames(proxy, mlp).last(), QStringLiteral("act_fn"));
        proxy.sort(ModuleTreeModel::FlopsColumn, Qt::AscendingOrder);
        QCOMPARE(childNames(proxy, proxy.mapFromSource(layerSource)).mid(2), (QStringList { "self_attn", "mlp" }));
        // Sorting by the module column restores named_modules() order.
        proxy.sort(ModuleTreeModel::NameColumn, Qt::AscendingOrder);
        QCOMPARE(childNames(proxy, proxy.mapFromSource(layerSource)),
            (QStringList { "self_attn", "mlp", "input_layernorm", "post_attention_layernorm" }));
    }

    void filtering()
    {
        ModuleTreeModel model;
        ModuleTreeProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128)));

        proxy.setFilterText(QStringLiteral("down_proj"));
        QStringList rows;
        collect(proxy, {}, rows);
        QStringList matched = rows.filter(QStringLiteral("down_proj"));
        QCOMPARE(matched.size(), 32);
        QVERIFY(matched.contains(QStringLiteral("model.layers.17.mlp.down_proj")));
        QVERIFY(rows.filter(QStringLiteral("q_proj")).isEmpty());
        QVERIFY(rows.contains(QStringLiteral("model.layers.17.mlp"))); // ancestors stay
        QVERIFY(!rows.contains(QStringLiteral("lm_head")));

        // By class, case-insensitive; a match keeps its descendants.
        proxy.setFilterText(QStringLiteral("llamamlp"));
        rows.clear();
        collect(proxy, {}, rows);
        QVERIFY(rows.contains(QStringLiteral("model.layers.3.mlp.gate_proj")));
        QVERIFY(!rows.contains(QStringLiteral("model.layers.3.self_attn")));

        proxy.setFilterText(QString());
        rows.clear();
        collect(proxy, {}, rows);
        QCOMPARE(rows.size(), 1 + 1 + 1 + 1 + 32 * 13 + 1 + 1 + 1); // every row again (the run's row included)
    }

    // A database without torch.nn.SiLU: the activations have no entry and the MLP's template fails. Only those
    // rows (and where they are) remain under "warnings only".
    void warningsFilter()
    {
        ModuleTreeModel model;
        ModuleTreeProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto loaded = db::LayeredDatabase::withBuiltin(QString());
        QVERIFY(std::holds_alternative<db::LayeredDatabase>(loaded));
        auto specs = std::get<db::LayeredDatabase>(loaded).moduleSpecs();
        std::erase_if(specs, [](const formula::ModuleSpec& s) { return s.key == "torch__nn__SiLU"; });
        auto library = std::make_shared<const formula::Library>(formula::Library::build(specs));
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128), "nvidia-h100-sxm", library));

        const QModelIndex act = model.indexForName(QStringLiteral("model.layers.5.mlp.act_fn"));
        QVERIFY(!act.data(ModuleTreeModel::WarningRole).toString().isEmpty());
        QVERIFY(!act.data(Qt::DecorationRole).isNull());
        QVERIFY(
            model.indexForName(QStringLiteral("model.layers.5.mlp")).data(ModuleTreeModel::IncompleteRole).toBool());
        QVERIFY(model.indexForName(QStringLiteral("model.layers.5.mlp.act_fn"))
                    .siblingAtColumn(ModuleTreeModel::NameColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("\u26a0")));
        QVERIFY(!model.indexForName(QStringLiteral("model.layers.5.self_attn"))
                     .data(ModuleTreeModel::IncompleteRole)
                     .toBool());

        proxy.setWarningsOnly(true);
        QStringList rows;
        collect(proxy, {}, rows);
        QCOMPARE(rows.filter(QRegularExpression(QStringLiteral("act_fn$"))).size(), 32);
        QVERIFY2(rows.filter(QStringLiteral("self_attn")).isEmpty(), qPrintable(rows.join(QLatin1Char(' ')).left(600)));
        QVERIFY(rows.filter(QStringLiteral("lm_head")).isEmpty());
        proxy.setFilterText(QStringLiteral("layers.4."));
        rows.clear();
        collect(proxy, {}, rows);
        QVERIFY(rows.contains(QStringLiteral("model.layers.4.mlp.act_fn")));
        QVERIFY(!rows.contains(QStringLiteral("model.layers.5.mlp.act_fn")));
    }

    void selfCosts()
    {
        ModuleTreeModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSnapshot(snapshot(loadModel("meta-llama/Llama-2-7b-hf"), prefill(128)));
        const QModelIndex root = model.index(0, 0);
        const QModelIndex q = model.indexForName(QStringLiteral("model.layers.0.self_attn.q_proj"));
        const qlonglong rootInclusive = sortNumber(root, ModuleTreeModel::MatmulFlopsColumn);
        const qlonglong qInclusive = sortNumber(q, ModuleTreeModel::MatmulFlopsColumn);
        QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
        model.setSelfCosts(true);
        QCOMPARE(layout.size(), 1);
        QCOMPARE(
            model.headerData(ModuleTreeModel::FlopsColumn, Qt::Horizontal).toString(), QStringLiteral("FLOPs (self)"));
        // The model class has no entry of its own: its work is all inside. A leaf's self is all of it.
        QCOMPARE(sortNumber(root, ModuleTreeModel::MatmulFlopsColumn), 0);
        QCOMPARE(sortNumber(q, ModuleTreeModel::MatmulFlopsColumn), qInclusive);
        // The attention's own matmuls: QK^T and AV, 2 * 2*32*128*128*128.
        QCOMPARE(sortNumber(q.parent(), ModuleTreeModel::MatmulFlopsColumn), 2LL * (2 * 32 * 128 * 128 * 128));
        model.setSelfCosts(false);
        QCOMPARE(sortNumber(root, ModuleTreeModel::MatmulFlopsColumn), rootInclusive);
    }

    // Settings change: same model, new figures. The view keeps what is expanded and selected.
    void reanalysisKeepsView()
    {
        ModuleTreeModel model;
        ModuleTreeProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto llama = loadModel("meta-llama/Llama-2-7b-hf");
        model.setSnapshot(snapshot(llama, prefill(128)));
        QTreeView view;
        view.setModel(&proxy);
        view.setSortingEnabled(true);
        view.sortByColumn(ModuleTreeModel::FlopsColumn, Qt::DescendingOrder);
        const QModelIndex mlp = proxy.mapFromSource(model.indexForName(QStringLiteral("model.layers.2.mlp")));
        for (QModelIndex p = mlp; p.isValid(); p = p.parent())
            view.expand(p);
        view.setCurrentIndex(mlp);
        const qlonglong before = sortNumber(model.index(0, 0), ModuleTreeModel::FlopsColumn);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setSnapshot(snapshot(llama, prefill(2048)));
        QCOMPARE(reset.size(), 0);
        QVERIFY(sortNumber(model.index(0, 0), ModuleTreeModel::FlopsColumn) > 16 * before);
        const QModelIndex current = view.currentIndex();
        QCOMPARE(current.data(ModuleTreeModel::FullNameRole).toString(), QStringLiteral("model.layers.2.mlp"));
        for (QModelIndex p = current; p.isValid(); p = p.parent())
            QVERIFY2(view.isExpanded(p), qPrintable(p.data(ModuleTreeModel::FullNameRole).toString()));
        QVERIFY(!view.isExpanded(proxy.mapFromSource(model.indexForName(QStringLiteral("model.layers.3")))));

        // Another model: a reset.
        model.setSnapshot(snapshot(loadModel("openai-community/gpt2"), prefill(128)));
        QCOMPARE(reset.size(), 1);
        QCOMPARE(model.index(0, 0).siblingAtColumn(ModuleTreeModel::ClassColumn).data().toString(),
            QStringLiteral("GPT2LMHeadModel"));
        // No device: no time, no bound.
        model.setSnapshot(snapshot(loadModel("openai-community/gpt2"), prefill(128), nullptr));
        QCOMPARE(model.index(0, ModuleTreeModel::TimeColumn).data().toString(), QString::fromUtf8("–"));
        model.setSnapshot(nullptr);
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestModuleTreeModel)
#include "tst_moduletreemodel.moc"
