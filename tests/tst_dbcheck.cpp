// SPDX-License-Identifier: GPL-3.0-or-later
// `db check`: a clean database has no problems; each rule is shown on a copy of it that breaks the rule once.

#include "db/dbcheck.h"
#include "db/jsonlocate.h"
#include "db/layereddatabase.h"
#include "db/moduledatabase.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace lmp::db;

namespace {

QByteArray readFixture(const QString& name)
{
    QFile file(QFINDTESTDATA(QStringLiteral("data/db/") + name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the fixture %s", qPrintable(name));
    return file.readAll();
}

// Applies {"<json pointer>": value, ...} to the document; the value {"$remove": true} removes the field.
std::string patched(const QByteArray& fixture, const QByteArray& patches)
{
    Json doc = Json::parse(fixture.toStdString());
    const Json changes = Json::parse(patches.toStdString());
    for (const auto& [pointer, value] : changes.items()) {
        const Json::json_pointer at(pointer);
        if (value.is_object() && value.contains("$remove"))
            doc.at(at.parent_pointer()).erase(at.back());
        else
            doc[at] = value;
    }
    return doc.dump(2) + "\n";
}

// 1-based line of the first occurrence of needle; "a|b|needle": of the first needle after a, then b.
int lineOf(const std::string& text, const std::string& needle)
{
    std::size_t at = 0;
    std::size_t start = 0;
    while (at != std::string::npos) {
        const auto bar = needle.find('|', start);
        at = text.find(needle.substr(start, bar == std::string::npos ? bar : bar - start), at);
        if (bar == std::string::npos)
            break;
        start = bar + 1;
    }
    if (at == std::string::npos)
        return -1;
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

QString describeAll(const std::vector<Problem>& problems)
{
    QString out;
    for (const Problem& p : problems)
        out += QString::fromStdString(p.describe()) + QLatin1Char('\n');
    return out;
}

ModuleDatabase load(const std::string& text, const QString& origin = QStringLiteral("clean.json"))
{
    auto result = ModuleDatabase::fromJson(text, origin);
    if (auto* error = std::get_if<DbError>(&result))
        qFatal("fixture does not load: %s", error->describe().c_str());
    return std::get<ModuleDatabase>(std::move(result));
}

// An entry of clean.json with {"<pointer inside the entry>": value, ...} applied ({"$remove": true} removes).
Json patchedEntry(const char* key, const QByteArray& patches)
{
    Json entry = Json::parse(readFixture(QStringLiteral("clean.json")).toStdString())["modules"][key];
    const Json changes = Json::parse(patches.isEmpty() ? QByteArray("{}").toStdString() : patches.toStdString());
    for (const auto& [pointer, value] : changes.items()) {
        const Json::json_pointer at(pointer);
        if (value.is_object() && value.contains("$remove"))
            entry.at(at.parent_pointer()).erase(at.back());
        else
            entry[at] = value;
    }
    return entry;
}

// Line and column (1-based, in characters) of the first needle; "a|b|needle": of the first needle after a, then b.
std::pair<int, int> positionOf(const std::string& text, const std::string& needle)
{
    std::size_t at = 0;
    std::size_t start = 0;
    while (true) {
        const auto bar = needle.find('|', start);
        at = text.find(needle.substr(start, bar == std::string::npos ? bar : bar - start), at);
        if (at == std::string::npos)
            return { -1, -1 };
        if (bar == std::string::npos)
            break;
        start = bar + 1;
    }
    return lineColumnAt(text, at);
}

QStringList rulesOf(const std::vector<Problem>& problems)
{
    QStringList out;
    for (const Problem& p : problems)
        out << QString::fromUtf8(ruleName(p.rule));
    return out;
}

} // namespace

class TestDbCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanDatabaseHasNoProblems()
    {
        const ModuleDatabase db = load(readFixture(QStringLiteral("clean.json")).toStdString());
        QVERIFY(db.schemaErrors().empty());
        const auto problems = checkDatabase(db);
        QVERIFY2(problems.empty(), qPrintable(describeAll(problems)));
    }

    void builtinDatabaseHasNoProblems()
    {
        auto layered = LayeredDatabase::withBuiltin(QString());
        QVERIFY(std::holds_alternative<LayeredDatabase>(layered));
        const auto& db = std::get<LayeredDatabase>(layered);
        QVERIFY(!db.keys().empty());
        const auto problems = checkDatabase(db);
        QVERIFY2(problems.empty(), qPrintable(describeAll(problems)));
    }

    void eachRuleOnce_data()
    {
        QTest::addColumn<QByteArray>("patches");
        QTest::addColumn<QByteArray>("key"); // empty: no problem expected
        QTest::addColumn<QByteArray>("field");
        QTest::addColumn<QString>("message"); // a part of the message
        QTest::addColumn<QByteArray>("needle"); // the problem's line is the line of its first occurrence

        const QByteArray silu = "/modules/torch__nn__SiLU";
        const QByteArray mlp = "/modules/lmp__tests__GatedMLP";

        // 1. schema
        QTest::addRow("schema: wrong type")
            << QByteArray("{\"" + silu + "/flop_analysis/parameters/1\": 7}") << QByteArray("torch__nn__SiLU")
            << QByteArray("flop_analysis.parameters[1]") << QStringLiteral("expected a string, found number")
            << QByteArray("          7");
        QTest::addRow("schema: missing field")
            << QByteArray("{\"" + silu + "/memory_analysis/reads_template\": {\"$remove\": true}}")
            << QByteArray("torch__nn__SiLU") << QByteArray("memory_analysis.reads_template")
            << QStringLiteral("missing required field 'reads_template'")
            << QByteArray("\"torch__nn__SiLU\"|\"memory_analysis\": {");
        QTest::addRow("schema: bad status")
            << QByteArray("{\"" + silu + "/validation/status\": \"approved\"}") << QByteArray("torch__nn__SiLU")
            << QByteArray("validation.status") << QStringLiteral("unknown status 'approved'")
            << QByteArray("\"approved\"");
        QTest::addRow("schema: key and module_path differ")
            << QByteArray("{\"" + silu + "/module_path\": \"torch.nn.GELU\"}") << QByteArray("torch__nn__SiLU")
            << QByteArray("module_path")
            << QStringLiteral("does not match the key 'torch__nn__SiLU' (expected 'torch.nn.SiLU')")
            << QByteArray("torch.nn.GELU");
        QTest::addRow("schema: lines in the wrong order")
            << QByteArray("{\"" + silu + "/code_location/line_start\": 500}") << QByteArray("torch__nn__SiLU")
            << QByteArray("code_location.line_end") << QStringLiteral("line_end 397 is before line_start 500")
            << QByteArray("\"line_end\": 397");
        QTest::addRow("schema: line zero")
            << QByteArray("{\"" + silu + "/code_location/line_start\": 0}") << QByteArray("torch__nn__SiLU")
            << QByteArray("code_location.line_start") << QStringLiteral("line_start 0 is not a line number")
            << QByteArray("\"line_start\": 0");
        QTest::addRow("schema: bad date") << QByteArray("{\"" + silu + "/validation/date\": \"15/01/2024\"}")
                                          << QByteArray("torch__nn__SiLU") << QByteArray("validation.date")
                                          << QStringLiteral("expected a date YYYY-MM-DD") << QByteArray("15/01/2024");

        // 2. every template parses
        QTest::addRow("template does not parse")
            << QByteArray("{\"" + silu + "/flop_analysis/formula_template\": \"4 * ${N} *\"}")
            << QByteArray("torch__nn__SiLU") << QByteArray("flop_analysis.formula_template")
            << QStringLiteral("formula_template") << QByteArray("\"4 * ${N} *\"");

        // 3. dependencies exist
        QTest::addRow("missing dependency")
            << QByteArray("{\"" + mlp + "/memory_analysis/writes_template\": \"${N} * {torch__nn__Dropout}(${N})\", \""
                   + mlp + "/memory_analysis/module_depends/-\": \"torch__nn__Dropout\"}")
            << QByteArray("lmp__tests__GatedMLP") << QByteArray("memory_analysis.writes_template")
            << QStringLiteral("calls {torch__nn__Dropout}, which is not in the database")
            << QByteArray("{torch__nn__Dropout}(${N})");

        // 4. no cycles
        QTest::addRow("cycle") << QByteArray("{\"" + silu
            + "/flop_analysis/matmul_template\": \"0 * {lmp__tests__GatedMLP}(1, 1, 1)\", \"" + silu
            + "/flop_analysis/module_depends\": [\"lmp__tests__GatedMLP\"]}")
                               << QByteArray("torch__nn__SiLU") << QByteArray("flop_analysis.matmul_template")
                               << QStringLiteral(
                                      "call cycle: torch__nn__SiLU -> lmp__tests__GatedMLP -> torch__nn__SiLU")
                               << QByteArray("0 * {lmp__tests__GatedMLP}(1, 1, 1)");

        // 5. module_depends matches the calls
        QTest::addRow("module_depends lacks a module")
            << QByteArray("{\"" + mlp + "/flop_analysis/module_depends\": [\"torch__nn__Linear\"]}")
            << QByteArray("lmp__tests__GatedMLP") << QByteArray("flop_analysis.module_depends")
            << QStringLiteral("module_depends lacks torch__nn__SiLU: the FLOP templates call it")
            << QByteArray("\"lmp__tests__GatedMLP\"|\"module_depends\"");
        QTest::addRow("module_depends lists a module not called")
            << QByteArray("{\"" + silu + "/memory_analysis/module_depends\": [\"torch.nn.Linear\"]}")
            << QByteArray("torch__nn__SiLU") << QByteArray("memory_analysis.module_depends")
            << QStringLiteral("module_depends lists torch__nn__Linear, which no memory template calls")
            << QByteArray("\"torch__nn__SiLU\"|\"memory_analysis\"|\"module_depends\"");
        QTest::addRow("module_depends in the dotted form")
            << QByteArray("{\"" + mlp + "/flop_analysis/module_depends\": [\"torch.nn.Linear\", \"torch.nn.SiLU\"]}")
            << QByteArray() << QByteArray() << QString() << QByteArray();

        // 6. parameters declared
        QTest::addRow("undeclared parameter")
            << QByteArray("{\"" + silu + "/memory_analysis/writes_template\": \"${N} * ${hidden} * ${a_bytes}\"}")
            << QByteArray("torch__nn__SiLU") << QByteArray("memory_analysis.writes_template")
            << QStringLiteral("${hidden} is neither a declared parameter") << QByteArray("${hidden}");
        QTest::addRow("context variable needs no declaration")
            << QByteArray("{\"" + silu + "/memory_analysis/intermediates_template\": \"${T} * ${kv_bytes} * 0\"}")
            << QByteArray() << QByteArray() << QString() << QByteArray();

        // 7. the breakdown sums to the total on sample values
        QTest::addRow("breakdown does not sum")
            << QByteArray("{\"" + mlp + "/flop_analysis/breakdown/gate_mul\": \"2 * ${N} * ${intermediate_size}\"}")
            << QByteArray("lmp__tests__GatedMLP") << QByteArray("flop_analysis.breakdown")
            << QStringLiteral("the breakdown sums to") << QByteArray("\"lmp__tests__GatedMLP\"|\"breakdown\"");
        QTest::addRow("breakdown sums only on the first sample set")
            << QByteArray(
                   "{\"" + silu + "/flop_analysis/breakdown/multiply\": \"${N} * ${features} * ${features} / 64\"}")
            << QByteArray("torch__nn__SiLU") << QByteArray("flop_analysis.breakdown") << QStringLiteral("B=3, S=96")
            << QByteArray("\"torch__nn__SiLU\"|\"breakdown\"");
        QTest::addRow("evaluation error on sample values")
            << QByteArray("{\"" + silu + "/memory_analysis/intermediates_template\": \"${N} // (${B} - 2)\"}")
            << QByteArray("torch__nn__SiLU") << QByteArray("memory_analysis.intermediates_template")
            << QStringLiteral("division by zero") << QByteArray("${N} // (${B} - 2)");
        QTest::addRow("check_values make it sum") << QByteArray("{\"" + silu
            + "/flop_analysis/breakdown/multiply\": \"${N} * ${features} * ${features} / 64\", \"" + silu
            + "/check_values\": {\"features\": 64}}")
                                                  << QByteArray() << QByteArray() << QString() << QByteArray();
        QTest::addRow("check_values names an unknown parameter")
            << QByteArray("{\"" + silu + "/check_values\": {\"width\": 3}}") << QByteArray("torch__nn__SiLU")
            << QByteArray("check_values.width") << QStringLiteral("'width' is neither a declared parameter")
            << QByteArray("\"width\"");
    }

    void eachRuleOnce()
    {
        QFETCH(QByteArray, patches);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, field);
        QFETCH(QString, message);
        QFETCH(QByteArray, needle);

        const std::string text = patched(readFixture(QStringLiteral("clean.json")), patches);
        const ModuleDatabase db = load(text);
        const auto problems = checkDatabase(db);
        if (key.isEmpty()) {
            QVERIFY2(problems.empty(), qPrintable(describeAll(problems)));
            return;
        }
        QVERIFY2(problems.size() == 1, qPrintable(describeAll(problems)));
        const Problem& p = problems.front();
        QCOMPARE(QByteArray::fromStdString(p.key), key);
        QCOMPARE(QByteArray::fromStdString(p.field), field);
        QVERIFY2(QString::fromStdString(p.message).contains(message), p.message.c_str());
        QCOMPARE(p.file, QStringLiteral("clean.json"));
        QCOMPARE(p.line, lineOf(text, needle.toStdString()));
    }

    void everyProblemIsReported()
    {
        // Three independent problems in three entries: all are reported, in file order.
        const std::string text = patched(readFixture(QStringLiteral("clean.json")),
            R"json({"/modules/torch__nn__Linear/validation/status": "ok",
                                             "/modules/torch__nn__SiLU/code_location/line_end": 1,
                                             "/modules/lmp__tests__GatedMLP/flop_analysis/module_depends": []})json");
        const auto problems = checkDatabase(load(text));
        QStringList got;
        for (const Problem& p : problems)
            got << QString::fromStdString(p.key + " " + p.field);
        QCOMPARE(got,
            QStringList({ QStringLiteral("torch__nn__Linear validation.status"),
                QStringLiteral("torch__nn__SiLU code_location.line_end"),
                QStringLiteral("lmp__tests__GatedMLP flop_analysis.module_depends") }));
    }

