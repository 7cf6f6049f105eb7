"""FL004: a conv or pooling layer whose input lacks the channel axis (``input_shape=(28, 28)``)."""
from __future__ import annotations

from typing import Iterator, Optional

from .. import catalogue
from ..settings import Settings
from ..shapes import Shape, format_shape, rank
from .base import Analysis, Report, Rule

_SPATIAL_ROLES = frozenset({"conv", "pool"})


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    for index, node in enumerate(model.nodes):
        layer = node.layer
        result = analysis.results[index]
        if result.error_kind != "rank" or catalogue.role(layer.kind) not in _SPATIAL_ROLES:
            continue
        received = analysis.results[node.inputs[0]].shape if len(node.inputs) == 1 else None
        needed, most = catalogue.spec(layer.kind).ndim
        if needed is None or rank(received) != needed - 1:
            continue
        fixed = _with_channel(received, catalogue.bind(layer).get("data_format"))
        if fixed is None:
            continue
        word = "ndim" if most == needed else "min_ndim"
        if catalogue.role(model.nodes[node.inputs[0]].layer.kind) == "input":
            remedy = f"declare the input as shape {format_shape(fixed)} and reshape the data to match"
        else:
            remedy = f"reshape its input to {format_shape(fixed)}"
        yield Report(index, f"{layer.kind} needs a rank-{needed} input with a channel axis but receives "
                            f"{format_shape(received)}: Keras fails with \"expected {word}={needed}, "
                            f"found ndim={needed - 1}\". Add a channel axis of size 1: {remedy}")


def _with_channel(shape: Shape, data_format: object) -> Optional[Shape]:
    """The per-sample shape with a channel axis of 1 where ``data_format`` puts it."""
    data_format = data_format.lower() if isinstance(data_format, str) else data_format
    if data_format in (None, "channels_last"):
        return tuple(shape[1:]) + (1,)
    if data_format == "channels_first":
        return (1,) + tuple(shape[1:])
    return None


RULE = Rule(
    code="FL004",
    name="conv-input-missing-channel-axis",
    summary="Conv or pooling layer applied to an input without a channel axis",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import Input, Model, layers
inputs = Input((28, 28))
x = layers.Reshape((28, 28, 1))(inputs)
x = layers.Conv2D(8, 3)(x)
outputs = layers.Dense(10)(layers.Flatten()(x))
model = Model(inputs, outputs)
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28)),  # expect: FL004
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras.models import Sequential
from keras.layers import Conv1D, GlobalMaxPooling1D, Dense
model = Sequential()
model.add(Conv1D(16, 5, activation="relu", input_shape=(100,)))  # expect: FL004
model.add(GlobalMaxPooling1D())
model.add(Dense(1))
""",
    ),
)
