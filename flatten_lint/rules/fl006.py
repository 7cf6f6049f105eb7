"""FL006: ``Flatten`` over ``None`` dimensions feeding a ``Dense`` (or another layer with weights)."""
from __future__ import annotations

from typing import Iterator

from .. import catalogue
from ..settings import Settings
from ..shapes import format_shape, rank
from .base import Analysis, Report, Rule, global_pooling


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    for index, node in enumerate(model.nodes):
        if catalogue.role(node.layer.kind) != "flatten" or len(node.inputs) != 1:
            continue
        received = analysis.results[node.inputs[0]].shape
        if (rank(received) or 0) < 3 or None not in received[1:]:
            continue
        failing = next((i for i in analysis.downstream(index)
                        if analysis.results[i].error_kind == "undefined"), None)
        if failing is None:
            continue
        pooling = global_pooling(received)
        instead = f"{pooling}()" if pooling else "global pooling"
        follower = model.nodes[failing].layer.kind
        yield Report(index, f"Flatten receives {format_shape(received)}: its None dimensions leave the "
                            f"output size undefined, so the following {follower} cannot create its "
                            "weights and Keras refuses to build the model. "
                            f"Use {instead} instead of Flatten, or give the input a fixed size")


RULE = Rule(
    code="FL006",
    name="flatten-unknown-dims",
    summary="Flatten over None dimensions followed by Dense (weight shape undefined)",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(None, None, 3)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import Input, Model, layers
inputs = Input((64, 64, 3))
x = layers.Conv2D(8, 3)(inputs)
x = layers.Flatten()(x)
outputs = layers.Dense(1)(x)
model = Model(inputs, outputs)
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(None, None, 3)),
    keras.layers.Conv2D(32, 3, activation="relu"),
    keras.layers.Flatten(),  # expect: FL006
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras.models import Sequential
from keras.layers import Conv1D, Flatten, Dropout, Dense
model = Sequential()
model.add(Conv1D(32, 3, activation="relu", input_shape=(None, 12)))
model.add(Flatten())  # expect: FL006
model.add(Dropout(0.3))
model.add(Dense(1))
""",
    ),
)
