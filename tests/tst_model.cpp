// SPDX-License-Identifier: GPL-3.0-or-later
// From a config.json to the module tree: exact parameter counts for every published config, the instance
// names and classes of named_modules(), where models come from, and every kind of bad input.

#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"
#include "model/safetensors.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <nlohmann/json.hpp>

using namespace lmp::model;

namespace {

const QString kSharedData = QStringLiteral(LMP_SHARED_DATA_DIR);

QString readText(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

bool writeText(const QString& path, const QByteArray& text)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    return f.write(text) == text.size();
}

// The "Counts the tests use" table of SOURCES.md: file -> exact model.parameters() total.
QMap<QString, QString> expectedCounts()
{
    QMap<QString, QString> counts;
    const QString text = readText(kSharedData + QStringLiteral("/SOURCES.md"));
    const qsizetype start = text.indexOf(QStringLiteral("## Counts the tests use"));
    if (start < 0)
        return counts;
    static const QRegularExpression row(
        QStringLiteral("^\\| `([^`]+\\.json)` \\| [^|]+ \\| ([0-9,]+) \\|"), QRegularExpression::MultilineOption);
    auto it = row.globalMatch(text.mid(start));
    while (it.hasNext()) {
        const auto m = it.next();
        counts.insert(m.captured(1), m.captured(2).remove(u','));
    }
    return counts;
}

const ArchitectureRegistry& registry()
{
    static const ArchitectureRegistry r = [] {
        auto loaded = ArchitectureRegistry::loadBuiltin();
        if (auto* e = std::get_if<ModelError>(&loaded))
            qFatal("%s", e->describe().c_str());
        return std::get<ArchitectureRegistry>(std::move(loaded));
    }();
    return r;
}

std::variant<ModuleTree, ModelError> buildFrom(const QString& source)
{
    auto config = loadModelConfig(source);
    if (auto* e = std::get_if<ModelError>(&config))
        return *e;
    return registry().build(std::get<ModelConfig>(config));
}

// "name class" lines of every instance under prefix (prefix included), as named_modules() would list them.
QStringList instancesUnder(const ModuleTree& tree, const QString& prefix)
{
    QStringList out;
    tree.walk([&](const std::string& name, const Node& node, int) {
        const QString n = QString::fromStdString(name);
        if (n == prefix || n.startsWith(prefix + u'.'))
            out << n + u' ' + QString::fromStdString(node.classPath);
        return n.isEmpty() || n == prefix || n.startsWith(prefix + u'.') || prefix.startsWith(n + u'.');
    });
    return out;
}

struct TensorSpec
{
    std::string name;
    std::string dtype;
    std::vector<std::int64_t> shape;
};

int dtypeBytes(const std::string& dtype)
{
    return dtype == "F32" ? 4 : dtype == "I8" ? 1 : 2;
}

// A safetensors file as the format defines it: u64 little-endian header length, the JSON header, the data.
bool writeSafetensors(const QString& path, const std::vector<TensorSpec>& tensors)
{
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    header["__metadata__"] = { { "format", "pt" } };
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        std::uint64_t bytes = static_cast<std::uint64_t>(dtypeBytes(t.dtype));
        for (auto d : t.shape)
            bytes *= static_cast<std::uint64_t>(d);
        header[t.name] = { { "dtype", t.dtype }, { "shape", t.shape }, { "data_offsets", { offset, offset + bytes } } };
        offset += bytes;
    }
    std::string text = header.dump();
    while (text.size() % 8)
        text += ' ';
    QByteArray bytes;
    for (int i = 0; i < 8; ++i)
        bytes.append(static_cast<char>((text.size() >> (8 * i)) & 0xFF));
    bytes.append(QByteArray::fromStdString(text));
    bytes.append(QByteArray(static_cast<qsizetype>(offset), '\0'));
    return writeText(path, bytes);
}

// A two-layer Llama with grouped-query attention: hidden 8, 2 heads of 4, 1 key/value head, MLP 16, vocab 32.
const QByteArray kTinyLlama = R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 8,
    "intermediate_size": 16, "num_attention_heads": 2, "num_key_value_heads": 1, "num_hidden_layers": 2,
    "vocab_size": 32, "hidden_act": "silu", "tie_word_embeddings": false})";

// Its tensors, as LlamaForCausalLM.state_dict() names them, written out by hand.
std::vector<TensorSpec> tinyLlamaTensors()
{
    std::vector<TensorSpec> t { { "model.embed_tokens.weight", "BF16", { 32, 8 } } };
    for (const std::string layer : { "model.layers.0.", "model.layers.1." }) {
        t.push_back({ layer + "self_attn.q_proj.weight", "BF16", { 8, 8 } });
        t.push_back({ layer + "self_attn.k_proj.weight", "BF16", { 4, 8 } });
        t.push_back({ layer + "self_attn.v_proj.weight", "BF16", { 4, 8 } });
        t.push_back({ layer + "self_attn.o_proj.weight", "BF16", { 8, 8 } });
        t.push_back({ layer + "mlp.gate_proj.weight", "BF16", { 16, 8 } });
        t.push_back({ layer + "mlp.up_proj.weight", "BF16", { 16, 8 } });
        t.push_back({ layer + "mlp.down_proj.weight", "BF16", { 8, 16 } });
        t.push_back({ layer + "input_layernorm.weight", "BF16", { 8 } });
        t.push_back({ layer + "post_attention_layernorm.weight", "BF16", { 8 } });
    }
    t.push_back({ "model.norm.weight", "BF16", { 8 } });
    t.push_back({ "lm_head.weight", "BF16", { 32, 8 } });
    return t;
}

} // namespace

class TestModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parameterCounts_data();
    void parameterCounts();
    void builtinCatalogue();
    void llamaFirstBlock();
    void firstBlock_data();
    void firstBlock();
    void repeatedBlocksStoredOnce();
    void layersThatReadTheirIndex();
    void modelSources();
    void hubCacheListing();
    void badInput_data();
    void badInput();
    void checkpointMatches();
    void checkpointDisagrees_data();
    void checkpointDisagrees();
    void shardedCheckpoint();
    void badSafetensors_data();
    void badSafetensors();
    void moduleDump();
    void badModuleDump_data();
    void badModuleDump();
};

void TestModel::parameterCounts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    const QDir configs(kSharedData + QStringLiteral("/configs"));
    QVERIFY2(configs.exists(), qPrintable(QStringLiteral("test data missing: ") + configs.path()));
    const auto counts = expectedCounts();
    QVERIFY2(!counts.isEmpty(), "SOURCES.md has no 'Counts the tests use' table");
    // Every config in the folder, also one added later: a config without an expected count fails.
    for (const QString& name : configs.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        QTest::addRow("%s", qPrintable(name)) << configs.filePath(name) << counts.value(name);
}

void TestModel::parameterCounts()
{
    QFETCH(QString, file);
    QFETCH(QString, expected);
    QVERIFY2(!expected.isEmpty(), "no exact count for this config in SOURCES.md");
    const auto built = buildFrom(file);
    if (const auto* e = std::get_if<ModelError>(&built))
        QFAIL(e->describe().c_str());
    const ModuleTree& tree = std::get<ModuleTree>(built);
    QCOMPARE(QString::fromStdString(lmp::formula::toString(tree.totalParams())), expected);
}

void TestModel::builtinCatalogue()
{
    // Every shared config is in the catalogue, by model id, and reads back identical.
    const QStringList ids = builtinModelIds();
    QVERIFY(ids.contains(QStringLiteral("meta-llama/Llama-2-7b-hf")));
    QVERIFY(ids.contains(QStringLiteral("deepseek-ai/DeepSeek-V3")));
    const QDir configs(kSharedData + QStringLiteral("/configs"));
    for (QString name : configs.entryList({ QStringLiteral("*.json") }, QDir::Files)) {
        const QString path = configs.filePath(name);
        name.chop(5);
        const QString id = name.replace(QStringLiteral("__"), QStringLiteral("/"));
        QVERIFY2(ids.contains(id), qPrintable(id));
    }
}

void TestModel::llamaFirstBlock()
{
    // LlamaDecoderLayer.__init__ (modeling_llama.py): self_attn (q, k, v, o projections), mlp (gate, up, down,
    // act_fn = ACT2FN["silu"] = nn.SiLU), input_layernorm, post_attention_layernorm.
    const auto built = buildFrom(QStringLiteral("meta-llama/Llama-2-7b-hf"));
    QVERIFY(std::holds_alternative<ModuleTree>(built));
    const QString L = QStringLiteral("transformers.models.llama.modeling_llama.");
    const QStringList expected {
        QStringLiteral("model.layers.0 ") + L + QStringLiteral("LlamaDecoderLayer"),
        QStringLiteral("model.layers.0.self_attn ") + L + QStringLiteral("LlamaAttention"),
        QStringLiteral("model.layers.0.self_attn.q_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.self_attn.k_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.self_attn.v_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.self_attn.o_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.mlp ") + L + QStringLiteral("LlamaMLP"),
        QStringLiteral("model.layers.0.mlp.gate_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.mlp.up_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.mlp.down_proj torch.nn.Linear"),
        QStringLiteral("model.layers.0.mlp.act_fn torch.nn.SiLU"),
        QStringLiteral("model.layers.0.input_layernorm ") + L + QStringLiteral("LlamaRMSNorm"),
        QStringLiteral("model.layers.0.post_attention_layernorm ") + L + QStringLiteral("LlamaRMSNorm"),
    };
    QCOMPARE(instancesUnder(std::get<ModuleTree>(built), QStringLiteral("model.layers.0")), expected);
    // The attention of Llama-2-7B: 32 heads of 128, no bias.
    const Node* q = std::get<ModuleTree>(built).find("model.layers.0.self_attn.q_proj");
    QVERIFY(q);
    QCOMPARE(q->tensors.size(), std::size_t(1));
    QCOMPARE(q->tensors[0].shape, (std::vector<lmp::formula::Int> { 4096, 4096 }));
}

