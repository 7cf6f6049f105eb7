"""Find Keras model definitions in a parsed module and describe them as IR.

Each scope (the module, every function, every class as a whole) is read
statement by statement with a small abstract interpreter: names hold layers,
layer lists, symbolic tensors, models under construction, helper functions or
``Unknown``.  ``Sequential([...])``, ``.add`` chains, functional graphs ending
in ``Model(inputs, outputs)``, subclassed models, nested models and
keras.applications backbones all become the same ``ir.Model``.  Whatever cannot
be followed (a layer added under an ``if``, a value computed at run time)
becomes an unknown layer, so later stages stay silent about it.
"""
from __future__ import annotations

import ast
import bisect
import itertools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Set, Tuple, Union

from . import catalogue, literals
from .backbones import backbone_output_layer
from .ir import Layer, Model, Node, Span, Unknown
from .literals import dotted
from .names import NameTable, build_table, child_nodes, keras_path, statements, walk
from .prefilter import MODEL_WORDS
from .scopes import ConstantTable, constant_table
from .shapes import UNK, Shape, layer_result

_MAX_UNROLL = 64
_MAX_TOTAL_UNROLL = 1024
_MAX_CALL_DEPTH = 4
_INPUT_KWARGS = ("input_shape", "batch_input_shape", "input_dim", "input_length")
_PASSIVE_METHODS = frozenset({
    "compile", "fit", "fit_generator", "evaluate", "predict", "summary", "save", "save_weights",
    "load_weights", "to_json", "train_on_batch", "get_config", "count_params",
})
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_MODEL_WORDS = re.compile(MODEL_WORDS)


# ----------------------------------------------------------------------------- values

@dataclass
class Tensor:
    """A symbolic tensor: the output of node ``index`` of the shared graph."""

    index: int


@dataclass
class LayerValue:
    """A layer instance bound to a name, e.g. ``conv = Conv2D(32, 3)``."""

    layer: Layer
    applied: Optional[int] = None  # a backbone's own node, once ``base.output`` is read
    input_node: Optional[int] = None


@dataclass
class LayerList:
    """A Python list of layers being assembled (``layers = [...]``, ``.append``)."""

    items: List[Any]
    depth: int
    run: int


@dataclass
class SequentialBuilder:
    """A Sequential model under construction."""

    span: Span
    items: List[Any]
    depth: int
    run: int
    name: Optional[str] = None
    complete: bool = True
    nested: bool = False
    build_shape: Any = None
    escaped: bool = False  # handed to code we do not follow, which may have added layers


@dataclass
class FunctionalModel:
    """A functional model: the graph behind ``Model(inputs, outputs)`` (or a subclass's ``call``)."""

    span: Span
    outputs: Tuple[int, ...]
    name: Optional[str] = None
    nested: bool = False
    kind: str = "functional"


@dataclass
class SubclassedModel:
    """A ``keras.Model`` subclass of this file, or an instance of it: ``build(shape)`` gives
    the model behind its ``call`` an input shape."""

    model: FunctionalModel
    input_node: int
    instance: bool = False


@dataclass(frozen=True)
class KerasClass:
    """A Keras layer or model class used as a value (``Conv = layers.Conv2D``)."""

    kind: str


@dataclass
class Ambiguous:
    """A name bound to different things on different paths (``if``/``else``)."""

    values: List[Any]

    def mark_unknown_tail(self, layer: Layer) -> None:
        """Something was added to whichever model or list this is: all lose their tail."""
        for value in self.values:
            if isinstance(value, (SequentialBuilder, LayerList)):
                value.items.append(LayerValue(layer))
            if isinstance(value, SequentialBuilder):
                value.complete = False


@dataclass
class Function:
    """A function defined in the module, followed when called (helpers)."""

    node: Union[ast.FunctionDef, ast.AsyncFunctionDef]
    consts: ConstantTable
    method: bool = False  # called as ``self.name(...)``: the first parameter is ``self``
    closure: Optional["Scope"] = None  # the function it is defined in: its names stay visible


Builder = Union[SequentialBuilder, FunctionalModel]
_MODEL_VALUES = (SequentialBuilder, FunctionalModel)


class _Return(Exception):
    """Unwinds a followed call at its ``return``."""

    def __init__(self, value: Any) -> None:
        self.value = value


@dataclass
class _Arg:
    """One call argument: ``keyword`` (None when positional), ``star`` ("", "*", "**")."""

    value: ast.expr
    keyword: Optional[str] = None
    star: str = ""


def _arguments(call: ast.Call) -> List[_Arg]:
    """The call's arguments in source order, positional and keyword alike."""
    found = [_Arg(a.value, star="*") if isinstance(a, ast.Starred) else _Arg(a) for a in call.args]
    found += [_Arg(k.value, k.arg, "" if k.arg else "**") for k in call.keywords]
    return found


# ----------------------------------------------------------------------------- scope

@dataclass
class Scope:
    """Flow-sensitive names of one function (or the module) plus its constants."""

    consts: ConstantTable
    parent: Optional["Scope"] = None
    env: Dict[str, Any] = field(default_factory=dict)
    depth: int = 0
    call_depth: int = 0
    run: int = 0  # a standalone reading of a function; calls it follows share it

    def get(self, name: str) -> Any:
        """The abstract value of ``name`` here (the enclosing scopes' final values after)."""
        if name in self.env:
            return self.env[name]
        if name in self.consts.names:
            return Unknown(f"{name!r} is assigned later in this scope")
        return self.parent.get(name) if self.parent else Unknown(f"name {name!r}")

    def constant(self, name: str) -> Any:
        """The literal value of ``name``, for folding; Unknown unless it is a literal."""
        if name in self.env:
            value = self.env[name]
            return value if _is_literal(value) else Unknown(f"{name!r} is not a constant")
        return self.table_constant(name)

    def table_constant(self, name: str) -> Any:
        if name in self.consts.names:
            return self.consts.value(name, self.table_constant)
        return self.parent.table_constant(name) if self.parent else Unknown(f"name {name!r}")

    def binds_locally(self, name: str) -> bool:
        """Whether a function scope binds ``name`` itself (the module's names are in the name table)."""
        return self.parent is not None and (name in self.env or name in self.consts.names)

    def fork(self) -> "Scope":
        return replace(self, env=dict(self.env), depth=self.depth + 1)


# ----------------------------------------------------------------------------- discovery

