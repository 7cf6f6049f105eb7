"""FL002: ``Flatten`` applied to a tensor that is already flat (rank 2): a no-op."""
from __future__ import annotations

from typing import Iterator

from .. import catalogue
from ..settings import Settings
from ..shapes import format_shape, rank
from .base import Analysis, Report, Rule


def check(analysis: Analysis, settings: Settings) -> Iterator[Report]:
    model = analysis.model
    for index, node in enumerate(model.nodes):
        if catalogue.role(node.layer.kind) != "flatten" or len(node.inputs) != 1:
            continue
        received = analysis.results[node.inputs[0]].shape
        if rank(received) != 2:
            continue
        source = _origin(analysis, node.inputs[0])
        origin = "the model input" if catalogue.role(source) == "input" else source
        yield Report(index, f"Flatten receives {format_shape(received)} from {origin}, which is already "
                            "flat; Flatten returns it unchanged. Remove the Flatten")


def _origin(analysis: Analysis, index: int) -> str:
    """The kind of the layer that made the tensor at ``index``, looking through Dropout and the like."""
    node = analysis.model.nodes[index]
    while catalogue.role(node.layer.kind) == "preserve" and len(node.inputs) == 1 and not node.merge:
        node = analysis.model.nodes[node.inputs[0]]
    return node.layer.kind


RULE = Rule(
    code="FL002",
    name="redundant-flatten",
    summary="Flatten applied to a tensor that is already rank 2",
    check=check,
    valid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.Flatten(),
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras import layers, models
model = models.Sequential()
model.add(layers.LSTM(32, return_sequences=True, input_shape=(50, 8)))
model.add(layers.Flatten())
model.add(layers.Dense(1))
""",
    ),
    invalid=(
        """
from tensorflow import keras
model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    keras.layers.Conv2D(16, 3, activation="relu"),
    keras.layers.GlobalAveragePooling2D(),
    keras.layers.Flatten(),  # expect: FL002
    keras.layers.Dense(10, activation="softmax"),
])
""",
        """
from keras.models import Sequential
from keras.layers import LSTM, Flatten, Dense
model = Sequential()
model.add(LSTM(64, input_shape=(30, 4)))
model.add(Flatten())  # expect: FL002
model.add(Dense(1))
""",
    ),
)
