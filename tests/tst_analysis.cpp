// SPDX-License-Identifier: GPL-3.0-or-later
// The analysis over a module tree: entries bound by node params, containers summing children, self work,
// warnings, deferred (token-dependent) params, one evaluation per stored node, roofline time.

#include "analysis/analysis.h"
#include "analysis/workspace.h"
#include "db/layereddatabase.h"
#include "formula/context.h"
#include "formula/library.h"
#include "hardware/hardware.h"
#include "model/architecture.h"
#include "model/modelconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace lmp;
using analysis::Kind;
using formula::Int;
using formula::Number;

namespace {

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(text) == text.size();
}

// A toy family: a model of `layers` identical blocks, each a Linear h->h and a parameter-free activation,
// then a head Linear h->v that runs over `logits_tokens` rows (a deferred param).
const QByteArray kToyArchitecture = R"({
  "format": 1, "architectures": ["ToyForCausalLM"],
  "config": {"required": ["hidden", "layers", "vocab"], "defaults": {}},
  "root": {"class": "toy.ToyForCausalLM", "children": [
    {"name": "blocks", "class": "torch.nn.ModuleList", "repeat": {"count": "${layers}", "index": "i"},
     "item": {"class": "toy.Block", "params": {"hidden": "${hidden}"}, "children": [
        {"name": "proj", "class": "torch.nn.Linear", "params": {"in_features": "${hidden}", "out_features": "${hidden}", "bias": 0}},
        {"name": "act", "class": "toy.Act"}]}},
    {"name": "head", "class": "torch.nn.Linear",
     "params": {"in_features": "${hidden}", "out_features": "${vocab}", "bias": 0, "N": "${logits_tokens}"}}]}
})";

const QByteArray kToyConfig = R"({"architectures": ["ToyForCausalLM"], "hidden": 8, "layers": 3, "vocab": 16})";

formula::ModuleSpec spec(std::string key, std::vector<std::string> params, std::string flops, std::string matmul,
    std::string reads, std::string writes, std::string intermediates)
{
    formula::ModuleSpec s;
    s.key = std::move(key);
    s.flopParameters = std::move(params);
    s.templates[std::size_t(Kind::Flops)] = std::move(flops);
    s.templates[std::size_t(Kind::MatmulFlops)] = std::move(matmul);
    s.templates[std::size_t(Kind::Reads)] = std::move(reads);
    s.templates[std::size_t(Kind::Writes)] = std::move(writes);
    s.templates[std::size_t(Kind::Intermediates)] = std::move(intermediates);
    return s;
}

// Linear as the built-in entry counts it (no bias here); Block = its Linear plus a residual add (T * hidden).
formula::Library toyLibrary()
{
    return formula::Library::build({
        spec("torch.nn.Linear", { "N", "in_features", "out_features", "bias" },
            "2 * ${N} * ${in_features} * ${out_features}", "2 * ${N} * ${in_features} * ${out_features}",
            "${in_features} * ${out_features} * ${w_bytes} + ${N} * ${in_features} * ${a_bytes}",
            "${N} * ${out_features} * ${a_bytes}", "0"),
        spec("toy.Block", { "hidden" },
            "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0) + ${T} * ${hidden}",
            "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0)",
            "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0) + 2 * ${T} * ${hidden} "
            "* ${a_bytes}",
            "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0) + ${T} * ${hidden} * "
            "${a_bytes}",
            "0"),
    });
}

struct Toy
{
    QTemporaryDir dir;
    model::ModuleTree tree;
};

std::unique_ptr<Toy> buildToy()
{
    auto toy = std::make_unique<Toy>();
    const QString archDir = toy->dir.filePath(QStringLiteral("arch"));
    QDir().mkpath(archDir);
    writeText(archDir + QStringLiteral("/toy.json"), kToyArchitecture);
    auto registry = model::ArchitectureRegistry::load({ archDir });
    auto config = model::parseModelConfig(kToyConfig.toStdString(), QStringLiteral("toy/config.json"));
    auto built = std::get<model::ArchitectureRegistry>(registry).build(std::get<model::ModelConfig>(config));
    if (auto* e = std::get_if<model::ModelError>(&built))
        qFatal("%s", e->describe().c_str());
    toy->tree = std::move(std::get<model::ModuleTree>(built));
    return toy;
}

const model::Node* child(const model::ModuleTree& tree, const char* name)
{
    return tree.find(name);
}

model::NodeId idOf(const model::ModuleTree& tree, const char* name)
{
    const model::Node* n = tree.find(name);
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        if (&tree.node(id) == n)
            return id;
    }
    return 0;
}

const formula::Library& builtinLibrary()
{
    static const formula::Library lib = [] {
        auto db = db::LayeredDatabase::withBuiltin(QString());
        if (auto* e = std::get_if<db::DbError>(&db))
            qFatal("%s", e->describe().c_str());
        return formula::Library::build(std::get<db::LayeredDatabase>(db).moduleSpecs());
    }();
    return lib;
}

model::ModuleTree builtinTree(const char* modelId)
{
    static const model::ArchitectureRegistry registry =
        std::get<model::ArchitectureRegistry>(model::ArchitectureRegistry::loadBuiltin());
    auto config = model::loadModelConfig(QString::fromLatin1(modelId));
    if (auto* e = std::get_if<model::ModelError>(&config))
        qFatal("%s", e->describe().c_str());
    auto built = registry.build(std::get<model::ModelConfig>(config));
    if (auto* e = std::get_if<model::ModelError>(&built))
        qFatal("%s", e->describe().c_str());
    return std::move(std::get<model::ModuleTree>(built));
}

// A catalogue model's config with some fields replaced, built by the built-in definitions.
std::variant<model::ModuleTree, model::ModelError> builtinTreeWith(const char* modelId, const nlohmann::json& changes)
{
    static const model::ArchitectureRegistry registry =
        std::get<model::ArchitectureRegistry>(model::ArchitectureRegistry::loadBuiltin());
    auto config = model::loadModelConfig(QString::fromLatin1(modelId));
    if (auto* e = std::get_if<model::ModelError>(&config))
        qFatal("%s", e->describe().c_str());
    auto& c = std::get<model::ModelConfig>(config);
    for (const auto& [k, v] : changes.items())
        c.json[k] = v;
    return registry.build(c);
}

} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void settingsContext_data();
    void settingsContext();
    void inclusiveSelfAndWarnings();
    void deferredParamsFollowSettings();
    void identicalBlocksEvaluatedOnce();
    void rooflineTime();
    void hardwareCatalogue();
    void badHardwareProfile_data();
    void badHardwareProfile();
    void matmulFlopsOfRealModels_data();
    void matmulFlopsOfRealModels();
    void matmulIdentity();
    void everyActivation_data();
    void everyActivation();
    void unknownActivationRefused();
    void boundOfDecodeAndPrefill();
    void kvCache();
    void inactiveSubtreeDoesNoWork();
    void everyPublishedModelIsCovered_data();
    void everyPublishedModelIsCovered();
    void moeWeightsReadByTouchedExperts_data();
    void moeWeightsReadByTouchedExperts();
    void contextHasEveryContextVariable();
    void unreviewedFormulasAreMarked();
    void rejectedEntryIsNotUsed();
    void nodeBindingsAsTheAnalysisBinds();
    void libraryFromReviewedDatabase();
};

