"""FL001: ``Dense`` applied to an unflattened conv feature map that reaches the model output."""
from __future__ import annotations

from dataclasses import replace
from typing import Iterator, Optional, Set

from .. import catalogue
from ..findings import Fix
from ..ir import Layer, Model, Node
from ..settings import Settings
from ..shapes import format_shape, infer, rank
from .base import Analysis, Report, Rule, global_pooling

_TAIL_ROLES = frozenset({"dense", "preserve"})
_PASS_THROUGH_ROLES = frozenset({"preserve", "resize"})


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    if model.nested:
        return
    reported: Set[int] = set()
    for output in model.outputs:
        dense = _head_dense(model, output)
        if dense is None or dense in reported:
            continue
        source = model.nodes[dense].inputs[0]
        received, produced = analysis.results[source].shape, analysis.results[output].shape
        if (rank(received) or 0) <= 2 or (rank(produced) or 0) <= 2:
            continue
        origin = _conv_origin(model, source)
        if origin is None or _upsampled(model, source):
            continue
        if rank(received) == 3 and not _downsampled_sequence(model, source):
            continue  # Conv1D + Dense per time step is how sequence-to-sequence models are written
        if _full_resolution(analysis, source):
            continue  # a per-pixel head on a map as large as the image: dense prediction
        reported.add(dense)
        pooling = global_pooling(received)
        message = (f"{model.nodes[dense].layer.kind} receives {format_shape(received)} from {origin} "
                   f"without Flatten; model output becomes {format_shape(produced)}."
                   f"{_params_note(analysis, dense)} Add Flatten() or {pooling}() before it")
        yield Report(dense, message, Fix("Insert Flatten() before the Dense layer", "Flatten"))


def _head_dense(model: Model, output: int) -> Optional[int]:
    """The first Dense of the Dense/shape-preserving tail that ends at ``output``."""
    index, head = output, None
    while True:
        node = model.nodes[index]
        role = catalogue.role(node.layer.kind)
        if role not in _TAIL_ROLES or len(node.inputs) != 1 or node.merge:
            return head
        if role == "dense":
            head = index
        index = node.inputs[0]


def _conv_origin(model: Model, index: int) -> Optional[str]:
    """The conv/pooling layer kind whose feature map flows unchanged in rank to ``index``
    (through shape-preserving, padding and merge layers), or None."""
    seen: Set[int] = set()
    stack = [index]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        node = model.nodes[current]
        layer, role = node.layer, catalogue.role(node.layer.kind)
        found = _source_kind(layer, role)
        if found is not None:
            return found
        if role == "merge" or (role in _PASS_THROUGH_ROLES and len(node.inputs) == 1):
            stack.extend(reversed(node.inputs))
    return None


def _source_kind(layer: Layer, role: str) -> Optional[str]:
    """``layer.kind`` when this layer itself emits a conv feature map."""
    if role in ("conv", "pool", "backbone"):
        return layer.kind
    if role == "rnn" and catalogue.spatial_rank(layer.kind):
        return layer.kind  # ConvLSTM keeps its spatial axes even without return_sequences
    if role == "global_pool" and not catalogue.is_rank_reducer(layer):
        return layer.kind  # keepdims=True
    if role == "wrapper":
        inner = _wrapped(layer)
        return inner.kind if inner is not None and catalogue.role(inner.kind) in ("conv", "pool") else None
    if role == "model" and layer.model is not None:
        origins = (_conv_origin(layer.model, o) for o in layer.model.outputs)
        return next((o for o in origins if o is not None), None)
    return None


def _wrapped(layer: Layer) -> Optional[Layer]:
    inner = layer.args[0] if layer.args else layer.kwarg("layer")
    return inner if isinstance(inner, Layer) else None


def _ancestors(model: Model, index: int) -> Iterator[Layer]:
    """The layers of ``index`` and of every node that feeds it."""
    return (model.nodes[i].layer for i in _ancestor_indices(model, index))


def _ancestor_indices(model: Model, index: int) -> Iterator[int]:
    """``index`` and every node that feeds it."""
    seen: Set[int] = set()
    stack = [index]
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            yield current
            stack.extend(model.nodes[current].inputs)


def _upsampled(model: Model, index: int) -> bool:
    """True when an upsampling layer feeds ``index``: a dense-prediction (image-to-image) model."""
    return any(catalogue.upsamples(layer.kind) for layer in _ancestors(model, index))


