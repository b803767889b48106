// SPDX-License-Identifier: GPL-3.0-or-later
// Drafts from an agent: extracting one entry from an untrusted answer, the checks that refuse it, landing it as
// pending, the repair round and the queue. The provider is a script answering from the event loop; every hostile
// answer is refused with its reason and leaves the user file and the session's document exactly as they were.

#include "agent/draft.h"
#include "agent/drafter.h"
#include "agent/prompt.h"
#include "agent/provider.h"
#include "analysis/workspace.h"
#include "db/databasesession.h"
#include "formula/evaluator.h"
#include "model/modelloader.h"
#include "testworkspace.h"

#include <QDate>
#include <QFile>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <memory>

using namespace lmp;
using db::Json;

// Json converts to anything: QCOMPARE cannot take it.
#define QCOMPARE_JSON(actual, expected)                                                                                \
    QVERIFY2(Json(actual) == Json(expected),                                                                           \
        qPrintable(                                                                                                    \
            QStringLiteral("%1\n   != %2")                                                                             \
                .arg(QString::fromStdString(Json(actual).dump()), QString::fromStdString(Json(expected).dump()))))

namespace {

const QString kDataDir = QStringLiteral(LMP_TEST_DATA_DIR "/drafts");
constexpr const char* kScaled = "toy__models__ScaledLinear";
constexpr const char* kTinyMlp = "fixture__TinyMLP";

QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

std::string fixture(const char* name)
{
    return readFile(kDataDir + u'/' + QLatin1String(name)).toStdString();
}

// The ScaledLinear entry of the good answer, as a bare entry.
Json scaledLinearEntry()
{
    const std::string answer = fixture("scaled_linear_answer.md");
    const auto begin = answer.find("```json\n") + 8;
    const auto end = answer.find("```", begin);
    return Json::parse(answer.substr(begin, end - begin)).at("toy.models.ScaledLinear");
}

QString fenced(const Json& value)
{
    return QStringLiteral("Here is the entry.\n\n```json\n%1\n```\n").arg(QString::fromStdString(value.dump(2)));
}

QString keyed(const char* path, const Json& entry)
{
    return fenced(Json { { path, entry } });
}

// A small valid entry of a made-up elementwise class, k FLOPs per element.
Json toyEntry(const std::string& path, int k)
{
    const std::string flops = std::to_string(k) + " * ${N} * ${width}";
    return Json {
        { "module_path", path },
        { "code_location", { { "file", "toy/models.py" }, { "line_start", 1 }, { "line_end", 9 } } },
        { "flop_analysis",
            { { "thinking_process", "k FLOPs per element." }, { "parameters", { "N", "width" } },
                { "formula_template", flops }, { "matmul_template", "0" }, { "module_depends", Json::array() },
                { "breakdown", { { "elementwise", flops } } } } },
        { "memory_analysis",
            { { "thinking_process", "Reads and writes each element once." },
                { "parameters", { "N", "width", "a_bytes" } }, { "reads_template", "${N} * ${width} * ${a_bytes}" },
                { "writes_template", "${N} * ${width} * ${a_bytes}" }, { "intermediates_template", "0" },
                { "params_template", "0" }, { "module_depends", Json::array() } } },
    };
}

agent::Prompt promptFor(const std::string& key)
{
    agent::Prompt p;
    p.version = QString::fromLatin1(agent::kModulePromptVersion);
    p.system = QStringLiteral("You draft module entries.");
    p.text = QStringLiteral("Draft the entry of\nMODULE: %1\n")
                 .arg(QString::fromStdString(formula::modulePathFromKey(formula::normalizeModuleKey(key))));
    return p;
}

agent::DraftOrigin testOrigin(const agent::Prompt& prompt)
{
    return { QStringLiteral("anthropic/claude-test"), prompt.version, prompt.hash() };
}

// A provider that answers from a script, from the event loop. Counts the requests running at once over every
// provider sharing the counters.
class ScriptedProvider : public agent::Provider
{
public:
    struct Counters
    {
        int active = 0;
        int maxActive = 0;
        int started = 0;
    };
    // (request, round from 0) -> answer
    using Script = std::function<QString(const agent::Request&, int)>;

    explicit ScriptedProvider(Script script, Counters* counters = nullptr, bool hold = false)
        : Provider(config())
        , m_script(std::move(script))
        , m_counters(counters)
        , m_hold(hold)
    { }
    explicit ScriptedProvider(QStringList answers)
        : ScriptedProvider([answers](const agent::Request&, int round) { return answers.value(round); })
    { }

    static agent::ProviderConfig config()
    {
        agent::ProviderConfig c;
        c.kind = agent::ProviderKind::Command;
        c.command = QStringLiteral("scripted");
        c.model = QStringLiteral("scripted");
        return c;
    }

    void start(const agent::Request& request) override
    {
        m_requests.push_back(request);
        m_running = true;
        if (m_counters) {
            ++m_counters->started;
            m_counters->maxActive = std::max(m_counters->maxActive, ++m_counters->active);
        }
        if (!m_hold)
            QTimer::singleShot(0, this, [this] { answer(); });
    }
    void cancel() override
    {
        QTimer::singleShot(0, this, [this] {
            if (!m_running)
                return;
            agent::Reply reply;
            reply.cancelled = true;
            reply.error = QStringLiteral("cancelled");
            finish(reply);
        });
    }
    bool isRunning() const override { return m_running; }

    void answer()
    {
        if (!m_running)
            return;
        agent::Reply reply;
        reply.ok = true;
        reply.attempts = 1;
        reply.text = m_script(m_requests.back(), static_cast<int>(m_requests.size()) - 1);
        finish(reply);
    }
    void failWith(const QString& error)
    {
        agent::Reply reply;
        reply.error = error;
        finish(reply);
    }
    const std::vector<agent::Request>& requests() const { return m_requests; }

private:
    void finish(const agent::Reply& reply)
    {
        m_running = false;
        if (m_counters)
            --m_counters->active;
        Q_EMIT finished(reply);
    }

