#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Dump a Hugging Face model's real module tree as JSON for `lmp inspect`.

The model is built on PyTorch's meta device from its config alone: no weights are downloaded or allocated.
For every module that model.named_modules() yields, the dump holds its name, its class path, its integer,
float and boolean attributes, and its own parameter tensors (names, shapes, dtypes), plus which parameters
are tied to which. `lmp inspect dump.json` reads it as a module tree, like a config.json.

Usage (where PyTorch and transformers are installed):
    python3 dump_module_tree.py meta-llama/Llama-2-7b-hf -o llama2.json
    python3 dump_module_tree.py ./my-model-folder -o mine.json --trust-remote-code
"""

import argparse
import json
import math
import sys


def class_path(module):
    cls = type(module)
    import torch

    # torch.nn.modules.linear.Linear -> torch.nn.Linear, as the module database names torch classes.
    if cls.__module__.startswith("torch.nn.") and getattr(torch.nn, cls.__name__, None) is cls:
        return "torch.nn." + cls.__name__
    return cls.__module__ + "." + cls.__qualname__


def plain_attributes(module):
    attributes = {}
    for key, value in vars(module).items():
        if key.startswith("_") or key == "training":
            continue
        if isinstance(value, bool):
            attributes[key] = value
        elif isinstance(value, int):
            attributes[key] = value
        elif isinstance(value, float) and math.isfinite(value):
            attributes[key] = value
    return attributes


def build_model(source, trust_remote_code):
    import torch
    import transformers
    from transformers import AutoConfig

    config = AutoConfig.from_pretrained(source, trust_remote_code=trust_remote_code)
    architecture = (getattr(config, "architectures", None) or [None])[0]
    model_class = getattr(transformers, architecture, None) if architecture else None
    with torch.device("meta"):
        if model_class is not None:
            model = model_class(config)
        else:
            model = transformers.AutoModel.from_config(config, trust_remote_code=trust_remote_code)
    return config, architecture, model


def dump(source, trust_remote_code=False):
    import torch
    import transformers

    config, architecture, model = build_model(source, trust_remote_code)
    modules = []
    for name, module in model.named_modules():
        tensors = [
            {"name": pname, "shape": list(param.shape), "dtype": str(param.dtype).replace("torch.", "")}
            for pname, param in module.named_parameters(recurse=False)
        ]
        modules.append(
            {
                "name": name,
                "class": class_path(module),
                "attributes": plain_attributes(module),
                "parameters": tensors,
            }
        )
    # A Parameter reachable under several names (tied embeddings): later names are tied to the first.
    first_name = {}
    tied = {}
    for pname, param in model.named_parameters(remove_duplicate=False):
        if id(param) in first_name:
            tied[pname] = first_name[id(param)]
        else:
            first_name[id(param)] = pname
    return {
        "format": "lmp-module-dump",
        "version": 1,
        "model": source,
        "architecture": architecture,
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "parameters": sum(p.numel() for p in model.parameters()),
        "modules": modules,
        "tied": tied,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", help="a model id or a folder holding config.json")
    parser.add_argument("-o", "--output", help="the JSON file to write (default: standard output)")
    parser.add_argument("--trust-remote-code", action="store_true", help="allow the model's own modeling code")
    args = parser.parse_args(argv)
    result = dump(args.model, args.trust_remote_code)
    text = json.dumps(result, indent=1) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
