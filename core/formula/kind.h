// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace lmp::formula {

// The figures a module entry has a template for. A call {key}(...) inside a template of one kind evaluates
// the callee's template of the same kind.
enum class Kind : std::uint8_t {
    Flops, // flop_analysis.formula_template: all floating-point work
    MatmulFlops, // flop_analysis.matmul_template: the part that runs as matrix products
    Reads, // memory_analysis.reads_template (bytes)
    Writes, // memory_analysis.writes_template (bytes)
    Intermediates, // memory_analysis.intermediates_template (bytes)
    Params, // memory_analysis.params_template (parameter elements the module owns, inclusive)
};
inline constexpr std::size_t kKindCount = 6;
inline constexpr std::array<Kind, kKindCount> kAllKinds = { Kind::Flops, Kind::MatmulFlops, Kind::Reads, Kind::Writes,
    Kind::Intermediates, Kind::Params };

// "flops", "matmul_flops", "reads", "writes", "intermediates", "params"
std::string_view kindName(Kind kind);
// The database field that holds the template: "formula_template", "matmul_template", "reads_template", ...
std::string_view kindTemplateField(Kind kind);
std::optional<Kind> kindFromName(std::string_view name);

} // namespace lmp::formula
