// SPDX-License-Identifier: GPL-3.0-or-later
// The breakdowns the charts draw: work by class and by layer, instance counts and roofline positions, on real
// models from the built-in catalogue, against figures derived by hand from their configs.

#include "analysis/analysis.h"
#include "analysis/breakdown.h"
#include "analysis/workspace.h"
#include "testworkspace.h"

#include <QStandardPaths>
#include <QTest>

#include <map>
#include <memory>

using namespace lmp;
using analysis::Kind;
using formula::Int;
using formula::Number;

namespace {

using test::workspace;

const model::LoadedModel& loadedModel(const char* id)
{
    static std::map<std::string, std::shared_ptr<const model::LoadedModel>> cache;
    auto& slot = cache[id];
    if (!slot) {
        slot = test::loadModel(QString::fromLatin1(id));
    }
    return *slot;
}

const hardware::Profile& h100()
{
    const hardware::Profile* p = workspace().catalogue.find("nvidia-h100-sxm");
    if (!p)
        qFatal("no nvidia-h100-sxm profile");
    return *p;
}

analysis::Settings prefill(Int seq)
{
    analysis::Settings s;
    s.phase = analysis::Phase::Prefill;
    s.batch = 1;
    s.seq = seq;
    s.past = 0;
    s.weightDtype = s.actDtype = s.kvDtype = analysis::Dtype::BF16;
    s.checkpointWeights = false; // bf16 weights, whatever the checkpoint stores
    return s;
}

analysis::Settings decode(Int past)
{
    analysis::Settings s = prefill(1);
    s.phase = analysis::Phase::Decode;
    s.past = past;
    return s;
}

model::NodeId idOf(const model::ModuleTree& tree, const char* fullName)
{
    const model::Node* n = tree.find(fullName);
    if (!n)
        qFatal("no module %s", fullName);
    return static_cast<model::NodeId>(n - &tree.node(0));
}

Int exact(const std::optional<Number>& n)
{
    if (!n || !n->isInteger())
        qFatal("not an exact integer");
    return n->toInteger();
}

QString str(Int v)
{
    return QString::fromStdString(formula::toString(v));
}

// Llama-2-7B (config.json): hidden 4096, intermediate 11008, 32 layers, 32 heads and 32 KV heads, vocab 32000.
constexpr Int kHidden = 4096, kInter = 11008, kLayers = 32, kVocab = 32000;

} // namespace

class TestBreakdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scaledAndSum();
    void classSharesAddUpToTheModel();
    void linearMatmulFlops();
    void layersInModelOrder();
    void instanceCounts_data();
    void instanceCounts();
    void deepSeekLayers();
    void boundOnH100_data();
    void boundOnH100();
};

void TestBreakdown::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // no user database or hardware folder of the machine's user
}

void TestBreakdown::scaledAndSum()
{
    analysis::Figures f = analysis::zeroFigures();
    f[Kind::Flops] = Number::integer(3);
    f[Kind::Reads] = Number::real(1.5);
    f[Kind::Writes] = std::nullopt;
    const analysis::Figures x32 = analysis::scaled(f, 32);
    QVERIFY(x32[Kind::Flops]->isInteger());
    QCOMPARE(x32[Kind::Flops]->toInteger(), Int(96));
    QCOMPARE(x32[Kind::Reads]->toDouble(), 48.0);
    QVERIFY(!x32[Kind::Writes]);
    const analysis::Figures total = analysis::sum(x32, f);
    QCOMPARE(total[Kind::Flops]->toInteger(), Int(99));
    QVERIFY(!total[Kind::Writes]); // unknown stays unknown
    // Beyond 64 bits the sum stays exact (Int is 128 bits).
    analysis::Figures big = analysis::zeroFigures();
    big[Kind::Flops] = Number::integer(Int(1) << 70);
    QCOMPARE(analysis::sum(big, big)[Kind::Flops]->toInteger(), Int(1) << 71);
}