def _downsampled_sequence(model: Model, index: int) -> bool:
    """True when a 1D feature map was pooled or strided on its way to ``index`` (a feature
    extractor for classification), and no causal convolution says it is a forecaster."""
    downsampled = False
    for layer in _ancestors(model, index):
        role, args = catalogue.role(layer.kind), catalogue.bind(layer)
        if role == "conv" and args.get("padding") == "causal":
            return False
        downsampled = downsampled or _steps_over_time(role, args)
    return downsampled


def _steps_over_time(role: str, args: dict) -> bool:
    """Whether a conv or pooling layer moves more than one step at a time (a pooling window
    moves by its size unless ``strides`` says otherwise; stride-1 pooling keeps the length)."""
    if role == "pool":
        strides = args.get("strides")
        strides = args.get("pool_size", 2) if strides is None else strides
    elif role == "conv":
        strides = args.get("strides", 1)
    else:
        return False
    return any(isinstance(s, int) and not isinstance(s, bool) and s > 1
               for s in (strides if isinstance(strides, tuple) else (strides,)))


def _full_resolution(analysis: Analysis, index: int) -> bool:
    """True when the map at ``index`` keeps the spatial size of every input it comes from
    ('same' padding, no stride, no pooling): a dense-prediction model, as a denoiser or a
    per-pixel classifier is written.  Unknown sizes prove nothing."""
    spatial = _spatial(analysis.results[index].shape)
    if spatial is None:
        return False
    inputs = [i for i in _ancestor_indices(analysis.model, index) if not analysis.model.nodes[i].inputs]
    return bool(inputs) and all(_spatial(analysis.results[i].shape) == spatial for i in inputs)


def _spatial(shape) -> Optional[tuple]:
    """The spatial sizes of a channels-last feature map, when all are known."""
    if shape is None or len(shape) < 4 or not all(isinstance(d, int) for d in shape[1:-1]):
        return None
    return tuple(shape[1:-1])


def _params_note(analysis: Analysis, dense: int) -> str:
    """`` 13,698 params; with Flatten 58,498.`` when both totals are known."""
    total = _total(analysis.results)
    if total is None:
        return ""
    fixed = _total(infer(_with_flatten(analysis.model, dense)))
    if fixed is None:
        return ""
    return f" {total:,} params; with Flatten {fixed:,}."


def _total(results) -> Optional[int]:
    counts = [r.params for r in results]
    return None if any(c is None for c in counts) else sum(counts)


def _with_flatten(model: Model, dense: int) -> Model:
    """``model`` with a Flatten node inserted right before node ``dense``."""
    flatten = Node(Layer("Flatten", span=model.nodes[dense].layer.span, text="Flatten"),
                   model.nodes[dense].inputs)

    def shifted(i: int) -> int:
        return i + 1 if i >= dense else i

    nodes = []
    for index, node in enumerate(model.nodes):
        if index == dense:
            nodes.append(flatten)
            nodes.append(replace(node, inputs=(dense,)))
        else:
            nodes.append(replace(node, inputs=tuple(shifted(i) for i in node.inputs)))
    return replace(model, nodes=tuple(nodes), outputs=tuple(shifted(o) for o in model.outputs))


RULE = Rule(
    code="FL001",
    name="dense-on-feature-map",
    summary="Dense applied to a conv feature map without Flatten or global pooling",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import layers, models
model = models.Sequential()
model.add(layers.Conv1D(64, 3, input_shape=(100, 8)))
model.add(layers.LSTM(32))
model.add(layers.Dense(1))
""",
        """
from keras import Input, Model, layers
inputs = Input((64, 64, 3))
x = layers.Conv2D(16, 3, padding="same")(inputs)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(5, activation="softmax")(x)
model = Model(inputs, outputs)
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(2, 15, 1)),
    keras.layers.Conv2D(32, kernel_size=(2, 1), activation="relu"),
    keras.layers.Dense(100, activation="relu"),  # expect: FL001
    keras.layers.Dropout(0.2),
    keras.layers.Dense(2, activation="softmax"),
])
""",
        """
from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Dense
model = Sequential()
model.add(Conv2D(32, (3, 3), input_shape=(64, 64, 3)))
model.add(MaxPooling2D())
model.add(Dense(10, activation="softmax"))  # expect: FL001
""",
        """
import tensorflow as tf
inputs = tf.keras.Input(shape=(32, 32, 3))
x = tf.keras.layers.Conv2D(8, 3)(inputs)
outputs = tf.keras.layers.Dense(10)(x)  # expect: FL001
model = tf.keras.Model(inputs=inputs, outputs=outputs)
""",
    ),
)
