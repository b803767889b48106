// SPDX-License-Identifier: GPL-3.0-or-later
// lmp's usage text and the dispatch of a command line to its command.
#include "cli.h"

#include "agentcommand.h"
#include "exportpython.h"
#include "formula/context.h"
#include "session.h"

#include <QCoreApplication>

namespace lmp::cli {

namespace {

const char* kUsage = R"(Usage: lmp COMMAND [OPTIONS]

FLOPs, bytes and time of PyTorch modules from reviewed formula templates.

Commands:
  inspect MODEL [--depth N] [--expand] [--format text|json]
                        The module tree of a model, as transformers' named_modules() lists it, with
                        classes and exact parameter counts. MODEL is a config.json, a folder holding one,
                        or a Hugging Face model id (local cache first, then the built-in catalogue).
  models                The model ids of the built-in catalogue.
  analyze MODEL [--batch N] [--seq N] [--past N] [--phase prefill|decode|train] [--weight-dtype D]
          [--act-dtype D] [--kv-dtype D] [--hardware ID] [--attention eager|sdpa] [--causal full|half]
          [--logits all|last] [--images N] [--image-size WxH] [--execution eager|fused] [--tf32 on|off]
          [--validated-only] [--depth N] [--format table|json|csv|markdown] [-o FILE]
                        FLOPs (total and matmul), bytes read, written and materialized, parameters,
                        intensity, bound, and the time of every module: expected (measured kernel
                        efficiencies, floors and launch costs) and the roofline bound. --execution
                        eager times transformers' forward op by op (the default); fused an inference
                        engine's kernels (fused QKV and gate/up GEMMs, fused norms, flash attention,
                        CUDA graphs in decode) and its cache layout (MLA keeps the latent). fp32
                        matmuls run at the fp32 rate unless --tf32 on. Dtypes: fp32, bf16, fp16,
                        fp8, int8, int4. Decode is --seq new tokens (default 1) on --past cached ones.
                        Says how many modules use formulas nobody validated yet (pending or
                        needs_changes); rejected entries are never used. --validated-only uses
                        validated entries alone (a module without one sums its children, or is
                        reported as unknown).
  sweep MODEL --over seq|batch|past --values LIST|START:STOP:STEP [--metric M[,M...]] [analyze options]
                        One analysis per value; metrics: flops, matmul_flops, reads, writes,
                        intermediates, time_s (expected), roofline_s, kv_cache_bytes, footprint_bytes (default: all). The same
                        meanings as the window's sweep, in every phase: seq is the sequence length after
                        the step (cached + new tokens; a decode step produces token L), batch the
                        sequences, past the tokens cached before the step (a prefill continues after them).
  generate MODEL --hardware ID [--prompt P] [--tokens N] [analyze options] [--format text|json|csv]
                        Serving one batch: time to first token (the prefill of P tokens, default 1024),
                        time per output token as the cache grows (N tokens in all, default 256),
                        end-to-end time, tokens per second, and the KV cache against the device's
                        memory; expected times and roofline bounds. Long generations analyse 65
                        evenly spaced decode steps and interpolate between them.
  plot roofline|breakdown|sweep MODEL [analyze options] -o FILE.png|svg|pdf [--size WxH] [--scale N]
       [--group class|layer] [--metric M] [--over seq|batch|past --from N --to N --points N]
                        One chart, drawn without a window: the roofline (needs --hardware), where the work
                        goes (breakdown per class or per layer; metric time, flops, matmul_flops, traffic,
                        params) or a sweep (prefill and decode; metric time, flops, traffic, intensity,
                        kv_cache, footprint). PNG at WxH pixels times --scale; SVG and PDF as vectors.
  report MODEL [analyze options] -o FILE.html|md|csv|json|pdf|txt [--format F]
                        The whole analysis for someone who never ran the program: settings, device and
                        its sources, totals, every module, the formulas with their review status and
                        reviewer, the conventions. HTML is one self-contained file (charts embedded,
                        sortable tables); PDF is printed from it.
  compare MODEL_A [MODEL_B] [analyze options] [--a-OPTION V] [--b-OPTION V] [-o FILE] [--format F]
                        Two models, or one model under two settings, side by side per module with
                        differences (exact) and ratios. Options apply to both sides; --a-/--b- options
                        (--b-weight-dtype fp8, --a-hardware nvidia-a100-80gb, --b-phase decode, ...) to one.
                        Without MODEL_B, both sides are MODEL_A. Written like a report.
  export-python DIR [--db FILE] [--no-builtin] [--validated-only]
                        Write the database as the Python package DIR/generated_modules: compute_flops(
                        module_path, **params) and the same for every kind, a registry with dependency
                        resolution and cycle detection, one class per module, and a safe evaluator of the
                        templates (a parser, no eval) giving exactly this program's numbers. Python 3.9+,
                        standard library only.
  hardware list|show ID The accelerator profiles and the datasheet figures they come from.
  eval FORMULA [-p NAME=VALUE]... [--kind KIND]
                        Evaluate a formula; ${NAME} reads the -p values, {module}(...) calls the database.
  compute MODULE [-p NAME=VALUE]... [--format text|json]
                        Evaluate every template of a database entry (flops, matmul_flops, reads, writes,
                        intermediates, params) and its FLOP breakdown.
  db check              Check the database: schema, templates, dependencies, cycles, breakdown sums,
                        declared parameters. Prints file:line:column: module: field: message, and the
                        template's line with a caret under a template error. Exit 1 when it finds problems.
  db list               List the entries with their status and layer.
  db show MODULE        Print an entry.
  db history MODULE [--format text|json]
                        Every revision of an entry on both layers: number, layer, date, author, action,
                        notes and the changed fields (old -> new).
  db diff MODULE [REV_A REV_B]
                        Word-level diff between two revisions ([-removed-]{+added+}); default: the
                        revision before the last one against the current entry. A revision is N,
                        builtin:N, user:N (0: before the first revision) or current.
  agent MODULE_PATH|MODEL [--db FILE] [--source-root DIR]... [--python EXE] [--provider command|anthropic|openai]
        [--command CMD] [--base-url URL] [--model NAME] [--timeout S] [--concurrency N] [--no-repair] [--dry-run]
                        Draft with an LLM agent what the database lacks: the entry of a module class, every
                        entry a model's modules lack, or the architecture definition (and entries) of a
                        model whose config has none. Drafts are checked and land as pending for review;
                        nothing in an answer is run. --dry-run prints the prompts. The API key comes from
                        ANTHROPIC_API_KEY / OPENAI_API_KEY / LMP_API_KEY or the system keychain. Exit 0: the
                        drafts landed; 1: an answer was refused (reasons on stderr); 2: bad usage or the
                        provider failed.
  db validate MODULE --reviewer NAME [--notes TEXT]
  db reject MODULE --reviewer NAME [--notes TEXT]
  db request-changes MODULE --reviewer NAME [--notes TEXT]
                        Record a review in the user database, with a history revision.

Options:
  -p, --param NAME=VALUE  A parameter or context value (see the context variables below, or any
                          template parameter). VALUE is a number or a formula.
  --db FILE               The user database (default: the user's data folder). It overrides the
                          built-in database entry by entry; reviews are written to it. A file that
                          does not exist yet is an empty database, created by the first review.
  --no-builtin            Use only the --db file, without the built-in database.
  --kind KIND             flops, matmul_flops, reads, writes, intermediates or params (eval; default flops).
  --format FORMAT         text or json (default text); analyze also csv, markdown, html, pdf.
  --no-memo               Evaluate without the memo cache.
  --validated-only        analyze, sweep, compute, eval: use validated database entries only.
  --depth N               inspect: show N levels below the model (default: all).
  --expand                inspect: list every instance of repeated blocks instead of grouping them.
  -h, --help              This help.
  --version               The version.

Exit status: 0 success, 1 a check found problems, 2 bad usage or bad input (message on stderr).
)";

// The context variables every template may use, from the one definition the formula language has.
std::string contextHelp()
{
    std::string out = "\nContext variables (every template may use them; the analysis sets them):\n";
    for (const auto& v : formula::contextVariables())
        out += "  " + std::string(v.name) + std::string(v.name.size() < 22 ? 22 - v.name.size() : 1, ' ')
            + std::string(v.description) + "\n";
    out += "Functions:";
    for (const auto& f : formula::functions())
        out += " " + std::string(f.signature);
    return out + "\n";
}

} // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)
{
    Options options;
    try {
        options = parseOptions(args);
    } catch (const UsageError& e) {
        err << "lmp: " << e.message << "\nTry 'lmp --help'.\n";
        return BadInput;
    }
    if (options.version) {
        out << "lmp " << QCoreApplication::applicationVersion().toStdString() << "\n";
        return Success;
    }
    if (options.help || options.positional.empty()) {
        (options.help ? out : err) << kUsage << contextHelp();
        return options.help ? Success : BadInput;
    }
    Session session(options, out, err);
    const std::string& command = options.positional.front();
    if (command == "eval")
        return session.eval();
    if (command == "inspect")
        return session.inspect();
    if (command == "models")
        return session.models();
    if (command == "analyze")
        return session.analyze();
    if (command == "sweep")
        return session.sweep();
    if (command == "generate")
        return session.generate();
    if (command == "export-python") {
        if (options.positional.size() != 2) {
            err << "lmp: export-python takes one DIR (the package is written to DIR/generated_modules)\n";
            return BadInput;
        }
        std::optional<std::string> db;
        if (options.db)
            db = options.db->toStdString();
        return runExportPython({ options.positional[1], db, options.noBuiltin, options.validatedOnly }, out, err);
    }
    if (command == "plot") {
        if (options.positional.size() != 3) {
            err << "lmp: plot takes a chart (roofline, breakdown or sweep) and one MODEL\n";
            return BadInput;
        }
        if (!options.output) {
            err << "lmp: plot needs -o FILE.png, .svg or .pdf\n";
            return BadInput;
        }
        PlotArgs plot;
        plot.kind = options.positional[1];
        plot.model = options.positional[2];
        for (const auto& [name, value] : options.analysis) {
            if (name == "hardware")
                plot.hardware = value;
            else if (name == "over" || name == "metric")
                plot.chart[name] = value;
            else if (name != "values")
                plot.analysis[name] = value;
        }
        if (options.analysis.count("values")) {
            err << "lmp: plot sweep takes --from, --to and --points, not --values\n";
            return BadInput;
        }
        plot.database = options.db;
        plot.validatedOnly = options.validatedOnly;
        plot.output = *options.output;
        for (const auto& [name, value] : options.chart) {
            if (name == "size")
                plot.size = value;
            else if (name == "scale")
                plot.scale = value;
            else
                plot.chart[name] = value;
        }
        return plotChart(plot, out, err);
    }
    if (command == "report")
        return session.reportCommand();
    if (command == "compare")
        return session.compareCommand();
    if (command == "hardware")
        return session.hardwareCommand();
    if (command == "compute")
        return session.compute();
    if (command == "db")
        return session.db();
    if (command == "agent") {
        if (options.positional.size() != 2) {
            err << "lmp: agent takes one MODULE_PATH or MODEL\n";
            return BadInput;
        }
        return runAgent(
            { options.positional[1], options.db, options.sourceRoots, options.agent, options.dryRun, options.noRepair },
            out, err);
    }
    err << "lmp: unknown command '" << command << "'\nTry 'lmp --help'.\n";
    return BadInput;
}

} // namespace lmp::cli
