# FL005 negatives: "same" padding, a kernel exactly as large as the map, strides that overshoot.
from tensorflow import keras
from tensorflow.keras import layers

same = keras.Sequential([
    keras.Input(shape=(4, 4, 64)),
    layers.Conv2D(64, 7, padding="same", activation="relu"),
    layers.MaxPooling2D(pool_size=4, padding="same"),
    layers.MaxPooling2D(pool_size=3, padding="same"),
    layers.Flatten(),
    layers.Dense(10),
])

fc_as_conv = keras.Sequential([
    keras.Input(shape=(7, 7, 512)),
    layers.Conv2D(4096, 7, activation="relu"),
    layers.Conv2D(1000, 1),
    layers.Flatten(),
])

strided = keras.Sequential([
    keras.Input(shape=(5, 5, 8)),
    layers.Conv2D(8, 3, strides=4),
    layers.MaxPooling2D(pool_size=1),
    layers.GlobalAveragePooling2D(),
    layers.Dense(2),
])