void TestAnalysis::settingsContext_data()
{
    QTest::addColumn<int>("phase");
    QTest::addColumn<bool>("logitsLast");
    QTest::addColumn<QString>("expected"); // B S P S_kv T N logits_tokens
    // A prefill with cached tokens continues after them (chunked prefill, a reused prefix): P counts in every phase.
    QTest::addRow("prefill") << int(analysis::Phase::Prefill) << false << "4 512 100 612 2048 2048 2048";
    QTest::addRow("prefill, last logits") << int(analysis::Phase::Prefill) << true << "4 512 100 612 2048 2048 4";
    QTest::addRow("decode") << int(analysis::Phase::Decode) << true << "4 512 100 612 2048 2048 4";
}

void TestAnalysis::settingsContext()
{
    QFETCH(int, phase);
    QFETCH(bool, logitsLast);
    QFETCH(QString, expected);
    analysis::Settings s;
    s.phase = static_cast<analysis::Phase>(phase);
    s.batch = 4;
    s.seq = 512;
    s.past = 100;
    s.logitsLastOnly = logitsLast;
    s.weightDtype = analysis::Dtype::INT4;
    std::map<std::string, std::string> values;
    for (const auto& v : s.context())
        values[v.name] = v.value.toString();
    QStringList got;
    for (const char* name : { "B", "S", "P", "S_kv", "T", "N", "logits_tokens" })
        got << QString::fromStdString(values[name]);
    QCOMPARE(got.join(u' '), expected);
    QCOMPARE(QString::fromStdString(values["w_bytes"]), QStringLiteral("0.5"));
    QCOMPARE(QString::fromStdString(values["a_bytes"]), QStringLiteral("2"));
}

void TestAnalysis::inclusiveSelfAndWarnings()
{
    const auto toy = buildToy();
    const auto lib = toyLibrary();
    analysis::Settings s;
    s.seq = 10; // T = 10
    const auto r = analysis::analyze(toy->tree, lib, s);
    // By hand, h = 8, v = 16, T = 10: Linear h->h = 2*10*8*8 = 1280; Block adds the residual 10*8 = 80.
    const auto& block = r.node(idOf(toy->tree, "blocks.0"));
    QCOMPARE(block.inclusive[Kind::Flops]->toString(), std::string("1360"));
    QCOMPARE(block.self[Kind::Flops]->toString(), std::string("80"));
    QCOMPARE(block.self[Kind::MatmulFlops]->toString(), std::string("0"));
    // Reads: weights 64*2 + input 80*2 = 288, plus the residual's two reads 2*80*2 = 320.
    QCOMPARE(block.inclusive[Kind::Reads]->toString(), std::string("608"));
    // The activation has no entry: a visible warning, the block is incomplete, nothing is invented.
    QVERIFY(!block.complete);
    const auto& act = r.node(idOf(toy->tree, "blocks.0.act"));
    QCOMPARE(act.warnings.size(), std::size_t(1));
    QVERIFY(QString::fromStdString(act.warnings.front()).contains(QStringLiteral("no database entry for toy.Act")));
    // Containers sum their children: 3 blocks and the head (2*10*8*16 = 2560).
    const auto& root = r.node(toy->tree.root());
    QVERIFY(!root.hasEntry);
    QCOMPARE(root.inclusive[Kind::Flops]->toString(), std::string("6640")); // 3 * 1360 + 2560
    QCOMPARE(root.inclusive[Kind::MatmulFlops]->toString(), std::string("6400")); // 3 * 1280 + 2560
}

void TestAnalysis::deferredParamsFollowSettings()
{
    // The head's N is "${logits_tokens}": kept as a formula by the tree, evaluated per analysis.
    const auto toy = buildToy();
    const model::Node* head = child(toy->tree, "head");
    QVERIFY(head);
    QVERIFY(head->param("N"));
    const auto lib = toyLibrary();
    analysis::Settings s;
    s.batch = 2;
    s.seq = 10;
    const auto all = analysis::analyze(toy->tree, lib, s);
    QCOMPARE(all.node(idOf(toy->tree, "head")).inclusive[Kind::Flops]->toString(), std::string("5120")); // 2*20*8*16
    s.logitsLastOnly = true;
    const auto last = analysis::analyze(toy->tree, lib, s);
    QCOMPARE(last.node(idOf(toy->tree, "head")).inclusive[Kind::Flops]->toString(), std::string("512")); // 2*2*8*16
}

void TestAnalysis::identicalBlocksEvaluatedOnce()
{
    const auto toy = buildToy();
    QCOMPARE(toy->tree.find("blocks.0"), toy->tree.find("blocks.2"));
    const auto lib = toyLibrary();
    const auto r = analysis::analyze(toy->tree, lib, analysis::Settings {});
    // One stored block: its proj node (5 kinds), the Block entry (5) and the Linear calls it makes with N bound
    // to T (flops, matmul, reads, writes: 4), then the head (5): 19. Evaluated per instance it would be
    // 3 * 14 + 5 = 47.
    QCOMPARE(r.templateEvaluations, std::uint64_t(19));
}

