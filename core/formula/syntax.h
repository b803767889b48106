// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The syntax tree of a template, and a parser that recovers from errors: it reports every error it finds
// (recovering at ',' and ')'), each with its byte range, so that an editor can underline all of them. The
// compiler (Library) turns an error-free tree into a program; tools (the database check, the architecture
// builder, the editor) read the tree instead of scanning the text.

#include "error.h"
#include "limits.h"
#include "number.h"
#include "token.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::formula {

using SyntaxIndex = std::uint32_t;
inline constexpr SyntaxIndex kNoSyntax = std::numeric_limits<SyntaxIndex>::max();

enum class SyntaxKind : std::uint8_t {
    Number, // value
    Parameter, // ${name}: name, nameRange
    Negate, // -x: children[0]
    Plus, // +x: children[0]
    Binary, // op: children[0] op children[1]
    Group, // (x): children[0]
    FunctionCall, // name(args): name, nameRange, children = arguments (if, min, max, ...; unknown names too)
    ModuleCall, // {key}(args): name = key as written, nameRange = the key with its braces, children = Argument nodes
    Argument, // a module call's argument: name ("" when positional), nameRange, children[0] = the value
    Error, // what could not be parsed; children: any well-formed parts inside it
};

enum class BinaryOperator : std::uint8_t {
    Add,
    Subtract,
    Multiply,
    Divide,
    FloorDivide,
    Modulo,
    Power,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Equal,
    NotEqual,
};

// "+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "==", "!="
std::string_view binaryOperatorText(BinaryOperator op);

struct SyntaxNode
{
    SyntaxKind kind = SyntaxKind::Error;
    BinaryOperator op = BinaryOperator::Add;
    SourceRange range; // the whole node's text
    SourceRange nameRange; // Parameter, FunctionCall, ModuleCall, Argument: the name's bytes
    std::string name;
    Number value;
    std::vector<SyntaxIndex> children;
};

struct SyntaxTree
{
    std::string text;
    std::string where; // "torch__nn__Linear reads_template", or "formula"
    std::vector<Token> tokens;
    std::vector<SyntaxNode> nodes; // children before parents; root last
    SyntaxIndex root = kNoSyntax;
    std::vector<FormulaError> errors; // lexical and syntax errors, in text order

    bool ok() const { return errors.empty() && root != kNoSyntax; }
    const SyntaxNode& node(SyntaxIndex index) const { return nodes[index]; }

    // Every ${name} in text order, repeated names once, with the range of its first use.
    std::vector<std::pair<std::string, SourceRange>> parameters() const;
    // Every {key}(...) in text order (keys as written, with the range of the key and its braces), a module
    // called again (in either key form) once.
    std::vector<std::pair<std::string, SourceRange>> moduleCalls() const;
    bool usesParameter(std::string_view name) const;
    // Accepts either key form.
    bool callsModule(std::string_view key) const;
};

// Parses text. Never throws, whatever the bytes; limits (size, nesting, error count) are errors too.
SyntaxTree parse(std::string_view text, std::string_view where = "formula", const Limits& limits = {});

} // namespace lmp::formula
