// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "library.h"
#include "number.h"
#include "residual.h"
#include "result.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lmp::formula {

struct NamedValue
{
    std::string name;
    Number value;
};

// The call tree of one evaluation, for the formula editor and the review pane: every module template the
// evaluation called, with the values bound by the call, its value and whether the memo answered it. calls[0]
// is the evaluated template or formula itself.
struct TraceCall
{
    static constexpr std::uint32_t kNoParent = 0xFFFFFFFFu;
    std::uint32_t parent = kNoParent;
    std::uint32_t depth = 0;
    std::optional<ModuleId> module; // nullopt for a free formula at the root
    std::string key; // the module key, or the formula's "where" at the root
    Kind kind = Kind::Flops;
    std::string callerWhere; // the template whose text holds the call ("" at the root)
    SourceRange callSite; // the call's text in that template
    std::vector<NamedValue> arguments; // the callee's parameters the call binds, in signature order
    std::optional<Number> value; // nullopt when the call failed
    bool memoHit = false; // answered by the memo: its own calls are not traced again
    std::vector<std::uint32_t> children;
};

struct Trace
{
    std::vector<TraceCall> calls;
    void clear() { calls.clear(); }
};

struct EvaluationStats
{
    std::uint64_t templateEvaluations = 0; // module templates run (memo hits excluded)
    std::uint64_t memoHits = 0;
};

// Evaluates compiled templates against an analysis context. Not thread-safe: one evaluator per thread,
// all sharing one Library. Calls are memoized on (module, kind, bound argument values); the memo is
// dropped whenever the context changes, because unbound parameters fall back to it.
class Evaluator
{
public:
    explicit Evaluator(const Library& library);
    ~Evaluator();
    Evaluator(const Evaluator&) = delete;
    Evaluator& operator=(const Evaluator&) = delete;

    // Context: the values every unbound ${name} falls back to (B, S, P, S_kv, T, w_bytes, ...).
    void setContext(std::string_view name, Number value);
    void setContext(std::span<const NamedValue> values);
    void unsetContext(std::string_view name);
    void clearContext();
    std::optional<Number> contextValue(std::string_view name) const;

    // Calls to from run to's templates instead (a model whose config selects another activation than the one
    // its entries were written for: GELU where the MLP's entry calls SiLU). Both must have the same call
    // signature; returns false (and changes nothing) otherwise. Top-level evaluations are never redirected.
    bool setRedirect(ModuleId from, ModuleId to);
    void clearRedirects();

    void setMemoization(bool enabled);
    bool memoization() const { return m_memoEnabled; }
    void clearMemo();

    // Evaluates a module's template of one kind. Named bindings bind the module's own parameters
    // (a name it does not declare is an error); every other parameter falls back to the context. With a trace,
    // the call tree is recorded into it (replacing what it held).
    Result<Number> evaluate(ModuleId id, Kind kind, std::span<const NamedValue> bindings = {}, Trace* trace = nullptr);
    // Evaluates one item of the module's FLOP breakdown, bound the same way.
    Result<Number> evaluateBreakdown(
        ModuleId id, std::size_t index, std::span<const NamedValue> bindings = {}, Trace* trace = nullptr);
    // Evaluates a free expression compiled by this evaluator's library; its module calls use templates of the
    // given kind. A program compiled as owned by an entry (Library::compileOwned) binds its signature from the
    // named bindings; other programs take no bindings. A program of another library is an error.
    Result<Number> evaluate(const Program& program, Kind kind = Kind::Flops, std::span<const NamedValue> bindings = {},
        Trace* trace = nullptr);

    // Evaluates as evaluate() does, without the memo, and records into residual what the value depends on: the
    // context and the bindings marked with a register of residual (kConstant: a value the same in every context).
    // Returns the value and its register; nullopt where the evaluation fails or hits a limit (evaluate() then gives
    // the error) or reads a name without a library symbol.
    std::optional<std::pair<Number, std::uint32_t>> record(Residual& residual, ModuleId id, Kind kind,
        std::span<const NamedValue> bindings, std::span<const std::uint32_t> bindingRegs);
    // The same for a free program without parameters (a deferred param's expression).
    std::optional<std::pair<Number, std::uint32_t>> record(Residual& residual, const Program& program);

    const EvaluationStats& stats() const { return m_stats; }
    // How many times the template (module, kind) ran, memo hits not counted.
    std::uint64_t evaluationCount(ModuleId id, Kind kind) const;
    void resetStats();

private:
    struct Impl;
    struct Recorder;
    std::unique_ptr<Impl> d;
    const Library& m_library;
    bool m_memoEnabled = true;
    EvaluationStats m_stats;
};

} // namespace lmp::formula
