#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Timing of LLM-Viewer's analyser on Llama-2-7B, for comparison with lmp.

LLM-Viewer (https://github.com/hahnyuan/LLM-Viewer) estimates the operations,
memory traffic and roofline time of a transformer from its Hugging Face
configuration.  This script times its ModelAnalyzer.analyze() on the same
case lmp's benchmarks use: Llama-2-7B, sequence length 2048, batch 1, 16-bit
weights, activations and KV cache, on a GPU of LLM-Viewer's hardware table.

What it measures
    1. In-process: ModelAnalyzer.analyze(seqlen, batchsize, w_bit, a_bit,
       kv_bit, use_flashattention) timed with time.perf_counter_ns, --warmup
       calls first, then --runs timed calls; median, minimum and count.
       One analyze() call computes BOTH phases, interleaved in one pass: the
       prefill of `seqlen` tokens and one decode step with a KV cache of
       `seqlen` tokens.  The code offers no way to run one phase alone, so
       the timing covers both phases; it is not split per phase.
    2. Cold first call, in a fresh process: from just before LLM-Viewer's
       modules are imported (transformers stub, model_analyzer import,
       ModelAnalyzer construction including reading config.json) to the
       first result.  Measured in each child of (3); median and minimum.
    3. Whole process: `python3 -c 'import llm_viewer_timing ...' --child ...`
       (interpreter start, import, one analysis, exit; this script imported
       as a module and run in its --child mode), wall time from spawn to reaped
       exit, median of --process-runs runs, next to `python3 -c pass`
       measured alternately as the interpreter's own floor.  Both are run
       twice: with the normal start-up and with `python3 -S` (no site
       module, so no .pth hooks of the installed site-packages, which can
       cost tens of milliseconds; LLM-Viewer's analyser needs only the
       standard library).  The interpreter is sys.executable.  Children get
       PYTHONPYCACHEPREFIX set to a temporary folder (and no
       PYTHONDONTWRITEBYTECODE), so LLM-Viewer's bytecode is cached as in a
       normal installation without writing into its checkout.

    The total OPs LLM-Viewer reports for prefill and decode are printed with
    the timings, so the reader can see what was computed.

    4. With --bench-analysis PATH (build/bin/bench_analysis), LM-Predictor's
       analyses of the same model are timed in the same sitting, right after
       (1): one prefill and one decode analysis on an H100 through
       analysis::Analyzer, as a sweep or the window repeats them.  The ratio
       is LLM-Viewer's call against LM-Predictor's prefill plus decode, and
       per phase against half of LLM-Viewer's call (its two phases cannot be
       timed apart).

No network, no transformers
    A fake `transformers` module is put into sys.modules before LLM-Viewer is
    imported.  Its AutoConfig.from_pretrained(model_id, trust_remote_code=...)
    returns a types.SimpleNamespace of the values in --config (a Hugging Face
    config.json), with num_key_value_heads defaulting to num_attention_heads
    as transformers' LlamaConfig does.  model_analyzer.py imports nothing
    else outside the standard library and LLM-Viewer itself, so nothing else
    is stubbed (numpy and torch are only used by its CLI and web back end).

How to run
    git --git-dir=/path/to/LLM-Viewer.git archive HEAD | tar -x -C /tmp/llm-viewer
    python3 tests/bench/llm_viewer_timing.py --llm-viewer /tmp/llm-viewer
    python3 tests/bench/llm_viewer_timing.py --llm-viewer /tmp/llm-viewer \\
        --config resources/configs/meta-llama__Llama-2-7b-hf.json \\
        --hardware nvidia_H100 --runs 200 --json /tmp/llm_viewer.json

    Python 3.9 or later, standard library only.  Exit status 0 on success.
