#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Whole-process start-up benchmark of the lmp command-line program.

What it measures
    For each model, the wall time of complete lmp processes, from the spawn
    of the child to its exit as reaped by os.wait4(), in pairs run one after
    the other in the same sitting:

        lmp --version                 (the cost of starting the program at all)
        lmp analyze MODEL [EXTRA...]  (start-up + one full analysis, output to /dev/null)

    Three warm-up pairs run first and are not counted.  Each child's peak
    resident set size comes from the rusage that os.wait4() returns
    (ru_maxrss, KiB on Linux).

    Every child runs with XDG_CONFIG_HOME, XDG_DATA_HOME and HF_HOME pointing
    at fresh, empty temporary folders (emptied again after any run that wrote
    to them), so no user database, settings or Hugging Face cache is read, and
    with QT_QPA_PLATFORM=offscreen; HF_HUB_CACHE and XDG_CACHE_HOME are
    removed.  lmp also looks in ~/.cache/huggingface/hub; the script warns
    when a benchmarked model is cached there, since lmp would then read that
    copy instead of its built-in catalogue.

    Reported per model: median and minimum of --version, median and minimum
    of analyze, the median of the per-pair ratios analyze/--version, and the
    median and maximum peak RSS (MiB) of the analyze and of the --version runs.

    With --gui PATH it also times the window: lm-predictor --fresh (offscreen,
    its built-in default model) from the spawn to the line it prints on
    standard error once its first analysis is painted (LMP_FIRST_PAINT=exit,
    which also makes it quit), median and minimum over the same number of runs.

How to run
    python3 tests/bench/startup.py --lmp build/bin/lmp
    python3 tests/bench/startup.py --lmp build/bin/lmp --gui build/bin/lm-predictor
    python3 tests/bench/startup.py --lmp build/bin/lmp --runs 41 \\
        --models meta-llama/Llama-2-7b-hf deepseek-ai/DeepSeek-V3 \\
        --extra-args="--hardware nvidia-h100-sxm" --json /tmp/startup.json

    Exit status is 0 when every child exited with status 0, 1 otherwise
    (the failing command and its standard error are printed), and 2 on
    usage errors.  Results are only meaningful on a quiet machine; the
    median is the figure to quote, the minimum shows the noise floor.
