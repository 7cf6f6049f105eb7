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
from functools import lru_cache
from typing import Any, Callable, Dict, Iterator, List, Optional, Set, Tuple

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


@lru_cache(maxsize=4096)
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


_TOKEN_FIELDS = frozenset({"ctx", "op", "ops"})  # Load/Store, operators: leaves that hold no code
_CHILD_FIELDS: Dict[type, Tuple[str, ...]] = {}


def _fields(kind: type) -> Tuple[str, ...]:
    """The fields of node class ``kind`` that may hold child nodes (not contexts or operators)."""
    fields = _CHILD_FIELDS.get(kind)
    if fields is None:
        fields = _CHILD_FIELDS[kind] = tuple(f for f in kind._fields if f not in _TOKEN_FIELDS)
    return fields


def _add_children(node: ast.AST, add: Callable[[ast.AST], None]) -> None:
    for name in _fields(type(node)):
        value = getattr(node, name, None)
        if value.__class__ is list:
            for item in value:
                if isinstance(item, ast.AST):
                    add(item)
        elif isinstance(value, ast.AST):
            add(value)


def child_nodes(node: ast.AST) -> List[ast.AST]:
    """``ast.iter_child_nodes(node)`` as a list, minus expression contexts and operators."""
    children: List[ast.AST] = []
    _add_children(node, children.append)
    return children


def walk(tree: ast.AST) -> List[ast.AST]:
    """Every node of ``tree`` in ``ast.walk`` order, minus expression contexts and operators
    (twice as fast as ``ast.walk``)."""
    nodes = [tree]
    add = nodes.append
    for node in nodes:  # the list grows while it is read: breadth first, like ast.walk
        _add_children(node, add)
    return nodes


STATEMENT_BLOCKS = ("body", "orelse", "finalbody", "handlers", "cases")  # the fields holding statements


def statements(tree: ast.AST) -> List[ast.AST]:
    """``tree`` and every statement in it however nested (with the except handlers and match
    cases that hold some), breadth first; expressions never hold statements."""
    nodes = [tree]
    for node in nodes:
        for name in STATEMENT_BLOCKS:
            block = getattr(node, name, None)
            if block.__class__ is list:
                nodes.extend(block)
    return nodes


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
    """One walk over the module: imports, name aliases and data-format switches."""

    def __init__(self) -> None:
        self.imports: Dict[str, Set[str]] = {}
        self.defined: Set[str] = set()
        self.aliases: Dict[str, Set[str]] = {}
        self.foreign_star = False
        self.data_format: Any = None

    def walk(self, tree: ast.AST, source: Optional[str]) -> None:
        """Imports and aliases are statements; data-format calls are looked for only when
        ``source`` (if given) names a setter."""
        handlers = _HANDLERS
        for node in statements(tree):
            handler = handlers.get(type(node))
            if handler is not None:
                handler(self, node)
        if source is None or any(name in source for name in _DATA_FORMAT_SETTERS):
            for node in walk(tree):
                if node.__class__ is ast.Call:
                    self._data_format_call(node)

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

    def _data_format_call(self, node: ast.Call) -> None:
        """``K.set_image_data_format("channels_first")`` (or Keras 1's ``set_image_dim_ordering("th")``)."""
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in _DATA_FORMAT_SETTERS and node.args:
            value = literals.fold(node.args[0])
            value = _DIM_ORDERING.get(value, value) if isinstance(value, str) else Unknown("data format")
            self.data_format = value if self.data_format in (None, value) else Unknown("data format")

    def _Assign(self, node: ast.Assign) -> None:
        alias = dotted(node.value) if len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) else None
        if alias is not None:
            self.aliases.setdefault(node.targets[0].id, set()).add(alias)


def _module_definitions(body: List[ast.stmt]) -> Set[str]:
    """Names the module itself binds at its top level (through ``if``/``for``/``with``/``try``
    blocks, not inside functions or classes, whose names are their own): a ``class Dense``
    or ``Dense = ...`` there means ``Dense`` is not Keras' anywhere in the file."""
    defined: Set[str] = set()
    stack = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
            continue
        if isinstance(node, ast.Assign) and not (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                                                 and dotted(node.value) is not None):
            for target in node.targets:
                defined.update(_targets(target))
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.For, ast.AsyncFor)):
            defined.update(_targets(node.target))
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                if item.optional_vars is not None:
                    defined.update(_targets(item.optional_vars))
        for block in ("body", "orelse", "finalbody", "handlers"):
            for child in getattr(node, block, ()):
                if isinstance(child, ast.ExceptHandler):
                    if child.name:
                        defined.add(child.name)
                    stack.extend(child.body)
                else:
                    stack.append(child)
    return defined


_HANDLERS = {getattr(ast, name[1:]): method for name, method in vars(_Collector).items()
             if isinstance(getattr(ast, name[1:], None), type)}


def build_table(tree: ast.Module, source: Optional[str] = None) -> NameTable:
    """The module's name table (imports anywhere in the file count); ``source``, the module's
    text, saves a walk over every expression when it names no data-format setter."""
    collector = _Collector()
    collector.walk(tree, source)
    table = NameTable(foreign_star=collector.foreign_star, data_format=collector.data_format)
    # Imports that agree bind; a name imported two ways or also defined locally is ambiguous.
    collector.defined = _module_definitions(tree.body)
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
