// SPDX-License-Identifier: GPL-3.0-or-later
// lmp export-python: the package it writes, run by python3, gives the C++ engine's numbers and error messages.

#include "analysis/workspace.h"
#include "db/dbcheck.h"
#include "db/layereddatabase.h"
#include "db/moduledatabase.h"
#include "export/pythonexport.h"
#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <set>

using namespace lmp;
using formula::Int;
using formula::Kind;
using formula::Number;

namespace {

QString dataFile(const char* name)
{
    return QStringLiteral(LMP_TEST_DATA_DIR "/") + QString::fromLatin1(name);
}

// Reads the jobs from stdin, evaluates them with the exported package and prints the answers as JSON. Values
// travel as the engine's text: an integer's digits, a real's shortest form (always with '.', 'e', "inf" or "nan").
constexpr const char* kDriver = R"PY(
import json
import sys

sys.path.insert(0, sys.argv[1])
from generated_modules import FormulaError, get_registry
from generated_modules.formula import number_to_string


def text(value):
    return number_to_string(value)


def number(value):
    if isinstance(value, str):
        return float(value) if any(c in value for c in ".eEn") else int(value)
    return value


def values(pairs):
    return [(name, number(value)) for name, value in pairs]


def answer(run):
    try:
        return {"value": text(run())}
    except FormulaError as e:
        return {"error": e.describe()}


request = json.load(sys.stdin)
try:
    registry = get_registry()
except FormulaError as e:
    print(json.dumps({"load_error": e.describe()}))
    sys.exit(0)
out = {"modules": len(registry), "groups": [], "formulas": [], "names": {}, "compute": []}
for group in request.get("groups", []):
    context = dict((name, number(value)) for name, value in group["context"].items())
    results = []
    for key, kind, bindings, item in group["jobs"]:
        bindings = values(bindings)
        if item < 0:
            results.append(answer(lambda: registry.evaluate(kind, key, bindings, context)))
        else:
            results.append(answer(lambda: registry.evaluate_breakdown(key, item, bindings, context)))
    out["groups"].append(results)
for formula, kind, context in request.get("formulas", []):
    context = dict((name, number(value)) for name, value in context.items())
    out["formulas"].append(answer(lambda: registry.evaluate_formula(formula, kind, context)))
for path in request.get("names", []):
    cls = registry.find(path)
    out["names"][path] = None if cls is None else cls.__module__.split(".", 1)[1] + ":" + cls.__name__
for kind, path, params in request.get("compute", []):
    import generated_modules

    function = getattr(generated_modules, "compute_" + kind)
    try:
        value = function(path, **dict((name, number(v)) for name, v in params.items()))
        out["compute"].append({"value": None if value is None else text(value)})
    except FormulaError as e:
        out["compute"].append({"error": e.describe()})
print(json.dumps(out))
)PY";

// A value for python3: the engine's text of it (exact past 64 bits; a real always shows as one).
nlohmann::json toJson(const Number& n)
{
    return n.toString();
}

Number fromJson(const nlohmann::json& value)
{
    if (value.is_number_integer())
        return value.is_number_unsigned() ? Number::integer(static_cast<Int>(value.get<std::uint64_t>()))
                                          : Number::integer(static_cast<Int>(value.get<std::int64_t>()));
    return Number::real(value.get<double>());
}

std::string answerOf(const formula::Result<Number>& r)
{
    return r.ok() ? "value " + r.value().toString() : "error " + r.error().describe();
}

std::string answerOf(const nlohmann::json& a)
{
    if (a.contains("value"))
        return "value " + a.at("value").get<std::string>();
    return "error " + a.at("error").get<std::string>();
}

struct PythonRun
{
    bool ok = false;
    QString failure;
    nlohmann::json answer;
};

// A database from a JSON text, alone (no built-in layer).
db::LayeredDatabase databaseFrom(const QString& path)
{
    auto opened = db::LayeredDatabase::open(db::ModuleDatabase(), path);
    if (const auto* e = std::get_if<db::DbError>(&opened))
        qFatal("%s", e->describe().c_str());
    return std::move(std::get<db::LayeredDatabase>(opened));
}

} // namespace

class TestExportPython : public QObject
{
    Q_OBJECT

private:
    QString m_python;

