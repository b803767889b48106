#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Counts a model's forward FLOPs with torch.utils.flop_counter, for comparison with `lmp analyze`'s
matmul FLOPs (which count what flop_counter counts). Needs PyTorch, transformers and a CUDA device (models
are built from config.json with random weights; nothing is downloaded).

    python3 check_flop_counter.py CONFIG.json [CONFIG.json ...]     # one JSON line per model, impl and S
    lmp analyze CONFIG.json --seq S --depth 0 --format json          # compare "matmul_flops"

Sequence lengths 128 and 2,048 (those within the model's positions), batch 1, bf16, use_cache off, eager and
SDPA attention. Run one model per process: a device-side error poisons the CUDA context for the rest.
"""
import json, sys, torch, transformers
from torch.utils.flop_counter import FlopCounterMode
print("torch", torch.__version__, "transformers", transformers.__version__)
cfgs = sys.argv[1:]
for path in cfgs:
    name = path.split("/")[-1]
    try:
        cfg = transformers.AutoConfig.from_pretrained(path)
        with torch.device("cuda"):
            for impl in ("eager", "sdpa"):
                try:
                    m = transformers.AutoModelForCausalLM.from_config(cfg, attn_implementation=impl, dtype=torch.bfloat16)
                except Exception as e:
                    m = transformers.AutoModel.from_config(cfg, attn_implementation=impl, dtype=torch.bfloat16)
                m.eval()
                limit = getattr(cfg, 'max_position_embeddings', None) or getattr(cfg, 'n_positions', 4096)
                for S in [s for s in (128, 2048) if s <= limit]:
                    ids = torch.zeros((1, S), dtype=torch.long, device="cuda")
                    fc = FlopCounterMode(display=False)
                    with fc, torch.no_grad():
                        m(input_ids=ids, use_cache=False)
                    torch.cuda.synchronize()
                    print(json.dumps({"model": name, "impl": impl, "S": S, "flops": fc.get_total_flops(),
                        "params": sum(p.numel() for p in m.parameters())}), flush=True)
                del m
                torch.cuda.empty_cache()
    except Exception as e:
        print(json.dumps({"model": name, "error": repr(e)[:300]}), flush=True)
