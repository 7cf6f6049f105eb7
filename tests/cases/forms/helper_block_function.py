# A helper that takes a tensor and returns a tensor, called with bound arguments.
from tensorflow.keras import layers, Model, Input


def conv_block(x, filters, pool=True):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)
    if pool:
        x = layers.MaxPooling2D()(x)
    return x


def build(n_classes=10):
    inputs = Input(shape=(32, 32, 3))
    x = conv_block(inputs, 32)
    x = conv_block(x, 64)
    outputs = layers.Dense(n_classes, activation="softmax")(x)  # expect: FL001
    return Model(inputs, outputs)


model = build()
