// SPDX-License-Identifier: GPL-3.0-or-later
// The formula language: every operator and function, exact integers, every error class with its position,
// module calls (positional, named, both key forms), context fallback, memoization, cycles and limits.

#include "formula/evaluator.h"
#include "formula/library.h"
#include "formula/residual.h"

#include <QTest>

#include <limits>

using namespace lmp::formula;

namespace {

ModuleSpec module(std::string key, std::vector<std::string> params, std::string flops,
    std::vector<std::string> memoryParams = {}, std::string reads = {})
{
    ModuleSpec spec;
    spec.key = std::move(key);
    spec.flopParameters = std::move(params);
    spec.memoryParameters = std::move(memoryParams);
    spec.templates[static_cast<std::size_t>(Kind::Flops)] = std::move(flops);
    if (!reads.empty())
        spec.templates[static_cast<std::size_t>(Kind::Reads)] = std::move(reads);
    return spec;
}

// The seed design's example set, with Linear taking (batch_elements, input_features, output_features) as its
// worked example calls it.
std::vector<ModuleSpec> seedModules()
{
    return {
        module("torch.nn.Linear", { "batch_elements", "input_features", "output_features" },
            "2 * ${batch_elements} * ${input_features} * ${output_features}", { "dtype_bytes" },
            "${input_features} * ${output_features} * ${dtype_bytes} + ${batch_elements} * ${input_features} * "
            "${dtype_bytes}"),
        module("MLP", { "B", "S", "hidden_size", "intermediate_size" },
            "{torch__nn__Linear}(${B} * ${S}, ${hidden_size}, ${intermediate_size}) + ${B} * ${S} * "
            "${intermediate_size} + {torch__nn__Linear}(${B} * ${S}, ${intermediate_size}, ${hidden_size})",
            {}, "{torch__nn__Linear}(${B} * ${S}, ${hidden_size}, ${intermediate_size})"),
        module("MultiHeadAttention", { "B", "S", "hidden_size", "num_heads" },
            "3 * {torch__nn__Linear}(${B} * ${S}, ${hidden_size}, ${hidden_size}) + 2 * ${B} * ${num_heads} * "
            "${S} * ${S} * (${hidden_size} // ${num_heads}) + {torch__nn__Linear}(${B} * ${S}, ${hidden_size}, "
            "${hidden_size})"),
        module("TransformerBlock", { "B", "S", "hidden_size", "num_heads", "intermediate_size" },
            "{MultiHeadAttention}(${B}, ${S}, ${hidden_size}, ${num_heads}) + {MLP}(${B}, ${S}, ${hidden_size}, "
            "${intermediate_size})",
            {}, "{MLP}(${B}, ${S}, ${hidden_size}, ${intermediate_size})"),
    };
}

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestFormula : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void values_data();
    void values();
    void errors_data();
    void errors();
    void errorsCollectedTogether();
    void errorDescription();
    void integerExactness();
    void contextFallback();
    void namedAndPositionalArguments_data();
    void namedAndPositionalArguments();
    void callErrors_data();
    void callErrors();
    void bothKeyForms();
    void kindSelectsTemplate();
    void memoization();
    void memoDroppedWhenContextChanges();
    void unboundParameterNamesCallChain();
    void cycle();
    void callDepthLimit();
    void evaluationStepLimit();
    void missingTemplateIsUnknownNotZero();
    void brokenCalleeTemplate();
    void parseOnceEvaluateMany();
    void numberParsing_data();
    void numberParsing();
    void ownedTemplate();
    void traceListsEveryCall();
    void programOfAnotherLibrary();
    void excludedEntries();
    void unreviewedDependencies();
    void residualMatchesEvaluation_data();
    void residualMatchesEvaluation();
};