// The first block of each family as named_modules() lists it, written from the __init__ methods of the
// modeling source each definition pins (its "source" commit).
void TestModel::firstBlock_data()
{
    QTest::addColumn<QString>("model");
    QTest::addColumn<QString>("block");
    QTest::addColumn<QStringList>("expected");

    // Mixtral (modeling_mixtral.py @ 00d4b3d2): MixtralDecoderLayer: self_attn (q, k, v, o, rotary_emb),
    // block_sparse_moe (gate, experts = ModuleList of num_local_experts MixtralBlockSparseTop2MLP: w1, w2, w3,
    // act_fn), input_layernorm, post_attention_layernorm.
    const QString M = QStringLiteral("transformers.models.mixtral.modeling_mixtral.");
    const QString m0 = QStringLiteral("model.layers.0");
    QStringList mixtral { m0 + u' ' + M + QStringLiteral("MixtralDecoderLayer"),
        m0 + QStringLiteral(".self_attn ") + M + QStringLiteral("MixtralAttention") };
    for (const char* p : { "q_proj", "k_proj", "v_proj", "o_proj" })
        mixtral << m0 + QStringLiteral(".self_attn.") + QLatin1String(p) + QStringLiteral(" torch.nn.Linear");
    mixtral << m0 + QStringLiteral(".self_attn.rotary_emb ") + M + QStringLiteral("MixtralRotaryEmbedding")
            << m0 + QStringLiteral(".block_sparse_moe ") + M + QStringLiteral("MixtralSparseMoeBlock")
            << m0 + QStringLiteral(".block_sparse_moe.gate torch.nn.Linear")
            << m0 + QStringLiteral(".block_sparse_moe.experts torch.nn.ModuleList");
    for (int e = 0; e < 8; ++e) {
        const QString x = m0 + QStringLiteral(".block_sparse_moe.experts.") + QString::number(e);
        mixtral << x + u' ' + M + QStringLiteral("MixtralBlockSparseTop2MLP")
                << x + QStringLiteral(".w1 torch.nn.Linear") << x + QStringLiteral(".w2 torch.nn.Linear")
                << x + QStringLiteral(".w3 torch.nn.Linear") << x + QStringLiteral(".act_fn torch.nn.SiLU");
    }
    mixtral << m0 + QStringLiteral(".input_layernorm ") + M + QStringLiteral("MixtralRMSNorm")
            << m0 + QStringLiteral(".post_attention_layernorm ") + M + QStringLiteral("MixtralRMSNorm");
    QTest::addRow("Mixtral-8x7B") << "mistralai/Mixtral-8x7B-v0.1" << m0 << mixtral;

    // GPT-2 (modeling_gpt2.py @ c44b2d99): GPT2Block: ln_1, attn (GPT2_ATTENTION_CLASSES["sdpa"]: c_attn, c_proj,
    // attn_dropout, resid_dropout), ln_2, mlp (c_fc, c_proj, act = ACT2FN["gelu_new"], dropout).
    const QString G = QStringLiteral("transformers.models.gpt2.modeling_gpt2.");
    const QString h0 = QStringLiteral("transformer.h.0");
    QTest::addRow("GPT-2") << "openai-community/gpt2" << h0
                           << QStringList { h0 + u' ' + G + QStringLiteral("GPT2Block"),
                                  h0 + QStringLiteral(".ln_1 torch.nn.LayerNorm"),
                                  h0 + QStringLiteral(".attn ") + G + QStringLiteral("GPT2SdpaAttention"),
                                  h0 + QStringLiteral(".attn.c_attn transformers.pytorch_utils.Conv1D"),
                                  h0 + QStringLiteral(".attn.c_proj transformers.pytorch_utils.Conv1D"),
                                  h0 + QStringLiteral(".attn.attn_dropout torch.nn.Dropout"),
                                  h0 + QStringLiteral(".attn.resid_dropout torch.nn.Dropout"),
                                  h0 + QStringLiteral(".ln_2 torch.nn.LayerNorm"),
                                  h0 + QStringLiteral(".mlp ") + G + QStringLiteral("GPT2MLP"),
                                  h0 + QStringLiteral(".mlp.c_fc transformers.pytorch_utils.Conv1D"),
                                  h0 + QStringLiteral(".mlp.c_proj transformers.pytorch_utils.Conv1D"),
                                  h0 + QStringLiteral(".mlp.act transformers.activations.NewGELUActivation"),
                                  h0 + QStringLiteral(".mlp.dropout torch.nn.Dropout") };

    // BERT (modeling_bert.py @ qubvel/transformers 49235a00): BertLayer: attention (self =
    // BERT_SELF_ATTENTION_CLASSES["sdpa"]: query, key, value, dropout; output: dense, LayerNorm, dropout),
    // intermediate (dense, intermediate_act_fn = ACT2FN["gelu"]), output (dense, LayerNorm, dropout).
    const QString B = QStringLiteral("transformers.models.bert.modeling_bert.");
    const QString b0 = QStringLiteral("bert.encoder.layer.0");
    QTest::addRow("BERT-base")
        << "google-bert/bert-base-uncased" << b0
        << QStringList { b0 + u' ' + B + QStringLiteral("BertLayer"),
               b0 + QStringLiteral(".attention ") + B + QStringLiteral("BertAttention"),
               b0 + QStringLiteral(".attention.self ") + B + QStringLiteral("BertSdpaSelfAttention"),
               b0 + QStringLiteral(".attention.self.query torch.nn.Linear"),
               b0 + QStringLiteral(".attention.self.key torch.nn.Linear"),
               b0 + QStringLiteral(".attention.self.value torch.nn.Linear"),
               b0 + QStringLiteral(".attention.self.dropout torch.nn.Dropout"),
               b0 + QStringLiteral(".attention.output ") + B + QStringLiteral("BertSelfOutput"),
               b0 + QStringLiteral(".attention.output.dense torch.nn.Linear"),
               b0 + QStringLiteral(".attention.output.LayerNorm torch.nn.LayerNorm"),
               b0 + QStringLiteral(".attention.output.dropout torch.nn.Dropout"),
               b0 + QStringLiteral(".intermediate ") + B + QStringLiteral("BertIntermediate"),
               b0 + QStringLiteral(".intermediate.dense torch.nn.Linear"),
               b0 + QStringLiteral(".intermediate.intermediate_act_fn transformers.activations.GELUActivation"),
               b0 + QStringLiteral(".output ") + B + QStringLiteral("BertOutput"),
               b0 + QStringLiteral(".output.dense torch.nn.Linear"),
               b0 + QStringLiteral(".output.LayerNorm torch.nn.LayerNorm"),
               b0 + QStringLiteral(".output.dropout torch.nn.Dropout") };
}

