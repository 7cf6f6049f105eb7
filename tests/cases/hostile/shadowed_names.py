# Hostile: names that look like Keras but are bound to something else in their scope (a local
# class, a def, a parameter, a loop or with target, a local import, a lambda).  None of these
# models is Keras's, so they all stay silent.
from tensorflow.keras import layers
from tensorflow.keras.layers import Conv2D, Dense
from tensorflow.keras.models import Sequential


def local_class():
    class Dense:
        def __init__(self, units):
            self.units = units

    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def subclass_of_dense():
    class Dense(layers.Dense):
        def call(self, inputs):
            return super().call(layers.Flatten()(inputs))

    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def local_sequential():
    def Sequential(items):
        return items

    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def parameter_named_layers(layers):
    return Sequential([layers.Conv2D(4, 3, input_shape=(8, 8, 1)), layers.Dense(2)])


def loop_over_backends(backends):
    for layers in backends:
        Sequential([layers.Conv2D(4, 3, input_shape=(8, 8, 1)), layers.Dense(2)])


def local_import():
    from mylib import Dense

    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def lambda_named_dense():
    Dense = lambda units: layers.Flatten()  # noqa: E731
    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def with_target(path):
    with open(path) as Sequential:
        return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def walrus(pick):
    if (Dense := pick()) is not None:
        return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense(2)])


def dense_bound_to_flatten():
    Dense = layers.Flatten
    return Sequential([Conv2D(4, 3, input_shape=(8, 8, 1)), Dense()])
