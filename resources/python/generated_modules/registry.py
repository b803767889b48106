# SPDX-License-Identifier: GPL-3.0-or-later
"""ModuleRegistry: discovers the generated module classes (one per file under the library folders), converts
between module paths and keys, resolves dependencies (refusing cycles) and evaluates templates."""

import importlib
import json
import os

from .base import BaseModule
from .formula import KINDS, Evaluator, FormulaError, Library, _kind_index, module_path_from_key, normalize_module_key

__all__ = ["ModuleRegistry", "CycleError", "get_registry", "path_to_key", "key_to_path", "MANIFEST"]

# The file that marks a folder as written by `lmp export-python`.
MANIFEST = "lmp_export.json"


class CycleError(FormulaError):
    """The database's modules call each other in a cycle: "cycle: Encoder -> Decoder -> Encoder"."""

    def __init__(self, keys):
        FormulaError.__init__(self, "cycle", "cycle: " + " -> ".join(keys))
        self.cycle = list(keys)


def path_to_key(module_path):
    """'torch.nn.Linear' -> 'torch__nn__Linear' (a key is kept as it is)."""
    return normalize_module_key(module_path)


def key_to_path(key):
    """'torch__nn__Linear' -> 'torch.nn.Linear'."""
    return module_path_from_key(key)