void TestModel::firstBlock()
{
    QFETCH(QString, model);
    QFETCH(QString, block);
    QFETCH(QStringList, expected);
    const auto built = buildFrom(model);
    if (const auto* e = std::get_if<ModelError>(&built))
        QFAIL(e->describe().c_str());
    QCOMPARE(instancesUnder(std::get<ModuleTree>(built), block), expected);
}

void TestModel::repeatedBlocksStoredOnce()
{
    // Llama-2-7B: named_modules() yields 423 modules (root, model, embed_tokens, layers, 32 x 13 per layer,
    // norm, rotary_emb, lm_head); the 32 identical layers are stored once.
    const auto built = buildFrom(QStringLiteral("meta-llama/Llama-2-7b-hf"));
    const ModuleTree& tree = std::get<ModuleTree>(built);
    QCOMPARE(tree.moduleCount(), lmp::formula::Int(423));
    QVERIFY2(tree.storedNodes() < 30, qPrintable(QString::number(tree.storedNodes())));
    int instances = 0;
    tree.walk([&](const std::string&, const Node&, int) {
        ++instances;
        return true;
    });
    QCOMPARE(instances, 423);
    QVERIFY(tree.find("model.layers.31.mlp.down_proj"));
    QVERIFY(!tree.find("model.layers.32"));
}

void TestModel::layersThatReadTheirIndex()
{
    // Layers whose formulas read the layer index are built once per distinct outcome and shared where alike.
    // DeepSeek-V3 (first_k_dense_replace 3, modeling_deepseek_v3.py): layers 0-2 have a dense MLP, 3-60 a routed
    // MoE of 256 experts with one shared expert.
    const auto deepseek = buildFrom(QStringLiteral("deepseek-ai/DeepSeek-V3"));
    const ModuleTree& ds = std::get<ModuleTree>(deepseek);
    const Node* dense = ds.find("model.layers.2");
    const Node* moe = ds.find("model.layers.3");
    QVERIFY(dense && moe && dense != moe);
    QCOMPARE(ds.find("model.layers.0"), dense);
    QCOMPARE(ds.find("model.layers.60"), moe);
    QVERIFY(!ds.find("model.layers.2.mlp.experts"));
    QVERIFY(ds.find("model.layers.60.mlp.experts.255"));
    QVERIFY(!ds.find("model.layers.60.mlp.experts.256"));
    QVERIFY(ds.find("model.layers.3.mlp.shared_experts"));
    QVERIFY(!ds.find("model.layers.61"));
    // Gemma-2 (modeling_gemma2.py): even layers attend in a sliding window of config.sliding_window (4096 for
    // gemma-2-2b), odd layers attend to everything.
    const auto gemma = buildFrom(QStringLiteral("google/gemma-2-2b"));
    const ModuleTree& g = std::get<ModuleTree>(gemma);
    for (int layer = 0; layer < 26; ++layer) {
        const Node* attn = g.find("model.layers." + std::to_string(layer) + ".self_attn");
        QVERIFY(attn && attn->param("sliding_window"));
        QCOMPARE(attn->param("sliding_window")->toString(), std::string(layer % 2 == 0 ? "4096" : "0"));
        QCOMPARE(g.find("model.layers." + std::to_string(layer)), g.find("model.layers." + std::to_string(layer % 2)));
    }
    QVERIFY(g.find("model.layers.0") != g.find("model.layers.1"));
}

