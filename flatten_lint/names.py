"""Resolve the names a module uses to canonical Keras kinds, from its imports.

One flow-insensitive table per module: every ``import`` and ``from ... import``
(module level or inside functions) binds a local name to a dotted path.  A name
that the module also defines itself (``def``, ``class``, an assignment that is
not an alias of a Keras name) is ambiguous and never resolves.  Snippets pasted
without imports are common: a name that nothing in the file could define is
read as the Keras name it spells.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, Optional, Set

from . import catalogue, literals
from .ir import Unknown
from .literals import dotted

_KERAS_ROOTS = (
    "tensorflow.keras", "tensorflow.python.keras", "tensorflow.compat.v1.keras",
    "tensorflow.compat.v2.keras", "tensorflow.contrib.keras", "tf_keras", "keras_core", "keras",
)

# What an unbound prefix most likely means in an import-free snippet.
_DATA_FORMAT_SETTERS = frozenset({"set_image_data_format", "set_image_dim_ordering"})
_DIM_ORDERING = {"th": "channels_first", "tf": "channels_last"}

_IMPLICIT_MODULES = {
    "keras": "keras",
    "tf": "tensorflow",
    "tensorflow": "tensorflow",
    "layers": "keras.layers",
    "models": "keras.models",
    "applications": "keras.applications",
}


def keras_path(path: str) -> Optional[str]:
    """The path inside Keras (``layers.Dense``) of a fully qualified name, else None."""
    for root in _KERAS_ROOTS:
        if path == root:
            return ""
        if path.startswith(root + "."):
            return path[len(root) + 1:]
    return None


def kind_of_path(path: str) -> Optional[str]:
    """The canonical Keras kind named by a fully qualified path, else None."""
    inner = keras_path(path)
    if not inner:
        return None
    last = inner.rsplit(".", 1)[-1]
    return catalogue.canonical(last) or catalogue.merge_function(last)


@dataclass
class NameTable:
    """Local name -> dotted import path, plus what decides the import-free fallback."""

    bindings: Dict[str, str] = field(default_factory=dict)
    ambiguous: Set[str] = field(default_factory=set)
    defined: Set[str] = field(default_factory=set)
    foreign_star: bool = False
    data_format: Any = None  # set by ``set_image_data_format(...)`` anywhere in the file

    def qualify(self, expr: ast.AST) -> Optional[str]:
        """The fully qualified dotted path of a Name/Attribute chain, if its root is known."""
        text = dotted(expr)
        return self.qualify_text(text) if text is not None else None

    def qualify_text(self, text: str) -> Optional[str]:
        root, _, rest = text.partition(".")
        if root in self.ambiguous:
            return None
        base = self.bindings.get(root)
        if base is None:
            if root in self.defined or self.foreign_star:
                return None
            if not rest:
                return "keras.layers." + root
            base = _IMPLICIT_MODULES.get(root)
            if base is None:
                return None
        return base + ("." + rest if rest else "")

    def kind(self, expr: ast.AST) -> Optional[str]:
        """The canonical Keras kind that ``expr`` names (``L.Conv2D`` -> ``"Conv2D"``), else None."""
        path = self.qualify(expr)
        return kind_of_path(path) if path else None


def _params(args: ast.arguments) -> Iterator[str]:
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            yield arg.arg


def _targets(target: ast.AST) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from _targets(element)
    elif isinstance(target, ast.Starred):
        yield from _targets(target.value)


class _Collector:
    """One walk over the module: imports, local definitions and name aliases."""

    def __init__(self) -> None:
        self.imports: Dict[str, Set[str]] = {}
        self.defined: Set[str] = set()
        self.aliases: Dict[str, Set[str]] = {}
        self.foreign_star = False
        self.data_format: Any = None

    def walk(self, tree: ast.AST) -> None:
        for node in ast.walk(tree):
            handler = getattr(self, "_" + type(node).__name__, None)
            if handler is not None:
                handler(node)

    def _bind(self, name: str, path: str) -> None:
        self.imports.setdefault(name, set()).add(path)

    def _Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self._bind(alias.asname, alias.name)
            else:
                root = alias.name.split(".")[0]
                self._bind(root, root)

    def _ImportFrom(self, node: ast.ImportFrom) -> None:
        module = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                # A star import from Keras adds nothing beyond the import-free reading.
                self.foreign_star = self.foreign_star or node.level > 0 or keras_path(module) is None
            else:
                self._bind(alias.asname or alias.name, module + "." + alias.name)

    def _Call(self, node: ast.Call) -> None:
        """``K.set_image_data_format("channels_first")`` (or Keras 1's ``set_image_dim_ordering("th")``)."""
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _DATA_FORMAT_SETTERS and node.args:
            value = literals.fold(node.args[0])
            value = _DIM_ORDERING.get(value, value) if isinstance(value, str) else Unknown("data format")
            self.data_format = value if self.data_format in (None, value) else Unknown("data format")

    def _FunctionDef(self, node: ast.FunctionDef) -> None:
        self.defined.add(node.name)
        self.defined.update(_params(node.args))

    _AsyncFunctionDef = _FunctionDef

    def _Lambda(self, node: ast.Lambda) -> None:
        self.defined.update(_params(node.args))

    def _ClassDef(self, node: ast.ClassDef) -> None:
        self.defined.add(node.name)

    def _Assign(self, node: ast.Assign) -> None:
        alias = dotted(node.value) if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) else None
        for target in node.targets:
            if alias is not None:
                self.aliases.setdefault(target.id, set()).add(alias)
            else:
                self.defined.update(_targets(target))

    def _AnnAssign(self, node: ast.AnnAssign) -> None:
        self.defined.update(_targets(node.target))

    def _AugAssign(self, node: ast.AugAssign) -> None:
        self.defined.update(_targets(node.target))

    def _For(self, node: ast.For) -> None:
        self.defined.update(_targets(node.target))

    _AsyncFor = _For
    _comprehension = _For

    def _withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self.defined.update(_targets(node.optional_vars))

    def _ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.defined.add(node.name)

    def _NamedExpr(self, node: ast.NamedExpr) -> None:
        self.defined.update(_targets(node.target))


def build_table(tree: ast.Module) -> NameTable:
    """The module's name table (imports anywhere in the file count)."""
    collector = _Collector()
    collector.walk(tree)
    table = NameTable(foreign_star=collector.foreign_star, data_format=collector.data_format)
    # Imports that agree bind; a name imported two ways or also defined locally is ambiguous.
    for name, paths in collector.imports.items():
        if len(paths) == 1 and name not in collector.defined:
            table.bindings[name] = next(iter(paths))
        else:
            table.ambiguous.add(name)
    table.defined = set(collector.defined)
    # ``Conv = layers.Conv2D``: an alias of a Keras path binds like an import.
    for name, sources in collector.aliases.items():
        if name in collector.defined or name in collector.imports or len(sources) != 1:
            table.ambiguous.add(name)
            continue
        source = next(iter(sources))
        path = table.qualify_text(source) if source.partition(".")[0] != name else None
        if path is not None and keras_path(path) is not None:
            table.bindings[name] = path
        else:
            table.defined.add(name)
    return table