    Script m_script;
    Counters* m_counters = nullptr;
    bool m_hold = false;
    bool m_running = false;
    std::vector<agent::Request> m_requests;
};

// The user file's bytes and both layers' documents, to compare before and after.
struct DbState
{
    QByteArray file;
    std::string user;
    std::string builtin;
    bool dirty = false;
    bool operator==(const DbState&) const = default;
};

DbState stateOf(const db::DatabaseSession& session)
{
    return { readFile(session.userPath()), session.database().user()->document().dump(1),
        session.database().builtin().document().dump(1), session.dirty() };
}

// The built-in database under tests/data/drafts/user_db.json, copied into dir and saved there once.
std::unique_ptr<db::DatabaseSession> openSession(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(QStringLiteral("module_db.json"));
    QFile::copy(kDataDir + QStringLiteral("/user_db.json"), path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    static const db::ModuleDatabase builtin = [] {
        auto loaded = db::LayeredDatabase::loadBuiltin();
        if (const auto* error = std::get_if<db::DbError>(&loaded))
            qFatal("built-in database: %s", error->describe().c_str());
        return std::get<db::ModuleDatabase>(std::move(loaded));
    }();
    auto session = std::make_unique<db::DatabaseSession>();
    if (auto error = session->open(builtin, path))
        qFatal("open: %s", error->describe().c_str());
    if (auto error = session->save(true))
        qFatal("save: %s", error->describe().c_str());
    return session;
}

struct DraftRun
{
    QString outcome; // "landed", "refused", "failed" or "" (timed out)
    QStringList reasons;
    QString error;
    std::size_t requests = 0;
    std::vector<agent::Request> sent;
};

DraftRun runDrafter(db::DatabaseSession& session, ScriptedProvider& provider, const std::string& key,
    const agent::DraftContext& context = {}, bool repair = false, const agent::AnswerLimits& limits = {})
{
    const agent::Prompt prompt = promptFor(key);
    agent::ModuleDrafter drafter(&session, &provider, prompt, key, context, testOrigin(prompt));
    drafter.setRepairRound(repair);
    drafter.setLimits(limits);
    DraftRun run;
    QObject::connect(&drafter, &agent::ModuleDrafter::landed, [&](const QString&) { run.outcome = "landed"; });
    QObject::connect(
        &drafter, &agent::ModuleDrafter::refused, [&](const QString&, const QStringList& reasons, const QString&) {
            run.outcome = "refused";
            run.reasons = reasons;
        });
    QObject::connect(&drafter, &agent::ModuleDrafter::failed, [&](const QString&, const QString& error) {
        run.outcome = "failed";
        run.error = error;
    });
    QSignalSpy finished(&drafter, &agent::ModuleDrafter::finished);
    drafter.start();
    if (finished.isEmpty())
        finished.wait(20000);
    run.requests = provider.requests().size();
    run.sent = provider.requests();
    return run;
}

DraftRun draftAnswer(db::DatabaseSession& session, const QString& answer, const std::string& key = kScaled,
    const agent::DraftContext& context = {})
{
    ScriptedProvider provider(QStringList { answer });
    return runDrafter(session, provider, key, context);
}

bool anyContains(const QStringList& list, const QString& text)
{
    return std::any_of(list.begin(), list.end(), [&](const QString& s) { return s.contains(text); });
}

bool anyRefusal(const std::vector<agent::Refusal>& refusals, const std::string& rule, const std::string& text = {})
{
    return std::any_of(refusals.begin(), refusals.end(),
        [&](const agent::Refusal& r) { return r.rule == rule && r.message.find(text) != std::string::npos; });
}

QString describe(const std::vector<agent::Refusal>& refusals)
{
    QStringList out;
    for (const auto& r : refusals)
        out << QString::fromStdString(r.describe());
    return out.join(u'\n');
}

// tests/data/drafts/tiny_mlp_dump.json: tiny-llama's module dump with its MLP class renamed to fixture.TinyMLP.
std::shared_ptr<const model::LoadedModel> tinyMlpModel()
{
    const QString path = kDataDir + QStringLiteral("/tiny_mlp_dump.json");
    model::LoadedModel m;
    m.name = QStringLiteral("tiny-mlp");
    auto tree = model::importModuleDump(readFile(path).toStdString(), path, &m.architecture);
    if (auto* e = std::get_if<model::ModelError>(&tree))
        qFatal("dump: %s", e->describe().c_str());
    m.tree = std::move(std::get<model::ModuleTree>(tree));
    return std::make_shared<const model::LoadedModel>(std::move(m));
}

} // namespace

class TestDrafts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // Extraction

    void extractsOneEntry_data()
    {
        QTest::addColumn<QString>("answer");
        const Json entry = scaledLinearEntry();
        QTest::addRow("the whole answer, bare") << QString::fromStdString(entry.dump(2));
        QTest::addRow("the whole answer, keyed by its path")
            << QString::fromStdString(Json { { "toy.models.ScaledLinear", entry } }.dump());
        QTest::addRow("keyed by its key") << keyed("toy__models__ScaledLinear", entry);
        QTest::addRow("in a modules object")
            << fenced(Json { { "schema_version", 2 }, { "modules", { { "toy.models.ScaledLinear", entry } } } });
        QTest::addRow("a ```json block in prose") << QString::fromStdString(fixture("scaled_linear_answer.md"));
        QTest::addRow("a plain ``` block after a python block")
            << QStringLiteral("```python\nclass ScaledLinear(nn.Module): ...\n```\n\n```\n%1\n```\nDone.")
                   .arg(QString::fromStdString(entry.dump()));
        QTest::addRow("beside a block of other JSON")
            << QStringLiteral("```json\n{\"N\": 4}\n```\n%1").arg(fenced(entry));
    }

    void extractsOneEntry()
    {
        QFETCH(QString, answer);
        const auto extracted = agent::extractEntry(answer.toStdString(), "toy.models.ScaledLinear");
        QVERIFY2(extracted.ok(), extracted.reasons.empty() ? "" : extracted.reasons.front().c_str());
        QCOMPARE(extracted.key, std::string(kScaled));
        QCOMPARE_JSON(extracted.entry.at("flop_analysis").at("formula_template"),
            scaledLinearEntry().at("flop_analysis").at("formula_template"));
    }

