// SPDX-License-Identifier: GPL-3.0-or-later
// `db check`: a clean database has no problems; each rule is shown on a copy of it that breaks the rule once.

#include "db/dbcheck.h"
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
        QVERIFY(QString::fromStdString(problems.front().describe())
                    .startsWith(userPath
                        + QStringLiteral(":%1: torch__nn__SiLU: validation.status: ").arg(problems.front().line)));
    }
};

QTEST_GUILESS_MAIN(TestDbCheck)
#include "tst_dbcheck.moc"