void TestAnalysis::rooflineTime()
{
    hardware::Profile hw;
    hw.id = "test";
    hw.bandwidth = 1e12;
    hw.matrixFlops["bf16"] = 1e15;
    hw.vectorFlops["bf16"] = 1e14;
    analysis::Figures f;
    f[Kind::Flops] = Number::integer(2'000'000'000'000);
    f[Kind::MatmulFlops] = Number::integer(1'000'000'000'000);
    f[Kind::Reads] = Number::integer(1'000'000'000);
    f[Kind::Writes] = Number::integer(0);
    f[Kind::Intermediates] = Number::integer(0);
    // compute: 1e12 / 1e15 + 1e12 / 1e14 = 0.011 s; memory: 1e9 / 1e12 = 0.001 s.
    QCOMPARE(analysis::rooflineSeconds(f, hw, analysis::Dtype::BF16), 0.011);
    f[Kind::Intermediates] = Number::integer(10'000'000'000); // written and read back: 2e10 bytes = 0.021 s
    QCOMPARE(analysis::rooflineSeconds(f, hw, analysis::Dtype::BF16), 0.021);
    // A dtype without its own peak falls back (int8 -> bf16 here).
    f[Kind::Intermediates] = Number::integer(0);
    QCOMPARE(analysis::rooflineSeconds(f, hw, analysis::Dtype::INT8), 0.011);
}

void TestAnalysis::hardwareCatalogue()
{
    auto loaded = hardware::Catalogue::loadBuiltin();
    QVERIFY(std::holds_alternative<hardware::Catalogue>(loaded));
    const auto& catalogue = std::get<hardware::Catalogue>(loaded);
    for (const char* id : { "nvidia-a100-40gb", "nvidia-a100-80gb", "nvidia-h100-sxm", "nvidia-h100-pcie",
             "nvidia-h200", "nvidia-b200", "nvidia-l4", "nvidia-l40s", "nvidia-rtx-4090", "amd-mi300x",
             "google-tpu-v5e", "apple-m2-ultra", "apple-m3-max" })
        QVERIFY2(catalogue.find(id), id);
    // H100 SXM: 989.4 dense bf16 TFLOP/s and 3.35 TB/s (NVIDIA's datasheet prints 1,979 with sparsity).
    const auto* h100 = catalogue.find("nvidia-h100-sxm");
    QCOMPARE(h100->matrixPeak("bf16"), 989.4e12);
    QCOMPARE(h100->bandwidth, 3.35e12);
}

void TestAnalysis::badHardwareProfile_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::addRow("not JSON") << QByteArray("{") << "not a JSON object";
    QTest::addRow("no id") << QByteArray(R"({"memory_bytes": 1, "memory_bandwidth": 1})") << "id: expected a string";
    QTest::addRow("no bandwidth") << QByteArray(R"({"id": "x", "memory_bytes": 1})") << "memory_bandwidth";
    QTest::addRow("negative peak") << QByteArray(
        R"({"id": "x", "memory_bytes": 1, "memory_bandwidth": 1, "matrix_flops": {"bf16": -5}})")
                                   << "matrix_flops.bf16";
}

void TestAnalysis::badHardwareProfile()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("x.json")), json));
    auto loaded = hardware::Catalogue::load({ dir.path() });
    QVERIFY(std::holds_alternative<hardware::ProfileError>(loaded));
    const auto& e = std::get<hardware::ProfileError>(loaded);
    QVERIFY2(QString::fromStdString(e.describe()).contains(message), e.describe().c_str());
    QVERIFY(QString::fromStdString(e.describe()).startsWith(dir.filePath(QStringLiteral("x.json"))));
}

