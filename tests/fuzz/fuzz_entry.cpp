// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes checkEntry(), the check every untrusted entry (an agent's answer, an entry edited by hand) goes through
// before it may land in a database: arbitrary bytes as the entry's JSON text, checked against a small database
// (and its key taken from the input's first line). It must report problems, never crash, hang, throw or change
// the database it checks against.

#include "db/dbcheck.h"
#include "db/moduledatabase.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace lmp;

namespace {

const char* kBase = R"({"schema_version": 2, "modules": {
 "torch__nn__Linear": {"module_path": "torch.nn.Linear",
  "code_location": {"file": "torch/nn/modules/linear.py", "line_start": 124, "line_end": 125},
  "flop_analysis": {"thinking_process": "x @ W^T", "parameters": ["N", "in_features", "out_features"],
   "formula_template": "2 * ${N} * ${in_features} * ${out_features}",
   "matmul_template": "2 * ${N} * ${in_features} * ${out_features}", "module_depends": [], "breakdown": {}},
  "memory_analysis": {"thinking_process": "weights and input", "parameters": ["w_bytes", "a_bytes"],
   "reads_template": "${in_features} * ${out_features} * ${w_bytes} + ${N} * ${in_features} * ${a_bytes}",
   "writes_template": "${N} * ${out_features} * ${a_bytes}", "intermediates_template": "0",
   "params_template": "${in_features} * ${out_features}", "module_depends": []},
  "validation": {"status": "validated", "validator": "fuzz", "date": "2026-01-01", "notes": null}},
 "M": {"module_path": "M", "code_location": {"file": "m.py", "line_start": 1, "line_end": 2},
  "flop_analysis": {"thinking_process": "", "parameters": ["a"], "formula_template": "{Cand}(${a}) + 1",
   "module_depends": ["Cand"], "breakdown": {}},
  "memory_analysis": {"thinking_process": "", "parameters": [], "reads_template": "0", "writes_template": "0",
   "intermediates_template": "0", "module_depends": []},
  "validation": {"status": "pending", "validator": null, "date": null, "notes": null}}}})";

const db::ModuleDatabase& base()
{
    static const db::ModuleDatabase database =
        std::get<db::ModuleDatabase>(db::ModuleDatabase::fromJson(kBase, QStringLiteral("base.json")));
    return database;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view input(reinterpret_cast<const char*>(data), size);
    // First line: the key (empty: "Cand", which the base's M calls, so that cycles through it are reachable).
    std::string key = "Cand";
    if (const auto newline = input.find('\n'); newline != std::string_view::npos && newline <= 200) {
        if (newline > 0)
            key = std::string(input.substr(0, newline));
        input.remove_prefix(newline + 1);
    }
    static const std::string before = std::get<std::string>(base().toJsonText());
    const auto problems = db::checkEntry(key, input, base(), QStringLiteral("answer.json"));
    for (const auto& p : problems) {
        (void)p.describe();
        (void)p.describeWithSource();
        if (p.formulaError && p.formulaError->range.end < p.formulaError->range.begin)
            std::abort();
    }
    // The database checked against is never changed.
    const auto after = base().toJsonText();
    if (!std::holds_alternative<std::string>(after) || std::get<std::string>(after) != before)
        std::abort();
    return 0;
}
