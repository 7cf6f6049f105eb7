"""Per-scope constant tables: every value a name is assigned in one scope, joined."""
from __future__ import annotations

import ast
from typing import Any, Callable, Dict, List, Sequence, Set

from . import literals
from .ir import Unknown

Lookup = Callable[[str], Any]
_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)


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


def _collect(node: ast.AST, found: Dict[str, List[Any]]) -> None:
    if isinstance(node, ast.Assign):
        for target in node.targets:
            _add(found, target, node.value)
    elif isinstance(node, ast.AnnAssign):
        _add(found, node.target, node.value if node.value is not None else Unknown("annotation only"))
    elif isinstance(node, ast.AugAssign):
        _add(found, node.target, Unknown("augmented assignment"))
    elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
        _add(found, node.target, Unknown("loop variable"))
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        _add(found, node.optional_vars, Unknown("bound by with"))
    elif isinstance(node, ast.ExceptHandler) and node.name:
        found.setdefault(node.name, []).append(Unknown("exception"))
    elif isinstance(node, ast.NamedExpr):
        _add(found, node.target, Unknown("walrus"))
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        return
    if isinstance(node, _NESTED):
        if not isinstance(node, ast.Lambda):
            found.setdefault(node.name, []).append(Unknown("definition"))
        return
    for child in ast.iter_child_nodes(node):
        _collect(child, found)


def constant_table(statements: Sequence[ast.stmt]) -> ConstantTable:
    """The constant table of a block of statements (a module or function body)."""
    found: Dict[str, List[Any]] = {}
    for statement in statements:
        _collect(statement, found)
    return ConstantTable(found)