class Discovery:
    """Reads one module; ``models()`` returns every model definition found."""

    def __init__(self, tree: ast.Module, source: str) -> None:
        self._tree = tree
        self._lines = source.splitlines()
        self._names: NameTable = build_table(tree, source)
        self._graph: List[Node] = []
        self._builders: List[Builder] = []
        self._runs = itertools.count(1)
        self._unrolled = 0  # loop iterations unrolled so far in this file
        self._freezing: Set[int] = set()  # models being frozen (a model added to itself)
        self._tables: Dict[int, ConstantTable] = {}
        # Facts of the unchanging tree, by node id: read again in every loop pass and followed call.
        self._calls_inside: Dict[int, List[ast.Call]] = {}
        self._argument_names: Dict[int, List[str]] = {}
        self._call_arguments: Dict[int, List[_Arg]] = {}
        self._kinds: Dict[int, Optional[str]] = {}
        self._literals: Dict[int, Any] = {}  # folded constants
        self._model_layers: Dict[int, Layer] = {}  # each nested model as a layer, by builder
        self._built: Set[int] = set()  # the input nodes of subclassed models given a shape by build()
        self._shapes: Dict[int, Optional[Shape]] = {}  # tensor shapes read so far (``x.shape``)
        self._model_lines = [n for n, text in enumerate(self._lines, start=1) if _MODEL_WORDS.search(text)]

    # --- entry
    def models(self) -> List[Model]:
        top = Scope(constant_table(self._tree.body))
        self._run_block(self._tree.body, top)
        for func in _functions(self._tree):
            if self._builds_models(func):
                self._run_function(func, top, next(self._runs))
        views = self._views()
        frozen = [replace(self._freeze(b), shared=id(b) in views) for b in self._builders]
        # A model is nested when another model holds it as a layer; one only called on a tensor
        # (``generator(noise)``) is still a model of its own.
        inner = {node.layer.model.span for model in frozen for node in model.nodes if node.layer.model is not None}
        return _dedupe(replace(m, nested=True) if m.span in inner and not m.nested else m for m in frozen)

    def _run_function(self, func: Union[ast.FunctionDef, ast.AsyncFunctionDef], parent: Scope, run: int) -> None:
        scope = Scope(self._table(func), parent=parent, run=run)
        self._bind_defaults(func.args, scope)
        try:
            self._run_block(func.body, scope)
        except _Return:
            pass

    def _table(self, node: Union[ast.FunctionDef, ast.AsyncFunctionDef]) -> ConstantTable:
        """The constant table of a function body, built once."""
        table = self._tables.get(id(node))
        if table is None:
            table = self._tables[id(node)] = constant_table(node.body)
        return table

    def _builds_models(self, node: ast.stmt) -> bool:
        """Whether a function or class read on its own may construct a model: its lines
        name a model class.  (Helpers without one are still followed from call sites.)"""
        first = bisect.bisect_left(self._model_lines, node.lineno)
        return first < len(self._model_lines) and self._model_lines[first] <= (node.end_lineno or node.lineno)

    # --- statements
    def _run_block(self, statements: Sequence[ast.stmt], scope: Scope) -> None:
        for statement in statements:
            self._run_statement(statement, scope)

    def _run_statement(self, node: ast.stmt, scope: Scope) -> None:
        if isinstance(node, ast.Assign):
            value = self._eval(node.value, scope)
            for target in node.targets:
                self._assign(target, value, scope)
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            self._assign(node.target, self._eval(node.value, scope), scope)
        elif isinstance(node, ast.AugAssign):
            self._augment(node, scope)
        elif isinstance(node, ast.Expr):
            self._eval(node.value, scope)
        elif isinstance(node, ast.Return):
            value = self._eval(node.value, scope) if node.value is not None else None
            if scope.call_depth:
                raise _Return(value)
        elif isinstance(node, _FUNCTIONS):
            scope.env[node.name] = Function(node, self._table(node), closure=scope if scope.parent else None)
        elif isinstance(node, ast.Delete):
            for target in node.targets:
                self._forget_item(target, scope)
        elif isinstance(node, ast.ClassDef):
            self._run_class(node, scope)
        elif isinstance(node, ast.If):
            self._run_if(node, scope)
        elif isinstance(node, (ast.For, ast.AsyncFor)):
            self._run_for(node, scope)
        elif isinstance(node, ast.While):
            self._run_branches([node.body, node.orelse], scope, may_skip=True)
        elif isinstance(node, (ast.With, ast.AsyncWith)):
            for item in node.items:
                self._eval(item.context_expr, scope)
            self._run_block(node.body, scope)
        elif isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            self._run_block(node.body, scope)
            if node.handlers:
                self._run_branches([h.body for h in node.handlers], scope, may_skip=True)
            self._run_block(node.orelse, scope)
            self._run_block(node.finalbody, scope)
        elif isinstance(node, getattr(ast, "Match", ())):
            self._eval(node.subject, scope)
            self._run_branches([case.body for case in node.cases], scope, may_skip=True)

    def _assign(self, target: ast.expr, value: Any, scope: Scope) -> None:
        key = dotted(target)
        if key is not None:
            scope.env[key] = value
            if isinstance(value, _MODEL_VALUES) and value.name is None:
                value.name = key.rsplit(".", 1)[-1]
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = value.items if isinstance(value, LayerList) else value
            fits = isinstance(parts, (tuple, list)) and len(parts) == len(target.elts)
            for i, element in enumerate(target.elts):
                self._assign(element, parts[i] if fits else Unknown("unpacking"), scope)
        else:
            self._forget_item(target, scope)

    def _forget_item(self, target: ast.expr, scope: Scope) -> None:
        """``sizes[0] = 8`` or ``del sizes[0]`` changes a literal list: its value is no longer known."""
        key = dotted(target.value) if isinstance(target, ast.Subscript) else None
        if key is not None and isinstance(scope.get(key), tuple):
            scope.env[key] = Unknown("list changed")

    def _augment(self, node: ast.AugAssign, scope: Scope) -> None:
        key = dotted(node.target)
        if key is None:
            return
        current = scope.get(key)
        if isinstance(current, LayerList) and isinstance(node.op, ast.Add):
            self._extend(current, self._eval(node.value, scope), scope)
        else:
            scope.env[key] = Unknown("augmented assignment")

    def _run_if(self, node: ast.If, scope: Scope) -> None:
        if _is_main_guard(node.test):
            self._run_block(node.body, scope)
            return
        branches: List[Sequence[ast.stmt]] = []
        current: Optional[ast.If] = node
        orelse: List[ast.stmt] = []
        while current is not None:
            taken = _truth(self._eval(current.test, scope))
            if taken is not None and not branches:
                self._run_block(current.body if taken else current.orelse, scope)  # a known condition
                return
            branches.append(current.body)
            orelse = current.orelse
            current = orelse[0] if len(orelse) == 1 and isinstance(orelse[0], ast.If) else None
        if orelse:
            branches.append(orelse)
        self._run_branches(branches, scope, may_skip=not orelse)

    def _run_branches(self, branches: Sequence[Sequence[ast.stmt]], scope: Scope, may_skip: bool) -> None:
        """Run each branch on its own copy; names that end differently become Ambiguous."""
        outcomes = []
        for branch in branches:
            fork = scope.fork()
            try:
                self._run_block(branch, fork)
            except _Return:
                raise _Return(Unknown("return in a branch")) from None
            outcomes.append(fork.env)
        if may_skip:
            outcomes.append(scope.env)
        for key in set().union(*(o.keys() for o in outcomes)):
            values = [o.get(key, _MISSING) for o in outcomes]
            if all(v is values[0] for v in values):
                scope.env[key] = values[0]
            elif all(_is_literal(v) for v in values):
                scope.env[key] = literals.join(values)
            else:
                scope.env[key] = Ambiguous(values)

    def _run_for(self, node: Union[ast.For, ast.AsyncFor], scope: Scope) -> None:
        items = self._iteration(node.iter, scope)
        if items is not None:
            self._unrolled += len(items)
        if items is None or _breaks(node.body) or self._unrolled > _MAX_TOTAL_UNROLL:
            self._run_branches([node.body], scope, may_skip=True)
            return
        for item in items:
            self._bind_loop(node.target, item, scope)
            self._run_block(node.body, scope)
        self._run_block(node.orelse, scope)

    def _iteration(self, expr: ast.expr, scope: Scope) -> Optional[List[Any]]:
        """The items a loop runs over, when known and few enough to unroll."""
        if isinstance(expr, ast.Call) and self._builtin(expr.func, scope) in _ITERATORS \
                and expr.args and not expr.keywords:
            parts = [self._iteration(arg, scope) for arg in expr.args]
            if any(part is None for part in parts):
                return None
            if expr.func.id == "enumerate" and len(parts) == 1:
                return [(i, item) for i, item in enumerate(parts[0])]
            if expr.func.id == "reversed" and len(parts) == 1:
                return parts[0][::-1]
            return [tuple(items) for items in zip(*parts)] if expr.func.id == "zip" else None
        value = self._eval(expr, scope)
        if isinstance(value, LayerList):
            return list(value.items)
        if isinstance(expr, ast.Call) and dotted(expr.func) == "range" and not expr.keywords:
            bounds = [literals.fold(a, scope.constant) for a in expr.args]
            if 1 <= len(bounds) <= 3 and all(type(b) is int for b in bounds) and bounds[-1] != 0:
                steps = range(*bounds)
                return list(steps) if len(steps) <= _MAX_UNROLL else None
            return None
        if isinstance(value, literals.Mapping):
            value = tuple(key for key, _ in value.items)
        if isinstance(value, tuple) and len(value) <= _MAX_UNROLL:
            return list(value)
        return None

    def _bind_loop(self, target: ast.expr, item: Any, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            scope.env[target.id] = item
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = item if isinstance(item, tuple) and len(item) == len(target.elts) else None
            for i, element in enumerate(target.elts):
                self._bind_loop(element, parts[i] if parts else Unknown("unpacking"), scope)

    # --- expressions
    def _eval(self, expr: Optional[ast.expr], scope: Scope) -> Any:
        if expr is None:
            return Unknown("missing")
        evaluate = _EVALUATORS.get(expr.__class__)
        return evaluate(self, expr, scope) if evaluate is not None else self._unmodelled(expr, scope)

    def _unmodelled(self, expr: ast.expr, scope: Scope) -> Any:
        """An expression not modelled: the calls in it are still read (a model built in there)."""
        self._visit_calls(expr, scope)
        return literals.fold(expr, scope.constant)

    def _dict(self, expr: ast.Dict, scope: Scope) -> Any:
        """A dict display: its literal keys with the values discovery gives them (tensors too)."""
        keys = [literals.fold(key, scope.constant) if key is not None else Unknown("**") for key in expr.keys]
        values = [self._eval(value, scope) for value in expr.values]
        for value in values:
            _escape(value)  # a model kept in a container may be changed through it
        return literals.mapping(keys, values)

    def _constant(self, expr: ast.Constant, scope: Scope) -> Any:
        value = self._literals.get(id(expr), _NOT_READ)
        if value is _NOT_READ:
            value = self._literals[id(expr)] = literals.fold(expr)
        return value

    def _binary(self, expr: ast.BinOp, scope: Scope) -> Any:
        left, right = self._eval(expr.left, scope), self._eval(expr.right, scope)
        if isinstance(expr.op, ast.Add) and isinstance(left, LayerList) and isinstance(right, LayerList):
            return LayerList(left.items + right.items, scope.depth, scope.run)
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self._tensor_operation(expr, left, right)
        return literals.combine(expr.op, left, right)  # the operands' calls were read above

    def _compare(self, expr: ast.Compare, scope: Scope) -> Any:
        if len(expr.ops) != 1:
            return self._unmodelled(expr, scope)
        return literals.compare(expr.ops[0], self._eval(expr.left, scope), self._eval(expr.comparators[0], scope))

    def _conditional(self, expr: ast.IfExp, scope: Scope) -> Any:
        test = _truth(self._eval(expr.test, scope))
        if test is not None:  # ``x = MaxPooling2D()(x) if pool else x`` with ``pool`` known
            return self._eval(expr.body if test else expr.orelse, scope)
        return self._unmodelled(expr, scope)

    def _subscript(self, expr: ast.Subscript, scope: Scope) -> Any:
        """``x.shape[-1]``, ``base.layers[-1]``, or a literal's item."""
        if isinstance(expr.value, ast.Attribute) and expr.value.attr == "layers":
            owner = self._eval(expr.value.value, scope)
            if isinstance(owner, LayerValue) and catalogue.role(owner.layer.kind) == "backbone":
                last = literals.fold(expr.slice, scope.constant) == -1 and _ends_at_output(owner)
                return owner if last else Unknown("inner layer of a backbone")
            base: Any = Unknown("a model's layers")
        else:
            base = self._eval(expr.value, scope)
        self._visit_calls(expr.slice, scope)
        if isinstance(base, LayerList):  # ``skips[-1]``: a tensor or layer kept in a list
            item = literals.item(tuple(range(len(base.items))), expr.slice, scope.constant)
            if isinstance(item, tuple):  # ``skips[:-1]``
                return LayerList([base.items[i] for i in item], scope.depth, scope.run)
            return base.items[item] if isinstance(item, int) else Unknown("list item")
        return literals.item(base, expr.slice, scope.constant)

    def _tensor_operation(self, expr: ast.BinOp, left: Any, right: Any) -> Any:
        """``x + shortcut``, ``x * scale`` between tensors: the merge layer Keras records; a tensor
        and a number (``x * 0.5``): a shape-preserving step.  Anything else is unknown."""
        text = f"{dotted(expr.left) or 'tensor'} {_OPERATORS.get(type(expr.op), ('', '?'))[1]} ..."
        span = self._span(expr)
        if isinstance(left, Tensor) and isinstance(right, Tensor) and type(expr.op) in _OPERATORS:
            layer = Layer(_OPERATORS[type(expr.op)][0], span=span, text=text)
            return Tensor(self._add_node(layer, (left.index, right.index), merge=True))
        number = right if isinstance(left, Tensor) else left
        tensor = left if isinstance(left, Tensor) else right
        if isinstance(number, (int, float)) and not isinstance(number, bool) and \
                isinstance(expr.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            return Tensor(self._add_node(Layer("Identity", span=span, text=text), (tensor.index,)))
        return Unknown("tensor expression")

    def _tensor_shape(self, index: int) -> Any:
        """The shape of tensor ``index`` as Keras' ``x.shape`` gives it (a tuple; unknown
        sizes Unknown), as far as the graph so far determines it."""
        shape = self._shape_of(index)
        if shape is None:
            return Unknown("tensor shape")
        return tuple(Unknown("tensor size") if size is UNK else size for size in shape)

    def _shape_of(self, index: int) -> Optional[Shape]:
        if index not in self._shapes:
            node = self._graph[index]
            inputs = [self._shape_of(i) for i in node.inputs]
            result = layer_result(node.layer, inputs) if all(s is not None for s in inputs) else None
            self._shapes[index] = result.shape if result is not None and result.error is None else None
        return self._shapes[index]

    def _visit_calls(self, node: ast.AST, scope: Scope) -> None:
        """Evaluate the calls inside an expression we do not model (a model built in there)."""
        calls = self._calls_inside.get(id(node))
        if calls is None:
            calls = self._calls_inside[id(node)] = _outer_calls(node)
        for call in calls:
            self._call(call, scope)

    def _escape_arguments(self, call: ast.Call, scope: Scope) -> None:
        """The models a call we do not follow receives, however wrapped (``f(**{"m": model})``),
        may be changed by it."""
        keys = self._argument_names.get(id(call))
        if keys is None:
            keys = self._argument_names[id(call)] = [
                key for arg in self._arguments_of(call) for node in walk(arg.value)
                if isinstance(node, (ast.Name, ast.Attribute)) and (key := dotted(node)) is not None]
        for key in keys:
            _escape(scope.get(key))

    def _arguments_of(self, call: ast.Call) -> List[_Arg]:
        found = self._call_arguments.get(id(call))
        if found is None:
            found = self._call_arguments[id(call)] = _arguments(call)
        return found

    def _kind(self, expr: ast.expr, scope: Scope) -> Optional[str]:
        """The Keras class ``expr`` names, unless its first name is bound in this function
        (a parameter, a local variable, a loop target): then the binding decides."""
        root = expr
        while isinstance(root, ast.Attribute):
            root = root.value
        if isinstance(root, ast.Name) and scope.binds_locally(root.id):
            return None
        kind = self._kinds.get(id(expr), _NOT_READ)
        if kind is _NOT_READ:
            kind = self._kinds[id(expr)] = self._names.kind(expr)
        return kind

    def _reference(self, expr: Union[ast.Name, ast.Attribute], scope: Scope, owner: Any = None) -> Any:
        """The value of a name or attribute; ``owner`` is the attribute's object when the caller
        has already evaluated it (each level of ``a.b().c().d()`` is then read once)."""
        key = dotted(expr)
        if key is not None:
            value = scope.get(key)
            if not isinstance(value, Unknown) or key in scope.env:
                return value
            kind = self._kind(expr, scope)
            if kind is not None:
                return KerasClass(kind)  # ``Conv = layers.Conv2D``: called later
        if isinstance(expr, ast.Attribute):
            owner = self._eval(expr.value, scope) if owner is None else owner
            if isinstance(owner, (LayerValue, FunctionalModel)) and expr.attr in ("output", "outputs", "input",
                                                                                   "inputs"):
                return self._model_io(owner, expr.attr)
            if isinstance(owner, Tensor) and expr.attr == "shape":
                return self._tensor_shape(owner.index)
            _escape(owner)  # e.g. ``add = model.add``: calls we cannot see may follow
        if key is not None:
            return scope.constant(key)
        return Unknown("expression")

    def _model_io(self, owner: Union[LayerValue, FunctionalModel], attr: str) -> Any:
        """``base.output`` / ``base.input`` as tensors of the shared graph."""
        if isinstance(owner, LayerValue) and catalogue.role(owner.layer.kind) == "backbone":
            if owner.applied is None:
                source = owner.layer.kwarg("input_tensor")
                if isinstance(source, Tensor):
                    owner.input_node = source.index
                else:
                    shape = owner.layer.kwarg("input_shape", Unknown("default input"))
                    owner.input_node = self._add_node(
                        Layer("Input", kwargs=(("shape", shape),), span=owner.layer.span, text="Input"), ())
                owner.applied = self._add_node(owner.layer, (owner.input_node,))
            return Tensor(owner.applied if attr.startswith("output") else owner.input_node)
        if isinstance(owner, FunctionalModel) and attr.startswith("output") and len(owner.outputs) == 1:
            owner.nested = True
            return Tensor(owner.outputs[0])
        return Unknown(f".{attr}")

    def _list(self, expr: Union[ast.List, ast.Tuple], scope: Scope) -> Any:
        if isinstance(expr, ast.List) and not expr.elts:
            return LayerList([], scope.depth, scope.run)
        items: List[Any] = []
        for element in expr.elts:
            if isinstance(element, ast.Starred):
                value = self._eval(element.value, scope)
                if isinstance(value, LayerList):
                    items.extend(value.items)
                    continue
                value = Unknown("starred")
            else:
                value = self._eval(element, scope)
            items.append(value)
        if any(isinstance(i, (LayerValue, Tensor, *_MODEL_VALUES)) for i in items):
            for item in items:
                _escape(item)  # a model kept in a container may be changed through it
            return LayerList(items, scope.depth, scope.run)
        return literals.fold(expr, scope.constant)

    def _comprehension(self, expr: ast.ListComp, scope: Scope) -> Any:
        if len(expr.generators) != 1 or expr.generators[0].ifs:
            return Unknown("comprehension")
        loop = expr.generators[0]
        items = self._iteration(loop.iter, scope)
        if items is None:
            return Unknown("comprehension")
        inner = replace(scope, env=dict(scope.env))
        values = []
        for item in items:
            self._bind_loop(loop.target, item, inner)
            values.append(self._eval(expr.elt, inner))
        return LayerList(values, scope.depth, scope.run)

    def _call(self, call: ast.Call, scope: Scope) -> Any:
        kind = self._kind(call.func, scope)
        if kind is not None:
            return self._construct(kind, call, scope)
        owner = _NOT_READ
        if isinstance(call.func, ast.Attribute):
            owner = self._eval(call.func.value, scope)
            handled, value = self._method(owner, call.func.attr, call, scope)
            if handled:
                return value
        callee = self._reference(call.func, scope, owner) if owner is not _NOT_READ else self._eval(call.func, scope)
        if isinstance(callee, KerasClass):
            return self._construct(callee.kind, call, scope)
        if isinstance(callee, (LayerValue, *_MODEL_VALUES)):
            return self._apply(callee, call, scope)
        if isinstance(callee, SubclassedModel) and not callee.instance:
            for arg in self._arguments_of(call):
                self._eval(arg.value, scope)
            return replace(callee, instance=True)
        if isinstance(callee, Function):
            return self._follow(callee, call, scope)
        values = [self._eval(arg.value, scope) for arg in self._arguments_of(call)]
        self._escape_arguments(call, scope)
        builtin = self._builtin(call.func, scope)
        if builtin in ("reversed", "list") and len(values) == 1 and isinstance(values[0], LayerList) \
                and not call.keywords:
            items = values[0].items[::-1] if builtin == "reversed" else list(values[0].items)
            return LayerList(items, scope.depth, scope.run)  # ``skips = reversed(skips[:-1])``
        if builtin == "dict":
            return literals.fold(call, scope.constant)  # ``dict(kernel_size=3, padding="same")``
        if _plain(call):
            known = self._known_function(call.func, scope, values)
            if known is not None:
                return known
        if values and isinstance(values[0], Tensor) and len(call.args) == 1:
            activation = self._activation(call.func)
            if activation is not None:  # ``tf.nn.relu(x)``: an Activation layer
                layer = Layer("Activation", (activation,), span=self._span(call), text=dotted(call.func) or activation)
                return Tensor(self._add_node(layer, (values[0].index,)))
            path = self._names.qualify(call.func)
            if path is not None and (keras_path(path) or "").startswith("applications.") \
                    and path.endswith(".preprocess_input"):  # scales pixels: shape kept, no weights
                layer = Layer("Identity", span=self._span(call), text=dotted(call.func) or "preprocess_input")
                return Tensor(self._add_node(layer, (values[0].index,)))
        if isinstance(call.func, ast.Call) and values and isinstance(values[0], Tensor):
            # An unknown layer applied to a tensor: keep the graph connected.
            return Tensor(self._add_node(self._unknown_layer(call), (values[0].index,)))
        if isinstance(call.func, ast.Call) and values and isinstance(values[0], LayerList) and values[0].items \
                and all(isinstance(t, Tensor) for t in values[0].items):  # ... or to a list of tensors
            inputs = tuple(t.index for t in values[0].items)
            return Tensor(self._add_node(self._unknown_layer(call), inputs, merge=True))
        return Unknown("call")

    def _mutate_list(self, items: Tuple[Any, ...], method: str, call: ast.Call, scope: Scope) -> Any:
        """``sizes.pop()``, ``sizes.append(64)``...: the list's new value is bound to its name
        (Unknown when it cannot be computed); returns what the call returns."""
        key = dotted(call.func.value)  # type: ignore[attr-defined]
        values = [self._eval(arg.value, scope) for arg in self._arguments_of(call)]
        changed, result = _list_change(items, method, values) if _plain(call) else (Unknown("list changed"), None)
        if key is not None:
            scope.env[key] = changed
        return result if not isinstance(changed, Unknown) else Unknown("list changed")

    def _builtin(self, func: ast.expr, scope: Scope) -> Optional[str]:
        """The name of the Python builtin ``func`` calls (``len``, ``zip``...), unless the
        function or the module binds that name itself."""
        if isinstance(func, ast.Name) and not scope.binds_locally(func.id) and func.id not in self._names.defined:
            return func.id
        return None

    def _known_function(self, func: ast.expr, scope: Scope, values: List[Any]) -> Any:
        """``int``/``len``/``max``... of folded values, ``K.int_shape(x)`` of a tensor,
        ``K.image_data_format()``; else None."""
        value = values[0] if len(values) == 1 else None
        builtin = self._builtin(func, scope)
        if builtin in literals.BUILTINS and values and all(_is_literal(v) for v in values):
            return literals.builtin(builtin, values)
        if not isinstance(func, ast.Attribute) or func.attr not in ("int_shape", "image_data_format") \
                or len(values) > 1:
            return None
        path = self._names.qualify(func)
        if path is None or keras_path(path) is None:
            return None
        if path.endswith("backend.int_shape") and isinstance(value, Tensor):
            return self._tensor_shape(value.index)
        if path.endswith(".image_data_format") and not values:  # the default layers assume
            data_format = self._names.data_format
            return "channels_last" if data_format is None else data_format
        return None

    def _method(self, owner: Any, method: str, call: ast.Call, scope: Scope) -> Tuple[bool, Any]:
        args = [a for a in self._arguments_of(call) if a.keyword is None and not a.star]
        if isinstance(owner, SequentialBuilder):
            if method == "add" and len(args) == 1:
                self._append(owner, self._eval(args[0].value, scope), args[0].value, scope)
                return True, None
            if method == "pop":
                if owner.items and owner.run == scope.run:
                    owner.items.pop()
                owner.complete = owner.complete and scope.depth <= owner.depth
                return True, None
            if method == "build":
                shape = self._build_argument(call, scope)
                if shape is not None:
                    owner.build_shape = shape
                return True, None
        if isinstance(owner, LayerList) and method in ("append", "extend", "insert"):
            if method == "append" and len(args) == 1:
                self._append(owner, self._eval(args[0].value, scope), args[0].value, scope)
            elif method == "extend" and len(args) == 1:
                self._extend(owner, self._eval(args[0].value, scope), scope)
            elif owner.run == scope.run:
                owner.items.append(Unknown("insert"))
            return True, None
        if isinstance(owner, Tensor) and method == "get_shape" and not args:
            return True, self._tensor_shape(owner.index)
        if isinstance(owner, tuple) and method == "as_list" and not args:
            return True, owner
        if isinstance(owner, literals.Mapping) and method in _MAPPING_METHODS and not call.keywords:
            keys = [self._eval(arg.value, scope) for arg in args]
            return True, _mapping_call(owner, method, keys)
        if isinstance(owner, tuple) and method in _LIST_MUTATORS and isinstance(call.func, ast.Attribute):
            return True, self._mutate_list(owner, method, call, scope)
        if isinstance(owner, SubclassedModel) and owner.instance and method == "build":
            shape = self._build_argument(call, scope)
            if shape is not None:
                self._build_subclassed(owner, shape)
            return True, None
        if isinstance(owner, LayerValue) and method == "get_layer" and catalogue.role(owner.layer.kind) == "backbone":
            return True, self._backbone_layer(owner, call, scope)
        if isinstance(owner, Ambiguous) and method in ("add", "append", "extend", "insert", "pop"):
            owner.mark_unknown_tail(self._unknown_layer(call))
            return True, None
        if isinstance(owner, _MODEL_VALUES) and method in _PASSIVE_METHODS:
            for arg in self._arguments_of(call):
                self._eval(arg.value, scope)
            return True, None
        return False, None

    def _build_argument(self, call: ast.Call, scope: Scope) -> Any:
        """The shape given to ``model.build(shape)`` (or ``input_shape=``), folded; None if none
        is given (``build(None)`` gives an unknown shape)."""
        given = [a for a in self._arguments_of(call) if a.keyword in (None, "input_shape") and not a.star]
        if not given:
            return None
        shape = literals.fold(given[0].value, scope.constant)
        return Unknown("build(None)") if shape is None else shape

    def _backbone_layer(self, owner: LayerValue, call: ast.Call, scope: Scope) -> Any:
        """``base.get_layer(NAME)``: the backbone itself when NAME is its last layer (then
        ``.output`` is the backbone's output); ``base.layers[-1]`` is read the same way."""
        arguments = self._arguments_of(call)
        name = literals.fold(arguments[0].value, scope.constant) if arguments else None
        if _ends_at_output(owner) and isinstance(name, str) and name == backbone_output_layer(owner.layer.kind):
            return owner
        return Unknown("inner layer of a backbone")

    def _append(self, target: Union[SequentialBuilder, LayerList], value: Any, source: ast.AST,
                scope: Scope) -> None:
        if target.run != scope.run:
            return  # a function read on its own cannot know when it changes an outer model
        if scope.depth > target.depth:
            if isinstance(target, SequentialBuilder):
                target.complete = False
            if not _optional_is_harmless(value):
                value = Unknown("added conditionally")
        if isinstance(value, Unknown):
            value = self._unknown_layer(source)
        if isinstance(target, SequentialBuilder) and target.escaped:
            target.items.append(self._unknown_layer(source))  # what the code it escaped to may have added
            target.escaped, target.complete = False, False
        target.items.append(value)

    def _extend(self, target: LayerList, value: Any, scope: Scope) -> None:
        if target.run != scope.run:
            return
        if isinstance(value, LayerList) and scope.depth <= target.depth:
            target.items.extend(value.items)
        else:
            target.items.append(Unknown("extended with an unknown list"))

    # --- Keras constructors
    def _construct(self, kind: str, call: ast.Call, scope: Scope) -> Any:
        if kind == "Sequential":
            return self._sequential(call, scope)
        if kind in ("Model", "Functional"):
            return self._functional(call, scope)
        arguments = self._arguments_of(call)
        if catalogue.merge_function(_last_name(call.func)) == kind:
            layer = self._layer(kind, call, arguments[1:], scope)
            return self._apply_layer(layer, arguments[0].value if arguments else None, scope)
        layer = self._layer(kind, call, arguments, scope)
        if kind == "Input":
            return Tensor(self._add_node(layer, ()))
        return LayerValue(layer)

    def _layer(self, kind: str, call: ast.Call, arguments: Sequence[_Arg], scope: Scope) -> Layer:
        args: List[Any] = []
        kwargs: List[Tuple[str, Any]] = []
        for arg in arguments:
            value = self._argument(arg.value, scope)
            if arg.star == "**" and isinstance(value, literals.Mapping) and all(isinstance(k, str) for k, _ in value.items):
                kwargs.extend(value.items)  # ``Conv2D(**conv_args)`` with a dict literal
            elif arg.star == "*" and isinstance(value, tuple):
                args.extend(value)
            elif arg.star:
                kwargs.append((arg.star, Unknown("splat")))
            elif arg.keyword is not None:
                kwargs.append((arg.keyword, value))
            else:
                args.append(value)
        data_format = self._names.data_format
        if data_format is not None and "data_format" in catalogue.signature(kind) and \
                all(key != "data_format" for key, _ in kwargs):
            kwargs.append(("data_format", data_format))  # the file switched Keras' global default
        return Layer(kind, tuple(args), tuple(kwargs), self._span(call), dotted(call.func) or kind)

    def _argument(self, expr: ast.expr, scope: Scope) -> Any:
        if expr.__class__ is ast.Constant:
            return self._constant(expr, scope)
        folded = literals.fold(expr, scope.constant)
        if not isinstance(folded, Unknown):
            return folded
        activation = self._activation(expr)
        if activation is not None:
            return activation
        value = self._eval(expr, scope)
        if isinstance(value, LayerValue):
            return value.layer
        if isinstance(value, _MODEL_VALUES):
            return self._model_layer(value)
        if isinstance(value, Tensor):
            return value
        return value if _is_literal(value) else Unknown("not a literal")

    def _activation(self, expr: ast.expr) -> Optional[str]:
        """``tf.nn.softmax`` / ``keras.activations.relu`` passed as a function: its string name."""
        path = self._names.qualify(expr) if isinstance(expr, (ast.Name, ast.Attribute)) else None
        if path is None:
            return None
        inner = keras_path(path) or ""
        name = path.rsplit(".", 1)[-1]
        if path.startswith("tensorflow.nn.") or inner.startswith("activations."):
            return name
        if inner.startswith("ops.") and name in _ELEMENTWISE_ACTIVATIONS:  # ``keras.ops.relu(x)``
            return name
        return None

    def _sequential(self, call: ast.Call, scope: Scope) -> SequentialBuilder:
        builder = SequentialBuilder(self._span(call), [], scope.depth, scope.run)
        self._builders.append(builder)
        layers_arg = _argument(call, "layers", 0)
        if layers_arg is not None:
            value = self._eval(layers_arg, scope)
            if isinstance(value, LayerList):
                for item in value.items:
                    self._append(builder, item, layers_arg, scope)
            elif value is not None:
                builder.items.append(self._unknown_layer(layers_arg))
                builder.complete = False
        return builder

    def _functional(self, call: ast.Call, scope: Scope) -> Any:
        outputs_arg = _argument(call, "outputs", 1) or _argument(call, "output", 1)
        inputs_arg = _argument(call, "inputs", 0) or _argument(call, "input", 0)
        if inputs_arg is not None:
            self._eval(inputs_arg, scope)
        if outputs_arg is None:
            return Unknown("model without outputs")
        value = self._eval(outputs_arg, scope)
        if isinstance(value, literals.Mapping):  # ``outputs={"box": box, "cls": cls}``
            value = LayerList([v for _, v in value.items], scope.depth, scope.run)
        tensors = value.items if isinstance(value, LayerList) else [value]
        if not tensors or not all(isinstance(t, Tensor) for t in tensors):
            return Unknown("outputs not understood")
        model = FunctionalModel(self._span(call), tuple(t.index for t in tensors))
        self._builders.append(model)
        return model

    # --- applying layers to tensors
    def _apply(self, callee: Union[LayerValue, Builder], call: ast.Call, scope: Scope) -> Any:
        arguments = self._arguments_of(call)
        if not arguments or arguments[0].star:
            return Unknown("no input")
        layer = callee.layer if isinstance(callee, LayerValue) else self._model_layer(callee)
        return self._apply_layer(layer, arguments[0].value, scope)

    def _apply_layer(self, layer: Layer, source: Optional[ast.expr], scope: Scope) -> Any:
        value = self._eval(source, scope)
        if isinstance(value, LayerList):
            inputs = tuple(self._tensor_index(v, source) for v in value.items)
            return Tensor(self._add_node(layer, inputs, merge=True))
        return Tensor(self._add_node(layer, (self._tensor_index(value, source),)))

    def _tensor_index(self, value: Any, source: Optional[ast.AST]) -> int:
        if isinstance(value, Tensor):
            return value.index
        return self._add_node(self._unknown_layer(source), ())

    def _model_layer(self, model: Builder) -> Layer:
        kind = "Sequential" if isinstance(model, SequentialBuilder) else "Model"
        if id(model) in self._freezing:
            return Layer("?", span=model.span, text=kind)  # a model inside itself: Keras refuses it
        self._freezing.add(id(model))
        try:
            frozen = self._freeze(model, nested_use=True)
        finally:
            self._freezing.discard(id(model))
        known = self._model_layers.get(id(model))
        if known is None or known.model != frozen:  # the same model applied again is one shared layer
            known = self._model_layers[id(model)] = Layer(kind, span=model.span, text=kind, model=frozen)
        return known

    def _add_node(self, layer: Layer, inputs: Tuple[int, ...], merge: bool = False) -> int:
        self._graph.append(Node(layer, inputs, merge))
        return len(self._graph) - 1

    def _unknown_layer(self, source: Optional[ast.AST]) -> Layer:
        span = self._span(source) if source is not None else Span(0, 0, 0, 0)
        return Layer("?", span=span, text=(dotted(source.func) if isinstance(source, ast.Call) else None) or "?")

    # --- classes and subclassed models
    def _run_class(self, node: ast.ClassDef, scope: Scope) -> None:
        """A class read as a whole: ``__init__`` (and ``build``) first, then the other
        methods share its ``self.*`` values.  A ``keras.Model`` subclass becomes a model:
        layers made in ``__init__``/``build``, applied to the input in ``call``."""
        if not self._builds_models(node):
            return
        methods = {m.name: m for m in node.body if isinstance(m, _FUNCTIONS)}
        is_model = any(self._names.kind(base) in ("Model", "Functional") for base in node.bases)
        run = next(self._runs)
        env: Dict[str, Any] = {f"self.{name}": Function(m, self._table(m), method=not _decorated(m, "staticmethod"))
                               for name, m in methods.items()}
        for name, m in methods.items():  # ``Builder.add_conv(model)``: every argument is explicit but ``cls``
            scope.env[f"{node.name}.{name}"] = Function(m, self._table(m), method=_decorated(m, "classmethod"))
        first = ("__init__", "build") if is_model else ("__init__",)
        for name in first:
            if name in methods:
                self._run_method(methods[name], scope, env, run)
        if is_model and "call" in methods:
            subclassed = self._run_call(node, methods["call"], scope, env, run)
            if subclassed is not None:
                scope.env[node.name] = subclassed
            first += ("call",)
        for name, method in methods.items():
            if name not in first:
                self._run_method(method, scope, dict(env), run)

    def _run_method(self, method: Union[ast.FunctionDef, ast.AsyncFunctionDef], parent: Scope,
                    env: Dict[str, Any], run: int) -> None:
        """Run ``method`` with the ``self.*`` values of ``env``; they flow back into ``env``."""
        inner = Scope(self._table(method), parent=parent, run=run)
        inner.env.update(env)
        self._bind_defaults(method.args, inner)
        try:
            self._run_block(method.body, inner)
        except _Return:
            pass
        env.update((k, v) for k, v in inner.env.items() if k.startswith("self."))

    def _run_call(self, node: ast.ClassDef, call: Union[ast.FunctionDef, ast.AsyncFunctionDef], parent: Scope,
                  env: Dict[str, Any], run: int) -> Optional[SubclassedModel]:
        """The model ``call`` builds from its input, if it returns tensors."""
        params = [a.arg for a in (*call.args.posonlyargs, *call.args.args)]
        if len(params) < 2:
            return None
        inner = Scope(self._table(call), parent=parent, run=run, call_depth=1)
        inner.env.update(env)
        self._bind_defaults(call.args, inner)
        span = self._name_span(node)
        source = Layer("Input", kwargs=(("shape", Unknown("subclassed model input")),), span=span, text="Input")
        input_node = self._add_node(source, ())
        inner.env[params[1]] = Tensor(input_node)
        try:
            self._run_block(call.body, inner)
            return None
        except _Return as done:
            value = done.value
        tensors = value.items if isinstance(value, LayerList) else [value]
        if not tensors or not all(isinstance(t, Tensor) for t in tensors):
            return None
        model = FunctionalModel(span, tuple(t.index for t in tensors), node.name, kind="subclassed")
        self._builders.append(model)
        return SubclassedModel(model, input_node)

    def _build_subclassed(self, subclassed: SubclassedModel, shape: Any) -> None:
        """``model.build((None, 28, 28, 1))``: the input shape (with its batch size, as
        Keras keeps it); two different shapes leave it unknown."""
        node = self._graph[subclassed.input_node]
        given = _built_input(shape)
        if subclassed.input_node in self._built and node.layer.kwargs != (given,):
            given = ("shape", Unknown("built with two shapes"))
        self._built.add(subclassed.input_node)
        self._shapes.clear()
        self._graph[subclassed.input_node] = replace(node, layer=replace(node.layer, kwargs=(given,)))

    def _bind_defaults(self, args: ast.arguments, scope: Scope) -> None:
        """Parameters of a function read on its own: their defaults, or Unknown."""
        for name, default in _parameters(args):
            scope.env[name] = literals.fold(default, scope.constant) if default is not None \
                else Unknown(f"parameter {name!r}")

    # --- helper functions
    def _follow(self, function: Function, call: ast.Call, scope: Scope) -> Any:
        parent = function.closure if function.closure is not None else _root(scope)
        inner = Scope(function.consts, parent=parent, depth=scope.depth, call_depth=scope.call_depth + 1,
                      run=scope.run)
        if scope.call_depth >= _MAX_CALL_DEPTH or not self._bind_call(function, call, scope, inner):
            self._escape_arguments(call, scope)
            return Unknown("call not followed")
        try:
            self._run_block(function.node.body, inner)
        except _Return as done:
            return done.value
        return None

    def _bind_call(self, function: Function, call: ast.Call, caller: Scope, inner: Scope) -> bool:
        """Bind a followed call's arguments (and the callee's defaults) in ``inner``."""
        args = function.node.args
        positional = [a.arg for a in (*args.posonlyargs, *args.args)][1 if function.method else 0:]
        bound: Dict[str, Any] = {}
        for i, arg in enumerate(self._arguments_of(call)):
            key = arg.keyword if arg.keyword is not None else (positional[i] if i < len(positional) else None)
            if arg.star or key is None:
                return False
            bound[key] = self._bound_value(arg.value, caller)
        if function.method and (args.posonlyargs or args.args):
            inner.env.update((k, v) for k, v in caller.env.items() if k.startswith("self."))
        for name, default in _parameters(args):
            if name not in bound and not (function.method and name == "self"):
                bound[name] = self._bound_value(default, caller) if default is not None \
                    else Unknown(f"parameter {name!r}")
        inner.env.update(bound)
        return True

    def _bound_value(self, expr: ast.expr, scope: Scope) -> Any:
        value = self._eval(expr, scope)
        return literals.fold(expr, scope.constant) if isinstance(value, Unknown) else value

    # --- freezing builders into IR
    def _freeze(self, builder: Builder, nested_use: bool = False) -> Model:
        if isinstance(builder, FunctionalModel):
            return self._freeze_functional(builder)
        items = [LayerValue(self._graph[i.index].layer) if isinstance(i, Tensor) and not self._graph[i.index].inputs
                 else i for i in builder.items]
        if builder.escaped and not items:  # every layer it has comes from code we did not follow
            items.append(self._unknown_layer(None))
        nodes: List[Node] = [Node(_input_layer(items, builder))]
        complete = builder.complete
        for item in items:
            layer = self._item_layer(item)
            complete = complete and layer.is_known
            nodes.append(Node(layer, (len(nodes) - 1,)))
        return Model("sequential", builder.span, tuple(nodes), (len(nodes) - 1,), builder.name, complete,
                     builder.nested or nested_use)

    def _item_layer(self, item: Any) -> Layer:
        if isinstance(item, LayerValue):
            return item.layer
        if isinstance(item, Layer):
            return item
        if isinstance(item, _MODEL_VALUES):
            return self._model_layer(item)
        return self._unknown_layer(None)

    def _graph_of(self, model: FunctionalModel) -> Set[int]:
        """The shared-graph nodes a functional model is made of."""
        needed: Set[int] = set()
        stack = list(model.outputs)
        while stack:
            index = stack.pop()
            if index not in needed:
                needed.add(index)
                stack.extend(self._graph[index].inputs)
        return needed

    def _views(self) -> Set[int]:
        """ids of functional models whose nodes are a strict part of another model's
        (``encoder = Model(img, code)`` beside ``autoencoder = Model(img, decoded)``)."""
        graphs = [(id(b), frozenset(self._graph_of(b))) for b in self._builders if isinstance(b, FunctionalModel)]
        return {key for key, nodes in graphs if any(nodes < other for _, other in graphs)}

    def _freeze_functional(self, model: FunctionalModel) -> Model:
        order = sorted(self._graph_of(model))
        position = {old: new for new, old in enumerate(order)}
        nodes = tuple(replace(self._graph[i], inputs=tuple(position[j] for j in self._graph[i].inputs))
                      for i in order)
        complete = all(n.layer.is_known for n in nodes)
        return Model(model.kind, model.span, nodes, tuple(position[o] for o in model.outputs), model.name,
                     complete, model.nested)

    # --- positions
    def _span(self, node: ast.AST) -> Span:
        """1-based line and character columns (``ast`` counts UTF-8 bytes)."""
        line, end_line = getattr(node, "lineno", 0), getattr(node, "end_lineno", None) or 0
        return Span(line, self._column(line, getattr(node, "col_offset", 0)) + 1,
                    end_line, self._column(end_line, getattr(node, "end_col_offset", None) or 0) + 1)

    def _name_span(self, node: ast.ClassDef) -> Span:
        """The span of a class's name (after ``class``)."""
        text = self._lines[node.lineno - 1] if 0 < node.lineno <= len(self._lines) else ""
        col = text.find(node.name, text.find("class")) + 1 or 1
        return Span(node.lineno, col, node.lineno, col + len(node.name))

    def _column(self, line: int, offset: int) -> int:
        if not 0 < line <= len(self._lines):
            return offset
        text = self._lines[line - 1]
        return offset if text.isascii() else len(text.encode("utf-8")[:offset].decode("utf-8", "replace"))


_MISSING = Unknown("unassigned")
_NOT_READ = object()  # an attribute's object not evaluated yet


def _plain(call: ast.Call) -> bool:
    """A call with positional arguments only, none of them ``*`` splats."""
    return not call.keywords and not any(isinstance(a, ast.Starred) for a in call.args)


def _outer_calls(node: ast.AST) -> List[ast.Call]:
    """The calls in ``node`` that no other call, lambda or comprehension in it holds."""
    found: List[ast.Call] = []
    for child in child_nodes(node):
        if isinstance(child, ast.Call):
            found.append(child)
        elif not isinstance(child, (ast.Lambda, ast.comprehension)):
            found.extend(_outer_calls(child))
    return found


def _ends_at_output(backbone: LayerValue) -> bool:
    """Whether a backbone's last layer gives its output: built without top or pooling."""
    return backbone.layer.kwarg("include_top", True) is False and backbone.layer.kwarg("pooling") is None


def _root(scope: Scope) -> Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _truth(value: Any) -> Optional[bool]:
    """Whether a condition holds, when its value says so: a literal, or a layer, layer class or
    function (objects Python counts as true); None when unknown."""
    if isinstance(value, Unknown):
        return None
    if isinstance(value, literals.Mapping):
        return bool(value.items)
    if _is_literal(value):
        return bool(value)
    return True if isinstance(value, (LayerValue, KerasClass, Function)) else None


def _is_literal(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_is_literal(v) for v in value)
    if isinstance(value, literals.Mapping):
        return all(_is_literal(v) for _, v in value.items)
    return value is None or isinstance(value, (int, float, str, Unknown))


def _parameters(args: ast.arguments) -> Iterator[Tuple[str, Optional[ast.expr]]]:
    """Every parameter name with its default expression (None when it has none)."""
    positional = [*args.posonlyargs, *args.args]
    defaults: List[Optional[ast.expr]] = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    for arg, default in zip(positional, defaults):
        yield arg.arg, default
    for arg, default in zip(args.kwonlyargs, args.kw_defaults):
        yield arg.arg, default
    for star in (args.vararg, args.kwarg):
        if star is not None:
            yield star.arg, None


# ----------------------------------------------------------------------------- helpers

def _input_layer(items: List[Any], builder: SequentialBuilder) -> Layer:
    """The leading Input of a Sequential: an explicit Input/InputLayer item (removed
    from ``items``), ``input_shape=``-style kwargs of the first layer, ``build()``."""
    first = items[0].layer if items and isinstance(items[0], LayerValue) else None
    if first is not None and first.kind in ("Input", "InputLayer"):
        items.pop(0)
        return first
    if first is not None:
        shape, stripped = _declared_input(first)
        if shape is not None:
            items[0] = LayerValue(stripped)
            return Layer("Input", kwargs=(("shape", shape),), span=first.span, text="Input")
    if builder.build_shape is not None:
        return Layer("Input", kwargs=(_built_input(builder.build_shape),), span=builder.span, text="Input")
    return Layer("Input", kwargs=(("shape", Unknown("no input shape")),), span=builder.span, text="Input")


# How ``Discovery._eval`` reads each kind of expression (the others: ``_unmodelled``).
_EVALUATORS: Dict[type, Callable[[Discovery, Any, Scope], Any]] = {
    ast.Constant: Discovery._constant, ast.Call: Discovery._call, ast.Name: Discovery._reference,
    ast.Attribute: Discovery._reference, ast.List: Discovery._list, ast.Tuple: Discovery._list,
    ast.BinOp: Discovery._binary, ast.ListComp: Discovery._comprehension, ast.Subscript: Discovery._subscript,
    ast.Compare: Discovery._compare, ast.IfExp: Discovery._conditional, ast.Dict: Discovery._dict,
}
# Operators between two tensors and the merge layer Keras records for them.
_OPERATORS = {ast.Add: ("Add", "+"), ast.Sub: ("Subtract", "-"), ast.Mult: ("Multiply", "*")}
_ITERATORS = frozenset({"enumerate", "zip", "reversed"})  # builtins a loop over known items may wrap them in
# keras.ops functions that are activations keeping their input's shape.
_ELEMENTWISE_ACTIVATIONS = frozenset(
    "relu relu6 sigmoid tanh gelu silu swish elu selu softplus softsign softmax log_softmax leaky_relu "
    "hard_sigmoid hard_silu hard_swish mish exponential".split())
_MAPPING_METHODS = frozenset({"get", "keys", "values", "items"})


def _mapping_call(mapping: literals.Mapping, method: str, args: List[Any]) -> Any:
    """``config.get("filters", 32)``, ``config.items()``... of a dict literal."""
    if method == "get" and 1 <= len(args) <= 2:
        return mapping.get(args[0], args[1] if len(args) == 2 else None)
    if args:
        return Unknown("dict method")
    if method == "keys":
        return tuple(key for key, _ in mapping.items)
    if method == "values":
        return tuple(value for _, value in mapping.items)
    return tuple(mapping.items)


_LIST_MUTATORS = frozenset({"pop", "append", "extend", "insert", "remove", "reverse", "sort", "clear"})


def _list_change(items: Tuple[Any, ...], method: str, args: List[Any]) -> Tuple[Any, Any]:
    """(the list's new value, the call's result) of a list method on the literal list ``items``."""
    index = args[0] if args else -1
    if method == "pop" and len(args) <= 1 and isinstance(index, int) and not isinstance(index, bool) \
            and -len(items) <= index < len(items):
        index %= len(items)
        return items[:index] + items[index + 1:], items[index]
    if method == "append" and len(args) == 1:
        return items + (args[0],), None
    if method == "extend" and len(args) == 1 and isinstance(args[0], tuple):
        return items + args[0], None
    if method == "insert" and len(args) == 2 and isinstance(index, int) and not isinstance(index, bool):
        return items[:index] + (args[1],) + items[index:] if index >= 0 else Unknown("list changed"), None
    if method == "reverse" and not args:
        return items[::-1], None
    if method == "clear" and not args:
        return (), None
    return Unknown("list changed"), None


def _decorated(function: Union[ast.FunctionDef, ast.AsyncFunctionDef], name: str) -> bool:
    return any(dotted(decorator) == name for decorator in function.decorator_list)


def _built_input(shape: Any) -> Tuple[str, Any]:
    """The Input keyword ``model.build(shape)`` amounts to: the shape with its batch size."""
    if isinstance(shape, tuple) and len(shape) >= 2:
        return "batch_shape", shape
    return "shape", Unknown("build shape")


def _declared_input(layer: Layer) -> Tuple[Any, Layer]:
    """The input shape a first layer declares, and the layer without those kwargs."""
    given = {k: v for k, v in layer.kwargs if k in _INPUT_KWARGS}
    if catalogue.role(layer.kind) == "backbone":
        return given.get("input_shape"), layer
    if not given or (layer.kind == "Embedding" and set(given) <= {"input_dim"}):
        return None, layer
    kept = tuple((k, v) for k, v in layer.kwargs if k not in _INPUT_KWARGS
                 or (layer.kind == "Embedding" and k == "input_dim"))
    if "input_shape" in given:
        shape = given["input_shape"]
    elif "batch_input_shape" in given:
        batch = given["batch_input_shape"]
        shape = batch[1:] if isinstance(batch, tuple) else Unknown("batch_input_shape")
    elif layer.kind == "Embedding":
        shape = (given["input_length"],)
    elif "input_length" in given:
        shape = (given["input_length"], given.get("input_dim", Unknown("input_dim")))
    else:
        shape = (given["input_dim"],)
    if shape is None:
        shape = Unknown("input_shape=None")  # Keras' default: no declared input
    return shape, replace(layer, kwargs=kept)


def _escape(value: Any) -> None:
    """Note that a Sequential model (alone or in a list) reached code we do not follow."""
    for item in value.items if isinstance(value, LayerList) else (value,):
        if isinstance(item, SequentialBuilder):
            item.escaped = True


def _optional_is_harmless(value: Any) -> bool:
    """A layer that changes no shape may be added conditionally without losing track."""
    return isinstance(value, LayerValue) and catalogue.role(value.layer.kind) == "preserve"


def _argument(call: ast.Call, keyword: str, position: int) -> Optional[ast.expr]:
    for arg in call.keywords:
        if arg.arg == keyword:
            return arg.value
    positional = [a for a in call.args if not isinstance(a, ast.Starred)]
    return positional[position] if len(positional) > position else None


def _last_name(expr: ast.expr) -> str:
    return (dotted(expr) or "").rsplit(".", 1)[-1]


def _functions(tree: ast.Module) -> Iterator[Union[ast.FunctionDef, ast.AsyncFunctionDef]]:
    """Every function, however deeply nested, in ``ast.walk`` order, but not the methods: a
    class is read as a whole where it is defined."""
    nodes = statements(tree)
    methods = {id(child) for node in nodes if isinstance(node, ast.ClassDef)
               for child in node.body if isinstance(child, _FUNCTIONS)}
    return (node for node in nodes if isinstance(node, _FUNCTIONS) and id(node) not in methods)


def _breaks(body: Sequence[ast.stmt]) -> bool:
    """True when a loop body leaves early (``break``, ``continue``, ``return``)."""
    stack: List[ast.AST] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Break, ast.Continue, ast.Return)):
            return True
        if not isinstance(node, (*_FUNCTIONS, ast.ClassDef, ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def _is_main_guard(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare) or len(test.comparators) != 1:
        return False
    sides = {dotted(test.left) or "", literals.fold(test.comparators[0])}
    return sides == {"__name__", "__main__"}


def _dedupe(models: Iterable[Model]) -> List[Model]:
    """One model per source span: a helper function read on its own and again at
    each call site gives several; keep the one we know most about."""
    best: Dict[Span, Model] = {}
    nested: Dict[Span, bool] = {}
    for model in models:
        kept = best.get(model.span)
        nested[model.span] = nested.get(model.span, False) or model.nested
        if kept is None or _unknowns(model) < _unknowns(kept):
            best[model.span] = model
    return [replace(model, nested=nested[span]) for span, model in best.items()]


def _unknowns(model: Model) -> int:
    count = 0
    for node in model.nodes:
        layer = node.layer
        values = (*layer.args, *(v for _, v in layer.kwargs))
        count += (not layer.is_known) + sum(_count_unknown(v) for v in values)
    return count


def _count_unknown(value: Any) -> int:
    if isinstance(value, Unknown):
        return 1
    if isinstance(value, tuple):
        return sum(_count_unknown(v) for v in value)
    return 0


def discover(tree: ast.Module, source: str) -> List[Model]:
    """Every model definition in the parsed module ``tree`` (whose text is ``source``), as IR."""
    return Discovery(tree, source).models()
