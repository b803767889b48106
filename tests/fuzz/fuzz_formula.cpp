// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the formula compiler and evaluator. The input is text: its first line is a free expression,
// every further line "key: template" defines a module with parameters (a, b, c), so templates that call
// each other (cycles, deep chains, argument explosions) are fuzzed as well as single expressions.

#include "formula/evaluator.h"
#include "formula/library.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace lmp::formula;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= input.size()) {
        const auto end = input.find('\n', start);
        lines.push_back(input.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos)
            break;
        start = end + 1;
    }

    std::vector<ModuleSpec> specs;
    ModuleSpec linear;
    linear.key = "torch.nn.Linear";
    linear.flopParameters = { "N", "in_features", "out_features" };
    linear.templates[0] = "2 * ${N} * ${in_features} * ${out_features}";
    linear.templates[2] = "${in_features} * ${out_features} * ${w_bytes}";
    specs.push_back(linear);
    for (std::size_t i = 1; i < lines.size() && specs.size() < 32; ++i) {
        const auto colon = lines[i].find(':');
        if (colon == std::string_view::npos)
            continue;
        ModuleSpec spec;
        spec.key = std::string(lines[i].substr(0, colon));
        spec.flopParameters = { "a", "b", "c" };
        spec.memoryParameters = { "w_bytes" };
        const std::string text(lines[i].substr(colon + 1));
        spec.templates[static_cast<std::size_t>(Kind::Flops)] = text;
        spec.templates[static_cast<std::size_t>(Kind::Reads)] = text;
        spec.breakdown.emplace_back("all", text);
        specs.push_back(std::move(spec));
    }
    Limits limits;
    limits.maxSteps = 200'000; // keeps each run short; the limit itself is what is being exercised
    const Library lib = Library::build(specs, limits);
    for (const auto& d : lib.diagnostics())
        (void)d.error.describeWithSource();

    Evaluator evaluator(lib);
    evaluator.setContext("a", Number::integer(3));
    evaluator.setContext("b", Number::integer(-5));
    evaluator.setContext("B", Number::integer(2));
    evaluator.setContext("S", Number::real(0.5));
    evaluator.setContext("w_bytes", Number::integer(2));
    const auto compiled = lib.compile(lines.empty() ? std::string_view() : lines[0]);
    if (compiled.ok()) {
        for (Kind kind : kAllKinds) {
            const auto r = evaluator.evaluate(*compiled.program, kind);
            if (!r.ok())
                (void)r.error().describeWithSource();
            else
                (void)r.value().toString();
        }
    } else {
        for (const auto& e : compiled.errors)
            (void)e.describeWithSource();
    }
    for (ModuleId id = 0; id < lib.moduleCount(); ++id) {
        evaluator.setMemoization(id % 2 == 0);
        (void)evaluator.evaluate(id, Kind::Flops);
        if (lib.breakdownSize(id))
            (void)evaluator.evaluateBreakdown(id, 0);
    }
    return 0;
}