void TestFormula::values_data()
{
    QTest::addColumn<QString>("formula");
    QTest::addColumn<QString>("expected");

    QTest::addRow("integer") << "42"
                             << "42";
    QTest::addRow("digit separators") << "1_000_000"
                                      << "1000000";
    QTest::addRow("decimal") << "1.5"
                             << "1.5";
    QTest::addRow("leading point") << ".25"
                                   << "0.25";
    QTest::addRow("scientific is real") << "1e3"
                                        << "1000.0";
    QTest::addRow("scientific negative exponent") << "2.5e-1"
                                                  << "0.25";
    QTest::addRow("add") << "2 + 3"
                         << "5";
    QTest::addRow("subtract") << "2 - 3"
                              << "-1";
    QTest::addRow("multiply") << "6 * 7"
                              << "42";
    QTest::addRow("exact division stays integer") << "12 / 4"
                                                  << "3";
    QTest::addRow("inexact division is real") << "7 / 2"
                                              << "3.5";
    QTest::addRow("floor division") << "7 // 2"
                                    << "3";
    QTest::addRow("floor division rounds down") << "-7 // 2"
                                                << "-4";
    QTest::addRow("floor division negative divisor") << "7 // -2"
                                                     << "-4";
    QTest::addRow("real floor division") << "7.5 // 2"
                                         << "3.0";
    QTest::addRow("modulo") << "7 % 3"
                            << "1";
    QTest::addRow("modulo takes divisor sign") << "-7 % 3"
                                               << "2";
    QTest::addRow("modulo negative divisor") << "7 % -3"
                                             << "-2";
    QTest::addRow("real modulo") << "7.5 % 2"
                                 << "1.5";
    // Integers beyond 64 bits, and at its edges: the same results as Python's.
    QTest::addRow("floor division past 64 bits") << "2 ** 70 // 3"
                                                 << "393530540239137101141";
    QTest::addRow("modulo past 64 bits") << "-(2 ** 70) % 7"
                                         << "5";
    QTest::addRow("smallest 64-bit integer over -1") << "-9223372036854775808 // -1"
                                                     << "9223372036854775808";
    QTest::addRow("smallest 64-bit integer floor division") << "-9223372036854775808 // 7"
                                                            << "-1317624576693539402";
    QTest::addRow("smallest 64-bit integer modulo") << "-9223372036854775808 % 7"
                                                    << "6";
    QTest::addRow("product past 64 bits") << "3037000500 * 3037000500"
                                          << "9223372037000250000";
    QTest::addRow("exact division past 64 bits") << "2 ** 63 / 2 ** 62"
                                                 << "2";
    QTest::addRow("modulo of 2^64") << "2 ** 64 % (2 ** 63 - 1)"
                                    << "2";
    QTest::addRow("power") << "2 ** 10"
                           << "1024";
    QTest::addRow("power is right associative") << "2 ** 3 ** 2"
                                                << "512";
    QTest::addRow("negative exponent is real") << "2 ** -1"
                                               << "0.5";
    QTest::addRow("real power") << "4 ** 0.5"
                                << "2.0";
    QTest::addRow("zero to the zero") << "0 ** 0"
                                      << "1";
    QTest::addRow("minus one to a huge power") << "(-1) ** 1000001"
                                               << "-1";
    QTest::addRow("unary minus") << "-5"
                                 << "-5";
    QTest::addRow("unary plus") << "+5"
                                << "5";
    QTest::addRow("double negation") << "--5"
                                     << "5";
    QTest::addRow("unary minus binds looser than power") << "-2 ** 2"
                                                         << "-4";
    QTest::addRow("power of negated operand") << "(-2) ** 2"
                                              << "4";
    QTest::addRow("multiplication before addition") << "2 + 3 * 4"
                                                    << "14";
    QTest::addRow("parentheses") << "(2 + 3) * 4"
                                 << "20";
    QTest::addRow("subtraction is left associative") << "10 - 3 - 2"
                                                     << "5";
    QTest::addRow("division is left associative") << "64 / 4 / 2"
                                                  << "8";
    QTest::addRow("floor div and mod same level") << "17 // 5 % 2"
                                                  << "1";
    QTest::addRow("mixed int and real") << "1 + 0.5"
                                        << "1.5";
    QTest::addRow("less than") << "2 < 3"
                               << "1";
    QTest::addRow("less or equal") << "3 <= 3"
                                   << "1";
    QTest::addRow("greater than") << "2 > 3"
                                  << "0";
    QTest::addRow("greater or equal") << "2 >= 3"
                                      << "0";
    QTest::addRow("equal across types") << "2 == 2.0"
                                        << "1";
    QTest::addRow("not equal") << "2 != 3"
                               << "1";
    QTest::addRow("comparison binds loosest") << "1 + 1 == 2"
                                              << "1";
    QTest::addRow("if true") << "if(1, 10, 20)"
                             << "10";
    QTest::addRow("if false") << "if(0, 10, 20)"
                              << "20";
    QTest::addRow("if with comparison") << "if(3 > 2, 1, 2)"
                                        << "1";
    QTest::addRow("if evaluates only the chosen branch") << "if(1, 5, 1 / 0)"
                                                         << "5";
    QTest::addRow("if else branch lazy too") << "if(0, 1 / 0, 6)"
                                             << "6";
    QTest::addRow("nested if") << "if(0, 1, if(1, 2, 3))"
                               << "2";
    QTest::addRow("min") << "min(3, 1, 2)"
                         << "1";
    QTest::addRow("max") << "max(3, 1, 2)"
                         << "3";
    QTest::addRow("min of one") << "min(7)"
                                << "7";
    QTest::addRow("max keeps type") << "max(1, 2.5)"
                                    << "2.5";
    QTest::addRow("ceil") << "ceil(2.1)"
                          << "3";
    QTest::addRow("ceil of integer") << "ceil(4)"
                                     << "4";
    QTest::addRow("floor") << "floor(2.9)"
                           << "2";
    QTest::addRow("floor negative") << "floor(-2.1)"
                                    << "-3";
    QTest::addRow("ceil_div") << "ceil_div(7, 2)"
                              << "4";
    QTest::addRow("ceil_div exact") << "ceil_div(8, 2)"
                                    << "4";
    QTest::addRow("ceil_div negative") << "ceil_div(-7, 2)"
                                       << "-3";
    QTest::addRow("ceil_div real") << "ceil_div(7.5, 2)"
                                   << "4";
    QTest::addRow("log2") << "log2(1024)"
                          << "10.0";
    QTest::addRow("sqrt") << "sqrt(16)"
                          << "4.0";
    QTest::addRow("whitespace and newlines") << " 1 +\n\t2 "
                                             << "3";
    QTest::addRow("functions in arithmetic") << "2 * max(1, 3) + min(4, 5)"
                                             << "10";
    QTest::addRow("int128 max") << "170141183460469231731687303715884105727"
                                << "170141183460469231731687303715884105727";
    QTest::addRow("int128 min via subtraction") << "-170141183460469231731687303715884105727 - 1"
                                                << "-170141183460469231731687303715884105728";
}

void TestFormula::values()
{
    QFETCH(QString, formula);
    QFETCH(QString, expected);
    const Library lib = Library::build({});
    const auto compiled = lib.compile(formula.toStdString());
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().describe().c_str());
    Evaluator evaluator(lib);
    const auto result = evaluator.evaluate(*compiled.program);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().describe().c_str());
    QCOMPARE(qs(result.value().toString()), expected);
}