class ModuleRegistry(object):
    """The generated modules of one package, their compiled templates and an evaluator.

    package: the package to discover (default: this one). Loading refuses a database whose modules call each other
    in a cycle (CycleError naming it)."""

    def __init__(self, package=None):
        self.package = package or __package__
        self.classes = []  # in database order
        self._by_key = {}
        self.excluded = []  # (key, reason): entries of the database an analysis does not use
        self.manifest = {}
        self._discover()
        self.library = Library([cls.spec() for cls in self.classes], self.excluded)
        self._edges = self._call_graph()
        cycle = self._find_cycle(range(len(self.classes)))
        if cycle:
            raise CycleError(cycle)
        self.evaluator = Evaluator(self.library)

    # Discovery
    def _discover(self):
        root = importlib.import_module(self.package)
        folder = os.path.dirname(os.path.abspath(root.__file__))
        manifest = os.path.join(folder, MANIFEST)
        if os.path.isfile(manifest):
            with open(manifest, "r", encoding="utf-8") as f:
                self.manifest = json.load(f)
            self.excluded = [(k, r) for k, r in self.manifest.get("excluded", [])]
        found = []
        for library in sorted(os.listdir(folder)):
            path = os.path.join(folder, library)
            if library.startswith((".", "_")) or not os.path.isfile(os.path.join(path, "__init__.py")):
                continue
            for name in sorted(os.listdir(path)):
                if not name.endswith(".py") or name.startswith("_"):
                    continue
                module = importlib.import_module(self.package + "." + library + "." + name[:-3])
                for value in vars(module).values():
                    if (
                        isinstance(value, type)
                        and issubclass(value, BaseModule)
                        and value is not BaseModule
                        and value.__module__ == module.__name__
                    ):
                        found.append(value)
        found.sort(key=lambda cls: (cls.order, cls.key))
        for cls in found:
            key = normalize_module_key(cls.key)
            if key in self._by_key:
                continue  # the library reports it as defined twice
            cls.registry = self
            self._by_key[key] = cls
            self.classes.append(cls)

    # Lookups
    def keys(self):
        return [cls.key for cls in self.classes]

    def find(self, module_path):
        """The class of a module path or key (either form), or None."""
        return self._by_key.get(normalize_module_key(module_path))

    def get(self, module_path):
        """The class of a module path or key; FormulaError when the package has none."""
        cls = self.find(module_path)
        if cls is None:
            key = normalize_module_key(module_path)
            message = "no module '" + module_path + "' in the database"
            reason = self.library.exclusion_reason(key)
            if reason:
                message += " that an analysis uses: " + ("its entry is " if reason == "rejected" else "") + reason
            raise FormulaError("unknown_module", message)
        return cls

    def __contains__(self, module_path):
        return self.find(module_path) is not None

    def __iter__(self):
        return iter(self.classes)

    def __len__(self):
        return len(self.classes)

    # Dependencies
    def _call_graph(self):
        edges = []
        for m in self.library.modules:
            targets = []
            for keys in m.called_keys + [m.breakdown_called_keys]:
                for key in keys:
                    i = self.library.find(key)
                    if i is not None and i not in targets:
                        targets.append(i)
            edges.append(targets)
        return edges

    def _find_cycle(self, roots):
        """The first cycle reachable from roots (depth first, in database and call order), as keys, or None."""
        WHITE, GREY, BLACK = 0, 1, 2
        colour = [WHITE] * len(self._edges)
        for root in roots:
            if colour[root] != WHITE:
                continue
            path = [root]
            iters = [iter(self._edges[root])]
            colour[root] = GREY
            while iters:
                nxt = next(iters[-1], None)
                if nxt is None:
                    colour[path.pop()] = BLACK
                    iters.pop()
                    continue
                if colour[nxt] == GREY:
                    start = path.index(nxt)
                    return [self.library.modules[i].key for i in path[start:]] + [self.library.modules[nxt].key]
                if colour[nxt] == WHITE:
                    colour[nxt] = GREY
                    path.append(nxt)
                    iters.append(iter(self._edges[nxt]))
        return None

    def dependencies(self, module_path):
        """The keys of every module a module's templates call, directly or not, callees before callers."""
        root = self.library.find(self.get(module_path).key)
        cycle = self._find_cycle([root])
        if cycle:
            raise CycleError(cycle)
        order = []
        seen = set()

        def visit(i):
            seen.add(i)
            for j in self._edges[i]:
                if j not in seen:
                    visit(j)
            order.append(self.library.modules[i].key)

        visit(root)
        return order[:-1]

    def unreviewed(self, module_path):
        """The entries a module's figures rest on (itself included) that are not validated."""
        m = self.library.modules[self.library.find(self.get(module_path).key)]
        return [self.library.modules[i].key for i in m.unreviewed]

    @property
    def diagnostics(self):
        """Templates that do not compile: (module key, field, FormulaError)."""
        return list(self.library.diagnostics)

    # Evaluation
    def evaluate(self, kind, module_path, bindings=None, context=None):
        """As the C++ Evaluator::evaluate: bindings (a dict, or (name, value) pairs) bind the module's own
        parameters, every other ${name} falls back to context. Raises FormulaError with the engine's message."""
        k = _kind_index(kind)
        module_id = self.library.find(self.get(module_path).key)
        self.evaluator.replace_context(context or {})
        return self.evaluator.evaluate(module_id, k, bindings)

    def evaluate_breakdown(self, module_path, item, bindings=None, context=None):
        """One item (name or index) of a module's FLOP breakdown, bound as evaluate() binds."""
        module_id = self.library.find(self.get(module_path).key)
        m = self.library.modules[module_id]
        index = m.breakdown_names.index(item) if not isinstance(item, int) else item
        self.evaluator.replace_context(context or {})
        return self.evaluator.evaluate_breakdown(module_id, index, bindings)

    def compute(self, kind, module_path, **params):
        """As `lmp compute MODULE -p NAME=VALUE...`: the params are the context (they bind the module's parameters
        and reach every parameter a call does not pass). None when the entry has no template of that kind."""
        k = _kind_index(kind)
        cls = self.get(module_path)
        if not cls.has_template(KINDS[k]):
            return None
        self.dependencies(cls.key)  # refuses a cycle before evaluating
        return self.evaluate(k, cls.key, None, params)

    def breakdown(self, module_path, **params):
        """The FLOP breakdown as `lmp compute` shows it: {item name: value}."""
        cls = self.get(module_path)
        return dict((name, self.evaluate_breakdown(cls.key, name, None, params)) for name, _ in cls.breakdown)

    def evaluate_formula(self, text, kind="flops", context=None):
        """A free formula (as `lmp eval`): module calls use templates of the given kind."""
        compiled = self.library.compile_formula(text)
        if not compiled.ok():
            raise compiled.errors[0]
        self.evaluator.replace_context(context or {})
        return self.evaluator.evaluate_program(compiled.program, kind)


_default = None


def get_registry():
    """The registry of this package, discovered on first use."""
    global _default
    if _default is None:
        _default = ModuleRegistry()
    return _default