// Forward matmul FLOPs as torch.utils.flop_counter counts them, derived by hand from each architecture.
void TestAnalysis::matmulFlopsOfRealModels_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("phase");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("seq");
    QTest::addColumn<int>("past");
    QTest::addColumn<QString>("expected");

    // Llama-2-7B (h 4096, 32 layers, 32 heads of 128, MLP 11008, vocab 32000), SOURCES.md's reference totals:
    // per layer 4 * 2*T*h*h + 3 * 2*T*h*11008 + QK^T and PV 2 * 2*B*32*S*S_kv*128; lm_head 2*T*h*32000 over
    // every position; rotary inv_freq @ position_ids 2 * 1 * 64 * S.
    QTest::addRow("Llama-2-7B prefill S=128")
        << "meta-llama/Llama-2-7b-hf" << int(analysis::Phase::Prefill) << 1 << 128 << 0 << "1700001759232";
    QTest::addRow("Llama-2-7B prefill S=2048")
        << "meta-llama/Llama-2-7b-hf" << int(analysis::Phase::Prefill) << 1 << 2048 << 0 << "29261612449792";
    // Decode, S=1 on P=2047: per layer 4*2*4096^2 = 134,217,728 + 3*2*4096*11008 = 270,532,608
    // + 2 * 2*32*1*2048*128 = 33,554,432 -> 438,304,768; x32 = 14,025,752,576; lm_head 2*4096*32000
    // = 262,144,000; rotary 2*64*1 = 128. Total 14,287,896,704.
    QTest::addRow("Llama-2-7B decode S=1 P=2047")
        << "meta-llama/Llama-2-7b-hf" << int(analysis::Phase::Decode) << 1 << 1 << 2047 << "14287896704";
    // GPT-2 (h 768, 12 layers, 12 heads of 64, MLP 3072, vocab 50257, lm_head tied, over every position),
    // B=8, S=1024, T=8192: per layer c_attn 2*T*768*2304 = 28,991,029,248, c_proj 2*T*768*768 = 9,663,676,416,
    // QK^T + PV 2 * 2*8*12*1024*1024*64 = 25,769,803,776, MLP 2 * 2*T*768*3072 = 77,309,411,328
    // -> 141,733,920,768; x12 = 1,700,807,049,216; lm_head 2*T*768*50257 = 632,379,408,384.
    QTest::addRow("GPT-2 prefill B=8 S=1024")
        << "openai-community/gpt2" << int(analysis::Phase::Prefill) << 8 << 1024 << 0 << "2333186457600";
    // BERT-base MLM, B=32, S=128, T=4096: per layer Q, K, V, O 4 * 2*T*768^2 = 19,327,352,832, QK^T + PV
    // 2 * 2*32*12*128*128*64 = 1,610,612,736, FFN 2 * 2*T*768*3072 = 38,654,705,664 -> 59,592,671,232;
    // x12 = 715,112,054,784; MLM head transform 2*T*768^2 = 4,831,838,208 and decoder 2*T*768*30522
    // = 192,027,820,032.
    // Mixtral-8x7B (h 4096, 32 layers, 32 heads / 8 KV heads of 128, 8 experts of 14336, top-2, rotary inside
    // every attention at the pinned commit), B=1, S=2048: per layer q,k,v,o 2*T*4096*(4096+1024+1024+4096)
    // = 171,798,691,840; QK^T + PV 2 * 2*32*2048^2*128 = 68,719,476,736; rotary 2*64*2048 = 262,144; router
    // 2*T*4096*8 = 134,217,728; experts T*2 rows x 3 * 2*4096*14336 = 1,443,109,011,456 -> 1,683,761,659,904;
    // x32 + lm_head 2*T*4096*32000 = 536,870,912,000.
    QTest::addRow("Mixtral-8x7B prefill S=2048")
        << "mistralai/Mixtral-8x7B-v0.1" << int(analysis::Phase::Prefill) << 1 << 2048 << 0 << "54417244028928";
    // DeepSeek-V3 decode, S=1 on P=4095 (S_kv 4096): MLA projections 2*(7168*1536 + 1536*128*192 + 7168*576
    // + 512*128*256 + 128*128*7168) = 374,210,560; QK^T at 192 and PV at 128: 2*128*4096*(192+128)
    // = 335,544,320; dense MLP (layers 0-2) 3*2*7168*18432 = 792,723,456; MoE layers: router 2*7168*256
    // = 3,670,016, 8 routed experts 8*3*2*7168*2048 = 704,643,072, shared expert 88,080,384; rotary 2*32*1;
    // lm_head 2*7168*129280. 3 dense + 58 MoE layers.
    QTest::addRow("DeepSeek-V3 decode S=1 P=4095")
        << "deepseek-ai/DeepSeek-V3" << int(analysis::Phase::Decode) << 1 << 1 << 4095 << "93717397568";
    // whisper-tiny (d 384, 6 heads of 64, FFN 1536, 4 + 4 layers, 80 mel bins, 1500 encoder positions,
    // vocab 51865), decoder S=448: conv1 2*384*3000*(80*3) + conv2 2*384*1500*(384*3) = 1,880,064,000;
    // encoder layer 4*2*1500*384^2 + 2*2*6*1500^2*64 + 2*2*1500*384*1536 = 8,764,416,000; decoder layer:
    // self 4*2*448*384^2 + 2*2*6*448^2*64, cross q/out 2*2*448*384^2, cross k/v 2*2*1500*384^2, cross
    // attention 2*2*6*448*1500*64, FFN 2*2*448*384*1536 = 4,074,897,408; proj_out 2*448*384*51865.
    QTest::addRow("whisper-tiny prefill S=448")
        << "openai/whisper-tiny" << int(analysis::Phase::Prefill) << 1 << 448 << 0 << "71082196992";
    // A decode step (S=1 on P=447): no encoder, cross-attention keys and values come from the cache. Per
    // layer 4*2*384^2 + 2*2*6*448*64 + 2*2*384^2 + 2*2*6*1500*64 + 2*2*384*1536 = 7,120,896; x4 + proj_out
    // 2*384*51865 = 39,832,320.
    QTest::addRow("whisper-tiny decode S=1 P=447")
        << "openai/whisper-tiny" << int(analysis::Phase::Decode) << 1 << 1 << 447 << "68315904";
    // Pythia-160M (GPT-NeoX at 5a67f0a7, rotary at the model level): per layer query_key_value 2*128*768*2304 +
    // dense 2*128*768*768 + QK^T and PV 2*2*12*128*128*64 + MLP 2*2*128*768*3072 = 1,862,270,976; x 12, +
    // embed_out 2*128*768*50304 = 9,890,168,832, + the rotary inv_freq matmul once, 2*1*(16/2)*128 = 2,048
    // (rotary_pct 0.25 of head size 64).
    QTest::addRow("pythia-160m prefill S=128")
        << "EleutherAI/pythia-160m" << int(analysis::Phase::Prefill) << 1 << 128 << 0 << "32237422592";
    QTest::addRow("BERT-base B=32 S=128")
        << "google-bert/bert-base-uncased" << int(analysis::Phase::Prefill) << 32 << 128 << 0 << "911971713024";
}

void TestAnalysis::matmulFlopsOfRealModels()
{
    QFETCH(QString, model);
    QFETCH(int, phase);
    QFETCH(int, batch);
    QFETCH(int, seq);
    QFETCH(int, past);
    QFETCH(QString, expected);
    const auto tree = builtinTree(model.toLatin1().constData());
    analysis::Settings s;
    s.phase = static_cast<analysis::Phase>(phase);
    s.batch = batch;
    s.seq = seq;
    s.past = past;
    const auto r = analysis::analyze(tree, builtinLibrary(), s);
    const auto& root = r.node(tree.root());
    for (const auto& n : r.nodes) {
        for (const auto& w : n.warnings)
            qWarning("%s", w.c_str());
    }
    QVERIFY(root.complete);
    QVERIFY(root.inclusive[Kind::MatmulFlops]);
    // Routed experts work on fractional expected shares (8/256 of a token): the total is then a real number
    // that still holds the exact integer.
    const Number& matmul = *root.inclusive[Kind::MatmulFlops];
    if (matmul.isInteger())
        QCOMPARE(QString::fromStdString(matmul.toString()), expected);
    else
        QCOMPARE(matmul.toDouble(), expected.toDouble());
    // All FLOPs include the elementwise work on top of the matmuls.
    QVERIFY(root.inclusive[Kind::Flops]->toDouble() > root.inclusive[Kind::MatmulFlops]->toDouble());
}