    void cycleReportedOnce()
    {
        // A three-module cycle through two templates: one report, starting at the first module in the file.
        const std::string text = patched(readFixture(QStringLiteral("clean.json")),
            R"json({"/modules/torch__nn__Linear/memory_analysis/params_template": "{torch__nn__SiLU}(1, 1)",
                                             "/modules/torch__nn__Linear/memory_analysis/module_depends": ["torch__nn__SiLU"],
                                             "/modules/torch__nn__SiLU/memory_analysis/params_template": "{lmp__tests__GatedMLP}(1, 1, 1)",
                                             "/modules/torch__nn__SiLU/memory_analysis/module_depends": ["lmp__tests__GatedMLP"]})json");
        const auto problems = checkDatabase(load(text));
        QStringList cycles;
        for (const Problem& p : problems) {
            if (p.message.find("call cycle") != std::string::npos)
                cycles << QString::fromStdString(p.message);
        }
        // Linear -> SiLU -> GatedMLP -> Linear (memory templates), and SiLU -> GatedMLP -> SiLU (GatedMLP calls
        // SiLU in its FLOP and memory templates): two elementary cycles, each reported once.
        QCOMPARE(cycles,
            QStringList({ QStringLiteral("call cycle: torch__nn__Linear -> torch__nn__SiLU -> lmp__tests__GatedMLP"
                                         " -> torch__nn__Linear"),
                QStringLiteral("call cycle: torch__nn__SiLU -> lmp__tests__GatedMLP -> torch__nn__SiLU") }));
        QVERIFY2(problems.size() == 2, qPrintable(describeAll(problems)));
    }

    void dottedKeyIsReported()
    {
        QByteArray fixture = readFixture(QStringLiteral("clean.json"));
        fixture.replace("\"torch__nn__SiLU\": {", "\"torch.nn.SiLU\": {");
        const auto problems = checkDatabase(load(fixture.toStdString()));
        QVERIFY2(problems.size() == 1, qPrintable(describeAll(problems)));
        QCOMPARE(problems.front().key, std::string("torch.nn.SiLU"));
        QCOMPARE(problems.front().field, std::string("key"));
    }

    void layeredCheckNamesTheUserFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        const std::string user = patched(readFixture(QStringLiteral("clean.json")),
            R"json({"/modules/torch__nn__SiLU/validation/status": "approved"})json");
        {
            QFile file(userPath);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(user.data(), static_cast<qint64>(user.size()));
        }
        auto layered = LayeredDatabase::open(
            load(readFixture(QStringLiteral("clean.json")).toStdString(), QStringLiteral(":/lmp/module_db.json")),
            userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(layered));
        const auto problems = checkDatabase(std::get<LayeredDatabase>(layered));
        QVERIFY2(problems.size() == 1, qPrintable(describeAll(problems)));
        QCOMPARE(problems.front().file, userPath);
        QCOMPARE(problems.front().line, lineOf(user, "\"approved\""));
        // dump(2) indents validation's members by 8 spaces: 8 + len("\"status\": ") = 18 characters before the value.
        QCOMPARE(problems.front().column, 19);
        QVERIFY(QString::fromStdString(problems.front().describe())
                    .startsWith(userPath
                        + QStringLiteral(":%1:19: torch__nn__SiLU: validation.status: ").arg(problems.front().line)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One entry against a database: every problem, with the rule, the pointer, the position in the entry's text and,
    // for template problems, the formula error's range in the template.

    void checkEntry_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QStringList>("rules"); // every problem's rule, in order
        QTest::addColumn<QByteArray>("pointer"); // of the first problem
        QTest::addColumn<QString>("message"); // parts of the first problem's message, '|' between them
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("begin"); // the formula error's range; -1: no formula error
        QTest::addColumn<int>("end");

        const QByteArray silu = "torch__nn__SiLU";
        auto row = [&](const char* name, const QByteArray& patches, const QStringList& rules, const char* pointer,
                       const char* message, const std::string& needle, int begin, int end) {
            const std::string text = patchedEntry("torch__nn__SiLU", patches).dump(2);
            const auto [line, column] = needle.empty() ? std::pair(0, 0) : positionOf(text, needle);
            QTest::addRow("%s", name) << silu << QByteArray::fromStdString(text) << rules << QByteArray(pointer)
                                      << QString::fromUtf8(message) << line << column << begin << end;
        };
        auto textRow = [&](const char* name, const QByteArray& key, const QByteArray& text, const char* rule,
                           const char* message, int line, int column) {
            QTest::addRow("%s", name) << key << text << QStringList { QString::fromUtf8(rule) } << QByteArray()
                                      << QString::fromUtf8(message) << line << column << -1 << -1;
        };

        row("clean entry", {}, {}, "", "", {}, -1, -1);
        row("every context variable is set",
            R"json({"/memory_analysis/intermediates_template":
                "${attn_eager} * ${causal_half} * ${N} + (${logits_tokens} - ${T}) * ${pos_batch}"})json",
            {}, "", "", {}, -1, -1);
        // "4 * ${N} " is 9 bytes: the '^' is [9, 10).
        row("syntax error in a template", R"json({"/flop_analysis/formula_template": "4 * ${N} ^ 2"})json",
            { "template_syntax" }, "/flop_analysis/formula_template", "did you mean '**'",
            "\"formula_template\": |\"4 * ${N} ^ 2\"", 9, 10);
        // "4 * ${N} * ${features} + 0 * " is 29 bytes; "{torch__nn__GELU}" 17 more.
        row("unknown module",
            R"json({"/flop_analysis/formula_template": "4 * ${N} * ${features} + 0 * {torch__nn__GELU}(${N}, ${features})",
                "/flop_analysis/module_depends": ["torch__nn__GELU"]})json",
            { "unknown_module" }, "/flop_analysis/formula_template",
            "calls {torch__nn__GELU}, which is not in the database", "\"formula_template\": |\"4 * ${N}", 29, 46);
        // "${N} * " is 7 bytes, "${hidden}" 9.
        row("undeclared parameter", R"json({"/memory_analysis/writes_template": "${N} * ${hidden} * ${a_bytes}"})json",
            { "undeclared_parameter" }, "/memory_analysis/writes_template", "${hidden} is neither a declared parameter",
            "\"writes_template\": |\"${N} * ${hidden}", 7, 16);
        row("module_depends lists a module not called",
            R"json({"/flop_analysis/module_depends": ["torch__nn__Linear"]})json", { "module_depends" },
            "/flop_analysis/module_depends", "module_depends lists torch__nn__Linear, which no FLOP template calls",
            "\"module_depends\": |[", -1, -1);
        // Sample set 1: N = T = 2*128 = 256, features 64: formula_template 4*256*64 = 65536; sigmoid 2*256*64 = 32768,
        // multiply 256*64 = 16384: 49152.
        row("breakdown does not sum", R"json({"/flop_analysis/breakdown/sigmoid": "2 * ${N} * ${features}"})json",
            { "breakdown_sum" }, "/flop_analysis/breakdown",
            "the breakdown sums to 49152 but formula_template gives 65536 on sample values (B=2, S=128, P=0, "
            "S_kv=128, T=256, byte sizes 2; features=64): sigmoid=32768 + multiply=16384",
            "\"breakdown\": |{", -1, -1);
        // GatedMLP (in the database) calls SiLU; this SiLU calls GatedMLP. "0 * " is 4 bytes, the call's key 22.
        row("cycle through the entry",
            R"json({"/flop_analysis/matmul_template": "0 * {lmp__tests__GatedMLP}(1, 1, 1)",
                "/flop_analysis/module_depends": ["lmp__tests__GatedMLP"]})json",
            { "cycle" }, "/flop_analysis/matmul_template",
            "call cycle: torch__nn__SiLU -> lmp__tests__GatedMLP -> torch__nn__SiLU",
            "\"matmul_template\": |\"0 * {lmp", 4, 26);
        row("wrong type", R"json({"/module_path": 12})json", { "schema" }, "/module_path",
            "expected a string, found number", "\"module_path\": |12", -1, -1);
        row("every schema problem", R"json({"/module_path": 12, "/validation/status": "approved"})json",
            { "schema", "schema" }, "/module_path", "expected a string, found number", "\"module_path\": |12", -1, -1);
        row("key and module_path differ", R"json({"/module_path": "torch.nn.GELU"})json", { "module_path" },
            "/module_path",
            "module_path 'torch.nn.GELU' does not match the key 'torch__nn__SiLU' (expected 'torch.nn.SiLU')",
            "\"torch.nn.GELU\"", -1, -1);
        row("code_location lines out of order", R"json({"/code_location/line_start": 500})json", { "code_location" },
            "/code_location/line_end", "line_end 397 is before line_start 500", "\"line_end\": |397", -1, -1);

        // The decode sample (B=4, S=1, P=511: S_kv=512, T=N=4, parameters 32) finds what two prefills cannot.
        // "${N} // (${S} - 1)" is 18 bytes: the division is all of it.
        row("decode: divides by S - 1", R"json({"/memory_analysis/intermediates_template": "${N} // (${S} - 1)"})json",
            { "sample_values" }, "/memory_analysis/intermediates_template",
            "fails on sample values (B=4, S=1, P=511, S_kv=512, T=4, byte sizes 2; features=32): |division by zero",
            "\"intermediates_template\": |\"${N}", 0, 18);
        // Prefill: S_kv = S, so it sums. Decode: 4*4*32 + 2*4*512 = 512 + 4096 = 4608, but the breakdown gives
        // 3*4*32 + 4*32 + 2*4*1 = 384 + 128 + 8 = 520.
        row("decode: S where S_kv belongs",
            R"json({"/flop_analysis/formula_template": "4 * ${N} * ${features} + 2 * ${T} * ${S_kv}",
                "/flop_analysis/breakdown/scores": "2 * ${T} * ${S}"})json",
            { "breakdown_sum" }, "/flop_analysis/breakdown",
            "the breakdown sums to 520 but formula_template gives 4608 on sample values (B=4, S=1, P=511, S_kv=512, "
            "T=4, byte sizes 2; features=32): sigmoid=384 + multiply=128 + scores=8",
            "\"breakdown\": |{", -1, -1);
        // Batch 2: multiply counts one sequence, 128*64 = 8192 of 16384: 49152 + 8192 = 57344.
        row("batch above 1: a per-sequence count",
            R"json({"/flop_analysis/breakdown/multiply": "${S} * ${features}"})json", { "breakdown_sum" },
            "/flop_analysis/breakdown",
            "the breakdown sums to 57344 but formula_template gives 65536 on sample values (B=2, S=128, P=0, "
            "S_kv=128, T=256, byte sizes 2; features=64): sigmoid=49152 + multiply=8192",
            "\"breakdown\": |{", -1, -1);
        // A prefill has no cache: P = 0. "${T} * ${S_kv} // ${P}" is 22 bytes, (T * S_kv) // P all of it.
        row("prefill: divides by the cache length",
            R"json({"/memory_analysis/intermediates_template": "${T} * ${S_kv} // ${P}"})json", { "sample_values" },
            "/memory_analysis/intermediates_template",
            "fails on sample values (B=2, S=128, P=0, S_kv=128, T=256, byte sizes 2; features=64): |division by zero",
            "\"intermediates_template\": |\"${T}", 0, 22);

        textRow("invalid key", "torch nn SiLU", QByteArray::fromStdString(patchedEntry("torch__nn__SiLU", {}).dump(2)),
            "key", "'torch nn SiLU' is not a module key", 1, 1);
        // nlohmann stops at the end of the unexpected token: "code_location" (15 characters from column 3).
        textRow("invalid JSON", silu, "{\n  \"module_path\": \"torch.nn.SiLU\"\n  \"code_location\": {}\n}", "json",
            "invalid JSON: syntax error", 3, 17);
        textRow("not UTF-8", silu, "{\"module_path\": \"caf\xC3\"}", "json", "not valid UTF-8 (byte 0xC3)", 1, 21);
        // '{' is level 1, so the 128th '[' (offset 6 + 127) is the first past 128 levels.
        textRow("nested too deeply", silu, "{\"x\": " + QByteArray(200, '[') + QByteArray(200, ']') + "}", "json",
            "nested deeper than 128 levels", 1, 134);
        textRow("empty", silu, "  \n", "json", "the entry is empty", 2, 1);

        QByteArray duplicate = QByteArray::fromStdString(patchedEntry("torch__nn__SiLU", {}).dump(2));
        duplicate.replace("\"module_path\": \"torch.nn.SiLU\",",
            "\"module_path\": \"torch.nn.GELU\",\n  \"module_path\": \"torch.nn.SiLU\",");
        const auto [dupLine, dupColumn] = positionOf(duplicate.toStdString(), "GELU|\"torch.nn.SiLU\"");
        QTest::addRow("duplicate key") << silu << duplicate << QStringList { QStringLiteral("schema") }
                                       << QByteArray("/module_path")
                                       << QStringLiteral("duplicate key 'module_path': only the last value is kept")
                                       << dupLine << dupColumn << -1 << -1;
    }

    void checkEntry()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, text);
        QFETCH(QStringList, rules);
        QFETCH(QByteArray, pointer);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(int, begin);
        QFETCH(int, end);

        const ModuleDatabase base = load(readFixture(QStringLiteral("clean.json")).toStdString());
        const std::string before = base.document().dump();
        const auto problems = lmp::db::checkEntry(key.toStdString(),
            std::string_view(text.constData(), std::size_t(text.size())), base, QStringLiteral("agent answer"));
        QCOMPARE(base.document().dump(), before); // the base never changes
        QVERIFY2(rulesOf(problems) == rules, qPrintable(describeAll(problems)));
        if (rules.isEmpty())
            return;
        const Problem& p = problems.front();
        QCOMPARE(QByteArray::fromStdString(p.pointer), pointer);
        for (const QString& part : message.split(QLatin1Char('|')))
            QVERIFY2(QString::fromStdString(p.message).contains(part), p.message.c_str());
        QCOMPARE(p.file, QStringLiteral("agent answer"));
        QCOMPARE(p.line, line);
        QCOMPARE(p.column, column);
        if (begin < 0) {
            QVERIFY(!p.formulaError.has_value());
        } else {
            QVERIFY(p.formulaError.has_value());
            QCOMPARE(int(p.formulaError->range.begin), begin);
            QCOMPARE(int(p.formulaError->range.end), end);
        }
    }

    void checkEntryFromParsedJson()
    {
        // The parsed overload places problems in the entry pretty-printed with 2 spaces, as the GUI shows it.
        const ModuleDatabase base = load(readFixture(QStringLiteral("clean.json")).toStdString());
        const Json entry = patchedEntry("torch__nn__SiLU",
            R"json({"/flop_analysis/formula_template": "4 * ${N} ^ 2", "/memory_analysis/reads_template": "${x}"})json");
        const auto problems = lmp::db::checkEntry("torch.nn.SiLU", entry, base);
        QCOMPARE(rulesOf(problems),
            QStringList({ QStringLiteral("template_syntax"), QStringLiteral("undeclared_parameter") }));
        const std::string shown = entry.dump(2);
        QCOMPARE(std::pair(problems[0].line, problems[0].column), positionOf(shown, "\"formula_template\": |\"4"));
        QCOMPARE(std::pair(problems[1].line, problems[1].column), positionOf(shown, "\"reads_template\": |\"${x}"));
        QCOMPARE(problems[0].key, std::string("torch__nn__SiLU")); // the key in the form it is stored
        QCOMPARE(problems[1].field, std::string("memory_analysis.reads_template"));
        QVERIFY(problems[0].file.isEmpty());
        // The same as text gives the same problems, whatever the string type.
        const auto fromText = lmp::db::checkEntry("torch.nn.SiLU", std::string_view(shown), base);
        QCOMPARE(describeAll(fromText), describeAll(problems));
        QCOMPARE(describeAll(lmp::db::checkEntry("torch.nn.SiLU", shown, base)), describeAll(problems));
        QCOMPARE(describeAll(lmp::db::checkEntry("torch.nn.SiLU", shown.c_str(), base)), describeAll(problems));
    }

    void checkEntryShowsTheTemplateLine()
    {
        const ModuleDatabase base = load(readFixture(QStringLiteral("clean.json")).toStdString());
        const auto problems = lmp::db::checkEntry("torch__nn__SiLU",
            patchedEntry("torch__nn__SiLU", R"json({"/flop_analysis/formula_template": "4 * ${N} ^ 2",
                    "/memory_analysis/writes_template": "${N} * ${hidden} * ${a_bytes}"})json"),
            base);
        QCOMPARE(problems.size(), std::size_t(2));
        // The caret under byte 9 (column 10), after the two spaces of indent.
        QVERIFY2(QString::fromStdString(problems[0].describeWithSource())
                     .endsWith(QStringLiteral("\n  4 * ${N} ^ 2\n           ^")),
            problems[0].describeWithSource().c_str());
        // ${hidden}: bytes 7 to 16, a caret and 8 tildes.
        QVERIFY2(QString::fromStdString(problems[1].describeWithSource())
                     .endsWith(QStringLiteral("\n  ${N} * ${hidden} * ${a_bytes}\n         ^~~~~~~~~")),
            problems[1].describeWithSource().c_str());
        // describe() is one line.
        QCOMPARE(problems[1].describe().find('\n'), std::string::npos);
    }

    void checkEntryAgainstLayers()
    {
        // The user layer adds a Wrapper that calls SiLU; the candidate SiLU calls the Wrapper: a cycle through the
        // candidate that only the two layers together make. Neither layer changes.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json user = Json::parse(R"json({"schema_version": 2, "modules": {}})json");
        user["modules"]["lmp__tests__Wrapper"] =
            patchedEntry("lmp__tests__GatedMLP", R"json({"/module_path": "lmp.tests.Wrapper"})json");
        const std::string userText = user.dump(2) + "\n";
        auto writeUser = [&](const std::string& text) {
            QFile file(userPath);
            return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
                && file.write(text.data(), qint64(text.size())) == qint64(text.size());
        };
        QVERIFY(writeUser(userText));
        auto opened = LayeredDatabase::open(load(readFixture(QStringLiteral("clean.json")).toStdString()), userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(opened));
        const LayeredDatabase& db = std::get<LayeredDatabase>(opened);
        const std::string builtinBefore = db.builtin().document().dump();
        const std::string userBefore = db.user()->document().dump();
        const Json candidate = patchedEntry("torch__nn__SiLU",
            R"json({"/flop_analysis/matmul_template": "0 * {lmp__tests__Wrapper}(1, 1, 1)",
                    "/flop_analysis/module_depends": ["lmp__tests__Wrapper"]})json");

        const auto problems = lmp::db::checkEntry("torch__nn__SiLU", candidate, db);
        QVERIFY2(problems.size() == 1, qPrintable(describeAll(problems)));
        QCOMPARE(problems[0].rule, Rule::Cycle);
        QCOMPARE(
            problems[0].message, std::string("call cycle: torch__nn__SiLU -> lmp__tests__Wrapper -> torch__nn__SiLU"));
        QCOMPARE(db.builtin().document().dump(), builtinBefore);
        QCOMPARE(db.user()->document().dump(), userBefore);
        QVERIFY(!db.dirty());

        // Calling a module whose entry in the database is invalid is a problem of the entry checked alone.
        Json broken = Json::parse(userText);
        broken["modules"]["lmp__tests__Wrapper"]["validation"]["status"] = "approved";
        QVERIFY(writeUser(broken.dump(2) + "\n"));
        auto reopened = LayeredDatabase::open(load(readFixture(QStringLiteral("clean.json")).toStdString()), userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(reopened));
        const auto calling = lmp::db::checkEntry("torch__nn__SiLU", candidate, std::get<LayeredDatabase>(reopened));
        QVERIFY2(calling.size() == 1, qPrintable(describeAll(calling)));
        QCOMPARE(calling[0].rule, Rule::UnknownModule);
        QCOMPARE(calling[0].message,
            std::string("calls {lmp__tests__Wrapper}, whose entry has schema errors (lmp db check)"));
    }

    void databaseProblemsHaveColumnsAndRules()
    {
        // db check keeps its output and adds the column, the rule, the pointer and the formula error.
        const std::string text = patched(readFixture(QStringLiteral("clean.json")),
            R"json({"/modules/torch__nn__SiLU/flop_analysis/formula_template": "4 * ${N} ^ 2"})json");
        const auto problems = checkDatabase(load(text));
        QVERIFY2(problems.size() == 1, qPrintable(describeAll(problems)));
        const Problem& p = problems.front();
        QCOMPARE(p.rule, Rule::TemplateSyntax);
        QCOMPARE(p.pointer, std::string("/flop_analysis/formula_template"));
        const auto [line, column] = positionOf(text, "\"torch__nn__SiLU\"|\"formula_template\": |\"4 * ${N} ^ 2\"");
        QCOMPARE(p.line, line);
        QCOMPARE(p.column, column);
        QVERIFY(p.formulaError.has_value());
        QCOMPARE(p.formulaError->range, (lmp::formula::SourceRange { 9, 10 }));
        QVERIFY(QString::fromStdString(p.describe())
                    .startsWith(QStringLiteral("clean.json:%1:%2: torch__nn__SiLU: flop_analysis.formula_template: ")
                                    .arg(line)
                                    .arg(column)));
    }
};

QTEST_GUILESS_MAIN(TestDbCheck)
#include "tst_dbcheck.moc"
