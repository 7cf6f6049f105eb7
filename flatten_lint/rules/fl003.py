"""FL003: the ``Dense`` right after a ``Flatten`` holds nearly all of the model's parameters."""
from __future__ import annotations

from typing import Iterator

from .. import catalogue
from ..settings import Settings
from ..shapes import format_shape
from .base import Analysis, Report, Rule, global_pooling


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    counts = [r.params for r in analysis.results]
    if model.nested or model.shared or any(c is None for c in counts) or not sum(counts):
        return
    total = sum(counts)
    for index, node in enumerate(model.nodes):
        if catalogue.role(node.layer.kind) != "flatten" or len(node.inputs) != 1:
            continue
        received = analysis.results[node.inputs[0]].shape
        features = analysis.results[index].shape
        pooling = global_pooling(received)
        if pooling is None or features is None or not isinstance(features[-1], int):
            continue
        for dense in analysis.downstream(index):
            if catalogue.role(model.nodes[dense].layer.kind) != "dense":
                continue
            held = analysis.results[dense].params
            if held < settings.fl003_min_params or held < settings.fl003_min_share * total:
                continue
            kind = model.nodes[dense].layer.kind
            yield Report(dense, f"{kind} after Flatten holds {held:,} of {total:,} parameters "
                                f"({100 * held // total}%): Flatten turns {format_shape(received)} into "
                                f"{features[-1]:,} features. Use {pooling}() instead of Flatten, "
                                "or downsample more before it")


RULE = Rule(
    code="FL003",
    name="flatten-parameter-blowup",
    summary="Dense after a Flatten holds nearly all of the model's parameters",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(224, 224, 3)),
    keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(4096, activation="relu"),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import layers, models
model = models.Sequential()
model.add(layers.Conv2D(32, 3, activation="relu", input_shape=(28, 28, 1)))
model.add(layers.MaxPooling2D())
model.add(layers.Flatten())
model.add(layers.Dense(128, activation="relu"))
model.add(layers.Dense(10, activation="softmax"))
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(224, 224, 3)),
    keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    keras.layers.MaxPooling2D(),
    keras.layers.Flatten(),
    keras.layers.Dense(256, activation="relu"),  # expect: FL003
    keras.layers.Dense(2, activation="softmax"),
])
""",
        """
from keras import Input, Model, layers
inputs = Input((128, 128, 3))
x = layers.Conv2D(16, 3, activation="relu")(inputs)
x = layers.Conv2D(32, 3, activation="relu")(x)
x = layers.Flatten()(x)
x = layers.Dropout(0.5)(x)
x = layers.Dense(64, activation="relu")(x)  # expect: FL003
outputs = layers.Dense(1, activation="sigmoid")(x)
model = Model(inputs, outputs)
""",
    ),
)
