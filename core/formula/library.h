// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"
#include "kind.h"
#include "number.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lmp::formula {

class Program;
using ModuleId = std::uint32_t;

struct Limits
{
    std::uint32_t maxTemplateBytes = 64 * 1024; // a template's text
    std::uint32_t maxInstructions = 20000; // a template's compiled size
    std::uint32_t maxNesting = 200; // parentheses and calls nested inside one template
    std::uint32_t maxCallDepth = 64; // module calls nested at evaluation
    std::uint32_t maxArguments = 64; // arguments of one call
    std::uint64_t maxSteps = 100'000'000; // instructions one top-level evaluation may run (memo hits are free)
};

// What the library needs of a database entry. Templates are text; nothing in them is ever executed.
struct ModuleSpec
{
    std::string key; // torch__nn__Linear or torch.nn.Linear (normalized to the first form)
    // The call signature is flopParameters followed by the memoryParameters not already in it:
    // positional arguments bind in that order, named arguments by name, for every kind.
    std::vector<std::string> flopParameters;
    std::vector<std::string> memoryParameters;
    // Indexed by Kind; nullopt where the entry has no such template (the figure is unknown, never zero).
    std::array<std::optional<std::string>, kKindCount> templates;
    // flop_analysis.breakdown: name -> FLOP expression over the same parameters.
    std::vector<std::pair<std::string, std::string>> breakdown;
};

// A compile error of one template of one module.
struct TemplateDiagnostic
{
    std::string moduleKey;
    std::string field; // "formula_template", "reads_template", "breakdown.q_proj", ...
    FormulaError error;
};

// Normalizes a module key: "torch.nn.Linear" -> "torch__nn__Linear"; a key already in that form is kept.
std::string normalizeModuleKey(std::string_view key);
// The dotted path of a key: "torch__nn__Linear" -> "torch.nn.Linear".
std::string modulePathFromKey(std::string_view key);
// Whether text is a well-formed module key or path (letters, digits, '_', '.', not empty, no leading digit).
bool isValidModuleKey(std::string_view key);

// The compiled templates of a set of modules, their signatures and the calls between them.
// Built once from the database, then shared read-only by any number of evaluators.
class Library
{
public:
    Library();
    ~Library();
    Library(Library&&) noexcept;
    Library& operator=(Library&&) noexcept;

    // Compiles every template of every module. Templates that do not compile are reported in
    // diagnostics() and fail at evaluation; the rest of the library stays usable.
    static Library build(const std::vector<ModuleSpec>& specs, const Limits& limits = {});

    const std::vector<TemplateDiagnostic>& diagnostics() const { return m_diagnostics; }
    const Limits& limits() const { return m_limits; }

    std::size_t moduleCount() const { return m_modules.size(); }
    // Accepts either key form.
    std::optional<ModuleId> find(std::string_view key) const;
    const std::string& key(ModuleId id) const;
    const std::vector<std::string>& signature(ModuleId id) const;
    // The compiled template, or null if the entry has none of that kind or it did not compile.
    const Program* program(ModuleId id, Kind kind) const;
    bool hasTemplate(ModuleId id, Kind kind) const;
    std::size_t breakdownSize(ModuleId id) const;
    const std::string& breakdownName(ModuleId id, std::size_t index) const;
    const Program* breakdownProgram(ModuleId id, std::size_t index) const;

    // Keys (normalized) of the modules a template calls, known or not, in order of first use.
    std::vector<std::string> calledModules(ModuleId id, Kind kind) const;
    std::vector<std::string> breakdownCalledModules(ModuleId id) const;
    // Names of the ${parameters} a template uses, in order of first use.
    std::vector<std::string> parameterNames(ModuleId id, Kind kind) const;
    std::vector<std::string> breakdownParameterNames(ModuleId id) const;

    // Compiles a free expression (command line, formula editor) against this library: module calls
    // resolve to its modules, every ${name} reads the evaluator's context.
    struct Compiled
    {
        std::shared_ptr<const Program> program;
        std::vector<FormulaError> errors;
        bool ok() const { return program != nullptr; }
    };
    Compiled compile(std::string_view text, std::string_view where = "formula") const;

    // Symbol ids of the names the library's templates use (context fallback is by symbol).
    std::optional<std::uint32_t> symbol(std::string_view name) const;
    std::size_t symbolCount() const { return m_symbolNames.size(); }
    const std::string& symbolName(std::uint32_t id) const { return m_symbolNames[id]; }

private:
    friend class Evaluator;
    friend class Compiler;

    struct Module
    {
        std::string key;
        std::vector<std::string> signature;
        std::vector<std::uint32_t> signatureSymbols;
        std::array<std::shared_ptr<const Program>, kKindCount> programs;
        std::array<bool, kKindCount> hasTemplate {};
        std::array<std::vector<std::string>, kKindCount> calledKeys;
        std::array<std::vector<std::string>, kKindCount> parameterNames;
        std::vector<std::string> breakdownNames;
        std::vector<std::shared_ptr<const Program>> breakdown;
        std::vector<std::string> breakdownCalledKeys;
        std::vector<std::string> breakdownParameterNames;
    };

    std::uint32_t internSymbol(const std::string& name);

    Limits m_limits;
    std::uint32_t m_maxProgramStack = 0; // the deepest operand stack of any template
    std::uint32_t m_maxSignature = 0; // the most parameters of any module
    std::vector<Module> m_modules;
    std::unordered_map<std::string, ModuleId> m_index;
    std::vector<std::string> m_symbolNames;
    std::unordered_map<std::string, std::uint32_t> m_symbols;
    std::vector<TemplateDiagnostic> m_diagnostics;
};

} // namespace lmp::formula
