"""Differential test: random Sequential models, static shapes and parameters against real Keras 3.

Each example draws an input shape, then layers one at a time, mostly ones that fit
the rank the static engine reports so far and sometimes ones that do not, so that
Keras refuses a share of the models.  Where Keras builds a layer the static result
must match it exactly (shape, parameters, trainable parameters); where Keras
refuses, the static side must not claim a shape.
"""
from __future__ import annotations

import inspect
import os
from dataclasses import replace
from typing import Any, Callable, List, Optional

from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from flatten_lint import catalogue
from flatten_lint.ir import Layer, Model, Node, Span
from flatten_lint.shapes import Shape, format_shape, infer

from .keras_build import build, keras

EXAMPLES = int(os.environ.get("FLATTEN_LINT_DIFF_EXAMPLES", "60"))
MAX_LAYERS = 6
DIFF_PHASES = (Phase.explicit, Phase.generate, Phase.shrink)

Draw = Callable[[st.SearchStrategy], Any]


# --- the catalogue against keras.layers ---------------------------------------------------

NOT_LAYERS = {"Layer", "InputSpec", "Wrapper"}


def test_catalogue_knows_every_keras_layer():
    exported = {name: getattr(keras.layers, name) for name in dir(keras.layers)
                if name[0].isupper() and name not in NOT_LAYERS}
    for name, value in exported.items():
        expected = value.__name__ if inspect.isclass(value) else name
        assert catalogue.canonical(name) == expected, name


def test_signatures_follow_keras_positional_order():
    for kind in catalogue.KINDS:
        entry = catalogue.spec(kind)
        factory = keras.Input if kind == "Input" else getattr(keras.layers, kind, None)
        if not entry.keras3 or factory is None or not (entry.signature or entry.family):
            continue
        function = factory if kind == "Input" else factory.__init__
        params = [p.name for p in inspect.signature(function).parameters.values()
                  if p.name != "self" and p.kind == p.POSITIONAL_OR_KEYWORD]
        assert params[:len(entry.signature)] == list(entry.signature), kind
        # a modelled layer must know every positional a Keras 3 call may pass (else: read as Keras 1)
        assert not entry.family or len(entry.signature) >= min(len(params), 4), kind


# --- random models ---------------------------------------------------------------------------

def chain(layers: List[Layer]) -> Model:
    nodes = tuple(Node(replace(layer), (i - 1,) if i else ()) for i, layer in enumerate(layers))  # unshared
    return Model("sequential", Span(1, 1, 1, 1), nodes, (len(nodes) - 1,))


def small(low: int = 1, high: int = 4) -> st.SearchStrategy:
    return st.integers(low, high)


def int_or_tuple(draw: Draw, rank: int, low: int = 1, high: int = 4) -> Any:
    return draw(st.one_of(small(low, high), st.tuples(*[small(low, high)] * rank)))


def maybe(draw: Draw, kwargs: dict, name: str, strategy: st.SearchStrategy) -> None:
    """Set ``kwargs[name]`` about half of the time (else Keras' default applies)."""
    if draw(st.booleans()):
        kwargs[name] = draw(strategy)


def kw(kwargs: dict) -> tuple:
    return tuple(kwargs.items())


# --- layer menus, by the number of non-batch axes they expect ----------------------------

