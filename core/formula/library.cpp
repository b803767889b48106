// SPDX-License-Identifier: GPL-3.0-or-later
#include "library.h"

#include "program.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace lmp::formula {

std::string normalizeModuleKey(std::string_view key)
{
    std::string out;
    out.reserve(key.size() + 8);
    for (char c : key) {
        if (c == '.')
            out += "__";
        else
            out += c;
    }
    return out;
}

std::string modulePathFromKey(std::string_view key)
{
    std::string out;
    out.reserve(key.size());
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (key[i] == '_' && i + 1 < key.size() && key[i + 1] == '_') {
            out += '.';
            ++i;
        } else {
            out += key[i];
        }
    }
    return out;
}

namespace {

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

bool isValidModuleKey(std::string_view key)
{
    if (key.empty() || key.size() > 512 || !isIdentStart(key.front()))
        return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        if (c == '.') {
            if (i + 1 >= key.size() || !isIdentStart(key[i + 1]))
                return false;
        } else if (!isIdentChar(c)) {
            return false;
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Lexer

namespace {

enum class Tok : std::uint8_t {
    Number,
    Param, // ${name}
    Module, // {key}
    Ident,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    SlashSlash,
    Percent,
    Lt,
    Le,
    Gt,
    Ge,
    EqEq,
    Ne,
    Assign,
    LParen,
    RParen,
    Comma,
    End,
};

struct Token
{
    Tok type;
    SourceRange range;
    std::string_view text; // the name for Param/Module/Ident, the literal for Number
};

std::string quoteChar(std::string_view text, std::size_t at)
{
    // One whole UTF-8 code point, or an escaped byte.
    const auto c = static_cast<unsigned char>(text[at]);
    std::size_t len = 1;
    if (c >= 0xF0)
        len = 4;
    else if (c >= 0xE0)
        len = 3;
    else if (c >= 0xC0)
        len = 2;
    if (c < 0x20 || c == 0x7F) {
        static const char* hex = "0123456789abcdef";
        return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
    }
    return "'" + std::string(text.substr(at, std::min(len, text.size() - at))) + "'";
}

class Lexer
{
public:
    Lexer(std::string_view text, std::vector<FormulaError>& errors, const std::string& where)
        : m_text(text)
        , m_errors(errors)
        , m_where(where)
    { }

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size()) {
                tokens.push_back({ Tok::End, range(m_pos, m_pos), {} });
                return tokens;
            }
            if (auto token = next())
                tokens.push_back(*token);
        }
    }

private:
    SourceRange range(std::size_t begin, std::size_t end) const
    {
        return { static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end) };
    }

