// SPDX-License-Identifier: GPL-3.0-or-later
// The families of today's models, each against figures derived by hand from its modeling source (the
// derivations are written next to the numbers in tests/data/families/*.json): the exact parameter count of a
// published config and its source, the first block's named_modules(), the matmul FLOPs of one prefill and one
// decode step as torch.utils.flop_counter counts them, the KV cache and recurrent state, the tokens images add,
// and every task head of every family.

#include "analysis/analysis.h"
#include "formula/library.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "testworkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>

#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace lmp;
using formula::Int;
using formula::Kind;
using formula::Number;

namespace {

const QString kFamilies = QStringLiteral(LMP_TEST_DATA_DIR "/families");

const model::ArchitectureRegistry& registry()
{
    return test::workspace().registry;
}

const formula::Library& library()
{
    return *test::workspace().library;
}

// "catalogue:Qwen__Qwen2-57B-A14B.json" is a built-in catalogue model (by id); "test:NAME" a file of the test data.
std::variant<model::ModelConfig, model::ModelError> loadConfig(const QString& ref)
{
    if (ref.startsWith(QStringLiteral("catalogue:"))) {
        QString id = ref.mid(10);
        id.chop(5);
        id.replace(QStringLiteral("__"), QStringLiteral("/"));
        return model::loadModelConfig(id);
    }
    return model::loadModelConfig(kFamilies + QStringLiteral("/configs/") + ref.mid(5));
}

nlohmann::json readJson(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return nlohmann::json::parse(f.readAll().toStdString());
}

// Every config row of every family file: (row name, family file, json pointer of the row).
struct Row
{
    QString name;
    nlohmann::json row;
};

QString headOf(const nlohmann::json& row)
{
    return QString::fromStdString(row.value("class", std::string()));
}

std::vector<Row> configRows()
{
    std::vector<Row> rows;
    const QDir dir(kFamilies);
    for (const QString& file : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        const auto json = readJson(dir.filePath(file));
        if (!json.contains("families"))
            continue;
        for (const auto& family : json["families"]) {
            for (const auto& c : family["configs"]) {
                const std::string id = c.value("model_id", c["file"].get<std::string>());
                rows.push_back({ file.chopped(5) + u'/' + QString::fromStdString(id) + u' ' + headOf(c), c });
            }
        }
    }
    return rows;
}

// The config's architectures[0], or the head a row names ("class") built from the same config.
std::optional<model::ModuleTree> build(const QString& ref, QString* error, const QString& head = {})
{
    auto config = loadConfig(ref);
    if (auto* e = std::get_if<model::ModelError>(&config)) {
        *error = QString::fromStdString(e->describe());
        return std::nullopt;
    }
    if (!head.isEmpty())
        std::get<model::ModelConfig>(config).architecture = head.toStdString();
    auto built = registry().build(std::get<model::ModelConfig>(config));
    if (auto* e = std::get_if<model::ModelError>(&built)) {
        *error = QString::fromStdString(e->describe());
        return std::nullopt;
    }
    return std::move(std::get<model::ModuleTree>(built));
}

QStringList instancesUnder(const model::ModuleTree& tree, const QString& prefix)
{
    QStringList out;
    tree.walk([&](const std::string& name, const model::Node& node, int) {
        const QString n = QString::fromStdString(name);
        if (n == prefix || n.startsWith(prefix + u'.'))
            out << n + u' ' + QString::fromStdString(node.classPath);
        return n.isEmpty() || n == prefix || n.startsWith(prefix + u'.') || prefix.startsWith(n + u'.');
    });
    return out;
}

// Settings of a step row {"B", "S", "P", "images", "image_height", "image_width"}.
analysis::Settings stepSettings(const nlohmann::json& step, bool decode)
{
    analysis::Settings s;
    s.phase = decode ? analysis::Phase::Decode : analysis::Phase::Prefill;
    s.batch = step.value("B", 1);
    s.seq = step.value("S", decode ? 1 : 128);
    s.past = decode ? step.value("P", 0) : 0;
    s.images = step.value("images", 0);
    s.imageHeight = step.value("image_height", 1024);
    s.imageWidth = step.value("image_width", 1024);
    return s;
}

void compareNumber(const std::optional<Number>& actual, const nlohmann::json& expected, const char* what)
{
    QVERIFY2(actual.has_value(), what);
    if (expected.is_number_integer() && actual->isInteger()) {
        QCOMPARE(qlonglong(actual->toInteger()), qlonglong(expected.get<std::int64_t>()));
        return;
    }
    // Routed experts work on expected shares (a real number that still holds the exact integer).
    const double e = expected.get<double>();
    QVERIFY2(std::abs(actual->toDouble() - e) <= 1e-9 * std::max(1.0, std::abs(e)),
        qPrintable(QStringLiteral("%1: %2, expected %3")
                       .arg(QLatin1String(what))
                       .arg(actual->toDouble(), 0, 'f', 1)
                       .arg(e, 0, 'f', 1)));
}

} // namespace

