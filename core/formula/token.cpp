// SPDX-License-Identifier: GPL-3.0-or-later
#include "token.h"

#include "library.h"

#include <algorithm>
#include <array>

namespace lmp::formula {

namespace {

// Per byte: 1 for a letter or '_', 2 for a digit.
constexpr std::array<unsigned char, 256> kIdentClass = [] {
    std::array<unsigned char, 256> t {};
    for (int c = 'a'; c <= 'z'; ++c)
        t[static_cast<std::size_t>(c)] = 1;
    for (int c = 'A'; c <= 'Z'; ++c)
        t[static_cast<std::size_t>(c)] = 1;
    t['_'] = 1;
    for (int c = '0'; c <= '9'; ++c)
        t[static_cast<std::size_t>(c)] = 2;
    return t;
}();

inline bool isIdentStart(char c)
{
    return kIdentClass[static_cast<unsigned char>(c)] == 1;
}

inline bool isIdentChar(char c)
{
    return kIdentClass[static_cast<unsigned char>(c)] != 0;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isKeyChar(char c)
{
    return isIdentChar(c) || c == '.';
}

SourceRange makeRange(std::size_t begin, std::size_t end)
{
    return { static_cast<std::uint32_t>(begin), static_cast<std::uint32_t>(end) };
}

class Lexer
{
public:
    explicit Lexer(std::string_view text)
        : m_text(text)
    { }

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        tokens.reserve(m_text.size() / 3 + 2);
        while (true) {
            skipSpace();
            if (m_pos >= m_text.size()) {
                tokens.push_back(
                    Token { TokenKind::End, LexProblem::None, makeRange(m_pos, m_pos), makeRange(m_pos, m_pos) });
                return tokens;
            }
            tokens.push_back(next());
        }
    }

private:
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

    char peek(std::size_t ahead) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }

    Token simple(TokenKind kind, std::size_t length)
    {
        const std::size_t begin = m_pos;
        m_pos += length;
        return Token { kind, LexProblem::None, makeRange(begin, m_pos), makeRange(begin, m_pos) };
    }

    // An error token over [begin, m_pos), underlining [underlineBegin, underlineEnd) (at least one byte).
    Token error(LexProblem problem, std::size_t begin, std::size_t underlineBegin, std::size_t underlineEnd)
    {
        underlineEnd = std::max(underlineEnd, underlineBegin + 1);
        return Token { TokenKind::Error, problem, makeRange(begin, std::max(m_pos, begin + 1)),
            makeRange(underlineBegin, underlineEnd) };
    }

    Token next()
    {
        const std::size_t begin = m_pos;
        const char c = m_text[m_pos];
        if (isDigit(c) || (c == '.' && isDigit(peek(1))))
            return number();
        if (isIdentStart(c)) {
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
                ++m_pos;
            return Token { TokenKind::Identifier, LexProblem::None, makeRange(begin, m_pos), makeRange(begin, m_pos) };
        }
        switch (c) {
        case '$':
            return parameter();
        case '{':
            return moduleKey();
        case '+':
            return simple(TokenKind::Plus, 1);
        case '-':
            return simple(TokenKind::Minus, 1);
        case '*':
            return peek(1) == '*' ? simple(TokenKind::StarStar, 2) : simple(TokenKind::Star, 1);
        case '/':
            return peek(1) == '/' ? simple(TokenKind::SlashSlash, 2) : simple(TokenKind::Slash, 1);
        case '%':
            return simple(TokenKind::Percent, 1);
        case '<':
            return peek(1) == '=' ? simple(TokenKind::LessEqual, 2) : simple(TokenKind::Less, 1);
        case '>':
            return peek(1) == '=' ? simple(TokenKind::GreaterEqual, 2) : simple(TokenKind::Greater, 1);
        case '=':
            return peek(1) == '=' ? simple(TokenKind::EqualEqual, 2) : simple(TokenKind::Assign, 1);
        case '!':
            if (peek(1) == '=')
                return simple(TokenKind::NotEqual, 2);
            m_pos += 1;
            return error(LexProblem::LogicalOperator, begin, begin, m_pos);
        case '(':
            return simple(TokenKind::LeftParen, 1);
        case ')':
            return simple(TokenKind::RightParen, 1);
        case ',':
            return simple(TokenKind::Comma, 1);
        case '^':
            m_pos += 1;
            return error(LexProblem::Caret, begin, begin, m_pos);
        case '&':
        case '|':
            m_pos += (peek(1) == c) ? 2 : 1;
            return error(LexProblem::LogicalOperator, begin, begin, m_pos);
        case '}':
            m_pos += 1;
            return error(LexProblem::StrayCloseBrace, begin, begin, m_pos);
        default:
            break;
        }
        // One whole UTF-8 sequence (lead byte and its continuation bytes), or one byte.
        const auto byte = static_cast<unsigned char>(c);
        std::size_t len = 1;
        if (byte >= 0xC0) {
            while (m_pos + len < m_text.size() && (static_cast<unsigned char>(m_text[m_pos + len]) & 0xC0) == 0x80
                && len < 4)
                ++len;
        }
        m_pos += len;
        return error(LexProblem::UnexpectedCharacter, begin, begin, m_pos);
    }

