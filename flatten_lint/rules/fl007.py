"""FL007: softmax over a single unit (``Dense(1, activation="softmax")``) always outputs 1.0."""
from __future__ import annotations

from typing import Iterator

from .. import catalogue
from ..ir import Layer
from ..settings import Settings
from .base import Analysis, Report, Rule


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    for index, node in enumerate(model.nodes):
        if catalogue.role(node.layer.kind) != "dense":
            continue
        arguments = catalogue.bind(node.layer)
        units = arguments.get("units")
        if type(units) is not int or units != 1:
            continue
        if arguments.get("activation") == "softmax":
            where = 'activation="softmax"'
        else:
            after = next((model.nodes[i].layer for i in analysis.downstream(index)
                          if _softmax_layer(model.nodes[i].layer)), None)
            if after is None:
                continue
            where = 'Softmax() after it' if after.kind == "Softmax" else 'Activation("softmax") after it'
        yield Report(index, f"Dense(1) with {where}: softmax over a single unit outputs 1.0 "
                            "whatever the input. Use activation=\"sigmoid\" for one probability, "
                            "or 2 units with softmax")


def _softmax_layer(layer: Layer) -> bool:
    """``Softmax()`` over the last axis or ``Activation("softmax")``."""
    arguments = catalogue.bind(layer)
    if layer.kind == "Softmax":
        axis = arguments.get("axis", -1)
        return type(axis) is int and axis == -1
    return layer.kind == "Activation" and arguments.get("activation") == "softmax"


RULE = Rule(
    code="FL007",
    name="softmax-single-unit",
    summary="Softmax over a single unit always outputs 1.0",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid"),
])
""",
        """
from keras import Input, Model, layers
inputs = Input((40, 64))
scores = layers.Dense(1, activation="tanh")(inputs)
weights = layers.Softmax(axis=1)(scores)
model = Model(inputs, weights)
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="softmax"),  # expect: FL007
])
""",
        """
from keras.models import Sequential
from keras.layers import Dense, Dropout, Activation
model = Sequential()
model.add(Dense(64, input_dim=10))
model.add(Dropout(0.5))
model.add(Dense(1))  # expect: FL007
model.add(Activation("softmax"))
""",
    ),
)