def conv(draw: Draw, axes: int) -> Layer:
    rank = axes - 1
    kinds = [f"Conv{rank}D", f"Conv{rank}DTranspose"]
    kinds += [f"SeparableConv{rank}D", f"DepthwiseConv{rank}D"] if rank <= 2 else []
    kind = draw(st.sampled_from(kinds))
    kwargs: dict = {}
    paddings = ["valid", "same"] + (["causal"] if kind == "Conv1D" else [])
    maybe(draw, kwargs, "padding", st.sampled_from(paddings))
    if draw(st.booleans()):
        kwargs["strides"] = int_or_tuple(draw, rank, 1, 3)
    elif draw(st.booleans()):
        kwargs["dilation_rate"] = int_or_tuple(draw, rank, 1, 2)
    maybe(draw, kwargs, "data_format", st.sampled_from(["channels_last", "channels_first"]))
    maybe(draw, kwargs, "use_bias", st.booleans())
    if kind.startswith("Conv") and not kind.endswith("Transpose"):
        maybe(draw, kwargs, "groups", small(1, 3))
    if kind.startswith(("Separable", "Depthwise")):
        maybe(draw, kwargs, "depth_multiplier", small(1, 3))
    if kind.endswith("Transpose") and draw(st.booleans()):
        kwargs["output_padding"] = draw(small(0, 1))
    kernel = int_or_tuple(draw, rank)
    if kind.startswith("Depthwise"):
        return Layer(kind, (kernel,), kw(kwargs))
    filters = draw(small(1, 6))
    if draw(st.booleans()):
        return Layer(kind, (filters, kernel), kw(kwargs))
    return Layer(kind, (filters,), kw({"kernel_size": kernel, **kwargs}))


def pool(draw: Draw, axes: int) -> Layer:
    rank = axes - 1
    kind = draw(st.sampled_from([f"MaxPooling{rank}D", f"AveragePooling{rank}D"]))
    kwargs: dict = {}
    maybe(draw, kwargs, "strides", small(1, 3))
    maybe(draw, kwargs, "padding", st.sampled_from(["valid", "same"]))
    maybe(draw, kwargs, "data_format", st.sampled_from(["channels_last", "channels_first"]))
    # AveragePooling has no default pool_size in Keras 3 (the static side reads that as Unknown)
    given = kind.startswith("Average") or draw(st.booleans())
    return Layer(kind, (int_or_tuple(draw, rank, 1, 3),) if given else (), kw(kwargs))


def global_pool(draw: Draw, axes: int) -> Layer:
    kind = draw(st.sampled_from(["GlobalMaxPooling", "GlobalAveragePooling"])) + f"{axes - 1}D"
    kwargs: dict = {}
    maybe(draw, kwargs, "keepdims", st.booleans())
    maybe(draw, kwargs, "data_format", st.sampled_from(["channels_last", "channels_first"]))
    return Layer(kind, (), kw(kwargs))


def resize(draw: Draw, axes: int) -> Layer:
    rank = axes - 1
    family = draw(st.sampled_from(["ZeroPadding", "Cropping", "UpSampling"]))
    kwargs: dict = {}
    if rank > 1 or family == "ZeroPadding":
        maybe(draw, kwargs, "data_format", st.sampled_from(["channels_last", "channels_first"]))
    if family == "UpSampling":
        amount = draw(small(1, 3)) if rank == 1 else int_or_tuple(draw, rank, 1, 3)
    elif rank == 1:
        amount = draw(st.one_of(small(0, 2), st.tuples(small(0, 2), small(0, 2))))
    else:
        amount = draw(st.one_of(small(0, 2), st.tuples(*[small(0, 2)] * rank),
                                st.tuples(*[st.tuples(small(0, 2), small(0, 2))] * rank)))
    return Layer(f"{family}{rank}D", (amount,), kw(kwargs))


def spatial_dropout(draw: Draw, axes: int) -> Layer:
    return Layer(f"SpatialDropout{axes - 1}D", (0.1,))


def recurrent(draw: Draw, axes: int) -> Layer:
    kind = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"]))
    kwargs: dict = {}
    maybe(draw, kwargs, "return_sequences", st.booleans())
    maybe(draw, kwargs, "use_bias", st.booleans())
    if kind == "GRU":
        maybe(draw, kwargs, "reset_after", st.booleans())
    layer = Layer(kind, (draw(small(1, 5)),), kw(kwargs))
    if draw(st.booleans()):
        return layer
    merge = {}
    maybe(draw, merge, "merge_mode", st.sampled_from(["concat", "sum", "mul", "ave"]))
    return Layer("Bidirectional", (layer,), kw(merge))


