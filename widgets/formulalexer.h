// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "formula/token.h"
#include "formulaqsci.h"

#include <QFont>

#include <string_view>

namespace lmp::widgets {

// Highlighting of the formula language for a QsciScintilla, fed by formula::tokenize() (the engine's own
// tokenizer: the editor colours exactly what the parser reads). Templates are short, so every styling pass styles
// the whole text from its start: one tokenize(), one setStyling() per token and per gap, nothing per character.
class FormulaLexer : public QsciLexerCustom
{
    Q_OBJECT

public:
    enum Style : int {
        Default = 0, // whitespace and anything not covered by a token
        Number, // 42, 1_000, 1.5e-3
        Parameter, // ${name}
        ModuleKey, // {torch__nn__Linear}
        Operator, // + - * / // % ** comparisons =
        Function, // an identifier formula::findFunction() knows: min, if, ceil_div, ...
        Identifier, // a named argument's name, or any other bare word
        Bracket, // ( ) ,
        Error, // text that is not a token ('^', '#', '${', ...)
        StyleCount
    };

    explicit FormulaLexer(QObject* parent = nullptr);

    const char* language() const override;
    QString description(int style) const override;
    QColor defaultColor(int style) const override;
    QColor defaultPaper(int style) const override;
    QFont defaultFont(int style) const override;
    bool defaultEolFill(int style) const override;
    const char* wordCharacters() const override;

    void styleText(int start, int end) override;

    // The style of a piece of text: the rules styleText() applies, for one token kind and its text.
    static Style styleFor(formula::TokenKind kind, std::string_view tokenText);

private:
    QFont m_font;
};

} // namespace lmp::widgets
