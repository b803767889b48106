// SPDX-License-Identifier: GPL-3.0-or-later
#include "formulalexer.h"

#include "formula/context.h"

#include <QColor>
#include <QFontDatabase>

#include <algorithm>

namespace lmp::widgets {

using formula::TokenKind;

FormulaLexer::FormulaLexer(QObject* parent)
    : QsciLexerCustom(parent)
    , m_font(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{ }

const char* FormulaLexer::language() const
{
    return "LM-Predictor formula";
}

QString FormulaLexer::description(int style) const
{
    switch (style) {
    case Default:
        return tr("Default");
    case Number:
        return tr("Number");
    case Parameter:
        return tr("Parameter");
    case ModuleKey:
        return tr("Module call");
    case Operator:
        return tr("Operator");
    case Function:
        return tr("Function");
    case Identifier:
        return tr("Argument name");
    case Bracket:
        return tr("Parenthesis or comma");
    case Error:
        return tr("Error");
    default:
        return {}; // not a style of this lexer
    }
}

QColor FormulaLexer::defaultColor(int style) const
{
    // Dark enough on white for text (contrast of 4.5:1 or more), distinct from one another; red only for errors.
    switch (style) {
    case Number:
        return QColor(0x95, 0x38, 0x00); // brown
    case Parameter:
        return QColor(0x05, 0x50, 0xae); // blue
    case ModuleKey:
        return QColor(0x6f, 0x42, 0xc1); // purple
    case Operator:
        return QColor(0x57, 0x60, 0x6a); // grey
    case Function:
        return QColor(0x11, 0x63, 0x29); // green
    case Identifier:
        return QColor(0x0a, 0x30, 0x69); // navy
    case Bracket:
        return QColor(0x57, 0x60, 0x6a);
    case Error:
        return QColor(0xb3, 0x1d, 0x28); // dark red
    default:
        return QColor(0x1f, 0x23, 0x28);
    }
}

QColor FormulaLexer::defaultPaper(int style) const
{
    if (style == Error)
        return QColor(0xff, 0xeb, 0xe9);
    return QColor(Qt::white);
}

QFont FormulaLexer::defaultFont(int style) const
{
    QFont font = m_font;
    if (style == ModuleKey || style == Function)
        font.setBold(true);
    return font;
}

bool FormulaLexer::defaultEolFill(int) const
{
    return false;
}

const char* FormulaLexer::wordCharacters() const
{
    return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
}

FormulaLexer::Style FormulaLexer::styleFor(formula::TokenKind kind, std::string_view tokenText)
{
    switch (kind) {
    case TokenKind::Number:
        return Number;
    case TokenKind::Parameter:
        return Parameter;
    case TokenKind::ModuleKey:
        return ModuleKey;
    case TokenKind::Identifier:
        return formula::findFunction(tokenText) ? Function : Identifier;
    case TokenKind::Plus:
    case TokenKind::Minus:
    case TokenKind::Star:
    case TokenKind::StarStar:
    case TokenKind::Slash:
    case TokenKind::SlashSlash:
    case TokenKind::Percent:
    case TokenKind::Less:
    case TokenKind::LessEqual:
    case TokenKind::Greater:
    case TokenKind::GreaterEqual:
    case TokenKind::EqualEqual:
    case TokenKind::NotEqual:
    case TokenKind::Assign:
        return Operator;
    case TokenKind::LeftParen:
    case TokenKind::RightParen:
    case TokenKind::Comma:
        return Bracket;
    case TokenKind::Error:
        return Error;
    case TokenKind::End:
        break;
    }
    return Default;
}

void FormulaLexer::styleText(int, int)
{
    QsciScintilla* ed = editor();
    if (!ed)
        return;
    // The whole text, whatever range Scintilla asks for: a template is one formula, and a token can only be read
    // from its start. The character pointer is the document's own buffer (no copy).
    const long length = ed->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
    const auto* data = static_cast<const char*>(ed->SendScintillaPtrResult(QsciScintillaBase::SCI_GETCHARACTERPOINTER));
    if (length <= 0 || !data)
        return;
    const std::string_view text(data, static_cast<std::size_t>(length));
    const std::vector<formula::Token> tokens = formula::tokenize(text);

    startStyling(0);
    std::uint32_t at = 0;
    const auto end = static_cast<std::uint32_t>(length);
    for (const formula::Token& token : tokens) {
        if (token.kind == TokenKind::End)
            break;
        const std::uint32_t begin = std::clamp(token.range.begin, at, end);
        const std::uint32_t stop = std::clamp(token.range.end, begin, end);
        if (begin > at)
            setStyling(static_cast<int>(begin - at), Default);
        if (stop > begin)
            setStyling(static_cast<int>(stop - begin), styleFor(token.kind, token.text(text)));
        at = stop;
    }
    if (at < end)
        setStyling(static_cast<int>(end - at), Default);
}

} // namespace lmp::widgets
