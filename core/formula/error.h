// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::formula {

// A range of a template's text, in UTF-8 bytes (Scintilla's unit), end exclusive.
struct SourceRange
{
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    friend bool operator==(const SourceRange&, const SourceRange&) = default;
};

enum class ErrorKind : std::uint8_t {
    Syntax, // the text is not a formula
    UnknownModule, // {key}(...) names no module in the database
    UnknownFunction, // name(...) is not in the function whitelist
    Arity, // wrong number of arguments to a function or module
    UnknownParameter, // a named argument the callee does not declare
    UnboundParameter, // ${name} bound neither by the call nor by the context
    DivisionByZero,
    Overflow, // integer result outside the exact range, or a real result that is not finite
    Domain, // sqrt of a negative number, log2 of a non-positive one, ...
    Cycle, // a module calls itself, directly or through others
    DepthLimit, // nesting or call depth over the limit
    SizeLimit, // template text or compiled size over the limit
    MissingTemplate, // the callee has no template of that kind (schema-1 entry: the figure is unknown)
    WrongLibrary, // a program evaluated against a library other than the one that compiled it
};

std::string_view errorKindName(ErrorKind kind);

struct FormulaError
{
    ErrorKind kind = ErrorKind::Syntax;
    SourceRange range; // in the text of the template named by `where`
    std::string message; // what is wrong, for a person: "unbound parameter 'dtype_bytes'"
    std::string where; // which template: "torch__nn__Linear reads_template", or "formula"
    std::string text; // the template's text, for carets and line/column
    std::vector<std::string> callChain; // module keys from the outermost call to the failing template

    // 1-based line and column of range.begin in text (column counts UTF-8 code points).
    std::uint32_t line() const;
    std::uint32_t column() const;

    // One line: "TransformerBlock -> MLP -> torch__nn__Linear: unbound parameter 'dtype_bytes' (reads_template 1:17)"
    std::string describe() const;
    // describe() plus the template line with a caret under the range.
    std::string describeWithSource() const;
};

// An error at a range of a template's text (an empty range is widened to one byte, so that it can be shown).
FormulaError makeError(ErrorKind kind, SourceRange range, std::string message, std::string where, std::string text);

// Line and column (1-based) of a byte offset in text.
std::pair<std::uint32_t, std::uint32_t> lineAndColumn(std::string_view text, std::uint32_t offset);

} // namespace lmp::formula