void TestModel::modelSources()
{
    QTemporaryDir dir;
    const QByteArray config = readText(kSharedData + QStringLiteral("/configs/openai-community__gpt2.json")).toUtf8();
    // A folder holding a config.json.
    QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("gpt2")));
    QVERIFY(writeText(dir.filePath(QStringLiteral("gpt2/config.json")), config));
    auto fromFolder = loadModelConfig(dir.filePath(QStringLiteral("gpt2")));
    QVERIFY(std::holds_alternative<ModelConfig>(fromFolder));
    QCOMPARE(std::get<ModelConfig>(fromFolder).architecture, std::string("GPT2LMHeadModel"));
    // The Hugging Face cache: models--org--name/snapshots/<revision>/config.json, revision from refs/main.
    const QString repo = dir.filePath(QStringLiteral("hub/models--acme--tiny-gpt"));
    QVERIFY(QDir().mkpath(repo + QStringLiteral("/snapshots/0123abc")));
    QVERIFY(QDir().mkpath(repo + QStringLiteral("/snapshots/fedcba9")));
    QVERIFY(QDir().mkpath(repo + QStringLiteral("/refs")));
    QVERIFY(writeText(repo + QStringLiteral("/refs/main"), "0123abc\n"));
    QVERIFY(writeText(repo + QStringLiteral("/snapshots/0123abc/config.json"), config));
    QVERIFY(writeText(repo + QStringLiteral("/snapshots/fedcba9/config.json"), "{}"));
    qputenv("HF_HUB_CACHE", dir.filePath(QStringLiteral("hub")).toUtf8());
    auto fromCache = loadModelConfig(QStringLiteral("acme/tiny-gpt"));
    qunsetenv("HF_HUB_CACHE");
    if (auto* e = std::get_if<ModelError>(&fromCache))
        QFAIL(e->describe().c_str());
    QCOMPARE(std::get<ModelConfig>(fromCache).path, repo + QStringLiteral("/snapshots/0123abc/config.json"));
    QCOMPARE(std::get<ModelConfig>(fromCache).modelId, QStringLiteral("acme/tiny-gpt"));
    // The built-in catalogue, offline.
    auto fromCatalogue = loadModelConfig(QStringLiteral("mistralai/Mistral-7B-v0.1"));
    QVERIFY(std::holds_alternative<ModelConfig>(fromCatalogue));
    QCOMPARE(std::get<ModelConfig>(fromCatalogue).architecture, std::string("MistralForCausalLM"));
}

void TestModel::hubCacheListing()
{
    // Two hub caches, the second listed after a missing one. Files in snapshots are symlinks into blobs/.
    QTemporaryDir dir;
    const QString hub = dir.filePath(QStringLiteral("hub"));
    const QString hub2 = dir.filePath(QStringLiteral("hub2"));
    const QByteArray gpt2 = readText(kSharedData + QStringLiteral("/configs/openai-community__gpt2.json")).toUtf8();
    auto file = [](const QString& path, const QByteArray& text) {
        return QDir().mkpath(QFileInfo(path).path()) && writeText(path, text);
    };
    // org/a: refs/main names the older snapshot, which holds two weight shards (1000 + 24 bytes).
    const QString a = hub + QStringLiteral("/models--org--a");
    QVERIFY(file(a + QStringLiteral("/refs/main"), "aaa111"));
    QVERIFY(file(a + QStringLiteral("/snapshots/aaa111/config.json"), kTinyLlama));
    QVERIFY(file(a + QStringLiteral("/blobs/w1"), QByteArray(1000, 'x')));
    QVERIFY(file(a + QStringLiteral("/blobs/w2"), QByteArray(24, 'x')));
    QVERIFY(QFile::link(a + QStringLiteral("/blobs/w1"), a + QStringLiteral("/snapshots/aaa111/model-1.safetensors")));
    QVERIFY(QFile::link(a + QStringLiteral("/blobs/w2"), a + QStringLiteral("/snapshots/aaa111/model-2.safetensors")));
    QThread::msleep(30);
    QVERIFY(file(a + QStringLiteral("/snapshots/bbb222/config.json"), gpt2));
    // b (no organisation): no refs, the newest of two snapshots; its only weight file is a dangling link.
    const QString b = hub + QStringLiteral("/models--b");
    QVERIFY(file(b + QStringLiteral("/snapshots/old111/config.json"), kTinyLlama));
    QThread::msleep(30);
    QVERIFY(file(b + QStringLiteral("/snapshots/new222/config.json"), gpt2));
    QVERIFY(QFile::link(b + QStringLiteral("/blobs/gone"), b + QStringLiteral("/snapshots/new222/model.safetensors")));
    // org/broken: refs/main names a snapshot that is not there; the one there holds a broken config.
    const QString broken = hub + QStringLiteral("/models--org--broken");
    QVERIFY(file(broken + QStringLiteral("/refs/main"), "missing"));
    QVERIFY(file(broken + QStringLiteral("/snapshots/ddd444/config.json"), "{\"architectures\": ["));
    // Skipped: a model without a config, a dataset, a stray file.
    QVERIFY(file(hub + QStringLiteral("/models--org--noconfig/snapshots/ccc333/README.md"), "# no config"));
    QVERIFY(file(hub + QStringLiteral("/datasets--org--data/snapshots/eee555/config.json"), gpt2));
    QVERIFY(file(hub + QStringLiteral("/models--stray-file"), "not a folder"));
    // The second cache: org/a again (the first cache wins), and a config that names no architecture.
    QVERIFY(file(hub2 + QStringLiteral("/models--org--a/snapshots/fff666/config.json"), gpt2));
    QVERIFY(file(hub2 + QStringLiteral("/models--Zeta--m/snapshots/ggg777/config.json"), "{\"model_type\": \"t5\"}"));

    const auto models = lmp::model::cachedModels({ hub, dir.filePath(QStringLiteral("missing")), hub2 });
    QStringList listed;
    for (const CachedModel& m : models) {
        listed << QStringLiteral("%1 @%2 %3 %4 %5")
                      .arg(m.id, m.revision, QString::fromStdString(m.architecture),
                          QString::fromStdString(m.modelType),
                          m.hasWeights ? QStringLiteral("weights=%1").arg(m.weightBytes)
                                       : QStringLiteral("no-weights"));
        QCOMPARE(m.configPath, m.folder + QStringLiteral("/snapshots/") + m.revision + QStringLiteral("/config.json"));
    }
    const QStringList expected {
        QStringLiteral("b @new222 GPT2LMHeadModel gpt2 no-weights"),
        QStringLiteral("org/a @aaa111 LlamaForCausalLM llama weights=1024"),
        QStringLiteral("org/broken @ddd444   no-weights"),
        QStringLiteral("Zeta/m @ggg777  t5 no-weights"),
    };
    QCOMPARE(listed, expected);
    QCOMPARE(models[1].folder, a);
    QCOMPARE(models[3].folder, hub2 + QStringLiteral("/models--Zeta--m"));
    // The path listed opens as it is, without the cache being configured.
    const auto opened = loadModelConfig(models[1].configPath);
    QVERIFY(std::holds_alternative<ModelConfig>(opened));
    QCOMPARE(std::get<ModelConfig>(opened).architecture, std::string("LlamaForCausalLM"));
    // No cache at all is an empty list, not an error.
    QVERIFY(lmp::model::cachedModels({ dir.filePath(QStringLiteral("missing")) }).empty());
    QVERIFY(lmp::model::cachedModels({}).empty());
}

