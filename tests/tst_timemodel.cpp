// SPDX-License-Identifier: GPL-3.0-or-later
// The expected-time model against measured kernel times (resources/calibration), the roofline bound as a true lower
// bound, and the fused and eager execution models on real architectures.
#include "analysis/analysis.h"
#include "analysis/generation.h"
#include "analysis/timemodel.h"
#include "testworkspace.h"

#include <QFile>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>

using namespace lmp;
using analysis::Kind;

namespace {

struct Op
{
    std::string device; // vidur's folder
    std::string model;
    std::string name; // qkv, o_proj, gate_up, down, act, norm
    double tokens = 0;
    bool gemm = false;
    double m = 0, n = 0, k = 0; // a GEMM's shape
    double bytes = 0; // a streaming kernel's traffic as it runs
    double minimumBytes = 0; // its inputs and outputs once
    double rows = 0; // row-wise kernels: one thread block per row; 0 for a plain elementwise kernel
    double measured = 0; // seconds
};

// The operations of resources/calibration/vidur_mlp_tp1.csv, one per measured median (fp16, 2 bytes).
std::vector<Op> measuredOperations()
{
    QFile f(QStringLiteral(LMP_RESOURCES_DIR "/calibration/vidur_mlp_tp1.csv"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    const QStringList header = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
    std::vector<Op> ops;
    while (!f.atEnd()) {
        const QStringList cells = QString::fromUtf8(f.readLine()).trimmed().split(QLatin1Char(','));
        if (cells.size() != header.size())
            continue;
        auto cell = [&](const char* name) { return cells[header.indexOf(QLatin1String(name))]; };
        const double t = cell("num_tokens").toDouble(), heads = cell("n_head").toDouble();
        const double kvHeads = cell("n_kv_head").toDouble(), h = cell("n_embd").toDouble();
        const double inter = cell("n_expanded_embd").toDouble();
        const bool gated = cell("use_gated_mlp") == QLatin1String("True");
        const double d = h / heads;
        auto add = [&](const char* name, const char* column, Op op) {
            const QString v = cell(column);
            if (v.isEmpty())
                return;
            op.device = cell("device").toStdString();
            op.model = cell("model").toStdString();
            op.name = name;
            op.tokens = t;
            op.measured = v.toDouble() * 1e-3;
            ops.push_back(op);
        };
        add("qkv", "attn_pre_proj_median_ms", { .gemm = true, .m = t, .n = (heads + 2 * kvHeads) * d, .k = h });
        add("o_proj", "attn_post_proj_median_ms", { .gemm = true, .m = t, .n = h, .k = heads * d });
        add("gate_up", "mlp_up_proj_median_ms", { .gemm = true, .m = t, .n = (gated ? 2 : 1) * inter, .k = h });
        add("down", "mlp_down_proj_median_ms", { .gemm = true, .m = t, .n = h, .k = inter });
        // SiluAndMul reads gate and up and writes their product, one block per token; phi-2 runs torch's GELU.
        if (gated)
            add("act", "mlp_act_median_ms", { .bytes = 6 * t * inter, .minimumBytes = 6 * t * inter, .rows = t });
        else
            add("act", "mlp_act_median_ms", { .bytes = 4 * t * inter, .minimumBytes = 4 * t * inter });
        // RMSNorm: one block per token, the input read twice (variance, then normalize), the weight once.
        for (const char* column : { "input_layernorm_median_ms", "post_attention_layernorm_median_ms" })
            add("norm", column, { .bytes = 2 * (3 * t * h + h), .minimumBytes = 2 * (2 * t * h + h), .rows = t });
    }
    return ops;
}

const hardware::Profile& profileOf(const std::string& device)
{
    static const std::map<std::string, std::string> ids { { "a100", "nvidia-a100-80gb" }, { "h100", "nvidia-h100-sxm" },
        { "a40", "nvidia-a40" } };
    const auto* p = test::workspace().catalogue.find(ids.at(device));
    if (!p)
        qFatal("no profile for %s", device.c_str());
    return *p;
}

double predicted(const Op& op)
{
    const auto& hw = profileOf(op.device);
    if (op.gemm)
        return analysis::gemmKernelSeconds(
            hw, 2 * op.m * op.n * op.k, 2 * (op.m * op.k + op.k * op.n + op.m * op.n), hw.matrixPeak("fp16"));
    return analysis::streamKernelSeconds(hw, op.bytes, op.rows);
}

double bound(const Op& op)
{
    const auto& hw = profileOf(op.device);
    if (op.gemm)
        return analysis::boundSeconds(hw, 2 * op.m * op.n * op.k, hw.matrixPeak("fp16"), 0, 0,
            2 * (op.m * op.k + op.k * op.n + op.m * op.n), 2 * op.k * op.n);
    return analysis::boundSeconds(hw, 0, 0, 0, 0, op.minimumBytes, 0);
}

struct Accuracy
{
    std::size_t count = 0;
    double medianError = 0; // |predicted / measured - 1|
    double within20 = 0; // share of operations within 20%
};

Accuracy accuracy(const std::vector<const Op*>& ops)
{
    std::vector<double> errors;
    for (const Op* op : ops)
        errors.push_back(std::abs(predicted(*op) / op->measured - 1));
    std::sort(errors.begin(), errors.end());
    Accuracy a;
    a.count = errors.size();
    if (errors.empty())
        return a;
    a.medianError = errors[errors.size() / 2];
    a.within20 = static_cast<double>(std::count_if(errors.begin(), errors.end(), [](double e) { return e <= 0.2; }))
        / static_cast<double>(errors.size());
    return a;
}

const std::string kReserved = "meta-llama/Llama-2-7b-hf";

} // namespace

class TstTimeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_ops = measuredOperations();
        QVERIFY(m_ops.size() > 30000);
    }