class TestFamilies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyFileIsRead();
    void definitionsNameTheFilesThatBuild();
    void parameters_data();
    void parameters();
    void firstBlock_data();
    void firstBlock();
    void steps_data();
    void steps();
    void entriesCallTheActivationTheTreeBuilds_data();
    void entriesCallTheActivationTheTreeBuilds();
    void cacheAndState_data();
    void cacheAndState();
    void heads_data();
    void heads();
    void unknownHeadNamesTheHeads();
    void redirectStaysInTheSwitchedSubtree();
    void storedWeights_data();
    void storedWeights();
};

void TestFamilies::everyFileIsRead()
{
    const auto rows = configRows();
    QVERIFY2(rows.size() >= 25, "fewer family configs than the test data holds");
}

// A family's "definition" (where its derivations say the tree comes from) is the file that builds its configs.
void TestFamilies::definitionsNameTheFilesThatBuild()
{
    const QDir dir(kFamilies);
    int checked = 0;
    for (const QString& file : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        const auto json = readJson(dir.filePath(file));
        for (const auto& family : json.value("families", nlohmann::json::array())) {
            const std::string definition = family.value("definition", std::string());
            if (definition.rfind("architectures/", 0) != 0)
                continue; // a head file of the tests, or none
            const QString name = QString::fromStdString(definition.substr(std::string("architectures/").size()));
            QVERIFY2(QFileInfo::exists(QStringLiteral(LMP_RESOURCES_DIR "/architectures/") + name),
                qPrintable(file + u": " + QString::fromStdString(definition) + u" does not exist"));
            for (const auto& c : family["configs"]) {
                const std::string head = c.value("class", std::string());
                if (head.empty())
                    continue;
                const model::Architecture* a = registry().find(head);
                QVERIFY2(a, qPrintable(file + u": no definition builds " + QString::fromStdString(head)));
                QVERIFY2(a->file.endsWith(u'/' + name),
                    qPrintable(file + u": " + QString::fromStdString(head) + u" is built by " + a->file + u", not "
                        + QString::fromStdString(definition)));
                ++checked;
            }
        }
    }
    QVERIFY(checked >= 25);
}

void TestFamilies::parameters_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    QTest::addColumn<qlonglong>("expected");
    for (const auto& r : configRows())
        QTest::addRow("%s", qPrintable(r.name)) << QString::fromStdString(r.row["file"].get<std::string>())
                                                << headOf(r.row) << qlonglong(r.row["params"].get<std::int64_t>());
}

void TestFamilies::parameters()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QFETCH(qlonglong, expected);
    QString error;
    const auto tree = build(file, &error, head);
    QVERIFY2(tree, qPrintable(error));
    QCOMPARE(qlonglong(tree->totalParams()), expected);
}

void TestFamilies::firstBlock_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QStringList>("expected");
    for (const auto& r : configRows()) {
        for (const char* key : { "first_block", "first_vision_block" }) {
            if (!r.row.contains(key))
                continue;
            QStringList instances;
            for (const auto& i : r.row[key]["instances"])
                instances << QString::fromStdString(i.get<std::string>());
            QTest::addRow("%s %s", qPrintable(r.name), key)
                << QString::fromStdString(r.row["file"].get<std::string>()) << headOf(r.row)
                << QString::fromStdString(r.row[key]["prefix"].get<std::string>()) << instances;
        }
    }
}