void TestModel::badInput_data()
{
    QTest::addColumn<QByteArray>("config"); // empty: the source itself is bad
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");

    const QByteArray llama = readText(kSharedData + QStringLiteral("/configs/meta-llama__Llama-2-7b-hf.json")).toUtf8();
    auto edit = [&](const char* from, const char* to) {
        QByteArray c = llama;
        c.replace(from, to);
        return c;
    };
    QTest::addRow("unknown architecture")
        << edit("LlamaForCausalLM", "FrobnicatorForCausalLM") << QString() << "architectures"
        << "no architecture definition for 'FrobnicatorForCausalLM'";
    QTest::addRow("no architectures") << QByteArray("{\"hidden_size\": 4}") << QString() << "architectures"
                                      << "missing";
    QTest::addRow("architectures not a list")
        << QByteArray("{\"architectures\": \"LlamaForCausalLM\"}") << QString() << "architectures"
        << "expected a non-empty list";
    QTest::addRow("missing required field") << edit("\"hidden_size\": 4096,", "") << QString() << "hidden_size"
                                            << "missing";
    QTest::addRow("wrong type") << edit("\"hidden_size\": 4096", "\"hidden_size\": \"4096\"") << QString()
                                << "hidden_size"
                                << "expected a number, found a string";
    QTest::addRow("negative size") << edit("\"intermediate_size\": 11008", "\"intermediate_size\": -11008") << QString()
                                   << "model.layers.0.mlp.gate_proj.weight"
                                   << "negative";
    QTest::addRow("absurd size") << edit("\"vocab_size\": 32000", "\"vocab_size\": 3200000000000000") << QString()
                                 << "model.embed_tokens.weight"
                                 << "absurdly large";
    QTest::addRow("absurd real size") << edit("\"vocab_size\": 32000", "\"vocab_size\": 5e94") << QString()
                                      << "model.embed_tokens.weight"
                                      << "absurdly large";
    QTest::addRow("absurd layer count") << edit("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 1e12") << QString()
                                        << "model.layers"
                                        << "repeat count";
    QTest::addRow("fractional size") << edit("\"hidden_size\": 4096", "\"hidden_size\": 4096.5") << QString() << ""
                                     << "whole number";
    QTest::addRow("unknown activation") << edit("\"silu\"", "\"swishy\"") << QString() << "hidden_act"
                                        << "'swishy' is not a value";
    QTest::addRow("malformed JSON") << llama.left(llama.size() / 2) << QString() << ""
                                    << "not valid JSON";
    QTest::addRow("not an object") << QByteArray("[1, 2]") << QString() << ""
                                   << "expected a JSON object";
    QTest::addRow("unreadable path") << QByteArray() << QStringLiteral("/nonexistent/config.json") << ""
                                     << "no such file";
    QTest::addRow("folder without config") << QByteArray() << QStringLiteral("@emptydir") << ""
                                           << "holds no config.json";
    QTest::addRow("unknown model id") << QByteArray() << QStringLiteral("nobody/nothing-7b") << ""
                                      << "no model of that id";
}

void TestModel::badInput()
{
    QFETCH(QByteArray, config);
    QFETCH(QString, source);
    QFETCH(QString, field);
    QFETCH(QString, message);
    QTemporaryDir dir;
    if (source == QStringLiteral("@emptydir")) {
        source = dir.path();
    } else if (source.isEmpty()) {
        source = dir.filePath(QStringLiteral("config.json"));
        QVERIFY(writeText(source, config));
    }
    const auto built = buildFrom(source);
    QVERIFY(std::holds_alternative<ModelError>(built));
    const ModelError& e = std::get<ModelError>(built);
    QVERIFY2(QString::fromStdString(e.message).contains(message), e.describe().c_str());
    if (!field.isEmpty())
        QVERIFY2(QString::fromStdString(e.field).startsWith(field), e.describe().c_str());
    // The message names the file.
    QVERIFY2(QString::fromStdString(e.describe()).startsWith(source), e.describe().c_str());
}

