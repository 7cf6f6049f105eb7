"""Fold libcst expressions to Python literals; anything else is ``Unknown``.

Folds ints, floats, strings, ``True``/``False``/``None``, tuples and lists (as
tuples), unary minus, small integer arithmetic, tuple concatenation and
indexing, and names looked up in constant tables built per scope.
"""
from __future__ import annotations

import operator
from typing import Any, Callable, Dict, Iterable, List, Optional

import libcst as cst

from .ir import Unknown

_LIMIT = 1 << 64  # larger integers are not shapes anyone means
_NAMED = {"True": True, "False": False, "None": None}
_BINOPS: Dict[type, Callable[[Any, Any], Any]] = {
    cst.Add: operator.add,
    cst.Subtract: operator.sub,
    cst.Multiply: operator.mul,
    cst.FloorDivide: operator.floordiv,
    cst.Divide: operator.truediv,
    cst.Modulo: operator.mod,
}

Lookup = Callable[[str], Any]


def _no_names(name: str) -> Any:
    return Unknown(f"name {name!r}")


def fold(expr: Optional[cst.BaseExpression], lookup: Lookup = _no_names) -> Any:
    """The literal value of ``expr``, or an ``Unknown`` saying why not."""
    try:
        return _fold(expr, lookup)
    except (ArithmeticError, TypeError, ValueError, IndexError, RecursionError):
        return Unknown("arithmetic")


def _fold(expr: Optional[cst.BaseExpression], lookup: Lookup) -> Any:
    if isinstance(expr, cst.Integer):
        return _bounded(expr.evaluated_value)
    if isinstance(expr, cst.Float):
        return expr.evaluated_value
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else Unknown("bytes")
    if isinstance(expr, cst.Name):
        if expr.value in _NAMED:
            return _NAMED[expr.value]
        return lookup(expr.value)
    if isinstance(expr, cst.Attribute):
        name = _dotted(expr)
        return lookup(name) if name is not None else Unknown("attribute")
    if isinstance(expr, (cst.Tuple, cst.List)):
        items: List[Any] = []
        for element in expr.elements:
            value = _fold(element.value, lookup)
            if isinstance(element, cst.StarredElement):
                if not isinstance(value, tuple):
                    return Unknown("starred")
                items.extend(value)
            else:
                items.append(value)
        return tuple(items)
    if isinstance(expr, cst.UnaryOperation):
        value = _fold(expr.expression, lookup)
        if isinstance(expr.operator, cst.Minus) and _is_number(value):
            return -value
        if isinstance(expr.operator, cst.Plus) and _is_number(value):
            return value
        return Unknown("operator")
    if isinstance(expr, cst.BinaryOperation):
        return _binary(expr, lookup)
    if isinstance(expr, cst.Subscript):
        return _subscript(expr, lookup)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value in ("int", "tuple", "len"):
        if len(expr.args) == 1 and expr.args[0].keyword is None and not expr.args[0].star:
            value = _fold(expr.args[0].value, lookup)
            return _builtin(expr.func.value, value)
    return Unknown(type(expr).__name__ if expr is not None else "missing")


def _dotted(expr: cst.Attribute) -> Optional[str]:
    parts = []
    node: cst.BaseExpression = expr
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    return ".".join([node.value, *reversed(parts)])


def _builtin(name: str, value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if name == "int" and _is_number(value):
        return int(value)
    if name == "tuple" and isinstance(value, tuple):
        return value
    if name == "len" and isinstance(value, (tuple, str)):
        return len(value)
    return Unknown("call")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounded(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LIMIT:
        return Unknown("integer too large")
    return value


def _binary(expr: cst.BinaryOperation, lookup: Lookup) -> Any:
    left, right = _fold(expr.left, lookup), _fold(expr.right, lookup)
    op = type(expr.operator)
    if isinstance(left, tuple) and isinstance(right, tuple) and op is cst.Add:
        return left + right
    if op is cst.Power and _is_number(left) and _is_number(right):
        if abs(right) > 64 or abs(left) > _LIMIT:
            return Unknown("power too large")
        return _bounded(left ** right)
    if op in _BINOPS and _is_number(left) and _is_number(right):
        return _bounded(_BINOPS[op](left, right))
    if op is cst.Multiply and isinstance(left, tuple) and isinstance(right, int) and 0 <= right <= 8:
        return left * right
    return Unknown("expression")


def _subscript(expr: cst.Subscript, lookup: Lookup) -> Any:
    base = _fold(expr.value, lookup)
    if not isinstance(base, tuple) or len(expr.slice) != 1:
        return Unknown("subscript")
    item = expr.slice[0].slice
    if isinstance(item, cst.Index):
        index = _fold(item.value, lookup)
        return base[index] if isinstance(index, int) and not isinstance(index, bool) else Unknown("index")
    bounds = [None if part is None else _fold(part, lookup) for part in (item.lower, item.upper, item.step)]
    if all(b is None or (isinstance(b, int) and not isinstance(b, bool)) for b in bounds):
        return base[slice(*bounds)]
    return Unknown("slice")


def join(values: Iterable[Any]) -> Any:
    """One value for a name assigned several times: equal values stay, tuples of
    one length join element-wise (``(1, 28, 28)`` and ``(28, 28, 1)`` give
    ``(?, 28, ?)``), anything else is Unknown."""
    values = list(values)
    if not values:
        return Unknown("unassigned")
    first = values[0]
    if all(_same(first, v) for v in values[1:]):
        return first
    if all(isinstance(v, tuple) and len(v) == len(first) for v in values):
        return tuple(join(column) for column in zip(*values))
    return Unknown("assigned different values")


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b
