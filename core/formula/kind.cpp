// SPDX-License-Identifier: GPL-3.0-or-later
#include "kind.h"

namespace lmp::formula {

std::string_view kindName(Kind kind)
{
    switch (kind) {
    case Kind::Flops:
        return "flops";
    case Kind::MatmulFlops:
        return "matmul_flops";
    case Kind::Reads:
        return "reads";
    case Kind::Writes:
        return "writes";
    case Kind::Intermediates:
        return "intermediates";
    case Kind::Params:
        return "params";
    }
    return "flops";
}

std::string_view kindTemplateField(Kind kind)
{
    switch (kind) {
    case Kind::Flops:
        return "formula_template";
    case Kind::MatmulFlops:
        return "matmul_template";
    case Kind::Reads:
        return "reads_template";
    case Kind::Writes:
        return "writes_template";
    case Kind::Intermediates:
        return "intermediates_template";
    case Kind::Params:
        return "params_template";
    }
    return "formula_template";
}

std::optional<Kind> kindFromName(std::string_view name)
{
    for (Kind kind : kAllKinds) {
        if (kindName(kind) == name || kindTemplateField(kind) == name)
            return kind;
    }
    if (name == "matmul")
        return Kind::MatmulFlops;
    return std::nullopt;
}

} // namespace lmp::formula
