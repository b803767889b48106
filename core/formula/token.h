// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The tokens of the formula language. tokenize() never fails: text it cannot read becomes error tokens, each
// with its problem, so that an editor can colour every byte and a parser can report every error.

#include "error.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::formula {

enum class TokenKind : std::uint8_t {
    Number, // 42, 1_000, 1.5, 2e-3
    Parameter, // ${name}
    ModuleKey, // {torch__nn__Linear} or {torch.nn.Linear}
    Identifier, // a function name (min, if, ...), a named argument's name, or a bare word (an error in a value)
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    SlashSlash,
    Percent,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    EqualEqual,
    NotEqual,
    Assign, // '=': named arguments only
    LeftParen,
    RightParen,
    Comma,
    Error, // text that is not a token; see Token::problem
    End, // after the last token (an empty range at the end of the text)
};

// Why a piece of text is an error token.
enum class LexProblem : std::uint8_t {
    None,
    UnexpectedCharacter, // '#', '×', a control byte
    Caret, // '^': did you mean '**'?
    LogicalOperator, // '&&', '||', '&', '|', '!' not followed by '='
    StrayCloseBrace, // '}' without '{'
    DollarWithoutBrace, // '$' not followed by '{'
    EmptyParameterName, // '${}' or '${ +'
    UnclosedParameter, // '${name' without '}'
    EmptyModuleKey, // '{' followed by no key
    UnclosedModuleKey, // '{key' without '}'
    InvalidModuleKey, // '{1x}', '{a..b}'
    NumberGluedToName, // '2h'
    BadDigitSeparator, // '1_000_', '1__0'
};

struct Token
{
    TokenKind kind = TokenKind::End;
    LexProblem problem = LexProblem::None;
    SourceRange range; // the bytes the token covers
    // Parameter: the name inside '${ }'; ModuleKey: the key inside '{ }'; Error: the bytes to underline;
    // any other token: range.
    SourceRange inner;

    std::string_view text(std::string_view source) const { return slice(source, range); }
    std::string_view innerText(std::string_view source) const { return slice(source, inner); }

    static std::string_view slice(std::string_view source, SourceRange r)
    {
        if (r.begin >= source.size() || r.end <= r.begin)
            return {};
        return source.substr(r.begin, r.end - r.begin);
    }
};

// Every token of text, in order, ending with one End token. Whitespace (space, tab, CR, LF) separates tokens
// and is not a token. Total: never fails, never throws, any bytes.
std::vector<Token> tokenize(std::string_view text);

// The message for an error token: "unexpected '^'; did you mean '**' (power)?".
std::string lexProblemMessage(std::string_view text, const Token& token);

// "a number", "'+'", "a parameter '${h}'", "the end of the formula": how messages name a token.
std::string describeToken(std::string_view text, const Token& token);

// Whether text is a well-formed identifier: [A-Za-z_][A-Za-z0-9_]*.
bool isIdentifier(std::string_view text);

} // namespace lmp::formula
