// SPDX-License-Identifier: GPL-3.0-or-later
// Architecture definitions an agent drafts: the review status of definitions in the registry, the prompt, extracting
// an untrusted answer, checking it against the checkpoint, landing all of it or nothing, reviewing it, and the whole
// loop on "Nova", a model family invented for this test (tests/data/newfamily: config, modeling source, a header-only
// safetensors checkpoint) with a scripted agent behind the command provider.

#include "agent/architecturedraft.h"
#include "agent/provider.h"
#include "analysis/analysis.h"
#include "analysis/workspace.h"
#include "db/databasesession.h"
#include "model/architecture.h"
#include "model/modelconfig.h"
#include "model/modelloader.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <map>

using namespace lmp;
using formula::Int;
using formula::Kind;
using model::ArchitectureStatus;

namespace {

const QString kData = QStringLiteral(LMP_TEST_DATA_DIR "/newfamily");
const QDateTime kNow = QDateTime(QDate(2025, 6, 1), QTime(12, 0), Qt::UTC);

QByteArray readBytes(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeBytes(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

db::Json readJson(const QString& path)
{
    return db::Json::parse(readBytes(path).toStdString());
}

// Every file of a folder with its bytes (a missing folder: empty).
std::map<QString, QByteArray> snapshot(const QString& folder)
{
    std::map<QString, QByteArray> out;
    const QDir dir(folder);
    for (const QString& name : dir.entryList(QDir::Files, QDir::Name))
        out[name] = readBytes(dir.filePath(name));
    return out;
}

model::ModelConfig novaConfig()
{
    auto config = model::loadModelConfig(kData + QStringLiteral("/config.json"));
    if (auto* e = std::get_if<model::ModelError>(&config))
        qFatal("%s", e->describe().c_str());
    return std::get<model::ModelConfig>(std::move(config));
}

model::ArchitectureRegistry registryWith(const QStringList& userFolders = {})
{
    auto loaded = model::ArchitectureRegistry::loadBuiltin(userFolders);
    if (auto* e = std::get_if<model::ModelError>(&loaded))
        qFatal("%s", e->describe().c_str());
    return std::get<model::ArchitectureRegistry>(std::move(loaded));
}

// The hand-written answer (tests/data/newfamily/agent_answer.md) as parsed JSON.
db::Json goodAnswerObject()
{
    const QByteArray text = readBytes(kData + QStringLiteral("/agent_answer.md"));
    const qsizetype open = text.indexOf("```json\n");
    const qsizetype close = text.lastIndexOf("\n```");
    return db::Json::parse(text.mid(open + 8, close - open - 8).toStdString());
}

QString messages(const std::vector<agent::Refusal>& refusals)
{
    QStringList out;
    for (const auto& r : refusals)
        out << QString::fromStdString(r.rule + ": " + r.message);
    return out.join(u'\n');
}

bool anyRefusal(const std::vector<agent::Refusal>& refusals, const std::string& rule, const std::string& part)
{
    return std::any_of(refusals.begin(), refusals.end(),
        [&](const agent::Refusal& r) { return r.rule == rule && r.message.find(part) != std::string::npos; });
}

// The scripted agent: a shell script that drains the prompt from stdin (keeping a copy) and prints an answer file.
QString writeAgentScript(const QTemporaryDir& dir, const QString& answerFile)
{
    const QString script = dir.filePath(QStringLiteral("agent.sh"));
    const QByteArray text = "#!/bin/sh\ncat > '" + dir.filePath(QStringLiteral("prompt.txt")).toUtf8() + "'\ncat '"
        + answerFile.toUtf8() + "'\n";
    writeBytes(script, text);
    QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return script;
}

// Asks the scripted agent through the command provider; the reply's text.
QString askAgent(const QString& script, const agent::Prompt& prompt)
{
    agent::ProviderConfig config;
    config.kind = agent::ProviderKind::Command;
    config.command = QStringLiteral("/bin/sh ") + script;
    config.model = QStringLiteral("scripted-nova");
    config.timeoutMs = 60000;
    auto provider = agent::makeProvider(config, QString());
    if (!provider)
        return {};
    QSignalSpy finished(provider.get(), &agent::Provider::finished);
    provider->start({ prompt.system, prompt.text });
    if (!finished.wait(60000) || finished.isEmpty())
        return {};
    const auto reply = finished.takeFirst().at(0).value<agent::Reply>();
    if (!reply.ok)
        qWarning("%s", qPrintable(reply.error));
    return reply.ok ? reply.text : QString();
}

agent::DraftOrigin origin(const agent::Prompt& prompt)
{
    return { QStringLiteral("command/scripted-nova"), prompt.version, prompt.hash() };
}

// ---- the hand derivation of Nova's figures (config.json: hidden 64, 2 layers, 4 heads, 2 key/value heads,
// head_dim 16, intermediate 128, vocab 256, q/k/v with bias, o_proj and the MLP without, untied LM head) ----
struct NovaFigures
{
    Int flops = 0;
    Int matmul = 0;
};

NovaFigures novaDerivation(Int B, Int S, Int P)
{
    const Int h = 64, I = 128, V = 256, layers = 2, H = 4, KV = 2, hd = 16;
    const Int T = B * S, Skv = P + S;
    const Int logits = T; // the LM head runs on every position (logits "all")
    NovaFigures f;
    // Per layer, attention. Projections are 2*T*in*out (one multiply-add per weight and token), a bias adds T*out.
    const Int q = 2 * T * h * (H * hd) + T * (H * hd); // q_proj, with bias
    const Int k = 2 * T * h * (KV * hd) + T * (KV * hd); // k_proj, with bias (grouped: 2 key/value heads)
    const Int v = k; // v_proj, the same
    const Int o = 2 * T * (H * hd) * h; // o_proj, no bias
    const Int rotary = (3 * hd + hd / 2) * T * (H + KV); // q*cos + rotate_half(q)*sin on q and k heads
    const Int scores = 2 * B * H * S * Skv * hd; // Q K^T, keys repeated to the 4 query heads
    const Int softmax = 7 * B * H * S * Skv; // scale, mask add, softmax (max, subtract, exp, sum, divide)
    const Int values = 2 * B * H * S * Skv * hd; // probs @ V
    const Int attention = q + k + v + rotary + scores + softmax + values + o;
    const Int attentionMatmul = (q - T * H * hd) + (k - T * KV * hd) + (v - T * KV * hd) + scores + values + o;
    // Per layer, the gated MLP: gate and up 2*T*h*I each, SiLU 4 per element, the gating product, down 2*T*I*h.
    const Int mlp = 2 * T * h * I * 2 + 4 * T * I + T * I + 2 * T * I * h;
    const Int mlpMatmul = 2 * T * h * I * 2 + 2 * T * I * h;
    const Int norms = 2 * 4 * T * h; // two RMSNorms, 4 FLOPs per element
    const Int residuals = 2 * T * h; // two residual adds
    f.flops = layers * (attention + mlp + norms + residuals);
    f.matmul = layers * (attentionMatmul + mlpMatmul);
    // The model: the embedding gathers (0), rotary once (the freqs matmul 2*(hd/2)*S, cos and sin 2*S*hd), the
    // final norm, and the LM head 2*logits*h*V.
    const Int rotaryMatmul = 2 * 1 * (hd / 2) * S;
    f.flops += rotaryMatmul + 2 * 1 * S * hd + 4 * T * h + 2 * logits * h * V;
    f.matmul += rotaryMatmul + 2 * logits * h * V;
    return f;
}

// Parameters: embed 256*64; per layer q 64*64+64, k and v 32*64+32, o 64*64, gate/up/down 3*128*64, norms 2*64;
// the final norm 64; the LM head 256*64.
constexpr Int kNovaParams =
    256 * 64 + 2 * ((64 * 64 + 64) + 2 * (32 * 64 + 32) + 64 * 64 + 3 * 128 * 64 + 2 * 64) + 64 + 256 * 64;

} // namespace

class TestArchitectureDraft : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(QFileInfo::exists(kData + QStringLiteral("/model.safetensors")));
        QCOMPARE(kNovaParams, Int(107072));
    }