// matmul FLOPs = 2 x tokens x (weights of every matrix product) + the attention matmuls (+ rotary):
// computed from the tree's Linear tensors, independently of any template.
void TestAnalysis::matmulIdentity()
{
    const auto tree = builtinTree("meta-llama/Llama-2-7b-hf");
    Int linearWeights = 0;
    tree.walk([&](const std::string&, const model::Node& n, int) {
        if (n.classPath == "torch.nn.Linear")
            linearWeights += n.tensors.front().elements();
        return true;
    });
    QCOMPARE(linearWeights, Int(6'607'077'376)); // all parameters but the embedding and the 65 norms
    analysis::Settings s;
    s.seq = 512;
    const auto r = analysis::analyze(tree, builtinLibrary(), s);
    const Int attention = Int(32) * 2 * (2 * 32 * Int(512) * 512 * 128);
    const Int rotary = 2 * 64 * 512;
    QCOMPARE(
        r.node(tree.root()).inclusive[Kind::MatmulFlops]->toInteger(), 2 * 512 * linearWeights + attention + rotary);
}

// Decode of a 7B model at batch 1 reads every weight for one token: memory-bound on every accelerator.
// Prefill of 2,048 tokens does ~2,000 FLOPs per weight byte: compute-bound on an H100 (ridge ~295 FLOP/B).
void TestAnalysis::boundOfDecodeAndPrefill()
{
    const auto tree = builtinTree("meta-llama/Llama-2-7b-hf");
    const auto loaded = hardware::Catalogue::loadBuiltin();
    const auto& catalogue = std::get<hardware::Catalogue>(loaded);
    auto times = [&](const analysis::Settings& s, const hardware::Profile& hw) {
        const auto r = analysis::analyze(tree, builtinLibrary(), s);
        const auto& f = r.node(tree.root()).inclusive;
        const std::string d(analysis::dtypeName(s.actDtype));
        const double compute = (hw.matrixPeak(d) > 0 ? f[Kind::MatmulFlops]->toDouble() / hw.matrixPeak(d) : 0)
            + (hw.vectorPeak(d) > 0 ? (f[Kind::Flops]->toDouble() - f[Kind::MatmulFlops]->toDouble()) / hw.vectorPeak(d)
                                    : 0);
        const double memory = analysis::trafficBytes(f)->toDouble() / hw.bandwidth;
        return std::pair { compute, memory };
    };
    analysis::Settings decode;
    decode.phase = analysis::Phase::Decode;
    decode.seq = 1;
    decode.past = 2047;
    QVERIFY(catalogue.profiles().size() >= 13);
    for (const auto& hw : catalogue.profiles()) {
        const auto [compute, memory] = times(decode, hw);
        QVERIFY2(memory > compute, hw.id.c_str());
    }
    analysis::Settings prefill;
    prefill.seq = 2048;
    const auto [compute, memory] = times(prefill, *catalogue.find("nvidia-h100-sxm"));
    QVERIFY2(compute > memory, qPrintable(QStringLiteral("%1 s compute, %2 s memory").arg(compute).arg(memory)));
}

// Llama-3-8B keeps keys and values of 32 layers x 8 KV heads x 128 per token: 2*32*8*128*2 bytes = 128 KiB a
// token in bf16, so 8,192 tokens are exactly 1 GiB.
void TestAnalysis::kvCache()
{
    const auto tree = builtinTree("meta-llama/Meta-Llama-3-8B");
    analysis::Settings s;
    s.seq = 8192;
    const auto r = analysis::analyze(tree, builtinLibrary(), s);
    QVERIFY(r.kvCacheBytes);
    QCOMPARE(r.kvCacheBytes->toInteger(), Int(1) << 30);
    // A decode step on 8,191 cached tokens holds the same; fp8 halves it.
    s.phase = analysis::Phase::Decode;
    s.seq = 1;
    s.past = 8191;
    s.kvDtype = analysis::Dtype::FP8;
    QCOMPARE(analysis::analyze(tree, builtinLibrary(), s).kvCacheBytes->toInteger(), Int(1) << 29);
    // A training step keeps no KV cache; its footprint holds weights, gradients and Adam's fp32 moments:
    // 8,030,261,248 params x (2 + 2 + 8) bytes, plus activations.
    s.phase = analysis::Phase::Train;
    s.seq = 512;
    const auto train = analysis::analyze(tree, builtinLibrary(), s);
    QCOMPARE(train.kvCacheBytes->toInteger(), Int(0));
    QVERIFY(train.footprintBytes->toDouble() > 8'030'261'248.0 * 12);
}

// An encoder runs in prefill only: "active": "${P} == 0" zeroes it and everything below it in decode.
void TestAnalysis::inactiveSubtreeDoesNoWork()
{
    const QByteArray arch = R"({"format": 1, "architectures": ["ToyEncDec"], "config": {"required": ["hidden"]},
      "root": {"class": "toy.EncDec", "children": [
        {"name": "encoder", "class": "toy.Encoder", "active": "${P} == 0", "children": [
          {"name": "proj", "class": "torch.nn.Linear", "params": {"in_features": "${hidden}", "out_features": "${hidden}", "bias": 0}}]},
        {"name": "decoder", "class": "torch.nn.Linear", "params": {"in_features": "${hidden}", "out_features": "${hidden}", "bias": 0}}]}})";
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("encdec.json")), arch));
    auto registry = model::ArchitectureRegistry::load({ dir.path() });
    auto config = model::parseModelConfig(R"({"architectures": ["ToyEncDec"], "hidden": 4})", QStringLiteral("c.json"));
    auto built = std::get<model::ArchitectureRegistry>(registry).build(std::get<model::ModelConfig>(config));
    const auto& tree = std::get<model::ModuleTree>(built);
    // The encoder's Linear and the decoder's are the same class and shape, but not one node: the encoder's
    // carries the condition.
    QVERIFY(tree.find("encoder.proj") != tree.find("decoder"));
    const auto lib = toyLibrary();
    analysis::Settings s;
    s.seq = 10;
    const auto prefill = analysis::analyze(tree, lib, s);
    QCOMPARE(prefill.node(tree.root()).inclusive[Kind::Flops]->toString(), std::string("640")); // 2 * 2*10*4*4
    s.phase = analysis::Phase::Decode;
    s.seq = 1;
    s.past = 10;
    const auto decode = analysis::analyze(tree, lib, s);
    QCOMPARE(decode.node(tree.root()).inclusive[Kind::Flops]->toString(), std::string("32")); // the decoder only
    QCOMPARE(decode.node(idOf(tree, "encoder.proj")).inclusive[Kind::Flops]->toString(), std::string("0"));
    QVERIFY(decode.node(tree.root()).complete);
}

// Every config of the shared test data analyzes with an entry for every module class: complete, without a
// warning, in prefill and in a decode step, with eager attention and with the last position's logits only.
void TestAnalysis::everyPublishedModelIsCovered_data()
{
    QTest::addColumn<QString>("model");
    for (const QString& id : model::builtinModelIds())
        QTest::addRow("%s", qPrintable(id)) << id;
}

void TestAnalysis::everyPublishedModelIsCovered()
{
    QFETCH(QString, model);
    const auto tree = builtinTree(model.toLatin1().constData());
    analysis::Settings prefill;
    prefill.batch = 2;
    prefill.seq = 64;
    analysis::Settings decode = prefill;
    decode.phase = analysis::Phase::Decode;
    decode.seq = 1;
    decode.past = 63;
    decode.eagerAttention = true;
    decode.logitsLastOnly = true;
    for (const auto& settings : { prefill, decode }) {
        const auto r = analysis::analyze(tree, builtinLibrary(), settings);
        QStringList warnings;
        for (model::NodeId id = 0; id < r.nodes.size(); ++id) {
            for (const auto& w : r.nodes[id].warnings)
                warnings << QString::fromStdString(tree.node(id).classPath + ": " + w);
        }
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.mid(0, 5).join(u'\n')));
        const auto& root = r.node(tree.root());
        QVERIFY(root.complete);
        QVERIFY(root.inclusive[Kind::MatmulFlops]->toDouble() > 0);
        // A prefill of 128 tokens touches (nearly) every weight, routed experts included; a decode step of
        // 2 tokens touches only the experts it routes to.
        if (settings.phase == analysis::Phase::Prefill)
            QVERIFY(root.inclusive[Kind::Reads]->toDouble() >= r.weightBytes.toDouble() * 0.5);
        else
            QVERIFY(root.inclusive[Kind::Reads]->toDouble() > 0);
    }
}