    // The profiles the calibration fitted say so, and where the values come from.
    void fittedProfiles_data()
    {
        QTest::addColumn<QString>("device");
        QTest::newRow("a100") << "a100";
        QTest::newRow("h100") << "h100";
        QTest::newRow("a40") << "a40";
    }
    void fittedProfiles()
    {
        QFETCH(QString, device);
        const auto& p = profileOf(device.toStdString()).performance;
        QVERIFY(p.fitted);
        QVERIFY(p.fit.find("fit_time_model.py") != std::string::npos);
        QVERIFY(p.fit.find(kReserved + " reserved") != std::string::npos);
        QVERIFY(p.gemmEfficiency > 0.3 && p.gemmEfficiency <= 1);
        QVERIFY(p.memoryEfficiency > 0.2 && p.memoryEfficiency <= 1);
        // The launch costs are not measured by kernel timings: they stay the documented defaults and say so.
        QVERIFY(std::find(p.defaulted.begin(), p.defaulted.end(), "launch_s") != p.defaulted.end());
        // A device without measurements runs on the defaults, marked as such.
        const auto* l4 = test::workspace().catalogue.find("nvidia-l4");
        QVERIFY(l4);
        QVERIFY(!l4->performance.fitted);
        QCOMPARE(l4->performance.defaulted.size(), std::size_t(8));
    }

    // The held-out check: the reserved Llama-2-7B kernels (A100 and H100, every token count, every operation) in
    // the fused model, which no parameter was fitted to. Target: 80% within 20% of the measured median.
    void reservedData()
    {
        std::vector<const Op*> reserved, calibration;
        std::map<std::string, std::vector<const Op*>> byOperation, byDevice;
        for (const Op& op : m_ops) {
            if (op.model == kReserved) {
                if (op.device == "a40")
                    continue; // the held-out set is A100 and H100; A40 is reported below
                reserved.push_back(&op);
                byOperation[op.name].push_back(&op);
                byDevice[op.device].push_back(&op);
            } else {
                calibration.push_back(&op);
            }
        }
        const Accuracy cal = accuracy(calibration);
        const Accuracy held = accuracy(reserved);
        qInfo("calibration data: %zu operations, median error %.1f%%, %.1f%% within 20%%", cal.count,
            100 * cal.medianError, 100 * cal.within20);
        qInfo("reserved Llama-2-7B (A100, H100): %zu operations, median error %.1f%%, %.1f%% within 20%%", held.count,
            100 * held.medianError, 100 * held.within20);
        for (const auto& [name, ops] : byOperation) {
            const Accuracy a = accuracy(ops);
            qInfo("  %-8s %4zu operations, median error %5.1f%%, %5.1f%% within 20%%", name.c_str(), a.count,
                100 * a.medianError, 100 * a.within20);
        }
        for (const auto& [name, ops] : byDevice) {
            const Accuracy a = accuracy(ops);
            qInfo("  %-8s %4zu operations, median error %5.1f%%, %5.1f%% within 20%%", name.c_str(), a.count,
                100 * a.medianError, 100 * a.within20);
        }
        std::vector<const Op*> a40;
        for (const Op& op : m_ops) {
            if (op.model == kReserved && op.device == "a40")
                a40.push_back(&op);
        }
        const Accuracy a40Accuracy = accuracy(a40);
        qInfo("reserved Llama-2-7B on A40: %zu operations, median error %.1f%%, %.1f%% within 20%%", a40Accuracy.count,
            100 * a40Accuracy.medianError, 100 * a40Accuracy.within20);
        QCOMPARE(held.count, std::size_t(2 * 259 * 7));
        QVERIFY2(held.within20 >= 0.80, qPrintable(QString::number(held.within20)));
        QVERIFY(cal.within20 >= 0.80);
    }

