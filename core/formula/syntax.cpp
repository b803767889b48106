// SPDX-License-Identifier: GPL-3.0-or-later
#include "syntax.h"

#include "library.h"

#include <algorithm>
#include <array>

namespace lmp::formula {

std::string_view binaryOperatorText(BinaryOperator op)
{
    static constexpr std::array<std::string_view, 13> kText = { "+", "-", "*", "/", "//", "%", "**", "<", "<=", ">",
        ">=", "==", "!=" };
    return kText[static_cast<std::size_t>(op)];
}

namespace {

// Binding powers, loosest first. '**' is right-associative and binds tighter than unary minus, whose operand
// may itself carry a sign: -2 ** 2 is -(2 ** 2), 2 ** -1 is 2 ** (-1).
enum Precedence : int {
    PrecNone = 0,
    PrecCompare = 1,
    PrecAdd = 2,
    PrecMultiply = 3,
    PrecUnary = 4,
    PrecPower = 5,
};

struct BinaryInfo
{
    BinaryOperator op;
    int precedence;
};

constexpr std::optional<BinaryInfo> binaryInfo(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Less:
        return BinaryInfo { BinaryOperator::Less, PrecCompare };
    case TokenKind::LessEqual:
        return BinaryInfo { BinaryOperator::LessEqual, PrecCompare };
    case TokenKind::Greater:
        return BinaryInfo { BinaryOperator::Greater, PrecCompare };
    case TokenKind::GreaterEqual:
        return BinaryInfo { BinaryOperator::GreaterEqual, PrecCompare };
    case TokenKind::EqualEqual:
        return BinaryInfo { BinaryOperator::Equal, PrecCompare };
    case TokenKind::NotEqual:
        return BinaryInfo { BinaryOperator::NotEqual, PrecCompare };
    case TokenKind::Plus:
        return BinaryInfo { BinaryOperator::Add, PrecAdd };
    case TokenKind::Minus:
        return BinaryInfo { BinaryOperator::Subtract, PrecAdd };
    case TokenKind::Star:
        return BinaryInfo { BinaryOperator::Multiply, PrecMultiply };
    case TokenKind::Slash:
        return BinaryInfo { BinaryOperator::Divide, PrecMultiply };
    case TokenKind::SlashSlash:
        return BinaryInfo { BinaryOperator::FloorDivide, PrecMultiply };
    case TokenKind::Percent:
        return BinaryInfo { BinaryOperator::Modulo, PrecMultiply };
    case TokenKind::StarStar:
        return BinaryInfo { BinaryOperator::Power, PrecPower };
    default:
        return std::nullopt;
    }
}

bool startsValue(TokenKind kind)
{
    switch (kind) {
    case TokenKind::Number:
    case TokenKind::Parameter:
    case TokenKind::ModuleKey:
    case TokenKind::Identifier:
    case TokenKind::Minus:
    case TokenKind::Plus:
    case TokenKind::LeftParen:
    case TokenKind::Error:
        return true;
    default:
        return false;
    }
}

struct Abort
{ };

class Parser
{
public:
    Parser(SyntaxTree& tree, const Limits& limits)
        : m_tree(tree)
        , m_text(tree.text)
        , m_tokens(tree.tokens)
        , m_limits(limits)
    { }