    void refusesToExtract_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("reason");
        const Json entry = scaledLinearEntry();
        QTest::addRow("not JSON") << QStringLiteral("{\n  \"flop_analysis\": {\n    \"parameters\": [\"N\",, 1]\n}")
                                  << QStringLiteral(
                                         "the answer is not JSON (line 3, column 24: syntax error while parsing value");
        QTest::addRow("prose") << QStringLiteral("I cannot find the source of this class.")
                               << QStringLiteral("holds no ```json block");
        QTest::addRow("a broken block, with its line in the answer")
            << QStringLiteral("Entry:\n\n```json\n{\n  \"flop_analysis\": {\n    \"parameters\": [\"N\",, 1]\n```\n")
            << QStringLiteral("the ```json block at line 3 is not JSON (line 6, column 24:");
        QTest::addRow("two blocks") << fenced(entry) + fenced(entry) << QStringLiteral("holds 2 entries");
        QTest::addRow("two entries in one object")
            << fenced(Json { { "toy.models.ScaledLinear", entry }, { "toy.models.Other", entry } })
            << QStringLiteral("holds 2 entries");
        QTest::addRow("another module") << keyed("toy.models.Other", entry)
                                        << QStringLiteral("is for 'toy.models.Other', not for toy.models.ScaledLinear");
        Json otherPath = entry;
        otherPath["module_path"] = "torch.nn.Linear";
        QTest::addRow("a module_path of another module")
            << fenced(otherPath) << QStringLiteral("module_path names 'torch.nn.Linear'");
        QTest::addRow("a key named twice")
            << QStringLiteral("{\"flop_analysis\": {\"formula_template\": \"1\", \"formula_template\": \"2\"}}")
            << QStringLiteral("names flop_analysis.formula_template twice");
        QTest::addRow("no entry") << QStringLiteral("{\"answer\": 42}") << QStringLiteral("holds no module entry");
        QString deep = QStringLiteral("{\"flop_analysis\": ");
        for (int i = 0; i < 40; ++i)
            deep += QStringLiteral("[");
        QTest::addRow("nested past the depth limit") << deep << QStringLiteral("not JSON");
        QTest::addRow("over the answer limit")
            << fenced(entry) + QString(1024 * 1024, u'x') << QStringLiteral("over the limit of 1,048,576 bytes");
        Json longThinking = entry;
        longThinking["flop_analysis"]["thinking_process"] = std::string(20000, 'a');
        QTest::addRow("a string over the limit")
            << fenced(longThinking)
            << QStringLiteral(
                   "flop_analysis.thinking_process is 20,000 bytes, over the limit of 16,384 bytes per string "
                   "(maxTemplateBytes)");
    }

    void refusesToExtract()
    {
        QFETCH(QString, answer);
        QFETCH(QString, reason);
        const auto extracted = agent::extractEntry(answer.toStdString(), "toy.models.ScaledLinear");
        QVERIFY(!extracted.ok());
        QStringList reasons;
        for (const auto& r : extracted.reasons)
            reasons << QString::fromStdString(r);
        QVERIFY2(anyContains(reasons, reason), qPrintable(reasons.join(u'\n')));
        QVERIFY(extracted.entry.is_null());
    }

    void extractNeverThrows()
    {
        // Bytes that are not UTF-8, an empty answer, a lone fence.
        const std::string notUtf8 = std::string("{\"flop_analysis\": \"") + char(0xC3) + char(0x28) + "\"}";
        for (const std::string& answer : { notUtf8, std::string(), std::string("```json"), std::string("```") }) {
            const auto extracted = agent::extractEntry(answer, kScaled);
            QVERIFY(!extracted.ok());
        }
        QVERIFY(anyContains(QStringList { QString::fromStdString(agent::extractEntry(notUtf8, kScaled).reasons[0]) },
            QStringLiteral("not valid UTF-8 (byte 19)")));
    }

    void sanitizes()
    {
        Json entry = scaledLinearEntry();
        entry["module_path"] = "somewhere.Else";
        entry["validation"] = { { "status", "validated" }, { "validator", "the agent itself" } };
        entry["history"] = Json::array({ { { "revision", 1 }, { "action", "validate" } } });
        entry["approved"] = true;
        entry["check_values"] = { { "in_features", 4 } };
        entry["flop_analysis"]["reviewed_by"] = "me";
        entry["code_location"]["commit"] = "abc123";
        entry["code_location"]["verified"] = true;
        const Json clean = agent::sanitizeDraft(kScaled, entry);
        std::vector<std::string> keys;
        for (const auto& [name, value] : clean.items())
            keys.push_back(name);
        QCOMPARE(keys,
            (std::vector<std::string> {
                "module_path", "code_location", "flop_analysis", "memory_analysis", "check_values", "validation" }));
        QCOMPARE_JSON(clean["module_path"], Json("toy.models.ScaledLinear"));
        QCOMPARE_JSON(clean["validation"],
            Json({ { "status", "pending" }, { "validator", nullptr }, { "date", nullptr }, { "notes", nullptr } }));
        QVERIFY(!clean["flop_analysis"].contains("reviewed_by"));
        QCOMPARE_JSON(clean["flop_analysis"]["formula_template"], entry["flop_analysis"]["formula_template"]);
        QCOMPARE_JSON(clean["code_location"],
            Json({ { "file", "toy/models.py" }, { "line_start", 10 }, { "line_end", 24 }, { "commit", "abc123" } }));
        QCOMPARE_JSON(clean["check_values"], entry["check_values"]);
        QCOMPARE_JSON(agent::sanitizeDraft(kScaled, Json::array()), Json::array());
        QCOMPARE_JSON(agent::sanitizeDraft("toy.models.ScaledLinear", entry), clean); // either key form
    }

    // Landing

    void landsAsPending()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        ScriptedProvider provider(QStringList { QString::fromStdString(fixture("scaled_linear_answer.md")) });
        const agent::Prompt prompt = promptFor(kScaled);
        agent::ModuleDrafter drafter(session.get(), &provider, prompt, kScaled, {}, testOrigin(prompt));
        QSignalSpy landed(&drafter, &agent::ModuleDrafter::landed);
        QSignalSpy changed(session.get(), &db::DatabaseSession::entriesChanged);
        drafter.start();
        QVERIFY(landed.isEmpty()); // asynchronous
        QVERIFY(landed.wait(20000));
        QCOMPARE(landed.at(0).at(0).toString(), QString::fromLatin1(kScaled));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(drafter.state(), agent::ModuleDrafter::State::Landed);
        QCOMPARE(provider.requests().size(), std::size_t(1));
        QCOMPARE(provider.requests()[0].prompt, prompt.text);
        QCOMPARE(provider.requests()[0].system, prompt.system);

        const db::ModuleDatabase* user = session->database().user();
        QVERIFY(user->contains(kScaled));
        QVERIFY(user->isValid(kScaled));
        const db::Validation v = *user->validation(kScaled);
        QCOMPARE(v.status, db::Status::Pending);
        QCOMPARE(v.validator, std::optional<std::string>("agent:anthropic/claude-test"));
        QCOMPARE(v.date,
            std::optional<std::string>(QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate).toStdString()));
        const auto history = user->history(kScaled);
        QCOMPARE(history.size(), std::size_t(1));
        QCOMPARE(history[0].author, std::string("agent:anthropic/claude-test"));
        QCOMPARE(history[0].action, std::string("create"));
        QVERIFY(QString::fromStdString(history[0].notes).contains(QLatin1String(agent::kModulePromptVersion)));
        QVERIFY(QString::fromStdString(history[0].notes).contains(prompt.hash()));
        QVERIFY(prompt.hash().startsWith(QLatin1String("sha256:")));
        QCOMPARE_JSON(user->entry(kScaled)->at("module_path"), Json("toy.models.ScaledLinear"));
        QCOMPARE(session->database().layerOf(kScaled)->layer, db::Layer::User);
        QVERIFY(session->dirty());

        // The analysis' library uses it, as pending: 2 * 4 * 3 * 2 + 4 * 2 (bias) + 4 * 2 (scale) = 64 FLOPs.
        const formula::Library library = analysis::libraryFrom(session->database());
        const auto id = library.find(kScaled);
        QVERIFY(id);
        QCOMPARE(library.status(*id), std::string("pending"));
        formula::Evaluator evaluator(library);
        const std::vector<formula::NamedValue> bindings { { "N", formula::Number::integer(4) },
            { "in_features", formula::Number::integer(3) }, { "out_features", formula::Number::integer(2) } };
        QCOMPARE(evaluator.evaluate(*id, formula::Kind::Flops, bindings).value().toInteger(), formula::Int(64));
        QCOMPARE(evaluator.evaluate(*id, formula::Kind::MatmulFlops, bindings).value().toInteger(), formula::Int(48));
        QCOMPARE(
            evaluator.evaluate(*id, formula::Kind::Params, bindings).value().toInteger(), formula::Int(3 * 2 + 2 + 1));

        // Undoable as any change, and saved like one.
        QVERIFY(drafter.undoState());
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(session->restore(*drafter.undoState())));
        QVERIFY(!session->database().contains(kScaled));
        QVERIFY(!session->dirty());
    }

    void discardsClaimsAboutItsReview()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        Json entry = scaledLinearEntry();
        entry["validation"] = { { "status", "validated" }, { "validator", "LM-Predictor maintainers" },
            { "date", "2026-01-01" }, { "notes", "checked" } };
        entry["history"] = Json::array(
            { { { "revision", 1 }, { "date", "2026-01-01T00:00:00Z" }, { "author", "LM-Predictor maintainers" },
                  { "action", "validate" }, { "notes", "checked" }, { "changes", Json::object() } },
                { { "revision", 2 }, { "date", "2026-01-02T00:00:00Z" }, { "author", "root" }, { "action", "validate" },
                    { "notes", "" }, { "changes", Json::object() } } });
        const DraftRun run = draftAnswer(*session, fenced(entry));
        QCOMPARE(run.outcome, QStringLiteral("landed"));
        const db::ModuleDatabase* user = session->database().user();
        QCOMPARE(user->status(kScaled), db::Status::Pending);
        QCOMPARE(user->validation(kScaled)->validator, std::optional<std::string>("agent:anthropic/claude-test"));
        QCOMPARE(user->validation(kScaled)->notes->find("checked"), std::string::npos);
        const auto history = user->history(kScaled);
        QCOMPARE(history.size(), std::size_t(1));
        QCOMPARE(history[0].revision, 1);
        QCOMPARE(history[0].author, std::string("agent:anthropic/claude-test"));
        QCOMPARE(session->counts().pending, std::size_t(2)); // Caller and ScaledLinear
    }

    void replacesAUserEntryAsARevision()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        QCOMPARE(session->database().user()->history("toy__models__Gate").size(), std::size_t(2));
        const DraftRun run = draftAnswer(*session, fenced(toyEntry("toy.models.Gate", 7)), "toy.models.Gate");
        QCOMPARE(run.outcome, QStringLiteral("landed"));
        const auto history = session->database().user()->history("toy__models__Gate");
        QCOMPARE(history.size(), std::size_t(3));
        QCOMPARE(history[0].author, std::string("alice"));
        QCOMPARE(history[1].action, std::string("request_changes"));
        QCOMPARE(history[2].revision, 3);
        QCOMPARE(history[2].action, std::string("edit"));
        QCOMPARE(history[2].author, std::string("agent:anthropic/claude-test"));
        QCOMPARE(session->database().user()->status("toy__models__Gate"), db::Status::Pending);
        QCOMPARE_JSON(session->database().entry("toy__models__Gate")->at("flop_analysis").at("formula_template"),
            Json("7 * ${N} * ${width}"));
        QCOMPARE(session->history("toy__models__Gate").size(), std::size_t(3));
    }

    void addDraftIsAnUndoableChange()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        QSignalSpy changed(session.get(), &db::DatabaseSession::entriesChanged);
        const QDateTime now(QDate(2027, 3, 14), QTime(23, 30), Qt::UTC);
        Json entry = agent::sanitizeDraft(kScaled, scaledLinearEntry());
        entry["history"] = Json::array({ { { "revision", 7 }, { "author", "someone" } } });
        auto added = session->addDraft(kScaled, entry, QStringLiteral("agent:openai/gpt-test"),
            QStringLiteral("drafted from prompt lmp-module-prompt/1 sha256:00"), now);
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(added));
        QCOMPARE(changed.size(), 1);
        const Json& stored = *session->database().entry(kScaled);
        QCOMPARE_JSON(stored.at("validation"),
            Json({ { "status", "pending" }, { "validator", "agent:openai/gpt-test" }, { "date", "2027-03-14" },
                { "notes", "drafted from prompt lmp-module-prompt/1 sha256:00" } }));
        QCOMPARE(stored.at("history").size(), std::size_t(1));
        QCOMPARE_JSON(stored.at("history")[0].at("date"), "2027-03-14T23:30:00Z");
        QCOMPARE_JSON(stored.at("history")[0].at("author"), "agent:openai/gpt-test");
        QVERIFY(session->database().user()->isValid(kScaled));

        // Undo, redo.
        auto undone = session->restore(std::get<db::DatabaseSession::UndoState>(added));
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(undone));
        QVERIFY(stateOf(*session) == before);
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
            session->restore(std::get<db::DatabaseSession::UndoState>(undone))));
        QCOMPARE_JSON(*session->database().entry(kScaled), stored);

        // Saved atomically like any change; the file reads back the same.
        QVERIFY(!session->save());
        db::DatabaseSession reopened;
        QVERIFY(!reopened.open(session->database().builtin(), session->userPath()));
        QCOMPARE_JSON(*reopened.database().entry(kScaled), stored);

        // Not an object, no date: errors, nothing changed.
        const DbState saved = stateOf(*session);
        QVERIFY(std::holds_alternative<db::DbError>(session->addDraft(kScaled, Json::array(), {}, {}, now)));
        QVERIFY(std::holds_alternative<db::DbError>(session->addDraft(kScaled, entry, {}, {}, QDateTime())));
        QVERIFY(stateOf(*session) == saved);
    }

    // Hostile answers: each refused with a clear reason, nothing written.

    void refusesHostileAnswers_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("requests");
        const QString scaled = QString::fromLatin1(kScaled);
        const Json good = scaledLinearEntry();

        QTest::addRow("not JSON") << QStringLiteral("{\n  \"flop_analysis\": {\n    \"parameters\": [\"N\",, 1]\n}")
                                  << scaled << "answer"
                                  << "not JSON (line 3, column 24" << 1;
        QTest::addRow("two entries") << fenced(good) + QStringLiteral("\nOr, simpler:\n") + fenced(good) << scaled
                                     << "answer"
                                     << "holds 2 entries" << 1;
        Json huge = good;
        huge["flop_analysis"]["formula_template"] = std::string(10 * 1024 * 1024, '1');
        QTest::addRow("a 10 MB template") << fenced(huge) << scaled << "answer"
                                          << "over the limit of 1,048,576 bytes (maxAnswerBytes)" << 1;
        Json nested = good;
        nested["flop_analysis"]["formula_template"] = std::string(10000, '(') + "1" + std::string(10000, ')');
        QTest::addRow("a template nested 10,000 parentheses deep")
            << fenced(nested) << scaled << "answer"
            << "flop_analysis.formula_template is 20,001 bytes, over the limit of 16,384 bytes per string" << 1;
        Json unknown = good;
        unknown["flop_analysis"]["formula_template"] =
            "{toy__models__Nowhere}(N=${N}) + " + good["flop_analysis"]["formula_template"].get<std::string>();
        unknown["flop_analysis"]["module_depends"] = { "torch__nn__Linear", "toy__models__Nowhere" };
        QTest::addRow("an unknown module call") << fenced(unknown) << scaled << "unknown_module"
                                                << "toy__models__Nowhere" << 1;
        Json cycle = toyEntry("toy.models.ScaledLinear", 2);
        cycle["flop_analysis"]["formula_template"] = "{toy__models__Caller}(N=${N}, width=${width})";
        cycle["flop_analysis"]["breakdown"] = { { "caller", "{toy__models__Caller}(N=${N}, width=${width})" } };
        cycle["flop_analysis"]["module_depends"] = { "toy__models__Caller" };
        QTest::addRow("a cycle through an existing entry") << fenced(cycle) << scaled << "cycle"
                                                           << "toy__models__Caller" << 1;
        Json negative = toyEntry("toy.models.ScaledLinear", 2);
        negative["flop_analysis"]["formula_template"] = "0 - ${N}";
        negative["flop_analysis"]["breakdown"] = { { "elementwise", "0 - ${N}" } };
        QTest::addRow("a negative result") << fenced(negative) << scaled << "evaluation"
                                           << "flop_analysis.formula_template gives -256 on sample values" << 1;
        Json offSum = good;
        offSum["flop_analysis"]["breakdown"]["scale"] = "2 * ${N} * ${out_features}";
        QTest::addRow("a breakdown that does not sum") << fenced(offSum) << scaled << "breakdown_sum"
                                                       << "the breakdown sums to" << 1;
        Json html = good;
        html["flop_analysis"]["thinking_process"] =
            "The Linear, then the scale. <script>alert('pwned')</script> See <b>here</b>.";
        QTest::addRow("HTML and a script in the thinking process")
            << fenced(html) << scaled << "markup"
            << "flop_analysis.thinking_process holds HTML (<script>)" << 1;
        QTest::addRow("an entry for a validated built-in key")
            << keyed("torch.nn.Linear", toyEntry("torch.nn.Linear", 2)) << "torch__nn__Linear"
            << "shadow"
            << "would shadow the validated built-in entry torch.nn.Linear; edit it in the review pane instead" << 0;
        QTest::addRow("another key than asked") << keyed("toy.models.Other", good) << scaled << "answer"
                                                << "is for 'toy.models.Other', not for toy.models.ScaledLinear" << 1;
        Json many = good;
        for (int i = 0; i < 600; ++i)
            many["flop_analysis"]["parameters"].push_back("p" + std::to_string(i));
        QTest::addRow("600 parameters") << fenced(many) << scaled << "answer"
                                        << "flop_analysis.parameters has 603 parameters, over the limit of 64 "
                                           "(maxParameters)"
                                        << 1;
        Json bidi = good;
        bidi["flop_analysis"]["thinking_process"] = "Counts \u202Eevil\u202C the scale.";
        QTest::addRow("a direction override") << fenced(bidi) << scaled << "text"
                                              << "U+202E" << 1;
        Json matmul = good;
        matmul["flop_analysis"]["matmul_template"] =
            "3 * " + good["flop_analysis"]["formula_template"].get<std::string>();
        QTest::addRow("matmul above FLOPs") << fenced(matmul) << scaled << "evaluation"
                                            << "more than formula_template's" << 1;
    }

    void refusesHostileAnswers()
    {
        QFETCH(QString, answer);
        QFETCH(QString, key);
        QFETCH(QString, rule);
        QFETCH(QString, reason);
        QFETCH(int, requests);
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        QSignalSpy changed(session.get(), &db::DatabaseSession::entriesChanged);
        const DraftRun run = draftAnswer(*session, answer, key.toStdString());
        QCOMPARE(run.outcome, QStringLiteral("refused"));
        QVERIFY2(anyContains(run.reasons, rule + QStringLiteral(": ")), qPrintable(run.reasons.join(u'\n')));
        QVERIFY2(anyContains(run.reasons, reason), qPrintable(run.reasons.join(u'\n')));
        QCOMPARE(static_cast<int>(run.requests), requests);
        QVERIFY(stateOf(*session) == before);
        QCOMPARE(changed.size(), 0);
    }

    void refusesDeepTemplatesPastTheStringLimit()
    {
        // With the string limit raised, the formula engine's own depth limit refuses it.
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        Json nested = scaledLinearEntry();
        nested["flop_analysis"]["formula_template"] = std::string(10000, '(') + "1" + std::string(10000, ')');
        agent::AnswerLimits limits;
        limits.maxTemplateBytes = 64 * 1024;
        const auto refusals = agent::checkDraft(kScaled, agent::sanitizeDraft(kScaled, nested), *session, {}, limits);
        QVERIFY2(anyRefusal(refusals, "template_syntax"), qPrintable(describe(refusals)));
        const auto it =
            std::find_if(refusals.begin(), refusals.end(), [](const auto& r) { return r.rule == "template_syntax"; });
        QCOMPARE(it->field, std::string("flop_analysis.formula_template"));
        QVERIFY(it->line > 0 && it->column > 0);
        QVERIFY(it->formulaError);
        QVERIFY(stateOf(*session) == before);
    }

    void reportsTemplateErrorsWithTheirPlace()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        Json broken = agent::sanitizeDraft(kScaled, scaledLinearEntry());
        broken["flop_analysis"]["breakdown"]["scale"] = "${N} * * ${out_features}";
        const auto refusals = agent::checkDraft(kScaled, broken, *session, {});
        const auto it =
            std::find_if(refusals.begin(), refusals.end(), [](const auto& r) { return r.rule == "template_syntax"; });
        QVERIFY2(it != refusals.end(), qPrintable(describe(refusals)));
        QCOMPARE(it->field, std::string("flop_analysis.breakdown.scale"));
        QVERIFY(it->line > 0);
        QVERIFY(it->formulaError);
        QCOMPARE(it->formulaError->range.begin, std::uint32_t(7));
        QVERIFY2(
            QString::fromStdString(it->message).contains(QStringLiteral("[template 1:8-1:9]")), it->message.c_str());
        // describe() shows the template with a caret under the error.
        QVERIFY(QString::fromStdString(it->describe()).contains(QStringLiteral("${N} * * ${out_features}")));
    }

    void keepsHtmlInCodeAsText()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        Json entry = scaledLinearEntry();
        entry["flop_analysis"]["thinking_process"] =
            "type(x) is `<class 'torch.Tensor'>`; seq < 4096 and x > 0.\n\n```python\nprint('<b>')\n```\n";
        const auto refusals = agent::checkDraft(kScaled, agent::sanitizeDraft(kScaled, entry), *session, {});
        QVERIFY2(refusals.empty(), qPrintable(describe(refusals)));
        QVERIFY(agent::checkDraft("toy.models.ScaledLinear", agent::sanitizeDraft(kScaled, entry), *session, {})
                    .empty()); // either key form
        QCOMPARE(draftAnswer(*session, fenced(entry)).outcome, QStringLiteral("landed"));
        // Stored verbatim.
        QCOMPARE_JSON(session->database().entry(kScaled)->at("flop_analysis").at("thinking_process"),
            entry["flop_analysis"]["thinking_process"]);
    }

    void failsWithoutWriting()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        {
            // A provider error.
            ScriptedProvider provider([](const agent::Request&, int) { return QString(); }, nullptr, true);
            const agent::Prompt prompt = promptFor(kScaled);
            agent::ModuleDrafter drafter(session.get(), &provider, prompt, kScaled);
            QSignalSpy failed(&drafter, &agent::ModuleDrafter::failed);
            drafter.start();
            QTimer::singleShot(0, &provider, [&] { provider.failWith(QStringLiteral("HTTP 401: invalid key")); });
            QVERIFY(failed.wait(20000));
            QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("HTTP 401: invalid key"));
            QCOMPARE(drafter.state(), agent::ModuleDrafter::State::Failed);
        }
        {
            // Cancelled while asking; the answer on its way is not used.
            ScriptedProvider provider(
                [](const agent::Request&, int) { return fenced(scaledLinearEntry()); }, nullptr, true);
            const agent::Prompt prompt = promptFor(kScaled);
            agent::ModuleDrafter drafter(session.get(), &provider, prompt, kScaled);
            QSignalSpy failed(&drafter, &agent::ModuleDrafter::failed);
            drafter.start();
            QVERIFY(provider.isRunning());
            drafter.cancel();
            QVERIFY(failed.isEmpty());
            QVERIFY(failed.wait(20000));
            QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("cancelled"));
            QCOMPARE(drafter.state(), agent::ModuleDrafter::State::Cancelled);
            provider.answer(); // too late
            QCoreApplication::processEvents();
            QCOMPARE(failed.size(), 1);
        }
        {
            // The provider closed while asking.
            auto provider =
                std::make_unique<ScriptedProvider>([](const agent::Request&, int) { return QString(); }, nullptr, true);
            agent::ModuleDrafter drafter(session.get(), provider.get(), promptFor(kScaled), kScaled);
            QSignalSpy failed(&drafter, &agent::ModuleDrafter::failed);
            drafter.start();
            provider.reset();
            QVERIFY(failed.wait(20000));
            QCOMPARE(failed.size(), 1);
            QCOMPARE(failed.at(0).at(1).toString(), QStringLiteral("the provider was closed"));
        }
        QVERIFY(stateOf(*session) == before);
    }

    // The repair round

    void repairsOnce()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        Json offSum = scaledLinearEntry();
        offSum["flop_analysis"]["breakdown"]["scale"] = "2 * ${N} * ${out_features}";
        offSum["flop_analysis"]["thinking_process"] = "FIRST-ATTEMPT counts the scale twice.";
        ScriptedProvider provider(QStringList { fenced(offSum), fenced(scaledLinearEntry()) });
        const DraftRun run = runDrafter(*session, provider, kScaled, {}, true);
        QCOMPARE(run.outcome, QStringLiteral("landed"));
        QCOMPARE(run.requests, std::size_t(2));
        const agent::Request& repair = run.sent[1];
        const agent::Prompt prompt = promptFor(kScaled);
        QCOMPARE(repair.system, prompt.system);
        QVERIFY(repair.prompt.startsWith(prompt.text));
        QVERIFY(repair.prompt.contains(QStringLiteral("FIRST-ATTEMPT counts the scale twice.")));
        QVERIFY(repair.prompt.contains(QStringLiteral("- breakdown_sum: flop_analysis.breakdown")));
        QVERIFY(repair.prompt.contains(QStringLiteral("exactly one corrected entry for toy.models.ScaledLinear")));
        QCOMPARE(session->database().user()->status(kScaled), db::Status::Pending);
        QCOMPARE(session->database().user()->history(kScaled).size(), std::size_t(1));
    }

    void refusesAfterASecondRefusal()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        Json offSum = scaledLinearEntry();
        offSum["flop_analysis"]["breakdown"]["scale"] = "2 * ${N} * ${out_features}";
        Json negative = toyEntry("toy.models.ScaledLinear", 2);
        negative["flop_analysis"]["formula_template"] = "0 - ${N}";
        negative["flop_analysis"]["breakdown"] = { { "elementwise", "0 - ${N}" } };
        ScriptedProvider provider(QStringList { fenced(offSum), fenced(negative), fenced(scaledLinearEntry()) });
        const DraftRun run = runDrafter(*session, provider, kScaled, {}, true);
        QCOMPARE(run.outcome, QStringLiteral("refused"));
        QCOMPARE(run.requests, std::size_t(2));
        QVERIFY2(anyContains(run.reasons, QStringLiteral("first answer: breakdown_sum: ")),
            qPrintable(run.reasons.join(u'\n')));
        QVERIFY2(anyContains(run.reasons, QStringLiteral("repaired answer: evaluation: ")),
            qPrintable(run.reasons.join(u'\n')));
        QVERIFY(stateOf(*session) == before);
    }

    void asksNothingForAShadowingKey()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        ScriptedProvider provider(QStringList { keyed("torch.nn.SiLU", toyEntry("torch.nn.SiLU", 4)) });
        const DraftRun run = runDrafter(*session, provider, "torch.nn.SiLU", {}, true);
        QCOMPARE(run.outcome, QStringLiteral("refused"));
        QCOMPARE(run.requests, std::size_t(0));
        QCOMPARE(run.reasons,
            QStringList { QStringLiteral("shadow: the draft would shadow the validated built-in entry torch.nn.SiLU; "
                                         "edit it in the review pane instead") });

        // A validated entry of the user's own is not replaced either.
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
            session->approve("toy__models__Gate", QStringLiteral("alice"), {})));
        const DbState before = stateOf(*session);
        ScriptedProvider another(QStringList { keyed("toy.models.Gate", toyEntry("toy.models.Gate", 4)) });
        const DraftRun gate = runDrafter(*session, another, "toy.models.Gate", {}, true);
        QCOMPARE(gate.outcome, QStringLiteral("refused"));
        QCOMPARE(gate.requests, std::size_t(0));
        QVERIFY2(anyContains(gate.reasons,
                     QStringLiteral("would replace the validated entry toy.models.Gate of the user "
                                    "database")),
            qPrintable(gate.reasons.join(u'\n')));
        QVERIFY(stateOf(*session) == before);
    }

    // Evaluation on a model

    // The prompt holds the class's code and the module-level helpers forward uses: called, passed on by name, and
    // used by another helper; not the file's other functions.
    void promptHoldsTheHelpers()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        agent::ModuleTask task;
        task.modulePath = "toy.attention.ToyAttention";
        task.childClasses = { "torch.nn.Linear" };
        source::SourceLookup lookup;
        const agent::Prompt prompt = agent::buildModulePrompt(
            task, session->database(), { { kDataDir + QStringLiteral("/source"), QString() } }, QString(), &lookup);
        QCOMPARE(prompt.version, QString::fromLatin1(agent::kModulePromptVersion));
        QVERIFY2(prompt.text.contains(QStringLiteral("class ToyAttention(nn.Module):")), qPrintable(prompt.text));
        QVERIFY(prompt.text.contains(QStringLiteral("forward() is at lines 30-33.")));
        for (const char* helper :
            { "def scores_forward(module, q, k):", "def apply_rotation(q, cos, sin):", "def rotate(x):" })
            QVERIFY2(prompt.text.contains(QLatin1String(helper)), helper);
        QVERIFY(!prompt.text.contains(QStringLiteral("def unused_helper")));
        QVERIFY(!prompt.text.contains(QStringLiteral("def after_the_class")));
        // The entries it may call, with their parameters.
        QVERIFY(prompt.text.contains(QStringLiteral("{torch__nn__Linear}(")));
        QCOMPARE(prompt.hash(),
            agent::buildModulePrompt(
                task, session->database(), { { kDataDir + QStringLiteral("/source"), QString() } }, QString())
                .hash());
    }

    // What "Draft All Missing" asks for: the classes without an entry, parents too, containers aside; after a
    // class has an entry (or a rejected one), not again.
    void missingClassesOfAModel()
    {
        const auto model = tinyMlpModel();
        QTemporaryDir dir;
        auto session = openSession(dir);
        formula::Library library = analysis::libraryFrom(session->database());
        QCOMPARE(agent::missingClasses(model->tree, library), std::vector<std::string> { "fixture.TinyMLP" });
        const Json entry = agent::sanitizeDraft(kTinyMlp, Json::parse(fixture("tiny_mlp_entry.json")));
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
            session->addDraft(kTinyMlp, entry, QStringLiteral("agent:command/x"), QStringLiteral("drafted"))));
        library = analysis::libraryFrom(session->database());
        QVERIFY(agent::missingClasses(model->tree, library).empty());
        QVERIFY(std::holds_alternative<db::DatabaseSession::UndoState>(
            session->reject(kTinyMlp, QStringLiteral("Ada"), QStringLiteral("no"))));
        library = analysis::libraryFrom(session->database());
        QVERIFY(agent::missingClasses(model->tree, library).empty());
        // The built-in families have an entry for every class but their containers.
        const auto llama = test::loadModel(QStringLiteral("meta-llama/Llama-2-7b-hf"));
        QVERIFY(agent::missingClasses(llama->tree, analysis::libraryFrom(session->database())).empty());
    }

    void evaluatesOnTheModel()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        const DbState before = stateOf(*session);
        agent::DraftContext context;
        context.model = tinyMlpModel();
        const Json good = agent::sanitizeDraft(kTinyMlp, Json::parse(fixture("tiny_mlp_entry.json")));
        const auto none = agent::checkDraft(kTinyMlp, good, *session, context);
        QVERIFY2(none.empty(), qPrintable(describe(none)));

        // Negative in a decode step only: 2 * T * intermediate_size - 1024 with T = 128 (prefill: 3,072) and T = 1
        // (decode: -992).
        Json decodeNegative = good;
        decodeNegative["memory_analysis"]["intermediates_template"] = "${N} * ${intermediate_size} * ${a_bytes} - 1024";
        const auto refusals = agent::checkDraft(kTinyMlp, decodeNegative, *session, context);
        QVERIFY2(anyRefusal(refusals, "evaluation", "decode step (batch 1, 1 token after 127 cached)"),
            qPrintable(describe(refusals)));
        QVERIFY2(anyRefusal(refusals, "evaluation", "intermediates = -992"), qPrintable(describe(refusals)));
        QVERIFY2(anyRefusal(refusals, "evaluation", "model.layers.0.mlp"), qPrintable(describe(refusals)));
        QVERIFY2(!anyRefusal(refusals, "evaluation", "prefill"), qPrintable(describe(refusals)));
        // Refused twice in the decode step (the figure, and self = inclusive - children), once per stored node
        // (both layers are one), and never in the prefill.
        QCOMPARE(static_cast<int>(refusals.size()), 2);
        QVERIFY2(
            anyRefusal(refusals, "children", "intermediates -992 − children 0 = -992"), qPrintable(describe(refusals)));
        for (const auto& r : refusals)
            QVERIFY2(r.message.find("decode step") != std::string::npos, r.message.c_str());

        // Less than its children count: the projections left out. The children's matmul FLOPs are hand-derived:
        // 3 projections x 2 x 128 tokens x 8 x 16 = 98,304 (their FLOPs include the SiLU's, which the dump cannot
        // bind: unknown, not compared).
        Json lessThanChildren = good;
        lessThanChildren["flop_analysis"]["formula_template"] = "${N} * ${intermediate_size}";
        lessThanChildren["flop_analysis"]["matmul_template"] = "0";
        lessThanChildren["flop_analysis"]["module_depends"] = Json::array();
        lessThanChildren["flop_analysis"]["breakdown"] = { { "gating_multiply", "${N} * ${intermediate_size}" } };
        const auto children = agent::checkDraft(kTinyMlp, lessThanChildren, *session, context);
        QVERIFY2(
            anyRefusal(children, "children", "in a prefill (batch 1, 128 tokens)"), qPrintable(describe(children)));
        QVERIFY2(anyRefusal(children, "children", "matmul FLOPs 0 − children 98,304 = -98,304"),
            qPrintable(describe(children)));
        QCOMPARE(static_cast<int>(children.size()), 2); // prefill and decode

        // The same draft lands through a drafter with the model as its context.
        const DraftRun run = draftAnswer(*session, fenced(decodeNegative), kTinyMlp, context);
        QCOMPARE(run.outcome, QStringLiteral("refused"));
        QVERIFY(stateOf(*session) == before);
        QCOMPARE(draftAnswer(*session, fenced(good), kTinyMlp, context).outcome, QStringLiteral("landed"));
        QCOMPARE(session->database().user()->status(kTinyMlp), db::Status::Pending);
    }

    void evaluatesOnSampleValuesWithoutAModel()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        const Json good = agent::sanitizeDraft(kTinyMlp, Json::parse(fixture("tiny_mlp_entry.json")));
        Json decodeNegative = good;
        decodeNegative["memory_analysis"]["intermediates_template"] = "${N} * ${intermediate_size} * ${a_bytes} - 1024";
        // Sample sets: T = 256 (fine), T = 288 (fine), T = 4 in the decode step: 4 * 32 * 2 - 1024 = -768.
        const auto refusals = agent::checkDraft(kTinyMlp, decodeNegative, *session, {});
        QVERIFY2(anyRefusal(refusals, "evaluation",
                     "memory_analysis.intermediates_template gives -768 on sample values "
                     "(B=4, S=1, P=511"),
            qPrintable(describe(refusals)));
        QCOMPARE(static_cast<int>(refusals.size()), 1);
        // check_values make the sample realistic.
        decodeNegative["check_values"] = { { "intermediate_size", 11008 } };
        const auto fixed = agent::checkDraft(kTinyMlp, decodeNegative, *session, {});
        QVERIFY2(fixed.empty(), qPrintable(describe(fixed)));
    }

    // The queue

    void queuesWithAConcurrencyLimit()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        ScriptedProvider::Counters counters;
        int made = 0;
        auto answerFor = [](const agent::Request& request, int) {
            const auto at = request.prompt.indexOf(QStringLiteral("MODULE: "));
            const QString path = request.prompt.mid(at + 8).section(u'\n', 0, 0);
            return keyed(path.toUtf8().constData(), toyEntry(path.toStdString(), 3));
        };
        agent::DraftQueue queue(session.get(), [&]() -> std::unique_ptr<agent::Provider> {
            ++made;
            return std::make_unique<ScriptedProvider>(answerFor, &counters);
        });
        QCOMPARE(queue.concurrency(), 2);
        QStringList keys;
        for (int i = 0; i < 5; ++i) {
            const std::string key = "toy__models__Q" + std::to_string(i);
            keys << QString::fromStdString(key);
            queue.enqueue({ key, promptFor(key), {} });
        }
        QSignalSpy progress(&queue, &agent::DraftQueue::progress);
        QSignalSpy landed(&queue, &agent::DraftQueue::landed);
        QSignalSpy finished(&queue, &agent::DraftQueue::finished);
        queue.start();
        QCOMPARE(queue.runningCount(), 2);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(counters.maxActive, 2);
        QCOMPARE(counters.started, 5);
        QCOMPARE(made, 5);
        QCOMPARE(progress.size(), 5);
        QCOMPARE(progress.last().at(0).toInt(), 5);
        QCOMPARE(progress.last().at(1).toInt(), 5);
        QCOMPARE(landed.size(), 5);
        for (const QString& key : keys) {
            QCOMPARE(session->database().user()->status(key.toStdString()), db::Status::Pending);
            QCOMPARE(queue.outcome(key.toStdString()), agent::DraftQueue::Outcome::Landed);
        }
        QVERIFY(!queue.isRunning());
    }

    void cancelsTheQueue()
    {
        QTemporaryDir dir;
        auto session = openSession(dir);
        ScriptedProvider::Counters counters;
        std::vector<QPointer<ScriptedProvider>> providers;
        auto answerFor = [](const agent::Request& request, int) {
            const auto at = request.prompt.indexOf(QStringLiteral("MODULE: "));
            const QString path = request.prompt.mid(at + 8).section(u'\n', 0, 0);
            return keyed(path.toUtf8().constData(), toyEntry(path.toStdString(), 3));
        };
        // The first two answer at once; the next ones hold their answer until cancelled.
        agent::DraftQueue queue(session.get(), [&]() -> std::unique_ptr<agent::Provider> {
            auto p = std::make_unique<ScriptedProvider>(answerFor, &counters, providers.size() >= 2);
            providers.push_back(p.get());
            return p;
        });
        std::vector<std::string> keys;
        for (int i = 0; i < 5; ++i) {
            keys.push_back("toy__models__Q" + std::to_string(i));
            queue.enqueue({ keys.back(), promptFor(keys.back()), {} });
        }
        QSignalSpy landed(&queue, &agent::DraftQueue::landed);
        QSignalSpy cancelled(&queue, &agent::DraftQueue::cancelled);
        QSignalSpy progress(&queue, &agent::DraftQueue::progress);
        QSignalSpy finished(&queue, &agent::DraftQueue::finished);
        queue.start();
        QTRY_COMPARE_WITH_TIMEOUT(counters.started, 4, 20000);
        QCOMPARE(landed.size(), 2);
        QCOMPARE(counters.active, 2);
        const DbState before = stateOf(*session);

        queue.cancel();
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(cancelled.size(), 3); // the two running, the queued one
        QStringList cancelledKeys;
        for (const auto& args : cancelled)
            cancelledKeys << args.at(0).toString();
        cancelledKeys.sort();
        QCOMPARE(cancelledKeys, (QStringList { "toy__models__Q2", "toy__models__Q3", "toy__models__Q4" }));
        QCOMPARE(counters.started, 4); // the queued one never started
        QCOMPARE(providers.size(), std::size_t(4));
        QCOMPARE(counters.active, 0);
        QCOMPARE(progress.last().at(0).toInt(), 5);
        QCOMPARE(progress.last().at(1).toInt(), 5);
        QVERIFY(stateOf(*session) == before);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(session->database().contains(keys[static_cast<std::size_t>(i)]), i < 2);
        QCOMPARE(queue.outcome(keys[4]), agent::DraftQueue::Outcome::Cancelled);
        // The providers went with their drafters.
        QTRY_VERIFY(std::all_of(providers.begin(), providers.end(), [](const auto& p) { return p.isNull(); }));
    }
};

QTEST_GUILESS_MAIN(TestDrafts)
#include "tst_drafts.moc"
