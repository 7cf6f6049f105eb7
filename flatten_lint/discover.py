"""Find Keras model definitions in a libcst module and describe them as IR.

Each scope (the module, every function) is read statement by statement with a
small abstract interpreter: names hold layers, layer lists, symbolic tensors,
models under construction or ``Unknown``.  ``Sequential([...])``, ``.add``
chains, functional graphs ending in ``Model(inputs, outputs)``, nested models
and keras.applications backbones all become the same ``ir.Model``.  Whatever
cannot be followed (a layer added under an ``if``, a value computed at run
time) becomes an unknown layer, so later stages stay silent about it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import itertools

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from . import catalogue, literals
from .ir import Layer, Model, Node, Span, Unknown
from .names import NameTable, build_table, dotted
from .scopes import ConstantTable, constant_table

_MAX_UNROLL = 64
_MAX_CALL_DEPTH = 4
_INPUT_KWARGS = ("input_shape", "batch_input_shape", "input_dim", "input_length")
_PASSIVE_METHODS = frozenset({
    "compile", "fit", "fit_generator", "evaluate", "predict", "summary", "save", "save_weights",
    "load_weights", "to_json", "train_on_batch", "get_config", "count_params", "plot_model",
})


# ----------------------------------------------------------------------------- values

@dataclass
class Tensor:
    """A symbolic tensor: the output of node ``index`` of the shared graph."""

    index: int


@dataclass
class LayerValue:
    """A layer instance bound to a name, e.g. ``conv = Conv2D(32, 3)``."""

    layer: Layer
    applied: Optional[int] = None  # node of a backbone's own input graph (``base.output``)
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


@dataclass
class FunctionalModel:
    """A functional model: the graph behind ``Model(inputs, outputs)`` (or a subclass's ``call``)."""

    span: Span
    outputs: Tuple[int, ...]
    name: Optional[str] = None
    nested: bool = False
    kind: str = "functional"


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

    node: cst.FunctionDef
    consts: ConstantTable


Builder = Union[SequentialBuilder, FunctionalModel]


class _Return(Exception):
    """Unwinds a followed helper call at its ``return``."""

    def __init__(self, value: Any) -> None:
        self.value = value


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

    def fork(self) -> "Scope":
        return replace(self, env=dict(self.env), depth=self.depth + 1)


# ----------------------------------------------------------------------------- discovery

class Discovery:
    """Reads one module; ``models()`` returns every model definition found."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        self._positions = wrapper.resolve(PositionProvider)
        self._names: NameTable = build_table(module)
        self._graph: List[Node] = []
        self._builders: List[Builder] = []
        self._module = module
        self._runs = itertools.count(1)

    # --- entry
    def models(self) -> List[Model]:
        top = Scope(constant_table(self._module.body))
        self._run_block(self._module.body, top)
        for func in _functions(self._module):
            self._run_function(func, top, next(self._runs))
        return _dedupe(m for m in (self._freeze(b) for b in self._builders) if m is not None)

    def _run_function(self, func: cst.FunctionDef, parent: Scope, run: int) -> None:
        scope = Scope(constant_table(_body(func)), parent=parent, run=run)
        self._bind_defaults(func.params, scope)
        try:
            self._run_block(_body(func), scope)
        except _Return:
            pass

    # --- statements
    def _run_block(self, statements: Sequence[cst.CSTNode], scope: Scope) -> None:
        for statement in statements:
            self._run_statement(statement, scope)

    def _run_statement(self, node: cst.CSTNode, scope: Scope) -> None:
        if isinstance(node, cst.SimpleStatementLine):
            for small in node.body:
                self._run_small(small, scope)
        elif isinstance(node, cst.FunctionDef):
            scope.env[node.name.value] = Function(node, constant_table(_body(node)))
        elif isinstance(node, cst.ClassDef):
            self._run_class(node, scope)
        elif isinstance(node, cst.If):
            self._run_if(node, scope)
        elif isinstance(node, cst.For):
            self._run_for(node, scope)
        elif isinstance(node, cst.While):
            self._run_branches([list(_block(node.body)), list(_block(node.orelse))], scope, may_skip=True)
        elif isinstance(node, cst.With):
            for item in node.items:
                self._eval(item.item, scope)
            self._run_block(_block(node.body), scope)
        elif isinstance(node, cst.Try):
            self._run_block(_block(node.body), scope)
            handlers = [list(_block(h.body)) for h in node.handlers]
            if handlers:
                self._run_branches(handlers, scope, may_skip=True)
            self._run_block(_block(node.orelse), scope)
            self._run_block(_block(node.finalbody), scope)

    def _run_small(self, node: cst.BaseSmallStatement, scope: Scope) -> None:
        if isinstance(node, cst.Assign):
            value = self._eval(node.value, scope)
            for target in node.targets:
                self._assign(target.target, value, scope)
        elif isinstance(node, cst.AnnAssign) and node.value is not None:
            self._assign(node.target, self._eval(node.value, scope), scope)
        elif isinstance(node, cst.AugAssign):
            self._augment(node, scope)
        elif isinstance(node, cst.Expr):
            self._eval(node.value, scope)
        elif isinstance(node, cst.Return) and scope.call_depth:
            raise _Return(self._eval(node.value, scope) if node.value is not None else None)

    def _assign(self, target: cst.BaseExpression, value: Any, scope: Scope) -> None:
        key = dotted(target)
        if key is not None:
            scope.env[key] = value
            if isinstance(value, (SequentialBuilder, FunctionalModel)) and value.name is None:
                value.name = key.rsplit(".", 1)[-1]
        elif isinstance(target, (cst.Tuple, cst.List)):
            parts = value.items if isinstance(value, LayerList) else value
            fits = isinstance(parts, (tuple, list)) and len(parts) == len(target.elements)
            for i, element in enumerate(target.elements):
                self._assign(element.value, parts[i] if fits else Unknown("unpacking"), scope)

    def _augment(self, node: cst.AugAssign, scope: Scope) -> None:
        key = dotted(node.target)
        if key is None:
            return
        current = scope.get(key)
        if isinstance(current, LayerList) and isinstance(node.operator, cst.AddAssign):
            extra = self._eval(node.value, scope)
            self._extend(current, extra, scope)
        else:
            scope.env[key] = Unknown("augmented assignment")

    def _run_if(self, node: cst.If, scope: Scope) -> None:
        if _is_main_guard(node.test):
            self._run_block(_block(node.body), scope)
            return
        branches: List[List[cst.CSTNode]] = []
        current: Optional[cst.If] = node
        orelse: Any = None
        while current is not None:
            branches.append(list(_block(current.body)))
            orelse = current.orelse
            current = orelse if isinstance(orelse, cst.If) else None
        has_else = isinstance(orelse, cst.Else)
        if has_else:
            branches.append(list(_block(orelse.body)))
        self._run_branches(branches, scope, may_skip=not has_else)

    def _run_branches(self, branches: List[List[cst.CSTNode]], scope: Scope, may_skip: bool) -> None:
        """Run each branch on its own copy; names that end differently become Unknown."""
        outcomes = []
        for statements in branches:
            fork = scope.fork()
            try:
                self._run_block(statements, fork)
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

    def _run_for(self, node: cst.For, scope: Scope) -> None:
        items = self._iteration(node.iter, scope)
        body = list(_block(node.body))
        if items is None or _breaks(node.body):
            self._run_branches([body], scope, may_skip=True)
            return
        for item in items:
            self._bind_loop(node.target, item, scope)
            self._run_block(body, scope)
        self._run_block(_block(node.orelse), scope)

    def _iteration(self, expr: cst.BaseExpression, scope: Scope) -> Optional[List[Any]]:
        value = self._eval(expr, scope)
        if isinstance(value, LayerList):
            return list(value.items)
        if isinstance(expr, cst.Call) and dotted(expr.func) in ("range", "enumerate", "zip"):
            args = [literals.fold(a.value, scope.constant) for a in expr.args if not a.star and a.keyword is None]
            if dotted(expr.func) == "range" and all(isinstance(a, int) for a in args) and 1 <= len(args) <= 3:
                steps = range(*args)
                return list(steps) if len(steps) <= _MAX_UNROLL else None
            return None
        folded = literals.fold(expr, scope.constant)
        if isinstance(folded, tuple) and len(folded) <= _MAX_UNROLL:
            return list(folded)
        return None

    def _bind_loop(self, target: cst.BaseExpression, item: Any, scope: Scope) -> None:
        if isinstance(target, cst.Name):
            scope.env[target.value] = item
        elif isinstance(target, (cst.Tuple, cst.List)):
            parts = item if isinstance(item, tuple) and len(item) == len(target.elements) else None
            for i, element in enumerate(target.elements):
                self._bind_loop(element.value, parts[i] if parts else Unknown("unpacking"), scope)

    # --- expressions
    def _eval(self, expr: Optional[cst.BaseExpression], scope: Scope) -> Any:
        if expr is None:
            return Unknown("missing")
        if isinstance(expr, cst.Call):
            return self._call(expr, scope)
        if isinstance(expr, (cst.Name, cst.Attribute)):
            return self._reference(expr, scope)
        if isinstance(expr, (cst.List, cst.Tuple)):
            return self._list(expr, scope)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            left, right = self._eval(expr.left, scope), self._eval(expr.right, scope)
            if isinstance(left, LayerList) and isinstance(right, LayerList):
                return LayerList(left.items + right.items, scope.depth, scope.run)
        if isinstance(expr, cst.ListComp):
            return self._comprehension(expr, scope)
        folded = literals.fold(expr, scope.constant)
        self._visit_calls(expr, scope)
        return folded

    def _visit_calls(self, node: cst.CSTNode, scope: Scope) -> None:
        """Evaluate the calls inside an expression we do not model (a model built in there)."""
        for child in node.children:
            if isinstance(child, cst.Call):
                self._call(child, scope)
            elif not isinstance(child, (cst.Lambda, cst.BaseSuite)):
                self._visit_calls(child, scope)

    def _reference(self, expr: Union[cst.Name, cst.Attribute], scope: Scope) -> Any:
        key = dotted(expr)
        if key is not None:
            value = scope.get(key)
            if not isinstance(value, Unknown) or key in scope.env:
                return value
        if isinstance(expr, cst.Attribute):
            owner = self._eval(expr.value, scope)
            attr = expr.attr.value
            if isinstance(owner, (LayerValue, SequentialBuilder, FunctionalModel)) and attr in ("output", "outputs", "input", "inputs"):
                return self._model_io(owner, attr)
        if key is not None:
            return scope.constant(key) if "." not in key else Unknown(f"attribute {key}")
        return Unknown("expression")

    def _model_io(self, owner: Any, attr: str) -> Any:
        """``base.output`` / ``model.input`` as tensors of the shared graph."""
        if isinstance(owner, LayerValue) and catalogue.role(owner.layer.kind) == "backbone":
            if owner.applied is None:
                source = owner.layer.kwarg("input_tensor")
                if isinstance(source, Tensor):
                    owner.input_node = source.index
                else:
                    owner.input_node = self._add_node(
                        Layer("Input", kwargs=(("shape", owner.layer.kwarg("input_shape", Unknown("default"))),),
                              span=owner.layer.span, text="Input"), ())
                owner.applied = self._add_node(owner.layer, (owner.input_node,))
            index = owner.applied if attr.startswith("output") else owner.input_node
            return Tensor(index)
        if isinstance(owner, FunctionalModel) and attr.startswith("output") and len(owner.outputs) == 1:
            owner.nested = True
            return Tensor(owner.outputs[0])
        return Unknown(f".{attr}")

    def _list(self, expr: Union[cst.List, cst.Tuple], scope: Scope) -> Any:
        if isinstance(expr, cst.List) and not expr.elements:
            return LayerList([], scope.depth, scope.run)
        items: List[Any] = []
        for element in expr.elements:
            value = self._eval(element.value, scope)
            if isinstance(element, cst.StarredElement):
                if isinstance(value, LayerList):
                    items.extend(value.items)
                    continue
                value = Unknown("starred")
            items.append(value)
        if any(isinstance(i, (LayerValue, SequentialBuilder, FunctionalModel, Tensor)) for i in items):
            return LayerList(items, scope.depth, scope.run)
        folded = literals.fold(expr, scope.constant)
        return folded if not isinstance(folded, Unknown) or not items else LayerList(items, scope.depth, scope.run)

    def _comprehension(self, expr: cst.ListComp, scope: Scope) -> Any:
        comp = expr.for_in
        items = self._iteration(comp.iter, scope) if comp.inner_for_in is None and not comp.ifs else None
        if items is None:
            return Unknown("comprehension")
        inner = scope.fork()
        inner.depth = scope.depth
        values = []
        for item in items:
            self._bind_loop(comp.target, item, inner)
            values.append(self._eval(expr.elt, inner))
        return LayerList(values, scope.depth, scope.run)

    def _call(self, call: cst.Call, scope: Scope) -> Any:
        kind = self._names.kind(call.func)
        if kind is not None:
            return self._construct(kind, call, scope)
        if isinstance(call.func, cst.Attribute):
            owner = self._eval(call.func.value, scope)
            method = call.func.attr.value
            handled, value = self._method(owner, method, call, scope)
            if handled:
                return value
        callee = self._eval(call.func, scope) if isinstance(call.func, (cst.Call, cst.Name, cst.Attribute)) \
            else Unknown("callee")
        if isinstance(callee, (LayerValue, SequentialBuilder, FunctionalModel)):
            return self._apply(callee, call, scope)
        if isinstance(callee, Function):
            return self._follow(callee, call, scope)
        for arg in call.args:
            self._eval(arg.value, scope)
        if isinstance(callee, Unknown) and call.args and isinstance(call.func, cst.Call):
            # An unknown layer applied to tensors: keep the graph connected.
            inputs = [self._eval(a.value, scope) for a in call.args[:1]]
            if isinstance(inputs[0], Tensor):
                return Tensor(self._add_node(self._unknown_layer(call), (inputs[0].index,)))
        return Unknown("call")

    def _method(self, owner: Any, method: str, call: cst.Call, scope: Scope) -> Tuple[bool, Any]:
        args = [a for a in call.args if a.keyword is None and not a.star]
        if isinstance(owner, SequentialBuilder):
            if method == "add" and len(args) == 1:
                self._append(owner, self._eval(args[0].value, scope), args[0].value, scope)
                return True, None
            if method == "pop":
                if owner.items:
                    owner.items.pop()
                owner.complete = owner.complete and scope.depth <= owner.depth
                return True, None
            if method == "build":
                shape = [a for a in call.args if a.keyword in (None,) or (a.keyword and a.keyword.value == "input_shape")]
                if shape:
                    owner.build_shape = literals.fold(shape[0].value, scope.constant)
                return True, None
        if isinstance(owner, LayerList) and method in ("append", "extend", "insert"):
            if method == "append" and len(args) == 1:
                self._append(owner, self._eval(args[0].value, scope), args[0].value, scope)
            elif method == "extend" and len(args) == 1:
                self._extend(owner, self._eval(args[0].value, scope), scope)
            else:
                owner.items.append(Unknown("insert"))
            return True, None
        if isinstance(owner, Ambiguous) and method in ("add", "append", "extend", "insert", "pop"):
            owner.mark_unknown_tail(self._unknown_layer(call))
            return True, None
        if isinstance(owner, (SequentialBuilder, FunctionalModel)) and method in _PASSIVE_METHODS:
            for arg in call.args:
                self._eval(arg.value, scope)
            return True, None
        return False, None

    def _append(self, target: Union[SequentialBuilder, LayerList], value: Any, source: cst.BaseExpression,
                scope: Scope) -> None:
        if target.run != scope.run:
            return  # a function read on its own cannot know when it changes an outer model
        if scope.depth > target.depth and not _optional_is_harmless(value):
            value = Unknown("added conditionally")
        if isinstance(target, SequentialBuilder) and scope.depth > target.depth:
            target.complete = False
        if isinstance(value, Unknown):
            value = self._unknown_layer(source)
        target.items.append(value)

    def _extend(self, target: LayerList, value: Any, scope: Scope) -> None:
        if target.run != scope.run:
            return
        if isinstance(value, LayerList) and scope.depth <= target.depth:
            target.items.extend(value.items)
        else:
            target.items.append(Unknown("extended with an unknown list"))

    # --- Keras constructors
    def _construct(self, kind: str, call: cst.Call, scope: Scope) -> Any:
        if kind == "Sequential":
            return self._sequential(call, scope)
        if kind in ("Model", "Functional"):
            return self._functional(call, scope)
        merge = catalogue.merge_function(_last_name(call.func))
        if merge is not None and merge == kind:
            layer = self._layer(kind, call, scope, skip_first=True)
            return self._apply_layer(layer, call.args[0].value if call.args else None, scope)
        layer = self._layer(kind, call, scope)
        if kind == "Input":
            return Tensor(self._add_node(layer, ()))
        return LayerValue(layer)

    def _layer(self, kind: str, call: cst.Call, scope: Scope, skip_first: bool = False) -> Layer:
        args: List[Any] = []
        kwargs: List[Tuple[str, Any]] = []
        positional = call.args[1:] if skip_first else call.args
        for arg in positional:
            value = self._argument(arg.value, scope)
            if arg.star:
                kwargs.append(("**" if arg.star == "**" else "*", Unknown("splat")))
            elif arg.keyword is not None:
                kwargs.append((arg.keyword.value, value))
            else:
                args.append(value)
        return Layer(kind, tuple(args), tuple(kwargs), self._span(call), _source(call.func))

    def _argument(self, expr: cst.BaseExpression, scope: Scope) -> Any:
        folded = literals.fold(expr, scope.constant)
        if not isinstance(folded, Unknown):
            return folded
        value = self._eval(expr, scope)
        if isinstance(value, LayerValue):
            return value.layer
        if isinstance(value, (SequentialBuilder, FunctionalModel)):
            return self._model_layer(value)
        if isinstance(value, Tensor):
            return value
        return value if not isinstance(value, (LayerList, Function)) else Unknown("list")

    def _sequential(self, call: cst.Call, scope: Scope) -> SequentialBuilder:
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

    def _functional(self, call: cst.Call, scope: Scope) -> Any:
        outputs_arg = _argument(call, "outputs", 1) or _argument(call, "output", 1)
        if outputs_arg is None:
            return Unknown("model without outputs")
        _input = _argument(call, "inputs", 0) or _argument(call, "input", 0)
        if _input is not None:
            self._eval(_input, scope)
        value = self._eval(outputs_arg, scope)
        tensors = value.items if isinstance(value, LayerList) else [value]
        if isinstance(value, dict) or not tensors or not all(isinstance(t, Tensor) for t in tensors):
            return Unknown("outputs not understood")
        model = FunctionalModel(self._span(call), tuple(t.index for t in tensors))
        self._builders.append(model)
        return model

    # --- applying layers to tensors
    def _apply(self, callee: Any, call: cst.Call, scope: Scope) -> Any:
        if not call.args:
            return Unknown("no input")
        if isinstance(callee, LayerValue):
            return self._apply_layer(callee.layer, call.args[0].value, scope)
        return self._apply_layer(self._model_layer(callee), call.args[0].value, scope)

    def _apply_layer(self, layer: Layer, source: Optional[cst.BaseExpression], scope: Scope) -> Any:
        value = self._eval(source, scope)
        if isinstance(value, LayerList):
            inputs = tuple(self._tensor_index(v, source) for v in value.items)
            return Tensor(self._add_node(layer, inputs, merge=True))
        return Tensor(self._add_node(layer, (self._tensor_index(value, source),)))

    def _tensor_index(self, value: Any, source: Optional[cst.BaseExpression]) -> int:
        if isinstance(value, Tensor):
            return value.index
        return self._add_node(self._unknown_layer(source), ())

    def _model_layer(self, model: Builder) -> Layer:
        model.nested = True
        frozen = self._freeze(model, nested_use=True)
        kind = "Sequential" if isinstance(model, SequentialBuilder) else "Model"
        return Layer(kind, span=model.span, text=kind, model=frozen) if frozen else \
            Layer("?", span=model.span, text=kind)

    def _add_node(self, layer: Layer, inputs: Tuple[int, ...], merge: bool = False) -> int:
        self._graph.append(Node(layer, inputs, merge))
        return len(self._graph) - 1

    def _unknown_layer(self, source: Optional[cst.CSTNode]) -> Layer:
        span = self._span(source) if source is not None else Span(0, 0, 0, 0)
        return Layer("?", span=span, text=_source(source) if source is not None else "?")

    # --- subclassed models
    def _run_class(self, node: cst.ClassDef, scope: Scope) -> None:
        """A class read as a whole: ``__init__`` (and ``build``) first, then the other
        methods share its ``self.*`` values.  A ``keras.Model`` subclass becomes a model:
        layers made in ``__init__``/``build``, applied to the input in ``call``."""
        methods = {m.name.value: m for m in _block(node.body) if isinstance(m, cst.FunctionDef)}
        is_model = any(self._names.kind(base.value) in ("Model", "Functional") for base in node.bases)
        run = next(self._runs)
        setup = Scope(ConstantTable({}), parent=scope, run=run)
        first = ("__init__", "build") if is_model else ("__init__",)
        for name in first:
            if name in methods:
                self._run_method(methods[name], scope, setup.env, run)
        if is_model and "call" in methods:
            self._run_call(node, methods["call"], scope, setup.env, run)
            return
        for name, method in methods.items():
            if name not in first:
                self._run_method(method, scope, dict(setup.env), run)

    def _run_method(self, method: cst.FunctionDef, parent: Scope, env: Dict[str, Any], run: int) -> Scope:
        """Run ``method`` with the ``self.*`` values of ``env``; they flow back into ``env``."""
        inner = Scope(constant_table(_body(method)), parent=parent, run=run)
        inner.env.update((k, v) for k, v in env.items() if k.startswith("self."))
        self._bind_defaults(method.params, inner)
        try:
            self._run_block(_body(method), inner)
        except _Return:
            pass
        env.update((k, v) for k, v in inner.env.items() if k.startswith("self."))
        return inner

    def _run_call(self, node: cst.ClassDef, call: cst.FunctionDef, parent: Scope, env: Dict[str, Any],
                  run: int) -> None:
        inner = Scope(constant_table(_body(call)), parent=parent, run=run, call_depth=1)
        inner.env.update((k, v) for k, v in env.items() if k.startswith("self."))
        self._bind_defaults(call.params, inner)
        params = [p.name.value for p in (*call.params.posonly_params, *call.params.params)]
        if len(params) < 2:
            return
        source = Layer("Input", kwargs=(("shape", Unknown("subclassed model input")),),
                       span=self._span(node.name), text="Input")
        inner.env[params[1]] = Tensor(self._add_node(source, ()))
        try:
            self._run_block(_body(call), inner)
            return
        except _Return as done:
            value = done.value
        tensors = value.items if isinstance(value, LayerList) else [value]
        if tensors and all(isinstance(t, Tensor) for t in tensors):
            self._builders.append(FunctionalModel(self._span(node.name), tuple(t.index for t in tensors),
                                                  node.name.value, kind="subclassed"))

    def _bind_defaults(self, params: cst.Parameters, scope: Scope) -> None:
        """Parameters of a method read on its own: their defaults, or Unknown."""
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            name = param.name.value
            scope.env[name] = literals.fold(param.default, scope.constant) if param.default is not None \
                else Unknown(f"parameter {name!r}")
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                scope.env[star.name.value] = Unknown("variadic")

    # --- helper functions
    def _follow(self, function: Function, call: cst.Call, scope: Scope) -> Any:
        if scope.call_depth >= _MAX_CALL_DEPTH:
            return Unknown("call depth")
        inner = Scope(function.consts, parent=_root(scope), depth=scope.depth, call_depth=scope.call_depth + 1,
                      run=scope.run)
        if not self._bind_call(function.node.params, call, scope, inner):
            return Unknown("arguments not understood")
        try:
            self._run_block(_body(function.node), inner)
        except _Return as done:
            return done.value
        return None

    def _bind_call(self, params: cst.Parameters, call: cst.Call, caller: Scope, inner: Scope) -> bool:
        names = [p.name.value for p in (*params.posonly_params, *params.params)]
        defaults = {p.name.value: p.default for p in (*params.posonly_params, *params.params, *params.kwonly_params)
                    if p.default is not None}
        bound: Dict[str, Any] = {}
        for i, arg in enumerate(call.args):
            if arg.star:
                return False
            key = arg.keyword.value if arg.keyword is not None else (names[i] if i < len(names) else None)
            if key is None:
                return False
            bound[key] = self._bound_value(arg.value, caller)
        for name in (*names, *(p.name.value for p in params.kwonly_params)):
            if name not in bound:
                bound[name] = self._bound_value(defaults[name], caller) if name in defaults \
                    else Unknown(f"parameter {name!r}")
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                bound[star.name.value] = Unknown("variadic")
        inner.env.update(bound)
        return True

    def _bound_value(self, expr: cst.BaseExpression, scope: Scope) -> Any:
        value = self._eval(expr, scope)
        if isinstance(value, Unknown):
            return literals.fold(expr, scope.constant)
        return value

    # --- freezing builders into IR
    def _freeze(self, builder: Builder, nested_use: bool = False) -> Optional[Model]:
        if isinstance(builder, FunctionalModel):
            return self._freeze_functional(builder)
        nodes: List[Node] = []
        items = [LayerValue(self._graph[i.index].layer) if isinstance(i, Tensor) and not self._graph[i.index].inputs
                 else i for i in builder.items]
        first = _input_layer(items, builder)
        nodes.append(Node(first))
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
        if isinstance(item, (SequentialBuilder, FunctionalModel)):
            return self._model_layer(item)
        return self._unknown_layer(None)

    def _freeze_functional(self, model: FunctionalModel) -> Model:
        needed = set()
        stack = list(model.outputs)
        while stack:
            index = stack.pop()
            if index not in needed:
                needed.add(index)
                stack.extend(self._graph[index].inputs)
        order = sorted(needed)
        position = {old: new for new, old in enumerate(order)}
        nodes = tuple(replace(self._graph[i], inputs=tuple(position[j] for j in self._graph[i].inputs))
                      for i in order)
        complete = all(n.layer.is_known for n in nodes)
        return Model(model.kind, model.span, nodes, tuple(position[o] for o in model.outputs), model.name,
                     complete, model.nested)

    def _span(self, node: cst.CSTNode) -> Span:
        try:
            where: CodeRange = self._positions[node]
        except KeyError:
            return Span(0, 0, 0, 0)
        return Span(where.start.line, where.start.column + 1, where.end.line, where.end.column + 1)


_MISSING = Unknown("unassigned")


def _root(scope: Scope) -> Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _is_literal(value: Any) -> bool:
    if isinstance(value, tuple):
        return all(_is_literal(v) for v in value)
    return value is None or isinstance(value, (int, float, str, bool, Unknown))


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
        shape = builder.build_shape
        shape = shape[1:] if isinstance(shape, tuple) else Unknown("build shape")
        return Layer("Input", kwargs=(("shape", shape),), span=builder.span, text="Input")
    return Layer("Input", kwargs=(("shape", Unknown("no input shape")),), span=builder.span, text="Input")


def _declared_input(layer: Layer) -> Tuple[Any, Layer]:
    """The input shape a first layer declares, and the layer without those kwargs."""
    given = {k: v for k, v in layer.kwargs if k in _INPUT_KWARGS}
    if catalogue.role(layer.kind) == "backbone":
        return given.get("input_shape", given.get("batch_input_shape")), layer
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
    if not isinstance(shape, (tuple, Unknown)):
        shape = Unknown("input shape is not a tuple")
    return shape, replace(layer, kwargs=kept)


def _optional_is_harmless(value: Any) -> bool:
    """A layer that changes no shape may be added conditionally without losing track."""
    return isinstance(value, LayerValue) and catalogue.role(value.layer.kind) == "preserve"


def _argument(call: cst.Call, keyword: str, position: int) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


def _last_name(expr: cst.BaseExpression) -> str:
    text = dotted(expr) or ""
    return text.rsplit(".", 1)[-1]


def _source(node: cst.CSTNode) -> str:
    try:
        return cst.Module([]).code_for_node(node)
    except Exception:  # noqa: BLE001 - a rendering problem must not stop analysis
        return "?"


def _block(suite: Any) -> Sequence[cst.CSTNode]:
    if suite is None:
        return ()
    if isinstance(suite, (cst.Else, cst.Finally)):
        suite = suite.body
    if isinstance(suite, cst.IndentedBlock):
        return suite.body
    if isinstance(suite, cst.SimpleStatementSuite):
        return (cst.SimpleStatementLine(body=suite.body),)
    return ()


def _body(func: cst.FunctionDef) -> Sequence[cst.CSTNode]:
    return _block(func.body)


def _functions(module: cst.Module) -> Iterator[cst.FunctionDef]:
    """Every function and method, however deeply nested."""
    found: List[cst.FunctionDef] = []

    class _Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            found.append(node)

    module.visit(_Finder())
    return iter(found)


def _breaks(suite: cst.BaseSuite) -> bool:
    found = []

    class _Finder(cst.CSTVisitor):
        def visit_Break(self, node: cst.Break) -> None:
            found.append(node)

        def visit_Continue(self, node: cst.Continue) -> None:
            found.append(node)

        def visit_Return(self, node: cst.Return) -> None:
            found.append(node)

        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

    suite.visit(_Finder())
    return bool(found)


def _is_main_guard(test: cst.BaseExpression) -> bool:
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    sides = {dotted(test.left) or "", _string(test.comparisons[0].comparator)}
    return sides == {"__name__", "__main__"}


def _string(expr: cst.BaseExpression) -> str:
    value = literals.fold(expr)
    return value if isinstance(value, str) else ""


def _dedupe(models: Iterable[Model]) -> List[Model]:
    """One model per source span: a helper function read on its own and again at
    each call site gives several; keep the one we know most about."""
    best: Dict[Span, Model] = {}
    for model in models:
        kept = best.get(model.span)
        if kept is None or _unknowns(model) < _unknowns(kept):
            best[model.span] = model
    return list(best.values())


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


def discover(module: cst.Module) -> List[Model]:
    """Every model definition in ``module``, as IR."""
    return Discovery(module).models()