    void error(std::size_t begin, std::size_t end, std::string message)
    {
        FormulaError e;
        e.kind = ErrorKind::Syntax;
        e.range = range(begin, std::max(end, begin + 1));
        e.message = std::move(message);
        e.where = m_where;
        e.text = std::string(m_text);
        m_errors.push_back(std::move(e));
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
                ++m_pos;
            else
                break;
        }
    }

    std::optional<Token> simple(Tok type, std::size_t length)
    {
        const std::size_t begin = m_pos;
        m_pos += length;
        return Token { type, range(begin, m_pos), m_text.substr(begin, length) };
    }

    char peek(std::size_t ahead) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }

    std::optional<Token> next()
    {
        const std::size_t begin = m_pos;
        const char c = m_text[m_pos];
        if (isDigit(c) || (c == '.' && isDigit(peek(1))))
            return number();
        if (isIdentStart(c)) {
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
                ++m_pos;
            return Token { Tok::Ident, range(begin, m_pos), m_text.substr(begin, m_pos - begin) };
        }
        switch (c) {
        case '$':
            return parameter();
        case '{':
            return moduleKey();
        case '+':
            return simple(Tok::Plus, 1);
        case '-':
            return simple(Tok::Minus, 1);
        case '*':
            return peek(1) == '*' ? simple(Tok::StarStar, 2) : simple(Tok::Star, 1);
        case '/':
            return peek(1) == '/' ? simple(Tok::SlashSlash, 2) : simple(Tok::Slash, 1);
        case '%':
            return simple(Tok::Percent, 1);
        case '<':
            return peek(1) == '=' ? simple(Tok::Le, 2) : simple(Tok::Lt, 1);
        case '>':
            return peek(1) == '=' ? simple(Tok::Ge, 2) : simple(Tok::Gt, 1);
        case '=':
            return peek(1) == '=' ? simple(Tok::EqEq, 2) : simple(Tok::Assign, 1);
        case '!':
            if (peek(1) == '=')
                return simple(Tok::Ne, 2);
            m_pos += 1;
            error(begin, m_pos, "unexpected '!': there are no logical operators; use '!=' to compare, or if()");
            return std::nullopt;
        case '(':
            return simple(Tok::LParen, 1);
        case ')':
            return simple(Tok::RParen, 1);
        case ',':
            return simple(Tok::Comma, 1);
        case '^':
            m_pos += 1;
            error(begin, m_pos, "unexpected '^'; did you mean '**' (power)?");
            return std::nullopt;
        case '&':
        case '|': {
            m_pos += (peek(1) == c) ? 2 : 1;
            error(begin, m_pos,
                "unexpected '" + std::string(m_text.substr(begin, m_pos - begin))
                    + "': there are no logical operators; use if(), min() or max()");
            return std::nullopt;
        }
        case '}':
            m_pos += 1;
            error(begin, m_pos, "unexpected '}' without a matching '{'");
            return std::nullopt;
        default:
            break;
        }
        const auto byte = static_cast<unsigned char>(c);
        std::size_t len = 1;
        if (byte >= 0xC0) {
            while (m_pos + len < m_text.size() && (static_cast<unsigned char>(m_text[m_pos + len]) & 0xC0) == 0x80
                && len < 4)
                ++len;
        }
        m_pos += len;
        error(begin, m_pos, "unexpected character " + quoteChar(m_text, begin));
        return std::nullopt;
    }

    std::optional<Token> number()
    {
        const std::size_t begin = m_pos;
        auto digits = [&] {
            while (m_pos < m_text.size() && (isDigit(m_text[m_pos]) || m_text[m_pos] == '_'))
                ++m_pos;
        };
        digits();
        if (peek(0) == '.') {
            ++m_pos;
            digits();
        }
        if (peek(0) == 'e' || peek(0) == 'E') {
            const std::size_t save = m_pos;
            ++m_pos;
            if (peek(0) == '+' || peek(0) == '-')
                ++m_pos;
            if (isDigit(peek(0)))
                digits();
            else
                m_pos = save; // "2e" is 2 followed by a name: reported by the parser
        }
        // A number glued to a name ("2h", "3x") is a typo, not a product.
        if (m_pos < m_text.size() && isIdentStart(m_text[m_pos])) {
            std::size_t end = m_pos;
            while (end < m_text.size() && isIdentChar(m_text[end]))
                ++end;
            error(begin, end,
                "invalid number '" + std::string(m_text.substr(begin, end - begin))
                    + "'; write a product with '*' and parameters as ${name}");
            m_pos = end;
            return std::nullopt;
        }
        const std::string_view literal = m_text.substr(begin, m_pos - begin);
        if (literal.back() == '_' || literal.find("__") != std::string_view::npos) {
            error(begin, m_pos, "invalid number '" + std::string(literal) + "': '_' may only separate digits");
            return std::nullopt;
        }
        return Token { Tok::Number, range(begin, m_pos), literal };
    }

    std::optional<Token> parameter()
    {
        const std::size_t begin = m_pos;
        if (peek(1) != '{') {
            m_pos += 1;
            error(begin, m_pos, "expected '{' after '$': parameters are written ${name}");
            return std::nullopt;
        }
        m_pos += 2;
        const std::size_t nameBegin = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
        const std::size_t nameStart = m_pos;
        if (m_pos < m_text.size() && isIdentStart(m_text[m_pos])) {
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
                ++m_pos;
        }
        const std::size_t nameEnd = m_pos;
        while (m_pos < m_text.size() && m_text[m_pos] == ' ')
            ++m_pos;
        if (nameStart == nameEnd) {
            error(begin, std::max(nameBegin, m_pos + 1), "expected a parameter name after '${'");
            skipTo('}');
            return std::nullopt;
        }
        if (peek(0) != '}') {
            error(begin, nameEnd,
                "missing '}' to close '${" + std::string(m_text.substr(nameStart, nameEnd - nameStart)) + "'");
            return std::nullopt;
        }
        ++m_pos;
        return Token { Tok::Param, range(begin, m_pos), m_text.substr(nameStart, nameEnd - nameStart) };
    }

    std::optional<Token> moduleKey()
    {
        const std::size_t begin = m_pos;
        ++m_pos;
        const std::size_t keyStart = m_pos;
        while (m_pos < m_text.size() && (isIdentChar(m_text[m_pos]) || m_text[m_pos] == '.'))
            ++m_pos;
        const std::string_view key = m_text.substr(keyStart, m_pos - keyStart);
        if (peek(0) != '}') {
            if (key.empty())
                error(begin, m_pos + 1,
                    "expected a module key after '{': module calls are written {torch__nn__Linear}(...)");
            else
                error(begin, m_pos, "missing '}' to close '{" + std::string(key) + "'");
            skipTo('}');
            return std::nullopt;
        }
        ++m_pos;
        if (!isValidModuleKey(key)) {
            error(begin, m_pos,
                key.empty() ? std::string("expected a module key in '{}': module calls are written "
                                          "{torch__nn__Linear}(...)")
                            : "invalid module key '" + std::string(key) + "'");
            return std::nullopt;
        }
        return Token { Tok::Module, range(begin, m_pos), key };
    }

    void skipTo(char c)
    {
        while (m_pos < m_text.size() && m_text[m_pos] != c && m_text[m_pos] != '\n')
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == c)
            ++m_pos;
    }

    std::string_view m_text;
    std::vector<FormulaError>& m_errors;
    const std::string& m_where;
    std::size_t m_pos = 0;
};