    void run()
    {
        try {
            // Lexical errors first: the parser then steps over error tokens without reporting them again.
            for (const Token& t : m_tokens) {
                if (t.kind == TokenKind::Error)
                    error(ErrorKind::Syntax, t.inner, lexProblemMessage(m_text, t));
            }
            if (current().kind == TokenKind::End) {
                error(ErrorKind::Syntax, { 0, 0 }, "the formula is empty");
                return;
            }
            SyntaxIndex root = expression(PrecNone);
            // Whatever follows a complete expression is an error; parse it anyway, to report what is inside.
            while (current().kind != TokenKind::End) {
                const Token& t = current();
                if (t.kind == TokenKind::RightParen) {
                    error(ErrorKind::Syntax, t.range, "unmatched ')'");
                    advance();
                    root = infix(root, PrecNone, false); // "1) + 2": the '+ 2' still belongs to the expression
                    continue;
                }
                if (t.kind == TokenKind::Comma) {
                    error(ErrorKind::Syntax, t.range, "unexpected ',' outside an argument list");
                    advance();
                    continue;
                }
                if (t.kind != TokenKind::Error) {
                    std::string message = "unexpected " + describeToken(m_text, t) + " after a complete expression";
                    if (startsValue(t.kind))
                        message += "; is an operator missing?";
                    error(ErrorKind::Syntax, t.range, message);
                }
                if (!startsValue(t.kind)) {
                    advance();
                    continue;
                }
                const SyntaxIndex rest = expression(PrecNone);
                root = add(SyntaxKind::Error, { m_tree.nodes[root].range.begin, m_tree.nodes[rest].range.end },
                    { root, rest });
            }
            m_tree.root = root;
        } catch (const Abort&) {
            m_tree.root = kNoSyntax;
        }
    }

private:
    const Token& current() const { return m_tokens[m_pos]; }
    const Token& peek(std::size_t ahead = 1) const { return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)]; }
    const Token& advance()
    {
        const Token& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }

    void error(ErrorKind kind, SourceRange range, std::string message)
    {
        if (range.end <= range.begin)
            range.end = range.begin + 1;
        // One error per place: recovery may meet the same token again (a ',' that ends nothing).
        if (m_lastErrorAt == range.begin)
            return;
        m_lastErrorAt = range.begin;
        m_tree.errors.push_back(makeError(kind, range, std::move(message), m_tree.where, m_tree.text));
        if (m_tree.errors.size() >= m_limits.maxErrors) {
            // At the range of the error that reached the limit: it sorts right after it.
            m_tree.errors.push_back(makeError(ErrorKind::SizeLimit, range,
                "more than " + std::to_string(m_limits.maxErrors) + " errors; the rest is not checked", m_tree.where,
                m_tree.text));
            throw Abort {};
        }
    }

    [[noreturn]] void fatal(ErrorKind kind, SourceRange range, std::string message)
    {
        error(kind, range, std::move(message));
        throw Abort {};
    }

    SyntaxIndex add(SyntaxKind kind, SourceRange range, std::vector<SyntaxIndex> children = {})
    {
        SyntaxNode node;
        node.kind = kind;
        node.range = range;
        node.children = std::move(children);
        m_tree.nodes.push_back(std::move(node));
        return static_cast<SyntaxIndex>(m_tree.nodes.size() - 1);
    }

    SyntaxNode& at(SyntaxIndex index) { return m_tree.nodes[index]; }

    // Skips to the next ')' (or ',' when stopAtComma) outside any parentheses it skips, or to the end; does not
    // consume it.
    void synchronize(bool stopAtComma = true)
    {
        int depth = 0;
        while (current().kind != TokenKind::End) {
            const TokenKind k = current().kind;
            if (depth == 0 && ((stopAtComma && k == TokenKind::Comma) || k == TokenKind::RightParen))
                return;
            if (k == TokenKind::LeftParen)
                ++depth;
            else if (k == TokenKind::RightParen)
                --depth;
            advance();
        }
    }

    struct NestGuard
    {
        NestGuard(Parser& p)
            : parser(p)
        {
            if (++parser.m_nesting > parser.m_limits.maxNesting)
                parser.fatal(ErrorKind::DepthLimit, parser.current().range,
                    "the formula nests deeper than " + std::to_string(parser.m_limits.maxNesting) + " levels");
        }
        ~NestGuard() { --parser.m_nesting; }
        Parser& parser;
    };

    // An expression whose operators all bind tighter than minPrecedence.
    SyntaxIndex expression(int minPrecedence)
    {
        NestGuard guard(*this);
        return infix(prefix(), minPrecedence, false);
    }

    // The operators after an operand, while they bind tighter than minPrecedence.
    SyntaxIndex infix(SyntaxIndex left, int minPrecedence, bool leftIsComparison)
    {
        while (true) {
            const Token& t = current();
            if (t.kind == TokenKind::Error) {
                // Text that is not an operator where one belongs ('^', '&&', '#'): reported already; read the
                // operand after it so that its errors are found too.
                if (PrecMultiply <= minPrecedence)
                    break;
                advance();
                if (!startsValue(current().kind)) {
                    left = add(SyntaxKind::Error, { at(left).range.begin, t.range.end }, { left });
                    continue;
                }
                const SyntaxIndex right = expression(PrecMultiply);
                left = add(SyntaxKind::Error, { at(left).range.begin, at(right).range.end }, { left, right });
                leftIsComparison = false;
                continue;
            }
            std::optional<BinaryInfo> info = binaryInfo(t.kind);
            bool valid = true;
            if (!info && t.kind == TokenKind::Assign) {
                if (PrecCompare <= minPrecedence)
                    break;
                error(ErrorKind::Syntax, t.range,
                    "unexpected '='; did you mean '==' (comparison)? Named arguments are written "
                    "{module}(name=value)");
                info = BinaryInfo { BinaryOperator::Equal, PrecCompare };
                valid = false;
            }
            if (!info || info->precedence <= minPrecedence)
                break;
            if (info->precedence == PrecCompare && leftIsComparison && valid) {
                error(ErrorKind::Syntax, t.range, "comparisons cannot be chained; use if() to combine them");
                valid = false;
            }
            advance();
            const SyntaxIndex right = expression(info->precedence == PrecPower ? PrecUnary : info->precedence);
            const SourceRange whole { at(left).range.begin, at(right).range.end };
            if (valid) {
                left = add(SyntaxKind::Binary, whole, { left, right });
                at(left).op = info->op;
            } else {
                left = add(SyntaxKind::Error, whole, { left, right });
            }
            leftIsComparison = info->precedence == PrecCompare;
        }
        return left;
    }

    SyntaxIndex prefix()
    {
        const Token& t = current();
        switch (t.kind) {
        case TokenKind::Number: {
            advance();
            const std::string_view literal = t.text(m_text);
            const auto value = Number::parse(literal);
            if (!value) {
                const bool integer = literal.find_first_of(".eE") == std::string_view::npos;
                error(integer ? ErrorKind::Overflow : ErrorKind::Syntax, t.range,
                    integer ? "the integer " + std::string(literal) + " is outside the exact range (about ±1.7e38)"
                            : "invalid number '" + std::string(literal) + "'");
                return add(SyntaxKind::Error, t.range);
            }
            const SyntaxIndex n = add(SyntaxKind::Number, t.range);
            at(n).value = *value;
            return n;
        }
        case TokenKind::Parameter: {
            advance();
            const SyntaxIndex n = add(SyntaxKind::Parameter, t.range);
            at(n).name = std::string(t.innerText(m_text));
            at(n).nameRange = t.inner;
            return n;
        }
        case TokenKind::ModuleKey:
            return moduleCall();
        case TokenKind::Identifier:
            return functionCall();
        case TokenKind::Minus:
        case TokenKind::Plus: {
            advance();
            const SyntaxIndex operand = expression(PrecUnary);
            return add(t.kind == TokenKind::Minus ? SyntaxKind::Negate : SyntaxKind::Plus,
                { t.range.begin, at(operand).range.end }, { operand });
        }
        case TokenKind::LeftParen: {
            advance();
            if (current().kind == TokenKind::RightParen) {
                const Token& close = advance();
                error(ErrorKind::Syntax, { t.range.begin, close.range.end }, "empty parentheses");
                return add(SyntaxKind::Error, { t.range.begin, close.range.end });
            }
            const SyntaxIndex inner = expression(PrecNone);
            if (current().kind == TokenKind::RightParen) {
                const Token& close = advance();
                return add(SyntaxKind::Group, { t.range.begin, close.range.end }, { inner });
            }
            error(ErrorKind::Syntax, current().range,
                "expected ')', found " + describeToken(m_text, current()) + " (to close the '(' at column "
                    + std::to_string(lineAndColumn(m_text, t.range.begin).second) + ")");
            synchronize(false);
            std::uint32_t end = current().range.begin;
            if (current().kind == TokenKind::RightParen)
                end = advance().range.end;
            return add(SyntaxKind::Error, { t.range.begin, std::max(end, at(inner).range.end) }, { inner });
        }
        case TokenKind::Error: {
            advance(); // reported with the lexical errors
            return add(SyntaxKind::Error, t.range);
        }
        case TokenKind::End:
            error(ErrorKind::Syntax, t.range, "the formula ends where a value was expected");
            return add(SyntaxKind::Error, t.range);
        case TokenKind::RightParen:
        case TokenKind::Comma:
            // Left for the enclosing list or group to consume.
            error(ErrorKind::Syntax, t.range, "expected a value, found " + describeToken(m_text, t));
            return add(SyntaxKind::Error, { t.range.begin, t.range.begin });
        default: {
            // An operator where a value belongs ("2 + * 3"): report it and read on.
            error(ErrorKind::Syntax, t.range, "expected a value, found " + describeToken(m_text, t));
            advance();
            if (!startsValue(current().kind))
                return add(SyntaxKind::Error, t.range);
            const SyntaxIndex operand = expression(PrecUnary);
            return add(SyntaxKind::Error, { t.range.begin, at(operand).range.end }, { operand });
        }
        }
    }

    SyntaxIndex moduleCall()
    {
        const Token& key = advance();
        if (current().kind != TokenKind::LeftParen) {
            error(ErrorKind::Syntax, { key.range.begin, current().range.end },
                "expected '(' after '{" + std::string(key.innerText(m_text))
                    + "}': a module call needs an argument list, even an empty one");
            return add(SyntaxKind::Error, key.range);
        }
        const Token& open = advance();
        std::vector<SyntaxIndex> arguments;
        bool sawNamed = false;
        bool reportedCount = false;
        if (current().kind != TokenKind::RightParen) {
            while (true) {
                const Token& start = current();
                const bool named = start.kind == TokenKind::Identifier && peek().kind == TokenKind::Assign;
                SourceRange nameRange = start.range;
                std::string name;
                if (named) {
                    sawNamed = true;
                    name = std::string(start.text(m_text));
                    advance();
                    advance();
                } else if (sawNamed) {
                    error(ErrorKind::Syntax, start.range, "a positional argument cannot follow a named one");
                }
                const SyntaxIndex value = expression(PrecNone);
                const SyntaxIndex argument = add(SyntaxKind::Argument,
                    { named ? nameRange.begin : at(value).range.begin, at(value).range.end }, { value });
                at(argument).name = std::move(name);
                at(argument).nameRange = named ? nameRange : start.range;
                arguments.push_back(argument);
                if (arguments.size() > m_limits.maxArguments && !reportedCount) {
                    error(ErrorKind::SizeLimit, at(value).range,
                        "more than " + std::to_string(m_limits.maxArguments) + " arguments");
                    reportedCount = true;
                }
                if (current().kind == TokenKind::Comma) {
                    advance();
                    continue;
                }
                if (current().kind == TokenKind::RightParen || !recoverInList(open))
                    break;
            }
        }
        return finishCall(SyntaxKind::ModuleCall, key, open, std::move(arguments));
    }

    // After an argument, neither ',' nor ')': reports it, skips to one; true when the list goes on.
    bool recoverInList(const Token& open)
    {
        error(ErrorKind::Syntax, current().range,
            "expected ',' or ')', found " + describeToken(m_text, current()) + " (to close the '(' at column "
                + std::to_string(lineAndColumn(m_text, open.range.begin).second) + ")");
        synchronize();
        if (current().kind == TokenKind::Comma) {
            advance();
            return true;
        }
        return false;
    }

    SyntaxIndex finishCall(SyntaxKind kind, const Token& name, const Token& open, std::vector<SyntaxIndex> arguments)
    {
        std::uint32_t end = current().range.begin;
        if (current().kind == TokenKind::RightParen)
            end = advance().range.end;
        else
            end = std::max(open.range.end, arguments.empty() ? open.range.end : at(arguments.back()).range.end);
        const SyntaxIndex call = add(kind, { name.range.begin, end }, std::move(arguments));
        at(call).name = std::string(kind == SyntaxKind::ModuleCall ? name.innerText(m_text) : name.text(m_text));
        at(call).nameRange = name.range;
        return call;
    }

    SyntaxIndex functionCall()
    {
        const Token& name = advance();
        const std::string_view text = name.text(m_text);
        if (current().kind != TokenKind::LeftParen) {
            if (text == "and" || text == "or" || text == "not")
                error(ErrorKind::Syntax, name.range,
                    "'" + std::string(text) + "' is not an operator here; use if(), min() or max()");
            else
                error(ErrorKind::Syntax, name.range,
                    "unknown name '" + std::string(text) + "'; parameters are written ${" + std::string(text) + "}");
            return add(SyntaxKind::Error, name.range);
        }
        const Token& open = advance();
        std::vector<SyntaxIndex> arguments;
        if (current().kind != TokenKind::RightParen) {
            while (true) {
                arguments.push_back(expression(PrecNone));
                if (arguments.size() == m_limits.maxArguments + 1)
                    error(ErrorKind::SizeLimit, at(arguments.back()).range,
                        "more than " + std::to_string(m_limits.maxArguments) + " arguments");
                if (current().kind == TokenKind::Comma) {
                    advance();
                    continue;
                }
                if (current().kind == TokenKind::RightParen || !recoverInList(open))
                    break;
            }
        }
        return finishCall(SyntaxKind::FunctionCall, name, open, std::move(arguments));
    }

    SyntaxTree& m_tree;
    std::string_view m_text;
    const std::vector<Token>& m_tokens;
    const Limits& m_limits;
    std::size_t m_pos = 0;
    std::uint32_t m_nesting = 0;
    std::uint32_t m_lastErrorAt = std::numeric_limits<std::uint32_t>::max();
};

} // namespace

