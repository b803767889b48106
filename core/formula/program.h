// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The compiled form of a template: a flat stack-machine program. Internal to the formula engine.

#include "error.h"
#include "library.h"
#include "number.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace lmp::formula {

enum class Op : std::uint8_t {
    Const, // push constants[arg]
    Param, // push the owner's parameter slot arg (bound value, else context fallback)
    Context, // push context value contextNames[arg]
    Neg,
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    JumpIfFalse, // pop; jump to arg when zero
    Jump, // jump to arg
    Call, // calls[arg]: pop its arguments, push the callee's value
    Min, // count operands
    Max, // count operands
    Ceil,
    Floor,
    CeilDiv,
    Log2,
    Sqrt,
};

struct Instr
{
    Op op;
    std::uint8_t pad = 0;
    std::uint16_t count = 0; // operands of Min/Max
    std::uint32_t arg = 0;
};
static_assert(sizeof(Instr) == 8);

struct CallSite
{
    ModuleId callee = 0;
    std::vector<std::uint16_t> slots; // the callee's parameter slot of each argument, in push order
};

inline constexpr std::uint32_t kNoSymbol = std::numeric_limits<std::uint32_t>::max();

class Program
{
public:
    std::string text;
    std::string where; // "torch__nn__Linear reads_template"
    std::uint64_t libraryId = 0; // the library that compiled it: its module ids and symbols are that library's
    // A free program compiled as owned by an entry (Library::compileOwned): its Param operands index this
    // signature; the evaluation binds it by name. Empty for other free programs (module templates use their
    // module's signature).
    std::vector<std::string> signature;
    std::vector<std::uint32_t> signatureSymbols;
    std::vector<Instr> code;
    std::vector<SourceRange> ranges; // one per instruction
    std::vector<Number> constants;
    std::vector<CallSite> calls;
    std::vector<std::string> contextNames; // Context operands
    std::vector<std::uint32_t> contextSymbols; // library symbol of each, or kNoSymbol
    std::uint32_t maxStack = 0;
};

} // namespace lmp::formula