// A routed expert's weights are read only when a token is routed to it: with T tokens each choosing top_k of E
// experts, the expected share of experts a step touches is 1 - (1 - top_k / E)^T. One decode token: top_k / E.
void TestAnalysis::moeWeightsReadByTouchedExperts_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("leaf"); // a routed expert's first projection
    QTest::addColumn<QString>("moe"); // the MoE block holding it
    QTest::addColumn<double>("share"); // top_k / E
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addRow("deepseek-v3 8 of 256") << "deepseek-ai/DeepSeek-V3"
                                          << "model.layers.3.mlp.experts.0.gate_proj"
                                          << "model.layers.3.mlp" << 8.0 / 256 << qint64(7168) << qint64(2048);
    QTest::addRow("mixtral 2 of 8") << "mistralai/Mixtral-8x7B-v0.1"
                                    << "model.layers.0.block_sparse_moe.experts.0.w1"
                                    << "model.layers.0.block_sparse_moe" << 2.0 / 8 << qint64(4096) << qint64(14336);
    QTest::addRow("qwen3-moe 8 of 128") << "Qwen/Qwen3-30B-A3B"
                                        << "model.layers.0.mlp.experts.0.gate_proj"
                                        << "model.layers.0.mlp" << 8.0 / 128 << qint64(2048) << qint64(768);
}

void TestAnalysis::moeWeightsReadByTouchedExperts()
{
    QFETCH(QString, model);
    QFETCH(QString, leaf);
    QFETCH(QString, moe);
    QFETCH(double, share);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    const auto tree = builtinTree(model.toLatin1().constData());
    analysis::Settings decode;
    decode.phase = analysis::Phase::Decode;
    decode.seq = 1;
    decode.past = 4095;
    decode.checkpointWeights = false; // bf16 weights (DeepSeek-V3's checkpoint stores fp8)
    const auto r = analysis::analyze(tree, builtinLibrary(), decode);
    auto idOf = [&](const QString& name) {
        const model::Node* n = tree.find(name.toStdString());
        return static_cast<model::NodeId>(n - &tree.node(0));
    };
    QVERIFY(tree.find(leaf.toStdString()));
    QVERIFY(tree.find(moe.toStdString()));
    // The projection: share x its bf16 weights, plus its input for the share of a token it gets (N = top_k / E).
    const double expected = share * double(in * out * 2) + share * double(in * 2);
    const double reads = r.node(idOf(leaf)).inclusive[Kind::Reads]->toDouble();
    QVERIFY2(std::abs(reads - expected) <= 1e-6 * expected,
        qPrintable(QString::number(reads, 'f', 3) + " vs " + QString::number(expected, 'f', 3)));
    // The MoE block's own template agrees with its experts: what it reads beyond its children is its router's
    // and its combining work, not a second copy of the experts' weights.
    const auto& block = r.node(idOf(moe));
    QVERIFY(block.self[Kind::Reads]->toDouble() >= 0);
    QVERIFY2(block.self[Kind::Reads]->toDouble() < 0.01 * block.inclusive[Kind::Reads]->toDouble(),
        qPrintable(QString::number(block.self[Kind::Reads]->toDouble())));
    // A prefill of 2,048 tokens touches every expert (1 - (1 - share)^2048 rounds to 1).
    analysis::Settings prefill;
    prefill.seq = 2048;
    prefill.checkpointWeights = false;
    const auto p = analysis::analyze(tree, builtinLibrary(), prefill);
    const double prefillReads = p.node(idOf(leaf)).inclusive[Kind::Reads]->toDouble();
    const double tokens = 2048 * share;
    QVERIFY(std::abs(prefillReads - (double(in * out * 2) + tokens * double(in * 2))) <= 1e-6 * prefillReads);
}

void TestAnalysis::contextHasEveryContextVariable()
{
    // The settings give a value to exactly the names the formula language defines as context, in its order.
    QStringList names;
    for (const auto& v : analysis::Settings().context())
        names << QString::fromStdString(v.name);
    QStringList expected;
    for (const auto& v : formula::contextVariables())
        expected << QString::fromUtf8(v.name.data(), static_cast<qsizetype>(v.name.size()));
    QCOMPARE(names, expected);
}

void TestAnalysis::unreviewedFormulasAreMarked()
{
    const auto toy = buildToy();
    analysis::Settings s;
    s.seq = 10;
    // The block's entry is pending: the three block instances use it; their Linears and the head do not.
    formula::ModuleSpec linear = spec("torch.nn.Linear", { "N", "in_features", "out_features", "bias" },
        "2 * ${N} * ${in_features} * ${out_features}", "2 * ${N} * ${in_features} * ${out_features}",
        "${in_features} * ${out_features} * ${w_bytes}", "${N} * ${out_features} * ${a_bytes}", "0");
    formula::ModuleSpec block = spec("toy.Block", { "hidden" },
        "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0) + ${T} * ${hidden}",
        "{torch__nn__Linear}(N=${T}, in_features=${hidden}, out_features=${hidden}, bias=0)", "0", "0", "0");
    formula::ModuleSpec act = spec("toy.Act", {}, "0", "0", "0", "0", "0");
    block.status = "pending";
    {
        const auto lib = formula::Library::build({ linear, block, act });
        const auto r = analysis::analyze(toy->tree, lib, s);
        QCOMPARE(r.unreviewedModules, Int(3));
        QCOMPARE(QString::fromStdString(analysis::unreviewedSummary(r)),
            QStringLiteral("3 modules use unreviewed formulas (toy.Block (pending))"));
        QVERIFY(!r.node(idOf(toy->tree, "blocks.0")).unreviewed.empty());
        QVERIFY(r.node(idOf(toy->tree, "blocks.0.proj")).unreviewed.empty());
        QVERIFY(r.node(idOf(toy->tree, "head")).unreviewed.empty());
        QVERIFY(r.node(toy->tree.root()).restsOnUnreviewed); // the model's totals include the blocks
        QVERIFY(!r.node(idOf(toy->tree, "head")).restsOnUnreviewed);
    }
    // Linear needs changes: every Linear (3 projections + the head) uses it, and so do the blocks that call it.
    block.status = "validated";
    linear.status = "needs_changes";
    {
        const auto lib = formula::Library::build({ linear, block, act });
        const auto r = analysis::analyze(toy->tree, lib, s);
        QCOMPARE(r.unreviewedModules, Int(7));
        QCOMPARE(QString::fromStdString(analysis::unreviewedSummary(r)),
            QStringLiteral("7 modules use unreviewed formulas (torch.nn.Linear (needs_changes))"));
    }
    // Everything validated: nothing to say.
    linear.status = "validated";
    const auto lib = formula::Library::build({ linear, block, act });
    const auto r = analysis::analyze(toy->tree, lib, s);
    QCOMPARE(r.unreviewedModules, Int(0));
    QVERIFY(analysis::unreviewedSummary(r).empty());
    QVERIFY(!r.node(toy->tree.root()).restsOnUnreviewed);
}