    // The roofline bound never exceeds a measurement: datasheet peaks and each kernel's minimum traffic.
    void boundBelowEveryMeasurement()
    {
        std::size_t above = 0;
        double worst = 0;
        for (const Op& op : m_ops) {
            const double b = bound(op);
            QVERIFY(b >= 0);
            QVERIFY(!op.gemm || b > 0); // a GEMM streams its weights from memory at least
            if (b > op.measured) {
                ++above;
                worst = std::max(worst, b / op.measured);
            }
        }
        QVERIFY2(
            above == 0, qPrintable(QStringLiteral("%1 bounds above the measurement, worst %2x").arg(above).arg(worst)));
    }

    // The fused analysis of the reserved model runs exactly the measured kernels: one QKV GEMM, one gate/up GEMM,
    // SiluAndMul, RMSNorm with its two input passes; its times are the kernel formulas' on those shapes.
    void fusedAnalysisRunsTheMeasuredKernels_data()
    {
        QTest::addColumn<qint64>("tokens");
        QTest::newRow("1") << qint64(1);
        QTest::newRow("128") << qint64(128);
        QTest::newRow("2048") << qint64(2048);
    }
    void fusedAnalysisRunsTheMeasuredKernels()
    {
        QFETCH(qint64, tokens);
        const auto model =
            test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/meta-llama__Llama-2-7b-hf.json"));
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        analysis::Settings s;
        s.execution = analysis::Execution::Fused;
        s.seq = tokens;
        s.actDtype = s.kvDtype = analysis::Dtype::FP16;
        const auto r = analysis::analyze(model->tree, *test::workspace().library, s, &hw);
        const auto& tree = model->tree;
        const model::Node* layer = tree.find("model.layers.0");
        const model::Node* attn = tree.find("model.layers.0.self_attn");
        const model::Node* mlp = tree.find("model.layers.0.mlp");
        QVERIFY(layer && attn && mlp);
        const auto idOf = [&](const model::Node* n) { return static_cast<model::NodeId>(n - &tree.node(0)); };
        auto childTime = [&](const model::Node* parent, const char* name) {
            for (std::size_t i = 0; i < parent->children.size(); ++i) {
                if (parent->children[i].name == name)
                    return analysis::instanceTime(r, *parent, idOf(parent), i).expected;
            }
            qFatal("no child %s", name);
        };
        const double t = static_cast<double>(tokens), h = 4096, inter = 11008;
        const double peak = hw.matrixPeak("fp16");
        auto gemm = [&](double m, double n, double k) {
            return analysis::gemmKernelSeconds(hw, 2 * m * n * k, 2 * (m * k + k * n + m * n), peak);
        };
        const double qkv = childTime(attn, "q_proj") + childTime(attn, "k_proj") + childTime(attn, "v_proj");
        QCOMPARE(qkv, gemm(t, 3 * h, h));
        QCOMPARE(childTime(attn, "o_proj"), gemm(t, h, h));
        QCOMPARE(childTime(mlp, "gate_proj") + childTime(mlp, "up_proj"), gemm(t, 2 * inter, h));
        QCOMPARE(childTime(mlp, "down_proj"), gemm(t, h, inter));
        QCOMPARE(childTime(mlp, "act_fn"), analysis::streamKernelSeconds(hw, 6 * t * inter, t));
        QCOMPARE(childTime(layer, "input_layernorm"), analysis::streamKernelSeconds(hw, 2 * (3 * t * h + h), t));
        // The MLP is its four kernels: the product runs inside SiluAndMul.
        QCOMPARE(r.node(idOf(mlp)).expectedSeconds,
            gemm(t, 2 * inter, h) + analysis::streamKernelSeconds(hw, 6 * t * inter, t) + gemm(t, h, inter));
        QCOMPARE(r.node(idOf(mlp)).kernels, 3.0);
    }