    // Exports the database into a fresh folder and runs the driver on it with the request.
    PythonRun run(const db::LayeredDatabase& database, const nlohmann::json& request, QTemporaryDir& dir)
    {
        PythonRun out;
        auto exported = pythonexport::exportPython(database, dir.path());
        if (const auto* message = std::get_if<std::string>(&exported)) {
            out.failure = QString::fromStdString(*message);
            return out;
        }
        const QString driver = dir.filePath(QStringLiteral("driver.py"));
        QFile file(driver);
        if (!file.open(QIODevice::WriteOnly) || file.write(kDriver) < 0) {
            out.failure = QStringLiteral("cannot write the driver");
            return out;
        }
        file.close();
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
        process.setProcessEnvironment(env);
        process.start(m_python, { QStringLiteral("-I"), QStringLiteral("-B"), driver, dir.path() });
        if (!process.waitForStarted(30000)) {
            out.failure = QStringLiteral("python3 does not start");
            return out;
        }
        process.write(QByteArray::fromStdString(request.dump()));
        process.closeWriteChannel();
        if (!process.waitForFinished(240000)) {
            process.kill();
            out.failure = QStringLiteral("python3 did not finish");
            return out;
        }
        const QByteArray stdoutBytes = process.readAllStandardOutput();
        if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
            out.failure = QStringLiteral("python3 failed: ") + QString::fromUtf8(process.readAllStandardError());
            return out;
        }
        out.answer = nlohmann::json::parse(stdoutBytes.toStdString(), nullptr, false);
        if (out.answer.is_discarded()) {
            out.failure = QStringLiteral("python3 printed no JSON: ") + QString::fromUtf8(stdoutBytes.left(2000));
            return out;
        }
        out.ok = true;
        return out;
    }

    // Every module, every kind and every breakdown item of a library, on one sample set: the jobs for python3 and
    // what the C++ engine answers for each.
    static void addGroup(const formula::Library& library, const db::LayeredDatabase& database, Int b, Int s, Int p,
        const std::optional<Int>& parameterValue, nlohmann::json& groups, std::vector<std::string>& expected,
        std::vector<std::string>& labels)
    {
        std::vector<formula::NamedValue> context;
        for (const auto& variable : formula::contextVariables())
            context.push_back(
                { std::string(variable.name), Number::integer(db::sampleContextValue(variable.name, b, s, p)) });
        formula::Evaluator evaluator(library);
        nlohmann::json jobs = nlohmann::json::array();
        for (formula::ModuleId id = 0; id < library.moduleCount(); ++id) {
            const std::string& key = library.key(id);
            // The entry's own sample values (check_values), as lmp db check uses them.
            std::vector<std::pair<std::string, Number>> overrides;
            if (const auto* entry = database.entry(key)) {
                if (const auto it = entry->find("check_values"); it != entry->end() && it->is_object()) {
                    for (const auto& [name, value] : it->items()) {
                        if (value.is_number())
                            overrides.emplace_back(name, fromJson(nlohmann::json::parse(value.dump())));
                    }
                }
            }
            std::vector<formula::NamedValue> groupContext = context;
            std::vector<formula::NamedValue> bindings;
            for (const auto& name : library.signature(id)) {
                const auto it =
                    std::find_if(overrides.begin(), overrides.end(), [&](const auto& o) { return o.first == name; });
                if (it != overrides.end())
                    bindings.push_back({ name, it->second });
                else if (!formula::isContextVariable(name))
                    bindings.push_back({ name, Number::integer(parameterValue.value_or(64)) });
            }
            for (const auto& [name, value] : overrides) {
                const bool bound = std::any_of(
                    bindings.begin(), bindings.end(), [&name = name](const auto& b) { return b.name == name; });
                if (formula::isContextVariable(name) && !bound) {
                    for (auto& c : groupContext) {
                        if (c.name == name)
                            c.value = value;
                    }
                }
            }
            evaluator.setContext(groupContext);
            nlohmann::json pyBindings = nlohmann::json::array();
            for (const auto& b : bindings)
                pyBindings.push_back({ b.name, toJson(b.value) });
            // The context differs from the group's only for an entry with check_values for a context variable: such
            // an entry gets a group of its own.
            const bool ownContext = std::any_of(
                overrides.begin(), overrides.end(), [](const auto& o) { return formula::isContextVariable(o.first); });
            nlohmann::json* target = &jobs;
            nlohmann::json own = nlohmann::json::array();
            if (ownContext)
                target = &own;
            for (Kind kind : formula::kAllKinds) {
                target->push_back({ key, std::string(formula::kindName(kind)), pyBindings, -1 });
                expected.push_back(answerOf(evaluator.evaluate(id, kind, bindings)));
                labels.push_back(key + " " + std::string(formula::kindName(kind)));
            }
            for (std::size_t i = 0; i < library.breakdownSize(id); ++i) {
                target->push_back({ key, "flops", pyBindings, static_cast<int>(i) });
                expected.push_back(answerOf(evaluator.evaluateBreakdown(id, i, bindings)));
                labels.push_back(key + " breakdown." + library.breakdownName(id, i));
            }
            if (ownContext) {
                nlohmann::json c = nlohmann::json::object();
                for (const auto& v : groupContext)
                    c[v.name] = toJson(v.value);
                groups.push_back({ { "context", c }, { "jobs", own } });
            }
        }
        nlohmann::json c = nlohmann::json::object();
        for (const auto& v : context)
            c[v.name] = toJson(v.value);
        groups.push_back({ { "context", c }, { "jobs", jobs } });
    }

    // The answers of python3, group after group.
    static std::vector<std::string> flatten(const nlohmann::json& request, const nlohmann::json& answer)
    {
        std::vector<std::string> out;
        for (std::size_t g = 0; g < answer.at("groups").size(); ++g) {
            const auto& jobs = request.at("groups").at(g).at("jobs");
            const auto& results = answer.at("groups").at(g);
            for (std::size_t j = 0; j < jobs.size(); ++j)
                out.push_back(answerOf(results.at(j)));
        }
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
        if (m_python.isEmpty())
            QSKIP("python3 is not installed (packaging/setup-debian.sh installs it)");
    }

    void pythonNames_data()
    {
        QTest::addColumn<QStringList>("keys");
        QTest::addColumn<QStringList>("expected"); // folder/file:Class

        QTest::addRow("seed names") << QStringList { "torch.nn.Linear", "torch__nn__LayerNorm",
            "transformers.models.llama.modeling_llama.LlamaAttention" }
                                    << QStringList { "torch/nn_linear:TorchLinear",
                                           "torch/nn_layer_norm:TorchLayerNorm",
                                           "transformers/models_llama_modeling_llama_llama_attention:"
                                           "TransformersLlamaAttention" };
        QTest::addRow("acronyms") << QStringList { "transformers.models.qwen2.modeling_qwen2.Qwen2MLP",
            "transformers.models.gpt_neox.modeling_gpt_neox.GPTNeoXAttention", "a.b.LlamaRMSNorm" }
                                  << QStringList {
                                         "transformers/models_qwen2_modeling_qwen2_qwen2_mlp:TransformersQwen2MLP",
                                         "transformers/models_gpt_neox_modeling_gpt_neox_gpt_neo_x_attention:"
                                         "TransformersGPTNeoXAttention",
                                         "a/b_llama_rms_norm:ALlamaRMSNorm"
                                     };
        QTest::addRow("class names taken") << QStringList { "transformers.models.qwen2.modeling_qwen2.Qwen2MLP",
            "transformers.models.qwen2_vl.modeling_qwen2_vl.Qwen2MLP", "x.A.Foo", "x.a.Foo", "x.Foo" }
                                           << QStringList { "transformers/models_qwen2_modeling_qwen2_qwen2_mlp:"
                                                            "TransformersQwen2MLP",
                                                  "transformers/models_qwen2_vl_modeling_qwen2_vl_qwen2_mlp:"
                                                  "TransformersModelingQwen2VlQwen2MLP",
                                                  "x/a_foo:XFoo", "x/a_foo_2:XAFoo", "x/foo:XFoo_2" };
        QTest::addRow("no library, reserved and keyword folders")
            << QStringList { "Encoder", "TransformerBlock", "formula.Thing", "class.Thing", "_x.Y", "Torch.nn.Linear" }
            << QStringList { "local/encoder:Encoder", "local/transformer_block:TransformerBlock",
                   "formula_lib/thing:FormulaThing", "class_lib/thing:ClassThing", "lib_x/y:XY",
                   "torch/nn_linear:TorchLinear" };
    }

    void pythonNames()
    {
        QFETCH(QStringList, keys);
        QFETCH(QStringList, expected);
        std::vector<std::string> k;
        for (const auto& key : keys)
            k.push_back(key.toStdString());
        QStringList actual;
        for (const auto& n : pythonexport::pythonNames(k))
            actual << QString::fromStdString(n.folder + "/" + n.file + ":" + n.className);
        QCOMPARE(actual, expected);
    }

    void longKeysGiveShortUniqueFileNames()
    {
        const std::string a = "lib." + std::string(300, 'a') + ".Foo";
        const std::string b = "lib." + std::string(300, 'a') + ".Bar";
        const auto names = pythonexport::pythonNames({ a, b });
        QVERIFY(names[0].file.size() <= 120);
        QVERIFY(names[0].file != names[1].file);
        QCOMPARE(pythonexport::pythonNames({ a, b })[1].file, names[1].file);
    }

    void pythonStrings()
    {
        QCOMPARE(pythonexport::pythonString("a\"b\\c\nd"), std::string("\"a\\\"b\\\\c\\nd\""));
        QCOMPARE(
            pythonexport::pythonString("\xc3\xa9\xf0\x9f\x98\x80\x01"), std::string("\"\\u00e9\\U0001f600\\x01\""));
    }

    // Every built-in entry, every kind and every breakdown item, on two of lmp db check's sample sets and on two
    // that make templates fail (every parameter 0: divisions by zero; every parameter 10^18: overflows).
    void builtinDatabaseMatchesEngine()
    {
        auto builtin = db::LayeredDatabase::loadBuiltin();
        QVERIFY(std::holds_alternative<db::ModuleDatabase>(builtin));
        const db::LayeredDatabase database(std::move(std::get<db::ModuleDatabase>(builtin)));
        const formula::Library library = analysis::libraryFrom(database);
        QVERIFY(library.moduleCount() > 400);

        nlohmann::json groups = nlohmann::json::array();
        std::vector<std::string> expected;
        std::vector<std::string> labels;
        // Own-context groups come before their sample set's group: keep the expectations in the same order.
        auto addSet = [&](Int b, Int s, Int p, std::optional<Int> value) {
            nlohmann::json setGroups = nlohmann::json::array();
            std::vector<std::string> setExpected;
            std::vector<std::string> setLabels;
            addGroup(library, database, b, s, p, value, setGroups, setExpected, setLabels);
            // Reorder the expectations to the group order: jobs of own-context groups, then the rest.
            std::vector<std::string> ownExpected, ownLabels, restExpected, restLabels;
            std::size_t at = 0;
            std::set<std::string> ownKeys;
            for (std::size_t g = 0; g + 1 < setGroups.size(); ++g)
                ownKeys.insert(setGroups[g]["jobs"][0][0].get<std::string>());
            for (std::size_t i = 0; i < setLabels.size(); ++i, ++at) {
                const std::string key = setLabels[i].substr(0, setLabels[i].find(' '));
                auto& e = ownKeys.count(key) ? ownExpected : restExpected;
                auto& l = ownKeys.count(key) ? ownLabels : restLabels;
                e.push_back(setExpected[i]);
                l.push_back(setLabels[i]);
            }
            for (auto& g : setGroups)
                groups.push_back(std::move(g));
            expected.insert(expected.end(), ownExpected.begin(), ownExpected.end());
            expected.insert(expected.end(), restExpected.begin(), restExpected.end());
            labels.insert(labels.end(), ownLabels.begin(), ownLabels.end());
            labels.insert(labels.end(), restLabels.begin(), restLabels.end());
        };
        addSet(2, 128, 0, std::nullopt); // lmp db check's first set: parameters 64
        addSet(3, 96, 0, 96); // its second
        addSet(1, 1, 0, 0); // failures: divisions by zero
        addSet(4, 1, 511, Int(1000000000000000000)); // failures: overflows

        const nlohmann::json request = { { "groups", groups } };
        QTemporaryDir dir;
        const PythonRun r = run(database, request, dir);
        QVERIFY2(r.ok, qPrintable(r.failure));
        QVERIFY2(!r.answer.contains("load_error"), r.answer.dump().c_str());
        QCOMPARE(r.answer.at("modules").get<std::size_t>(), library.moduleCount());
        const std::vector<std::string> actual = flatten(request, r.answer);
        QCOMPARE(actual.size(), expected.size());
        QVERIFY(expected.size() >= library.moduleCount() * formula::kKindCount * 4);
        std::size_t errors = 0;
        std::size_t reals = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (actual[i] != expected[i])
                QFAIL(qPrintable(
                    QString::fromStdString(labels[i] + "\n   C++:    " + expected[i] + "\n   Python: " + actual[i])));
            errors += expected[i].rfind("error", 0) == 0;
            reals += expected[i].rfind("value", 0) == 0 && expected[i].find_first_of(".en", 6) != std::string::npos;
        }
        // The failing sample sets do fail, in many ways; some figures are reals.
        QVERIFY2(errors > 1000, qPrintable(QString::number(errors)));
        QVERIFY2(reals > 10, qPrintable(QString::number(reals)));
    }

    // Templates and free formulas that exercise the language's corners and every kind of error.
    void errorsAndCornersMatchEngine()
    {
        // Every template kind of error, calls between entries, an entry left out (rejected), reals.
        const QString dbPath = dataFile("python_export_corners_db.json");
        const db::LayeredDatabase database = databaseFrom(dbPath);
        for (const auto& e : database.schemaErrors())
            qWarning("%s", e.describe().c_str());
        QVERIFY(database.schemaErrors().empty());
        const formula::Library library = analysis::libraryFrom(database);
        QCOMPARE(library.moduleCount(), std::size_t(4)); // the rejected entry is left out

        std::vector<std::string> expected;
        std::vector<std::string> labels;
        nlohmann::json groups = nlohmann::json::array();
        const std::vector<std::vector<formula::NamedValue>> contexts = {
            { { "dtype_bytes", Number::integer(2) } },
            { { "dtype_bytes", Number::real(0.5) }, { "undeclared", Number::integer(-3) } },
            {},
        };
        const std::vector<std::vector<formula::NamedValue>> bindingSets = {
            {},
            { { "n", Number::integer(7) } },
            { { "n", Number::integer(-7) } },
            { { "n", Number::real(2.5) } },
            { { "a", Number::integer(6) }, { "b", Number::integer(4) }, { "c", Number::integer(3) } },
            { { "a", Number::integer(-6) }, { "b", Number::integer(0) }, { "c", Number::integer(-4) } },
            { { "a", Number::real(1e300) }, { "b", Number::real(-0.0) }, { "c", Number::integer(200) } },
            { { "a", Number::integer(Int(1) << 100) }, { "b", Number::integer(Int(1) << 100) },
                { "c", Number::integer(2) } },
            { { "nope", Number::integer(1) } },
        };
        formula::Evaluator evaluator(library);
        for (const auto& context : contexts) {
            evaluator.clearContext();
            evaluator.setContext(context);
            nlohmann::json c = nlohmann::json::object();
            for (const auto& v : context)
                c[v.name] = toJson(v.value);
            nlohmann::json jobs = nlohmann::json::array();
            for (formula::ModuleId id = 0; id < library.moduleCount(); ++id) {
                for (const auto& all : bindingSets) {
                    std::vector<formula::NamedValue> bindings;
                    nlohmann::json py = nlohmann::json::array();
                    const auto& sig = library.signature(id);
                    for (const auto& b : all) {
                        if (std::find(sig.begin(), sig.end(), b.name) != sig.end() || b.name == "nope") {
                            bindings.push_back(b);
                            py.push_back({ b.name, toJson(b.value) });
                        }
                    }
                    for (Kind kind : formula::kAllKinds) {
                        jobs.push_back({ library.key(id), std::string(formula::kindName(kind)), py, -1 });
                        expected.push_back(answerOf(evaluator.evaluate(id, kind, bindings)));
                        labels.push_back(library.key(id) + " " + std::string(formula::kindName(kind)) + " " + py.dump()
                            + " " + c.dump());
                    }
                    for (std::size_t i = 0; i < library.breakdownSize(id); ++i) {
                        jobs.push_back({ library.key(id), "flops", py, static_cast<int>(i) });
                        expected.push_back(answerOf(evaluator.evaluateBreakdown(id, i, bindings)));
                        labels.push_back(library.key(id) + " breakdown " + py.dump() + " " + c.dump());
                    }
                }
            }
            groups.push_back({ { "context", c }, { "jobs", jobs } });
        }

        // Free formulas, as lmp eval evaluates them: syntax errors with their positions, the operators' integer and
        // real rules, the functions, module calls.
        const std::vector<std::string> formulas = {
            "1 + 2 * 3 - 4 / 2",
            "7 / 2",
            "-7 // 2",
            "-7 % 3",
            "7 % -3",
            "7.5 % -2",
            "-7.5 // 2",
            "2 ** 10 ** 2",
            "2 ** 127",
            "-2 ** 127",
            "(-2) ** 127",
            "2 ** -2",
            "0 ** -1",
            "(-8) ** (1/3)",
            "10 ** 38 * 2",
            "170141183460469231731687303715884105727 + 1",
            "-170141183460469231731687303715884105727 - 1",
            "-(-170141183460469231731687303715884105727 - 1)",
            "170141183460469231731687303715884105728",
            "1e999",
            "1_000_000 * 3",
            "1__0",
            "2h",
            "1 / 3",
            "1e15 + 0.5",
            "1e16",
            "2 ** 0.5 * 1e20",
            "1e22 + 1",
            "123456789012 * 1.0",
            "0.1 + 0.2",
            "1e-7",
            "-0.0",
            "2.0 * 1e308 * 10",
            "1 / 0",
            "1.0 / 0",
            "5 // 0.0",
            "ceil_div(7, 2) + ceil_div(-7, 2) + ceil_div(7.5, 2)",
            "ceil_div(1, 0)",
            "ceil(1e39)",
            "floor(-2.5) + ceil(2.5) + floor(3)",
            "log2(1024) + sqrt(2)",
            "log2(0)",
            "sqrt(-1)",
            "min(3, 2.0, 2) + max(1, 1.0)",
            "min()",
            "ceil(1, 2)",
            "if(1, 2)",
            "if(0, 1 / 0, 3)",
            "if(2.0 - 2, 1, 2.5)",
            "1 < 2.5",
            "3 == 3.0",
            "1 < 2 < 3",
            "a + 1",
            "foo(1)",
            "2 ^ 3",
            "1 && 2",
            "!1",
            "1 != 2",
            "${x} + 1",
            "${ x } * 2",
            "${x + 1",
            "${}",
            "$x",
            "{lib.Leaf}",
            "{lib.Leaf}(1, 2, 3, 4)",
            "{lib.Leaf}(a=1, 2)",
            "{lib.Leaf}(z=1)",
            "{Leaf}(1, 2)",
            "{lib.Nothing}(1)",
            "{lib.Gone}(1)",
            "{lib..Leaf}(1)",
            "{lib.Leaf(1)",
            "{}(1)",
            "}",
            "(1 + 2",
            "1 + 2)",
            "1, 2",
            "()",
            "",
            "   ",
            "1 +",
            "* 3",
            "1 = 2",
            "and",
            "1 2",
            "\xc3\x97 2",
            "2 \xe2\x80\xa2 3\n+ #",
            "{lib.Leaf}(2, 3) + {lib.Caller}(4)",
            "{lib.Caller}(n=1.5)",
            "{lib.UsesBroken}(1)",
            "1e-400",
            "1. + .5 + 1.e3",
            "4 ** 0.5 + (-8.0) ** 2 + (-1) ** 1001 + 0 ** 0 + 1 ** -3",
            "10 ** 38 * 17",
            "(-2) ** 127 - 1",
            "ceil_div(-170141183460469231731687303715884105727 - 1, 3)",
            "1e308 * 10",
            "1e308 // 1e-308",
            "0.0 ** -1",
            "ceil(1.6e38) + floor(-1.6e38)",
            "ceil(1.7e38)",
            "log2(2 ** 100) + sqrt(10 ** 30)",
            "7 // -2 + 7.0 // -2 + -7 % -3 + 5 % -1 + 5.5 % -1",
            "1 / 3 * 3 == 1",
            "2 ** 62 / 3",
            "max(1e300 * 1e10, 1)",
            "if(1 - 1, 2, if(0.0, 3, 4.5))",
            "min(1, 1.0) + max(2.0, 2)",
            "((((((((((1))))))))))",
            "1 +\n  2 *\n  ${missing}",
            "1 +\n  (2 \xc3\x97 3)",
        };
        nlohmann::json formulaJobs = nlohmann::json::array();
        for (const auto& kindName : { "flops", "reads", "params" }) {
            const Kind kind = *formula::kindFromName(kindName);
            evaluator.clearContext();
            evaluator.setContext("dtype_bytes", Number::integer(2));
            evaluator.setContext("x", Number::integer(5));
            for (const auto& text : formulas) {
                formulaJobs.push_back({ text, kindName, { { "dtype_bytes", 2 }, { "x", 5 } } });
                const auto compiled = library.compile(text);
                if (!compiled.ok())
                    expected.push_back("error " + compiled.errors.front().describe());
                else
                    expected.push_back(answerOf(evaluator.evaluate(*compiled.program, kind)));
                labels.push_back("formula '" + text + "' " + kindName);
            }
        }

        const nlohmann::json request = { { "groups", groups }, { "formulas", formulaJobs } };
        QTemporaryDir dir;
        const PythonRun r = run(database, request, dir);
        QVERIFY2(r.ok, qPrintable(r.failure));
        QVERIFY2(!r.answer.contains("load_error"), r.answer.dump().c_str());
        std::vector<std::string> actual = flatten(request, r.answer);
        for (const auto& a : r.answer.at("formulas"))
            actual.push_back(answerOf(a));
        QCOMPARE(actual.size(), expected.size());
        std::size_t errors = 0;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            if (actual[i] != expected[i])
                QFAIL(qPrintable(
                    QString::fromStdString(labels[i] + "\n   C++:    " + expected[i] + "\n   Python: " + actual[i])));
            errors += expected[i].rfind("error", 0) == 0;
        }
        QVERIFY2(errors > 200, qPrintable(QString::number(errors)));

        // Each class records its entry's status and validator; the rejected entry is left out and named.
        const QString leaf = dir.filePath(QStringLiteral("generated_modules/lib/leaf.py"));
        QFile file(leaf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY(text.contains("class LibLeaf(BaseModule):"));
        QVERIFY(text.contains("status = \"pending\""));
        QVERIFY(text.contains("validator = None"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("generated_modules/lib/gone.py"))));
        QFile manifest(dir.filePath(QStringLiteral("generated_modules/lmp_export.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const auto doc = nlohmann::json::parse(manifest.readAll().toStdString());
        QCOMPARE(doc.at("excluded").dump(), std::string(R"([["lib__Gone","rejected"]])"));
    }

    // SEED-DESIGN.md's complete evaluation example through the seed's own interface.
    void seedWorkedExample()
    {
        const db::LayeredDatabase database = databaseFrom(dataFile("seed_example_db.json"));
        const formula::Library library = analysis::libraryFrom(database);
        // The C++ engine as lmp compute evaluates it: every value given is the context.
        formula::Evaluator evaluator(library);
        const std::vector<formula::NamedValue> given = { { "B", Number::integer(1) }, { "S", Number::integer(2048) },
            { "hidden_size", Number::integer(4096) }, { "num_heads", Number::integer(32) },
            { "intermediate_size", Number::integer(11008) }, { "dtype_bytes", Number::integer(2) } };
        evaluator.setContext(given);
        const auto flops = evaluator.evaluate(*library.find("TransformerBlock"), Kind::Flops);
        const auto reads = evaluator.evaluate(*library.find("TransformerBlock"), Kind::Reads);
        QVERIFY(flops.ok() && reads.ok());
        // By hand (tests/tst_cli.cpp): 678,711,263,232 FLOPs (the seed's text prints 679,115,227,136, which
        // miscounts 2 * 2048 * 4096 * 11008) and 426,803,200 bytes read.
        QCOMPARE(flops.value().toString(), std::string("678711263232"));
        QCOMPARE(reads.value().toString(), std::string("426803200"));

        nlohmann::json params = nlohmann::json::object();
        for (const auto& v : given)
            params[v.name] = toJson(v.value);
        nlohmann::json withoutBytes = params;
        withoutBytes.erase("dtype_bytes");
        const nlohmann::json request = { { "compute",
            {
                { "flops", "TransformerBlock", withoutBytes },
                { "reads", "TransformerBlock", params },
                { "matmul_flops", "TransformerBlock", params },
                { "flops", "torch.nn.Linear",
                    { { "batch_elements", 2048 }, { "input_features", 4096 }, { "output_features", 4096 } } },
                { "flops", "torch__nn__Linear",
                    { { "batch_elements", 2048 }, { "input_features", 4096 }, { "output_features", 4096 } } },
                { "reads", "TransformerBlock", withoutBytes },
                { "flops", "NoSuchModule", params },
            } } };
        QTemporaryDir dir;
        const PythonRun r = run(database, request, dir);
        QVERIFY2(r.ok, qPrintable(r.failure));
        const auto& c = r.answer.at("compute");
        QCOMPARE(c.at(0).dump(), nlohmann::json({ { "value", flops.value().toString() } }).dump());
        QCOMPARE(c.at(0).at("value").get<std::string>(), std::string("678711263232"));
        QCOMPARE(c.at(1).at("value").get<std::string>(), reads.value().toString());
        QVERIFY(c.at(2).at("value").is_null()); // no matmul_template: unknown, not zero
        QCOMPARE(c.at(3).at("value").get<std::string>(), std::string("68719476736"));
        QCOMPARE(c.at(4).at("value").get<std::string>(), std::string("68719476736"));
        evaluator.unsetContext("dtype_bytes");
        const auto unbound = evaluator.evaluate(*library.find("TransformerBlock"), Kind::Reads);
        QVERIFY(!unbound.ok());
        QCOMPARE(c.at(5).at("error").get<std::string>(), unbound.error().describe());
        QCOMPARE(c.at(6).at("error").get<std::string>(), std::string("no module 'NoSuchModule' in the database"));
    }

    // A database whose modules call each other in a cycle is refused when the package loads, naming the cycle as
    // the engine names it when an evaluation runs into it.
    void cyclicDatabaseRefused()
    {
        const db::LayeredDatabase database = databaseFrom(dataFile("cycle_db.json"));
        const formula::Library library = analysis::libraryFrom(database);
        formula::Evaluator evaluator(library);
        const auto r = evaluator.evaluate(*library.find("Encoder"), Kind::Flops, { { { "n", Number::integer(1) } } });
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, formula::ErrorKind::Cycle);
        QCOMPARE(r.error().message, std::string("cycle: Encoder -> Decoder -> Encoder"));

        QTemporaryDir dir;
        const PythonRun run = this->run(database, { { "compute", { { "flops", "Encoder", { { "n", 1 } } } } } }, dir);
        QVERIFY2(run.ok, qPrintable(run.failure));
        QCOMPARE(run.answer.value("load_error", std::string()), r.error().message);
    }

    // The package holds no way to run code from data: no eval, exec, compile, __import__ or literal_eval.
    void generatedFilesRunNoCode()
    {
        auto builtin = db::LayeredDatabase::loadBuiltin();
        QVERIFY(std::holds_alternative<db::ModuleDatabase>(builtin));
        const db::LayeredDatabase database(std::move(std::get<db::ModuleDatabase>(builtin)));
        QTemporaryDir dir;
        const auto exported = pythonexport::exportPython(database, dir.path());
        QVERIFY(std::holds_alternative<pythonexport::ExportSummary>(exported));
        const QRegularExpression forbidden(QStringLiteral(R"(\b(eval|exec|compile)\s*\(|__import__|literal_eval)"));
        int files = 0;
        QDirIterator it(dir.filePath(QStringLiteral("generated_modules")), { QStringLiteral("*.py") }, QDir::Files,
            QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(file.readAll());
            const auto match = forbidden.match(text);
            QVERIFY2(!match.hasMatch(), qPrintable(path + QStringLiteral(": ") + match.captured()));
            ++files;
        }
        QVERIFY(files > 400);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("generated_modules/torch/nn_linear.py"))));
    }

    // A folder an export did not write is never replaced; one it wrote is, whole.
    void refusesForeignFolder()
    {
        const db::LayeredDatabase database = databaseFrom(dataFile("seed_example_db.json"));
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("generated_modules")));
        const QString mine = dir.filePath(QStringLiteral("generated_modules/mine.py"));
        {
            QFile f(mine);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("x = 1\n");
        }
        const auto refused = pythonexport::exportPython(database, dir.path());
        QVERIFY(std::holds_alternative<std::string>(refused));
        QVERIFY2(std::get<std::string>(refused).find("was not written by lmp export-python") != std::string::npos,
            std::get<std::string>(refused).c_str());
        QCOMPARE(
            QDir(dir.filePath(QStringLiteral("generated_modules"))).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
            QStringList { QStringLiteral("mine.py") });
        QFile f(mine);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("x = 1\n"));
        f.close();
        QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden),
            QStringList { QStringLiteral("generated_modules") });

        // A file where the package would go is refused too.
        QTemporaryDir other;
        QFile plain(other.filePath(QStringLiteral("generated_modules")));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        QVERIFY(std::holds_alternative<std::string>(pythonexport::exportPython(database, other.path())));

        // An earlier export is replaced, leaving nothing of it behind.
        QTemporaryDir again;
        QVERIFY(
            std::holds_alternative<pythonexport::ExportSummary>(pythonexport::exportPython(database, again.path())));
        const QString stale = again.filePath(QStringLiteral("generated_modules/torch/stale.py"));
        QFile s(stale);
        QVERIFY(s.open(QIODevice::WriteOnly));
        s.close();
        const auto second = pythonexport::exportPython(database, again.path());
        QVERIFY(std::holds_alternative<pythonexport::ExportSummary>(second));
        QCOMPARE(std::get<pythonexport::ExportSummary>(second).modules, std::size_t(5));
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(again.filePath(QStringLiteral("generated_modules/torch/nn_linear.py"))));
        QCOMPARE(QDir(again.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::Hidden),
            QStringList { QStringLiteral("generated_modules") });
    }
};

QTEST_GUILESS_MAIN(TestExportPython)
#include "tst_exportpython.moc"
