# Pattern: GitHub squeeze-and-excitation helper (GAP -> Reshape(1, 1, C) -> Dense -> Dense -> multiply) in a classifier
from tensorflow.keras.layers import (Conv2D, Dense, GlobalAveragePooling2D, Input, MaxPooling2D,
                                     Reshape, multiply)
from tensorflow.keras.models import Model


def squeeze_excite(tensor, ratio=8):
    channels = tensor.shape[-1]
    se = GlobalAveragePooling2D()(tensor)
    se = Reshape((1, 1, channels))(se)
    se = Dense(channels // ratio, activation="relu", use_bias=False)(se)
    se = Dense(channels, activation="sigmoid", use_bias=False)(se)
    return multiply([tensor, se])


inputs = Input((64, 64, 3))
x = Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = squeeze_excite(x)
x = MaxPooling2D()(x)
x = Conv2D(64, 3, padding="same", activation="relu")(x)
x = squeeze_excite(x)
x = GlobalAveragePooling2D()(x)
outputs = Dense(10, activation="softmax")(x)
model = Model(inputs, outputs)
