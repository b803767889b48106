// SPDX-License-Identifier: GPL-3.0-or-later
#include "library.h"

#include "context.h"
#include "program.h"
#include "syntax.h"
#include "token.h"

#include <algorithm>
#include <atomic>
#include <cstring>

namespace lmp::formula {

std::string normalizeModuleKey(std::string_view key)
{
    // Keys are mostly in the '__' form already: copied whole; a dotted path is copied part by part.
    std::size_t dot = key.find('.');
    if (dot == std::string_view::npos)
        return std::string(key);
    std::string out;
    out.reserve(key.size() + 16);
    std::size_t from = 0;
    for (; dot != std::string_view::npos; from = dot + 1, dot = key.find('.', from)) {
        out.append(key.substr(from, dot - from));
        out.append("__");
    }
    out.append(key.substr(from));
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

bool isValidModuleKey(std::string_view key)
{
    // Identifiers joined by '.' (a key in the '__' form is one identifier).
    if (key.empty() || key.size() > 512)
        return false;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = key.find('.', start);
        if (!isIdentifier(key.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        start = dot + 1;
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Compiler: from a syntax tree to stack-machine code.

namespace {

Op binaryOp(BinaryOperator op)
{
    switch (op) {
    case BinaryOperator::Add:
        return Op::Add;
    case BinaryOperator::Subtract:
        return Op::Sub;
    case BinaryOperator::Multiply:
        return Op::Mul;
    case BinaryOperator::Divide:
        return Op::Div;
    case BinaryOperator::FloorDivide:
        return Op::FloorDiv;
    case BinaryOperator::Modulo:
        return Op::Mod;
    case BinaryOperator::Power:
        return Op::Pow;
    case BinaryOperator::Less:
        return Op::Lt;
    case BinaryOperator::LessEqual:
        return Op::Le;
    case BinaryOperator::Greater:
        return Op::Gt;
    case BinaryOperator::GreaterEqual:
        return Op::Ge;
    case BinaryOperator::Equal:
        return Op::Eq;
    case BinaryOperator::NotEqual:
        return Op::Ne;
    }
    return Op::Add;
}

// The instruction of each function of the whitelist (context.h); "if" compiles to jumps.
std::optional<Op> functionOp(std::string_view name)
{
    if (name == "min")
        return Op::Min;
    if (name == "max")
        return Op::Max;
    if (name == "ceil")
        return Op::Ceil;
    if (name == "floor")
        return Op::Floor;
    if (name == "ceil_div")
        return Op::CeilDiv;
    if (name == "log2")
        return Op::Log2;
    if (name == "sqrt")
        return Op::Sqrt;
    return std::nullopt;
}

std::atomic<std::uint64_t> g_nextLibraryId { 1 };

} // namespace

class TreeCompiler
{
public:
    TreeCompiler(const Library& library, const SyntaxTree& tree, const std::vector<std::string>* signature)
        : m_library(library)
        , m_tree(tree)
        , m_signature(signature)
        , m_program(std::make_shared<Program>())
    {
        m_program->text = tree.text;
        m_program->where = tree.where;
        m_program->libraryId = library.m_id;
    }

    Library::Compiled run()
    {
        Library::Compiled out;
        if (m_tree.root != kNoSyntax)
            expression(m_tree.root);
        out.errors = m_tree.errors;
        out.errors.insert(out.errors.end(), m_errors.begin(), m_errors.end());
        std::stable_sort(out.errors.begin(), out.errors.end(),
            [](const FormulaError& a, const FormulaError& b) { return a.range.begin < b.range.begin; });
        out.calledKeys = std::move(m_calledKeys);
        out.parameterNames = std::move(m_parameterNames);
        if (out.errors.empty() && m_tree.root != kNoSyntax)
            out.program = std::move(m_program);
        return out;
    }

private:
    const SyntaxNode& node(SyntaxIndex i) const { return m_tree.nodes[i]; }

    void error(ErrorKind kind, SourceRange range, std::string message)
    {
        m_errors.push_back(makeError(kind, range, std::move(message), m_tree.where, m_tree.text));
    }

    void emit(Op op, SourceRange range, std::uint32_t arg = 0, std::uint16_t count = 0)
    {
        if (m_tooLarge)
            return;
        if (m_program->code.size() >= m_library.limits().maxInstructions) {
            m_tooLarge = true;
            error(ErrorKind::SizeLimit, range,
                "the template compiles to more than " + std::to_string(m_library.limits().maxInstructions)
                    + " instructions");
            return;
        }
        m_program->code.push_back(Instr { op, 0, count, arg });
        m_program->ranges.push_back(range);
    }

    void push(int n = 1)
    {
        m_depth += n;
        m_program->maxStack =
            std::max<std::uint32_t>(m_program->maxStack, static_cast<std::uint32_t>(std::max(0, m_depth)));
    }
    void pop(int n = 1) { m_depth -= n; }

    // A left-nested chain of binary operators ("1 + 2 + 3 + ...", thousands long) is walked down its left spine
    // without recursion; every other nesting is bounded by the parser's nesting limit.
    void expression(SyntaxIndex index)
    {
        std::vector<SyntaxIndex> spine;
        SyntaxIndex at = index;
        while (
            node(at).kind == SyntaxKind::Binary || (node(at).kind == SyntaxKind::Error && !node(at).children.empty())) {
            spine.push_back(at);
            at = node(at).children.front();
        }
        operand(at);
        for (auto it = spine.rbegin(); it != spine.rend(); ++it) {
            const SyntaxNode& n = node(*it);
            for (std::size_t c = 1; c < n.children.size(); ++c)
                expression(n.children[c]);
            if (n.kind == SyntaxKind::Binary)
                emit(binaryOp(n.op), n.range);
            pop(static_cast<int>(n.children.size()) - 1);
        }
    }

    void operand(SyntaxIndex index)
    {
        const SyntaxNode& n = node(index);
        switch (n.kind) {
        case SyntaxKind::Number:
            m_program->constants.push_back(n.value);
            emit(Op::Const, n.range, static_cast<std::uint32_t>(m_program->constants.size() - 1));
            push();
            return;
        case SyntaxKind::Parameter:
            parameter(n);
            return;
        case SyntaxKind::Negate:
            expression(n.children.front());
            emit(Op::Neg, n.range);
            return;
        case SyntaxKind::Plus:
        case SyntaxKind::Group:
            expression(n.children.front());
            return;
        case SyntaxKind::FunctionCall:
            functionCall(n);
            return;
        case SyntaxKind::ModuleCall:
            moduleCall(n);
            return;
        case SyntaxKind::Argument:
        case SyntaxKind::Error:
            // Reported by the parser; its well-formed parts are still checked for compile errors.
            for (SyntaxIndex c : n.children)
                expression(c);
            push();
            return;
        case SyntaxKind::Binary:
            expression(index);
            return;
        }
    }

    void parameter(const SyntaxNode& n)
    {
        if (std::find(m_parameterNames.begin(), m_parameterNames.end(), n.name) == m_parameterNames.end())
            m_parameterNames.push_back(n.name);
        if (m_signature) {
            const auto it = std::find(m_signature->begin(), m_signature->end(), n.name);
            if (it != m_signature->end()) {
                emit(Op::Param, n.range, static_cast<std::uint32_t>(it - m_signature->begin()));
                push();
                return;
            }
        }
        auto& names = m_program->contextNames;
        auto it = std::find(names.begin(), names.end(), n.name);
        if (it == names.end()) {
            names.push_back(n.name);
            m_program->contextSymbols.push_back(m_library.symbol(n.name).value_or(kNoSymbol));
            it = names.end() - 1;
        }
        emit(Op::Context, n.range, static_cast<std::uint32_t>(it - names.begin()));
        push();
    }

    void functionCall(const SyntaxNode& n)
    {
        const std::size_t argc = n.children.size();
        if (n.name == "if") {
            if (argc != 3) {
                error(ErrorKind::Arity, n.range,
                    "if() takes 3 arguments (condition, then, else), got " + std::to_string(argc));
                for (SyntaxIndex c : n.children)
                    expression(c);
                pop(static_cast<int>(argc));
                push();
                return;
            }
            // c; JumpIfFalse else; a; Jump end; else: b; end:  (only the chosen branch runs)
            const int depth = m_depth;
            expression(n.children[0]);
            const std::size_t jumpIfFalse = m_program->code.size();
            emit(Op::JumpIfFalse, node(n.children[0]).range);
            pop();
            expression(n.children[1]);
            const std::size_t jump = m_program->code.size();
            emit(Op::Jump, node(n.children[1]).range);
            if (!m_tooLarge)
                m_program->code[jumpIfFalse].arg = static_cast<std::uint32_t>(m_program->code.size());
            m_depth = depth;
            expression(n.children[2]);
            if (!m_tooLarge)
                m_program->code[jump].arg = static_cast<std::uint32_t>(m_program->code.size());
            m_depth = depth + 1;
            return;
        }
        const FunctionInfo* info = findFunction(n.name);
        const auto op = functionOp(n.name);
        if (!info || !op) {
            std::string known;
            for (const auto& f : functions())
                known += (known.empty() ? "" : ", ") + std::string(f.name);
            error(ErrorKind::UnknownFunction, n.nameRange,
                "unknown function '" + n.name + "'; the functions are " + known);
        }
        for (SyntaxIndex c : n.children)
            expression(c);
        if (info && op) {
            const int count = static_cast<int>(argc);
            if (count < info->minArguments || (info->maxArguments >= 0 && count > info->maxArguments)) {
                const std::string expected = info->maxArguments < 0 ? "at least " + std::to_string(info->minArguments)
                                                                    : std::to_string(info->minArguments);
                error(ErrorKind::Arity, n.range,
                    n.name + "() takes " + expected + " argument"
                        + (info->minArguments == 1 && info->maxArguments == 1 ? "" : "s") + ", got "
                        + std::to_string(count));
            } else {
                emit(*op, n.range, 0, static_cast<std::uint16_t>(count));
            }
        }
        pop(static_cast<int>(argc));
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

    static std::string joinSignature(const std::vector<std::string>& signature)
    {
        if (signature.empty())
            return "no parameters";
        std::string out;
        for (std::size_t i = 0; i < signature.size(); ++i)
            out += (i ? ", " : "") + signature[i];
        return out;
    }

    void moduleCall(const SyntaxNode& n)
    {
        const std::string key = normalizeModuleKey(n.name);
        if (std::find(m_calledKeys.begin(), m_calledKeys.end(), key) == m_calledKeys.end())
            m_calledKeys.push_back(key);
        const auto callee = m_library.find(key);
        const Library::Module* calleeModule = callee ? &m_library.m_modules[*callee] : nullptr;
        if (!callee) {
            std::string message;
            if (const std::string reason = m_library.exclusionReason(key); !reason.empty()) {
                message = "module '" + key + "' is not used: " + (reason == "rejected" ? "its entry is " : "") + reason;
            } else {
                message = "unknown module '" + key + "'";
                const std::string suggestion = suggestModule(key);
                if (!suggestion.empty())
                    message += "; did you mean '" + suggestion + "'?";
                else
                    message += ": no entry in the database";
            }
            error(ErrorKind::UnknownModule, n.nameRange, message);
        }
        CallSite site;
        site.callee = callee.value_or(0);
        std::vector<bool> boundSlots(calleeModule ? calleeModule->signature.size() : 0, false);
        std::size_t positional = 0;
        for (SyntaxIndex a : n.children) {
            const SyntaxNode& argument = node(a);
            if (argument.kind != SyntaxKind::Argument || argument.children.empty()) {
                expression(a);
                site.slots.push_back(0);
                continue;
            }
            const SyntaxIndex value = argument.children.front();
            std::optional<std::uint16_t> slot;
            if (calleeModule) {
                const auto& signature = calleeModule->signature;
                if (!argument.name.empty()) {
                    const auto it = std::find(signature.begin(), signature.end(), argument.name);
                    if (it == signature.end())
                        error(ErrorKind::UnknownParameter, argument.nameRange,
                            "'" + calleeModule->key + "' has no parameter '" + argument.name + "'; it takes "
                                + joinSignature(signature));
                    else
                        slot = static_cast<std::uint16_t>(it - signature.begin());
                } else if (positional >= signature.size()) {
                    error(ErrorKind::Arity, argument.nameRange,
                        "too many arguments: '" + calleeModule->key + "' takes " + std::to_string(signature.size())
                            + " (" + joinSignature(signature) + ")");
                } else {
                    slot = static_cast<std::uint16_t>(positional);
                }
            }
            if (argument.name.empty())
                ++positional;
            expression(value);
            if (slot) {
                if (boundSlots[*slot])
                    error(ErrorKind::Arity, argument.name.empty() ? node(value).range : argument.range,
                        "parameter '" + calleeModule->signature[*slot] + "' of '" + calleeModule->key
                            + "' is bound twice");
                boundSlots[*slot] = true;
                site.slots.push_back(*slot);
            } else {
                site.slots.push_back(0);
            }
        }
        const int argc = static_cast<int>(n.children.size());
        m_program->calls.push_back(std::move(site));
        emit(Op::Call, n.range, static_cast<std::uint32_t>(m_program->calls.size() - 1));
        pop(argc);
        push();
    }

    const Library& m_library;
    const SyntaxTree& m_tree;
    const std::vector<std::string>* m_signature;
    std::shared_ptr<Program> m_program;
    int m_depth = 0;
    bool m_tooLarge = false;
    std::vector<FormulaError> m_errors;
    std::vector<std::string> m_calledKeys;
    std::vector<std::string> m_parameterNames;
};

// ---------------------------------------------------------------------------------------------------------------
// Library

Library::Library()
    : m_id(g_nextLibraryId++)
{ }

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

Library Library::build(const std::vector<ModuleSpec>& specs, const Limits& limits,
    std::vector<std::pair<std::string, std::string>> excluded)
{
    Library lib;
    lib.m_limits = limits;
    for (auto& [key, reason] : excluded)
        lib.m_excluded.emplace_back(normalizeModuleKey(key), std::move(reason));
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
        m.status = spec.status.empty() ? std::string("validated") : spec.status;
        m.validator = spec.validator;
        m.reviewDate = spec.reviewDate;
        m.layer = spec.layer;
        lib.m_index.emplace(m.key, static_cast<ModuleId>(lib.m_modules.size()));
        lib.m_modules.push_back(std::move(m));
        accepted.push_back(&spec);
    }
    // Context names every template may fall back to, plus every ${name} the templates use, get symbols.
    for (const ContextVariable& v : contextVariables())
        lib.internSymbol(std::string(v.name));
    // Pass 2: compile.
    for (std::size_t i = 0; i < accepted.size(); ++i) {
        const ModuleSpec& spec = *accepted[i];
        Module& m = lib.m_modules[i];
        auto compileTemplate = [&](const std::string& text, const std::string& field) {
            const SyntaxTree tree = parse(text, m.key + " " + field, lib.m_limits);
            return TreeCompiler(lib, tree, &m.signature).run();
        };
        auto record = [&](const std::string& field, Compiled& out) {
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
            Compiled out = compileTemplate(*text, field);
            if (!out.errors.empty())
                m.compileError[static_cast<std::size_t>(kind)] = out.errors.front().message;
            record(field, out);
            m.programs[static_cast<std::size_t>(kind)] = std::move(out.program);
            m.calledKeys[static_cast<std::size_t>(kind)] = std::move(out.calledKeys);
            m.parameterNames[static_cast<std::size_t>(kind)] = std::move(out.parameterNames);
        }
        for (const auto& [name, text] : spec.breakdown) {
            const std::string field = "breakdown." + name;
            Compiled out = compileTemplate(text, field);
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
    // What each module's figures rest on that nobody reviewed: itself and everything its templates call.
    std::vector<std::vector<ModuleId>> callees(lib.m_modules.size());
    for (ModuleId id = 0; id < lib.m_modules.size(); ++id) {
        const Module& m = lib.m_modules[id];
        auto addCallees = [&](const std::vector<std::string>& keys) {
            for (const auto& key : keys) {
                if (const auto it = lib.m_index.find(key); it != lib.m_index.end())
                    callees[id].push_back(it->second);
            }
        };
        for (const auto& keys : m.calledKeys)
            addCallees(keys);
        addCallees(m.breakdownCalledKeys);
    }
    std::vector<std::uint32_t> seen(lib.m_modules.size(), 0);
    for (ModuleId root = 0; root < lib.m_modules.size(); ++root) {
        std::vector<ModuleId> stack { root };
        seen[root] = root + 1;
        while (!stack.empty()) {
            const ModuleId id = stack.back();
            stack.pop_back();
            if (lib.m_modules[id].status != "validated")
                lib.m_modules[root].unreviewed.push_back(id);
            for (ModuleId c : callees[id]) {
                if (seen[c] != root + 1) {
                    seen[c] = root + 1;
                    stack.push_back(c);
                }
            }
        }
        std::sort(lib.m_modules[root].unreviewed.begin(), lib.m_modules[root].unreviewed.end());
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
    const SyntaxTree tree = parse(text, where, m_limits);
    return TreeCompiler(*this, tree, nullptr).run();
}

Library::Compiled Library::compileOwned(
    std::string_view text, std::vector<std::string> signature, std::string_view where) const
{
    const SyntaxTree tree = parse(text, where, m_limits);
    return compile(tree, &signature);
}

Library::Compiled Library::compile(const SyntaxTree& tree, const std::vector<std::string>* signature) const
{
    Compiled out = TreeCompiler(*this, tree, signature).run();
    if (out.program && signature) {
        auto& program = const_cast<Program&>(*out.program);
        program.signature = *signature;
        for (const auto& name : *signature)
            program.signatureSymbols.push_back(symbol(name).value_or(kNoSymbol));
    }
    return out;
}

const std::string& Library::validator(ModuleId id) const
{
    return m_modules.at(id).validator;
}

const std::string& Library::reviewDate(ModuleId id) const
{
    return m_modules.at(id).reviewDate;
}

const std::string& Library::layer(ModuleId id) const
{
    return m_modules.at(id).layer;
}

const std::string& Library::status(ModuleId id) const
{
    return m_modules.at(id).status;
}

const std::vector<ModuleId>& Library::unreviewedDependencies(ModuleId id) const
{
    return m_modules.at(id).unreviewed;
}

std::string Library::exclusionReason(std::string_view key) const
{
    const std::string normalized = normalizeModuleKey(key);
    for (const auto& [k, reason] : m_excluded) {
        if (k == normalized)
            return reason;
    }
    return {};
}

} // namespace lmp::formula
