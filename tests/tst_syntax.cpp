// SPDX-License-Identifier: GPL-3.0-or-later
// The formula language for tools: the tokenizer (total: error tokens, byte ranges), the recovering parser
// (every error with its range, a syntax tree that shows precedence), and what tools read off the tree.

#include "formula/context.h"
#include "formula/evaluator.h"
#include "formula/library.h"
#include "formula/syntax.h"
#include "formula/token.h"

#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

using namespace lmp::formula;

namespace {

const char* kindName(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Number:
        return "Number";
    case TokenKind::Parameter:
        return "Parameter";
    case TokenKind::ModuleKey:
        return "ModuleKey";
    case TokenKind::Identifier:
        return "Identifier";
    case TokenKind::Plus:
        return "Plus";
    case TokenKind::Minus:
        return "Minus";
    case TokenKind::Star:
        return "Star";
    case TokenKind::StarStar:
        return "StarStar";
    case TokenKind::Slash:
        return "Slash";
    case TokenKind::SlashSlash:
        return "SlashSlash";
    case TokenKind::Percent:
        return "Percent";
    case TokenKind::Less:
        return "Less";
    case TokenKind::LessEqual:
        return "LessEqual";
    case TokenKind::Greater:
        return "Greater";
    case TokenKind::GreaterEqual:
        return "GreaterEqual";
    case TokenKind::EqualEqual:
        return "EqualEqual";
    case TokenKind::NotEqual:
        return "NotEqual";
    case TokenKind::Assign:
        return "Assign";
    case TokenKind::LeftParen:
        return "LeftParen";
    case TokenKind::RightParen:
        return "RightParen";
    case TokenKind::Comma:
        return "Comma";
    case TokenKind::Error:
        return "Error";
    case TokenKind::End:
        return "End";
    }
    return "?";
}

// "Parameter 0-4[2-3]": kind, range, and the inner range where it differs.
QString printTokens(const std::string& text)
{
    QStringList out;
    for (const Token& t : tokenize(text)) {
        QString s = QStringLiteral("%1 %2-%3").arg(QLatin1String(kindName(t.kind))).arg(t.range.begin).arg(t.range.end);
        if (!(t.inner == t.range))
            s += QStringLiteral("[%1-%2]").arg(t.inner.begin).arg(t.inner.end);
        out << s;
    }
    return out.join(QStringLiteral(", "));
}

// The tree as an s-expression: (+ 1 (* 2 3)), {key name=value ...}, (error ...).
QString printNode(const SyntaxTree& tree, SyntaxIndex index)
{
    const SyntaxNode& n = tree.node(index);
    QStringList parts;
    for (SyntaxIndex c : n.children)
        parts << printNode(tree, c);
    const QString children = parts.join(u' ');
    switch (n.kind) {
    case SyntaxKind::Number:
        return QString::fromStdString(n.value.toString());
    case SyntaxKind::Parameter:
        return u'$' + QString::fromStdString(n.name);
    case SyntaxKind::Negate:
        return QStringLiteral("(neg %1)").arg(children);
    case SyntaxKind::Plus:
        return QStringLiteral("(pos %1)").arg(children);
    case SyntaxKind::Binary:
        return QStringLiteral("(%1 %2)").arg(QString::fromStdString(std::string(binaryOperatorText(n.op))), children);
    case SyntaxKind::Group:
        return QStringLiteral("(group %1)").arg(children);
    case SyntaxKind::FunctionCall:
        return QStringLiteral("(%1 %2)").arg(QString::fromStdString(n.name), children);
    case SyntaxKind::ModuleCall:
        return QStringLiteral("{%1%2}").arg(
            QString::fromStdString(n.name), children.isEmpty() ? QString() : u' ' + children);
    case SyntaxKind::Argument:
        return n.name.empty() ? children : QString::fromStdString(n.name) + u'=' + children;
    case SyntaxKind::Error:
        return children.isEmpty() ? QStringLiteral("(error)") : QStringLiteral("(error %1)").arg(children);
    }
    return QStringLiteral("?");
}

