"""Resolve the names a module uses to canonical Keras kinds, from its imports.

One flow-insensitive table per module: every ``import`` and ``from ... import``
(module level or inside functions) binds a local name to a dotted path.  A name
that the module also defines itself (``def``, ``class``, an assignment that is
not an alias of a Keras name) is ambiguous and never resolves.  Snippets pasted
without imports are common: a name that nothing in the file could define is
read as the Keras name it spells.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Set, Tuple

import libcst as cst

from . import catalogue

_KERAS_ROOTS = (
    "tensorflow.keras", "tensorflow.python.keras", "tensorflow.compat.v1.keras",
    "tensorflow.compat.v2.keras", "tensorflow.contrib.keras", "tf_keras", "keras",
)

# What an unbound prefix most likely means in an import-free snippet.
_IMPLICIT_MODULES = {
    "keras": "keras",
    "tf": "tensorflow",
    "tensorflow": "tensorflow",
    "layers": "keras.layers",
    "models": "keras.models",
    "applications": "keras.applications",
}


def dotted(expr: cst.BaseExpression) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    parts = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    parts.append(expr.value)
    return ".".join(reversed(parts))


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

    def qualify(self, expr: cst.BaseExpression) -> Optional[str]:
        """The fully qualified dotted path of a Name/Attribute chain, if its root is known."""
        text = dotted(expr)
        if text is None:
            return None
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

    def kind(self, expr: cst.BaseExpression) -> Optional[str]:
        """The canonical Keras kind that ``expr`` names (``L.Conv2D`` -> ``"Conv2D"``), else None."""
        path = self.qualify(expr)
        return kind_of_path(path) if path else None


def _module_name(node: cst.BaseExpression) -> str:
    return dotted(node) or ""


class _Collector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.imports: Dict[str, Set[str]] = {}
        self.defined: Set[str] = set()
        self.aliases: Dict[str, Set[str]] = {}
        self.foreign_star = False

    def _bind(self, name: str, path: str) -> None:
        self.imports.setdefault(name, set()).add(path)

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            full = _module_name(alias.name)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, full)
            else:
                root = full.split(".")[0]
                self._bind(root, root)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if node.relative or node.module is None:
            module = "." if node.module is None else "." + _module_name(node.module)
        else:
            module = _module_name(node.module)
        if isinstance(node.names, cst.ImportStar):
            # A star import from Keras adds nothing beyond the import-free reading.
            self.foreign_star = self.foreign_star or bool(node.relative) or keras_path(module) is None
            return False
        for alias in node.names:
            name = _module_name(alias.name)
            local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            self._bind(local, module + "." + name)
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.defined.add(node.name.value)
        for param in _all_params(node.params):
            self.defined.add(param)

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.defined.update(_all_params(node.params))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.defined.add(node.name.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        alias = dotted(node.value)
        for target in node.targets:
            self._target(target.target, alias if len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._target(node.target, dotted(node.value) if node.value is not None else None)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._target(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        self._target(node.target, None)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._target(node.target, None)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._target(node.name, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._target(node.target, None)

    def _target(self, target: cst.BaseExpression, alias: Optional[str]) -> None:
        if isinstance(target, cst.Name):
            if alias is not None:
                self.aliases.setdefault(target.value, set()).add(alias)
            else:
                self.defined.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target(element.value, None)
        elif isinstance(target, cst.StarredElement):
            self._target(target.value, None)


def _all_params(params: cst.Parameters) -> Tuple[str, ...]:
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return tuple(names)


def build_table(module: cst.Module) -> NameTable:
    """The module's name table (imports anywhere in the file count)."""
    collector = _Collector()
    module.visit(collector)
    table = NameTable(foreign_star=collector.foreign_star)
    # Imports that agree bind; a name imported two ways or also defined locally is ambiguous.
    for name, paths in collector.imports.items():
        if len(paths) == 1 and name not in collector.defined:
            table.bindings[name] = next(iter(paths))
        else:
            table.ambiguous.add(name)
    table.defined = set(collector.defined)
    # ``Conv = layers.Conv2D``: an alias of a resolvable path binds like an import.
    for name, sources in collector.aliases.items():
        if name in collector.defined or name in collector.imports or len(sources) != 1:
            table.ambiguous.add(name)
            continue
        source = next(iter(sources))
        root, _, rest = source.partition(".")
        path = table.qualify(cst.parse_expression(source)) if root != name else None
        if path is not None and keras_path(path) is not None:
            table.bindings[name] = path
        else:
            table.defined.add(name)
    return table

