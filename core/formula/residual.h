// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "number.h"
#include "program.h"

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <tuple>
#include <vector>

namespace lmp::formula {

// What is left of evaluations once everything that does not depend on the context is computed: a straight-line
// program over registers, recorded by Evaluator::record() as it evaluates. Identical sub-expressions are computed
// once, and each branch the recording took on a context value is a guard. run() then gives, for a new context, the
// same values an evaluation gives, bit for bit: the same operations in the same order on the same operands.
class Residual
{
public:
    static constexpr std::uint32_t kConstant = 0xFFFFFFFFu;

    // Runs the program on a context (values by library symbol). false when a guard fails (the evaluation would take
    // another branch), an operation fails (division by zero, overflow, ...) or the context lacks a value: the caller
    // evaluates instead, which gives the same values or the error with its message.
    bool run(std::span<const std::optional<Number>> context);
    Number value(std::uint32_t reg) const
    {
        if (m_typed)
            return m_isInt[reg] ? Number::integer(m_slots[reg].i) : Number::real(m_slots[reg].d);
        return m_regs[reg];
    }
    // The last run() ran on machine words: every value had the type it had when recorded, integers within 64 bits.
    bool ranTyped() const { return m_typed; }
    std::size_t instructions() const { return m_code.size(); }
    std::size_t guards() const { return m_guards; }

private:
    friend class Evaluator;
    // The interpreter's operations (program.h): Context loads context[a]; JumpIfFalse is a guard (regs[a] must be
    // truthy when b is 1, falsy when 0); the others compute dst from count operands: registers a (and b), or for
    // Min and Max the registers m_operands[a .. a + count).
    struct Instr
    {
        Op op;
        std::uint16_t count = 0;
        std::uint32_t dst = 0, a = 0, b = 0;
    };

    std::uint32_t constant(const Number& n);
    std::uint32_t context(std::uint32_t symbol, const Number& value);
    // An operation's result register (the earlier one for the same operation on the same registers).
    std::uint32_t operation(Op op, const std::vector<std::uint32_t>& operands, const Number& value);
    void guard(std::uint32_t reg, bool truthy);

    // The program over machine words that run() tries first: each register keeps the type its recorded value had (an
    // integer in 64 bits or a real), so that a sum is one add with an overflow check. A value of another type, an
    // integer past 64 bits or any failure stops it, and the Number program runs instead, from the start.
    union Word {
        std::int64_t i;
        double d;
    };
    enum class Typed : std::uint8_t {
        LoadInt,
        LoadReal,
        GuardInt,
        GuardReal,
        AddInt,
        SubInt,
        MulInt,
        DivInt, // integers whose quotient was exact
        DivIntToReal, // integers whose quotient was not
        AddReal, // reals, or an integer and a real (conv: bit 0 a, bit 1 b is an integer)
        SubReal,
        MulReal,
        DivReal,
        Other, // any other operation, on Numbers
    };
    struct TypedInstr
    {
        Typed op;
        Op generic;
        std::uint8_t conv = 0;
        std::uint32_t dst = 0, a = 0, b = 0; // Other with Min, Max: a is the first of m_operands, b the count
    };
    void prepareTyped();
    bool runTyped(std::span<const std::optional<Number>> context);

    std::vector<Instr> m_code;
    std::vector<Number> m_regs; // constants keep their values; the others are written by run()
    std::vector<std::uint32_t> m_operands;
    std::vector<Number> m_scratch; // Min's and Max's operands, copied in by run()
    std::size_t m_guards = 0;
    std::vector<std::uint8_t> m_isInt; // by register: its recorded value is an integer
    std::vector<TypedInstr> m_typedCode;
    std::vector<Word> m_slots;
    std::size_t m_preparedFor = 0; // m_code.size() when m_typedCode was built
    bool m_typedUsable = false; // every constant fits its word
    bool m_typed = false; // the last run() ran typed: the values are in m_slots
    std::map<std::tuple<bool, Int, double>, std::uint32_t> m_constants;
    std::map<std::uint32_t, std::uint32_t> m_contexts;
    std::map<std::pair<Op, std::vector<std::uint32_t>>, std::uint32_t> m_seen;
    std::map<std::uint32_t, bool> m_guarded;
};

} // namespace lmp::formula
