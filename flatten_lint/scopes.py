"""Per-scope constant tables: every value a name is assigned in one scope, joined."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Sequence, Set

import libcst as cst

from . import literals
from .ir import Unknown

Lookup = Callable[[str], Any]


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
                literals.fold(source, lookup) if isinstance(source, cst.BaseExpression) else source
                for source in self._assignments[name]
            )
        finally:
            self._active.discard(name)
        self._cache[name] = folded
        return folded


class _Assignments(cst.CSTVisitor):
    def __init__(self) -> None:
        self.found: Dict[str, List[Any]] = {}

    def _add(self, target: cst.BaseExpression, value: Any) -> None:
        if isinstance(target, cst.Name):
            self.found.setdefault(target.value, []).append(value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            values = value.elements if isinstance(value, (cst.Tuple, cst.List)) else None
            if values is not None and (len(values) != len(target.elements)
                                       or any(isinstance(v, cst.StarredElement) for v in values)):
                values = None
            for i, element in enumerate(target.elements):
                self._add(element.value, values[i].value if values else Unknown("unpacking"))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._add(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._add(node.target, node.value if node.value is not None else Unknown("annotation only"))

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._add(node.target, Unknown("augmented assignment"))

    def visit_For(self, node: cst.For) -> None:
        self._add(node.target, Unknown("loop variable"))

    def visit_AsName(self, node: cst.AsName) -> None:
        self._add(node.name, Unknown("bound by as"))

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._add(node.target, Unknown("walrus"))

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self._add(node.name, Unknown("function"))
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._add(node.name, Unknown("class"))
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_CompFor(self, node: cst.CompFor) -> bool:
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False


def constant_table(statements: Sequence[cst.CSTNode]) -> ConstantTable:
    """The constant table of a block of statements (a module or function body)."""
    collector = _Assignments()
    for statement in statements:
        statement.visit(collector)
    return ConstantTable(collector.found)