QString printErrors(const std::vector<FormulaError>& errors)
{
    QStringList out;
    for (const auto& e : errors)
        out << QStringLiteral("%1-%2 %3").arg(e.range.begin).arg(e.range.end).arg(QString::fromStdString(e.message));
    return out.join(u'\n');
}

} // namespace

class TestSyntax : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokens_data();
    void tokens();
    void tokenizerIsTotal();
    void tree_data();
    void tree();
    void everyError_data();
    void everyError();
    void errorLimit();
    void toolQueries();
    void longChainsCompileWithoutRecursion();
    void contextAndFunctionsDefinedOnce();
};

void TestSyntax::tokens_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("tokens");
    // Positions counted by hand, in UTF-8 bytes.
    QTest::addRow("empty") << QByteArray() << "End 0-0";
    QTest::addRow("mixed") << QByteArray("${h} * 2 ^ {torch.nn.Linear}(x=1) 2h")
                           << "Parameter 0-4[2-3], Star 5-6, Number 7-8, Error 9-10, ModuleKey 11-28[12-27], "
                              "LeftParen 28-29, Identifier 29-30, Assign 30-31, Number 31-32, RightParen 32-33, "
                              "Error 34-36, End 36-36";
    QTest::addRow("logical and") << QByteArray("a&&b") << "Identifier 0-1, Error 1-3, Identifier 3-4, End 4-4";
    QTest::addRow("numbers and comparison")
        << QByteArray("1_000 >= .5e3") << "Number 0-5, GreaterEqual 6-8, Number 9-13, End 13-13";
    QTest::addRow("spaces inside a parameter") << QByteArray("${ h }") << "Parameter 0-6[3-4], End 6-6";
    QTest::addRow("unclosed parameter") << QByteArray("${h + 1") << "Error 0-3, Plus 4-5, Number 6-7, End 7-7";
    QTest::addRow("unclosed module key") << QByteArray("{a b}") << "Error 0-5[0-2], End 5-5";
    QTest::addRow("two-byte character") << QByteArray("2 \xc3\x97 3") << "Number 0-1, Error 2-4, Number 5-6, End 6-6";
    QTest::addRow("invalid byte") << QByteArray("\xff") << "Error 0-1, End 1-1";
    QTest::addRow("operators") << QByteArray("a**b//c%d!=e<=f==g")
                               << "Identifier 0-1, StarStar 1-3, Identifier 3-4, SlashSlash 4-6, "
                                  "Identifier 6-7, Percent 7-8, Identifier 8-9, NotEqual 9-11, "
                                  "Identifier 11-12, LessEqual 12-14, Identifier 14-15, "
                                  "EqualEqual 15-17, Identifier 17-18, End 18-18";
}

void TestSyntax::tokens()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, tokens);
    QCOMPARE(printTokens(text.toStdString()), tokens);
}

void TestSyntax::tokenizerIsTotal()
{
    // Random bytes: tokens are in order, inside the text, never overlapping, and the parser reports rather than
    // crashes. Every byte that is not whitespace belongs to a token.
    QRandomGenerator random(20261206);
    const std::string alphabet = "${}()+-*/%<>=!,._ \n\t0123456789abcdeXYZ^&|#\"'\xc3\x97\xff";
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int length = random.bounded(0, 60);
        for (int i = 0; i < length; ++i)
            text += alphabet[random.bounded(static_cast<int>(alphabet.size()))];
        const auto tokens = tokenize(text);
        QVERIFY(!tokens.empty());
        QCOMPARE(tokens.back().kind, TokenKind::End);
        std::uint32_t covered = 0;
        std::uint32_t previousEnd = 0;
        for (const Token& t : tokens) {
            QVERIFY2(t.range.begin >= previousEnd, text.c_str());
            QVERIFY2(t.range.end <= text.size(), text.c_str());
            for (std::uint32_t i = previousEnd; i < t.range.begin; ++i)
                QVERIFY2(std::string(" \n\t\r").find(text[i]) != std::string::npos, text.c_str());
            previousEnd = t.range.end;
            covered = t.range.end;
            if (t.kind == TokenKind::Error)
                QVERIFY(!lexProblemMessage(text, t).empty());
        }
        for (std::uint32_t i = covered; i < text.size(); ++i)
            QVERIFY2(std::string(" \n\t\r").find(text[i]) != std::string::npos, text.c_str());
        const SyntaxTree tree = parse(text);
        QVERIFY(tree.ok() || !tree.errors.empty());
        for (const auto& e : tree.errors) {
            QVERIFY(e.range.begin < e.range.end);
            QVERIFY(e.range.begin <= text.size());
        }
    }
}