void TestModel::checkpointMatches()
{
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("config.json")), kTinyLlama));
    QVERIFY(writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")), tinyLlamaTensors()));
    const auto built = buildFrom(dir.path());
    if (const auto* e = std::get_if<ModelError>(&built))
        QFAIL(e->describe().c_str());
    const ModuleTree& tree = std::get<ModuleTree>(built);
    // By hand: embed 256 + 2 layers x (64 + 32 + 32 + 64 + 128 + 128 + 128 + 8 + 8) + norm 8 + lm_head 256.
    QCOMPARE(tree.totalParams(), lmp::formula::Int(1704));
    const auto read = readCheckpointFolder(dir.path());
    QVERIFY(std::holds_alternative<Checkpoint>(read));
    const Checkpoint& checkpoint = std::get<Checkpoint>(read);
    QCOMPARE(checkpoint.tensors.size(), std::size_t(21));
    QCOMPARE(checkpoint.totalBytes(), lmp::formula::Int(1704 * 2));
    const auto comparison = compareCheckpoint(tree, checkpoint);
    QVERIFY(comparison.matches());
    QCOMPARE(comparison.checkpointParams, lmp::formula::Int(1704));
    QVERIFY(comparison.extra.empty());
}

void TestModel::checkpointDisagrees_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("missing");
    QTest::addColumn<QString>("extra");
    QTest::addColumn<QString>("mismatch");
    QTest::addColumn<bool>("matches");
    QTest::addRow("a tensor missing") << "drop lm_head"
                                      << "lm_head.weight"
                                      << ""
                                      << "" << false;
    QTest::addRow("a buffer saved too") << "add inv_freq"
                                        << ""
                                        << "model.layers.0.self_attn.rotary_emb.inv_freq"
                                        << "" << true;
    QTest::addRow("a wrong shape") << "widen k_proj"
                                   << ""
                                   << ""
                                   << "model.layers.1.self_attn.k_proj.weight: tree [4, 8], checkpoint [8, 8]" << false;
}

void TestModel::checkpointDisagrees()
{
    QFETCH(QString, change);
    QFETCH(QString, missing);
    QFETCH(QString, extra);
    QFETCH(QString, mismatch);
    QFETCH(bool, matches);
    auto tensors = tinyLlamaTensors();
    if (change == QStringLiteral("drop lm_head"))
        tensors.pop_back();
    else if (change == QStringLiteral("add inv_freq"))
        tensors.push_back({ "model.layers.0.self_attn.rotary_emb.inv_freq", "F32", { 2 } });
    else
        tensors[11].shape = { 8, 8 }; // model.layers.1.self_attn.k_proj.weight
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("config.json")), kTinyLlama));
    QVERIFY(writeSafetensors(dir.filePath(QStringLiteral("model.safetensors")), tensors));
    const auto built = buildFrom(dir.path());
    const auto read = readCheckpointFolder(dir.path());
    QVERIFY(std::holds_alternative<Checkpoint>(read));
    const auto c = compareCheckpoint(std::get<ModuleTree>(built), std::get<Checkpoint>(read));
    auto joined = [](const std::vector<std::string>& v) {
        QStringList l;
        for (const auto& s : v)
            l << QString::fromStdString(s);
        return l.join(u';');
    };
    QCOMPARE(joined(c.missing), missing);
    QCOMPARE(joined(c.extra), extra);
    QCOMPARE(joined(c.shapeMismatches), mismatch);
    QCOMPARE(c.matches(), matches);
}

void TestModel::shardedCheckpoint()
{
    QTemporaryDir dir;
    QVERIFY(writeText(dir.filePath(QStringLiteral("config.json")), kTinyLlama));
    auto tensors = tinyLlamaTensors();
    const std::vector<TensorSpec> first(tensors.begin(), tensors.begin() + 10);
    const std::vector<TensorSpec> second(tensors.begin() + 10, tensors.end());
    QVERIFY(writeSafetensors(dir.filePath(QStringLiteral("model-00001-of-00002.safetensors")), first));
    QVERIFY(writeSafetensors(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors")), second));
    nlohmann::json index;
    index["metadata"] = { { "total_size", 1704 * 2 } };
    for (const auto& t : first)
        index["weight_map"][t.name] = "model-00001-of-00002.safetensors";
    for (const auto& t : second)
        index["weight_map"][t.name] = "model-00002-of-00002.safetensors";
    QVERIFY(writeText(
        dir.filePath(QStringLiteral("model.safetensors.index.json")), QByteArray::fromStdString(index.dump())));
    const auto read = readCheckpointFolder(dir.path());
    QVERIFY(std::holds_alternative<Checkpoint>(read));
    QCOMPARE(std::get<Checkpoint>(read).files.size(), 2);
    QVERIFY(compareCheckpoint(std::get<ModuleTree>(buildFrom(dir.path())), std::get<Checkpoint>(read)).matches());
    // A shard not downloaded yet is named, and its tensors are missing.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("model-00002-of-00002.safetensors"))));
    const auto partial = readCheckpointFolder(dir.path());
    QVERIFY(std::holds_alternative<Checkpoint>(partial));
    QCOMPARE(std::get<Checkpoint>(partial).missingShards.size(), 1);
    QVERIFY(!compareCheckpoint(std::get<ModuleTree>(buildFrom(dir.path())), std::get<Checkpoint>(partial)).matches());
}

void TestModel::badSafetensors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("message");
    auto withHeader = [](const std::string& json, std::size_t dataBytes) {
        QByteArray b;
        for (int i = 0; i < 8; ++i)
            b.append(static_cast<char>((json.size() >> (8 * i)) & 0xFF));
        b.append(QByteArray::fromStdString(json));
        b.append(QByteArray(static_cast<qsizetype>(dataBytes), '\0'));
        return b;
    };
    QTest::addRow("empty") << QByteArray() << "shorter than its 8-byte header length";
    QTest::addRow("huge header length") << QByteArray("\xff\xff\xff\xff\xff\xff\xff\x7f{}", 10) << "100 MB limit";
    QTest::addRow("truncated header") << withHeader("{\"a\": {}}", 0).left(12) << "truncated";
    QTest::addRow("not JSON") << withHeader("{nope", 0) << "not valid JSON";
    QTest::addRow("not an object") << withHeader("[1]", 0) << "JSON object of tensors";
    QTest::addRow("bad dtype") << withHeader(R"({"w": {"dtype": "F7", "shape": [2], "data_offsets": [0, 2]}})", 2)
                               << "w.dtype";
    QTest::addRow("negative size") << withHeader(R"({"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}})", 8)
                                   << "non-negative";
    QTest::addRow("offsets disagree with shape")
        << withHeader(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 8]}})", 16) << "needs 16";
    QTest::addRow("past the end") << withHeader(R"({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}})", 4)
                                  << "past the end of the file";
}