const char* tokenDescription(const Token& token)
{
    switch (token.type) {
    case Tok::Number:
        return "a number";
    case Tok::Param:
        return "a parameter";
    case Tok::Module:
        return "a module call";
    case Tok::Ident:
        return "a name";
    case Tok::End:
        return "the end of the formula";
    default:
        return nullptr;
    }
}

std::string describeToken(const Token& token)
{
    if (const char* d = tokenDescription(token))
        return std::string(d) + (token.type == Tok::End ? "" : " '" + std::string(token.text) + "'");
    return "'" + std::string(token.text) + "'";
}

struct FunctionInfo
{
    std::string_view name;
    Op op;
    int minArgs;
    int maxArgs; // -1: any
};

constexpr FunctionInfo kFunctions[] = {
    { "min", Op::Min, 1, -1 },
    { "max", Op::Max, 1, -1 },
    { "ceil", Op::Ceil, 1, 1 },
    { "floor", Op::Floor, 1, 1 },
    { "ceil_div", Op::CeilDiv, 2, 2 },
    { "log2", Op::Log2, 1, 1 },
    { "sqrt", Op::Sqrt, 1, 1 },
};

enum Prec : int {
    PrecNone = 0,
    PrecCompare = 1,
    PrecAdd = 2,
    PrecMul = 3,
    PrecUnary = 4,
    PrecPow = 5,
};

struct BinaryInfo
{
    Op op;
    int prec;
};

std::optional<BinaryInfo> binaryInfo(Tok type)
{
    switch (type) {
    case Tok::Lt:
        return BinaryInfo { Op::Lt, PrecCompare };
    case Tok::Le:
        return BinaryInfo { Op::Le, PrecCompare };
    case Tok::Gt:
        return BinaryInfo { Op::Gt, PrecCompare };
    case Tok::Ge:
        return BinaryInfo { Op::Ge, PrecCompare };
    case Tok::EqEq:
        return BinaryInfo { Op::Eq, PrecCompare };
    case Tok::Ne:
        return BinaryInfo { Op::Ne, PrecCompare };
    case Tok::Plus:
        return BinaryInfo { Op::Add, PrecAdd };
    case Tok::Minus:
        return BinaryInfo { Op::Sub, PrecAdd };
    case Tok::Star:
        return BinaryInfo { Op::Mul, PrecMul };
    case Tok::Slash:
        return BinaryInfo { Op::Div, PrecMul };
    case Tok::SlashSlash:
        return BinaryInfo { Op::FloorDiv, PrecMul };
    case Tok::Percent:
        return BinaryInfo { Op::Mod, PrecMul };
    case Tok::StarStar:
        return BinaryInfo { Op::Pow, PrecPow };
    default:
        return std::nullopt;
    }
}

struct Abort
{ };

} // namespace

// ---------------------------------------------------------------------------------------------------------------
// Compiler: a Pratt parser that emits stack-machine code directly.

class Compiler
{
public:
    Compiler(const Library& library, const Library::Module* owner, std::string_view text, std::string where)
        : m_library(library)
        , m_owner(owner)
        , m_text(text)
        , m_program(std::make_shared<Program>())
    {
        m_program->text = std::string(text);
        m_program->where = std::move(where);
    }

