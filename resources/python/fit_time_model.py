#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fit the expected-time parameters of the hardware profiles to measured kernel times.

Reads resources/calibration/vidur_mlp_tp1.csv (median kernel times per operation and token count, see SOURCES.md
beside it) and the devices' datasheet peaks from resources/hardware/<id>.json, fits per device the parameters of
the kernel time model that core/analysis/timemodel.cpp evaluates, and writes them into the profiles'
"performance" object. The rows of meta-llama/Llama-2-7b-hf are reserved for validation and never used here.

    python3 resources/python/fit_time_model.py            # fit and rewrite the three profiles
    python3 resources/python/fit_time_model.py --dry-run  # fit and print, write nothing

Standard library only. The fit minimizes the mean absolute log ratio of predicted to measured time with
Nelder-Mead from fixed starting points, so a rerun reproduces the committed values.

The kernel time model (the same formulas as timemodel.cpp):
  GEMM M x N x K:  max(2MNK / (matrix peak * gemm_efficiency),
                       (MK + KN + MN) * bytes / (bandwidth * gemm_bandwidth_efficiency)) + gemm_floor_s
  streaming kernel of B bytes over R rows (row-wise: one thread block per row, as vLLM's RMSNorm and
  SiluAndMul run):  max(B / (bandwidth * memory_efficiency), (B / R) / row_bandwidth) + kernel_floor_s;
  an elementwise kernel has no row term. RMSNorm reads its input twice (the variance pass and the normalize
  pass), so its bytes are 2 reads + 1 write of the rows plus the weight.
