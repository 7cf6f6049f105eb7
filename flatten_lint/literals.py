"""Fold Python expressions (``ast`` nodes) to literals; anything else is ``Unknown``.

Folds ints, floats, strings, ``True``/``False``/``None``, tuples and lists (as
tuples), unary minus, small integer arithmetic, tuple concatenation and
indexing, a few builtins (``int``, ``tuple``, ``len``) and names (or dotted
names like ``self.shape``) looked up in constant tables built per scope.
"""
from __future__ import annotations

import ast
import operator
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from .ir import Unknown

_LIMIT_BITS = 4096
_LIMIT = 1 << _LIMIT_BITS  # integers this large are kept as they are written, never computed further
_BINOPS: Dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
}

Lookup = Callable[[str], Any]
_MISSING = Unknown("missing key")


def _no_names(name: str) -> Any:
    return Unknown(f"name {name!r}")


def dotted(expr: Optional[ast.AST]) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if isinstance(expr, ast.Name):
        return expr.id
    parts = []
    while isinstance(expr, ast.Attribute):
        parts.append(expr.attr)
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return None
    parts.append(expr.id)
    return ".".join(reversed(parts))


def fold(expr: Optional[ast.AST], lookup: Lookup = _no_names) -> Any:
    """The literal value of ``expr``, or an ``Unknown`` saying why not."""
    try:
        return _fold(expr, lookup)
    except (ArithmeticError, TypeError, ValueError, IndexError, RecursionError):
        return Unknown("arithmetic")


def _fold(expr: Optional[ast.AST], lookup: Lookup) -> Any:
    if isinstance(expr, ast.Constant):
        value = expr.value
        if isinstance(value, (bytes, complex)) or value is Ellipsis:
            return Unknown("constant")
        return _bounded(value)
    if isinstance(expr, (ast.Name, ast.Attribute)):
        name = dotted(expr)
        return lookup(name) if name is not None else Unknown("attribute")
    if isinstance(expr, (ast.Tuple, ast.List)):
        items: List[Any] = []
        for element in expr.elts:
            if isinstance(element, ast.Starred):
                value = _fold(element.value, lookup)
                if not isinstance(value, tuple):
                    return Unknown("starred")
                items.extend(value)
            else:
                items.append(_fold(element, lookup))
        return tuple(items)
    if isinstance(expr, ast.Compare):
        return _compare(expr, lookup)
    if isinstance(expr, ast.BoolOp):
        values = [_fold(v, lookup) for v in expr.values]
        if any(isinstance(v, Unknown) for v in values):
            return Unknown("condition")
        return all(values) if isinstance(expr.op, ast.And) else any(values)
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.Not):
        value = _fold(expr.operand, lookup)
        return Unknown("condition") if isinstance(value, Unknown) else not value
    if isinstance(expr, ast.UnaryOp):
        value = _fold(expr.operand, lookup)
        if isinstance(expr.op, ast.USub) and _is_number(value):
            return -value
        if isinstance(expr.op, ast.UAdd) and _is_number(value):
            return value
        return Unknown("operator")
    if isinstance(expr, ast.BinOp):
        return _binary(expr, lookup)
    if isinstance(expr, ast.Subscript):
        return _subscript(expr, lookup)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id in BUILTINS:
        if expr.args and not expr.keywords and not any(isinstance(a, ast.Starred) for a in expr.args):
            return builtin(expr.func.id, [_fold(a, lookup) for a in expr.args])
    if isinstance(expr, ast.Dict):
        return _mapping(expr, lookup)
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Name) and expr.func.id == "dict" and not expr.args \
            and all(k.arg is not None for k in expr.keywords):
        return Mapping(tuple((k.arg, _fold(k.value, lookup)) for k in expr.keywords))
    return Unknown(type(expr).__name__ if expr is not None else "missing")


_COMPARISONS: Dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


def _compare(expr: ast.Compare, lookup: Lookup) -> Any:
    """``a == 'x'``, ``n > 0``, ``v is None`` between folded literals."""
    if len(expr.ops) != 1:
        return Unknown("comparison")
    return compare(expr.ops[0], _fold(expr.left, lookup), _fold(expr.comparators[0], lookup))


def compare(operator_node: ast.cmpop, left: Any, right: Any) -> Any:
    """``left <op> right`` for folded operands (Unknown unless both are known)."""
    if type(operator_node) not in _COMPARISONS or isinstance(left, Unknown) or isinstance(right, Unknown):
        return Unknown("comparison")
    if isinstance(operator_node, (ast.Is, ast.IsNot)) and None not in (left, right) \
            and not isinstance(left, bool) and not isinstance(right, bool):
        return Unknown("identity")
    try:
        return _COMPARISONS[type(operator_node)](left, right)
    except TypeError:  # 3 < "a"
        return Unknown("comparison")