    // The review status of definitions in the registry and on a loaded model.
    void registryStatus()
    {
        QTemporaryDir dir;
        const db::Json nova = goodAnswerObject()["architecture"];
        auto write = [&](const QString& name, const char* status, const QString& notes = {}) {
            db::Json def = nova;
            if (status)
                def["validation"] = { { "status", status }, { "validator", "Ada" }, { "date", "2025-06-01" },
                    { "notes", notes.isEmpty() ? db::Json(nullptr) : db::Json(notes.toStdString()) } };
            writeBytes(dir.filePath(name), QByteArray::fromStdString(def.dump(2)));
        };
        write(QStringLiteral("novaforcausallm.json"), "pending");
        {
            const auto registry = registryWith({ dir.path() });
            const model::Architecture* arch = registry.find("NovaForCausalLM");
            QVERIFY(arch);
            QCOMPARE(arch->status, ArchitectureStatus::Pending);
            QVERIFY(!arch->builtin);
            QCOMPARE(arch->validator, std::string("Ada"));
            QVERIFY(registry.find("LlamaForCausalLM")->builtin);
            QCOMPARE(registry.find("LlamaForCausalLM")->status, ArchitectureStatus::Validated);
            QVERIFY(registry.findBuiltin("LlamaForCausalLM"));
            QVERIFY(!registry.findBuiltin("NovaForCausalLM"));
            auto loaded = model::loadModel(kData, registry);
            QVERIFY2(std::holds_alternative<model::LoadedModel>(loaded),
                std::get_if<model::ModelError>(&loaded) ? std::get<model::ModelError>(loaded).describe().c_str() : "");
            const auto& m = std::get<model::LoadedModel>(loaded);
            QCOMPARE(m.architectureStatus, std::optional(ArchitectureStatus::Pending));
            QCOMPARE(m.architectureFile, dir.filePath(QStringLiteral("novaforcausallm.json")));
            QCOMPARE(QString::fromStdString(m.architectureNote()),
                QStringLiteral("architecture definition pending review (%1)").arg(m.architectureFile));
            QCOMPARE(m.tree.totalParams(), kNovaParams);
            QVERIFY(m.comparison && m.comparison->matches());
        }
        write(QStringLiteral("novaforcausallm.json"), "needs_changes");
        {
            const auto registry = registryWith({ dir.path() });
            auto loaded = model::loadModel(kData, registry);
            QVERIFY(std::holds_alternative<model::LoadedModel>(loaded));
            QVERIFY(QString::fromStdString(std::get<model::LoadedModel>(loaded).architectureNote())
                        .startsWith(QStringLiteral("architecture definition needs changes (")));
        }
        write(QStringLiteral("novaforcausallm.json"), "rejected", QStringLiteral("the MLP is wrong"));
        {
            const auto registry = registryWith({ dir.path() });
            QVERIFY(!registry.find("NovaForCausalLM"));
            QVERIFY(registry.findRejected("NovaForCausalLM"));
            auto loaded = model::loadModel(kData, registry);
            QVERIFY(std::holds_alternative<model::ModelError>(loaded));
            const QString message = QString::fromStdString(std::get<model::ModelError>(loaded).describe());
            QVERIFY2(message.contains(QStringLiteral("the definition NovaForCausalLM in %1 is rejected (by Ada, "
                                                     "2025-06-01): the MLP is wrong")
                                          .arg(dir.filePath(QStringLiteral("novaforcausallm.json")))),
                qPrintable(message));
        }
        // A rejected user override leaves the built-in definition in use.
        {
            QTemporaryDir other;
            db::Json llama = readJson(QStringLiteral(":/lmp/architectures/llama.json"));
            llama["validation"] = { { "status", "rejected" } };
            writeBytes(other.filePath(QStringLiteral("llama.json")), QByteArray::fromStdString(llama.dump()));
            const auto registry = registryWith({ other.path() });
            QVERIFY(registry.find("LlamaForCausalLM") && registry.find("LlamaForCausalLM")->builtin);
            QVERIFY(!registry.findRejected("LlamaForCausalLM"));
        }
        // No validation: validated (a definition a person wrote). A bad status: the folder does not load.
        write(QStringLiteral("novaforcausallm.json"), nullptr);
        QCOMPARE(registryWith({ dir.path() }).find("NovaForCausalLM")->status, ArchitectureStatus::Validated);
        write(QStringLiteral("novaforcausallm.json"), "approved");
        auto bad = model::ArchitectureRegistry::loadBuiltin({ dir.path() });
        QVERIFY(std::holds_alternative<model::ModelError>(bad));
        QVERIFY(std::get<model::ModelError>(bad).message.find("unknown status 'approved'") != std::string::npos);
        // A module-tree dump has no definition.
        QCOMPARE(model::LoadedModel().architectureNote(), std::string());
    }