void TestFormula::errors_data()
{
    QTest::addColumn<QString>("formula");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("begin");
    QTest::addColumn<int>("end");

    auto row = [](const char* name, const QString& formula, ErrorKind kind, const char* message, int begin, int end) {
        QTest::addRow("%s", name) << formula << static_cast<int>(kind) << QString::fromUtf8(message) << begin << end;
    };
    // Syntax, with the position of the offending text.
    row("caret is not power", "2 ^ 3", ErrorKind::Syntax, "did you mean '**'", 2, 3);
    row("logical and", "1 && 2", ErrorKind::Syntax, "no logical operators", 2, 4);
    row("bang alone", "!1", ErrorKind::Syntax, "no logical operators", 0, 1);
    row("unclosed parenthesis", "(1 + 2", ErrorKind::Syntax, "expected ')'", 6, 7);
    row("unmatched close", "1 + 2)", ErrorKind::Syntax, "unmatched ')'", 5, 6);
    row("dangling operator", "1 +", ErrorKind::Syntax, "ends where a value was expected", 3, 4);
    row("empty", "", ErrorKind::Syntax, "empty", 0, 1);
    row("only spaces", "   ", ErrorKind::Syntax, "empty", 0, 1);
    row("empty parentheses", "2 * ()", ErrorKind::Syntax, "empty parentheses", 4, 6);
    row("missing operator", "2 3", ErrorKind::Syntax, "is an operator missing", 2, 3);
    row("bare name", "hidden * 2", ErrorKind::Syntax, "parameters are written ${hidden}", 0, 6);
    row("number glued to name", "2h", ErrorKind::Syntax, "invalid number '2h'", 0, 2);
    row("dollar without brace", "$h", ErrorKind::Syntax, "parameters are written ${name}", 0, 1);
    row("unclosed parameter", "${h + 1", ErrorKind::Syntax, "missing '}'", 0, 3);
    row("empty parameter", "${} + 1", ErrorKind::Syntax, "expected a parameter name", 0, 3);
    row("module without call", "{torch__nn__Linear} + 1", ErrorKind::Syntax, "needs an argument list", 0, 21);
    row("empty module key", "{}(1)", ErrorKind::Syntax, "expected a module key", 0, 2);
    row("chained comparison", "1 < 2 < 3", ErrorKind::Syntax, "cannot be chained", 6, 7);
    row("assignment", "1 = 2", ErrorKind::Syntax, "did you mean '=='", 2, 3);
    row("stray character", "1 # 2", ErrorKind::Syntax, "unexpected character '#'", 2, 3);
    row("non-ascii character", "2 \xc3\x97 3", ErrorKind::Syntax, "unexpected character '\xc3\x97'", 2, 4);
    row("control byte", QString::fromLatin1("1 \x01 2"), ErrorKind::Syntax, "byte 0x01", 2, 3);
    row("trailing separator", "1_000_", ErrorKind::Syntax, "'_' may only separate digits", 0, 6);
    row("stray close brace", "1 }", ErrorKind::Syntax, "without a matching '{'", 2, 3);
    row("positional after named", "{M}(a=1, 2)", ErrorKind::Syntax, "positional argument cannot follow", 9, 10);
    // Functions.
    row("unknown function", "pow(2, 3)", ErrorKind::UnknownFunction, "unknown function 'pow'", 0, 3);
    row("if arity", "if(1, 2)", ErrorKind::Arity, "if() takes 3 arguments", 0, 8);
    row("min arity", "min()", ErrorKind::Arity, "min() takes at least 1 arguments, got 0", 0, 5);
    row("ceil arity", "ceil(1, 2)", ErrorKind::Arity, "ceil() takes 1 argument, got 2", 0, 10);
    row("ceil_div arity", "ceil_div(1)", ErrorKind::Arity, "ceil_div() takes 2 arguments, got 1", 0, 11);
    // Modules.
    row("unknown module", "{nope}(1)", ErrorKind::UnknownModule, "unknown module 'nope'", 0, 6);
    row("unknown module suggests", "{torch__nn__linear}(1, 2, 3)", ErrorKind::UnknownModule,
        "did you mean 'torch__nn__Linear'", 0, 19);
    // Parameters.
    row("unbound parameter", "${x} + 1", ErrorKind::UnboundParameter, "unbound parameter 'x'", 0, 4);
    // Arithmetic.
    row("division by zero", "1 + 4 / (2 - 2)", ErrorKind::DivisionByZero, "division by zero (4 / 0)", 4, 15);
    row("floor division by zero", "4 // 0", ErrorKind::DivisionByZero, "division by zero", 0, 6);
    row("modulo by zero", "4 % 0", ErrorKind::DivisionByZero, "division by zero", 0, 5);
    row("real division by zero", "4.5 / 0", ErrorKind::DivisionByZero, "division by zero", 0, 7);
    row("zero to negative power", "0 ** -1", ErrorKind::DivisionByZero, "division by zero", 0, 7);
    row("ceil_div by zero", "ceil_div(3, 0)", ErrorKind::DivisionByZero, "division by zero", 0, 14);
    row("multiplication overflow", "10 ** 30 * 10 ** 9", ErrorKind::Overflow, "overflow", 0, 18);
    row("addition overflow", "170141183460469231731687303715884105727 + 1", ErrorKind::Overflow, "overflow", 0, 43);
    row("power overflow", "2 ** 127", ErrorKind::Overflow, "overflow", 0, 8);
    row("literal overflow", "170141183460469231731687303715884105728", ErrorKind::Overflow, "outside the exact range",
        0, 39);
    row("real overflow", "1e300 * 1e300", ErrorKind::Overflow, "overflow", 0, 13);
    row("ceil of huge real", "ceil(1e300)", ErrorKind::Overflow, "no integer in the exact range", 0, 11);
    row("sqrt of negative", "sqrt(-1)", ErrorKind::Domain, "sqrt of negative -1", 0, 8);
    row("log2 of zero", "log2(0)", ErrorKind::Domain, "log2 of 0", 0, 7);
    row("negative base real power", "(-8) ** 0.5", ErrorKind::Domain, "undefined result", 0, 11);
    // Limits.
    row("nesting limit", QString(300, u'(') + u'1' + QString(300, u')'), ErrorKind::DepthLimit, "nests deeper than 200",
        200, 201);
    row("template size limit", QStringLiteral("1+").repeated(40000) + u'1', ErrorKind::SizeLimit, "the limit is 65536",
        0, 1);
}

void TestFormula::errors()
{
    QFETCH(QString, formula);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFETCH(int, begin);
    QFETCH(int, end);

    const Library lib = Library::build({ module("torch.nn.Linear", { "N", "in_features", "out_features" },
                                             "2 * ${N} * ${in_features} * ${out_features}"),
        module("M", { "a", "b" }, "${a} + ${b}") });
    const auto compiled = lib.compile(formula.toUtf8().toStdString());
    FormulaError error;
    if (!compiled.ok()) {
        QVERIFY(!compiled.errors.empty());
        error = compiled.errors.front();
    } else {
        Evaluator evaluator(lib);
        const auto result = evaluator.evaluate(*compiled.program);
        if (result.ok())
            QFAIL(qPrintable(QStringLiteral("evaluated to %1").arg(qs(result.value().toString()))));
        error = result.error();
    }
    QCOMPARE(qs(std::string(errorKindName(error.kind))), qs(std::string(errorKindName(static_cast<ErrorKind>(kind)))));
    QVERIFY2(qs(error.message).contains(message), error.message.c_str());
    QCOMPARE(static_cast<int>(error.range.begin), begin);
    QCOMPARE(static_cast<int>(error.range.end), end);
}

void TestFormula::errorsCollectedTogether()
{
    // Every lexical error and every unknown name is reported, not just the first.
    const Library lib = Library::build({});
    const auto compiled = lib.compile("2 ^ 3 + 4 # 5 ^ 6");
    QCOMPARE(compiled.errors.size(), std::size_t(3));
    QCOMPARE(compiled.errors[0].range.begin, 2u);
    QCOMPARE(compiled.errors[1].range.begin, 10u);
    QCOMPARE(compiled.errors[2].range.begin, 14u);

    const auto unknowns = lib.compile("{a}(1) + {b}(2) + foo(3)");
    QCOMPARE(unknowns.errors.size(), std::size_t(3));
    QCOMPARE(unknowns.errors[0].kind, ErrorKind::UnknownModule);
    QCOMPARE(unknowns.errors[1].kind, ErrorKind::UnknownModule);
    QCOMPARE(unknowns.errors[2].kind, ErrorKind::UnknownFunction);
}

void TestFormula::errorDescription()
{
    const Library lib = Library::build({});
    const auto compiled = lib.compile("1 +\n  2 ^ 3");
    QVERIFY(!compiled.ok());
    const FormulaError& e = compiled.errors.front();
    QCOMPARE(e.line(), 2u);
    QCOMPARE(e.column(), 5u);
    QCOMPARE(qs(e.describe()), QStringLiteral("unexpected '^'; did you mean '**' (power)? (formula 2:5)"));
    QCOMPARE(qs(e.describeWithSource()),
        QStringLiteral("unexpected '^'; did you mean '**' (power)? (formula 2:5)\n    2 ^ 3\n      ^"));
}