void TestFamilies::firstBlock()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QFETCH(QString, prefix);
    QFETCH(QStringList, expected);
    QString error;
    const auto tree = build(file, &error, head);
    QVERIFY2(tree, qPrintable(error));
    QCOMPARE(instancesUnder(*tree, prefix), expected);
}

void TestFamilies::steps_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    QTest::addColumn<bool>("decode");
    QTest::addColumn<QByteArray>("step");
    for (const auto& r : configRows()) {
        for (const auto& [key, value] : r.row.items()) {
            if (!value.is_object() || !value.contains("matmul_flops"))
                continue;
            const bool decode = key.find("decode") != std::string::npos;
            QTest::addRow("%s %s", qPrintable(r.name), key.c_str())
                << QString::fromStdString(r.row["file"].get<std::string>()) << headOf(r.row) << decode
                << QByteArray::fromStdString(value.dump());
        }
    }
}

void TestFamilies::steps()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QFETCH(bool, decode);
    QFETCH(QByteArray, step);
    const auto expected = nlohmann::json::parse(step.toStdString());
    QString error;
    const auto tree = build(file, &error, head);
    QVERIFY2(tree, qPrintable(error));
    const auto s = stepSettings(expected, decode);
    const auto r = analysis::analyze(*tree, library(), s);
    const auto& root = r.node(tree->root());
    // Every module with work has an entry, every figure is known and no module's own work is negative.
    QVERIFY(root.complete);
    for (model::NodeId id = 0; id < tree->storedNodes(); ++id) {
        for (Kind k : formula::kAllKinds) {
            const auto& self = r.node(id).self[k];
            QVERIFY2(self.has_value(), tree->node(id).classPath.c_str());
            QVERIFY2(self->toDouble() >= -1e-6 * std::max(1.0, std::abs(r.node(id).inclusive[k]->toDouble())),
                qPrintable(QString::fromStdString(tree->node(id).classPath) + QStringLiteral(" self ")
                    + QString::fromLatin1(formula::kindName(k).data()) + QStringLiteral(" = ")
                    + QString::number(self->toDouble())));
        }
    }
    compareNumber(root.inclusive[Kind::MatmulFlops], expected["matmul_flops"], "matmul_flops");
    if (expected.contains("image_tokens"))
        QCOMPARE(qlonglong(r.imageTokens), qlonglong(expected["image_tokens"].get<std::int64_t>()));
}

// A config that selects another activation redirects the entries' calls from the class the family's default
// builds: that only works when the entries call the very class the tree holds. For every module with an entry,
// every activation child's class must be among the modules its FLOP template reaches.
void TestFamilies::entriesCallTheActivationTheTreeBuilds_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    for (const auto& r : configRows())
        QTest::addRow("%s", qPrintable(r.name))
            << QString::fromStdString(r.row["file"].get<std::string>()) << headOf(r.row);
}

void TestFamilies::entriesCallTheActivationTheTreeBuilds()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QString error;
    const auto tree = build(file, &error, head);
    QVERIFY2(tree, qPrintable(error));
    const auto classes = readJson(QStringLiteral(":/lmp/architectures/classes.json"));
    std::set<std::string> activations;
    std::map<std::string, std::string> equivalent; // class -> the class of another commit it equals
    for (const auto& [table, cases] : classes["switches"].items()) {
        if (table == "equivalent_classes") {
            for (const auto& group : cases) {
                equivalent[group[0].get<std::string>()] = group[1].get<std::string>();
                equivalent[group[1].get<std::string>()] = group[0].get<std::string>();
            }
            continue;
        }
        for (const auto& [name, klass] : cases.items())
            activations.insert(klass.get<std::string>());
    }
    const formula::Library& lib = library();
    for (model::NodeId id = 0; id < tree->storedNodes(); ++id) {
        const model::Node& node = tree->node(id);
        const auto entry = lib.find(node.classPath);
        if (!entry)
            continue;
        std::set<std::string> reached;
        std::vector<formula::ModuleId> stack { *entry };
        while (!stack.empty()) {
            const auto m = stack.back();
            stack.pop_back();
            for (const auto& key : lib.calledModules(m, Kind::Flops)) {
                if (reached.insert(key).second) {
                    if (const auto callee = lib.find(key))
                        stack.push_back(*callee);
                }
            }
        }
        for (const auto& c : node.children) {
            const model::Node& child = tree->node(c.node);
            const std::string& klass = child.classPath;
            if (!activations.count(klass) || klass == "transformers.activations.LinearActivation")
                continue;
            // A module forward never calls (its "active" is 0) needs no call.
            const auto* active = child.param("active");
            if (active && !active->isTruthy())
                continue;
            // Where the config selects another class than the family's default, the entries call the default's.
            bool redirected = false;
            for (const auto& s : tree->substitutions())
                redirected = redirected || (s.to == klass && reached.count(formula::normalizeModuleKey(s.from)));
            const auto same = equivalent.find(klass);
            redirected =
                redirected || (same != equivalent.end() && reached.count(formula::normalizeModuleKey(same->second)));
            QVERIFY2(redirected || reached.count(formula::normalizeModuleKey(klass)),
                qPrintable(QString::fromStdString(
                    node.classPath + " holds " + c.name + " = " + klass + " but its entry does not call it")));
        }
    }
}