void TestSyntax::tree_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("tree");
    QTest::addRow("product before sum") << "1 + 2 * 3"
                                        << "(+ 1 (* 2 3))";
    QTest::addRow("left associative") << "1 - 2 - 3"
                                      << "(- (- 1 2) 3)";
    QTest::addRow("power right associative") << "2 ** 3 ** 2"
                                             << "(** 2 (** 3 2))";
    QTest::addRow("minus looser than power") << "-2 ** 2"
                                             << "(neg (** 2 2))";
    QTest::addRow("signed exponent") << "2 ** -1"
                                     << "(** 2 (neg 1))";
    QTest::addRow("comparison loosest") << "1 + 1 == 2"
                                        << "(== (+ 1 1) 2)";
    QTest::addRow("group") << "(1 + 2) * 3"
                           << "(* (group (+ 1 2)) 3)";
    QTest::addRow("if") << "if(${a} > 0, ${a}, -${a})"
                        << "(if (> $a 0) $a (neg $a))";
    QTest::addRow("module call") << "{L}(N=${T}, 4)"
                                 << "{L N=$T 4}";
    QTest::addRow("empty call") << "{torch.nn.ReLU}()"
                                << "{torch.nn.ReLU}";
    QTest::addRow("caret kept as an error node") << "2 ^ 3"
                                                 << "(error 2 3)";
    QTest::addRow("missing operator") << "2 3"
                                      << "(error 2 3)";
}

void TestSyntax::tree()
{
    QFETCH(QString, text);
    QFETCH(QString, tree);
    const SyntaxTree parsed = parse(text.toStdString());
    QVERIFY(parsed.root != kNoSyntax);
    QCOMPARE(printNode(parsed, parsed.root), tree);
    QCOMPARE(parsed.nodes[parsed.root].range.begin, 0u);
    QCOMPARE(parsed.nodes[parsed.root].range.end, static_cast<std::uint32_t>(text.toUtf8().size()));
}

void TestSyntax::everyError_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("errors");
    // Ranges counted by hand; the parser goes on after each error (at ',' and ')').
    QTest::addRow("three syntax errors") << "max(1, , 2) + (3 + ) * 4 4"
                                         << "7-8 expected a value, found ','\n"
                                            "19-20 expected a value, found ')'\n"
                                            "25-26 unexpected a number '4' after a complete expression; is an "
                                            "operator missing?";
    QTest::addRow("argument list recovers at ','") << "{L}(1 2, 3"
                                                   << "6-7 expected ',' or ')', found a number '2' (to close the '(' "
                                                      "at column 4)\n"
                                                      "10-11 expected ',' or ')', found the end of the formula (to "
                                                      "close the '(' at column 4)";
    QTest::addRow("group recovers at ')'") << "(1 2, 3) + 4"
                                           << "3-4 expected ')', found a number '2' (to close the '(' at column 1)";
    QTest::addRow("operator without operand") << "${a} * * 2"
                                              << "7-8 expected a value, found '*'";
    QTest::addRow("lexical and syntax errors together") << "2 ^ (1 +) # 3"
                                                        << "2-3 unexpected '^'; did you mean '**' (power)?\n"
                                                           "8-9 expected a value, found ')'\n"
                                                           "10-11 unexpected character '#'";
    QTest::addRow("unmatched parentheses") << "1) + 2)"
                                           << "1-2 unmatched ')'\n6-7 unmatched ')'";
}

void TestSyntax::everyError()
{
    QFETCH(QString, text);
    QFETCH(QString, errors);
    const SyntaxTree tree = parse(text.toStdString());
    QCOMPARE(printErrors(tree.errors), errors);
    QVERIFY(!tree.ok());
}