    void modelingSources()
    {
        QString message;
        const auto sources = agent::findModelingSources("nova", "NovaForCausalLM",
            { { kData + QStringLiteral("/source"), QStringLiteral("fixture") } }, QString(), &message);
        QCOMPARE(sources.size(), std::size_t(2));
        QVERIFY(sources[0].path.endsWith(QStringLiteral("models/nova/modeling_nova.py")));
        QVERIFY(sources[0].text.contains(QStringLiteral("class NovaAttention(nn.Module):")));
        QVERIFY(sources[1].path.endsWith(QStringLiteral("models/nova/configuration_nova.py")));
        QVERIFY(message.isEmpty());
        // Names that are no identifiers are never looked up.
        QVERIFY(agent::findModelingSources("../nova", "NovaForCausalLM", {}, QString(), &message).empty());
        QVERIFY(message.contains(QStringLiteral("not a plain name")));
        QVERIFY(
            agent::findModelingSources("nova", "Missing", { { kData + QStringLiteral("/source"), {} } }, {}, &message)
                .empty());
        QVERIFY(!message.isEmpty());
    }

    void prompt()
    {
        auto database = db::LayeredDatabase::withBuiltin(QString());
        QVERIFY(std::holds_alternative<db::LayeredDatabase>(database));
        const auto& db = std::get<db::LayeredDatabase>(database);
        const auto sources =
            agent::findModelingSources("nova", "NovaForCausalLM", { { kData + QStringLiteral("/source"), QString() } });
        const agent::ArchitectureTask task = agent::architectureTask(novaConfig(), db, sources);
        QCOMPARE(task.architecture, std::string("NovaForCausalLM"));
        QCOMPARE(task.modelType, std::string("nova"));
        QCOMPARE(task.exampleEntries.size(), std::size_t(3));
        const agent::Prompt p = agent::buildArchitecturePrompt(task);
        QCOMPARE(p.version, QString::fromLatin1(agent::kArchitecturePromptVersion));
        QVERIFY(p.hash().startsWith(QStringLiteral("sha256:")));
        QCOMPARE(p.hash(), agent::buildArchitecturePrompt(task).hash());
        QVERIFY(p.text.contains(QStringLiteral("\"qkv_bias\": true")));
        QVERIFY(p.text.contains(QStringLiteral("class NovaAttention(nn.Module):")));
        QVERIFY(p.text.contains(QStringLiteral("class NovaConfig(PretrainedConfig):")));
        QVERIFY(p.text.contains(QStringLiteral("# Architecture definitions"))); // README.md from the resources
        QVERIFY(p.text.contains(QStringLiteral("## Node")));
        QVERIFY(p.text.contains(QStringLiteral("\"LlamaForCausalLM\""))); // llama.json
        QVERIFY(p.text.contains(QStringLiteral("\"transformers.pytorch_utils.Conv1D\""))); // classes.json
        QVERIFY(p.text.contains(QStringLiteral("- torch__nn__Linear(N, in_features, out_features, bias")));
        QVERIFY(p.text.contains(QStringLiteral("transformers.models.llama.modeling_llama.LlamaMLP:")));
        QVERIFY(p.text.contains(QStringLiteral("\"architectures\": [\"NovaForCausalLM\"]")));
        QVERIFY(p.text.contains(QStringLiteral("- ${T}: ")));
        QVERIFY(p.system.contains(QStringLiteral("never code")));
        QVERIFY(p.system.contains(QStringLiteral("\"entries\"")));
    }