// The KV cache and the recurrent state a step leaves behind, against the hand derivations of the rows:
// after a prefill of 128 tokens, after a decode step at 32,768 cached tokens (Gemma 3's sliding and global layers),
// after a prefill with one image.
void TestFamilies::cacheAndState_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    QTest::addColumn<bool>("decode");
    QTest::addColumn<QByteArray>("step"); // settings of the step: B, S, P, images
    QTest::addColumn<QString>("what"); // kv or state
    QTest::addColumn<qlonglong>("expected");
    for (const auto& r : configRows()) {
        const QString file = QString::fromStdString(r.row["file"].get<std::string>());
        for (const auto& [key, value] : r.row.items()) {
            nlohmann::json step = { { "B", 1 }, { "S", 128 } };
            qlonglong bytes = -1;
            bool decode = false;
            QString what = QStringLiteral("kv");
            if (key.rfind("kv_cache_bytes", 0) == 0 && key.find("after_prefill") != std::string::npos) {
                if (value.is_number_integer())
                    bytes = value.get<std::int64_t>();
                else if (value.is_string()) { // "2*L*kv*hd*B*S_kv*2 = 41,943,040"
                    QString text = QString::fromStdString(value.get<std::string>()).section(u'=', -1).trimmed();
                    bytes = text.remove(u',').toLongLong();
                }
            } else if (key == "kv_cache_32k") {
                step = { { "B", 1 }, { "S", value["S"] }, { "P", value["P"] } };
                decode = true;
                bytes = value["total_bytes"].get<std::int64_t>();
            } else if (key == "kv_cache_bytes" && value.is_object()) {
                step = { { "B", value["B"] }, { "S", value["S_kv"] } };
                bytes = value["bytes"].get<std::int64_t>();
            } else if (key == "state_bytes" && value.is_object()) {
                step = { { "B", value["B"] }, { "S", 128 } };
                bytes = value["bytes"].get<std::int64_t>();
                what = QStringLiteral("state");
            } else if (key == "kv_cache_prefill_images_1" || key == "kv_cache_bytes_prefill_image") {
                step = { { "B", 1 }, { "S", 128 }, { "images", 1 } };
                bytes = value.is_object() ? value["bytes"].get<std::int64_t>() : value.get<std::int64_t>();
            }
            if (bytes < 0)
                continue;
            QTest::addRow("%s %s", qPrintable(r.name), key.c_str())
                << file << headOf(r.row) << decode << QByteArray::fromStdString(step.dump()) << what << bytes;
        }
    }
}

void TestFamilies::cacheAndState()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QFETCH(bool, decode);
    QFETCH(QByteArray, step);
    QFETCH(QString, what);
    QFETCH(qlonglong, expected);
    QString error;
    const auto tree = build(file, &error, head);
    QVERIFY2(tree, qPrintable(error));
    const auto r = analysis::analyze(*tree, library(), stepSettings(nlohmann::json::parse(step.toStdString()), decode));
    const auto& value = what == QLatin1String("state") ? r.stateBytes : r.kvCacheBytes;
    QVERIFY(value.has_value());
    QCOMPARE(qlonglong(value->toDouble()), expected);
}