void TestBreakdown::classSharesAddUpToTheModel()
{
    const model::ModuleTree& tree = loadedModel("meta-llama/Llama-2-7b-hf").tree;
    const auto result = analysis::analyze(tree, *workspace().library, prefill(128), &h100());
    const auto shares = analysis::breakdownByClass(tree, result, &h100(), analysis::Dtype::BF16);
    QVERIFY(!shares.empty());
    Int flops = 0, matmul = 0, params = 0;
    double seconds = 0;
    for (const auto& s : shares) {
        flops += exact(s.self[Kind::Flops]);
        matmul += exact(s.self[Kind::MatmulFlops]);
        params += exact(s.self[Kind::Params]);
        seconds += s.seconds;
    }
    const analysis::NodeAnalysis& root = result.node(tree.root());
    QCOMPARE(str(flops), str(exact(root.inclusive[Kind::Flops])));
    QCOMPARE(str(matmul), str(exact(root.inclusive[Kind::MatmulFlops])));
    QCOMPARE(str(params), QStringLiteral("6738415616")); // the published parameter count
    // The root's expected time sums its children's: the same sum over every instance's own work.
    QVERIFY(qAbs(seconds - root.expectedSeconds) <= 1e-9 * root.expectedSeconds);
    // Largest first.
    for (std::size_t i = 1; i < shares.size(); ++i)
        QVERIFY(shares[i - 1].self[Kind::Flops]->toDouble() >= shares[i].self[Kind::Flops]->toDouble());
    QCOMPARE(shares.front().classPath, std::string("torch.nn.Linear"));
}

void TestBreakdown::linearMatmulFlops()
{
    const model::ModuleTree& tree = loadedModel("meta-llama/Llama-2-7b-hf").tree;
    const auto result = analysis::analyze(tree, *workspace().library, prefill(128), &h100());
    const auto shares = analysis::breakdownByClass(tree, result, &h100(), analysis::Dtype::BF16);
    const auto linear = std::find_if(
        shares.begin(), shares.end(), [](const analysis::ClassShare& s) { return s.classPath == "torch.nn.Linear"; });
    QVERIFY(linear != shares.end());
    // A Linear in->out over T rows: 2*T*in*out. Per layer q, k, v, o are 4096x4096 (32 KV heads: no GQA),
    // gate and up 4096x11008, down 11008x4096; then the LM head 4096x32000. T = batch 1 x 128 tokens.
    const Int T = 128;
    const Int perLayer = 4 * kHidden * kHidden + 3 * kHidden * kInter;
    const Int expected = 2 * T * (kLayers * perLayer + kHidden * kVocab);
    QCOMPARE(str(exact(linear->self[Kind::MatmulFlops])), str(expected));
    QCOMPARE(str(exact(linear->self[Kind::Flops])), str(expected)); // no bias: no work outside the matmul
    QCOMPARE(str(linear->instances), str(7 * kLayers + 1));
}

void TestBreakdown::layersInModelOrder()
{
    const model::ModuleTree& tree = loadedModel("meta-llama/Llama-2-7b-hf").tree;
    const auto result = analysis::analyze(tree, *workspace().library, prefill(128), &h100());
    const auto layers = analysis::breakdownByLayer(tree, result);
    QStringList names;
    QList<int> indices;
    Int flops = 0;
    for (const auto& l : layers) {
        names << QString::fromStdString(l.name);
        indices << l.layerIndex;
        flops += exact(l.inclusive[Kind::Flops]);
        QCOMPARE(l.node, idOf(tree, l.name.c_str()));
    }
    QStringList expected { "model.embed_tokens" };
    QList<int> expectedIndices { -1 };
    for (int i = 0; i < kLayers; ++i) {
        expected << QStringLiteral("model.layers.%1").arg(i);
        expectedIndices << i;
    }
    expected << "model.norm"
             << "model.rotary_emb"
             << "lm_head";
    expectedIndices << -1 << -1 << -1;
    QCOMPARE(names, expected);
    QCOMPARE(indices, expectedIndices);
    QCOMPARE(str(flops), str(exact(result.node(tree.root()).inclusive[Kind::Flops])));
    // The 32 layers are one stored node.
    QCOMPARE(layers[1].node, layers[32].node);
}

