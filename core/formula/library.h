// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "error.h"
#include "kind.h"
#include "limits.h"
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
    // validation.status of the entry: "validated", "pending" or "needs_changes". A rejected entry is never given
    // to a library (see Library::build's excluded list). Results that rest on an entry that is not validated are
    // marked as unreviewed.
    std::string status = "validated";
    // Who reviewed it and when (validation.validator and .date), "" when nobody did; the database layer it comes
    // from ("builtin" or "user", "" when not known). Shown with every figure that rests on the entry.
    std::string validator;
    std::string reviewDate;
    std::string layer;
};

struct SyntaxTree;

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
    // diagnostics() and fail at evaluation; the rest of the library stays usable. excluded: keys the database
    // holds but the library must not use, with the reason ("rejected"): a call to one is an error that says so.
    static Library build(const std::vector<ModuleSpec>& specs, const Limits& limits = {},
        std::vector<std::pair<std::string, std::string>> excluded = {});

    // A number no other library in this process has: a program compiled by this library carries it, and an
    // evaluator refuses a program of another library.
    std::uint64_t id() const { return m_id; }

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

    // The entry's review status ("validated", "pending", "needs_changes").
    const std::string& status(ModuleId id) const;
    bool reviewed(ModuleId id) const { return status(id) == "validated"; }
    const std::string& validator(ModuleId id) const;
    const std::string& reviewDate(ModuleId id) const;
    const std::string& layer(ModuleId id) const;
    // The entries whose templates the module's figures rest on that are not validated: itself, and every module
    // its templates call, directly or not. Empty when everything it rests on was reviewed.
    const std::vector<ModuleId>& unreviewedDependencies(ModuleId id) const;
    // Why the database's entry for key is not in this library ("rejected"), or "" when it is not excluded.
    std::string exclusionReason(std::string_view key) const;
    const std::vector<std::pair<std::string, std::string>>& excluded() const { return m_excluded; }

    // Compiles a free expression (command line, formula editor) against this library: module calls
    // resolve to its modules, every ${name} reads the evaluator's context.
    struct Compiled
    {
        std::shared_ptr<const Program> program;
        std::vector<FormulaError>
            errors; // syntax errors and compile errors (unknown module, arity, ...), in text order
        std::vector<std::string> calledKeys; // normalized, first use order, known or not
        std::vector<std::string> parameterNames; // every ${name}, first use order
        bool ok() const { return program != nullptr; }
    };
    Compiled compile(std::string_view text, std::string_view where = "formula") const;
    // Compiled as owned by an entry with this call signature: a ${name} of the signature is a parameter bound
    // by the evaluation's named bindings (falling back to the context when unbound), as in the entry's own
    // templates. The formula editor evaluates an edited template this way before it is saved.
    Compiled compileOwned(
        std::string_view text, std::vector<std::string> signature, std::string_view where = "formula") const;
    // The same from a tree parsed already (the editor parses once for highlighting and compiling). Compile
    // errors are checked even where the tree has syntax errors elsewhere; a program is made only without errors.
    Compiled compile(const SyntaxTree& tree, const std::vector<std::string>* signature = nullptr) const;

    // Symbol ids of the names the library's templates use (context fallback is by symbol).
    std::optional<std::uint32_t> symbol(std::string_view name) const;
    std::size_t symbolCount() const { return m_symbolNames.size(); }
    const std::string& symbolName(std::uint32_t id) const { return m_symbolNames[id]; }

private:
    friend class Evaluator;
    friend class Compiler;
    friend class TreeCompiler;

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
        std::string status = "validated";
        std::string validator;
        std::string reviewDate;
        std::string layer;
        std::vector<ModuleId> unreviewed;
        std::array<std::string, kKindCount> compileError; // the first error of a template that does not compile
    };

    std::uint32_t internSymbol(const std::string& name);

    std::uint64_t m_id = 0;
    Limits m_limits;
    std::vector<std::pair<std::string, std::string>> m_excluded;
    std::uint32_t m_maxProgramStack = 0; // the deepest operand stack of any template
    std::uint32_t m_maxSignature = 0; // the most parameters of any module
    std::vector<Module> m_modules;
    std::unordered_map<std::string, ModuleId> m_index;
    std::vector<std::string> m_symbolNames;
    std::unordered_map<std::string, std::uint32_t> m_symbols;
    std::vector<TemplateDiagnostic> m_diagnostics;
};

} // namespace lmp::formula
