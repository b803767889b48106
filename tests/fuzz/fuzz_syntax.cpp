// SPDX-License-Identifier: GPL-3.0-or-later
// Fuzzes the tools' view of the formula language: the tokenizer, the recovering parser and the compiler from the
// syntax tree, with the queries tools make of a tree. Properties checked on every input (a violation aborts):
// tokens are ordered, inside the text and end with End; every error has a non-empty range inside the text (or just
// past its end); a tree without errors compiles to the same verdict as compiling the text; the tree's root spans
// the text it parsed.

#include "formula/evaluator.h"
#include "formula/library.h"
#include "formula/syntax.h"
#include "formula/token.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace lmp::formula;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

const Library& library()
{
    static const Library lib = [] {
        ModuleSpec linear;
        linear.key = "torch.nn.Linear";
        linear.flopParameters = { "N", "in_features", "out_features" };
        linear.templates[0] = "2 * ${N} * ${in_features} * ${out_features}";
        ModuleSpec block;
        block.key = "M";
        block.flopParameters = { "a", "b" };
        block.templates[0] = "{torch__nn__Linear}(N=${a}, in_features=${b}, out_features=${b}) + ${a}";
        return Library::build({ linear, block });
    }();
    return lib;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto tokens = tokenize(text);
    check(!tokens.empty() && tokens.back().kind == TokenKind::End);
    std::uint32_t previous = 0;
    for (const Token& t : tokens) {
        check(t.range.begin >= previous && t.range.end <= text.size() && t.range.begin <= t.range.end);
        previous = t.range.end;
        if (t.kind == TokenKind::Error)
            check(!lexProblemMessage(text, t).empty() && t.inner.begin < t.inner.end);
        (void)describeToken(text, t);
    }

    const SyntaxTree tree = parse(text);
    for (const auto& e : tree.errors) {
        check(e.range.begin < e.range.end);
        check(e.range.begin <= text.size());
        (void)e.describeWithSource();
    }
    if (tree.ok()) {
        const SyntaxNode& root = tree.node(tree.root);
        check(root.range.end <= text.size());
    }
    (void)tree.parameters();
    (void)tree.moduleCalls();
    (void)tree.usesParameter("a");
    (void)tree.callsModule("torch.nn.Linear");

    const Library& lib = library();
    const std::vector<std::string> signature { "a", "b" };
    const auto owned = lib.compile(tree, &signature);
    const auto free = lib.compile(text);
    check(owned.ok() == free.ok()); // the signature decides what ${name} reads, never whether it compiles
    check(!owned.ok() || tree.ok());
    if (owned.ok()) {
        Evaluator evaluator(lib);
        evaluator.setContext("B", Number::integer(2));
        const std::vector<NamedValue> bindings { { "a", Number::integer(3) }, { "b", Number::integer(-5) } };
        Trace trace;
        const auto result = evaluator.evaluate(*owned.program, Kind::Flops, bindings, &trace);
        if (result.ok())
            check(!trace.calls.empty() && trace.calls.front().value.has_value());
    }
    return 0;
}
