# SPDX-License-Identifier: GPL-3.0-or-later
"""BaseModule: what every generated module class is. A generated class holds its database entry as data (key,
module path, parameters, templates per kind, breakdown, declared dependencies, review status); the templates are
evaluated by the safe evaluator in formula.py, through the registry that discovered the class."""

from .formula import KINDS, ModuleSpec


class BaseModule(object):
    """A module of the database. Subclasses only set the class attributes below."""

    key = ""  # torch__nn__Linear
    module_path = ""  # torch.nn.Linear
    order = 0  # position in the exported database (the engine's library order)
    flop_parameters = ()  # flop_analysis.parameters
    memory_parameters = ()  # memory_analysis.parameters
    templates = {}  # kind ("flops", "matmul_flops", "reads", "writes", "intermediates", "params") -> template text
    breakdown = ()  # ((name, FLOP template), ...)
    depends = ()  # module_depends of flop_analysis and memory_analysis, as the entry declares them
    status = "validated"  # validation.status: validated, pending or needs_changes
    validator = None  # validation.validator
    layer = "built-in"  # the database layer the entry came from: "built-in" or "user"

    # The registry that discovered the class (set when it registers it).
    registry = None

    @classmethod
    def parameters(cls):
        """The call signature: the FLOP parameters, then the memory parameters not already among them. Positional
        arguments of {module}(...) calls bind in this order."""
        out = list(cls.flop_parameters)
        for name in cls.memory_parameters:
            if name not in out:
                out.append(name)
        return out

    @classmethod
    def has_template(cls, kind):
        return cls.templates.get(kind) is not None

    @classmethod
    def spec(cls):
        """The entry as the formula library needs it."""
        return ModuleSpec(
            cls.key, cls.flop_parameters, cls.memory_parameters, cls.templates, cls.breakdown, cls.status
        )

    @classmethod
    def _registry(cls):
        if cls.registry is None:
            from .registry import get_registry

            return get_registry()
        return cls.registry

    # Evaluation entry points. **params become the evaluation context, as `lmp compute -p NAME=VALUE` does: they
    # bind this module's parameters and every parameter a called module is not passed. A kind the entry has no
    # template for gives None (unknown, not zero).
    @classmethod
    def compute(cls, kind, **params):
        return cls._registry().compute(kind, cls.key, **params)

    @classmethod
    def compute_flops(cls, **params):
        return cls.compute("flops", **params)

    @classmethod
    def compute_matmul_flops(cls, **params):
        return cls.compute("matmul_flops", **params)

    @classmethod
    def compute_reads(cls, **params):
        return cls.compute("reads", **params)

    @classmethod
    def compute_writes(cls, **params):
        return cls.compute("writes", **params)

    @classmethod
    def compute_intermediates(cls, **params):
        return cls.compute("intermediates", **params)

    @classmethod
    def compute_params(cls, **params):
        return cls.compute("params", **params)

    @classmethod
    def compute_all(cls, **params):
        """Every kind: {"flops": ..., "matmul_flops": ..., ...} (None where the entry has no template)."""
        return dict((kind, cls.compute(kind, **params)) for kind in KINDS)

    @classmethod
    def compute_breakdown(cls, **params):
        """The FLOP breakdown: {item name: value}."""
        return cls._registry().breakdown(cls.key, **params)

    @classmethod
    def evaluate(cls, kind, bindings=None, context=None):
        """The engine's own entry point: bindings bind this module's parameters (a name it does not declare is an
        error), every other ${name} falls back to context."""
        return cls._registry().evaluate(kind, cls.key, bindings, context)

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, self.module_path)