void TestModel::badSafetensors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("model.safetensors"));
    QVERIFY(writeText(path, bytes));
    const auto read = readSafetensorsFile(path);
    QVERIFY(std::holds_alternative<ModelError>(read));
    const ModelError& e = std::get<ModelError>(read);
    QVERIFY2(QString::fromStdString(e.describe()).contains(message), e.describe().c_str());
    QVERIFY(QString::fromStdString(e.describe()).startsWith(path));
}

// A module-tree dump as resources/python/dump_module_tree.py writes it, for a one-layer Llama with tied
// embeddings (tests/data/tiny_llama_module_dump.json, written by hand from LlamaForCausalLM.__init__).
void TestModel::moduleDump()
{
    const QString dump = QStringLiteral(LMP_TEST_DATA_DIR "/tiny_llama_module_dump.json");
    const auto loaded = loadModel(dump, registry());
    if (const auto* e = std::get_if<ModelError>(&loaded))
        QFAIL(e->describe().c_str());
    const LoadedModel& model = std::get<LoadedModel>(loaded);
    QCOMPARE(model.architecture, std::string("LlamaForCausalLM"));
    QVERIFY(!model.config);
    // embed 256 + layer (64 + 32 + 32 + 64 + 3 * 128 + 16) + norm 8; lm_head shares the embedding.
    QCOMPARE(model.tree.totalParams(), lmp::formula::Int(856));
    QCOMPARE(model.tree.moduleCount(), lmp::formula::Int(20));
    const Node* k = model.tree.find("model.layers.0.self_attn.k_proj");
    QVERIFY(k);
    QCOMPARE(k->param("out_features")->toString(), std::string("4"));
    QCOMPARE(model.tree.find("lm_head")->tensors.front().tiedTo, std::string("model.embed_tokens.weight"));

    // The same model from a config through llama.json lists the same modules with the same classes.
    QTemporaryDir dir;
    QByteArray config = kTinyLlama;
    config.replace("\"num_hidden_layers\": 2", "\"num_hidden_layers\": 1");
    config.replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": true");
    QVERIFY(writeText(dir.filePath(QStringLiteral("config.json")), config));
    const auto fromConfig = buildFrom(dir.path());
    if (const auto* e = std::get_if<ModelError>(&fromConfig))
        QFAIL(e->describe().c_str());
    QCOMPARE(instancesUnder(std::get<ModuleTree>(fromConfig), QString()), instancesUnder(model.tree, QString()));
    QCOMPARE(std::get<ModuleTree>(fromConfig).totalParams(), lmp::formula::Int(856));
}

void TestModel::badModuleDump_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray head = "{\"format\": \"lmp-module-dump\", \"version\": 1, ";
    QTest::addRow("no modules") << head + "\"modules\": []}"
                                << "expected the list of named_modules()";
    QTest::addRow("wrong version") << QByteArray("{\"format\": \"lmp-module-dump\", \"version\": 7, \"modules\": []}")
                                   << "version is not supported";
    QTest::addRow("orphan") << head
            + "\"modules\": [{\"name\": \"\", \"class\": \"A\"}, {\"name\": \"x.y\", \"class\": \"B\"}]}"
                            << "has no parent 'x'";
    QTest::addRow("no root") << head + "\"modules\": [{\"name\": \"x\", \"class\": \"B\"}]}"
                             << "no root module";
    QTest::addRow("negative shape") << head
            + "\"modules\": [{\"name\": \"\", \"class\": \"A\", \"parameters\": [{\"name\": \"w\", \"shape\": [-1]}]}]}"
                                    << "non-negative";
}

void TestModel::badModuleDump()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dump.json"));
    QVERIFY(writeText(path, text));
    const auto loaded = loadModel(path, registry());
    QVERIFY(std::holds_alternative<ModelError>(loaded));
    QVERIFY2(QString::fromStdString(std::get<ModelError>(loaded).describe()).contains(message),
        std::get<ModelError>(loaded).describe().c_str());
}

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