"""

import argparse
import json
import os
import platform
import shlex
import shutil
import statistics
import sys
import tempfile
import time

DEFAULT_MODELS = ["meta-llama/Llama-2-7b-hf", "deepseek-ai/DeepSeek-V3"]
WARMUP_PAIRS = 3
# Variables that would point Hugging Face tooling somewhere other than HF_HOME.
DROPPED_ENV = ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "TRANSFORMERS_CACHE", "HF_DATASETS_CACHE",
               "XDG_CACHE_HOME")


def home_cache_hits(models):
    """Models of the list that lmp would find in ~/.cache/huggingface/hub."""
    hub = os.path.join(os.path.expanduser("~"), ".cache", "huggingface", "hub")
    return [m for m in models if os.path.isdir(os.path.join(hub, "models--" + m.replace("/", "--")))]


class ChildFailed(Exception):
    pass


class Sandbox:
    """Three empty folders used as XDG_CONFIG_HOME, XDG_DATA_HOME and HF_HOME."""

    NAMES = {"XDG_CONFIG_HOME": "config", "XDG_DATA_HOME": "data", "HF_HOME": "hf"}

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="lmp-startup-")
        self.dirs = {var: os.path.join(self.root, sub) for var, sub in self.NAMES.items()}
        self.resets = 0
        self._make()

    def _make(self):
        for path in self.dirs.values():
            os.makedirs(path, exist_ok=True)

    def ensure_empty(self):
        """Empty the folders again if the last child wrote anything there."""
        if any(os.listdir(p) for p in self.dirs.values()):
            for path in self.dirs.values():
                shutil.rmtree(path, ignore_errors=True)
            self._make()
            self.resets += 1

    def env(self):
        env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
        env.update(self.dirs)
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env

    def remove(self):
        shutil.rmtree(self.root, ignore_errors=True)


def run_child(argv, env, stderr_path):
    """Spawn argv with stdout to /dev/null and stderr to a file; return (ns, maxrss_kib)."""
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, stderr_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600),
    ]
    t0 = time.perf_counter_ns()
    pid = os.posix_spawn(argv[0], argv, env, file_actions=actions)
    _, status, rusage = os.wait4(pid, 0)
    t1 = time.perf_counter_ns()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        try:
            with open(stderr_path, encoding="utf-8", errors="replace") as f:
                err = f.read()[-4000:]
        except OSError:
            err = ""
        what = f"exit status {code}" if code > 0 else f"signal {-code}"
        raise ChildFailed(f"{shlex.join(argv)} failed ({what})\n{err}")
    return t1 - t0, rusage.ru_maxrss


def version_string(lmp, env):
    import subprocess
    out = subprocess.run([lmp, "--version"], env=env, capture_output=True, text=True, check=False)
    return out.stdout.strip() or out.stderr.strip()


def bench_model(lmp, model, runs, extra, sandbox, stderr_path):
    version_argv = [lmp, "--version"]
    analyze_argv = [lmp, "analyze", model, *extra]
    env = sandbox.env()
    ver_ns, ana_ns, ver_rss, ana_rss = [], [], [], []
    for i in range(WARMUP_PAIRS + runs):
        v = run_child(version_argv, env, stderr_path)
        sandbox.ensure_empty()
        a = run_child(analyze_argv, env, stderr_path)
        sandbox.ensure_empty()
        if i >= WARMUP_PAIRS:
            ver_ns.append(v[0]); ver_rss.append(v[1])
            ana_ns.append(a[0]); ana_rss.append(a[1])
    ratios = [a / v for a, v in zip(ana_ns, ver_ns)]
    ms = lambda ns: ns / 1e6
    mib = lambda kib: kib / 1024
    return {
        "model": model,
        "analyze_argv": analyze_argv[1:],
        "runs": runs,
        "warmup_pairs": WARMUP_PAIRS,
        "version_median_ms": ms(statistics.median(ver_ns)),
        "version_min_ms": ms(min(ver_ns)),
        "analyze_median_ms": ms(statistics.median(ana_ns)),
        "analyze_min_ms": ms(min(ana_ns)),
        "ratio_median": statistics.median(ratios),
        "analyze_rss_median_mib": mib(statistics.median(ana_rss)),
        "analyze_rss_max_mib": mib(max(ana_rss)),
        "version_rss_median_mib": mib(statistics.median(ver_rss)),
        "version_rss_max_mib": mib(max(ver_rss)),
        "samples": {"version_ns": ver_ns, "analyze_ns": ana_ns,
                    "version_maxrss_kib": ver_rss, "analyze_maxrss_kib": ana_rss},
    }


def bench_gui(gui, runs, sandbox):
    """Spawn to "first analysis painted" of lm-predictor --fresh, in ms: (median, min)."""
    import subprocess
    env = sandbox.env()
    env["LMP_FIRST_PAINT"] = "exit"
    times = []
    for i in range(WARMUP_PAIRS + runs):
        t0 = time.perf_counter_ns()
        child = subprocess.Popen([gui, "--fresh"], env=env, stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        painted = None
        for line in child.stderr:
            if "first analysis painted" in line:
                painted = time.perf_counter_ns()
                break
        child.stderr.read()
        if child.wait() != 0 or painted is None:
            raise ChildFailed(f"{gui} --fresh did not paint an analysis (exit status {child.returncode})")
        sandbox.ensure_empty()
        if i >= WARMUP_PAIRS:
            times.append((painted - t0) / 1e6)
    return statistics.median(times), min(times)


def print_table(results):
    head = ("model", "--version med", "min", "analyze med", "min", "ratio med",
            "RSS analyze med/max", "RSS --version med/max")
    rows = []
    for r in results:
        rows.append((
            r["model"],
            f"{r['version_median_ms']:.2f} ms", f"{r['version_min_ms']:.2f} ms",
            f"{r['analyze_median_ms']:.2f} ms", f"{r['analyze_min_ms']:.2f} ms",
            f"{r['ratio_median']:.2f}x",
            f"{r['analyze_rss_median_mib']:.1f}/{r['analyze_rss_max_mib']:.1f} MiB",
            f"{r['version_rss_median_mib']:.1f}/{r['version_rss_max_mib']:.1f} MiB",
        ))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    fmt = lambda row: "  ".join(
        (str(c).ljust(w) if i == 0 else str(c).rjust(w)) for i, (c, w) in enumerate(zip(row, widths)))
    print(fmt(head))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(fmt(row))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lmp", required=True, help="path of the lmp executable")
    ap.add_argument("--runs", type=int, default=41, help="counted pairs per model (default 41)")
    ap.add_argument("--models", nargs="+", default=DEFAULT_MODELS, metavar="MODEL",
                    help="model ids from lmp's built-in catalogue (default: %(default)s)")
    ap.add_argument("--extra-args", default="", metavar="ARGS",
                    help='options appended to "lmp analyze MODEL", one shell-quoted string, '
                         'e.g. --extra-args="--hardware nvidia-h100-sxm"')
    ap.add_argument("--gui", metavar="PATH", help="also time lm-predictor's first painted analysis")
    ap.add_argument("--json", metavar="OUT", help="also write the results (with raw samples) as JSON")
    args = ap.parse_args()

    lmp = os.path.abspath(args.lmp)
    if not (os.path.isfile(lmp) and os.access(lmp, os.X_OK)):
        ap.error(f"not an executable file: {args.lmp}")
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    extra = shlex.split(args.extra_args)

    sandbox = Sandbox()
    stderr_path = os.path.join(sandbox.root, "child-stderr.txt")
    # The stderr file lives outside the three sandboxed folders.
    results = []
    try:
        version = version_string(lmp, sandbox.env())
        sandbox.ensure_empty()
        print(f"lmp: {lmp} ({version})")
        print(f"host: {platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print(f"{args.runs} counted pairs per model after {WARMUP_PAIRS} warm-up pairs; "
              f"analyze options: {shlex.join(extra) or '(none)'}")
        hits = home_cache_hits(args.models)
        for m in hits:
            print(f"warning: {m} is in ~/.cache/huggingface/hub; lmp reads that copy, not its catalogue")
        print()
        for model in args.models:
            results.append(bench_model(lmp, model, args.runs, extra, sandbox, stderr_path))
        gui = None
        if args.gui:
            gui = bench_gui(os.path.abspath(args.gui), args.runs, sandbox)
    except ChildFailed as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    finally:
        resets = sandbox.resets
        sandbox.remove()

    print_table(results)
    print()
    print("Times are whole-process wall times (spawn to reaped exit), RSS is ru_maxrss from wait4.")
    print("ratio med = median over pairs of analyze / --version.")
    if gui:
        print(f"lm-predictor --fresh, spawn to first painted analysis: median {gui[0]:.1f} ms, min {gui[1]:.1f} ms")
    if resets:
        print(f"note: children wrote into the sandbox folders; they were emptied {resets} times.")

    if args.json:
        doc = {
            "benchmark": "lmp whole-process start-up",
            "lmp": lmp,
            "lmp_version": version,
            "host": {"node": platform.node(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "loadavg_at_end": os.getloadavg(),
                     "python": platform.python_version()},
            "extra_args": extra,
            "sandbox_resets": resets,
            "models_in_home_hf_cache": hits,
            "models": results,
            "gui_first_paint_ms": {"median": gui[0], "min": gui[1]} if gui else None,
        }
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)
            f.write("\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