void TestFamilies::heads_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("head");
    QTest::addColumn<qlonglong>("expected");
    const QDir dir(kFamilies);
    for (const QString& file : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name)) {
        const auto json = readJson(dir.filePath(file));
        for (const auto& h : json.value("heads", nlohmann::json::array()))
            QTest::addRow("%s %s", h["family"].get<std::string>().c_str(), h["head"].get<std::string>().c_str())
                << QString::fromStdString(h["test_config"].get<std::string>())
                << QString::fromStdString(h["head"].get<std::string>()) << qlonglong(h["params"].get<std::int64_t>());
    }
}

void TestFamilies::heads()
{
    QFETCH(QString, file);
    QFETCH(QString, head);
    QFETCH(qlonglong, expected);
    QString error;
    const auto tree = build(file, &error);
    QVERIFY2(tree, qPrintable(error));
    QCOMPARE(QString::fromStdString(tree->node(tree->root()).classPath).section(u'.', -1), head);
    QCOMPARE(qlonglong(tree->totalParams()), expected);
    // A head without an entry of its own sums its children: every figure of a prefill step is known.
    analysis::Settings s;
    s.seq = 128;
    const auto r = analysis::analyze(*tree, library(), s);
    QVERIFY(r.node(tree->root()).complete);
}

void TestFamilies::unknownHeadNamesTheHeads()
{
    auto config = model::loadModelConfig(QStringLiteral("meta-llama/Llama-2-7b-hf"));
    QVERIFY(std::holds_alternative<model::ModelConfig>(config));
    auto c = std::get<model::ModelConfig>(config);
    c.architecture = "LlamaForMultipleChoice";
    const auto built = registry().build(c);
    const auto* e = std::get_if<model::ModelError>(&built);
    QVERIFY(e);
    const QString message = QString::fromStdString(e->describe());
    QVERIFY2(message.contains(QStringLiteral("the Llama family is known")), qPrintable(message));
    for (const char* head : { "LlamaForCausalLM", "LlamaModel", "LlamaForSequenceClassification",
             "LlamaForTokenClassification", "LlamaForQuestionAnswering" })
        QVERIFY2(message.contains(QLatin1String(head)), qPrintable(message));
}

void TestFamilies::redirectStaysInTheSwitchedSubtree()
{
    // Mistral Small 3.1: the language model's MLP entry was written for silu (and calls torch.nn.SiLU, the class of its
    // commit, equivalent to SiLUActivation); the vision tower's MLP runs silu too, the projector gelu. With the text
    // config's hidden_act set to gelu, exactly the 40 text MLPs move, by T x 32768 x (5 - 4) FLOPs each.
    auto config = model::loadModelConfig(QStringLiteral("mistralai/Mistral-Small-3.1-24B-Instruct-2503"));
    QVERIFY(std::holds_alternative<model::ModelConfig>(config));
    auto c = std::get<model::ModelConfig>(config);
    const auto base = registry().build(c);
    c.json["text_config"]["hidden_act"] = "gelu";
    const auto gelu = registry().build(c);
    QVERIFY(std::holds_alternative<model::ModuleTree>(base) && std::holds_alternative<model::ModuleTree>(gelu));
    const auto& t0 = std::get<model::ModuleTree>(base);
    const auto& t1 = std::get<model::ModuleTree>(gelu);
    analysis::Settings s;
    s.seq = 128;
    s.images = 1;
    const auto r0 = analysis::analyze(t0, library(), s);
    const auto r1 = analysis::analyze(t1, library(), s);
    const Int tokens = 128 + r0.imageTokens;
    QCOMPARE(qlonglong(r1.imageTokens), qlonglong(r0.imageTokens));
    const auto flops = [](const analysis::AnalysisResult& r, const model::ModuleTree& t, const char* name) {
        const model::Node* n = t.find(name);
        return n ? r.node(static_cast<model::NodeId>(n - &t.node(0))).inclusive[Kind::Flops]->toDouble() : -1.0;
    };
    QCOMPARE(flops(r1, t1, "") - flops(r0, t0, ""), double(40 * tokens * 32768));
    QCOMPARE(flops(r1, t1, "model.vision_tower"), flops(r0, t0, "model.vision_tower"));
    QCOMPARE(flops(r1, t1, "model.multi_modal_projector"), flops(r0, t0, "model.multi_modal_projector"));
    for (model::NodeId id = 0; id < t1.storedNodes(); ++id)
        QVERIFY(r1.node(id).self[Kind::Flops]->toDouble() >= 0);
}