void TestFormula::integerExactness()
{
    const Library lib = Library::build({});
    Evaluator evaluator(lib);
    auto eval = [&](const char* text) {
        const auto compiled = lib.compile(text);
        if (!compiled.ok())
            return QStringLiteral("compile error");
        const auto r = evaluator.evaluate(*compiled.program);
        return r.ok() ? qs(r.value().toString()) : QStringLiteral("error");
    };
    // 1e30 and beyond stay exact: a double would lose the trailing 1.
    QCOMPARE(eval("10 ** 30 + 1"), QStringLiteral("1000000000000000000000000000001"));
    QCOMPARE(eval("10 ** 30 * 100 + 7"), QStringLiteral("100000000000000000000000000000007"));
    QCOMPARE(eval("(10 ** 30 + 1) - 10 ** 30"), QStringLiteral("1"));
    QCOMPARE(eval("(10 ** 36 + 3) // 3"), QStringLiteral("333333333333333333333333333333333334"));
    QCOMPARE(eval("(10 ** 36 + 3) % 10"), QStringLiteral("3"));
    QCOMPARE(eval("2 ** 126"), QStringLiteral("85070591730234615865843651857942052864"));
    QCOMPARE(eval("-(2 ** 126) * 2"), QStringLiteral("-170141183460469231731687303715884105728"));
    // Past 2^64, where a 64-bit integer or a JSON library's integer would wrap or round.
    QCOMPARE(eval("18446744073709551615 + 2"), QStringLiteral("18446744073709551617"));
    // Overflow is an error, never a wrap.
    QCOMPARE(eval("2 ** 126 * 2"), QStringLiteral("error"));
    QCOMPARE(eval("-(2 ** 126) * 2 - 1"), QStringLiteral("error"));
}

void TestFormula::contextFallback()
{
    // A parameter the call does not bind falls back to the context; one it binds ignores the context.
    const Library lib = Library::build({ module("Scale", { "x", "factor" }, "${x} * ${factor} * ${dtype_bytes}") });
    Evaluator evaluator(lib);
    evaluator.setContext("factor", Number::integer(10));
    evaluator.setContext("dtype_bytes", Number::integer(2));
    const auto partial = lib.compile("{Scale}(3)");
    QCOMPARE(qs(evaluator.evaluate(*partial.program).value().toString()), QStringLiteral("60"));
    const auto full = lib.compile("{Scale}(3, 5)");
    QCOMPARE(qs(evaluator.evaluate(*full.program).value().toString()), QStringLiteral("30"));
    // Top-level evaluation of a module binds from the context too.
    evaluator.setContext("x", Number::integer(7));
    const auto id = lib.find("Scale");
    QVERIFY(id);
    QCOMPARE(qs(evaluator.evaluate(*id, Kind::Flops).value().toString()), QStringLiteral("140"));
    // ... unless bound explicitly.
    const std::vector<NamedValue> bindings { { "x", Number::integer(1) } };
    QCOMPARE(qs(evaluator.evaluate(*id, Kind::Flops, bindings).value().toString()), QStringLiteral("20"));
    // A free expression reads the context for every parameter, including names no template uses.
    evaluator.setContext("h", Number::integer(4096));
    const auto free = lib.compile("${h} * ${dtype_bytes}");
    QCOMPARE(qs(evaluator.evaluate(*free.program).value().toString()), QStringLiteral("8192"));
    QCOMPARE(qs(evaluator.contextValue("h")->toString()), QStringLiteral("4096"));
}

void TestFormula::namedAndPositionalArguments_data()
{
    QTest::addColumn<QString>("formula");
    QTest::addColumn<QString>("expected");
    // Linear(N, in_features, out_features) = 2 * N * in * out; distinct primes reveal any misbinding.
    QTest::addRow("positional") << "{torch__nn__Linear}(3, 5, 7)"
                                << "210";
    QTest::addRow("named") << "{torch__nn__Linear}(N=3, in_features=5, out_features=7)"
                           << "210";
    QTest::addRow("named out of order") << "{torch__nn__Linear}(out_features=7, N=3, in_features=5)"
                                        << "210";
    QTest::addRow("positional then named") << "{torch__nn__Linear}(3, out_features=7, in_features=5)"
                                           << "210";
    QTest::addRow("expressions as arguments") << "{torch__nn__Linear}(1 + 2, 10 // 2, max(7, 1))"
                                              << "210";
    QTest::addRow("nested calls") << "{torch__nn__Linear}({torch__nn__Linear}(1, 1, 1), 5, 7) / 2"
                                  << "70";
    QTest::addRow("call in arithmetic") << "2 * {torch__nn__Linear}(3, 5, 7) + 1"
                                        << "421";
    QTest::addRow("missing trailing falls back to context") << "{torch__nn__Linear}(3, 5)"
                                                            << "390";
    QTest::addRow("named skips one, context fills it") << "{torch__nn__Linear}(N=3, out_features=7)"
                                                       << "5460";
}

void TestFormula::namedAndPositionalArguments()
{
    QFETCH(QString, formula);
    QFETCH(QString, expected);
    const Library lib = Library::build({ module(
        "torch.nn.Linear", { "N", "in_features", "out_features" }, "2 * ${N} * ${in_features} * ${out_features}") });
    Evaluator evaluator(lib);
    evaluator.setContext("out_features", Number::integer(13));
    evaluator.setContext("in_features", Number::integer(130));
    const auto compiled = lib.compile(formula.toStdString());
    QVERIFY2(compiled.ok(), compiled.ok() ? "" : compiled.errors.front().describe().c_str());
    const auto result = evaluator.evaluate(*compiled.program);
    QVERIFY2(result.ok(), result.ok() ? "" : result.error().describe().c_str());
    QCOMPARE(qs(result.value().toString()), expected);
}

void TestFormula::callErrors_data()
{
    QTest::addColumn<QString>("formula");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("begin");

    QTest::addRow("too many positional")
        << "{torch__nn__Linear}(1, 2, 3, 4)" << int(ErrorKind::Arity)
        << "too many arguments: 'torch__nn__Linear' takes 3 (N, in_features, out_features)" << 29;
    QTest::addRow("unknown named")
        << "{torch__nn__Linear}(N=1, bias=2)" << int(ErrorKind::UnknownParameter)
        << "'torch__nn__Linear' has no parameter 'bias'; it takes N, in_features, out_features" << 25;
    QTest::addRow("bound twice") << "{torch__nn__Linear}(1, N=2)" << int(ErrorKind::Arity)
                                 << "parameter 'N' of 'torch__nn__Linear' is bound twice" << 23;
    QTest::addRow("missing close") << "{torch__nn__Linear}(1, 2" << int(ErrorKind::Syntax) << "expected ',' or ')'"
                                   << 24;
}

