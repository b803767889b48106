// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// `db check`: validates a module database and reports every problem it finds, not just the first; checkEntry()
// runs the same rules on one untrusted entry (an agent's answer, an entry edited in the GUI) against a database.
//  1. schema: every schemaErrors() item; the key matches module_path; code_location lines are >= 1, in order;
//  2. every template compiles;
//  3. every module a template calls exists (and, for a single entry, has a valid entry);
//  4. no cycles in the call graph (all kinds), each cycle reported once as "A -> B -> A";
//  5. module_depends lists exactly the modules the templates call (FLOP templates and breakdown for
//     flop_analysis, memory templates for memory_analysis); missing and superfluous names reported apart;
//  6. every ${name} a template uses is a declared parameter (flop or memory) or a context variable
//     (formula::contextVariables());
//  7. on three sets of sample values, every template evaluates and the breakdown sums to formula_template
//     (exactly for integers, to a relative 1e-9 for reals). Every context variable is set in each set: byte sizes 2,
//     attn_eager 0, causal_half 0, pos_batch 1, N = logits_tokens = T = B * S, S_kv = P + S. Set 1 (prefill):
//     B=2, S=128, P=0, every other declared parameter 64; set 2 (prefill): B=3, S=96, P=0, parameters 96; set 3
//     (a decode step on a cache): B=4, S=1, P=511, parameters 32. An entry may set its own values with an
//     entry-level object "check_values": {"name": number}.

#include "formula/error.h"
#include "formula/number.h"
#include "jsontext.h"

#include <QString>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lmp::db {

class ModuleDatabase;
class LayeredDatabase;
class LazyDatabase;

// The rules, in the order they run for an entry.
enum class Rule {
    Json, // the entry's text is not JSON (checkEntry on text)
    Schema, // wrong type, missing field, bad status or date, duplicate key
    Key, // the key is not a module key, or is in the dotted form
    ModulePath, // module_path is not a class path, or names another module than the key
    CodeLocation, // line numbers below 1 or out of order
    TemplateSyntax, // a template does not compile (syntax, unknown function, arity, limits)
    UnknownModule, // a template calls a module the database does not hold (or holds an invalid entry for)
    Cycle, // the call graph has a cycle
    ModuleDepends, // module_depends differs from the modules the templates call
    UndeclaredParameter, // ${name} is neither a declared parameter nor a context variable
    CheckValues, // check_values is malformed or names an unknown parameter
    SampleValues, // a template fails to evaluate on sample values
    BreakdownSum, // the breakdown does not sum to formula_template on sample values
};

// "json", "schema", "key", "module_path", "code_location", "template_syntax", "unknown_module", "cycle",
// "module_depends", "undeclared_parameter", "check_values", "sample_values", "breakdown_sum"
std::string_view ruleName(Rule rule);

struct Problem
{
    std::string key; // the entry's key as in its file; empty for a problem of a whole file
    std::string field; // "flop_analysis.parameters[1]", "flop_analysis.breakdown.q_proj", "key", ... ("" = the entry)
    std::string message;
    QString file; // the database file; for checkEntry() the origin it was given (may be empty)
    int line = 0; // 1-based; 0 when not known. In the file, or for checkEntry() in the entry's text
    int column = 0; // 1-based, in characters; 0 when not known
    Rule rule = Rule::Schema;
    std::string pointer; // JSON pointer of the field inside the entry: /flop_analysis/formula_template ("" = the entry)
    // For problems inside a template: the error, its range in bytes of error->text (the template's text; for a
    // failure inside a called module, that module's template, named by error->where).
    std::optional<formula::FormulaError> formulaError;

    // "db.json:12:7: torch__nn__Linear: flop_analysis.parameters[1]: expected a string, found number"
    std::string describe() const;
    // describe(), then for a template problem the template's line with a caret and tildes under the error's range.
    std::string describeWithSource() const;
};

// Problems ordered by entry (file order, built-in layer first), then by rule.
std::vector<Problem> checkDatabase(const LayeredDatabase& database);
std::vector<Problem> checkDatabase(const ModuleDatabase& database);
// The same over the database as analyses read it: every built-in entry read on its own from its place in the
// built-in text at the file's positions (LazyDatabase::builtinEntries), under the user layer. It gives what
// checkDatabase() of the whole database gives, byte for byte; an entry that does not read on its own (a syntax error
// inside it) is a Rule::Json problem at its position in the file.
std::vector<Problem> checkDatabase(const LazyDatabase& database);

// Checks one entry stored under `key` as if it replaced the entry of that key in `base` (or were added to it),
// without changing base, and returns every problem of that entry, each rule applied as checkDatabase() does:
// schema, key and module_path, templates, calls into base, cycles that pass through the entry, module_depends,
// declared parameters and sample values. Problems of other entries are not reported, except where they make this
// one fail (a failure inside a called module names the call chain).
//
// From text (untrusted: any bytes): positions are in that text; a text that is not JSON (not UTF-8, a syntax error,
// nested deeper than kMaxJsonDepth) gives a single Rule::Json problem with its line and column.
std::vector<Problem> checkEntry(
    std::string_view key, std::string_view entryText, const LayeredDatabase& base, const QString& origin = {});
std::vector<Problem> checkEntry(
    std::string_view key, std::string_view entryText, const ModuleDatabase& base, const QString& origin = {});
// From a parsed entry: positions are in the entry pretty-printed with 2 spaces (Json::dump(2), as the GUI shows it).
std::vector<Problem> checkEntry(
    std::string_view key, const Json& entry, const LayeredDatabase& base, const QString& origin = {});
std::vector<Problem> checkEntry(
    std::string_view key, const Json& entry, const ModuleDatabase& base, const QString& origin = {});

// Text as std::string or const char* is text, not a JSON string value (Json converts from both).
template <class Text, class Base>
requires(
    std::is_convertible_v<const Text&,
        std::
            string_view> && !std::is_same_v<std::decay_t<Text>, Json> && !std::is_same_v<std::decay_t<Text>, std::string_view>)
    std::vector<Problem> checkEntry(
        std::string_view key, const Text& entryText, const Base& base, const QString& origin = {})
{
    return checkEntry(key, std::string_view(entryText), base, origin);
}

// The value a context variable takes in one of db check's sample sets (batch b, new tokens s, cached tokens p): every
// name formula::contextVariables() lists gets one. Other evaluations of entries on sample values (the Python
// export's test) use the same.
formula::Int sampleContextValue(std::string_view name, formula::Int b, formula::Int s, formula::Int p);

} // namespace lmp::db
