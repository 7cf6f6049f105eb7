# FL003 negatives: below the 1,000,000 parameter floor, or a Dense that is not 90% of the model.
from tensorflow import keras
from tensorflow.keras import layers

mnist = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(128, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

deep = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(64, 3, padding="same", activation="relu"),
    layers.Conv2D(128, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(4),
    layers.Conv2D(256, 3, padding="same", activation="relu"),
    layers.Conv2D(512, 3, padding="same", activation="relu"),
    layers.MaxPooling2D(4),
    layers.Flatten(),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])

gap = keras.Sequential([
    keras.Input(shape=(224, 224, 3)),
    layers.Conv2D(64, 3, activation="relu"),
    layers.GlobalAveragePooling2D(),
    layers.Dense(4096, activation="relu"),
    layers.Dense(2, activation="softmax"),
])