void TestAnalysis::rejectedEntryIsNotUsed()
{
    // toy.Block rejected: the block nodes are warned like nodes without an entry and sum their children (the
    // Linear, 2*10*8*8 = 1280 each), without the residual add the block's entry counted (10*8 = 80).
    const auto toy = buildToy();
    analysis::Settings s;
    s.seq = 10;
    std::vector<formula::ModuleSpec> specs { spec("torch.nn.Linear", { "N", "in_features", "out_features", "bias" },
        "2 * ${N} * ${in_features} * ${out_features}", "2 * ${N} * ${in_features} * ${out_features}",
        "${in_features} * ${out_features} * ${w_bytes} + ${N} * ${in_features} * ${a_bytes}",
        "${N} * ${out_features} * ${a_bytes}", "0") };
    const auto lib = formula::Library::build(specs, {}, { { "toy.Block", "rejected" } });
    const auto r = analysis::analyze(toy->tree, lib, s);
    const auto& block = r.node(idOf(toy->tree, "blocks.0"));
    QVERIFY(!block.hasEntry);
    QCOMPARE(QString::fromStdString(block.inclusive[Kind::Flops]->toString()), QStringLiteral("1280"));
    QVERIFY(std::any_of(block.warnings.begin(), block.warnings.end(),
        [](const std::string& w) { return w == "the database entry for toy.Block is not used: rejected"; }));
    QCOMPARE(r.excludedEntries, std::vector<std::string> { "toy.Block: rejected" });
}

void TestAnalysis::nodeBindingsAsTheAnalysisBinds()
{
    // The head's N is deferred (${logits_tokens}): bound to T = 10, or to B = 1 with last-position logits.
    const auto toy = buildToy();
    const auto lib = toyLibrary();
    analysis::Settings s;
    s.seq = 10;
    const model::Node& head = *toy->tree.find("head");
    const auto signature = lib.signature(*lib.find("torch.nn.Linear"));
    auto text = [](const std::vector<formula::NamedValue>& values) {
        QStringList out;
        for (const auto& v : values)
            out << QString::fromStdString(v.name + "=" + v.value.toString());
        return out.join(u' ');
    };
    QCOMPARE(text(analysis::nodeBindings(head, signature, lib, s)),
        QStringLiteral("in_features=8 out_features=16 bias=0 N=10"));
    s.logitsLastOnly = true;
    QCOMPARE(text(analysis::nodeBindings(head, signature, lib, s)),
        QStringLiteral("in_features=8 out_features=16 bias=0 N=1"));
}

void TestAnalysis::libraryFromReviewedDatabase()
{
    // A user database over the built-in one: LlamaMLP edited (pending), torch.nn.SiLU rejected.
    QTemporaryDir dir;
    QFile builtinFile(QStringLiteral(":/lmp/module_db.json"));
    QVERIFY(builtinFile.open(QIODevice::ReadOnly));
    auto builtin = nlohmann::ordered_json::parse(builtinFile.readAll().toStdString());
    const std::string mlp = "transformers__models__llama__modeling_llama__LlamaMLP";
    auto mlpEntry = builtin["modules"][mlp];
    mlpEntry["validation"] = { { "status", "pending" }, { "validator", nullptr }, { "date", nullptr },
        { "notes", nullptr } };
    auto siluEntry = builtin["modules"]["torch__nn__SiLU"];
    siluEntry["validation"]["status"] = "rejected";
    nlohmann::ordered_json user = { { "schema_version", 2 },
        { "modules", { { mlp, mlpEntry }, { "torch__nn__SiLU", siluEntry } } } };
    const QString path = dir.filePath(QStringLiteral("user.json"));
    QVERIFY(writeText(path, QByteArray::fromStdString(user.dump(2))));
    auto opened = db::LayeredDatabase::withBuiltin(path);
    QVERIFY(std::holds_alternative<db::LayeredDatabase>(opened));
    const auto& database = std::get<db::LayeredDatabase>(opened);

    const auto library = analysis::buildLibrary(database);
    QCOMPARE(QString::fromStdString(library->status(*library->find(mlp))), QStringLiteral("pending"));
    QVERIFY(!library->find("torch.nn.SiLU"));
    QCOMPARE(QString::fromStdString(library->exclusionReason("torch.nn.SiLU")), QStringLiteral("rejected"));

    // Llama-2-7B: the MLP calls the rejected SiLU, so its templates do not compile and its figures are its
    // children's; each act_fn is warned. 32 MLPs use the pending entry; the 32 decoder layers call it, LlamaModel's
    // entry calls the decoder layer and LlamaForCausalLM's calls LlamaModel: 32 + 32 + 1 + 1 = 66 modules.
    const auto tree = builtinTree("meta-llama/Llama-2-7b-hf");
    analysis::Settings s;
    s.seq = 128;
    const auto r = analysis::analyze(tree, *library, s);
    const auto& act = r.node(idOf(tree, "model.layers.0.mlp.act_fn"));
    QVERIFY(std::any_of(act.warnings.begin(), act.warnings.end(),
        [](const std::string& w) { return w == "the database entry for torch.nn.SiLU is not used: rejected"; }));
    const auto& mlpNode = r.node(idOf(tree, "model.layers.0.mlp"));
    QVERIFY(std::any_of(mlpNode.warnings.begin(), mlpNode.warnings.end(),
        [](const std::string& w) { return w.find("its entry is rejected") != std::string::npos; }));
    QCOMPARE(static_cast<long long>(r.unreviewedModules), 66LL);
    QCOMPARE(QString::fromStdString(analysis::unreviewedSummary(r)),
        QStringLiteral(
            "66 modules use unreviewed formulas (transformers.models.llama.modeling_llama.LlamaMLP (pending))"));
    QCOMPARE(r.excludedEntries, std::vector<std::string> { "torch.nn.SiLU: rejected" });

    // Validated only: the pending MLP entry is left out too; the MLP nodes sum their children, nothing is unreviewed.
    const auto validated = analysis::buildLibrary(database, true);
    QVERIFY(!validated->find(mlp));
    QVERIFY(QString::fromStdString(validated->exclusionReason(mlp)).contains(QStringLiteral("validated-only")));
    const auto v = analysis::analyze(tree, *validated, s);
    QCOMPARE(v.unreviewedModules, Int(0));
    QVERIFY(!v.node(idOf(tree, "model.layers.0.mlp")).hasEntry);
    // Its matmul FLOPs are still the three projections', 3 * 2*128*4096*11008, summed from the Linears.
    QCOMPARE(QString::fromStdString(v.node(idOf(tree, "model.layers.0.mlp")).inclusive[Kind::MatmulFlops]->toString()),
        QString::number(3LL * 2 * 128 * 4096 * 11008));
}