void TestFormula::callErrors()
{
    QFETCH(QString, formula);
    QFETCH(int, kind);
    QFETCH(QString, message);
    QFETCH(int, begin);
    const Library lib = Library::build({ module(
        "torch.nn.Linear", { "N", "in_features", "out_features" }, "2 * ${N} * ${in_features} * ${out_features}") });
    const auto compiled = lib.compile(formula.toStdString());
    QVERIFY(!compiled.ok());
    QCOMPARE(int(compiled.errors.front().kind), kind);
    QVERIFY2(qs(compiled.errors.front().message).contains(message), compiled.errors.front().message.c_str());
    QCOMPARE(int(compiled.errors.front().range.begin), begin);
}

void TestFormula::bothKeyForms()
{
    const Library lib = Library::build({ module("torch__nn__Linear", { "N", "in_features", "out_features" },
                                             "2 * ${N} * ${in_features} * ${out_features}"),
        module("my.pkg.Block", { "n" }, "{torch.nn.Linear}(${n}, 2, 2)") });
    QVERIFY(lib.diagnostics().empty());
    QCOMPARE(lib.find("torch.nn.Linear"), lib.find("torch__nn__Linear"));
    QVERIFY(lib.find("my__pkg__Block"));
    QCOMPARE(qs(lib.key(*lib.find("my.pkg.Block"))), QStringLiteral("my__pkg__Block"));
    Evaluator evaluator(lib);
    const auto dotted = lib.compile("{my.pkg.Block}(5)");
    const auto underscored = lib.compile("{my__pkg__Block}(5)");
    QCOMPARE(qs(evaluator.evaluate(*dotted.program).value().toString()), QStringLiteral("40"));
    QCOMPARE(qs(evaluator.evaluate(*underscored.program).value().toString()), QStringLiteral("40"));
    QCOMPARE(qs(modulePathFromKey("torch__nn__Linear")), QStringLiteral("torch.nn.Linear"));
    QCOMPARE(qs(normalizeModuleKey("torch.nn.Linear")), QStringLiteral("torch__nn__Linear"));
}

void TestFormula::kindSelectsTemplate()
{
    // A call inside a reads formula evaluates the callee's reads template, and so on.
    ModuleSpec leaf = module("Leaf", { "n" }, "${n} * 2", {}, "${n} * 3");
    leaf.templates[size_t(Kind::Writes)] = "${n} * 5";
    ModuleSpec parent = module("Parent", { "n" }, "{Leaf}(${n}) + 1", {}, "{Leaf}(${n}) + 1");
    parent.templates[size_t(Kind::Writes)] = "{Leaf}(${n}) + 1";
    const Library lib = Library::build({ leaf, parent });
    Evaluator evaluator(lib);
    const auto id = *lib.find("Parent");
    const std::vector<NamedValue> n { { "n", Number::integer(10) } };
    QCOMPARE(qs(evaluator.evaluate(id, Kind::Flops, n).value().toString()), QStringLiteral("21"));
    QCOMPARE(qs(evaluator.evaluate(id, Kind::Reads, n).value().toString()), QStringLiteral("31"));
    QCOMPARE(qs(evaluator.evaluate(id, Kind::Writes, n).value().toString()), QStringLiteral("51"));
    const auto free = lib.compile("{Leaf}(7)");
    QCOMPARE(qs(evaluator.evaluate(*free.program, Kind::Reads).value().toString()), QStringLiteral("21"));
    QCOMPARE(lib.calledModules(id, Kind::Reads), std::vector<std::string> { "Leaf" });
    QCOMPARE(lib.parameterNames(id, Kind::Flops), std::vector<std::string> { "n" });
}

void TestFormula::memoization()
{
    // The seed's attention calls Linear(B*S, h, h) four times: with the memo, its template runs once.
    const Library lib = Library::build(seedModules());
    QVERIFY(lib.diagnostics().empty());
    const auto attention = *lib.find("MultiHeadAttention");
    const auto linear = *lib.find("torch.nn.Linear");
    const std::vector<NamedValue> args { { "B", Number::integer(1) }, { "S", Number::integer(2048) },
        { "hidden_size", Number::integer(4096) }, { "num_heads", Number::integer(32) } };
    // 4 * 2 * 2048 * 4096^2 + 2 * 32 * 2048^2 * 128, by hand.
    const QString expected = QStringLiteral("309237645312");

    Evaluator memoized(lib);
    QCOMPARE(qs(memoized.evaluate(attention, Kind::Flops, args).value().toString()), expected);
    QCOMPARE(memoized.evaluationCount(linear, Kind::Flops), 1u);
    QCOMPARE(memoized.stats().memoHits, 1u); // "3 * {Linear}(...)" is one call site, o_proj the second
    // Evaluating again is a single memo hit at the top.
    QCOMPARE(qs(memoized.evaluate(attention, Kind::Flops, args).value().toString()), expected);
    QCOMPARE(memoized.evaluationCount(attention, Kind::Flops), 1u);
    QCOMPARE(memoized.evaluationCount(linear, Kind::Flops), 1u);

    Evaluator plain(lib);
    plain.setMemoization(false);
    QCOMPARE(qs(plain.evaluate(attention, Kind::Flops, args).value().toString()), expected);
    QCOMPARE(plain.evaluationCount(linear, Kind::Flops), 2u);
    QCOMPARE(plain.stats().memoHits, 0u);
    // Different arguments are different memo entries.
    const std::vector<NamedValue> other { { "B", Number::integer(2) }, { "S", Number::integer(2048) },
        { "hidden_size", Number::integer(4096) }, { "num_heads", Number::integer(32) } };
    QVERIFY(memoized.evaluate(attention, Kind::Flops, other).ok());
    QCOMPARE(memoized.evaluationCount(linear, Kind::Flops), 2u);
}

void TestFormula::memoDroppedWhenContextChanges()
{
    // Linear's reads use dtype_bytes from the context: a cached value must not survive a context change.
    const Library lib = Library::build(seedModules());
    const auto linear = *lib.find("torch.nn.Linear");
    const std::vector<NamedValue> args { { "batch_elements", Number::integer(10) },
        { "input_features", Number::integer(4) }, { "output_features", Number::integer(3) } };
    Evaluator evaluator(lib);
    evaluator.setContext("dtype_bytes", Number::integer(2));
    QCOMPARE(qs(evaluator.evaluate(linear, Kind::Reads, args).value().toString()), QStringLiteral("104"));
    evaluator.setContext("dtype_bytes", Number::integer(4));
    QCOMPARE(qs(evaluator.evaluate(linear, Kind::Reads, args).value().toString()), QStringLiteral("208"));
    QCOMPARE(evaluator.evaluationCount(linear, Kind::Reads), 2u);
}