SyntaxTree parse(std::string_view text, std::string_view where, const Limits& limits)
{
    SyntaxTree tree;
    tree.text = std::string(text);
    tree.where = std::string(where);
    if (text.size() > limits.maxTemplateBytes) {
        FormulaError e;
        e.kind = ErrorKind::SizeLimit;
        e.range = { 0, 1 };
        e.message = "the template is " + std::to_string(text.size()) + " bytes long; the limit is "
            + std::to_string(limits.maxTemplateBytes);
        e.where = tree.where;
        tree.errors.push_back(std::move(e));
        tree.tokens.push_back(Token { TokenKind::End, LexProblem::None, { 0, 0 }, { 0, 0 } });
        return tree;
    }
    tree.tokens = tokenize(text);
    tree.nodes.reserve(tree.tokens.size()); // about a node per token
    Parser(tree, limits).run();
    std::stable_sort(tree.errors.begin(), tree.errors.end(),
        [](const FormulaError& a, const FormulaError& b) { return a.range.begin < b.range.begin; });
    return tree;
}

std::vector<std::pair<std::string, SourceRange>> SyntaxTree::parameters() const
{
    std::vector<std::pair<std::string, SourceRange>> out;
    for (const SyntaxNode& n : nodes) {
        if (n.kind != SyntaxKind::Parameter)
            continue;
        if (std::none_of(out.begin(), out.end(), [&](const auto& p) { return p.first == n.name; }))
            out.emplace_back(n.name, n.range);
    }
    return out;
}