def conv_lstm(draw: Draw, axes: int) -> Layer:
    rank = axes - 2
    kwargs: dict = {}
    maybe(draw, kwargs, "return_sequences", st.booleans())
    maybe(draw, kwargs, "padding", st.sampled_from(["valid", "same"]))
    maybe(draw, kwargs, "strides", small(1, 2))
    return Layer(f"ConvLSTM{rank}D", (draw(small(1, 3)), int_or_tuple(draw, rank, 1, 3)), kw(kwargs))


def time_distributed(draw: Draw, axes: int) -> Layer:
    if axes in (3, 4) and draw(st.booleans()):
        return Layer("TimeDistributed", (conv(draw, axes - 1),))
    return Layer("TimeDistributed", (Layer("Dense", (draw(small()),)),))


def dense(draw: Draw, axes: int) -> Layer:
    kwargs: dict = {}
    maybe(draw, kwargs, "use_bias", st.booleans())
    return Layer("Dense", (draw(small(1, 8)),), kw(kwargs))


def normalization(draw: Draw, axes: int) -> Layer:
    kind = draw(st.sampled_from(["BatchNormalization", "LayerNormalization", "GroupNormalization",
                                 "UnitNormalization", "PReLU"]))
    kwargs: dict = {}
    if kind in ("BatchNormalization", "LayerNormalization", "GroupNormalization"):
        maybe(draw, kwargs, "center", st.booleans())
        maybe(draw, kwargs, "scale", st.booleans())
    if kind == "BatchNormalization":
        maybe(draw, kwargs, "axis", st.sampled_from([-1, 1]))
    if kind == "LayerNormalization" and axes > 1:
        maybe(draw, kwargs, "axis", st.sampled_from([-1, 1, (1, 2)][:axes]))
    if kind == "GroupNormalization":
        kwargs["groups"] = draw(small(1, 3))
    if kind == "PReLU":
        maybe(draw, kwargs, "shared_axes", st.sets(st.integers(1, axes), max_size=axes).map(
            lambda s: tuple(sorted(s))))
    return Layer(kind, (), kw(kwargs))


def plain(draw: Draw, axes: int) -> Layer:
    return draw(st.sampled_from([
        Layer("Dropout", (0.2,)), Layer("Activation", ("relu",)), Layer("ReLU"),
        Layer("LeakyReLU"), Layer("GaussianNoise", (0.1,)), Layer("Flatten"), Layer("Softmax"),
    ]))