    CompileOutput run()
    {
        CompileOutput out;
        const Limits& limits = m_library.limits();
        if (m_text.size() > limits.maxTemplateBytes) {
            error(ErrorKind::SizeLimit, { 0, 0 },
                "the template is " + std::to_string(m_text.size()) + " bytes long; the limit is "
                    + std::to_string(limits.maxTemplateBytes));
            out.errors = std::move(m_errors);
            return out;
        }
        Lexer lexer(m_text, m_errors, m_program->where);
        m_tokens = lexer.run();
        if (m_errors.empty()) {
            try {
                if (m_tokens.front().type == Tok::End) {
                    error(ErrorKind::Syntax, { 0, 0 }, "the formula is empty");
                } else {
                    expression(PrecNone);
                    if (current().type != Tok::End) {
                        const Token& t = current();
                        std::string message = "unexpected " + describeToken(t) + " after a complete expression";
                        if (t.type == Tok::Number || t.type == Tok::Param || t.type == Tok::Module
                            || t.type == Tok::LParen || t.type == Tok::Ident)
                            message += "; is an operator missing?";
                        else if (t.type == Tok::RParen)
                            message = "unmatched ')'";
                        error(ErrorKind::Syntax, t.range, message);
                    }
                }
            } catch (const Abort&) { }
        }
        out.calledKeys = std::move(m_calledKeys);
        out.parameterNames = std::move(m_parameterNames);
        if (m_errors.empty() && m_program->code.size() > limits.maxInstructions) {
            error(ErrorKind::SizeLimit, { 0, static_cast<std::uint32_t>(m_text.size()) },
                "the template compiles to " + std::to_string(m_program->code.size()) + " instructions; the limit is "
                    + std::to_string(limits.maxInstructions));
        }
        if (m_errors.empty())
            out.program = std::move(m_program);
        out.errors = std::move(m_errors);
        return out;
    }

private:
    const Token& current() const { return m_tokens[m_pos]; }
    const Token& peekToken(std::size_t ahead = 1) const
    {
        return m_tokens[std::min(m_pos + ahead, m_tokens.size() - 1)];
    }
    const Token& advance()
    {
        const Token& t = m_tokens[m_pos];
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
        return t;
    }

    void error(ErrorKind kind, SourceRange range, std::string message)
    {
        FormulaError e;
        e.kind = kind;
        e.range = range;
        if (e.range.end <= e.range.begin)
            e.range.end = e.range.begin + 1;
        e.message = std::move(message);
        e.where = m_program->where;
        e.text = std::string(m_text);
        m_errors.push_back(std::move(e));
    }

    [[noreturn]] void fail(ErrorKind kind, SourceRange range, std::string message)
    {
        error(kind, range, std::move(message));
        throw Abort {};
    }

    void expect(Tok type, const char* what, const Token& opener)
    {
        if (current().type == type) {
            advance();
            return;
        }
        std::string message = std::string("expected ") + what + ", found " + describeToken(current());
        if (type == Tok::RParen)
            message += " (to close the '(' at column "
                + std::to_string(lineAndColumn(m_text, opener.range.begin).second) + ")";
        fail(ErrorKind::Syntax, current().range, message);
    }

    void emit(Op op, SourceRange range, std::uint32_t arg = 0, std::uint16_t count = 0)
    {
        m_program->code.push_back(Instr { op, 0, count, arg });
        m_program->ranges.push_back(range);
        if (m_program->code.size() > m_library.limits().maxInstructions + 1)
            fail(ErrorKind::SizeLimit, range,
                "the template compiles to more than " + std::to_string(m_library.limits().maxInstructions)
                    + " instructions");
    }

    void push(int n = 1)
    {
        m_depth += n;
        m_program->maxStack = std::max<std::uint32_t>(m_program->maxStack, static_cast<std::uint32_t>(m_depth));
    }
    void pop(int n = 1) { m_depth -= n; }

    struct NestGuard
    {
        NestGuard(Compiler& c, SourceRange range)
            : compiler(c)
        {
            if (++compiler.m_nesting > compiler.m_library.limits().maxNesting)
                compiler.fail(ErrorKind::DepthLimit, range,
                    "the formula nests deeper than " + std::to_string(compiler.m_library.limits().maxNesting)
                        + " levels");
        }
        ~NestGuard() { --compiler.m_nesting; }
        Compiler& compiler;
    };

    // Parses an expression whose operators all bind tighter than minPrec; returns its source range.
    SourceRange expression(int minPrec)
    {
        NestGuard guard(*this, current().range);
        SourceRange left = prefix();
        bool leftIsComparison = false;
        while (true) {
            const Token& opToken = current();
            const auto info = binaryInfo(opToken.type);
            if (!info) {
                if (opToken.type == Tok::Assign)
                    fail(ErrorKind::Syntax, opToken.range,
                        "unexpected '='; did you mean '==' (comparison)? Named arguments are written "
                        "{module}(name=value)");
                break;
            }
            if (info->prec <= minPrec)
                break;
            if (info->prec == PrecCompare && leftIsComparison)
                fail(ErrorKind::Syntax, opToken.range, "comparisons cannot be chained; use if() to combine them");
            advance();
            // '**' is right-associative and its right operand may carry a sign: 2 ** -1, 2 ** 3 ** 2.
            const SourceRange right = expression(info->prec == PrecPow ? PrecUnary : info->prec);
            const SourceRange whole { left.begin, right.end };
            emit(info->op, whole);
            pop();
            left = whole;
            leftIsComparison = info->prec == PrecCompare;
        }
        return left;
    }