void TestBreakdown::instanceCounts_data()
{
    QTest::addColumn<QString>("module");
    QTest::addColumn<qlonglong>("count");
    // Identical modules are one stored node: q, k, v and o (all 4096x4096 without bias) share one, so their
    // node counts 4 per layer; gate and up (4096x11008) share another.
    QTest::addRow("root") << "" << qlonglong(1);
    QTest::addRow("model") << "model" << qlonglong(1);
    QTest::addRow("decoder layer") << "model.layers.0" << qlonglong(kLayers);
    QTest::addRow("attention") << "model.layers.5.self_attn" << qlonglong(kLayers);
    QTest::addRow("q_proj = k = v = o") << "model.layers.0.self_attn.q_proj" << qlonglong(4 * kLayers);
    QTest::addRow("gate_proj = up") << "model.layers.0.mlp.gate_proj" << qlonglong(2 * kLayers);
    QTest::addRow("down_proj") << "model.layers.31.mlp.down_proj" << qlonglong(kLayers);
    QTest::addRow("lm_head") << "lm_head" << qlonglong(1);
    // Two RMSNorms per layer plus the final norm, all of hidden 4096.
    QTest::addRow("RMSNorm") << "model.norm" << qlonglong(2 * kLayers + 1);
}

void TestBreakdown::instanceCounts()
{
    QFETCH(QString, module);
    QFETCH(qlonglong, count);
    const model::ModuleTree& tree = loadedModel("meta-llama/Llama-2-7b-hf").tree;
    const auto counts = analysis::instanceCounts(tree);
    QCOMPARE(counts.size(), tree.storedNodes());
    const model::NodeId id = module.isEmpty() ? tree.root() : idOf(tree, module.toUtf8().constData());
    QCOMPARE(str(counts[id]), str(count));
    // Every instance counted once: the counts of all stored nodes add up to the module count.
    Int total = 0;
    for (Int c : counts)
        total += c;
    QCOMPARE(str(total), str(tree.moduleCount()));
}

void TestBreakdown::deepSeekLayers()
{
    const model::ModuleTree& tree = loadedModel("deepseek-ai/DeepSeek-V3").tree;
    const auto result = analysis::analyze(tree, *workspace().library, decode(1024), &h100());
    const auto layers = analysis::breakdownByLayer(tree, result);
    // num_hidden_layers 61: the decoder layers are listed, not their 256 experts.
    int numbered = 0;
    for (const auto& l : layers) {
        if (l.layerIndex >= 0) {
            QCOMPARE(QString::fromStdString(l.name), QStringLiteral("model.layers.%1").arg(l.layerIndex));
            QCOMPARE(l.layerIndex, numbered);
            ++numbered;
        }
    }
    QCOMPARE(numbered, 61);
    QCOMPARE(layers.size(), std::size_t(1 + 61 + 3)); // embed_tokens, the layers, norm, rotary_emb, lm_head
    // Dense layers 0-2 (first_k_dense_replace 3) and MoE layers 3-60 are two stored nodes.
    QCOMPARE(layers[1].node, layers[3].node);
    QCOMPARE(layers[4].node, layers[61].node);
    QVERIFY(layers[3].node != layers[4].node);
    const auto counts = analysis::instanceCounts(tree);
    QCOMPARE(str(counts[idOf(tree, "model.layers.3.mlp.experts.0")]), str(58 * 256));
}