"""

# Only what the child mode needs is imported at the top, so that the
# whole-process figure is not inflated by this script's own imports; json is
# imported where config.json is read, inside the timed window.
import os
import sys
import time
import types

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CONFIG = os.path.join(os.path.dirname(os.path.dirname(HERE)),
                              "resources", "configs", "meta-llama__Llama-2-7b-hf.json")


def install_transformers_stub(config_path):
    """Put a fake `transformers` into sys.modules; AutoConfig reads config_path."""
    import json
    with open(config_path, encoding="utf-8") as f:
        values = json.load(f)
    if values.get("num_key_value_heads") is None and "num_attention_heads" in values:
        values["num_key_value_heads"] = values["num_attention_heads"]

    class AutoConfig:
        @staticmethod
        def from_pretrained(model_id, trust_remote_code=False, **kwargs):
            return types.SimpleNamespace(**values)

    class _NotAvailable:
        @staticmethod
        def from_pretrained(*args, **kwargs):
            raise RuntimeError("the transformers stub only provides AutoConfig")

    mod = types.ModuleType("transformers")
    mod.__doc__ = "stub: AutoConfig from a local config.json, nothing else"
    mod.AutoConfig = AutoConfig
    mod.AutoTokenizer = _NotAvailable
    mod.AutoModelForCausalLM = _NotAvailable
    sys.modules["transformers"] = mod
    return values


def load_analyzer(p):
    """Stub transformers, import LLM-Viewer and build its ModelAnalyzer for p."""
    install_transformers_stub(p["config"])
    sys.path.insert(0, p["llm_viewer"])
    # model_analyzer imports its config module relative to sys.path, and
    # prints one line while constructing; keep that line off our output.
    import contextlib
    import io
    from model_analyzer import ModelAnalyzer
    with contextlib.redirect_stdout(io.StringIO()):
        analyzer = ModelAnalyzer(p["model_id"], p["hardware"], config_file=p["viewer_config"])
    return analyzer


def analyze(analyzer, p):
    return analyzer.analyze(
        seqlen=p["seqlen"], batchsize=p["batchsize"], w_bit=p["bits"], a_bit=p["bits"],
        kv_bit=p["bits"], use_flashattention=p["flash"])


INT_PARAMS = ("seqlen", "batchsize", "bits")


def encode_params(p):
    """The parameters as KEY=VALUE arguments for the child (no json needed to read them)."""
    return [f"{k}={int(v) if isinstance(v, bool) else v}" for k, v in p.items()]


def decode_params(items):
    p = dict(item.split("=", 1) for item in items)
    for k in INT_PARAMS:
        p[k] = int(p[k])
    p["flash"] = p["flash"] == "1"
    return p


def child_main(items):
    """--child: import + one analysis in a fresh process; print the cold time."""
    t0 = time.perf_counter_ns()
    p = decode_params(items)
    analyzer = load_analyzer(p)
    t1 = time.perf_counter_ns()
    results = analyze(analyzer, p)
    t2 = time.perf_counter_ns()
    print(f"cold_ns={t2 - t0} import_and_construct_ns={t1 - t0} first_analyze_ns={t2 - t1} "
          f"prefill_OPs={results['total_results']['prefill']['OPs']!r}")
    return 0


def parse_child_output(text):
    fields = dict(item.split("=", 1) for item in text.strip().splitlines()[-1].split())
    return {k: (float(v) if k == "prefill_OPs" else int(v)) for k, v in fields.items()}


# --------------------------------------------------------------------------
# Parent mode


def spawn_timed(argv, env=None):
    """Run argv, capture stdout; return (wall_ns, stdout_text, maxrss_kib)."""
    import subprocess
    t0 = time.perf_counter_ns()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    pid = proc.pid
    # Drain the pipes first (the outputs are tiny), then reap with wait4.
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, rusage = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    proc.returncode = os.waitstatus_to_exitcode(status)
    proc.stdout.close(); proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed with status {proc.returncode}:\n"
                           f"{err.decode(errors='replace')[-4000:]}")
    return t1 - t0, out.decode(), rusage.ru_maxrss


def fmt_us(ns):
    return f"{ns / 1e3:,.1f} us"


def fmt_ms(ns):
    return f"{ns / 1e6:,.2f} ms"


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return child_main(sys.argv[2:])

    import argparse
    import json
    import platform
    import statistics
    import subprocess

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--llm-viewer", required=True, metavar="PATH",
                    help="checkout of hahnyuan/LLM-Viewer (the folder holding model_analyzer.py)")
    ap.add_argument("--config", default=DEFAULT_CONFIG, metavar="PATH",
                    help="Hugging Face config.json (default: %(default)s)")
    ap.add_argument("--model-id", default=None,
                    help="model id given to LLM-Viewer (default: _name_or_path of the config)")
    ap.add_argument("--viewer-config", default="configs/Llama.py",
                    help="LLM-Viewer's model description, relative to its checkout (default: %(default)s)")
    ap.add_argument("--hardware", default="nvidia_H100",
                    help="key of LLM-Viewer's hardware_params (default: %(default)s)")
    ap.add_argument("--seqlen", type=int, default=2048)
    ap.add_argument("--batchsize", type=int, default=1)
    ap.add_argument("--bits", type=int, default=16, help="weight, activation and KV bits (default 16)")
    ap.add_argument("--flash-attention", action="store_true",
                    help="use_flashattention=True (default: LLM-Viewer's default, False)")
    ap.add_argument("--runs", type=int, default=200, help="timed in-process calls (default 200)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed calls first (default 20)")
    ap.add_argument("--process-runs", type=int, default=11,
                    help="whole-process runs (default 11)")
    ap.add_argument("--commit", default=None,
                    help="LLM-Viewer commit to record when the checkout has no .git "
                         "(default: git rev-parse HEAD in the checkout)")
    ap.add_argument("--bench-analysis", metavar="PATH",
                    help="LM-Predictor's bench_analysis, to time its analyses in the same sitting")
    ap.add_argument("--json", metavar="OUT", help="also write the results as JSON")
    args = ap.parse_args()

    viewer = os.path.abspath(args.llm_viewer)
    if not os.path.isfile(os.path.join(viewer, "model_analyzer.py")):
        ap.error(f"no model_analyzer.py in {viewer}")
    config = os.path.abspath(args.config)
    if not os.path.isfile(config):
        ap.error(f"no such config: {config}")
    if args.runs < 1 or args.process_runs < 1 or args.warmup < 0:
        ap.error("--runs and --process-runs must be at least 1, --warmup at least 0")
    with open(config, encoding="utf-8") as f:
        model_id = args.model_id or json.load(f).get("_name_or_path") or "meta-llama/Llama-2-7b-hf"

    p = {"llm_viewer": viewer, "config": config, "model_id": model_id,
         "viewer_config": args.viewer_config, "hardware": args.hardware,
         "seqlen": args.seqlen, "batchsize": args.batchsize, "bits": args.bits,
         "flash": args.flash_attention}

    commit = args.commit
    if commit is None:
        try:
            commit = subprocess.run(["git", "-C", viewer, "rev-parse", "HEAD"], capture_output=True,
                                    text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            commit = None

    # (3) and (2): fresh processes first, before this process imports LLM-Viewer.
    # Each round runs four processes one after the other: the interpreter floor
    # and the child, each with the normal start-up and with -S (no site module,
    # so no .pth hooks from site-packages; LLM-Viewer needs only the standard
    # library).  The cold in-process times come from the normal children.
    # This script is imported as a module (so its bytecode is cached like
    # LLM-Viewer's) and run in its --child mode.  Bytecode goes to a temporary
    # PYTHONPYCACHEPREFIX, never into the checkouts; the warm-up rounds fill it.
    import shutil
    import tempfile
    py = sys.executable
    pycache = tempfile.mkdtemp(prefix="llm-viewer-pycache-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    module = os.path.splitext(os.path.basename(__file__))[0]
    child_code = (f"import sys; sys.path.insert(0, {HERE!r}); import {module} as m; "
                  f"sys.exit(m.main())")
    child_args = ["-c", child_code, "--child", *encode_params(p)]
    variants = {"site": [], "nosite": ["-S"]}
    try:
        for _ in range(2):  # fill the page and bytecode caches; not counted
            for flags in variants.values():
                spawn_timed([py, *flags, "-c", "pass"], env)
                spawn_timed([py, *flags, *child_args], env)
        proc = {v: {"floor_ns": [], "child_ns": [], "child_rss": []} for v in variants}
        cold = []
        for _ in range(args.process_runs):
            for v, flags in variants.items():
                proc[v]["floor_ns"].append(spawn_timed([py, *flags, "-c", "pass"], env)[0])
                ns, out, rss = spawn_timed([py, *flags, *child_args], env)
                proc[v]["child_ns"].append(ns); proc[v]["child_rss"].append(rss)
                if v == "site":
                    cold.append(parse_child_output(out))
    finally:
        shutil.rmtree(pycache, ignore_errors=True)

    # (1): in-process timings.
    analyzer = load_analyzer(p)
    for _ in range(args.warmup):
        analyze(analyzer, p)
    call_ns = []
    for _ in range(args.runs):
        t0 = time.perf_counter_ns()
        analyze(analyzer, p)
        call_ns.append(time.perf_counter_ns() - t0)
    ours = {}
    if args.bench_analysis:
        out = subprocess.run([args.bench_analysis, "--benchmark_filter=BM_Analyzer_Llama2_7B_(Prefill|Decode)_H100$",
                              "--benchmark_format=json", "--benchmark_repetitions=5"],
                             capture_output=True, text=True, check=True).stdout
        for b in json.loads(out)["benchmarks"]:
            if b.get("aggregate_name") == "median":
                unit = {"ns": 1, "us": 1e3, "ms": 1e6}[b["time_unit"]]
                ours["prefill" if "Prefill" in b["run_name"] else "decode"] = b["real_time"] * unit
    res = analyze(analyzer, p)
    totals = res["total_results"]
    rows_pre = len(res["prefill"])
    rows_dec = len(res["decode"])
    layers = analyzer.config.get_num_hidden_layers(analyzer.model_params)

    med = statistics.median
    cold_ns = [c["cold_ns"] for c in cold]
    imp_ns = [c["import_and_construct_ns"] for c in cold]
    first_ns = [c["first_analyze_ns"] for c in cold]

    print(f"LLM-Viewer: {viewer} (commit {commit or 'unknown'})")
    print(f"model: {model_id}, config {config}, LLM-Viewer description {args.viewer_config}")
    print(f"case: seqlen {args.seqlen}, batch {args.batchsize}, w/a/kv {args.bits} bit, "
          f"flash attention {'on' if args.flash_attention else 'off'}, hardware {args.hardware}")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    print("What one analyze() call computes (prefill and decode together, interleaved):")
    print(f"  prefill ({args.seqlen} tokens): {rows_pre} rows, total OPs {totals['prefill']['OPs']:,.0f}"
          f"  ({totals['prefill']['OPs'] / 1e12:.3f} T), inference time "
          f"{totals['prefill']['inference_time'] * 1e3:.3f} ms")
    print(f"  decode (1 token, KV {args.seqlen}): {rows_dec} rows, total OPs {totals['decode']['OPs']:,.0f}"
          f"  ({totals['decode']['OPs'] / 1e9:.3f} G), inference time "
          f"{totals['decode']['inference_time'] * 1e3:.3f} ms")
    print(f"  (rows are one decoder layer's ops, multiplied by {layers} layers, plus lm_head)")
    print()
    print(f"(1) in-process analyze() call, prefill + decode together "
          f"(not separable per phase), {args.runs} runs after {args.warmup} warm-ups:")
    print(f"      median {fmt_us(med(call_ns))}, min {fmt_us(min(call_ns))}, count {len(call_ns)}")
    print(f"(2) cold first call in a fresh process (stub + import + construct + first analyze), "
          f"{len(cold_ns)} processes:")
    print(f"      median {fmt_ms(med(cold_ns))}, min {fmt_ms(min(cold_ns))}"
          f"  [import+construct median {fmt_ms(med(imp_ns))}, first analyze median {fmt_us(med(first_ns))}]")
    print(f"(3) whole process: {py} [-S] -c 'import {module}' --child (start, import, "
          f"one analysis, exit), {args.process_runs} runs each, alternating with the floor "
          f"{os.path.basename(py)} [-S] -c pass; bytecode cached:")
    for v, label in (("site", "normal start-up"), ("nosite", "-S, no site-packages hooks")):
        d = proc[v]
        print(f"      {label + ':':<28} analysis median {fmt_ms(med(d['child_ns']))}, "
              f"min {fmt_ms(min(d['child_ns']))}, peak RSS median {med(d['child_rss']) / 1024:.1f} MiB; "
              f"floor median {fmt_ms(med(d['floor_ns']))}, min {fmt_ms(min(d['floor_ns']))}")

    if ours:
        both = ours["prefill"] + ours["decode"]
        print(f"(4) LM-Predictor in the same sitting (analysis::Analyzer, H100, median of 5 repetitions):")
        print(f"      prefill {fmt_us(ours['prefill'])}, decode {fmt_us(ours['decode'])}; "
              f"LLM-Viewer's call / (prefill + decode) = {med(call_ns) / both:.1f}x; per phase against half "
              f"its call: prefill {med(call_ns) / 2 / ours['prefill']:.1f}x, "
              f"decode {med(call_ns) / 2 / ours['decode']:.1f}x")

    if args.json:
        doc = {
            "benchmark": "LLM-Viewer ModelAnalyzer.analyze timing",
            "lm_predictor_ns": ours,
            "llm_viewer": viewer, "llm_viewer_commit": commit,
            "params": p, "python_version": platform.python_version(), "cpus": os.cpu_count(),
            "analyze_covers": "prefill and decode in one call (not separable)",
            "prefill_total_OPs": totals["prefill"]["OPs"],
            "decode_total_OPs": totals["decode"]["OPs"],
            "prefill_inference_time_s": totals["prefill"]["inference_time"],
            "decode_inference_time_s": totals["decode"]["inference_time"],
            "in_process": {"runs": len(call_ns), "warmup": args.warmup,
                           "median_ns": med(call_ns), "min_ns": min(call_ns), "samples_ns": call_ns},
            "cold_first_call": {"median_ns": med(cold_ns), "min_ns": min(cold_ns), "samples": cold},
            "python": py,
            "whole_process": {
                v: {"child_median_ns": med(d["child_ns"]), "child_min_ns": min(d["child_ns"]),
                    "floor_median_ns": med(d["floor_ns"]), "floor_min_ns": min(d["floor_ns"]),
                    "child_samples_ns": d["child_ns"], "floor_samples_ns": d["floor_ns"],
                    "child_maxrss_kib": d["child_rss"]}
                for v, d in proc.items()},
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
