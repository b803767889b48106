# SPDX-License-Identifier: GPL-3.0-or-later
"""LM-Predictor's module database as Python: one class per module under the library folders (torch/, transformers/,
...), each holding its entry's formula templates as data, and a safe evaluator of the formula language that gives
the same numbers as the lmp program.

    from generated_modules import compute_flops
    compute_flops("torch.nn.Linear", N=2048, in_features=4096, out_features=4096, bias=1)

Keyword arguments are the evaluation context, as `lmp compute MODULE -p NAME=VALUE` takes them: they bind the
module's own parameters and every parameter a nested call does not pass. Ints are exact, floats are reals. A kind the
entry has no template for gives None (unknown, not zero); an evaluation that fails raises FormulaError with the
message lmp gives.

Written by `lmp export-python`; do not edit, export again instead.
"""

from .base import BaseModule
from .formula import CONTEXT_VARIABLES, FUNCTIONS, KINDS, FormulaError, default_context
from .registry import CycleError, ModuleRegistry, get_registry, key_to_path, path_to_key

__all__ = [
    "BaseModule",
    "CONTEXT_VARIABLES",
    "CycleError",
    "FUNCTIONS",
    "FormulaError",
    "KINDS",
    "ModuleRegistry",
    "compute",
    "compute_all",
    "compute_breakdown",
    "compute_flops",
    "compute_intermediates",
    "compute_matmul_flops",
    "compute_params",
    "compute_reads",
    "compute_writes",
    "default_context",
    "evaluate_formula",
    "get_registry",
    "key_to_path",
    "path_to_key",
]


def compute(kind, module_path, /, **params):
    """One figure of a module: kind is flops, matmul_flops, reads, writes, intermediates or params; module_path is
    torch.nn.Linear or torch__nn__Linear."""
    return get_registry().compute(kind, module_path, **params)


def compute_flops(module_path, /, **params):
    return compute("flops", module_path, **params)


def compute_matmul_flops(module_path, /, **params):
    return compute("matmul_flops", module_path, **params)


def compute_reads(module_path, /, **params):
    return compute("reads", module_path, **params)


def compute_writes(module_path, /, **params):
    return compute("writes", module_path, **params)


def compute_intermediates(module_path, /, **params):
    return compute("intermediates", module_path, **params)


def compute_params(module_path, /, **params):
    return compute("params", module_path, **params)


def compute_all(module_path, /, **params):
    """Every figure: {"flops": ..., "matmul_flops": ..., ...}."""
    return dict((kind, compute(kind, module_path, **params)) for kind in KINDS)


def compute_breakdown(module_path, /, **params):
    """The FLOP breakdown of a module: {item name: value}."""
    return get_registry().breakdown(module_path, **params)


def evaluate_formula(text, /, kind="flops", **params):
    """A free formula, as `lmp eval FORMULA -p NAME=VALUE`: '2 * {torch.nn.Linear}(N=${T}, ...)'."""
    return get_registry().evaluate_formula(text, kind, params)
