"""Per-scope constant tables: every value a name is assigned in one scope, joined."""
from __future__ import annotations

import ast
from typing import Any, Callable, Dict, List, Sequence, Set

from . import literals
from .ir import Unknown

Lookup = Callable[[str], Any]
_BLOCKS = ("body", "orelse", "finalbody", "handlers")


class ConstantTable:
    """Names assigned in one scope (not in nested functions or classes).

    ``value(name, lookup)`` folds every assignment of ``name`` (free names go to
    ``lookup``) and joins them; a name also bound by ``for``, ``with``, ``+=``...
    is Unknown.
    """

    def __init__(self, assignments: Dict[str, List[Any]]) -> None:
        self._assignments = assignments
        self._cache: Dict[str, Any] = {}
        self._active: Set[str] = set()
        self.names = frozenset(assignments)

    def value(self, name: str, lookup: Lookup) -> Any:
        if name in self._cache:
            return self._cache[name]
        if name in self._active:
            return Unknown(f"{name!r} depends on itself")
        self._active.add(name)
        try:
            folded = literals.join(
                literals.fold(source, lookup) if isinstance(source, ast.AST) else source
                for source in self._assignments[name]
            )
        finally:
            self._active.discard(name)
        self._cache[name] = folded
        return folded


def _add(found: Dict[str, List[Any]], target: ast.AST, value: Any) -> None:
    if isinstance(target, ast.Name):
        found.setdefault(target.id, []).append(value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        values = value.elts if isinstance(value, (ast.Tuple, ast.List)) else None
        if values is not None and (len(values) != len(target.elts)
                                   or any(isinstance(v, ast.Starred) for v in values)):
            values = None
        for i, element in enumerate(target.elts):
            _add(found, element, values[i] if values else Unknown("unpacking"))
    elif isinstance(target, ast.Starred):
        _add(found, target.value, Unknown("starred"))


def _collect(node: ast.stmt, found: Dict[str, List[Any]]) -> None:
    """Record the names one statement binds, descending into compound statements only
    (expressions bind nothing but with ``:=``, which is left out)."""
    if isinstance(node, ast.Assign):
        for target in node.targets:
            _add(found, target, node.value)
    elif isinstance(node, ast.AnnAssign):
        _add(found, node.target, node.value if node.value is not None else Unknown("annotation only"))
    elif isinstance(node, ast.AugAssign):
        _add(found, node.target, Unknown("augmented assignment"))
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        found.setdefault(node.name, []).append(Unknown("definition"))
        return
    elif isinstance(node, (ast.For, ast.AsyncFor)):
        _add(found, node.target, Unknown("loop variable"))
    elif isinstance(node, (ast.With, ast.AsyncWith)):
        for item in node.items:
            if item.optional_vars is not None:
                _add(found, item.optional_vars, Unknown("bound by with"))
    for block in _BLOCKS:
        for child in getattr(node, block, ()):
            if isinstance(child, ast.ExceptHandler):
                if child.name:
                    found.setdefault(child.name, []).append(Unknown("exception"))
                for statement in child.body:
                    _collect(statement, found)
            else:
                _collect(child, found)


def constant_table(statements: Sequence[ast.stmt]) -> ConstantTable:
    """The constant table of a block of statements (a module or function body)."""
    found: Dict[str, List[Any]] = {}
    for statement in statements:
        _collect(statement, found)
    return ConstantTable(found)
