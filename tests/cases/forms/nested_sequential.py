# A Sequential feature extractor used as a layer of another model.
from tensorflow import keras
from tensorflow.keras import layers

extractor = keras.Sequential([
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(32, 3, activation="relu"),
])
classifier = keras.Sequential([
    layers.Input((28, 28, 1)),
    extractor,
    layers.Dense(10, activation="softmax"),  # expect: FL001
])
fixed = keras.Sequential([layers.Input((28, 28, 1)), extractor, layers.Flatten(), layers.Dense(10)])