void TestSyntax::errorLimit()
{
    // 200 stray characters: the first 100 are reported, then one line says the rest was not checked.
    const SyntaxTree tree = parse(std::string(200, '#'));
    QCOMPARE(tree.errors.size(), std::size_t(101));
    QCOMPARE(tree.errors.back().kind, ErrorKind::SizeLimit);
    QVERIFY(QString::fromStdString(tree.errors.back().message).contains(QStringLiteral("more than 100 errors")));
}

void TestSyntax::toolQueries()
{
    const std::string text = "{a.b}(x=${n}) + ${m} * {a__b}(${n}) + {c}()";
    const SyntaxTree tree = parse(text);
    QVERIFY(tree.ok());
    const auto parameters = tree.parameters();
    QCOMPARE(parameters.size(), std::size_t(2));
    QCOMPARE(parameters[0].first, std::string("n"));
    QCOMPARE(parameters[0].second, (SourceRange { 8, 12 }));
    QCOMPARE(parameters[1].first, std::string("m"));
    const auto calls = tree.moduleCalls();
    QCOMPARE(calls.size(), std::size_t(2)); // {a.b} and {a__b} are one module
    QCOMPARE(calls[0].first, std::string("a.b"));
    QCOMPARE(calls[0].second, (SourceRange { 0, 5 }));
    QCOMPARE(calls[1].first, std::string("c"));
    QVERIFY(tree.callsModule("a__b"));
    QVERIFY(tree.callsModule("a.b"));
    QVERIFY(!tree.callsModule("d"));
    QVERIFY(tree.usesParameter("n"));
    QVERIFY(!tree.usesParameter("x")); // a named argument, not a parameter
}

void TestSyntax::longChainsCompileWithoutRecursion()
{
    // A sum of 9,000 ones is a left-nested tree 9,000 deep: compiled without recursion, 17,999 instructions.
    const Library lib = Library::build({});
    std::string text = "1";
    for (int i = 1; i < 9000; ++i)
        text += "+1";
    const auto compiled = lib.compile(text);
    QVERIFY2(compiled.ok(), compiled.errors.empty() ? "" : compiled.errors.front().describe().c_str());
    Evaluator evaluator(lib);
    QCOMPARE(QString::fromStdString(evaluator.evaluate(*compiled.program).value().toString()), QStringLiteral("9000"));
    // 15,000 terms compile to more than the 20,000-instruction limit: an error, not a crash.
    for (int i = 9000; i < 15000; ++i)
        text += "+1";
    const auto tooLarge = lib.compile(text);
    QVERIFY(!tooLarge.ok());
    QCOMPARE(tooLarge.errors.front().kind, ErrorKind::SizeLimit);
}

void TestSyntax::contextAndFunctionsDefinedOnce()
{
    QStringList names;
    for (const auto& v : contextVariables()) {
        names << QString::fromUtf8(v.name.data(), static_cast<qsizetype>(v.name.size()));
        QVERIFY(!v.description.empty());
    }
    QCOMPARE(names,
        QStringList({ "B", "S", "P", "S_kv", "T", "N", "w_bytes", "a_bytes", "kv_bytes", "dtype_bytes", "attn_eager",
            "causal_half", "logits_tokens", "pos_batch", "images", "image_height", "image_width" }));
    QStringList functionNames;
    for (const auto& f : functions())
        functionNames << QString::fromUtf8(f.name.data(), static_cast<qsizetype>(f.name.size()));
    QCOMPARE(functionNames, QStringList({ "if", "min", "max", "ceil", "floor", "ceil_div", "log2", "sqrt" }));
    // Every listed function compiles with its smallest arity; a name not in the list does not.
    const Library lib = Library::build({});
    for (const auto& f : functions()) {
        std::string call = std::string(f.name) + "(";
        for (int i = 0; i < f.minArguments; ++i)
            call += i ? ", 4" : "4";
        call += ")";
        QVERIFY2(lib.compile(call).ok(), call.c_str());
    }
    QCOMPARE(lib.compile("pow(2, 3)").errors.front().kind, ErrorKind::UnknownFunction);
}

QTEST_GUILESS_MAIN(TestSyntax)
#include "tst_syntax.moc"
