# Pattern: 2023 multi-backend preview code: "import keras_core as keras" (the package that became Keras 3)
import keras_core as keras
from keras_core import layers

model = keras.Sequential([
    keras.Input(shape=(32, 32, 3)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Dense(10, activation="softmax"),  # expect: FL001
])
