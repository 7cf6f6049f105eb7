# Hostile: a name rebound inside a function, a class body or a comprehension is rebound there only.
# The module-level model uses the imported Keras classes, so its finding stands.
from tensorflow.keras.layers import Conv2D, Dense, Input
from tensorflow.keras.models import Sequential


def project(Dense):
    return Dense


class Config:
    Sequential = "sequential"


def names_of(layers):
    return [Input.name for Input in layers]


model = Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])  # expect: FL001
