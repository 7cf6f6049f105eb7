# Pattern: modern functional code that joins branches with Python operators instead of merge
# layers (x + shortcut, x * gate), activations called as functions, then forgets Flatten.
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input((32, 32, 16))
x = layers.Conv2D(16, 3, padding="same")(inputs)
x = x + inputs
x = keras.activations.relu(x)
x = x * 0.5
x = layers.MaxPooling2D()(x)
gate = layers.Conv2D(16, 1, activation="sigmoid")(x)
x = x * gate
outputs = layers.Dense(10, activation="softmax")(x)  # expect: FL001
model = keras.Model(inputs, outputs)
