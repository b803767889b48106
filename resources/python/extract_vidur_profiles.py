#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Extracts the per-operation kernel times LM-Predictor's time model is checked against from a checkout of
microsoft/vidur (MIT licence): data/profiling/compute/<device>/<org>/<model>/mlp.csv, one tensor-parallel
worker only, the median of every operation in milliseconds.

    python3 resources/python/extract_vidur_profiles.py /path/to/vidur > resources/calibration/vidur_mlp_tp1.csv

The output is sorted (device, model, tokens) and holds the model's shape columns, so that anyone can rerun it
and compare byte for byte. Standard library only.
"""

import csv
import os
import sys

OPERATIONS = [
    "emb",
    "input_layernorm",
    "attn_pre_proj",
    "attn_rope",
    "attn_post_proj",
    "post_attention_layernorm",
    "mlp_up_proj",
    "mlp_act",
    "mlp_down_proj",
    "add",
]
SHAPE = ["n_head", "n_kv_head", "n_embd", "n_expanded_embd", "vocab_size", "use_gated_mlp"]


def rows(root):
    base = os.path.join(root, "data", "profiling", "compute")
    for device in sorted(os.listdir(base)):
        for org in sorted(os.listdir(os.path.join(base, device))):
            for name in sorted(os.listdir(os.path.join(base, device, org))):
                path = os.path.join(base, device, org, name, "mlp.csv")
                if not os.path.isfile(path):
                    continue
                with open(path, newline="") as f:
                    for row in csv.DictReader(f):
                        if row["num_tensor_parallel_workers"] != "1":
                            continue
                        out = {"device": device, "model": org + "/" + name, "num_tokens": int(row["num_tokens"])}
                        for key in SHAPE:
                            out[key] = row[key]
                        # An operation the model does not have (phi-2 runs attention and MLP in parallel after
                        # one norm: no post_attention_layernorm) is left empty.
                        for op in OPERATIONS:
                            out[op + "_median_ms"] = row.get("time_stats." + op + ".median", "")
                        yield out


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: extract_vidur_profiles.py VIDUR_CHECKOUT")
    header = ["device", "model", "num_tokens"] + SHAPE + [op + "_median_ms" for op in OPERATIONS]
    data = sorted(rows(sys.argv[1]), key=lambda r: (r["device"], r["model"], r["num_tokens"]))
    writer = csv.DictWriter(sys.stdout, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    seen = set()
    for row in data:
        key = (row["device"], row["model"], row["num_tokens"])
        if key in seen:  # a token count profiled twice: the first (sorted) row
            continue
        seen.add(key)
        writer.writerow(row)


if __name__ == "__main__":
    main()