    SourceRange prefix()
    {
        const Token& t = current();
        switch (t.type) {
        case Tok::Number: {
            advance();
            const auto value = Number::parse(t.text);
            if (!value) {
                const bool integer = t.text.find_first_of(".eE") == std::string_view::npos;
                fail(integer ? ErrorKind::Overflow : ErrorKind::Syntax, t.range,
                    integer ? "the integer " + std::string(t.text) + " is outside the exact range (about ±1.7e38)"
                            : "invalid number '" + std::string(t.text) + "'");
            }
            m_program->constants.push_back(*value);
            emit(Op::Const, t.range, static_cast<std::uint32_t>(m_program->constants.size() - 1));
            push();
            return t.range;
        }
        case Tok::Param: {
            advance();
            parameter(t);
            return t.range;
        }
        case Tok::Module:
            return moduleCall();
        case Tok::Ident:
            return functionCall();
        case Tok::Minus:
        case Tok::Plus: {
            advance();
            const SourceRange operand = expression(PrecUnary);
            const SourceRange whole { t.range.begin, operand.end };
            if (t.type == Tok::Minus)
                emit(Op::Neg, whole);
            return whole;
        }
        case Tok::LParen: {
            advance();
            if (current().type == Tok::RParen)
                fail(ErrorKind::Syntax, { t.range.begin, current().range.end }, "empty parentheses");
            expression(PrecNone);
            const Token& close = current();
            expect(Tok::RParen, "')'", t);
            return { t.range.begin, close.range.end };
        }
        case Tok::End:
            fail(ErrorKind::Syntax, t.range, "the formula ends where a value was expected");
        default:
            fail(ErrorKind::Syntax, t.range, "expected a value, found " + describeToken(t));
        }
    }

