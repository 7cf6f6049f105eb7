# FL006: a classifier meant to take images of any size; Flatten cannot size its output.
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(None, None, 3))
x = layers.Conv2D(32, 3, activation="relu")(inputs)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.Flatten()(x)  # expect: FL006
x = layers.Dense(128, activation="relu")(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