    Token number()
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
                m_pos = save; // "2e" is 2 glued to the name "e": reported below
        }
        // A number glued to a name ("2h", "3x") is a typo, not a product.
        if (m_pos < m_text.size() && isIdentStart(m_text[m_pos])) {
            while (m_pos < m_text.size() && isIdentChar(m_text[m_pos]))
                ++m_pos;
            return error(LexProblem::NumberGluedToName, begin, begin, m_pos);
        }
        const std::string_view literal = m_text.substr(begin, m_pos - begin);
        if (literal.back() == '_' || literal.find("__") != std::string_view::npos
            || literal.find("_.") != std::string_view::npos || literal.find("._") != std::string_view::npos)
            return error(LexProblem::BadDigitSeparator, begin, begin, m_pos);
        return Token { TokenKind::Number, LexProblem::None, makeRange(begin, m_pos), makeRange(begin, m_pos) };
    }

    Token parameter()
    {
        const std::size_t begin = m_pos;
        if (peek(1) != '{') {
            m_pos += 1;
            return error(LexProblem::DollarWithoutBrace, begin, begin, m_pos);
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
            const std::size_t underlineEnd = std::max(nameBegin, m_pos + 1);
            skipTo('}');
            return error(LexProblem::EmptyParameterName, begin, begin, std::min(underlineEnd, m_text.size() + 1));
        }
        if (peek(0) != '}') {
            m_pos = nameEnd; // what follows is lexed again: "${h + 1" reports the '${h' and reads "+ 1"
            return error(LexProblem::UnclosedParameter, begin, begin, nameEnd);
        }
        ++m_pos;
        return Token { TokenKind::Parameter, LexProblem::None, makeRange(begin, m_pos), makeRange(nameStart, nameEnd) };
    }

    Token moduleKey()
    {
        const std::size_t begin = m_pos;
        ++m_pos;
        const std::size_t keyStart = m_pos;
        while (m_pos < m_text.size() && isKeyChar(m_text[m_pos]))
            ++m_pos;
        const std::size_t keyEnd = m_pos;
        if (peek(0) != '}') {
            if (keyStart == keyEnd) {
                const std::size_t underlineEnd = m_pos + 1;
                skipTo('}');
                return error(LexProblem::EmptyModuleKey, begin, begin, underlineEnd);
            }
            skipTo('}');
            return error(LexProblem::UnclosedModuleKey, begin, begin, keyEnd);
        }
        ++m_pos;
        if (keyStart == keyEnd)
            return error(LexProblem::EmptyModuleKey, begin, begin, m_pos);
        if (!isValidModuleKey(m_text.substr(keyStart, keyEnd - keyStart)))
            return error(LexProblem::InvalidModuleKey, begin, begin, m_pos);
        return Token { TokenKind::ModuleKey, LexProblem::None, makeRange(begin, m_pos), makeRange(keyStart, keyEnd) };
    }

    void skipTo(char c)
    {
        while (m_pos < m_text.size() && m_text[m_pos] != c && m_text[m_pos] != '\n')
            ++m_pos;
        if (m_pos < m_text.size() && m_text[m_pos] == c)
            ++m_pos;
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
};

