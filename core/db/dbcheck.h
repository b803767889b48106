// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// `db check`: validates a module database and reports every problem it finds, not just the first.
//  1. schema: every schemaErrors() item; the key matches module_path; code_location lines are >= 1, in order;
//  2. every template compiles;
//  3. every module a template calls exists;
//  4. no cycles in the call graph (all kinds), each cycle reported once as "A -> B -> A";
//  5. module_depends lists exactly the modules the templates call (FLOP templates and breakdown for
//     flop_analysis, memory templates for memory_analysis); missing and superfluous names reported apart;
//  6. every ${name} a template uses is a declared parameter (flop or memory) or a context variable;
//  7. on two sets of sample values, every template evaluates and the breakdown sums to formula_template
//     (exactly for integers, to a relative 1e-9 for reals). Sample set 1: B=2, S=128, P=0, S_kv=128, T=256, all byte
//     sizes 2, every other declared parameter 64; set 2: B=3, S=96, S_kv=96, T=288, parameters 96. An entry may set
//     its own values with an entry-level object "check_values": {"name": number}.

#include <QString>

#include <string>
#include <vector>

namespace lmp::db {

class ModuleDatabase;
class LayeredDatabase;

struct Problem
{
    std::string key; // the entry's key as in its file; empty for a problem of a whole file
    std::string field; // "flop_analysis.parameters[1]", "flop_analysis.breakdown.q_proj", "key", ... ("" = the entry)
    std::string message;
    QString file;
    int line = 0; // 1-based; 0 when not known

    // "db.json:12: torch__nn__Linear: flop_analysis.parameters[1]: expected a string, found number"
    std::string describe() const;
};

// The names every template may use without declaring them: B, S, P, S_kv, T, w_bytes, a_bytes, kv_bytes, dtype_bytes.
const std::vector<std::string>& contextVariables();

// Problems ordered by entry (file order, built-in layer first), then by rule.
std::vector<Problem> checkDatabase(const LayeredDatabase& database);
std::vector<Problem> checkDatabase(const ModuleDatabase& database);

} // namespace lmp::db
