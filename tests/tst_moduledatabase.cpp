// SPDX-License-Identifier: GPL-3.0-or-later
// The module database file: load errors, schema errors with pointer and position, byte-exact round trips, the
// schema-1 upgrade, reviews and their history, atomic saves, and the built-in/user layering.

#include "db/jsonlocate.h"
#include "db/layereddatabase.h"
#include "db/moduledatabase.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <nlohmann/json.hpp>

using namespace lmp::db;
using lmp::formula::Kind;

// Json converts to too many things for QCOMPARE: compare the texts, which also reads well when it fails.
#define QCOMPARE_JSON(actual, expected)                                                                                \
    QCOMPARE(QString::fromStdString(Json(actual).dump()), QString::fromStdString(Json(expected).dump()))

namespace {

QByteArray readFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QByteArray readFixture(const QString& name)
{
    const QString path = QFINDTESTDATA(QStringLiteral("data/db/") + name);
    if (path.isEmpty())
        qFatal("missing fixture %s", qPrintable(name));
    return readFile(path);
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

std::string str(const QByteArray& bytes)
{
    return bytes.toStdString();
}

// Position (1-based line, column in characters) of the first needle; "a|b|needle": of the first needle after a,
// then after b.
std::pair<int, int> positionOf(const QByteArray& text, const QByteArray& needle)
{
    qsizetype at = 0;
    for (const QByteArray& part : needle.split('|')) {
        at = text.indexOf(part, at);
        if (at < 0)
            return { -1, -1 };
    }
    const std::string s = text.toStdString();
    return lineColumnAt(s, static_cast<std::size_t>(at));
}

QByteArray replaceFirst(QByteArray text, const QByteArray& from, const QByteArray& to)
{
    const qsizetype at = text.indexOf(from);
    if (at < 0)
        qFatal("fixture text not found: %s", from.constData());
    return text.replace(at, from.size(), to);
}

ModuleDatabase loaded(const QByteArray& text, const QString& origin = QStringLiteral("db.json"))
{
    auto result = ModuleDatabase::fromJson(str(text), origin);
    if (auto* error = std::get_if<DbError>(&result))
        qFatal("does not load: %s", error->describe().c_str());
    return std::get<ModuleDatabase>(std::move(result));
}

QDateTime utc(int year, int month, int day, int hour, int minute)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute), QTimeZone::utc());
}

QStringList filesIn(const QString& dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

std::vector<std::string> specKeys(const std::vector<lmp::formula::ModuleSpec>& specs)
{
    std::vector<std::string> keys;
    for (const auto& spec : specs)
        keys.push_back(spec.key);
    return keys;
}

} // namespace

class TestModuleDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // ---------------------------------------------------------------------------------------------------------------
    // Load errors: the file as a whole cannot be used.

    void loadErrors_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        const QByteArray basic = readFixture(QStringLiteral("basic.json"));
        const QList<QByteArray> lines = basic.split('\n');
        QByteArray cutInLine40;
        for (int i = 0; i < 39; ++i)
            cutInLine40 += lines[i] + '\n';
        cutInLine40 += lines[39].left(lines[39].size() / 2);

        QTest::addRow("invalid UTF-8") << QByteArray("{\n  \"a\": \"caf\xC3\"\n}")
                                       << QStringLiteral("not valid UTF-8 (byte 0xC3)") << 2 << 12;
        QTest::addRow("overlong UTF-8") << QByteArray("{\"\xC0\xAF\": 1}")
                                        << QStringLiteral("not valid UTF-8 (byte 0xC0)") << 1 << 3;
        QTest::addRow("UTF-16 surrogate in UTF-8")
            << QByteArray("{\"\xED\xA0\x80\": 1}") << QStringLiteral("not valid UTF-8") << 1 << 3;
        QTest::addRow("truncated in line 40")
            << cutInLine40 << QStringLiteral("invalid JSON: syntax error") << 40 << -1;
        QTest::addRow("truncated after a key")
            << QByteArray("{\n  \"schema_version\": 2,\n  \"modules\": {\n    \"x\":")
            << QStringLiteral("unexpected end of input") << 4 << 9;
        // nlohmann reports the last character it read: the end of the unexpected token "b".
        QTest::addRow("missing comma") << QByteArray("{\n  \"a\": 1\n  \"b\": 2\n}")
                                       << QStringLiteral("invalid JSON: syntax error while parsing object") << 3 << 5;
        QTest::addRow("empty file") << QByteArray() << QStringLiteral("the file is empty") << 1 << 1;
        QTest::addRow("only whitespace") << QByteArray("\n\n  ") << QStringLiteral("the file is empty") << 3 << 3;
        QTest::addRow("top level array") << QByteArray("\n[1, 2]") << QStringLiteral("the top level is an array") << 2
                                         << 1;
        QTest::addRow("top level number") << QByteArray("42") << QStringLiteral("the top level is a number") << 1 << 1;
        QTest::addRow("unsupported schema_version") << QByteArray("{\n  \"schema_version\": 3,\n  \"modules\": {}\n}")
                                                    << QStringLiteral("unsupported schema_version 3") << 2 << 21;
        QTest::addRow("schema_version 1 in the wrapper") << QByteArray("{\"schema_version\": 1, \"modules\": {}}")
                                                         << QStringLiteral("unsupported schema_version 1") << 1 << 20;
        QTest::addRow("schema_version not an integer")
            << QByteArray("{\"schema_version\": \"2\", \"modules\": {}}")
            << QStringLiteral("expected an integer schema_version, found string") << 1 << 20;
        QTest::addRow("schema_version without modules")
            << QByteArray("{\"schema_version\": 2}") << QStringLiteral("missing \"modules\" object") << 1 << 1;
        QTest::addRow("modules not an object") << QByteArray("{\"schema_version\": 2, \"modules\": [1]}")
                                               << QStringLiteral("expected \"modules\" to be an object") << 1 << 34;
        QTest::addRow("modules without schema_version")
            << QByteArray("{\"modules\": {}}") << QStringLiteral("missing schema_version") << 1 << 1;
        QTest::addRow("nested too deeply") << QByteArray("{\"a\": " + QByteArray(200, '[') + QByteArray(200, ']') + "}")
                                           << QStringLiteral("nested deeper than 128 levels") << 1 << 134;
        QTest::addRow("number overflow") << QByteArray("{\"a\": 1e400}") << QStringLiteral("number overflow") << 0 << 0;
    }

    void loadErrors()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, message);
        QFETCH(int, line);
        QFETCH(int, column);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("module_db.json"));
        QVERIFY(writeFile(path, content));
        const auto result = ModuleDatabase::loadFile(path);
        QVERIFY(std::holds_alternative<DbError>(result));
        const DbError& error = std::get<DbError>(result);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, line);
        if (column >= 0)
            QCOMPARE(error.column, column);
        if (line > 0)
            QVERIFY(QString::fromStdString(error.describe()).startsWith(path + QStringLiteral(":%1:").arg(line)));

        // The same from text: the origin names it.
        const auto fromText = ModuleDatabase::fromJson(str(content), QStringLiteral("text"));
        QVERIFY(std::holds_alternative<DbError>(fromText));
        QCOMPARE(std::get<DbError>(fromText).message, error.message);
        QCOMPARE(std::get<DbError>(fromText).file, QStringLiteral("text"));
    }

    void loadFileErrors()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto missing = ModuleDatabase::loadFile(dir.filePath(QStringLiteral("absent.json")));
        QVERIFY(std::holds_alternative<DbError>(missing));
        QCOMPARE(std::get<DbError>(missing).message, std::string("no such file"));
        QCOMPARE(std::get<DbError>(missing).file, dir.filePath(QStringLiteral("absent.json")));

        const auto directory = ModuleDatabase::loadFile(dir.path());
        QVERIFY(std::holds_alternative<DbError>(directory));
        QCOMPARE(std::get<DbError>(directory).message, std::string("is a directory, not a database file"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Schema errors: the file loads, the entry is reported with its pointer and position and left out of the specs.

    void schemaErrors_data()
    {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<QByteArray>("from"); // replaced once (first occurrence) in the fixture
        QTest::addColumn<QByteArray>("to");
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QByteArray>("needle"); // where the error must point: "anchor|...|needle"

        const QString basic = QStringLiteral("basic.json");
        const QByteArray silu = "torch__nn__SiLU";
        const QByteArray linear = "torch__nn__Linear";
        const QByteArray s = "/modules/torch__nn__SiLU";
        const QByteArray l = "/modules/torch__nn__Linear";
        auto row = [&](const char* name, const QByteArray& from, const QByteArray& to, const QByteArray& key,
                       const QByteArray& pointer, const char* message, const QByteArray& needle) {
            QTest::addRow("%s", name) << basic << from << to << key << pointer << QString::fromUtf8(message) << needle;
        };

        row("module_path: number", "\"module_path\": \"torch.nn.SiLU\"", "\"module_path\": 12", silu,
            s + "/module_path", "expected a string, found number", "\"module_path\": |12");
        row("code_location: string",
            "\"code_location\": {\n        \"file\": \"torch/nn/modules/activation.py\",\n"
            "        \"line_start\": 396,\n        \"line_end\": 397\n      }",
            "\"code_location\": \"activation.py\"", silu, s + "/code_location", "expected an object, found string",
            "\"activation.py\"");
        row("code_location.file: null", "\"file\": \"torch/nn/modules/activation.py\"", "\"file\": null", silu,
            s + "/code_location/file", "expected a string, found null", "\"file\": |null");
        row("line_start: string", "\"line_start\": 396", "\"line_start\": \"396\"", silu,
            s + "/code_location/line_start", "expected an integer, found string", "\"396\"");
        row("line_end: fraction", "\"line_end\": 397", "\"line_end\": 397.5", silu, s + "/code_location/line_end",
            "expected an integer, found number 397.5", "397.5");
        row("flop_analysis: array", "\"flop_analysis\": {", "\"x_flop_analysis\": {", silu, s + "/flop_analysis",
            "missing required field 'flop_analysis'", "\"torch__nn__SiLU\": |{");
        row("thinking_process: boolean", "\"thinking_process\": \"x * sigmoid(x): about 4 FLOPs per element.\"",
            "\"thinking_process\": false", silu, s + "/flop_analysis/thinking_process",
            "expected a string, found boolean", "\"thinking_process\": |false");
        row("parameters: string", "\"parameters\": [\n          \"N\",\n          \"features\"\n        ]",
            "\"parameters\": \"N, features\"", silu, s + "/flop_analysis/parameters",
            "expected an array of strings, found string", "\"N, features\"");
        row("parameters[1]: number", "\"features\"\n        ],\n        \"formula_template\"",
            "7\n        ],\n        \"formula_template\"", silu, s + "/flop_analysis/parameters/1",
            "expected a string, found number", "\"N\",|7");
        row("parameters[1]: not a name", "\"features\"\n        ],\n        \"formula_template\"",
            "\"fea tures\"\n        ],\n        \"formula_template\"", silu, s + "/flop_analysis/parameters/1",
            "'fea tures' is not a parameter name", "\"fea tures\"");
        row("formula_template: missing", "\"formula_template\": \"4 * ${N} * ${features}\",\n", "", silu,
            s + "/flop_analysis/formula_template", "missing required field 'formula_template'",
            "\"torch__nn__SiLU\"|\"flop_analysis\": |{");
        row("formula_template: number", "\"formula_template\": \"4 * ${N} * ${features}\"", "\"formula_template\": 4",
            silu, s + "/flop_analysis/formula_template", "expected a string, found number", "\"formula_template\": |4");
        row("matmul_template: number", "\"matmul_template\": \"0\"", "\"matmul_template\": 0", silu,
            s + "/flop_analysis/matmul_template", "expected a string or null, found number", "\"matmul_template\": |0");
        row("module_depends[0]: object", "\"module_depends\": [],\n        \"breakdown\"",
            "\"module_depends\": [{}],\n        \"breakdown\"", silu, s + "/flop_analysis/module_depends/0",
            "expected a string, found object", "[|{}");
        row("module_depends: missing", "\"module_depends\": [],\n        \"breakdown\"", "\"breakdown\"", silu,
            s + "/flop_analysis/module_depends", "missing required field 'module_depends'",
            "\"torch__nn__SiLU\"|\"flop_analysis\": |{");
        row("breakdown: array",
            "\"breakdown\": {\n          \"sigmoid\": \"3 * ${N} * ${features}\",\n"
            "          \"multiply\": \"${N} * ${features}\"\n        }",
            "\"breakdown\": [\"3 * ${N} * ${features}\"]", silu, s + "/flop_analysis/breakdown",
            "expected an object of named FLOP expressions, found array", "\"breakdown\": |[");
        row("breakdown item: number", "\"multiply\": \"${N} * ${features}\"", "\"multiply\": 1", silu,
            s + "/flop_analysis/breakdown/multiply", "expected a string, found number", "\"multiply\": |1");
        row("memory_analysis: missing", "\"memory_analysis\": {", "\"x_memory_analysis\": {", silu,
            s + "/memory_analysis", "missing required field 'memory_analysis'", "\"torch__nn__SiLU\": |{");
        row("reads_template: array", "\"reads_template\": \"${N} * ${features} * ${a_bytes}\"",
            "\"reads_template\": []", silu, s + "/memory_analysis/reads_template", "expected a string, found array",
            "\"reads_template\": |[]");
        row("intermediates_template: missing", "\"intermediates_template\": \"0\",\n", "", silu,
            s + "/memory_analysis/intermediates_template", "missing required field 'intermediates_template'",
            "\"torch__nn__SiLU\"|\"memory_analysis\": |{");
        row("params_template: object", "\"params_template\": \"${in_features} * ${out_features}\"",
            "\"params_template\": {}", linear, l + "/memory_analysis/params_template",
            "expected a string or null, found object", "\"params_template\": |{}");
        row("validation: missing", "\"validation\": {", "\"x_validation\": {", silu, s + "/validation",
            "missing required field 'validation'", "\"torch__nn__SiLU\": |{");
        row("status: number", "\"status\": \"validated\"", "\"status\": 3", silu, s + "/validation/status",
            "expected a string, found number", "\"status\": |3");
        row("status: unknown", "\"status\": \"validated\"", "\"status\": \"approved\"", silu, s + "/validation/status",
            "unknown status 'approved': expected one of pending, validated, rejected, needs_changes", "\"approved\"");
        row("status: missing", "\"status\": \"validated\",\n", "", silu, s + "/validation/status",
            "missing required field 'status'", "\"torch__nn__SiLU\"|\"validation\": |{");
        row("validator: number", "\"validator\": \"test\"", "\"validator\": 1", silu, s + "/validation/validator",
            "expected a string or null, found number", "\"validator\": |1");
        row("date: not ISO", "\"date\": \"2024-01-15\"", "\"date\": \"15/01/2024\"", silu, s + "/validation/date",
            "expected a date YYYY-MM-DD, found '15/01/2024'", "\"15/01/2024\"");
        row("date: no such day", "\"date\": \"2024-01-15\"", "\"date\": \"2024-02-30\"", silu, s + "/validation/date",
            "expected a date YYYY-MM-DD", "\"2024-02-30\"");
        row("notes: array", "\"notes\": null", "\"notes\": [\"a\"]", silu, s + "/validation/notes",
            "expected a string or null, found array", "\"notes\": |[");
        row("history: object", "\"history\": [", "\"history\": {}, \"x_history\": [", linear, l + "/history",
            "expected an array of revisions, found object", "\"history\": |{}");
        row("history: unknown action", "\"action\": \"validate\"", "\"action\": \"approve\"", linear,
            l + "/history/0/action", "unknown action 'approve'", "\"approve\"");
        row("history: revision 0", "\"revision\": 1", "\"revision\": 0", linear, l + "/history/0/revision",
            "expected a revision number >= 1", "\"revision\": |0");
        row("history: changes not objects",
            "\"old\": \"pending\",\n              \"new\": \"validated\"\n            }",
            "\"old\": \"pending\",\n              \"new\": \"validated\"\n            },\n"
            "            \"/validation/date\": 5",
            linear, l + "/history/0/changes/~1validation~1date", "expected an object {\"old\": ..., \"new\": ...}",
            "\"/validation/date\": |5");
        row("key: not a module key", "\"torch__nn__SiLU\": {", "\"torch nn SiLU\": {", "torch nn SiLU",
            "/modules/torch nn SiLU", "'torch nn SiLU' is not a module key", "\"torch nn SiLU\": |{");
        row("key: duplicate", "\"torch__nn__SiLU\": {",
            "\"torch__nn__SiLU\": {\"module_path\": 1},\n    \"torch__nn__SiLU\": {", silu, s,
            "duplicate key 'torch__nn__SiLU': only the last value is kept",
            "{\"module_path\": 1},|\"torch__nn__SiLU\": |{");
        row("entry: not an object", "\"torch__nn__SiLU\": {", "\"torch__nn__SiLU\": 5, \"x_silu\": {", silu, s,
            "expected an object (a module entry), found number", "\"torch__nn__SiLU\": |5");

        QTest::addRow("schema 1: pointer without /modules")
            << QStringLiteral("seed_schema1.json") << QByteArray("\"status\": \"pending\"")
            << QByteArray("\"status\": \"approved\"")
            << QByteArray("transformers__models__llama__modeling__llama__LlamaAttention")
            << QByteArray("/transformers__models__llama__modeling__llama__LlamaAttention/validation/status")
            << QStringLiteral("unknown status 'approved'") << QByteArray("\"approved\"");
    }

    void schemaErrors()
    {
        QFETCH(QString, fixture);
        QFETCH(QByteArray, from);
        QFETCH(QByteArray, to);
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, pointer);
        QFETCH(QString, message);
        QFETCH(QByteArray, needle);

        const QByteArray original = readFixture(fixture);
        const QByteArray text = replaceFirst(original, from, to);
        const ModuleDatabase db = loaded(text, QStringLiteral("db.json"));

        QCOMPARE(db.schemaErrors().size(), std::size_t(1));
        const DbError& error = db.schemaErrors().front();
        QCOMPARE(QByteArray::fromStdString(error.key), key);
        QCOMPARE(QByteArray::fromStdString(error.pointer), pointer);
        QVERIFY2(QString::fromStdString(error.message).contains(message), error.message.c_str());
        QCOMPARE(error.file, QStringLiteral("db.json"));
        const auto [line, column] = positionOf(text, needle);
        QVERIFY(line > 0);
        QCOMPARE(error.line, line);
        QCOMPARE(error.column, column);
        QVERIFY(QString::fromStdString(error.describe())
                    .startsWith(QStringLiteral("db.json:%1:%2: ").arg(line).arg(column) + QString::fromUtf8(pointer)
                        + QStringLiteral(": ")));

        // The bad entry is still listed, but it is not valid and the library does not get it; the others do.
        const auto keys = db.keys();
        QVERIFY(std::find(keys.begin(), keys.end(), key.toStdString()) != keys.end());
        QVERIFY(!db.isValid(key.toStdString()));
        const auto specs = specKeys(db.moduleSpecs());
        QVERIFY(
            std::find(specs.begin(), specs.end(), lmp::formula::normalizeModuleKey(key.toStdString())) == specs.end());
        QCOMPARE(specs.size(), keys.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Round trips

    void roundTripIsByteExact_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("unknown fields, key order, non-ASCII") << readFixture(QStringLiteral("basic.json"));
        QTest::addRow("db check fixture") << readFixture(QStringLiteral("clean.json"));
        QFile builtin(QString::fromLatin1(LayeredDatabase::kBuiltinResource));
        QVERIFY(builtin.open(QIODevice::ReadOnly));
        QTest::addRow("built-in database") << builtin.readAll();
        QTest::addRow("empty") << QByteArray("{\n  \"schema_version\": 2,\n  \"modules\": {}\n}\n");
    }

    void roundTripIsByteExact()
    {
        QFETCH(QByteArray, text);
        ModuleDatabase db = loaded(text);
        QCOMPARE(db.sourceSchemaVersion(), 2);
        QVERIFY(!db.dirty());
        const auto out = db.toJsonText();
        QVERIFY(std::holds_alternative<std::string>(out));
        QCOMPARE(QByteArray::fromStdString(std::get<std::string>(out)), text);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("db.json"));
        QVERIFY(!db.save(path));
        QCOMPARE(readFile(path), text);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("db.json") });
    }

    void unknownFieldsAndOrderAreKept()
    {
        const ModuleDatabase db = loaded(readFixture(QStringLiteral("basic.json")));
        QVERIFY(db.schemaErrors().empty());
        QCOMPARE(db.keys(), (std::vector<std::string> { "torch__nn__SiLU", "torch__nn__Linear" }));
        QCOMPARE_JSON(db.document().at("x_generator"), Json("hand"));
        QCOMPARE_JSON(db.document().at("x_trailer").at("a").at(3), Json("é"));
        const Json& linear = *db.entry("torch.nn.Linear"); // either key form
        QCOMPARE_JSON(linear.at("x_origin").at("tool"), Json("hand-written"));
        QCOMPARE_JSON(linear.at("flop_analysis").at("x_comment"), Json("counts 2 FLOPs per multiply–add (×2)"));
        std::vector<std::string> fields;
        for (const auto& [name, value] : linear.items())
            fields.push_back(name);
        QCOMPARE(fields,
            (std::vector<std::string> { "module_path", "x_origin", "code_location", "flop_analysis", "memory_analysis",
                "validation", "history" }));
    }

    void schema1IsUpgraded()
    {
        const QByteArray seed = readFixture(QStringLiteral("seed_schema1.json"));
        ModuleDatabase db = loaded(seed, QStringLiteral("seed.json"));
        QCOMPARE(db.sourceSchemaVersion(), 1);
        QVERIFY(db.schemaErrors().empty());
        const std::vector<std::string> keys { "transformers__models__llama__modeling__llama__LlamaAttention",
            "torch__nn__Linear" };
        QCOMPARE(db.keys(), keys);
        QCOMPARE(db.status("torch__nn__Linear"), std::optional(Status::Validated));

        // No matmul_template or params_template: unknown, never zero.
        const auto spec = db.moduleSpec("torch__nn__Linear");
        QVERIFY(spec.has_value());
        QVERIFY(!spec->templates[static_cast<std::size_t>(Kind::MatmulFlops)].has_value());
        QVERIFY(!spec->templates[static_cast<std::size_t>(Kind::Params)].has_value());
        QCOMPARE(spec->templates[static_cast<std::size_t>(Kind::Flops)],
            std::optional<std::string>("2 * ${B} * ${S} * ${input_features} * ${output_features}"));
        QCOMPARE(spec->flopParameters, (std::vector<std::string> { "B", "S", "input_features", "output_features" }));
        QCOMPARE(spec->breakdown.size(), std::size_t(1));

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("db.json"));
        QVERIFY(!db.save(path));
        const QByteArray saved = readFile(path);
        QVERIFY(saved.startsWith("{\n  \"schema_version\": 2,\n  \"modules\": {\n    \"transformers__models__llama"));
        QVERIFY(saved.endsWith("}\n"));

        // The entries are unchanged, in their order.
        const Json original = Json::parse(str(seed));
        const ModuleDatabase again = loaded(saved);
        QCOMPARE(again.sourceSchemaVersion(), 2);
        QCOMPARE_JSON(again.document().at("modules"), original);
        QCOMPARE(again.keys(), keys);
        // And a schema-2 file saves as it was.
        QCOMPARE(QByteArray::fromStdString(std::get<std::string>(again.toJsonText())), saved);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reviews and edits

    void setValidationRecordsARevision_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("action");
        QTest::addRow("validate") << int(Status::Validated) << QStringLiteral("validate");
        QTest::addRow("reject") << int(Status::Rejected) << QStringLiteral("reject");
        QTest::addRow("request changes") << int(Status::NeedsChanges) << QStringLiteral("request_changes");
        QTest::addRow("back to pending") << int(Status::Pending) << QStringLiteral("edit");
    }

    void setValidationRecordsARevision()
    {
        QFETCH(int, status);
        QFETCH(QString, action);

        ModuleDatabase db = loaded(readFixture(QStringLiteral("basic.json")));
        const QDateTime when = utc(2024, 5, 1, 23, 30);
        QVERIFY(!db.setValidation(
            "torch__nn__SiLU", Status(status), QStringLiteral("Grace"), QStringLiteral("sigmoid costs more"), when));
        QVERIFY(db.dirty());
        QVERIFY(db.schemaErrors().empty());

        const auto v = db.validation("torch__nn__SiLU");
        QVERIFY(v.has_value());
        QCOMPARE(v->status, Status(status));
        QCOMPARE(v->validator, std::optional<std::string>("Grace"));
        QCOMPARE(v->date, std::optional<std::string>("2024-05-01"));
        QCOMPARE(v->notes, std::optional<std::string>("sigmoid costs more"));

        const auto history = db.history("torch__nn__SiLU");
        QCOMPARE(history.size(), std::size_t(1));
        const Revision& r = history.front();
        QCOMPARE(r.revision, 1);
        QCOMPARE(r.date, std::string("2024-05-01T23:30:00Z"));
        QCOMPARE(r.author, std::string("Grace"));
        QCOMPARE(QString::fromStdString(r.action), action);
        QCOMPARE(r.notes, std::string("sigmoid costs more"));
        std::map<std::string, std::pair<Json, Json>> changes;
        for (const auto& c : r.changes)
            changes[c.pointer] = { c.oldValue, c.newValue };
        std::map<std::string, std::pair<Json, Json>> expected {
            { "/validation/validator", { Json("test"), Json("Grace") } },
            { "/validation/date", { Json("2024-01-15"), Json("2024-05-01") } },
            { "/validation/notes", { Json(nullptr), Json("sigmoid costs more") } },
        };
        if (Status(status) != Status::Validated)
            expected["/validation/status"] = { Json("validated"), Json(std::string(statusName(Status(status)))) };
        QVERIFY(changes == expected);
    }

    void setValidationAppendsToHistory()
    {
        ModuleDatabase db = loaded(readFixture(QStringLiteral("basic.json")));
        QCOMPARE(db.history("torch__nn__Linear").size(), std::size_t(1));
        QVERIFY(!db.setValidation("torch__nn__Linear", Status::NeedsChanges, QStringLiteral("Ada"),
            QStringLiteral("bias is missing"), utc(2024, 6, 2, 8, 0)));
        QVERIFY(!db.setValidation(
            "torch__nn__Linear", Status::Validated, QStringLiteral("Ada"), QString(), utc(2024, 6, 3, 8, 0)));
        const auto history = db.history("torch__nn__Linear");
        QCOMPARE(history.size(), std::size_t(3));
        QCOMPARE(history[0].notes, std::string("checked against linear.py")); // the earlier revision is kept
        QCOMPARE(history[1].revision, 2);
        QCOMPARE(history[2].revision, 3);
        QCOMPARE(history[2].action, std::string("validate"));
        QCOMPARE(db.validation("torch__nn__Linear")->notes, std::nullopt); // empty notes are null
        // The unknown field inside validation survives the edit.
        QCOMPARE_JSON(db.entry("torch__nn__Linear")->at("validation").at("x_ticket"), Json(1234));

        // The same review again changes nothing and records nothing.
        const Json before = *db.entry("torch__nn__Linear");
        QVERIFY(!db.setValidation(
            "torch__nn__Linear", Status::Validated, QStringLiteral("Ada"), QString(), utc(2024, 6, 3, 18, 0)));
        QCOMPARE_JSON(*db.entry("torch__nn__Linear"), before);

        // Saved and read back, the history is there.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("db.json"));
        QVERIFY(!db.save(path));
        QVERIFY(!db.dirty());
        const ModuleDatabase again = loaded(readFile(path));
        QCOMPARE(again.history("torch__nn__Linear").size(), std::size_t(3));
        QCOMPARE(again.history("torch__nn__Linear")[1].changes.size(), std::size_t(4));

        const auto unknown = db.setValidation(
            "torch__nn__GELU", Status::Validated, QStringLiteral("Ada"), QString(), utc(2024, 6, 3, 8, 0));
        QVERIFY(unknown.has_value());
        QVERIFY(unknown->message.find("no entry") != std::string::npos);
    }

    void upsertEntryCreatesAndEdits()
    {
        ModuleDatabase db = loaded(readFixture(QStringLiteral("basic.json")));
        Json gelu = *db.entry("torch__nn__SiLU");
        gelu["module_path"] = "torch.nn.GELU";
        QVERIFY(!db.upsertEntry(
            "torch.nn.GELU", gelu, QStringLiteral("agent"), QStringLiteral("drafted"), utc(2024, 7, 1, 10, 0)));
        QCOMPARE(db.keys().back(), std::string("torch__nn__GELU"));
        QVERIFY(db.isValid("torch__nn__GELU"));
        auto history = db.history("torch__nn__GELU");
        QCOMPARE(history.size(), std::size_t(1));
        QCOMPARE(history[0].action, std::string("create"));
        QCOMPARE(history[0].changes.size(), std::size_t(5)); // every top-level field is new
        QCOMPARE(history[0].changes[0].pointer, std::string("/module_path"));
        QCOMPARE_JSON(history[0].changes[0].oldValue, Json(nullptr));

        gelu["flop_analysis"]["formula_template"] = "8 * ${N} * ${features}";
        QVERIFY(!db.upsertEntry("torch__nn__GELU", gelu, QStringLiteral("Ada"), QStringLiteral("tanh approximation"),
            utc(2024, 7, 2, 10, 0)));
        history = db.history("torch__nn__GELU");
        QCOMPARE(history.size(), std::size_t(2));
        QCOMPARE(history[1].action, std::string("edit"));
        QCOMPARE(history[1].revision, 2);
        QCOMPARE(history[1].changes.size(), std::size_t(1));
        QCOMPARE(history[1].changes[0].pointer, std::string("/flop_analysis"));
        QCOMPARE_JSON(history[1].changes[0].oldValue.at("formula_template"), Json("4 * ${N} * ${features}"));
        QCOMPARE_JSON(history[1].changes[0].newValue.at("formula_template"), Json("8 * ${N} * ${features}"));

        // Editing an entry keeps its history even when the new entry brings none.
        Json linear = *db.entry("torch__nn__Linear");
        linear.erase("history");
        linear["x_origin"] = "replaced";
        QVERIFY(!db.upsertEntry("torch__nn__Linear", linear, QStringLiteral("Ada"), QString(), utc(2024, 7, 3, 0, 0)));
        QCOMPARE(db.history("torch__nn__Linear").size(), std::size_t(2));
        QCOMPARE(db.keys(), (std::vector<std::string> { "torch__nn__SiLU", "torch__nn__Linear", "torch__nn__GELU" }));

        QVERIFY(db.upsertEntry("torch__nn__X", Json::array(), QStringLiteral("Ada"), QString(), utc(2024, 7, 3, 0, 0)));
        QVERIFY(db.upsertEntry("not a key", Json::object(), QStringLiteral("Ada"), QString(), utc(2024, 7, 3, 0, 0)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Atomic saves

    void failedSaveLeavesTheFile_data()
    {
        QTest::addColumn<QString>("failure");
        QTest::addRow("string not UTF-8") << QStringLiteral("utf8");
        QTest::addRow("key not UTF-8") << QStringLiteral("utf8-key");
        QTest::addRow("changed on disk") << QStringLiteral("changed");
    }

    void failedSaveLeavesTheFile()
    {
        QFETCH(QString, failure);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("module_db.json"));
        QByteArray onDisk = readFixture(QStringLiteral("basic.json"));
        QVERIFY(writeFile(path, onDisk));
        auto result = ModuleDatabase::loadFile(path);
        QVERIFY(std::holds_alternative<ModuleDatabase>(result));
        ModuleDatabase db = std::get<ModuleDatabase>(std::move(result));
        QVERIFY(!db.setValidation(
            "torch__nn__SiLU", Status::Rejected, QStringLiteral("Ada"), QString(), utc(2024, 5, 1, 0, 0)));

        std::string expectedPointer;
        if (failure == QLatin1String("utf8")) {
            Json entry = *db.entry("torch__nn__SiLU");
            entry["x_note"] = "caf\xC3";
            QVERIFY(!db.upsertEntry("torch__nn__SiLU", entry, QStringLiteral("Ada"), QString(), utc(2024, 5, 1, 0, 0)));
            expectedPointer = "/modules/torch__nn__SiLU/x_note";
        } else if (failure == QLatin1String("utf8-key")) {
            Json entry = *db.entry("torch__nn__SiLU");
            entry["x_\xFF"] = 1;
            QVERIFY(!db.upsertEntry("torch__nn__SiLU", entry, QStringLiteral("Ada"), QString(), utc(2024, 5, 1, 0, 0)));
        } else if (failure == QLatin1String("changed")) {
            onDisk = readFixture(QStringLiteral("clean.json")); // someone else saved meanwhile
            QVERIFY(writeFile(path, onDisk));
        }

        const auto error = db.save(path);
        QVERIFY(error.has_value());
        QCOMPARE(error->file, path);
        QVERIFY(QString::fromStdString(error->describe()).startsWith(path));
        if (!expectedPointer.empty())
            QCOMPARE(error->pointer, expectedPointer);
        if (failure.startsWith(QLatin1String("utf8")))
            QVERIFY2(error->message.find("not valid UTF-8") != std::string::npos, error->message.c_str());
        if (failure == QLatin1String("changed"))
            QVERIFY2(error->message.find("changed on disk") != std::string::npos, error->message.c_str());
        QCOMPARE(readFile(path), onDisk);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("module_db.json") });
        QVERIFY(db.dirty());
    }

    void saveOntoADirectoryFails()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString target = dir.filePath(QStringLiteral("module_db.json"));
        QVERIFY(QDir().mkpath(target));
        ModuleDatabase db = loaded(readFixture(QStringLiteral("basic.json")));
        const auto error = db.save(target);
        QVERIFY(error.has_value());
        QCOMPARE(error->file, target);
        QVERIFY(QFileInfo(target).isDir());
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("module_db.json") });
        QVERIFY(filesIn(target).isEmpty());
    }

    void saveAfterSaveSeesItsOwnFile()
    {
        // Saving twice over the same file is not "changed on disk": the database knows what it wrote.
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("db.json"));
        QVERIFY(writeFile(path, readFixture(QStringLiteral("basic.json"))));
        auto result = ModuleDatabase::loadFile(path);
        ModuleDatabase db = std::get<ModuleDatabase>(std::move(result));
        QVERIFY(!db.setValidation(
            "torch__nn__SiLU", Status::Rejected, QStringLiteral("Ada"), QString(), utc(2024, 5, 1, 0, 0)));
        QVERIFY(!db.save(path));
        QVERIFY(!db.setValidation(
            "torch__nn__SiLU", Status::Validated, QStringLiteral("Ada"), QString(), utc(2024, 5, 2, 0, 0)));
        QVERIFY(!db.save(path));
        QCOMPARE(loaded(readFile(path)).history("torch__nn__SiLU").size(), std::size_t(2));
        // Positions now refer to the saved text.
        const auto [line, column] = db.locate("torch__nn__SiLU", "/validation/status");
        QCOMPARE(std::pair(line, column), positionOf(readFile(path), "\"torch__nn__SiLU\"|\"status\": |\"validated\""));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Layers

    void userLayerWins()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("user.json"));
        Json user = Json::parse(str(readFixture(QStringLiteral("basic.json"))));
        user["modules"].erase("torch__nn__SiLU");
        user["modules"]["torch__nn__Linear"]["validation"]["status"] = "rejected";
        Json gelu = Json::parse(str(readFixture(QStringLiteral("clean.json"))))["modules"]["torch__nn__SiLU"];
        gelu["module_path"] = "torch.nn.GELU";
        user["modules"]["torch__nn__GELU"] = gelu;
        const QByteArray userText = QByteArray::fromStdString(user.dump(2) + "\n");
        QVERIFY(writeFile(userPath, userText));

        auto opened = LayeredDatabase::open(
            loaded(readFixture(QStringLiteral("clean.json")), QStringLiteral("builtin")), userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(opened));
        LayeredDatabase db = std::get<LayeredDatabase>(std::move(opened));

        QCOMPARE(db.keys(),
            (std::vector<std::string> {
                "torch__nn__Linear", "torch__nn__SiLU", "lmp__tests__GatedMLP", "torch__nn__GELU" }));
        QCOMPARE(db.layerOf("torch__nn__Linear")->layer, Layer::User);
        QCOMPARE(db.layerOf("torch.nn.Linear")->file, userPath);
        QCOMPARE(db.layerOf("torch__nn__Linear")->name(), QStringLiteral("user"));
        QCOMPARE(db.layerOf("torch__nn__SiLU")->layer, Layer::Builtin);
        QCOMPARE(db.layerOf("torch__nn__SiLU")->name(), QStringLiteral("built-in"));
        QVERIFY(!db.layerOf("torch__nn__Conv2d"));
        QCOMPARE_JSON(db.entry("torch__nn__Linear")->at("validation").at("status"), Json("rejected"));
        QCOMPARE(specKeys(db.moduleSpecs()), db.keys());

        // A review of a built-in entry copies it into the user layer first; the built-in layer is untouched.
        QVERIFY(!db.setValidation("torch__nn__SiLU", Status::NeedsChanges, QStringLiteral("Ada"),
            QStringLiteral("count the exp"), utc(2024, 8, 1, 12, 0)));
        QVERIFY(db.dirty());
        QCOMPARE(db.layerOf("torch__nn__SiLU")->layer, Layer::User);
        QCOMPARE(db.builtin().status("torch__nn__SiLU"), std::optional(Status::Validated));
        QCOMPARE(db.user()->status("torch__nn__SiLU"), std::optional(Status::NeedsChanges));
        QCOMPARE_JSON(db.user()->entry("torch__nn__SiLU")->at("flop_analysis"),
            db.builtin().entry("torch__nn__SiLU")->at("flop_analysis"));
        QCOMPARE(db.user()->history("torch__nn__SiLU").size(), std::size_t(1));
        QCOMPARE(db.user()->history("torch__nn__SiLU")[0].action, std::string("request_changes"));

        // A review that changes nothing leaves no copy behind.
        const auto builtinMlp = *db.builtin().validation("lmp__tests__GatedMLP");
        QVERIFY(!db.setValidation("lmp__tests__GatedMLP", Status::Pending, QStringLiteral("test"), QString(),
            QDateTime(QDate::fromString(QString::fromStdString(*builtinMlp.date), Qt::ISODate), QTime(12, 0),
                QTimeZone::utc())));
        QCOMPARE(db.layerOf("lmp__tests__GatedMLP")->layer, Layer::Builtin);
        QVERIFY(!db.user()->contains("lmp__tests__GatedMLP"));

        QVERIFY(!db.saveUser());
        QVERIFY(!db.dirty());
        QCOMPARE(readFile(dir.filePath(QStringLiteral("clean.json"))), QByteArray()); // nothing else written
        const ModuleDatabase saved = loaded(readFile(userPath));
        QCOMPARE(
            saved.keys(), (std::vector<std::string> { "torch__nn__Linear", "torch__nn__GELU", "torch__nn__SiLU" }));
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("user.json") });
    }

    void absentUserFileIsCreatedOnSave()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("data/lm-predictor/module_db.json"));
        auto opened = LayeredDatabase::open(loaded(readFixture(QStringLiteral("clean.json"))), userPath);
        QVERIFY(std::holds_alternative<LayeredDatabase>(opened));
        LayeredDatabase db = std::get<LayeredDatabase>(std::move(opened));
        QVERIFY(db.user());
        QCOMPARE(db.user()->size(), std::size_t(0));
        QCOMPARE(db.userPath(), userPath);
        QVERIFY(!QFileInfo::exists(userPath));
        QVERIFY(!db.setValidation(
            "torch__nn__Linear", Status::Rejected, QStringLiteral("Ada"), QString(), utc(2024, 8, 1, 0, 0)));
        QVERIFY(!db.saveUser());
        const ModuleDatabase saved = loaded(readFile(userPath));
        QCOMPARE(saved.keys(), std::vector<std::string> { "torch__nn__Linear" });
        QCOMPARE(saved.status("torch__nn__Linear"), std::optional(Status::Rejected));
    }

    void corruptUserFileIsAnError()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString userPath = dir.filePath(QStringLiteral("module_db.json"));
        const QByteArray corrupt = "{\n  \"schema_version\": 2,\n  \"modules\": {\n    \"torch__nn__Linear\": {";
        QVERIFY(writeFile(userPath, corrupt));
        const auto opened = LayeredDatabase::open(loaded(readFixture(QStringLiteral("clean.json"))), userPath);
        QVERIFY(std::holds_alternative<DbError>(opened));
        QCOMPARE(std::get<DbError>(opened).file, userPath);
        QCOMPARE(std::get<DbError>(opened).line, 4);
        QCOMPARE(readFile(userPath), corrupt);
        QCOMPARE(filesIn(dir.path()), QStringList { QStringLiteral("module_db.json") });
    }

    void withoutUserLayerNothingIsWritten()
    {
        LayeredDatabase db(loaded(readFixture(QStringLiteral("clean.json"))));
        QVERIFY(!db.user());
        QVERIFY(db.setValidation(
            "torch__nn__Linear", Status::Rejected, QStringLiteral("Ada"), QString(), utc(2024, 8, 1, 0, 0)));
        QVERIFY(db.saveUser());
        QCOMPARE(db.builtin().status("torch__nn__Linear"), std::optional(Status::Validated));
    }

    void builtinResourceLoads()
    {
        auto opened = LayeredDatabase::withBuiltin(QString());
        QVERIFY(std::holds_alternative<LayeredDatabase>(opened));
        const LayeredDatabase& db = std::get<LayeredDatabase>(opened);
        QVERIFY(db.contains("torch.nn.Linear"));
        QCOMPARE(db.layerOf("torch__nn__Linear")->file, QStringLiteral(":/lmp/module_db.json"));
        QVERIFY(db.schemaErrors().empty());
        QVERIFY(LayeredDatabase::defaultUserPath().endsWith(QStringLiteral("/module_db.json")));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Positions and robustness

    void locatePointer_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("pointer");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");

        const QByteArray nested = "{\"a\": {\"b\": [10, 20, {\"c\": 3}]}}";
        QTest::addRow("root") << nested << QByteArray() << 1 << 1;
        QTest::addRow("object in array") << nested << QByteArray("/a/b/2/c") << 1 << 28;
        QTest::addRow("array element") << nested << QByteArray("/a/b/1") << 1 << 18;
        QTest::addRow("index past the end: the array") << nested << QByteArray("/a/b/7") << 1 << 13;
        QTest::addRow("missing key: its object") << nested << QByteArray("/a/x") << 1 << 7;
        QTest::addRow("escaped pointer") << QByteArray("{\"x\": 0,\n \"a/b~\": [true]}") << QByteArray("/a~1b~0/0") << 2
                                         << 11;
        QTest::addRow("escaped key in text")
            << QByteArray("{\"q\\\"\": 1, \"\\u00e9\": 2}") << QByteArray("/é") << 1 << 22;
        QTest::addRow("strings with brackets skipped")
            << QByteArray("{\"a\": \"}]{[\", \"b\": 5}") << QByteArray("/b") << 1 << 20;
        QTest::addRow("duplicate key: the last") << QByteArray("{\"a\": 1,\n\"a\": 2}") << QByteArray("/a") << 2 << 6;
        QTest::addRow("columns count characters")
            << QByteArray("{\"é\": \"ü\", \"b\": 1}") << QByteArray("/b") << 1 << 17;
        QTest::addRow("not JSON") << QByteArray("\n\n  garbage") << QByteArray("/a/0") << 3 << 3;
        QTest::addRow("truncated") << QByteArray("{\"a\": [1, 2") << QByteArray("/a/5") << 1 << 7;
    }

    void locatePointer()
    {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, pointer);
        QFETCH(int, line);
        QFETCH(int, column);
        const auto [l, c] = lmp::db::locatePointer(str(text), str(pointer));
        QCOMPARE(l, line);
        QCOMPARE(c, column);
    }

    void arbitraryBytesNeverCrash()
    {
        const QByteArray basic = readFixture(QStringLiteral("basic.json"));
        int loadedCount = 0;
        // Every prefix (a half-written file) ...
        for (qsizetype n = 0; n <= basic.size(); ++n) {
            const auto result =
                ModuleDatabase::fromJson(std::string_view(basic.constData(), std::size_t(n)), QStringLiteral("prefix"));
            loadedCount += std::holds_alternative<ModuleDatabase>(result) ? 1 : 0;
        }
        QCOMPARE(loadedCount, 2); // the whole file, with and without its final newline
        // ... and random damage.
        QRandomGenerator random(20240501);
        for (int i = 0; i < 3000; ++i) {
            QByteArray damaged = basic;
            for (int k = 0; k < 3; ++k)
                damaged[random.bounded(damaged.size())] = char(random.bounded(256));
            auto result = ModuleDatabase::fromJson(str(damaged), QStringLiteral("damaged"));
            if (auto* db = std::get_if<ModuleDatabase>(&result)) {
                (void)db->moduleSpecs();
                for (const DbError& e : db->schemaErrors())
                    (void)e.describe();
                (void)db->toJsonText();
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestModuleDatabase)
#include "tst_moduledatabase.moc"