BUILTINS = frozenset({"int", "tuple", "list", "len", "max", "min", "abs"})


def builtin(name: str, values: List[Any]) -> Any:
    """A builtin in ``BUILTINS`` applied to folded arguments."""
    if any(isinstance(v, Unknown) for v in values):
        return Unknown("call")
    value = values[0] if len(values) == 1 else None
    if name in ("max", "min"):
        numbers = value if isinstance(value, tuple) else tuple(values)
        if numbers and all(_is_number(n) for n in numbers):
            return max(numbers) if name == "max" else min(numbers)
    elif name == "int" and _is_number(value):
        return int(value)
    elif name == "abs" and _is_number(value):
        return abs(value)
    elif name in ("tuple", "list") and isinstance(value, tuple):
        return value
    elif name == "len" and isinstance(value, (tuple, str, Mapping)):
        return len(value.items) if isinstance(value, Mapping) else len(value)
    return Unknown("call")


@dataclass(frozen=True)
class Mapping:
    """A dict display with literal keys (a model's config); values may be Unknown."""

    items: Tuple[Tuple[Any, Any], ...]

    def get(self, key: Any, default: Any = None) -> Any:
        for known, value in self.items:
            if known == key and type(known) is type(key):
                return value
        return default


def mapping(keys: List[Any], values: List[Any]) -> Any:
    """A ``Mapping`` of folded keys and values; Unknown unless every key is a literal."""
    if not all(isinstance(key, (str, int, float, bool, type(None))) for key in keys):
        return Unknown("dict")
    return Mapping(tuple(zip(keys, values)))


def _mapping(expr: ast.Dict, lookup: Lookup) -> Any:
    keys = [_fold(key, lookup) if key is not None else Unknown("**") for key in expr.keys]
    return mapping(keys, [_fold(value, lookup) for value in expr.values])


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _bounded(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _LIMIT:
        return Unknown("integer too large")
    return value


def _binary(expr: ast.BinOp, lookup: Lookup) -> Any:
    return combine(expr.op, _fold(expr.left, lookup), _fold(expr.right, lookup))


def combine(operator_node: ast.operator, left: Any, right: Any) -> Any:
    """``left <op> right`` for folded operands (tuple concatenation, bounded arithmetic)."""
    if not _is_literal_value(left) or not _is_literal_value(right):
        return Unknown("expression")
    try:
        return _combine(type(operator_node), left, right)
    except (ArithmeticError, TypeError, ValueError, OverflowError):
        return Unknown("arithmetic")


def _combine(op: type, left: Any, right: Any) -> Any:
    if isinstance(left, tuple) and isinstance(right, tuple) and op is ast.Add:
        return left + right
    if op is ast.Pow and _is_number(left) and _is_number(right):
        if abs(right) * max(int(abs(left)), 2).bit_length() > _LIMIT_BITS:
            return Unknown("power too large")
        return _bounded(left ** right)
    if op in _BINOPS and _is_number(left) and _is_number(right):
        return _bounded(_BINOPS[op](left, right))
    if op is ast.Mult and isinstance(left, int) and isinstance(right, tuple):
        left, right = right, left  # 2 * [64]
    if op is ast.Mult and isinstance(left, tuple) and isinstance(right, int) and 0 <= right <= 8:
        return left * right
    return Unknown("expression")


def _is_literal_value(value: Any) -> bool:
    return isinstance(value, (int, float, str, tuple, Unknown)) or value is None


def _subscript(expr: ast.Subscript, lookup: Lookup) -> Any:
    return _item(_fold(expr.value, lookup), expr.slice, lookup)


def item(base: Any, key: ast.expr, lookup: Lookup = _no_names) -> Any:
    """``base[key]`` for a folded value ``base`` (a tuple), the key folded with ``lookup``."""
    try:
        return _item(base, key, lookup)
    except (IndexError, ValueError, TypeError, RecursionError):
        return Unknown("index")


def _item(base: Any, key: ast.expr, lookup: Lookup) -> Any:
    if isinstance(base, Mapping):
        found = base.get(_fold(key, lookup), _MISSING)
        return Unknown("key") if found is _MISSING else found
    if not isinstance(base, tuple):
        return Unknown("subscript")
    if isinstance(key, ast.Slice):
        bounds = [None if part is None else _fold(part, lookup) for part in (key.lower, key.upper, key.step)]
        if all(b is None or _is_index(b) for b in bounds):
            return base[slice(*bounds)]
        return Unknown("slice")
    index = _fold(key, lookup)
    return base[index] if _is_index(index) else Unknown("index")


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


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