    void parameter(const Token& t)
    {
        const std::string name(t.text);
        if (std::find(m_parameterNames.begin(), m_parameterNames.end(), name) == m_parameterNames.end())
            m_parameterNames.push_back(name);
        if (m_owner) {
            const auto& signature = m_owner->signature;
            const auto it = std::find(signature.begin(), signature.end(), name);
            if (it != signature.end()) {
                emit(Op::Param, t.range, static_cast<std::uint32_t>(it - signature.begin()));
                push();
                return;
            }
        }
        auto& names = m_program->contextNames;
        auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            names.push_back(name);
            m_program->contextSymbols.push_back(m_library.symbol(name).value_or(kNoSymbol));
            it = names.end() - 1;
        }
        emit(Op::Context, t.range, static_cast<std::uint32_t>(it - names.begin()));
        push();
    }

    std::string suggestModule(const std::string& key) const
    {
        // The same class name under another path, or a key that differs only in case.
        const auto lastPart = [](std::string_view k) {
            const auto pos = k.rfind("__");
            return pos == std::string_view::npos ? k : k.substr(pos + 2);
        };
        auto lower = [](std::string_view s) {
            std::string out(s);
            std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
            return out;
        };
        const std::string wantedLast = lower(lastPart(key));
        for (const auto& m : m_library.m_modules) {
            if (lower(m.key) == lower(key) || lower(lastPart(m.key)) == wantedLast)
                return m.key;
        }
        return {};
    }

    SourceRange moduleCall()
    {
        const Token& keyToken = advance();
        const std::string key = normalizeModuleKey(keyToken.text);
        if (std::find(m_calledKeys.begin(), m_calledKeys.end(), key) == m_calledKeys.end())
            m_calledKeys.push_back(key);
        const auto callee = m_library.find(key);
        const Library::Module* calleeModule = callee ? &m_library.m_modules[*callee] : nullptr;
        if (!callee) {
            std::string message = "unknown module '" + key + "'";
            const std::string suggestion = suggestModule(key);
            if (!suggestion.empty())
                message += "; did you mean '" + suggestion + "'?";
            else
                message += ": no entry in the database";
            error(ErrorKind::UnknownModule, keyToken.range, message);
        }
        if (current().type != Tok::LParen)
            fail(ErrorKind::Syntax, { keyToken.range.begin, current().range.end },
                "expected '(' after '{" + std::string(keyToken.text)
                    + "}': a module call needs an argument list, "
                      "even an empty one");
        const Token& open = advance();
        CallSite site;
        site.callee = callee.value_or(0);
        std::vector<bool> boundSlots(calleeModule ? calleeModule->signature.size() : 0, false);
        bool sawNamed = false;
        std::size_t positional = 0;
        std::size_t argc = 0;
        if (current().type != Tok::RParen) {
            while (true) {
                const Token& argStart = current();
                const bool named = argStart.type == Tok::Ident && peekToken().type == Tok::Assign;
                std::optional<std::uint16_t> slot;
                SourceRange nameRange = argStart.range;
                if (named) {
                    sawNamed = true;
                    advance();
                    advance();
                    const std::string name(argStart.text);
                    if (calleeModule) {
                        const auto& sig = calleeModule->signature;
                        const auto it = std::find(sig.begin(), sig.end(), name);
                        if (it == sig.end())
                            error(ErrorKind::UnknownParameter, nameRange,
                                "'" + calleeModule->key + "' has no parameter '" + name + "'; it takes "
                                    + joinSignature(*calleeModule));
                        else
                            slot = static_cast<std::uint16_t>(it - sig.begin());
                    }
                } else {
                    if (sawNamed)
                        fail(ErrorKind::Syntax, argStart.range, "a positional argument cannot follow a named one");
                    if (calleeModule) {
                        if (positional >= calleeModule->signature.size())
                            error(ErrorKind::Arity, argStart.range,
                                "too many arguments: '" + calleeModule->key + "' takes "
                                    + std::to_string(calleeModule->signature.size()) + " ("
                                    + joinSignature(*calleeModule) + ")");
                        else
                            slot = static_cast<std::uint16_t>(positional);
                    }
                    ++positional;
                }
                const SourceRange valueRange = expression(PrecNone);
                if (slot) {
                    if (boundSlots[*slot])
                        error(ErrorKind::Arity, named ? SourceRange { nameRange.begin, valueRange.end } : valueRange,
                            "parameter '" + calleeModule->signature[*slot] + "' of '" + calleeModule->key
                                + "' is bound twice");
                    boundSlots[*slot] = true;
                    site.slots.push_back(*slot);
                } else {
                    site.slots.push_back(0);
                }
                ++argc;
                if (argc > m_library.limits().maxArguments)
                    fail(ErrorKind::SizeLimit, valueRange,
                        "more than " + std::to_string(m_library.limits().maxArguments) + " arguments");
                if (current().type == Tok::Comma) {
                    advance();
                    continue;
                }
                break;
            }
        }
        const Token& close = current();
        expect(Tok::RParen, "',' or ')'", open);
        const SourceRange whole { keyToken.range.begin, close.range.end };
        m_program->calls.push_back(std::move(site));
        emit(Op::Call, whole, static_cast<std::uint32_t>(m_program->calls.size() - 1));
        pop(static_cast<int>(argc));
        push();
        return whole;
    }

    static std::string joinSignature(const Library::Module& m)
    {
        if (m.signature.empty())
            return "no parameters";
        std::string out;
        for (std::size_t i = 0; i < m.signature.size(); ++i) {
            if (i)
                out += ", ";
            out += m.signature[i];
        }
        return out;
    }

    SourceRange functionCall()
    {
        const Token& name = advance();
        if (current().type != Tok::LParen) {
            if (name.text == "and" || name.text == "or" || name.text == "not")
                fail(ErrorKind::Syntax, name.range,
                    "'" + std::string(name.text) + "' is not an operator here; use if(), min() or max()");
            fail(ErrorKind::Syntax, name.range,
                "unknown name '" + std::string(name.text) + "'; parameters are written ${" + std::string(name.text)
                    + "}");
        }
        const Token& open = advance();
        if (name.text == "if")
            return ifCall(name, open);
        const FunctionInfo* info = nullptr;
        for (const auto& f : kFunctions) {
            if (f.name == name.text)
                info = &f;
        }
        if (!info) {
            std::string known = "if";
            for (const auto& f : kFunctions)
                known += ", " + std::string(f.name);
            error(ErrorKind::UnknownFunction, name.range,
                "unknown function '" + std::string(name.text) + "'; the functions are " + known);
        }
        int argc = 0;
        if (current().type != Tok::RParen) {
            while (true) {
                expression(PrecNone);
                ++argc;
                if (static_cast<std::uint32_t>(argc) > m_library.limits().maxArguments)
                    fail(ErrorKind::SizeLimit, current().range,
                        "more than " + std::to_string(m_library.limits().maxArguments) + " arguments");
                if (current().type == Tok::Comma) {
                    advance();
                    continue;
                }
                break;
            }
        }
        const Token& close = current();
        expect(Tok::RParen, "',' or ')'", open);
        const SourceRange whole { name.range.begin, close.range.end };
        if (info) {
            if (argc < info->minArgs || (info->maxArgs >= 0 && argc > info->maxArgs)) {
                std::string expected =
                    info->maxArgs < 0 ? "at least " + std::to_string(info->minArgs) : std::to_string(info->minArgs);
                error(ErrorKind::Arity, whole,
                    std::string(info->name) + "() takes " + expected + " argument"
                        + (info->minArgs == 1 && info->maxArgs == 1 ? "" : "s") + ", got " + std::to_string(argc));
            } else {
                emit(info->op, whole, 0, static_cast<std::uint16_t>(argc));
            }
        }
        pop(argc);
        push();
        return whole;
    }

    SourceRange ifCall(const Token& name, const Token& open)
    {
        // if(c, a, b): c; JumpIfFalse else; a; Jump end; else: b; end:  (only the chosen branch runs)
        std::vector<SourceRange> args;
        auto parseArg = [&] { args.push_back(expression(PrecNone)); };
        if (current().type == Tok::RParen)
            fail(ErrorKind::Arity, { name.range.begin, current().range.end }, "if() takes 3 arguments, got 0");
        parseArg();
        const int depth = m_depth;
        const std::size_t jumpIfFalse = m_program->code.size();
        emit(Op::JumpIfFalse, args.back());
        pop();
        std::size_t jump = 0;
        if (current().type == Tok::Comma) {
            advance();
            parseArg();
            jump = m_program->code.size();
            emit(Op::Jump, args.back());
            m_program->code[jumpIfFalse].arg = static_cast<std::uint32_t>(m_program->code.size());
            m_depth = depth - 1;
            if (current().type == Tok::Comma) {
                advance();
                parseArg();
            }
        }
        while (current().type == Tok::Comma) {
            advance();
            parseArg();
        }
        const Token& close = current();
        expect(Tok::RParen, "',' or ')'", open);
        const SourceRange whole { name.range.begin, close.range.end };
        if (args.size() != 3)
            fail(ErrorKind::Arity, whole,
                "if() takes 3 arguments (condition, then, else), got " + std::to_string(args.size()));
        m_program->code[jump].arg = static_cast<std::uint32_t>(m_program->code.size());
        m_depth = depth; // one value: the chosen branch's
        return whole;
    }

    const Library& m_library;
    const Library::Module* m_owner;
    std::string_view m_text;
    std::shared_ptr<Program> m_program;
    std::vector<Token> m_tokens;
    std::size_t m_pos = 0;
    int m_depth = 0;
    std::uint32_t m_nesting = 0;
    std::vector<FormulaError> m_errors;
    std::vector<std::string> m_calledKeys;
    std::vector<std::string> m_parameterNames;
};

