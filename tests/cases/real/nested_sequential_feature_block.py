# Pattern: GitHub project nesting a Sequential feature extractor inside another Sequential; head lacks Flatten
from tensorflow import keras
from tensorflow.keras import layers

features = keras.Sequential([
    layers.Conv2D(32, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Conv2D(64, 3, activation="relu"),
    layers.MaxPooling2D(),
], name="features")

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    features,
    layers.Dense(32, activation="relu"),  # expect: FL001
    layers.Dense(3, activation="softmax"),
])