std::string quoteCharacter(std::string_view text, std::size_t at)
{
    const auto c = static_cast<unsigned char>(text[at]);
    if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xC0)) {
        static const char* hex = "0123456789abcdef";
        return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
    }
    std::size_t len = 1;
    if (c >= 0xF0)
        len = 4;
    else if (c >= 0xE0)
        len = 3;
    else if (c >= 0xC0)
        len = 2;
    return "'" + std::string(text.substr(at, std::min(len, text.size() - at))) + "'";
}

} // namespace

std::vector<Token> tokenize(std::string_view text)
{
    return Lexer(text).run();
}

bool isIdentifier(std::string_view text)
{
    if (text.empty() || !isIdentStart(text.front()))
        return false;
    return std::all_of(text.begin(), text.end(), [](char c) { return isIdentChar(c); });
}

std::string lexProblemMessage(std::string_view text, const Token& token)
{
    const std::string_view bytes = token.text(text);
    switch (token.problem) {
    case LexProblem::None:
        return {};
    case LexProblem::UnexpectedCharacter:
        return "unexpected character "
            + (bytes.empty() ? std::string("at the end") : quoteCharacter(text, token.range.begin));
    case LexProblem::Caret:
        return "unexpected '^'; did you mean '**' (power)?";
    case LexProblem::LogicalOperator:
        if (bytes == "!")
            return "unexpected '!': there are no logical operators; use '!=' to compare, or if()";
        return "unexpected '" + std::string(bytes) + "': there are no logical operators; use if(), min() or max()";
    case LexProblem::StrayCloseBrace:
        return "unexpected '}' without a matching '{'";
    case LexProblem::DollarWithoutBrace:
        return "expected '{' after '$': parameters are written ${name}";
    case LexProblem::EmptyParameterName:
        return "expected a parameter name after '${'";
    case LexProblem::UnclosedParameter: {
        std::string_view name = bytes.size() >= 2 ? bytes.substr(2) : std::string_view();
        while (!name.empty() && name.front() == ' ')
            name.remove_prefix(1);
        return "missing '}' to close '${" + std::string(name) + "'";
    }
    case LexProblem::EmptyModuleKey:
        if (bytes == "{}")
            return "expected a module key in '{}': module calls are written {torch__nn__Linear}(...)";
        return "expected a module key after '{': module calls are written {torch__nn__Linear}(...)";
    case LexProblem::UnclosedModuleKey: {
        std::size_t end = 1;
        while (end < bytes.size() && isKeyChar(bytes[end]))
            ++end;
        return "missing '}' to close '" + std::string(bytes.substr(0, end)) + "'";
    }
    case LexProblem::InvalidModuleKey:
        return "invalid module key '" + std::string(bytes.size() >= 2 ? bytes.substr(1, bytes.size() - 2) : bytes)
            + "'";
    case LexProblem::NumberGluedToName:
        return "invalid number '" + std::string(bytes) + "'; write a product with '*' and parameters as ${name}";
    case LexProblem::BadDigitSeparator:
        return "invalid number '" + std::string(bytes) + "': '_' may only separate digits";
    }
    return "invalid text";
}

std::string describeToken(std::string_view text, const Token& token)
{
    switch (token.kind) {
    case TokenKind::Number:
        return "a number '" + std::string(token.text(text)) + "'";
    case TokenKind::Parameter:
        return "a parameter '" + std::string(token.innerText(text)) + "'";
    case TokenKind::ModuleKey:
        return "a module call '" + std::string(token.innerText(text)) + "'";
    case TokenKind::Identifier:
        return "a name '" + std::string(token.text(text)) + "'";
    case TokenKind::End:
        return "the end of the formula";
    case TokenKind::Error:
        return "'" + std::string(token.text(text)) + "'";
    default:
        return "'" + std::string(token.text(text)) + "'";
    }
}

} // namespace lmp::formula