// ---------------------------------------------------------------------------------------------------------------
// Library

Library::Library() = default;
Library::~Library() = default;
Library::Library(Library&&) noexcept = default;
Library& Library::operator=(Library&&) noexcept = default;

std::uint32_t Library::internSymbol(const std::string& name)
{
    const auto it = m_symbols.find(name);
    if (it != m_symbols.end())
        return it->second;
    const auto id = static_cast<std::uint32_t>(m_symbolNames.size());
    m_symbolNames.push_back(name);
    m_symbols.emplace(name, id);
    return id;
}

std::optional<std::uint32_t> Library::symbol(std::string_view name) const
{
    const auto it = m_symbols.find(std::string(name));
    if (it == m_symbols.end())
        return std::nullopt;
    return it->second;
}

Library Library::build(const std::vector<ModuleSpec>& specs, const Limits& limits)
{
    Library lib;
    lib.m_limits = limits;
    // Pass 1: every module and its signature, so that templates may call modules in any order.
    std::vector<const ModuleSpec*> accepted;
    for (const ModuleSpec& spec : specs) {
        Module m;
        m.key = normalizeModuleKey(spec.key);
        if (lib.m_index.count(m.key)) {
            FormulaError e;
            e.kind = ErrorKind::Syntax;
            e.message = "module '" + m.key + "' is defined twice; the first definition is used";
            lib.m_diagnostics.push_back({ m.key, "module_path", std::move(e) });
            continue;
        }
        m.signature = spec.flopParameters;
        for (const auto& name : spec.memoryParameters) {
            if (std::find(m.signature.begin(), m.signature.end(), name) == m.signature.end())
                m.signature.push_back(name);
        }
        for (const auto& name : m.signature)
            m.signatureSymbols.push_back(lib.internSymbol(name));
        for (Kind kind : kAllKinds)
            m.hasTemplate[static_cast<std::size_t>(kind)] = spec.templates[static_cast<std::size_t>(kind)].has_value();
        lib.m_index.emplace(m.key, static_cast<ModuleId>(lib.m_modules.size()));
        lib.m_modules.push_back(std::move(m));
        accepted.push_back(&spec);
    }
    // Context names every template may fall back to, plus every ${name} the templates use, get symbols.
    for (const char* name : { "B", "S", "P", "S_kv", "T", "w_bytes", "a_bytes", "kv_bytes", "dtype_bytes" })
        lib.internSymbol(name);
    // Pass 2: compile.
    for (std::size_t i = 0; i < accepted.size(); ++i) {
        const ModuleSpec& spec = *accepted[i];
        Module& m = lib.m_modules[i];
        auto record = [&](const std::string& field, CompileOutput& out) {
            for (auto& e : out.errors)
                lib.m_diagnostics.push_back({ m.key, field, std::move(e) });
            for (const auto& name : out.parameterNames)
                lib.internSymbol(name);
        };
        for (Kind kind : kAllKinds) {
            const auto& text = spec.templates[static_cast<std::size_t>(kind)];
            if (!text)
                continue;
            const std::string field(kindTemplateField(kind));
            CompileOutput out = Compiler(lib, &m, *text, m.key + " " + field).run();
            record(field, out);
            m.programs[static_cast<std::size_t>(kind)] = std::move(out.program);
            m.calledKeys[static_cast<std::size_t>(kind)] = std::move(out.calledKeys);
            m.parameterNames[static_cast<std::size_t>(kind)] = std::move(out.parameterNames);
        }
        for (const auto& [name, text] : spec.breakdown) {
            const std::string field = "breakdown." + name;
            CompileOutput out = Compiler(lib, &m, text, m.key + " " + field).run();
            record(field, out);
            m.breakdownNames.push_back(name);
            m.breakdown.push_back(std::move(out.program));
            for (auto& key : out.calledKeys) {
                if (std::find(m.breakdownCalledKeys.begin(), m.breakdownCalledKeys.end(), key)
                    == m.breakdownCalledKeys.end())
                    m.breakdownCalledKeys.push_back(std::move(key));
            }
            for (auto& p : out.parameterNames) {
                if (std::find(m.breakdownParameterNames.begin(), m.breakdownParameterNames.end(), p)
                    == m.breakdownParameterNames.end())
                    m.breakdownParameterNames.push_back(std::move(p));
            }
        }
    }
    // Context symbols of programs compiled before a later template interned the same name; buffer sizes.
    for (Module& m : lib.m_modules) {
        lib.m_maxSignature =
            std::max<std::uint32_t>(lib.m_maxSignature, static_cast<std::uint32_t>(m.signature.size()));
        auto fix = [&](const std::shared_ptr<const Program>& p) {
            if (!p)
                return;
            lib.m_maxProgramStack = std::max(lib.m_maxProgramStack, p->maxStack);
            auto& program = const_cast<Program&>(*p);
            for (std::size_t j = 0; j < program.contextNames.size(); ++j)
                program.contextSymbols[j] = lib.symbol(program.contextNames[j]).value_or(kNoSymbol);
        };
        for (const auto& p : m.programs)
            fix(p);
        for (const auto& p : m.breakdown)
            fix(p);
    }
    return lib;
}