void TestFormula::unboundParameterNamesCallChain()
{
    const Library lib = Library::build(seedModules());
    Evaluator evaluator(lib);
    const std::vector<NamedValue> args { { "B", Number::integer(1) }, { "S", Number::integer(8) },
        { "hidden_size", Number::integer(16) }, { "num_heads", Number::integer(2) },
        { "intermediate_size", Number::integer(32) } };
    const auto result = evaluator.evaluate(*lib.find("TransformerBlock"), Kind::Reads, args);
    QVERIFY(!result.ok());
    const FormulaError& e = result.error();
    QCOMPARE(e.kind, ErrorKind::UnboundParameter);
    QCOMPARE(e.callChain, (std::vector<std::string> { "TransformerBlock", "MLP", "torch__nn__Linear" }));
    QVERIFY2(qs(e.describe())
                 .startsWith(
                     QStringLiteral("TransformerBlock -> MLP -> torch__nn__Linear: unbound parameter 'dtype_bytes'")),
        e.describe().c_str());
    QVERIFY2(
        qs(e.describe()).endsWith(QStringLiteral("(torch__nn__Linear reads_template 1:42)")), e.describe().c_str());
    QCOMPARE(e.range.begin, 41u);
}

void TestFormula::cycle()
{
    const Library lib = Library::build({ module("A", { "n" }, "{B}(${n}) + 1"), module("B", { "n" }, "{C}(${n}) * 2"),
        module("C", { "n" }, "{A}(${n} - 1)") });
    QVERIFY(lib.diagnostics().empty());
    Evaluator evaluator(lib);
    const std::vector<NamedValue> n { { "n", Number::integer(3) } };
    const auto result = evaluator.evaluate(*lib.find("A"), Kind::Flops, n);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::Cycle);
    QVERIFY2(
        qs(result.error().message).contains(QStringLiteral("cycle: A -> B -> C -> A")), result.error().message.c_str());
    // The error points at the call that closes the loop, inside C.
    QCOMPARE(qs(result.error().where), QStringLiteral("C formula_template"));
    QCOMPARE(result.error().range.begin, 0u);
    // Self-recursion, even with a terminating if(), is a cycle too.
    const Library self = Library::build({ module("F", { "n" }, "if(${n} <= 1, 1, ${n} * {F}(${n} - 1))") });
    Evaluator e2(self);
    const auto r2 = e2.evaluate(*self.find("F"), Kind::Flops, n);
    QVERIFY(!r2.ok());
    QVERIFY(qs(r2.error().message).contains(QStringLiteral("cycle: F -> F")));
    // The evaluator is usable after an error.
    QVERIFY(!e2.evaluate(*self.find("F"), Kind::Flops, n).ok());
}

void TestFormula::callDepthLimit()
{
    std::vector<ModuleSpec> chain;
    for (int i = 0; i < 80; ++i)
        chain.push_back(module("M" + std::to_string(i), {}, i == 79 ? "1" : "{M" + std::to_string(i + 1) + "}() + 1"));
    const Library lib = Library::build(chain);
    Evaluator evaluator(lib);
    const auto result = evaluator.evaluate(*lib.find("M0"), Kind::Flops);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::DepthLimit);
    QVERIFY(qs(result.error().message).contains(QStringLiteral("deeper than 64")));
    // 60 levels are fine.
    QCOMPARE(qs(evaluator.evaluate(*lib.find("M20"), Kind::Flops).value().toString()), QStringLiteral("60"));
}

void TestFormula::evaluationStepLimit()
{
    // Each level calls the next with two different arguments: 2^40 distinct calls that no memo can share.
    // A hostile or careless template must stop with an error, not hang the program.
    std::vector<ModuleSpec> chain;
    for (int i = 0; i < 40; ++i) {
        const std::string next = "{E" + std::to_string(i + 1) + "}";
        chain.push_back(module("E" + std::to_string(i), { "n" }, next + "(2 * ${n}) + " + next + "(2 * ${n} + 1)"));
    }
    chain.push_back(module("E40", { "n" }, "${n}"));
    Limits limits;
    limits.maxSteps = 100000;
    const Library lib = Library::build(chain, limits);
    Evaluator evaluator(lib);
    const std::vector<NamedValue> n { { "n", Number::integer(1) } };
    const auto result = evaluator.evaluate(*lib.find("E0"), Kind::Flops, n);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::SizeLimit);
    QVERIFY(qs(result.error().message).contains(QStringLiteral("more than 100000 steps")));
    // A shallow part of the same family is fine: E36 makes 2^4 leaf calls.
    const auto shallow = evaluator.evaluate(*lib.find("E36"), Kind::Flops, n);
    QVERIFY(shallow.ok());
    // E40 sees 16*n + k for k = 0..15: 16 * 16 + 120.
    QCOMPARE(qs(shallow.value().toString()), QStringLiteral("376"));
}

void TestFormula::missingTemplateIsUnknownNotZero()
{
    // A schema-1 entry has no matmul template: a parent's matmul figure is unknown, not "parent without it".
    ModuleSpec leaf = module("Leaf", { "n" }, "${n}");
    ModuleSpec parent = module("Parent", { "n" }, "{Leaf}(${n})");
    parent.templates[size_t(Kind::MatmulFlops)] = "{Leaf}(${n}) + 1";
    const Library lib = Library::build({ leaf, parent });
    Evaluator evaluator(lib);
    const std::vector<NamedValue> n { { "n", Number::integer(3) } };
    QVERIFY(!lib.hasTemplate(*lib.find("Leaf"), Kind::MatmulFlops));
    const auto direct = evaluator.evaluate(*lib.find("Leaf"), Kind::MatmulFlops, n);
    QVERIFY(!direct.ok());
    QCOMPARE(direct.error().kind, ErrorKind::MissingTemplate);
    const auto viaParent = evaluator.evaluate(*lib.find("Parent"), Kind::MatmulFlops, n);
    QVERIFY(!viaParent.ok());
    QCOMPARE(viaParent.error().kind, ErrorKind::MissingTemplate);
    QVERIFY(qs(viaParent.error().message).contains(QStringLiteral("'Leaf' has no matmul_template")));
}