    // The choice of execution changes times, never FLOPs; the bound is never above the expected time.
    void executionKeepsFlops_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("phase");
        for (const char* c : { "meta-llama__Llama-3.1-8B", "Qwen__Qwen3-30B-A3B", "deepseek-ai__DeepSeek-V3",
                 "openai-community__gpt2", "mistralai__Mixtral-8x7B-v0.1" }) {
            QTest::newRow((std::string(c) + " prefill").c_str()) << c << "prefill";
            QTest::newRow((std::string(c) + " decode").c_str()) << c << "decode";
        }
    }
    void executionKeepsFlops()
    {
        QFETCH(QString, config);
        QFETCH(QString, phase);
        const auto model = test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/") + config + ".json");
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        auto settings =
            std::get<analysis::Settings>(analysis::settingsFromOptions({ { "phase", phase.toStdString() } }));
        settings.execution = analysis::Execution::Eager;
        const auto eager = analysis::analyze(model->tree, *test::workspace().library, settings, &hw);
        settings.execution = analysis::Execution::Fused;
        const auto fused = analysis::analyze(model->tree, *test::workspace().library, settings, &hw);
        const auto& e = eager.node(model->tree.root());
        const auto& f = fused.node(model->tree.root());
        QCOMPARE(f.inclusive[Kind::Flops]->toString(), e.inclusive[Kind::Flops]->toString());
        QCOMPARE(f.inclusive[Kind::MatmulFlops]->toString(), e.inclusive[Kind::MatmulFlops]->toString());
        for (const auto* r : { &eager, &fused }) {
            for (model::NodeId id = 0; id < model->tree.storedNodes(); ++id) {
                const auto& n = r->node(id);
                QVERIFY2(n.seconds <= n.expectedSeconds * (1 + 1e-12),
                    qPrintable(QString::fromStdString(model->tree.node(id).classPath)));
            }
        }
        QVERIFY(f.expectedSeconds > 0);
        QVERIFY(f.kernels < e.kernels); // fusion launches fewer kernels
    }

    // fp32 matmuls run at the fp32 rate unless TF32 is on.
    void tf32()
    {
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        QCOMPARE(hw.matrixPeak("fp32"), 66.9e12); // no fp32 matrix mode: the CUDA cores' rate
        QCOMPARE(hw.matrixPeak("tf32"), 494.7e12);
        analysis::Settings s;
        s.actDtype = analysis::Dtype::FP32;
        QCOMPARE(analysis::matrixDtypeKey(s), std::string("fp32"));
        s.tf32 = true;
        QCOMPARE(analysis::matrixDtypeKey(s), std::string("tf32"));
        analysis::Figures f = analysis::zeroFigures();
        f[Kind::Flops] = f[Kind::MatmulFlops] = formula::Number::integer(669'000'000'000);
        QCOMPARE(analysis::rooflineSeconds(f, hw, analysis::Dtype::FP32), 0.01);
        QCOMPARE(analysis::rooflineSeconds(f, hw, analysis::Dtype::FP32, true), 669e9 / 494.7e12);
        const auto bad = analysis::settingsFromOptions({ { "tf32", "yes" } });
        QVERIFY(std::holds_alternative<std::string>(bad));
        const auto badExecution = analysis::settingsFromOptions({ { "execution", "graph" } });
        QCOMPARE(std::get<std::string>(badExecution), std::string("--execution is eager or fused, not 'graph'"));
    }

    // lmp generate's figures for Llama-3.1-8B on an H100, prompt 1,024, 256 tokens, derived by hand from the
    // per-step analyses: TTFT is the prefill (LM head on the last position), TPOT the mean of the 255 decode steps
    // on caches of 1,024 .. 1,278 tokens.
    void generationByHand()
    {
        const auto model =
            test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/meta-llama__Llama-3.1-8B.json"));
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        const auto& library = *test::workspace().library;
        analysis::Settings base;
        base.execution = analysis::Execution::Fused;
        analysis::GenerationOptions o;
        o.prompt = 1024;
        o.tokens = 256;
        const auto g = analysis::generate(model->tree, library, base, hw, o);

        analysis::Settings prefill = base;
        prefill.seq = 1024;
        prefill.logitsLastOnly = true;
        const double ttft = analysis::analyze(model->tree, library, prefill, &hw).expectedSeconds;
        double decode = 0, first = 0, last = 0;
        for (int k = 1; k <= 255; ++k) {
            analysis::Settings step = base;
            step.phase = analysis::Phase::Decode;
            step.seq = 1;
            step.past = 1024 + k - 1;
            step.logitsLastOnly = true;
            const double t = analysis::analyze(model->tree, library, step, &hw).expectedSeconds;
            decode += t;
            (k == 1 ? first : last) = t;
        }
        QCOMPARE(g.ttft, ttft);
        QCOMPARE(g.tpot, decode / 255);
        QCOMPARE(g.tpotFirst, first);
        QCOMPARE(g.tpotLast, last);
        QCOMPARE(g.endToEnd, ttft + decode);
        QCOMPARE(g.tokensPerSecond, 256 / (ttft + decode));
        QCOMPARE(g.analysedSteps, 256);
        QVERIFY(!g.sampled);
        QCOMPARE(g.steps.size(), std::size_t(256));
        // The cache after the last step: 2 (K, V) x 32 layers x 8 KV heads x 128 x 1,279 tokens x 2 bytes.
        QCOMPARE(g.kvCacheBytes->toString(), std::string("167641088"));
        // A decode step reads every weight but the embedding table (a gather of one row) once: its bound is at
        // least (8,030,261,248 - 128,256 x 4,096) x 2 bytes over 3.35 TB/s.
        QVERIFY(g.tpotRoofline >= (8030261248.0 - 128256.0 * 4096) * 2 / 3.35e12);
        QVERIFY(g.tpot > g.tpotRoofline);
        QVERIFY(last > first); // the step grows with the cache
        // The cache grows by 2 x 32 x 8 x 128 x 2 = 131,072 bytes a token until the footprint fills 80 GiB.
        QVERIFY(g.contextAtMemory);
        const double perToken = 131072;
        QVERIFY(std::abs(static_cast<double>(*g.contextAtMemory)
                    - (1279 + (hw.memoryBytes - g.footprintBytes->toDouble()) / perToken))
            <= 1);
    }

    // A long generation analyses evenly spaced steps and interpolates between them: exact at every analysed step.
    void generationSampled()
    {
        const auto model =
            test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/meta-llama__Llama-3.1-8B.json"));
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        analysis::GenerationOptions o;
        o.prompt = 128;
        o.tokens = 4096;
        const auto g = analysis::generate(model->tree, *test::workspace().library, {}, hw, o);
        QVERIFY(g.sampled);
        QCOMPARE(g.analysedSteps, 1 + 65);
        QCOMPARE(g.steps.size(), std::size_t(4096));
        analysis::Settings step;
        step.phase = analysis::Phase::Decode;
        step.seq = 1;
        step.past = 128 + 4095 - 1;
        step.logitsLastOnly = true;
        QCOMPARE(g.steps.back().seconds,
            analysis::analyze(model->tree, *test::workspace().library, step, &hw).expectedSeconds);
        QVERIFY(g.steps.back().analysed);
        QVERIFY(!g.steps[2].analysed);
        QVERIFY(!g.notes.empty());
        QVERIFY(!analysis::generationProblem({ .prompt = 0 }).empty());
        QVERIFY(!analysis::generationProblem({ .tokens = 0 }).empty());
    }

    // DeepSeek-V3 in a fused engine keeps MLA's latent: 61 layers x (512 + 64) values x 4,096 tokens x 2 bytes,
    // where transformers keeps 61 x 128 heads x (192 + 128) x 4,096 x 2. Both attention products are shown.
    void mlaLatentCache()
    {
        const auto model =
            test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/deepseek-ai__DeepSeek-V3.json"));
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        auto s = std::get<analysis::Settings>(
            analysis::settingsFromOptions({ { "phase", "decode" }, { "past", "4095" }, { "weight-dtype", "fp8" } }));
        const auto eager = analysis::analyze(model->tree, *test::workspace().library, s, &hw);
        s.execution = analysis::Execution::Fused;
        const auto fused = analysis::analyze(model->tree, *test::workspace().library, s, &hw);
        QCOMPARE(eager.kvCacheBytes->toString(), std::to_string(61LL * 128 * (192 + 128) * 4096 * 2));
        QCOMPARE(fused.kvCacheBytes->toString(), std::to_string(61LL * (512 + 64) * 4096 * 2));
        // Decode absorbs kv_b_proj: per layer 2 x 128 heads x (512 x (128 + 128) + 4,096 x (2 x 512 + 64)).
        const auto absorbed = std::to_string(61LL * 2 * 128 * (512LL * 256 + 4096LL * 1088));
        const auto reference = std::to_string(61LL * 2 * 128 * (512LL * 256 + 4096LL * 320));
        QVERIFY(std::any_of(fused.notes.begin(), fused.notes.end(), [&](const std::string& n) {
            return n.find(absorbed) != std::string::npos && n.find(reference) != std::string::npos;
        }));
        // The figures still count transformers' products; the fused decode reads the latent, so it is faster.
        QCOMPARE(fused.node(model->tree.root()).inclusive[Kind::Flops]->toString(),
            eager.node(model->tree.root()).inclusive[Kind::Flops]->toString());
        QVERIFY(fused.node(model->tree.root()).seconds < eager.node(model->tree.root()).seconds);
    }

    // Routed experts launch only when a token is routed to them: in a decode step of DeepSeek-V3 each of the 256
    // experts of a layer runs with chance 1 - (1 - 8/256)^1 = 1/32, so eager PyTorch launches 256 / 32 = 8 experts'
    // five kernels (gate, up, act, the product, down); a fused engine runs the layer's experts as grouped kernels
    // (gate, up, act and down: the product runs inside the activation).
    void routedExperts()
    {
        const auto model =
            test::loadModel(QStringLiteral(LMP_SHARED_DATA_DIR "/configs/deepseek-ai__DeepSeek-V3.json"));
        const auto& tree = model->tree;
        const auto& hw = *test::workspace().catalogue.find("nvidia-h100-sxm");
        const model::Node* list = tree.find("model.layers.3.mlp.experts");
        const model::Node* expert = tree.find("model.layers.3.mlp.experts.0");
        QVERIFY(list && expert);
        const auto idOf = [&](const model::Node* n) { return static_cast<model::NodeId>(n - &tree.node(0)); };
        auto s = std::get<analysis::Settings>(analysis::settingsFromOptions({ { "phase", "decode" } }));
        const auto eager = analysis::analyze(tree, *test::workspace().library, s, &hw);
        QCOMPARE(eager.node(idOf(expert)).routedShare, 1.0 / 32);
        QCOMPARE(eager.node(idOf(expert)).fullKernels, 5.0);
        QCOMPARE(eager.node(idOf(list)).kernels, 40.0);
        s.execution = analysis::Execution::Fused;
        const auto fused = analysis::analyze(tree, *test::workspace().library, s, &hw);
        QCOMPARE(fused.node(idOf(list)).kernels, 4.0);
        QCOMPARE(fused.node(idOf(list)).floorSeconds, fused.node(idOf(expert)).fullFloorSeconds);
        // A prefill of 2,048 tokens routes some token to every expert: 256 x 5 launches in eager.
        s = std::get<analysis::Settings>(analysis::settingsFromOptions({ { "phase", "prefill" } }));
        const auto prefill = analysis::analyze(tree, *test::workspace().library, s, &hw);
        QVERIFY(std::abs(prefill.node(idOf(list)).kernels - 1280.0) < 1e-6);
    }

private:
    std::vector<Op> m_ops;
};

QTEST_GUILESS_MAIN(TstTimeModel)
#include "tst_timemodel.moc"