std::optional<ModuleId> Library::find(std::string_view key) const
{
    const auto it = m_index.find(normalizeModuleKey(key));
    if (it == m_index.end())
        return std::nullopt;
    return it->second;
}

const std::string& Library::key(ModuleId id) const
{
    return m_modules.at(id).key;
}

const std::vector<std::string>& Library::signature(ModuleId id) const
{
    return m_modules.at(id).signature;
}

const Program* Library::program(ModuleId id, Kind kind) const
{
    return m_modules.at(id).programs[static_cast<std::size_t>(kind)].get();
}

bool Library::hasTemplate(ModuleId id, Kind kind) const
{
    return m_modules.at(id).hasTemplate[static_cast<std::size_t>(kind)];
}

std::size_t Library::breakdownSize(ModuleId id) const
{
    return m_modules.at(id).breakdown.size();
}

const std::string& Library::breakdownName(ModuleId id, std::size_t index) const
{
    return m_modules.at(id).breakdownNames.at(index);
}

const Program* Library::breakdownProgram(ModuleId id, std::size_t index) const
{
    return m_modules.at(id).breakdown.at(index).get();
}

std::vector<std::string> Library::calledModules(ModuleId id, Kind kind) const
{
    return m_modules.at(id).calledKeys[static_cast<std::size_t>(kind)];
}

std::vector<std::string> Library::breakdownCalledModules(ModuleId id) const
{
    return m_modules.at(id).breakdownCalledKeys;
}

std::vector<std::string> Library::parameterNames(ModuleId id, Kind kind) const
{
    return m_modules.at(id).parameterNames[static_cast<std::size_t>(kind)];
}

std::vector<std::string> Library::breakdownParameterNames(ModuleId id) const
{
    return m_modules.at(id).breakdownParameterNames;
}

Library::Compiled Library::compile(std::string_view text, std::string_view where) const
{
    CompileOutput out = Compiler(*this, nullptr, text, std::string(where)).run();
    return Compiled { std::move(out.program), std::move(out.errors) };
}

} // namespace lmp::formula
