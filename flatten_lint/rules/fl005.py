"""FL005: a kernel or pooling window larger than the feature map it slides over."""
from __future__ import annotations

from typing import Iterator, Optional

from .. import catalogue
from ..settings import Settings
from ..shapes import format_shape
from .base import Analysis, Report, Rule

_WINDOW = {"conv": "kernel_size", "pool": "pool_size"}
_SHOWN = ("strides", "dilation_rate")


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    for index, node in enumerate(model.nodes):
        layer = node.layer
        window = _WINDOW.get(catalogue.role(layer.kind))
        if analysis.results[index].error_kind != "nonpositive" or window is None or len(node.inputs) != 1:
            continue
        received = analysis.results[node.inputs[0]].shape
        arguments = {**catalogue.spec(layer.kind).defaults, **catalogue.bind(layer)}
        shown = [f"{window}={arguments.get(window)!r}"]
        shown += [f"{name}={arguments[name]!r}" for name in _SHOWN if arguments.get(name) not in (None, 1)]
        advice = "Use a smaller window, padding=\"same\", or less downsampling before it"
        if not model.nodes[node.inputs[0]].inputs and arguments.get("data_format") in (None, "channels_last"):
            advice = _channels_first_advice(received) or advice
        yield Report(index, f"{layer.kind} with {', '.join(shown)} and padding=\"valid\" does not fit its "
                            f"input {format_shape(received)}: the output size would be zero or negative "
                            f"and Keras refuses to build the model. {advice}")


def _channels_first_advice(shape) -> Optional[str]:
    """When a model input reads like channels-first data ``(1, 28, 28)`` in a channels-last
    model, the fix is the input shape, not the window."""
    if shape is None or len(shape) < 4 or shape[1] not in (1, 3, 4) \
            or not all(isinstance(d, int) and d > shape[1] for d in shape[2:]):
        return None
    suggested = (*shape[2:], shape[1])
    return (f"The input shape {tuple(shape[1:])} looks channels-first, but Keras reads its last axis as "
            f"the channels: use the shape {suggested}, or data_format=\"channels_first\"")


RULE = Rule(
    code="FL005",
    name="spatial-size-nonpositive",
    summary="Kernel or pooling window larger than the feature map (output size zero or negative)",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(3, 3, 64)),
    keras.layers.Conv2D(64, 5, padding="same", activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(10),
])
""",
        """
from keras import layers, models
model = models.Sequential()
model.add(layers.Conv1D(8, 3, input_shape=(3, 4)))
model.add(layers.Flatten())
model.add(layers.Dense(1))
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(64, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(64, 3, activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Conv2D(128, 3, activation="relu"),  # expect: FL005
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import Input, Model, layers
inputs = Input((8, 8, 3))
x = layers.Conv2D(16, 5)(inputs)
x = layers.MaxPooling2D(pool_size=(5, 5))(x)  # expect: FL005
outputs = layers.Dense(2)(layers.Flatten()(x))
model = Model(inputs, outputs)
""",
    ),
)
