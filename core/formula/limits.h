// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>

namespace lmp::formula {

// Limits on what a template may ask of the parser, the compiler and the evaluator. Exceeding one is an error
// with a position, never a crash or a hang.
struct Limits
{
    std::uint32_t maxTemplateBytes = 64 * 1024; // a template's text
    std::uint32_t maxInstructions = 20000; // a template's compiled size
    std::uint32_t maxNesting = 200; // parentheses and calls nested inside one template
    std::uint32_t maxCallDepth = 64; // module calls nested at evaluation
    std::uint32_t maxArguments = 64; // arguments of one call
    std::uint64_t maxSteps = 100'000'000; // instructions one top-level evaluation may run (memo hits are free)
    std::uint32_t maxErrors = 100; // errors one template reports before the parser stops
};

} // namespace lmp::formula