def reshape(draw: Draw, shape: Shape) -> Layer:
    dims = shape[1:]
    total = 1
    for d in dims:
        total = total * d if isinstance(d, int) else None
        if total is None:
            break
    if total is None:
        return Layer("Reshape", ((-1,),))
    factors = [f for f in range(1, total + 1) if total % f == 0]
    target = draw(st.one_of(st.just((-1,)), st.just((total,)),
                            st.sampled_from(factors).map(lambda f: (f, -1)),
                            st.sampled_from(factors).map(lambda f: (-1, f, total // f)),
                            st.just((total + 1,))))
    return Layer("Reshape", (target,))


def permute(draw: Draw, axes: int) -> Layer:
    return Layer("Permute", (tuple(draw(st.permutations(range(1, axes + 1)))),))


MENUS = {
    1: [dense, plain, normalization,
        lambda d, a: Layer("RepeatVector", (d(small()),)),
        lambda d, a: Layer("Embedding", (d(small(2, 20)), d(small(1, 4))))],
    2: [conv, pool, global_pool, resize, spatial_dropout, recurrent, recurrent, time_distributed,
        dense, plain, normalization, permute],
    3: [conv, conv, pool, global_pool, resize, spatial_dropout, time_distributed, conv_lstm,
        dense, plain, normalization, permute],
    4: [conv, pool, global_pool, resize, spatial_dropout, conv_lstm, time_distributed, dense, plain,
        normalization],
}


def next_layer(draw: Draw, shape: Shape) -> Layer:
    axes = len(shape) - 1
    menu = MENUS.get(axes, MENUS[4])
    if draw(st.integers(0, 9)) == 0:  # a layer meant for another rank: Keras should refuse
        axes = draw(st.sampled_from([a for a in MENUS if a != axes]))
        # ...except TimeDistributed, which builds its inner layer without checking its rank
        # into a shape that fails only when run; the static side leaves that unknown.
        menu = [m for m in MENUS[axes] if m is not time_distributed]
    elif draw(st.integers(0, 9)) == 0:
        return reshape(draw, shape)
    return draw(st.sampled_from(menu))(draw, axes)


def input_layer(draw: Draw) -> Layer:
    rank = draw(st.integers(1, 4))
    dims = tuple(None if draw(st.integers(0, 11)) == 0 else draw(st.integers(1, 12)) for _ in range(rank))
    return Layer("Input", kwargs=(("shape", dims),))


def mismatch(model: Model, index: int, mine: Any, theirs: Any) -> str:
    path = " -> ".join(f"{n.layer.kind}{n.layer.args}{dict(n.layer.kwargs)}" for n in model.nodes[:index + 1])
    return f"{path}\n static: {format_shape(mine.shape)} {mine}\n keras:  {theirs}"


def compare(model: Model) -> Optional[int]:
    """Assert static == Keras node by node; the index of the node Keras refused, if any.

    A merge of differently shaped tensors may stay unknown statically (Keras
    broadcasts some of them); everything else Keras builds must match exactly.
    """
    static = infer(model)
    for index, theirs in enumerate(build(model)):
        mine, node = static[index], model.nodes[index]
        if theirs.error is not None:
            assert mine.shape is None, mismatch(model, index, mine, theirs)
            return index
        if node.merge and mine.shape is None and len({static[i].shape for i in node.inputs}) > 1:
            event("merge of different shapes left unknown")
            continue
        assert mine.shape == theirs.shape, mismatch(model, index, mine, theirs)
        assert (mine.params, mine.trainable) == (theirs.params, theirs.trainable), \
            mismatch(model, index, mine, theirs)
    return None


DIFF_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, phases=DIFF_PHASES,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@DIFF_SETTINGS
@given(st.data())
def test_sequential_models_match_keras(data: st.DataObject) -> None:
    layers = [input_layer(data.draw)]
    length = data.draw(st.integers(1, MAX_LAYERS))
    while len(layers) <= length:
        shape = infer(chain(layers))[-1].shape
        if shape is None:
            break
        layers.append(next_layer(data.draw, shape))
    refused = compare(chain(layers))
    event("Keras refused a layer" if refused is not None else "Keras built every layer")


BRANCH_LAYERS = st.sampled_from([Layer("Dense", (2,)), Layer("Dense", (3,)), Layer("ReLU"),
                                 Layer("Dropout", (0.1,)), Layer("Flatten")])
MERGES = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"]


@DIFF_SETTINGS
@given(st.data())
def test_merged_branches_match_keras(data: st.DataObject) -> None:
    nodes = [Node(input_layer(data.draw))]
    ends = []
    for _ in range(data.draw(st.integers(1, 3))):
        end = 0
        for layer in data.draw(st.lists(BRANCH_LAYERS, max_size=2)):
            # a fresh object per node: the same object twice would be one shared layer
            nodes.append(Node(replace(layer), (end,)))
            end = len(nodes) - 1
        ends.append(end)
    kind = data.draw(st.sampled_from(MERGES))
    first = infer(Model("functional", Span(1, 1, 1, 1), tuple(nodes), ()))[ends[0]].shape
    rank = len(first) if first is not None else 2
    kwargs = (("axis", data.draw(st.integers(-rank, rank - 1))),) if kind == "Concatenate" else ()
    nodes.append(Node(Layer(kind, (), kwargs), tuple(ends), merge=True))
    compare(Model("functional", Span(1, 1, 1, 1), tuple(nodes), (len(nodes) - 1,)))