// Every hidden_act name of transformers' ACT2FN table (the one Mistral's definition pins) builds its own class, whose
// entry the MLP's calls reach: the total moves by exactly L x T x intermediate_size x (its FLOPs per element - SiLU's
// 4). FLOPs per element, by hand from each forward: GELU (erf) 5; clip(gelu) 7; the tanh forms as written in Python
// (0.5*x, x^3 as 2, *c, +x, *k, tanh, 1+, *) 9; Laplace (sub, div, erf, add, mul) 5; leaky/ReLU6 2; ReLU and tanh 1;
// identity 0; mish (exp, add, log, tanh, mul) 5; quick GELU (scale, sigmoid 3, mul) 5; relu^2 2; sigmoid 3.
void TestAnalysis::everyActivation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("klass");
    QTest::addColumn<int>("perElement");
    const struct
    {
        const char* name;
        const char* klass;
        int flops;
    } rows[] = {
        { "gelu", "transformers.activations.GELUActivation", 5 },
        { "gelu_10", "transformers.activations.ClippedGELUActivation", 7 },
        { "gelu_fast", "transformers.activations.FastGELUActivation", 9 },
        { "gelu_new", "transformers.activations.NewGELUActivation", 9 },
        { "gelu_python", "transformers.activations.GELUActivation", 5 },
        { "gelu_pytorch_tanh", "transformers.activations.PytorchGELUTanh", 9 },
        { "gelu_accurate", "transformers.activations.AccurateGELUActivation", 9 },
        { "laplace", "transformers.activations.LaplaceActivation", 5 },
        { "leaky_relu", "torch.nn.LeakyReLU", 2 },
        { "linear", "transformers.activations.LinearActivation", 0 },
        { "mish", "transformers.activations.MishActivation", 5 },
        { "quick_gelu", "transformers.activations.QuickGELUActivation", 5 },
        { "relu", "torch.nn.ReLU", 1 },
        { "relu2", "transformers.activations.ReLUSquaredActivation", 2 },
        { "relu6", "torch.nn.ReLU6", 2 },
        { "sigmoid", "torch.nn.Sigmoid", 3 },
        { "silu", "torch.nn.SiLU", 4 },
        { "swish", "torch.nn.SiLU", 4 },
        { "tanh", "torch.nn.Tanh", 1 },
    };
    for (const auto& r : rows)
        QTest::addRow("%s", r.name) << QString::fromLatin1(r.name) << QString::fromLatin1(r.klass) << r.flops;
}

void TestAnalysis::everyActivation()
{
    QFETCH(QString, name);
    QFETCH(QString, klass);
    QFETCH(int, perElement);
    analysis::Settings s;
    s.seq = 128;
    const auto base = builtinTreeWith("mistralai/Mistral-7B-v0.1", nlohmann::json::object());
    const auto built = builtinTreeWith("mistralai/Mistral-7B-v0.1", { { "hidden_act", name.toStdString() } });
    if (const auto* e = std::get_if<model::ModelError>(&built))
        QFAIL(e->describe().c_str());
    const auto& tree = std::get<model::ModuleTree>(built);
    const model::Node* act = tree.find("model.layers.0.mlp.act_fn");
    QVERIFY(act);
    QCOMPARE(QString::fromStdString(act->classPath), klass);
    const auto r = analysis::analyze(tree, builtinLibrary(), s);
    const auto r0 = analysis::analyze(std::get<model::ModuleTree>(base), builtinLibrary(), s);
    const auto& root = r.node(tree.root());
    QVERIFY(root.complete);
    // 32 layers x 128 tokens x 14336 intermediate features.
    const Int moved = Int(32) * 128 * 14336 * (perElement - 4);
    QCOMPARE(root.inclusive[Kind::Flops]->toInteger()
            - r0.node(std::get<model::ModuleTree>(base).root()).inclusive[Kind::Flops]->toInteger(),
        moved);
    // The matmuls do not move, and the analysis says which class it counted where the entries call SiLU.
    QCOMPARE(root.inclusive[Kind::MatmulFlops]->toInteger(), Int(1828850778112));
    if (klass == QLatin1String("torch.nn.SiLU")) {
        QVERIFY(r.notes.empty());
    } else {
        QCOMPARE(r.notes.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.notes[0]).contains(QStringLiteral("their calls count ") + klass),
            r.notes[0].c_str());
    }
    // Self work stays non-negative in the MLP whose entry the calls run through.
    for (model::NodeId id = 0; id < tree.storedNodes(); ++id) {
        const auto& self = r.node(id).self[Kind::Flops];
        QVERIFY(self && self->toDouble() >= 0);
    }
}

void TestAnalysis::unknownActivationRefused()
{
    // Never a silent substitute: an unknown name is an error naming it, the module and the known names.
    const auto built = builtinTreeWith("mistralai/Mistral-7B-v0.1", { { "hidden_act", "swiglu_fancy" } });
    const auto* e = std::get_if<model::ModelError>(&built);
    QVERIFY(e);
    const QString message = QString::fromStdString(e->describe());
    QVERIFY2(message.contains(QStringLiteral("'swiglu_fancy'")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("model.layers.0.mlp.act_fn")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("gelu_pytorch_tanh")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("hidden_act")), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