void TestFormula::brokenCalleeTemplate()
{
    const Library lib = Library::build({ module("Bad", { "n" }, "${n} +"), module("User", { "n" }, "{Bad}(${n})") });
    QCOMPARE(lib.diagnostics().size(), std::size_t(1));
    QCOMPARE(qs(lib.diagnostics().front().moduleKey), QStringLiteral("Bad"));
    QCOMPARE(qs(lib.diagnostics().front().field), QStringLiteral("formula_template"));
    Evaluator evaluator(lib);
    const std::vector<NamedValue> n { { "n", Number::integer(3) } };
    const auto result = evaluator.evaluate(*lib.find("User"), Kind::Flops, n);
    QVERIFY(!result.ok());
    QVERIFY(qs(result.error().message).contains(QStringLiteral("does not compile")));
}

void TestFormula::parseOnceEvaluateMany()
{
    const Library lib = Library::build(seedModules());
    const auto compiled = lib.compile("{TransformerBlock}(${B}, ${S}, 4096, 32, 11008)");
    QVERIFY(compiled.ok());
    Evaluator evaluator(lib);
    evaluator.setContext("B", Number::integer(1));
    QString previous;
    for (int s : { 128, 256, 512 }) {
        evaluator.setContext("S", Number::integer(s));
        const auto r = evaluator.evaluate(*compiled.program);
        QVERIFY(r.ok());
        QVERIFY(qs(r.value().toString()) != previous);
        previous = qs(r.value().toString());
    }
}

void TestFormula::numberParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::addRow("int") << "4096"
                         << "4096";
    QTest::addRow("negative") << "-4096"
                              << "-4096";
    QTest::addRow("negative real") << "-0.5"
                                   << "-0.5";
    QTest::addRow("double sign") << "--1"
                                 << "invalid";
    QTest::addRow("separators") << "4_096"
                                << "4096";
    QTest::addRow("real") << "0.5"
                          << "0.5";
    QTest::addRow("exp") << "1e-3"
                         << "0.001";
    QTest::addRow("huge int") << "100000000000000000000000000000000000000"
                              << "100000000000000000000000000000000000000";
    QTest::addRow("too huge int") << "1000000000000000000000000000000000000000"
                                  << "invalid";
    QTest::addRow("garbage") << "12a"
                             << "invalid";
    QTest::addRow("empty") << ""
                           << "invalid";
    QTest::addRow("infinite real") << "1e999"
                                   << "invalid";
}

void TestFormula::numberParsing()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const auto n = Number::parse(text.toStdString());
    QCOMPARE(n ? qs(n->toString()) : QStringLiteral("invalid"), expected);
}

void TestFormula::ownedTemplate()
{
    // A template compiled as owned by an entry binds ${h} and ${n} from the evaluation's named bindings, like the
    // entry's own templates; ${B} is not in the signature and reads the context.
    const Library lib = Library::build({});
    const auto compiled = lib.compileOwned("${h} * ${n} + ${B}", { "h", "n" }, "edited formula_template");
    QVERIFY(compiled.ok());
    Evaluator evaluator(lib);
    evaluator.setContext("B", Number::integer(5));
    const std::vector<NamedValue> bindings { { "h", Number::integer(3) }, { "n", Number::integer(4) } };
    QCOMPARE(qs(evaluator.evaluate(*compiled.program, Kind::Flops, bindings).value().toString()), QStringLiteral("17"));
    // An unbound signature parameter falls back to the context, as in a module's template.
    evaluator.setContext("n", Number::integer(10));
    const std::vector<NamedValue> onlyH { { "h", Number::integer(3) } };
    QCOMPARE(qs(evaluator.evaluate(*compiled.program, Kind::Flops, onlyH).value().toString()), QStringLiteral("35"));
    // A name the signature does not have is an error naming it.
    const std::vector<NamedValue> unknown { { "x", Number::integer(1) } };
    const auto bad = evaluator.evaluate(*compiled.program, Kind::Flops, unknown);
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().kind, ErrorKind::UnknownParameter);
    QVERIFY(qs(bad.error().message).contains(QStringLiteral("'x'")));
    // A free formula takes no bindings.
    const auto free = lib.compile("${h} + 1");
    QCOMPARE(evaluator.evaluate(*free.program, Kind::Flops, onlyH).error().kind, ErrorKind::UnknownParameter);
}

void TestFormula::traceListsEveryCall()
{
    // TransformerBlock calls MultiHeadAttention and MLP; each calls Linear. Computed by hand for B=1, S=4, h=8,
    // heads=2, inter=16: Linear(4, 8, 8) = 2*4*8*8 = 512; attention = 3*512 + 2*1*2*4*4*(8//2) + 512 = 2304;
    // MLP = Linear(4, 8, 16) + 4*16 + Linear(4, 16, 8) = 1024 + 64 + 1024 = 2112; block = 4416.
    const Library lib = Library::build(seedModules());
    Evaluator evaluator(lib);
    const std::vector<NamedValue> args { { "B", Number::integer(1) }, { "S", Number::integer(4) },
        { "hidden_size", Number::integer(8) }, { "num_heads", Number::integer(2) },
        { "intermediate_size", Number::integer(16) } };
    Trace trace;
    const auto result = evaluator.evaluate(*lib.find("TransformerBlock"), Kind::Flops, args, &trace);
    QCOMPARE(qs(result.value().toString()), QStringLiteral("4416"));
    QStringList lines;
    for (const TraceCall& c : trace.calls) {
        QStringList bound;
        for (const auto& a : c.arguments)
            bound << qs(a.name) + u'=' + qs(a.value.toString());
        lines << QString(c.depth * 2, u' ') + qs(c.key) + u'(' + bound.join(QStringLiteral(", "))
                + QStringLiteral(") = ") + (c.value ? qs(c.value->toString()) : QStringLiteral("error"))
                + (c.memoHit ? QStringLiteral(" memo") : QString());
    }
    QCOMPARE(lines,
        QStringList({ "TransformerBlock(B=1, S=4, hidden_size=8, num_heads=2, intermediate_size=16) = 4416",
            "  MultiHeadAttention(B=1, S=4, hidden_size=8, num_heads=2) = 2304",
            "    torch__nn__Linear(batch_elements=4, input_features=8, output_features=8) = 512",
            "    torch__nn__Linear(batch_elements=4, input_features=8, output_features=8) = 512 memo",
            "  MLP(B=1, S=4, hidden_size=8, intermediate_size=16) = 2112",
            "    torch__nn__Linear(batch_elements=4, input_features=8, output_features=16) = 1024",
            "    torch__nn__Linear(batch_elements=4, input_features=16, output_features=8) = 1024" }));
    // Each call's site is its text in the caller's template.
    const TraceCall& mlpCall = trace.calls[4];
    QCOMPARE(qs(mlpCall.callerWhere), QStringLiteral("TransformerBlock formula_template"));
    const std::string blockText = *seedModules()[3].templates[0];
    QCOMPARE(blockText.substr(mlpCall.callSite.begin, mlpCall.callSite.end - mlpCall.callSite.begin),
        std::string("{MLP}(${B}, ${S}, ${hidden_size}, ${intermediate_size})"));
    QCOMPARE(trace.calls[0].children, (std::vector<std::uint32_t> { 1, 4 }));
    // A failing call is in the trace without a value.
    Trace failed;
    const std::vector<NamedValue> noHeads { { "B", Number::integer(1) }, { "S", Number::integer(4) },
        { "hidden_size", Number::integer(8) }, { "num_heads", Number::integer(0) },
        { "intermediate_size", Number::integer(16) } };
    QVERIFY(!evaluator.evaluate(*lib.find("TransformerBlock"), Kind::Flops, noHeads, &failed).ok());
    QVERIFY(!failed.calls.at(1).value);
}