"""
import argparse
import csv
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "resources", "calibration", "vidur_mlp_tp1.csv")
HARDWARE = os.path.join(ROOT, "resources", "hardware")
RESERVED = "meta-llama/Llama-2-7b-hf"
# Vidur's device folders and the profiles they are fitted into (SOURCES.md: which A100 and H100 is not stated;
# the measured weight streaming, 1.6 TB/s and 3.0 TB/s, rules out the 40 GB A100 and the H100 PCIe).
DEVICES = {"a100": "nvidia-a100-80gb", "h100": "nvidia-h100-sxm", "a40": "nvidia-a40"}
BYTES = 2  # the profiles are fp16


def operations(row):
    """(operation, kind, shape, measured seconds) of one CSV row: the six operations the model is judged on."""
    t = int(row["num_tokens"])
    heads, kv_heads = int(row["n_head"]), int(row["n_kv_head"])
    h, inter = int(row["n_embd"]), int(row["n_expanded_embd"])
    gated = row["use_gated_mlp"] == "True"
    d = h // heads
    ops = [
        ("qkv", "gemm", (t, (heads + 2 * kv_heads) * d, h), row["attn_pre_proj_median_ms"]),
        ("o_proj", "gemm", (t, h, heads * d), row["attn_post_proj_median_ms"]),
        ("gate_up", "gemm", (t, (2 if gated else 1) * inter, h), row["mlp_up_proj_median_ms"]),
        ("down", "gemm", (t, h, inter), row["mlp_down_proj_median_ms"]),
        # SiluAndMul reads gate and up, writes one; phi-2's torch GELU is a plain elementwise kernel.
        ("act", "row", (t, t * 3 * inter * BYTES), row["mlp_act_median_ms"]) if gated
        else ("act", "elementwise", (t, t * 2 * inter * BYTES), row["mlp_act_median_ms"]),
    ]
    for column in ("input_layernorm_median_ms", "post_attention_layernorm_median_ms"):
        ops.append(("norm", "row", (t, (3 * t * h + h) * BYTES), row[column]))
    return [(name, kind, shape, float(ms) * 1e-3) for name, kind, shape, ms in ops if ms]


def gemm_seconds(device, shape, p):
    m, n, k = shape
    compute = 2.0 * m * n * k / (device["peak"] * p[0])
    memory = (m * k + k * n + m * n) * BYTES / (device["bandwidth"] * p[1])
    return max(compute, memory) + p[2]


def stream_seconds(device, kind, shape, p):
    rows, total = shape
    t = total / (device["bandwidth"] * p[0])
    if kind == "row":
        t = max(t, total / rows / p[1])
    return t + p[2]


def nelder_mead(f, x0, iterations=600, step=0.3):
    n = len(x0)
    points = [list(x0)] + [[v + (step if j == i else 0) for j, v in enumerate(x0)] for i in range(n)]
    values = [f(p) for p in points]
    for _ in range(iterations):
        order = sorted(range(n + 1), key=lambda i: values[i])
        points, values = [points[i] for i in order], [values[i] for i in order]
        centre = [sum(p[j] for p in points[:-1]) / n for j in range(n)]
        reflected = [centre[j] + (centre[j] - points[-1][j]) for j in range(n)]
        fr = f(reflected)
        if fr < values[0]:
            expanded = [centre[j] + 2 * (centre[j] - points[-1][j]) for j in range(n)]
            fe = f(expanded)
            points[-1], values[-1] = (expanded, fe) if fe < fr else (reflected, fr)
        elif fr < values[-2]:
            points[-1], values[-1] = reflected, fr
        else:
            contracted = [centre[j] + 0.5 * (points[-1][j] - centre[j]) for j in range(n)]
            fc = f(contracted)
            if fc < values[-1]:
                points[-1], values[-1] = contracted, fc
            else:
                for i in range(1, n + 1):
                    points[i] = [points[0][j] + 0.5 * (points[i][j] - points[0][j]) for j in range(n)]
                    values[i] = f(points[i])
    best = min(range(n + 1), key=lambda i: values[i])
    return points[best]


def fit(loss, start):
    """Positive parameters, fitted in log space with three restarts."""
    x = [math.log(v) for v in start]
    for _ in range(3):
        x = nelder_mead(lambda y: loss([math.exp(v) for v in y]), x)
    return [math.exp(v) for v in x]


def mean_log_error(data, predict):
    return sum(abs(math.log(predict(op) / op[3])) for op in data) / len(data)


def summary(data, predict):
    errors = sorted(abs(predict(op) / op[3] - 1) for op in data)
    return errors[len(errors) // 2], sum(e <= 0.2 for e in errors) / len(errors)


def load_device(profile_id):
    path = os.path.join(HARDWARE, profile_id + ".json")
    with open(path) as f:
        profile = json.load(f)
    peak = profile["matrix_flops"].get("fp16") or profile["matrix_flops"]["bf16"]
    return path, {"peak": peak, "bandwidth": profile["memory_bandwidth"]}


def write_performance(path, block):
    """Replaces (or adds before "sources") the profile's "performance" object, keeping the rest of the file."""
    with open(path) as f:
        text = f.read()
    lines = ['  "performance": {']
    items = list(block.items())
    for i, (key, value) in enumerate(items):
        lines.append("    " + json.dumps(key) + ": " + json.dumps(value) + ("," if i + 1 < len(items) else ""))
    lines.append("  },")
    new_block = "\n".join(lines) + "\n"
    pattern = re.compile(r'  "performance": \{\n(?:    .*\n)*?  \},\n')
    if pattern.search(text):
        text = pattern.sub(lambda _: new_block, text, count=1)
    else:
        text = text.replace('  "sources": [', new_block + '  "sources": [', 1)
    json.loads(text)  # still a valid profile
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the fitted values, change no file")
    args = parser.parse_args()
    with open(DATA) as f:
        rows = list(csv.DictReader(f))
    for folder, profile_id in DEVICES.items():
        path, device = load_device(profile_id)
        ops = [op for r in rows if r["device"] == folder and r["model"] != RESERVED for op in operations(r)]
        if not ops:
            sys.exit(f"{DATA}: no calibration rows for {folder}")
        models = sorted({r["model"] for r in rows if r["device"] == folder and r["model"] != RESERVED})
        gemms = [op for op in ops if op[1] == "gemm"]
        streams = [op for op in ops if op[1] != "gemm"]
        g = fit(lambda p: mean_log_error(gemms, lambda op: gemm_seconds(device, op[2], p)), [0.7, 0.85, 5e-6])
        s = fit(lambda p: mean_log_error(streams, lambda op: stream_seconds(device, op[1], op[2], p)),
                [0.6, 8e9, 3e-6])

        def predict(op):
            return gemm_seconds(device, op[2], g) if op[1] == "gemm" else stream_seconds(device, op[1], op[2], s)

        median, within = summary(ops, predict)
        block = {
            "basis": "fitted",
            "gemm_efficiency": float(f"{g[0]:.4g}"),
            "gemm_bandwidth_efficiency": float(f"{g[1]:.4g}"),
            "gemm_floor_s": float(f"{g[2]:.4g}"),
            "memory_efficiency": float(f"{s[0]:.4g}"),
            "row_bandwidth": float(f"{s[1]:.4g}"),
            "kernel_floor_s": float(f"{s[2]:.4g}"),
            "fit": (f"resources/python/fit_time_model.py on resources/calibration/vidur_mlp_tp1.csv, device '{folder}', "
                    f"fp16, {len(ops)} operations of {', '.join(models)} (QKV, output, gate+up and down GEMMs, "
                    f"activation, norms; {RESERVED} reserved): median absolute error {median:.1%}, "
                    f"{within:.1%} within 20%"),
        }
        print(profile_id, json.dumps(block, indent=1))
        if not args.dry_run:
            write_performance(path, block)


if __name__ == "__main__":
    main()
