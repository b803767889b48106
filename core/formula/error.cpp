// SPDX-License-Identifier: GPL-3.0-or-later
#include "error.h"

#include <algorithm>

namespace lmp::formula {

std::string_view errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Syntax:
        return "syntax error";
    case ErrorKind::UnknownModule:
        return "unknown module";
    case ErrorKind::UnknownFunction:
        return "unknown function";
    case ErrorKind::Arity:
        return "wrong number of arguments";
    case ErrorKind::UnknownParameter:
        return "unknown parameter";
    case ErrorKind::UnboundParameter:
        return "unbound parameter";
    case ErrorKind::DivisionByZero:
        return "division by zero";
    case ErrorKind::Overflow:
        return "overflow";
    case ErrorKind::Domain:
        return "domain error";
    case ErrorKind::Cycle:
        return "cycle";
    case ErrorKind::DepthLimit:
        return "depth limit";
    case ErrorKind::SizeLimit:
        return "size limit";
    case ErrorKind::MissingTemplate:
        return "missing template";
    case ErrorKind::WrongLibrary:
        return "wrong library";
    }
    return "error";
}

std::pair<std::uint32_t, std::uint32_t> lineAndColumn(std::string_view text, std::uint32_t offset)
{
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text.size()));
    std::uint32_t line = 1;
    std::uint32_t column = 1;
    for (std::uint32_t i = 0; i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) { // count code points, not continuation bytes
            ++column;
        }
    }
    return { line, column };
}

FormulaError makeError(ErrorKind kind, SourceRange range, std::string message, std::string where, std::string text)
{
    if (range.end <= range.begin)
        range.end = range.begin + 1;
    FormulaError e;
    e.kind = kind;
    e.range = range;
    e.message = std::move(message);
    e.where = std::move(where);
    e.text = std::move(text);
    return e;
}

std::uint32_t FormulaError::line() const
{
    return lineAndColumn(text, range.begin).first;
}

std::uint32_t FormulaError::column() const
{
    return lineAndColumn(text, range.begin).second;
}

std::string FormulaError::describe() const
{
    std::string out;
    for (std::size_t i = 0; i < callChain.size(); ++i) {
        if (i)
            out += " -> ";
        out += callChain[i];
    }
    if (!out.empty())
        out += ": ";
    out += message;
    if (where.empty() && text.empty())
        return out; // no template to point into (a top-level evaluation's own failure)
    out += " (";
    out += where.empty() ? std::string("formula") : where;
    out += ' ';
    out += std::to_string(line());
    out += ':';
    out += std::to_string(column());
    out += ')';
    return out;
}

std::string FormulaError::describeWithSource() const
{
    std::string out = describe();
    if (text.empty())
        return out;
    // The line holding range.begin, and a caret line under the range (clipped to that line).
    const std::uint32_t begin = std::min<std::uint32_t>(range.begin, static_cast<std::uint32_t>(text.size()));
    std::size_t lineStart = text.rfind('\n', begin == 0 ? std::string::npos : begin - 1);
    lineStart = lineStart == std::string::npos ? 0 : lineStart + 1;
    if (begin == 0)
        lineStart = 0;
    std::size_t lineEnd = text.find('\n', begin);
    if (lineEnd == std::string::npos)
        lineEnd = text.size();
    out += "\n  ";
    out += text.substr(lineStart, lineEnd - lineStart);
    out += "\n  ";
    const auto column =
        lineAndColumn(std::string_view(text).substr(lineStart), begin - static_cast<std::uint32_t>(lineStart)).second;
    out.append(column - 1, ' ');
    const std::uint32_t end = std::clamp<std::uint32_t>(range.end, begin + 1, static_cast<std::uint32_t>(lineEnd) + 1);
    const auto width = lineAndColumn(std::string_view(text).substr(begin), end - begin).second - 1;
    out += '^';
    if (width > 1)
        out.append(width - 1, '~');
    return out;
}

} // namespace lmp::formula