// Weights as the checkpoint stores them, scales included, by hand from the shapes; the parameter count stays the
// logical one. gpt-oss (MXFP4, modules_to_not_convert: attention, router, embeddings, lm_head): an expert matrix
// of e elements stores e/2 bytes of 4-bit values and e/32 scale bytes, everything else bf16:
//   20b: 2 x (2 x 201088 x 2880 + 2880 + 24 x 143,247,040 bf16 per layer) + 24 x 32 x 3 x 2880^2 x 17/32.
// DeepSeek-V3 (fp8 e4m3, 128x128 blocks): every Linear of the layers stores 1 byte per element and a 4-byte scale per
// block (q_a, q_b, kv_a, kv_b, o; the dense MLPs of layers 0-2; 256 routed and 1 shared expert of layers 3-60);
// router, norms, embeddings and lm_head bf16: 673,150,552,416 bytes for 671,026,404,352 parameters.
// Llama-2-7B GPTQ int4, group 128: per Linear out x in / 2 + out x groups x (2 + 0.5) + 4 x in, the rest fp16.
void TestFamilies::storedWeights_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qlonglong>("params");
    QTest::addColumn<qlonglong>("bytes");
    QTest::addColumn<QString>("method");
    QTest::addRow("gpt-oss-20b mxfp4") << "test:gpt-oss-20b-mxfp4.json" << 20914757184LL << 13761264768LL << "mxfp4";
    QTest::addRow("gpt-oss-120b mxfp4") << "test:gpt-oss-120b-mxfp4.json" << 116829156672LL << 65248815744LL << "mxfp4";
    QTest::addRow("DeepSeek-V3 fp8") << "catalogue:deepseek-ai__DeepSeek-V3.json" << 671026404352LL << 673150552416LL
                                     << "fp8";
    QTest::addRow("Llama-2-7B gptq") << "test:llama-2-7b-gptq.json" << 6738415616LL << 3893862400LL << "gptq";
    // No quantization: torch_dtype float16 says 2 bytes a parameter.
    QTest::addRow("Llama-2-7B fp16") << "catalogue:meta-llama__Llama-2-7b-hf.json" << 6738415616LL << 2 * 6738415616LL
                                     << "";
}

void TestFamilies::storedWeights()
{
    QFETCH(QString, file);
    QFETCH(qlonglong, params);
    QFETCH(qlonglong, bytes);
    QFETCH(QString, method);
    QString error;
    const auto tree = build(file, &error);
    QVERIFY2(tree, qPrintable(error));
    QCOMPARE(qlonglong(tree->totalParams()), params);
    QVERIFY(tree->storedWeights());
    QCOMPARE(QString::fromStdString(tree->storedWeights()->method), method);
    analysis::Settings s;
    s.phase = analysis::Phase::Decode;
    s.seq = 1;
    s.past = 4096;
    const auto r = analysis::analyze(*tree, library(), s);
    QCOMPARE(qlonglong(r.weightBytes.toDouble()), bytes);
    QVERIFY(!r.storedWeights.empty());
    // An explicit dtype overrides the checkpoint: params x bytes.
    s.checkpointWeights = false;
    s.weightDtype = analysis::Dtype::INT8;
    QCOMPARE(qlonglong(analysis::analyze(*tree, library(), s).weightBytes.toDouble()), params);
    if (file.contains(QStringLiteral("120b"))) {
        // gpt-oss-120b decoding after 4,096 tokens fits one 80 GB device: weights, KV cache and activations.
        QVERIFY(r.footprintBytes->toDouble() < 80.0 * 1024 * 1024 * 1024);
        QVERIFY(r.footprintBytes->toDouble() > double(bytes));
    }
}

QTEST_GUILESS_MAIN(TestFamilies)
#include "tst_families.moc"
