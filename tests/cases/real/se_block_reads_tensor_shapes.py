# Pattern: squeeze-and-excitation and channel-attention helpers that size their layers from the
# tensor they receive (x.shape[-1], K.int_shape unpacked); the head forgot Flatten.
from tensorflow import keras
from tensorflow.keras import backend as K
from tensorflow.keras import layers


def squeeze_excite(x, ratio=16):
    channels = x.shape[-1]
    s = layers.GlobalAveragePooling2D()(x)
    s = layers.Dense(channels // ratio, activation="relu")(s)
    s = layers.Dense(channels, activation="sigmoid")(s)
    s = layers.Reshape((1, 1, channels))(s)
    return layers.Multiply()([x, s])


def mix_channels(x):
    _, _, _, c = K.int_shape(x)
    return layers.Conv2D(int(c), 1, activation="relu")(x)


inputs = keras.Input((32, 32, 3))
x = layers.Conv2D(64, 3, padding="same", activation="relu")(inputs)
x = squeeze_excite(x)
x = mix_channels(x)
x = layers.MaxPooling2D()(x)
x = layers.Dense(x.shape[-1], activation="relu")(x)  # expect: FL001
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))