void TestBreakdown::boundOnH100_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("module");
    QTest::addColumn<bool>("isDecode");
    QTest::addColumn<qlonglong>("tokens"); // rows through the Linear
    QTest::addColumn<qlonglong>("in");
    QTest::addColumn<qlonglong>("out");
    QTest::addColumn<int>("bound");
    // A bf16 Linear over T rows does 2*T*in*out FLOPs and moves at least 2*in*out (weights) + 2*T*(in+out)
    // (activations) bytes: intensity ~ T*in*out / (in*out + T*(in+out)). The H100 SXM's ridge is
    // 989.4e12 / 3.35e12 = 295 FLOP/B. Decode (T = 1): ~1 FLOP/B, far left of the ridge: memory-bound.
    // Prefill of 2048 tokens: o_proj 16384->7168 gives 2048*117.4M / (117.4M + 48.2M) = ~1450 FLOP/B, and
    // Llama-2's 4096x4096 gives 2048*16.8M / (16.8M + 16.8M) = ~1020 FLOP/B: right of it, compute-bound.
    QTest::addRow("DeepSeek-V3 decode o_proj")
        << "deepseek-ai/DeepSeek-V3"
        << "model.layers.0.self_attn.o_proj" << true << 1LL << 16384LL << 7168LL << int(analysis::Bound::Memory);
    QTest::addRow("DeepSeek-V3 decode expert up_proj")
        << "deepseek-ai/DeepSeek-V3"
        << "model.layers.3.mlp.experts.0.up_proj" << true << -1LL << 7168LL << 2048LL << int(analysis::Bound::Memory);
    QTest::addRow("DeepSeek-V3 prefill 2048 o_proj")
        << "deepseek-ai/DeepSeek-V3"
        << "model.layers.0.self_attn.o_proj" << false << 2048LL << 16384LL << 7168LL << int(analysis::Bound::Compute);
    QTest::addRow("Llama-2-7B decode q_proj")
        << "meta-llama/Llama-2-7b-hf"
        << "model.layers.0.self_attn.q_proj" << true << 1LL << 4096LL << 4096LL << int(analysis::Bound::Memory);
    QTest::addRow("Llama-2-7B prefill 2048 q_proj")
        << "meta-llama/Llama-2-7b-hf"
        << "model.layers.0.self_attn.q_proj" << false << 2048LL << 4096LL << 4096LL << int(analysis::Bound::Compute);
}

void TestBreakdown::boundOnH100()
{
    QFETCH(QString, model);
    QFETCH(QString, module);
    QFETCH(bool, isDecode);
    QFETCH(qlonglong, tokens);
    QFETCH(qlonglong, in);
    QFETCH(qlonglong, out);
    QFETCH(int, bound);
    const model::ModuleTree& tree = loadedModel(model.toUtf8().constData()).tree;
    const auto settings = isDecode ? decode(1024) : prefill(2048);
    const auto result = analysis::analyze(tree, *workspace().library, settings, &h100());
    const model::NodeId id = idOf(tree, module.toUtf8().constData());
    const analysis::Figures& f = result.node(id).inclusive;
    const auto pos = analysis::rooflinePosition(f, &h100(), analysis::Dtype::BF16);
    QCOMPARE(int(pos.bound), bound);
    QVERIFY(pos.intensity);
    QVERIFY(pos.seconds > 0);
    QVERIFY(qAbs(pos.attained * pos.seconds - f[Kind::Flops]->toDouble()) <= 1e-6 * f[Kind::Flops]->toDouble());
    const double ridge = 989.4e12 / 3.35e12;
    QVERIFY(bound == int(analysis::Bound::Memory) ? *pos.intensity < ridge : *pos.intensity > ridge);
    if (tokens > 0) {
        // FLOPs exactly 2*T*in*out; intensity at most the hand estimate (the template may count more bytes).
        QCOMPARE(str(exact(f[Kind::Flops])), str(Int(2) * tokens * in * out));
        const double estimate = double(tokens) * in * out / (double(in) * out + double(tokens) * (in + out));
        QVERIFY2(*pos.intensity <= estimate * 1.0001,
            qPrintable(QStringLiteral("%1 > %2").arg(*pos.intensity).arg(estimate)));
        QVERIFY(*pos.intensity > estimate / 2);
    }
}

QTEST_MAIN(TestBreakdown)
#include "tst_breakdown.moc"