std::vector<std::pair<std::string, SourceRange>> SyntaxTree::moduleCalls() const
{
    // Calls are created after their arguments: order them by position in the text.
    std::vector<const SyntaxNode*> calls;
    for (const SyntaxNode& n : nodes) {
        if (n.kind == SyntaxKind::ModuleCall)
            calls.push_back(&n);
    }
    std::stable_sort(calls.begin(), calls.end(),
        [](const SyntaxNode* a, const SyntaxNode* b) { return a->range.begin < b->range.begin; });
    std::vector<std::pair<std::string, SourceRange>> out;
    std::vector<std::string> seen; // normalized: {torch.nn.Linear} and {torch__nn__Linear} are one module
    for (const SyntaxNode* n : calls) {
        std::string key = normalizeModuleKey(n->name);
        if (std::find(seen.begin(), seen.end(), key) != seen.end())
            continue;
        seen.push_back(std::move(key));
        out.emplace_back(n->name, n->nameRange);
    }
    return out;
}

bool SyntaxTree::usesParameter(std::string_view name) const
{
    return std::any_of(nodes.begin(), nodes.end(),
        [&](const SyntaxNode& n) { return n.kind == SyntaxKind::Parameter && n.name == name; });
}

bool SyntaxTree::callsModule(std::string_view key) const
{
    const std::string wanted = normalizeModuleKey(key);
    return std::any_of(nodes.begin(), nodes.end(),
        [&](const SyntaxNode& n) { return n.kind == SyntaxKind::ModuleCall && normalizeModuleKey(n.name) == wanted; });
}

} // namespace lmp::formula