    void extract_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("reason"); // empty: extracted
        const QByteArray good = QByteArray::fromStdString(goodAnswerObject().dump());
        QTest::addRow("bare") << good << QString();
        QTest::addRow("fenced with prose") << "Here it is:\n\n```json\n" + good + "\n```\nDone." << QString();
        QTest::addRow("prose around a bare object") << "My answer: " + good + " (end)" << QString();
        QTest::addRow("bare, then prose") << good + "\n\nThat is all." << QString();
        QTest::addRow("other fenced blocks") << "```python\nprint(1)\n```\n```json\n" + good + "\n```\n" << QString();
        QTest::addRow("not JSON") << QByteArray("{\"architecture\": {\"format\": 1,}}")
                                  << QStringLiteral("the answer is not JSON (line 1, column 31)");
        QTest::addRow("no JSON at all") << QByteArray("I cannot do that.") << QStringLiteral("holds no JSON object");
        QTest::addRow("two answers") << "```json\n" + good + "\n```\nor\n```json\n" + good + "\n```\n"
                                     << QStringLiteral("holds 2 answer objects");
        QTest::addRow("two bare answers") << good + "\n" + good << QStringLiteral("is not JSON");
        QTest::addRow("over the size limit")
            << QByteArray(3 * 1024 * 1024, ' ') + good << QStringLiteral("more than the limit of 2097152");
        QByteArray deep = "{\"architecture\": {\"root\": ";
        for (int i = 0; i < 80; ++i)
            deep += "[";
        for (int i = 0; i < 80; ++i)
            deep += "]";
        QTest::addRow("too deep") << deep + "}}" << QStringLiteral("nests deeper than 64 levels");
        QTest::addRow("not UTF-8") << QByteArray("{\"architecture\": {\"x\": \"\xC3\x28\"}}")
                                   << QStringLiteral("not UTF-8");
        QTest::addRow("duplicate key") << QByteArray("{\"architecture\": {\"format\": 1, \"format\": 2}}")
                                       << QStringLiteral("keys that occur twice: /architecture/format");
        QTest::addRow("no answer object") << QByteArray("{\"format\": 1}") << QStringLiteral("holds no answer object");
        QTest::addRow("unknown field") << QByteArray("{\"architecture\": {}, \"code\": \"import os\"}")
                                       << QStringLiteral("has a field \"code\"");
        QTest::addRow("architecture not an object")
            << QByteArray("{\"architecture\": \"llama\"}") << QStringLiteral("must be the definition");
        QTest::addRow("bad entry key") << QByteArray("{\"architecture\": {}, \"entries\": {\"../x\": {}}}")
                                       << QStringLiteral("\"../x\" is not a module key");
        QTest::addRow("entry twice") << QByteArray("{\"architecture\": {}, \"entries\": {\"a.B\": {}, \"a__B\": {}}}")
                                     << QStringLiteral("two entries for a__B");
        QTest::addRow("entry not an object") << QByteArray("{\"architecture\": {}, \"entries\": {\"a.B\": 3}}")
                                             << QStringLiteral("is not a JSON object");
        QTest::addRow("template too long")
            << "{\"architecture\": {}, \"entries\": {\"a.B\": {\"flop_analysis\": {\"formula_template\": \""
                + QByteArray(20000, '1') + "\"}}}}"
            << QStringLiteral("templates longer than 16384 bytes: /flop_analysis/formula_template");
    }

    void extract()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, reason);
        const auto extracted = agent::extractArchitectureAnswer(answer.toStdString());
        QStringList reasons;
        for (const auto& r : extracted.reasons)
            reasons << QString::fromStdString(r);
        if (reason.isEmpty()) {
            QVERIFY2(extracted.ok(), qPrintable(reasons.join(u'\n')));
            QVERIFY(extracted.definition["architectures"][0] == db::Json("NovaForCausalLM"));
            QCOMPARE(extracted.entries.size(), std::size_t(5));
            QCOMPARE(extracted.entries[0].first, std::string("transformers__models__nova__modeling_nova__NovaRMSNorm"));
            QVERIFY(!extracted.notes.empty());
        } else {
            QVERIFY(!extracted.ok());
            QVERIFY2(reasons.join(u'\n').contains(reason), qPrintable(reasons.join(u'\n')));
            QVERIFY(extracted.definition.is_null());
            QVERIFY(extracted.entries.empty());
        }
    }

    // The whole loop: the prompt to the scripted agent through the command provider, its answer extracted, checked
    // and landed as pending; both reviewed; the model analyzed exactly as derived by hand.
    void endToEnd()
    {
        QTemporaryDir dir;
        const QString userFolder = dir.filePath(QStringLiteral("architectures"));
        const QString userDb = dir.filePath(QStringLiteral("module_db.json"));
        db::DatabaseSession session;
        QVERIFY(!session.open(userDb));

        // The prompt, as the window or lmp would build it.
        const auto sources =
            agent::findModelingSources("nova", "NovaForCausalLM", { { kData + QStringLiteral("/source"), QString() } });
        const agent::Prompt prompt =
            agent::buildArchitecturePrompt(agent::architectureTask(novaConfig(), session.database(), sources));
        const QString script = writeAgentScript(dir, kData + QStringLiteral("/agent_answer.md"));
        const QString reply = askAgent(script, prompt);
        QVERIFY(!reply.isEmpty());
        QVERIFY(readBytes(dir.filePath(QStringLiteral("prompt.txt"))).contains("class NovaMLP(nn.Module):"));

        const auto extracted = agent::extractArchitectureAnswer(reply.toStdString());
        QVERIFY(extracted.ok());

        // The check alone: the tree, and the checkpoint it matches.
        const auto registry = registryWith({ userFolder });
        agent::ArchitectureCheckContext context;
        context.config = novaConfig();
        context.registry = &registry;
        {
            agent::ArchitectureCheckContext withDb = context;
            withDb.database = &session.database();
            withDb.userFolder = userFolder;
            const auto check = agent::checkArchitectureDraft(extracted.definition, withDb, extracted.entries);
            QVERIFY2(check.ok(), qPrintable(messages(check.refusals)));
            QVERIFY(check.tree);
            QCOMPARE(check.tree->totalParams(), kNovaParams);
            QVERIFY(check.comparison && check.comparison->matches());
            QCOMPARE(check.comparedWith, kData + QStringLiteral("/model.safetensors"));
            QCOMPARE(check.checkpoint->tensors.size(), std::size_t(27));
            QVERIFY(check.notes.empty());
        }

        const auto landing = agent::landArchitectureAnswer(
            extracted, context, session, origin(prompt), userFolder, /*saveDatabase=*/true, kNow);
        QVERIFY2(landing.ok(), qPrintable(messages(landing.refusals)));
        const QString file = QDir(userFolder).filePath(QStringLiteral("novaforcausallm.json"));
        QCOMPARE(landing.file, file);
        QCOMPARE(landing.entryKeys.size(), std::size_t(5));
        QCOMPARE(landing.entryKeys.back(), std::string("transformers__models__nova__modeling_nova__NovaDecoderLayer"));

        // Landed as pending: the definition with its draft revision, the entries in the saved user database.
        const db::Json landed = readJson(file);
        QVERIFY(landed["validation"]["status"] == db::Json("pending"));
        QVERIFY(landed["validation"]["validator"] == db::Json("agent:command/scripted-nova"));
        QVERIFY(landed["validation"]["date"] == db::Json("2025-06-01"));
        QCOMPARE(landed["history"].size(), std::size_t(1));
        QVERIFY(landed["history"][0]["action"] == db::Json("draft"));
        QVERIFY(landed["history"][0]["prompt_version"] == db::Json(agent::kArchitecturePromptVersion));
        QVERIFY(landed["history"][0]["prompt_hash"] == db::Json(prompt.hash().toStdString()));
        QVERIFY(landed["history"][0]["date"] == db::Json("2025-06-01T12:00:00Z"));
        QVERIFY(!session.dirty());
        const db::Json saved = readJson(userDb);
        for (const auto& key : landing.entryKeys) {
            QVERIFY(saved["modules"][key]["validation"]["status"] == db::Json("pending"));
            QCOMPARE(session.database().user()->status(key), std::optional(db::Status::Pending));
        }

        // Pending: the model loads with its note, and the analysis rests on unreviewed formulas.
        {
            const auto pendingRegistry = registryWith({ userFolder });
            auto loaded = model::loadModel(kData, pendingRegistry);
            QVERIFY(std::holds_alternative<model::LoadedModel>(loaded));
            QCOMPARE(std::get<model::LoadedModel>(loaded).architectureNote(),
                "architecture definition pending review (" + file.toStdString() + ")");
        }

        // The review: the definition approved by the review function, the entries by the database session.
        QVERIFY(!agent::reviewArchitecture(file, ArchitectureStatus::Validated, QStringLiteral("Ada"),
            QStringLiteral("Checked against modeling_nova.py"), kNow.addSecs(3600)));
        for (const auto& key : landing.entryKeys)
            QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
                session.approve(key, QStringLiteral("Ada"), QString(), kNow.addSecs(3600))));
        QVERIFY(!session.save());

        // Approved: the model loads validated and its analysis is complete, with no warning, equal to the derivation.
        const auto finalRegistry = registryWith({ userFolder });
        auto loaded = model::loadModel(kData, finalRegistry);
        QVERIFY(std::holds_alternative<model::LoadedModel>(loaded));
        const model::LoadedModel& model = std::get<model::LoadedModel>(loaded);
        QCOMPARE(model.architectureStatus, std::optional(ArchitectureStatus::Validated));
        QCOMPARE(model.architectureNote(), std::string());
        QCOMPARE(model.tree.totalParams(), kNovaParams);
        QVERIFY(model.comparison && model.comparison->matches());
        auto reopened = db::LayeredDatabase::withBuiltin(userDb);
        QVERIFY(std::holds_alternative<db::LayeredDatabase>(reopened));
        const formula::Library library = analysis::libraryFrom(std::get<db::LayeredDatabase>(reopened));

        struct Step
        {
            const char* name;
            Int B, S, P;
        };
        for (const Step& step : { Step { "prefill B=1 S=8", 1, 8, 0 }, Step { "decode B=2 after 15", 2, 1, 15 },
                 Step { "prefill B=3 S=5", 3, 5, 0 } }) {
            analysis::Settings settings;
            settings.phase = step.S == 1 ? analysis::Phase::Decode : analysis::Phase::Prefill;
            settings.batch = step.B;
            settings.seq = step.S;
            settings.past = step.P;
            const analysis::AnalysisResult result = analysis::analyze(model.tree, library, settings);
            for (model::NodeId id = 0; id < model.tree.storedNodes(); ++id) {
                const auto& n = result.node(id);
                std::string warnings = model.tree.node(id).classPath + ":";
                for (const auto& w : n.warnings)
                    warnings += " " + w;
                QVERIFY2(n.warnings.empty(), warnings.c_str());
                QVERIFY(!n.restsOnUnreviewed);
            }
            const auto& root = result.node(model.tree.root());
            QVERIFY(root.complete);
            const NovaFigures expected = novaDerivation(step.B, step.S, step.P);
            QCOMPARE(root.inclusive[Kind::Flops]->toInteger(), expected.flops);
            QCOMPARE(root.inclusive[Kind::MatmulFlops]->toInteger(), expected.matmul);
            QCOMPARE(root.inclusive[Kind::Params]->toInteger(), kNovaParams);
            if (step.B == 1 && step.S == 8) {
                // The prefill of 8 tokens, in numbers: per layer 621,952 FLOPs, plus rotary 384, norm 2,048 and the
                // LM head 262,144.
                QCOMPARE(expected.flops, Int(1508480));
                QCOMPARE(expected.matmul, Int(1474688));
            }
            QVERIFY(analysis::unreviewedSummary(result).empty());
        }
    }

    // An answer whose tree has a wrong tensor shape is refused by the checkpoint with the names that differ, and
    // nothing is written: the user folder and the database keep their bytes.
    void wrongParameterCount()
    {
        QTemporaryDir dir;
        const QString userFolder = dir.filePath(QStringLiteral("architectures"));
        const QString userDb = dir.filePath(QStringLiteral("module_db.json"));
        QVERIFY(QDir().mkpath(userFolder));
        // Something there already: another definition, and a user database with one reviewed entry.
        writeBytes(QDir(userFolder).filePath(QStringLiteral("other.json")),
            "{\"format\": 1, \"architectures\": [\"OtherModel\"], \"root\": {\"class\": \"torch.nn.Identity\"}}\n");
        {
            db::DatabaseSession session;
            QVERIFY(!session.open(userDb));
            QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
                session.approve("torch__nn__Linear", QStringLiteral("Ada"), QStringLiteral("again"), kNow)));
            QVERIFY(!session.save());
        }
        const auto folderBefore = snapshot(userFolder);
        const QByteArray dbBefore = readBytes(userDb);
        QVERIFY(!dbBefore.isEmpty());

        // The agent got the MLP's up projection wrong: 4 * hidden_size (256) instead of intermediate_size (128).
        db::Json answer = goodAnswerObject();
        db::Json& mlp = answer["architecture"]["root"]["children"][0]["children"][1]["item"]["children"][1];
        QVERIFY(mlp["name"] == db::Json("mlp"));
        mlp["children"][1]["params"]["out_features"] = "4 * ${hidden_size}";
        const QString answerFile = dir.filePath(QStringLiteral("wrong_answer.md"));
        writeBytes(answerFile, "```json\n" + QByteArray::fromStdString(answer.dump(2)) + "\n```\n");
        const agent::Prompt prompt { QString::fromLatin1(agent::kArchitecturePromptVersion), {}, QStringLiteral("x") };
        const QString reply = askAgent(writeAgentScript(dir, answerFile), prompt);
        const auto extracted = agent::extractArchitectureAnswer(reply.toStdString());
        QVERIFY(extracted.ok());

        db::DatabaseSession session;
        QVERIFY(!session.open(userDb));
        const auto registry = registryWith({ userFolder });
        agent::ArchitectureCheckContext context;
        context.config = novaConfig();
        context.registry = &registry;
        const auto landing =
            agent::landArchitectureAnswer(extracted, context, session, origin(prompt), userFolder, true, kNow);
        QVERIFY(!landing.ok());
        const QString text = messages(landing.refusals);
        QVERIFY2(anyRefusal(landing.refusals, "checkpoint",
                     "model.layers.0.mlp.up_proj.weight: tree [256, 64], checkpoint [128, 64]"),
            qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("model.layers.1.mlp.up_proj.weight: tree [256, 64], checkpoint [128, 64]")));
        QVERIFY(text.contains(QStringLiteral("the tree has 123,456 parameters, the checkpoint 107,072")));
        QVERIFY(landing.file.isEmpty() && landing.entryKeys.empty());
        QVERIFY(snapshot(userFolder) == folderBefore);
        QCOMPARE(readBytes(userDb), dbBefore);
        QVERIFY(!session.dirty());
        QVERIFY(!session.database().user()->contains("transformers__models__nova__modeling_nova__NovaMLP"));
    }

    // An answer for an architecture with a built-in definition is refused, and so are entries the database has, leaf
    // classes without any entry, and entries for classes the tree does not have.
    void refusedDefinitions()
    {
        QTemporaryDir dir;
        const QString userFolder = dir.filePath(QStringLiteral("architectures"));
        db::DatabaseSession session;
        QVERIFY(!session.open(dir.filePath(QStringLiteral("db.json"))));
        const auto registry = registryWith({ userFolder });

        // LlamaForCausalLM: built in.
        {
            auto config = model::loadModelConfig(QStringLiteral("TinyLlama/TinyLlama-1.1B-Chat-v1.0"));
            QVERIFY(std::holds_alternative<model::ModelConfig>(config));
            db::Json answer = { { "architecture", readJson(QStringLiteral(":/lmp/architectures/llama.json")) } };
            const auto extracted = agent::extractArchitectureAnswer(answer.dump());
            QVERIFY(extracted.ok());
            agent::ArchitectureCheckContext context;
            context.config = std::get<model::ModelConfig>(config);
            context.registry = &registry;
            const auto landing = agent::landArchitectureAnswer(
                extracted, context, session, { QStringLiteral("x"), {}, {} }, userFolder, true, kNow);
            QVERIFY(anyRefusal(landing.refusals, "builtin",
                "LlamaForCausalLM has a built-in definition (:/lmp/architectures/llama.json): a draft never replaces "
                "it"));
            QVERIFY(!QDir(userFolder).exists());
        }

        agent::ArchitectureCheckContext context;
        context.config = novaConfig();
        context.registry = &registry;
        context.database = &session.database();
        const db::Json good = goodAnswerObject();
        auto entriesOf = [](const db::Json& answer) {
            std::vector<std::pair<std::string, db::Json>> out;
            for (const auto& [k, v] : answer["entries"].items())
                out.emplace_back(k, v);
            return out;
        };
        // A definition naming another architecture first, or a name that is no identifier.
        {
            db::Json def = good["architecture"];
            def["architectures"] = { "../../evil", "NovaForCausalLM" };
            const auto check = agent::checkArchitectureDraft(def, context, entriesOf(good));
            QVERIFY(anyRefusal(check.refusals, "architectures", "\"../../evil\": a class name"));
            QVERIFY(anyRefusal(check.refusals, "architectures", "must start with the config's architectures[0]"));
            QCOMPARE(agent::architectureDraftPath(def, userFolder), QString());
        }
        // Missing entries for leaves; an entry the database has; an entry for a class the tree lacks.
        {
            auto entries = entriesOf(good);
            entries.erase(entries.begin()); // NovaRMSNorm
            entries.push_back(
                { "torch__nn__SiLU", good["entries"]["transformers__models__nova__modeling_nova__NovaMLP"] });
            entries.push_back({ "transformers__models__nova__modeling_nova__NovaExtra",
                good["entries"]["transformers__models__nova__modeling_nova__NovaMLP"] });
            const auto check = agent::checkArchitectureDraft(good["architecture"], context, entries);
            QVERIFY2(
                anyRefusal(check.refusals, "entries",
                    "no entry for transformers.models.nova.modeling_nova.NovaRMSNorm (model.layers.0.input_layernorm)"),
                qPrintable(messages(check.refusals)));
            QVERIFY(anyRefusal(
                check.refusals, "entries", "the database already has an entry for torch.nn.SiLU (validated)"));
            QVERIFY(anyRefusal(check.refusals, "entries", "NovaExtra, which is no class of the tree"));
        }
        // The definition does not build for the config; does not load; is no format 1.
        {
            db::Json def = good["architecture"];
            def["config"]["required"].push_back("rope_scaling_factor");
            auto check = agent::checkArchitectureDraft(def, context);
            QVERIFY(anyRefusal(check.refusals, "build", "rope_scaling_factor: missing"));
            def = good["architecture"];
            def["validation"] = "claimed"; // dropped: the answer cannot claim a review
            def["history"] = 3;
            def["format"] = 2;
            check = agent::checkArchitectureDraft(def, context, entriesOf(good));
            QVERIFY(anyRefusal(check.refusals, "definition", "\"format\" must be 1"));
            QCOMPARE(check.refusals.size(), std::size_t(1));
            QVERIFY(!check.definition.contains("validation") && !check.definition.contains("history"));
            def = good["architecture"];
            def["root"]["children"][0]["class"] = db::Json::object();
            check = agent::checkArchitectureDraft(def, context);
            QVERIFY(anyRefusal(check.refusals, "build", "class must be a string or"));
        }
    }

    // A module-tree dump in the model folder is compared too: modules, classes and tensors.
    void moduleDump()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(kData + QStringLiteral("/config.json"), dir.filePath(QStringLiteral("config.json"))));
        const db::Json good = goodAnswerObject();
        const auto registry = registryWith();
        agent::ArchitectureCheckContext context;
        context.config = novaConfig();
        context.modelFolder = dir.path();
        context.registry = &registry;
        // No checkpoint and no dump: a note, not a refusal.
        auto check = agent::checkArchitectureDraft(good["architecture"], context);
        QVERIFY(check.ok());
        QCOMPARE(check.notes.size(), std::size_t(1));
        QVERIFY(check.comparedWith.isEmpty());

        // A dump of the same tree, as dump_module_tree.py writes it.
        db::Json dump = { { "format", "lmp-module-dump" }, { "version", 1 }, { "architecture", "NovaForCausalLM" },
            { "modules", db::Json::array() }, { "tied", db::Json::object() } };
        check.tree->walk([&](const std::string& name, const model::Node& node, int) {
            db::Json parameters = db::Json::array();
            for (const auto& t : node.tensors) {
                db::Json shape = db::Json::array();
                for (const Int d : t.shape)
                    shape.push_back(static_cast<std::int64_t>(d));
                parameters.push_back(db::Json { { "name", t.name }, { "shape", shape }, { "dtype", "bfloat16" } });
            }
            dump["modules"].push_back(db::Json { { "name", name }, { "class", node.classPath },
                { "attributes", db::Json::object() }, { "parameters", parameters } });
            return true;
        });
        const QString dumpFile = dir.filePath(QStringLiteral("nova_dump.json"));
        writeBytes(dumpFile, QByteArray::fromStdString(dump.dump(1)));
        check = agent::checkArchitectureDraft(good["architecture"], context);
        QVERIFY2(check.ok(), qPrintable(messages(check.refusals)));
        QCOMPARE(check.comparedWith, dumpFile);

        // The real model's rotary embedding had another class, and its norm a bias.
        for (auto& m : dump["modules"]) {
            if (m["name"] == "model.rotary_emb")
                m["class"] = "transformers.models.nova.modeling_nova.NovaDynamicRotaryEmbedding";
            if (m["name"] == "model.norm")
                m["parameters"].push_back(
                    db::Json { { "name", "bias" }, { "shape", db::Json::array({ 64 }) }, { "dtype", "bfloat16" } });
        }
        writeBytes(dumpFile, QByteArray::fromStdString(dump.dump(1)));
        check = agent::checkArchitectureDraft(good["architecture"], context);
        QVERIFY(anyRefusal(check.refusals, "dump",
            "module classes differ from the module-tree dump nova_dump.json (1): model.rotary_emb: tree "
            "transformers.models.nova.modeling_nova.NovaRotaryEmbedding, dump "
            "transformers.models.nova.modeling_nova.NovaDynamicRotaryEmbedding"));
        QVERIFY(anyRefusal(check.refusals, "dump", "that are no parameter of the tree (1): model.norm.bias"));
    }

    // Landing never replaces what it should not, and replaces an earlier pending draft keeping its history.
    void landAndReview()
    {
        QTemporaryDir dir;
        const QString folder = dir.filePath(QStringLiteral("architectures"));
        const db::Json def = goodAnswerObject()["architecture"];
        const agent::DraftOrigin first { QStringLiteral("command/a"), QStringLiteral("v"), QStringLiteral("sha256:1") };
        const agent::DraftOrigin second { QStringLiteral("command/b"), QStringLiteral("v"),
            QStringLiteral("sha256:2") };
        auto landed = agent::landArchitectureDraft(def, first, folder, kNow, QStringLiteral("first"));
        QVERIFY(std::holds_alternative<QString>(landed));
        const QString file = std::get<QString>(landed);
        QCOMPARE(file, QDir(folder).filePath(QStringLiteral("novaforcausallm.json")));

        // A second draft of a pending one replaces it; the history goes on.
        landed = agent::landArchitectureDraft(def, second, folder, kNow.addDays(1), QStringLiteral("second"));
        QVERIFY(std::holds_alternative<QString>(landed));
        db::Json json = readJson(file);
        QCOMPARE(json["history"].size(), std::size_t(2));
        QVERIFY(json["history"][1]["revision"] == db::Json(2));
        QVERIFY(json["history"][1]["author"] == db::Json("agent:command/b"));
        QVERIFY(json["history"][1]["notes"] == db::Json("second"));

        // Reviews: request changes, then approve; each a revision with what changed; the same review twice records
        // nothing; built-in files, empty reviewers and "pending" are refused.
        QVERIFY(!agent::reviewArchitecture(file, ArchitectureStatus::NeedsChanges, QStringLiteral("Ada"),
            QStringLiteral("o_proj has no bias?"), kNow.addDays(2)));
        json = readJson(file);
        QVERIFY(json["validation"]["status"] == db::Json("needs_changes"));
        QVERIFY(json["validation"]["validator"] == db::Json("Ada"));
        QVERIFY(json["validation"]["notes"] == db::Json("o_proj has no bias?"));
        QVERIFY(json["history"][2]["action"] == db::Json("request_changes"));
        QVERIFY(json["history"][2]["changes"]["/validation/status"]["old"] == db::Json("pending"));
        QVERIFY(json["history"][2]["changes"]["/validation/status"]["new"] == db::Json("needs_changes"));
        const QByteArray before = readBytes(file);
        QVERIFY(!agent::reviewArchitecture(file, ArchitectureStatus::NeedsChanges, QStringLiteral("Ada"),
            QStringLiteral("o_proj has no bias?"), kNow.addDays(3)));
        QCOMPARE(readBytes(file), before);
        // A needs-changes draft may be drafted again.
        QVERIFY(std::holds_alternative<QString>(agent::landArchitectureDraft(def, first, folder, kNow.addDays(3))));
        QVERIFY(readJson(file)["validation"]["status"] == db::Json("pending"));
        QVERIFY(!agent::reviewArchitecture(file, ArchitectureStatus::Validated, QStringLiteral("Ada"), {}, kNow));
        json = readJson(file);
        QVERIFY(json["history"].back()["action"] == db::Json("validate"));
        QVERIFY(json["validation"]["notes"] == db::Json(nullptr));
        // Approved: a draft does not replace it.
        auto refused = agent::landArchitectureDraft(def, first, folder, kNow);
        QVERIFY(std::holds_alternative<std::string>(refused));
        QVERIFY(std::get<std::string>(refused).find("is an approved definition") != std::string::npos);

        QVERIFY(agent::reviewArchitecture(QStringLiteral(":/lmp/architectures/llama.json"),
            ArchitectureStatus::Rejected, QStringLiteral("Ada"), {}, kNow));
        QVERIFY(agent::reviewArchitecture(file, ArchitectureStatus::Rejected, QStringLiteral("  "), {}, kNow));
        QVERIFY(agent::reviewArchitecture(file, ArchitectureStatus::Pending, QStringLiteral("Ada"), {}, kNow));
        QVERIFY(agent::reviewArchitecture(
            dir.filePath(QStringLiteral("none.json")), ArchitectureStatus::Rejected, QStringLiteral("Ada"), {}, kNow));

        // A person's file (no draft revision) and a file of another architecture are never replaced.
        const QString person = QDir(folder).filePath(QStringLiteral("novaforcausallm.json"));
        writeBytes(person, QByteArray::fromStdString(def.dump(2)));
        refused = agent::landArchitectureDraft(def, first, folder, kNow);
        QVERIFY(std::get<std::string>(refused).find("was not drafted by an agent") != std::string::npos);
        db::Json other = def;
        other["architectures"] = { "OtherForCausalLM" };
        writeBytes(person, QByteArray::fromStdString(other.dump(2)));
        refused = agent::landArchitectureDraft(def, first, folder, kNow);
        QVERIFY(
            std::get<std::string>(refused).find("defines OtherForCausalLM, not NovaForCausalLM") != std::string::npos);
        writeBytes(person, "not json");
        QVERIFY(std::holds_alternative<std::string>(agent::landArchitectureDraft(def, first, folder, kNow)));
        QCOMPARE(readBytes(person), QByteArray("not json"));
    }

    void summary()
    {
        const auto registry = registryWith();
        auto arch = model::ArchitectureRegistry::parseDefinition(
            goodAnswerObject()["architecture"], QStringLiteral("/tmp/novaforcausallm.json"));
        QVERIFY(std::holds_alternative<model::Architecture>(arch));
        const auto s = agent::summarizeArchitecture(std::get<model::Architecture>(arch), registry, novaConfig());
        QVERIFY(s.error.empty());
        QVERIFY(s.comparison && s.comparison->matches());
        QCOMPARE(s.comparisonText,
            QStringLiteral("matches: 27 tensors, 107,072 parameters (%1/model.safetensors)\n").arg(kData));
        const QStringList lines = s.treeText.split(u'\n');
        QVERIFY(lines[0].endsWith(QStringLiteral("(NovaForCausalLM, novaforcausallm.json)")));
        QCOMPARE(lines[1], QStringLiteral("107,072 parameters, 33 modules"));
        QVERIFY(lines[3].startsWith(QStringLiteral("MODULE")));
        QCOMPARE(lines[4].simplified(), QStringLiteral("(model) NovaForCausalLM 107,072"));
        QVERIFY(s.treeText.contains(QStringLiteral("\n    layers ")));
        QVERIFY(s.treeText.contains(QStringLiteral("\n      0-1  x2 ")));
        QVERIFY(s.treeText.contains(QStringLiteral(" 37,120 each\n")));
        QVERIFY(s.treeText.contains(QStringLiteral("torch.nn.Linear")));
        // A config it does not build for.
        auto broken = std::get<model::Architecture>(arch);
        broken.json["config"]["required"].push_back("missing_field");
        QVERIFY(agent::summarizeArchitecture(broken, registry, novaConfig()).error.find("missing_field")
            != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestArchitectureDraft)
#include "tst_architecturedraft.moc"
