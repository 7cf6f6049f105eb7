# FL007: a binary sentiment classifier with one softmax unit: every prediction is 1.0.
from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Input(shape=(200,)),
    layers.Embedding(10000, 32),
    layers.GlobalAveragePooling1D(),
    layers.Dense(16, activation="relu"),
    layers.Dense(1, activation="softmax"),  # expect: FL007
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