void TestFormula::programOfAnotherLibrary()
{
    const Library first = Library::build(seedModules());
    const Library second = Library::build(seedModules());
    QVERIFY(first.id() != second.id());
    const auto compiled = first.compile("{MLP}(1, 4, 8, 16)");
    QVERIFY(compiled.ok());
    Evaluator evaluator(second);
    const auto result = evaluator.evaluate(*compiled.program);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, ErrorKind::WrongLibrary);
    Evaluator own(first);
    QVERIFY(own.evaluate(*compiled.program).ok());
}

void TestFormula::excludedEntries()
{
    // A rejected entry is not in the library; a call to it says why.
    const Library lib =
        Library::build({ module("A", { "n" }, "${n}") }, {}, { { "transformers.Rejected", "rejected" } });
    QVERIFY(!lib.find("transformers.Rejected"));
    QCOMPARE(qs(lib.exclusionReason("transformers__Rejected")), QStringLiteral("rejected"));
    QCOMPARE(qs(lib.exclusionReason("A")), QString());
    const auto compiled = lib.compile("{transformers__Rejected}(1)");
    QVERIFY(!compiled.ok());
    QCOMPARE(compiled.errors.front().kind, ErrorKind::UnknownModule);
    QVERIFY(qs(compiled.errors.front().message).contains(QStringLiteral("its entry is rejected")));
}

void TestFormula::unreviewedDependencies()
{
    // A (validated) calls B (pending), which calls C (validated); D (needs changes) calls C.
    auto a = module("A", { "n" }, "{B}(${n}) + 1");
    auto b = module("B", { "n" }, "{C}(${n}) * 2");
    b.status = "pending";
    auto c = module("C", { "n" }, "${n}");
    auto d = module("D", { "n" }, "{C}(${n})");
    d.status = "needs_changes";
    const Library lib = Library::build({ a, b, c, d });
    const auto id = [&](const char* key) { return *lib.find(key); };
    QCOMPARE(lib.unreviewedDependencies(id("A")), (std::vector<ModuleId> { id("B") }));
    QCOMPARE(lib.unreviewedDependencies(id("B")), (std::vector<ModuleId> { id("B") }));
    QVERIFY(lib.unreviewedDependencies(id("C")).empty());
    QCOMPARE(lib.unreviewedDependencies(id("D")), (std::vector<ModuleId> { id("D") }));
    QVERIFY(!lib.reviewed(id("B")));
    QVERIFY(lib.reviewed(id("C")));
}

QTEST_GUILESS_MAIN(TestFormula)
// A recorded residual program, run on another context, gives what evaluating gives there, value for value and type
// for type, or declines (run() false) where the evaluation fails: at the 64- and 128-bit edges, for reals, for zero.
void TestFormula::residualMatchesEvaluation_data()
{
    QTest::addColumn<QString>("op");
    for (const char* op : { "+", "-", "*", "/", "//", "%", "**", "<", "==" })
        QTest::newRow(op) << QString::fromLatin1(op);
}

void TestFormula::residualMatchesEvaluation()
{
    QFETCH(QString, op);
    const Library lib = Library::build({});
    const auto compiled = lib.compile("${B} " + op.toStdString() + " ${S}");
    QVERIFY(compiled.ok());
    const auto b = lib.symbol("B");
    const auto s = lib.symbol("S");
    QVERIFY(b && s);
    constexpr Int i64max = std::numeric_limits<std::int64_t>::max();
    constexpr Int i64min = std::numeric_limits<std::int64_t>::min();
    const std::vector<Number> values { Number::integer(0), Number::integer(1), Number::integer(-1), Number::integer(7),
        Number::integer(-3), Number::integer(Int(1) << 31), Number::integer(Int(3) << 61), Number::integer(i64max),
        Number::integer(i64min), Number::integer(i64min + 1), Number::integer(i64max + 1),
        Number::integer(Int(1) << 100), Number::integer(-(Int(1) << 126)), Number::real(0.5), Number::real(-2.5),
        Number::real(0.0), Number::real(1e308), Number::real(3.0) };
    // Recorded where the operands are integers, reals or one of each, and the quotient exact or not: the residual
    // runs on machine words where every value has its recorded type, and on Numbers otherwise.
    const std::vector<std::pair<Number, Number>> recordings { { Number::integer(3), Number::integer(5) },
        { Number::integer(6), Number::integer(3) }, { Number::integer(3), Number::real(0.5) },
        { Number::real(0.5), Number::integer(5) }, { Number::real(0.5), Number::real(2.5) } };
    int ran = 0, typed = 0;
    for (const auto& [recordB, recordS] : recordings) {
        Evaluator evaluator(lib);
        evaluator.setContext("B", recordB);
        evaluator.setContext("S", recordS);
        Residual residual;
        const auto recorded = evaluator.record(residual, *compiled.program);
        QVERIFY(recorded);
        QVERIFY(recorded->second != Residual::kConstant);
        for (const Number& x : values) {
            for (const Number& y : values) {
                evaluator.setContext("B", x);
                evaluator.setContext("S", y);
                const auto expected = evaluator.evaluate(*compiled.program);
                std::vector<std::optional<Number>> context(lib.symbolCount());
                context[*b] = x;
                context[*s] = y;
                const QByteArray what = (x.toString() + " " + op.toStdString() + " " + y.toString() + ", recorded at "
                    + recordB.toString() + ", " + recordS.toString())
                                            .c_str();
                if (!residual.run(context)) {
                    continue; // evaluated instead: the same value or the error, by construction
                }
                QVERIFY2(expected.ok(), QByteArray(what + " runs but does not evaluate").constData());
                const Number got = residual.value(recorded->second);
                QVERIFY2(identical(got, expected.value()),
                    QByteArray(what + " gives " + got.toString().c_str() + ", evaluation "
                        + expected.value().toString().c_str())
                        .constData());
                ++ran;
                typed += residual.ranTyped() ? 1 : 0;
            }
        }
    }
    QVERIFY(ran > 500);
    QVERIFY(typed > 100);
}

#include "tst_formula.moc"
